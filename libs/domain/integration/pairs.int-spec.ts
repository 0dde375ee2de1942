import { CheckInRow, Match, Notification, PairGoalRow, PairMeetingRow } from '@app/database';
import {
  CheckInsService, CohortsService, ConflictError, InvalidError, MatchesService, NotFoundError, PairLifecycleService, PairMembersService,
  PairQueriesService, placesTaken,
} from '@app/domain';
import { chinaDateOf } from '@app/domain/pairs/china-date';
import { endOfChinaDay } from '@app/domain/pairs/check-in-schedule';
import { loadRoundPool } from '@app/domain/rounds/round-pool';
import { Like } from 'typeorm';
import { DomainHarness, useDomainHarness } from './support/domain-harness';
import {
  answerCheckIn, approvedMentor, approvedStudent, coordinator, COORDINATOR, identityOf, movePairBack, openCohort, Pair, pairIn, proposal, rowCounts,
} from './support/factories';

const DAY = 86_400_000;
/** The China date `days` days ago (0: today), the calendar meetings are logged on. */
const daysAgo = (days: number) => chinaDateOf(new Date(Date.now() - days * DAY));

describe('the mentorship phase (PairMembersService, MatchesService.end, PairLifecycleService, PairQueriesService)', () => {
  const harness = useDomainHarness('pairs');
  let coordinators: Array<{ name: string; email: string }>;

  beforeAll(async () => {
    // Coordinators are the office's, not a cohort's: every test's pairs tell these two.
    coordinators = [await coordinator(harness()), await coordinator(harness())];
  });

  const newPair = async (h: DomainHarness) => pairIn(h, await openCohort(h, { checkInEveryDays: 7 }));
  const members = (h: DomainHarness) => h.get(PairMembersService);
  const matchRow = (h: DomainHarness, id: number) => h.dataSource.manager.findOneByOrFail(Match, { id });
  const meeting = (heldOn: string, minutes = 60) => ({ heldOn, minutes, mode: 'video' as const, summary: '聊了实习和选课' });
  const endedNotices = async (h: DomainHarness, matchId: number) =>
    (await h.dataSource.manager.find(Notification, { where: { dedupeKey: Like(`pair_ended:match:${matchId}:%`) } }))
      .map(({ type, recipientEmail, linkRole, linkApplicationId }) => ({ type, recipientEmail, linkRole, linkApplicationId }))
      .sort((a, b) => a.recipientEmail.localeCompare(b.recipientEmail));
  const coordinatorNotices = () => coordinators.map(({ email }) => ({ type: 'pair_ended', recipientEmail: email, linkRole: null, linkApplicationId: null }));

  describe('list: a member sees their pairs', () => {
    it("shows the partner's contact, the pair's meetings and only the member's own check-ins; a proposal is not a pair yet", async () => {
      const h = harness();
      const { cohort, match, mentor, student } = await newPair(h);
      await movePairBack(h, match.id, 7);
      await h.get(CheckInsService).sendDue(match.id, 1);
      await answerCheckIn(h, match.id, 1, 'mentor', 'on_track');
      const logged = await members(h).logMeeting(identityOf('student', student), match.id, meeting(daysAgo(0)));
      const waiting = await approvedStudent(h, cohort);
      await proposal(h, cohort, waiting, await approvedMentor(h, cohort));

      const [forStudent] = await members(h).list(identityOf('student', student));
      const [forMentor] = await members(h).list(identityOf('mentor', mentor));

      expect(forStudent).toEqual(expect.objectContaining({
        matchId: match.id, status: 'accepted', role: 'student', health: 'on_track', endedAt: null, endReason: null, endedBy: null,
        partner: expect.objectContaining({ name: mentor.name, email: mentor.email, phone: mentor.phone }),
        meetings: [expect.objectContaining({ id: logged.id, loggedBy: 'student' })],
      }));
      expect(forStudent.checkIns).toEqual([expect.objectContaining({ period: 1, role: 'student', answer: null })]);
      expect(forMentor.partner).toEqual(expect.objectContaining({ name: student.name, email: student.email, phone: null }));
      expect(forMentor.checkIns).toEqual([expect.objectContaining({ period: 1, role: 'mentor', answer: 'on_track' })]);
      await expect(members(h).list(identityOf('student', waiting))).resolves.toEqual([]);
    });
  });

  describe('goals', () => {
    it('either member replaces the goals as a whole, kept in the order given', async () => {
      const h = harness();
      const { match, mentor, student } = await newPair(h);
      const goals = [{ text: '完成简历', done: false }, { text: '模拟面试两次', done: false }, { text: '读完一本行业书', done: true }];

      await expect(members(h).replaceGoals(identityOf('mentor', mentor), match.id, goals)).resolves.toEqual(goals);
      const [seen] = await members(h).list(identityOf('student', student));
      expect(seen.goals).toEqual(goals);

      const reordered = [{ text: '读完一本行业书', done: true }, { text: '完成简历', done: true }];
      await members(h).replaceGoals(identityOf('student', student), match.id, reordered);
      expect(await h.dataSource.manager.find(PairGoalRow, { where: { matchId: match.id }, order: { position: 'ASC' } }))
        .toEqual(reordered.map((goal, position) => ({ matchId: match.id, position, ...goal })));

      await members(h).replaceGoals(identityOf('mentor', mentor), match.id, []);
      expect(await h.dataSource.manager.countBy(PairGoalRow, { matchId: match.id })).toBe(0);
    });

    it("refuses another member's pair, and a proposal not yet accepted, as not found, writing nothing", async () => {
      const h = harness();
      const { cohort, match } = await newPair(h);
      const other = await pairIn(h, cohort);
      const proposed = await proposal(h, cohort, await approvedStudent(h, cohort), await approvedMentor(h, cohort));
      const counts = await rowCounts(h.dataSource);

      await expect(members(h).replaceGoals(identityOf('student', other.student), match.id, [{ text: '别人的目标', done: false }])).rejects.toThrow(NotFoundError);
      await expect(members(h).replaceGoals(identityOf('mentor', other.mentor), match.id, [])).rejects.toThrow(NotFoundError);
      await expect(members(h).replaceGoals(identityOf('mentor', { id: proposed.mentorId }), proposed.id, [])).rejects.toThrow(NotFoundError);
      expect(await rowCounts(h.dataSource)).toEqual(counts);
    });

    it('an ended pair is read-only: goals and meetings are refused with 409 pair_not_active, and nothing is written', async () => {
      const h = harness();
      const { match, mentor, student } = await newPair(h);
      const logged = await members(h).logMeeting(identityOf('mentor', mentor), match.id, meeting(daysAgo(0)));
      await members(h).end(identityOf('student', student), match.id, 'goals_met', null);
      const counts = await rowCounts(h.dataSource);
      const notActive = { name: ConflictError.name, code: 'pair_not_active' };

      await expect(members(h).replaceGoals(identityOf('mentor', mentor), match.id, [{ text: '新目标', done: false }])).rejects.toMatchObject(notActive);
      await expect(members(h).logMeeting(identityOf('student', student), match.id, meeting(daysAgo(0)))).rejects.toMatchObject(notActive);
      await expect(members(h).removeMeeting(identityOf('mentor', mentor), match.id, logged.id)).rejects.toMatchObject(notActive);
      expect(await rowCounts(h.dataSource)).toEqual(counts);
      // Still theirs to read.
      await expect(members(h).meetings(identityOf('student', student), match.id)).resolves.toEqual([expect.objectContaining({ id: logged.id })]);
    });
  });

  describe('meetings', () => {
    it('logs a meeting on any day from the acceptance day to today (China), by the member calling, newest first', async () => {
      const h = harness();
      const { match, mentor, student } = await newPair(h);
      await movePairBack(h, match.id, 3);

      const first = await members(h).logMeeting(identityOf('mentor', mentor), match.id, meeting(daysAgo(3), 45));
      const today = await members(h).logMeeting(identityOf('student', student), match.id, { heldOn: daysAgo(0), minutes: 30, mode: 'chat', summary: null });

      expect(first).toEqual({
        id: expect.any(Number), heldOn: daysAgo(3), minutes: 45, mode: 'video', summary: '聊了实习和选课', loggedBy: 'mentor', createdAt: expect.any(Date),
      });
      expect(today).toEqual(expect.objectContaining({ heldOn: daysAgo(0), loggedBy: 'student', summary: null }));
      expect((await members(h).meetings(identityOf('mentor', mentor), match.id)).map((entry) => entry.id)).toEqual([today.id, first.id]);
    });

    it('refuses a day before the acceptance day, after today, or not on the calendar: 400 on heldOn, nothing written', async () => {
      const h = harness();
      const { match, mentor } = await newPair(h);
      const counts = await rowCounts(h.dataSource);
      const log = (heldOn: string) => members(h).logMeeting(identityOf('mentor', mentor), match.id, meeting(heldOn));
      const invalid = (rule: string) => ({ name: InvalidError.name, fieldErrors: [{ field: 'heldOn', rule }] });

      await expect(log(daysAgo(1))).rejects.toMatchObject(invalid('min'));
      await expect(log(daysAgo(-1))).rejects.toMatchObject(invalid('max'));
      await expect(log('2027-02-30')).rejects.toMatchObject(invalid('pattern'));
      expect(await rowCounts(h.dataSource)).toEqual(counts);
    });

    it("a member removes an entry of their own; the partner's, or another pair's, is not found and stays", async () => {
      const h = harness();
      const { cohort, match, mentor, student } = await newPair(h);
      const other = await pairIn(h, cohort);
      const mentors = await members(h).logMeeting(identityOf('mentor', mentor), match.id, meeting(daysAgo(0)));
      const students = await members(h).logMeeting(identityOf('student', student), match.id, meeting(daysAgo(0), 90));

      await expect(members(h).removeMeeting(identityOf('student', student), match.id, mentors.id)).rejects.toThrow(NotFoundError);
      await expect(members(h).removeMeeting(identityOf('student', other.student), match.id, students.id)).rejects.toThrow(NotFoundError);
      await expect(members(h).removeMeeting(identityOf('student', other.student), other.match.id, students.id)).rejects.toThrow(NotFoundError);
      await members(h).removeMeeting(identityOf('student', student), match.id, students.id);

      expect(await h.dataSource.manager.findBy(PairMeetingRow, { matchId: match.id })).toEqual([expect.objectContaining({ id: mentors.id, loggedBy: 'mentor' })]);
    });
  });

  describe('ending a pair', () => {
    it('by a member: ended with the reason in its history, the partner and the coordinators told, the place and the student free again', async () => {
      const h = harness();
      const { cohort, match, mentor, student } = await newPair(h);

      const ended = await members(h).end(identityOf('student', student), match.id, 'no_time', '课业太忙');

      expect(ended).toEqual(expect.objectContaining({
        matchId: match.id, status: 'ended', endReason: 'no_time', endedBy: 'student', endedAt: expect.any(Date), health: 'ended',
      }));
      expect(await matchRow(h, match.id)).toEqual(expect.objectContaining({
        status: 'ended', endReason: 'no_time', endNote: '课业太忙', endedBy: 'student', nextCheckInPeriod: null, nextCheckInAt: null,
      }));
      expect((await h.get(MatchesService).history(match.id)).at(-1)).toEqual(expect.objectContaining({
        fromStatus: 'accepted', toStatus: 'ended', actorRole: 'student', actorId: student.id, reasonCode: 'ended', endReason: 'no_time', note: '课业太忙',
      }));
      expect(await endedNotices(h, match.id)).toEqual([
        { type: 'pair_ended', recipientEmail: mentor.email, linkRole: 'mentor', linkApplicationId: mentor.id },
        ...coordinatorNotices(),
      ].sort((a, b) => a.recipientEmail.localeCompare(b.recipientEmail)));

      expect(await placesTaken(h.dataSource.manager, cohort.id, [mentor.id])).toEqual(new Map());
      const pool = await loadRoundPool(h.dataSource.manager, await h.get(CohortsService).get(cohort.id));
      expect(pool.students.map(({ id }) => id)).toContain(student.id);
      expect(pool.excluded).toContainEqual({ studentId: student.id, mentorId: mentor.id, reason: 'ended_before' });
      // The mentor's one place takes a new student.
      await expect(proposal(h, cohort, await approvedStudent(h, cohort), mentor)).resolves.toEqual(expect.objectContaining({ status: 'proposed' }));
    });

    it('by a coordinator: any pair, both members and the coordinators told, the row reads ended', async () => {
      const h = harness();
      const { match, mentor, student } = await newPair(h);

      const row = await h.get(PairLifecycleService).end(match.id, COORDINATOR, 'not_a_fit', null);

      expect(row).toEqual(expect.objectContaining({ matchId: match.id, status: 'ended', health: 'ended', endReason: 'not_a_fit' }));
      expect(await matchRow(h, match.id)).toEqual(expect.objectContaining({ endedBy: 'coordinator', endNote: null }));
      expect((await h.get(MatchesService).history(match.id)).at(-1)).toEqual(expect.objectContaining({
        toStatus: 'ended', actorRole: 'coordinator', endReason: 'not_a_fit', note: null,
      }));
      expect(await endedNotices(h, match.id)).toEqual([
        { type: 'pair_ended', recipientEmail: mentor.email, linkRole: 'mentor', linkApplicationId: mentor.id },
        { type: 'pair_ended', recipientEmail: student.email, linkRole: 'student', linkApplicationId: student.id },
        ...coordinatorNotices(),
      ].sort((a, b) => a.recipientEmail.localeCompare(b.recipientEmail)));
    });

    it("refuses a second end (409 pair_not_active), someone else's pair and a proposal (404), writing nothing", async () => {
      const h = harness();
      const { cohort, match, mentor } = await newPair(h);
      const other = await pairIn(h, cohort);
      const proposed = await proposal(h, cohort, await approvedStudent(h, cohort), await approvedMentor(h, cohort));
      await members(h).end(identityOf('mentor', mentor), match.id, 'other', null);
      const counts = await rowCounts(h.dataSource);

      await expect(members(h).end(identityOf('mentor', mentor), match.id, 'other', null))
        .rejects.toMatchObject({ name: ConflictError.name, code: 'pair_not_active' });
      await expect(h.get(PairLifecycleService).end(match.id, COORDINATOR, 'other', null)).rejects.toThrow(ConflictError);
      await expect(members(h).end(identityOf('student', other.student), match.id, 'other', null)).rejects.toThrow(NotFoundError);
      await expect(members(h).end(identityOf('mentor', mentor), other.match.id, 'other', null)).rejects.toThrow(NotFoundError);
      await expect(h.get(PairLifecycleService).end(proposed.id, COORDINATOR, 'other', null)).rejects.toThrow(NotFoundError);
      expect(await rowCounts(h.dataSource)).toEqual(counts);
      expect((await matchRow(h, other.match.id)).status).toBe('accepted');
    });
  });

  describe('completion (结业)', () => {
    it('completes every accepted pair, cancels the open proposals, leaves ended pairs ended, and stops check-ins', async () => {
      const h = harness();
      const cohort = await openCohort(h, { checkInEveryDays: 7 });
      const [first, second, ended] = [await pairIn(h, cohort), await pairIn(h, cohort), await pairIn(h, cohort)];
      await members(h).end(identityOf('mentor', ended.mentor), ended.match.id, 'no_response', null);
      const proposed = await proposal(h, cohort, await approvedStudent(h, cohort), await approvedMentor(h, cohort));

      const result = await h.get(PairLifecycleService).complete(cohort.id, COORDINATOR);

      expect(result).toEqual({ cohortId: cohort.id, completedAt: expect.any(Date), completedPairs: 2 });
      expect((await h.get(CohortsService).get(cohort.id)).completedAt).toEqual(result.completedAt);
      for (const { match } of [first, second]) {
        expect(await matchRow(h, match.id)).toEqual(expect.objectContaining({ status: 'completed', nextCheckInPeriod: null, nextCheckInAt: null }));
        expect((await h.get(MatchesService).history(match.id)).at(-1)).toEqual(expect.objectContaining({
          fromStatus: 'accepted', toStatus: 'completed', actorRole: 'coordinator',
        }));
      }
      expect((await matchRow(h, ended.match.id)).status).toBe('ended');
      expect((await matchRow(h, proposed.id)).status).toBe('cancelled');
      expect((await h.get(MatchesService).history(proposed.id)).at(-1)).toEqual(expect.objectContaining({ toStatus: 'cancelled', reasonCode: 'cohort_completed' }));
      expect((await h.get(PairQueriesService).list(cohort.id)).map(({ matchId, health }) => ({ matchId, health })))
        .toEqual(expect.arrayContaining([{ matchId: first.match.id, health: 'completed' }, { matchId: ended.match.id, health: 'ended' }]));
    });

    it('afterwards refuses rounds and proposals (409 cohort_completed), a second completion, and changes to the pairs', async () => {
      const h = harness();
      const cohort = await openCohort(h);
      const { match, student } = await pairIn(h, cohort);
      await h.get(PairLifecycleService).complete(cohort.id, COORDINATOR);
      const spareStudent = await approvedStudent(h, cohort);
      const spareMentor = await approvedMentor(h, cohort);
      const counts = await rowCounts(h.dataSource);
      const completed = { name: ConflictError.name, code: 'cohort_completed' };

      await expect(h.dataSource.transaction((manager) => h.get(CohortsService).lockForMatching(manager, cohort.id))).rejects.toMatchObject(completed);
      await expect(proposal(h, cohort, spareStudent, spareMentor)).rejects.toMatchObject(completed);
      await expect(h.get(PairLifecycleService).complete(cohort.id, COORDINATOR)).rejects.toMatchObject(completed);
      await expect(members(h).replaceGoals(identityOf('student', student), match.id, []))
        .rejects.toMatchObject({ code: 'pair_not_active' });
      await expect(h.get(PairLifecycleService).end(match.id, COORDINATOR, 'other', null))
        .rejects.toMatchObject({ code: 'pair_not_active' });
      expect(await rowCounts(h.dataSource)).toEqual(counts);
      expect(await members(h).list(identityOf('student', student))).toEqual([expect.objectContaining({ status: 'completed', health: 'completed' })]);
    });
  });

  describe("PairQueriesService: the coordinators' view", () => {
    it('lists each pair with its meetings, minutes, last meeting, last check-in, last contact and health; filters and counts by health', async () => {
      const h = harness();
      const cohort = await openCohort(h, { checkInEveryDays: 7 });
      // Met two days ago after 20 days: on track.
      const met = await pairIn(h, cohort);
      await movePairBack(h, met.match.id, 20);
      await members(h).logMeeting(identityOf('mentor', met.mentor), met.match.id, meeting(daysAgo(10), 60));
      await members(h).logMeeting(identityOf('student', met.student), met.match.id, { ...meeting(daysAgo(2), 45), mode: 'in_person' });
      // One quiet week, and two.
      const quiet = await pairIn(h, cohort);
      await movePairBack(h, quiet.match.id, 8);
      const silent = await pairIn(h, cohort);
      await movePairBack(h, silent.match.id, 15);
      // Answered the first check-in: on_track for one, need_help for the other.
      const fine = await pairIn(h, cohort);
      await movePairBack(h, fine.match.id, 10);
      const helpless = await pairIn(h, cohort);
      await movePairBack(h, helpless.match.id, 7);
      for (const { match } of [fine, helpless]) await h.get(CheckInsService).sendDue(match.id, 1);
      await answerCheckIn(h, fine.match.id, 1, 'student', 'on_track');
      await answerCheckIn(h, helpless.match.id, 1, 'mentor', 'need_help', '联系不上对方');
      const ended = await pairIn(h, cohort);
      await h.get(PairLifecycleService).end(ended.match.id, COORDINATOR, 'no_response', null);
      await proposal(h, cohort, await approvedStudent(h, cohort), await approvedMentor(h, cohort));

      const rows = await h.get(PairQueriesService).list(cohort.id);
      const rowOf = (pair: Pair) => rows.find((row) => row.matchId === pair.match.id)!;
      const acceptedAt = async (pair: Pair) => (await matchRow(h, pair.match.id)).acceptedAt!;

      expect(rows).toHaveLength(6);
      expect(rows.map((row) => row.acceptedAt.getTime())).toEqual(rows.map((row) => row.acceptedAt.getTime()).sort((a, b) => b - a));
      expect(rowOf(met)).toEqual({
        matchId: met.match.id, status: 'accepted',
        student: { id: met.student.id, name: met.student.name }, mentor: { id: met.mentor.id, name: met.mentor.name },
        acceptedAt: await acceptedAt(met), meetings: 2, minutes: 105, lastMeetingOn: daysAgo(2), lastCheckIn: null,
        lastContactAt: endOfChinaDay(daysAgo(2)), health: 'on_track', endReason: null,
      });
      expect(rowOf(quiet)).toEqual(expect.objectContaining({
        meetings: 0, minutes: 0, lastMeetingOn: null, lastCheckIn: null, lastContactAt: await acceptedAt(quiet), health: 'needs_attention',
      }));
      expect(rowOf(silent)).toEqual(expect.objectContaining({ lastContactAt: await acceptedAt(silent), health: 'at_risk' }));
      const { answeredAt } = await h.dataSource.manager.findOneByOrFail(CheckInRow, { matchId: fine.match.id, period: 1, role: 'student' });
      expect(rowOf(fine)).toEqual(expect.objectContaining({
        lastCheckIn: { answer: 'on_track', role: 'student', at: answeredAt }, lastContactAt: answeredAt, health: 'on_track',
      }));
      expect(rowOf(helpless)).toEqual(expect.objectContaining({
        lastCheckIn: { answer: 'need_help', role: 'mentor', at: expect.any(Date) }, lastContactAt: await acceptedAt(helpless), health: 'at_risk',
      }));
      expect(rowOf(ended)).toEqual(expect.objectContaining({ status: 'ended', health: 'ended', endReason: 'no_response' }));

      const atRisk = await h.get(PairQueriesService).list(cohort.id, 'at_risk');
      expect(atRisk.map((row) => row.matchId).sort()).toEqual([silent.match.id, helpless.match.id].sort());
      const tally = (await h.get(PairQueriesService).list(cohort.id)).reduce<Record<string, number>>((counts, row) => ({ ...counts, [row.health]: (counts[row.health] ?? 0) + 1 }), {});
      expect(tally).toEqual({ on_track: 2, needs_attention: 1, at_risk: 2, ended: 1 });
      await expect(h.get(PairQueriesService).row(met.match.id)).resolves.toEqual(rowOf(met));
    });

    it("shows a pair's meetings as day, mode, minutes and who logged them, never the summary", async () => {
      const h = harness();
      const { cohort, match, mentor } = await newPair(h);
      const logged = await members(h).logMeeting(identityOf('mentor', mentor), match.id, meeting(daysAgo(0), 50));
      const proposed = await proposal(h, cohort, await approvedStudent(h, cohort), await approvedMentor(h, cohort));

      const outlines = await h.get(PairQueriesService).meetingOutlines(match.id);

      expect(outlines).toEqual([{ id: logged.id, heldOn: daysAgo(0), minutes: 50, mode: 'video', loggedBy: 'mentor' }]);
      expect(Object.keys(outlines[0])).not.toContain('summary');
      await expect(h.get(PairQueriesService).meetingOutlines(proposed.id)).rejects.toThrow(NotFoundError);
    });

    it('an unknown cohort is not found; a cohort without pairs lists none', async () => {
      const h = harness();
      await expect(h.get(PairQueriesService).list(0)).rejects.toThrow(NotFoundError);
      await expect(h.get(PairQueriesService).list((await openCohort(h)).id)).resolves.toEqual([]);
    });
  });
});

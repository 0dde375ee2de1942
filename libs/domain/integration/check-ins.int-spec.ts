import { CheckInRow, Cohort, Match, Notification, OutboxMessage } from '@app/database';
import { CheckInsService, ConflictError, GoneError, NotFoundError, PairLifecycleService, QUEUE } from '@app/domain';
import { chinaDateOf } from '@app/domain/pairs/china-date';
import { Like } from 'typeorm';
import { DomainHarness, useDomainHarness } from './support/domain-harness';
import {
  answerCheckIn, checkInToken, coordinator, COORDINATOR, movePairBack, openCohort, Pair, pairIn, rowCounts,
} from './support/factories';

const DAY = 86_400_000;

/**
 * The check-ins of DESIGN §7, driven without a worker: the pair's times are moved back in the database so a period is
 * due, and the job's work (sendDue), the sweep and the reconcile's part (restoreLost) are called as the worker would.
 */
describe('CheckInsService', () => {
  const harness = useDomainHarness('check_ins');
  let coordinators: Array<{ name: string; email: string }>;

  beforeAll(async () => {
    coordinators = [await coordinator(harness()), await coordinator(harness())];
  });

  const checkIns = (h: DomainHarness) => h.get(CheckInsService);

  /** A pair in a cohort of its own, weekly check-ins unless `settings` say otherwise. */
  const newPair = async (h: DomainHarness, settings: { checkInEveryDays?: number; programEndsOn?: string | null } = {}) =>
    pairIn(h, await openCohort(h, { checkInEveryDays: 7, ...settings }));

  /** A pair whose first check-in (weekly) was sent: accepted a week ago. */
  async function pairWithCheckIn(h: DomainHarness): Promise<Pair> {
    const pair = await newPair(h);
    await movePairBack(h, pair.match.id, 7);
    await checkIns(h).sendDue(pair.match.id, 1);
    return pair;
  }

  const matchRow = (h: DomainHarness, id: number) => h.dataSource.manager.findOneByOrFail(Match, { id });
  const rowsOf = (h: DomainHarness, matchId: number) =>
    h.dataSource.manager.find(CheckInRow, { where: { matchId }, order: { period: 'ASC', role: 'ASC' } });
  const jobId = (matchId: number, period: number) => `check-in-${matchId}-${period}`;
  const outboxJob = (h: DomainHarness, matchId: number, period: number) => h.dataSource.manager.findOneBy(OutboxMessage, { jobId: jobId(matchId, period) });
  const redisJob = (h: DomainHarness, matchId: number, period: number) => h.queue(QUEUE.pairs).getJob(jobId(matchId, period));
  const checkInEmails = (h: DomainHarness, checkInIds: number[]) =>
    h.dataSource.manager.find(Notification, { where: checkInIds.map((id) => ({ dedupeKey: `check_in:${id}` })), order: { id: 'ASC' } });
  const helpEmails = (h: DomainHarness, checkInId: number) =>
    h.dataSource.manager.find(Notification, { where: { dedupeKey: Like(`check_in_help:${checkInId}:%`) }, order: { recipientEmail: 'ASC' } });

  describe('sendDue and sweep', () => {
    it("sends a due check-in: a row and a check_in email for each member, and the next period's job", async () => {
      const h = harness();
      const { match, mentor, student } = await newPair(h);
      expect(await outboxJob(h, match.id, 1)).toEqual(expect.objectContaining({ queue: QUEUE.pairs, jobName: 'check-in', payload: { matchId: match.id, period: 1 } }));
      await movePairBack(h, match.id, 7);
      const { acceptedAt } = await matchRow(h, match.id);

      await expect(checkIns(h).sendDue(match.id, 1)).resolves.toBe(2);

      const rows = await rowsOf(h, match.id);
      // Open until period 2 starts, two weeks after acceptance.
      const period2 = new Date(acceptedAt!.getTime() + 14 * DAY);
      expect(rows.map(({ period, role, applicationId, closesAt, answer, note, answeredAt }) => ({ period, role, applicationId, closesAt, answer, note, answeredAt })))
        .toEqual([
          { period: 1, role: 'mentor', applicationId: mentor.id, closesAt: period2, answer: null, note: null, answeredAt: null },
          { period: 1, role: 'student', applicationId: student.id, closesAt: period2, answer: null, note: null, answeredAt: null },
        ]);
      const emails = await checkInEmails(h, rows.map((row) => row.id));
      expect(emails.map(({ type, recipientEmail, linkRole, linkApplicationId, linkCheckInId }) => ({ type, recipientEmail, linkRole, linkApplicationId, linkCheckInId })))
        .toEqual(expect.arrayContaining([
          { type: 'check_in', recipientEmail: mentor.email, linkRole: 'mentor', linkApplicationId: mentor.id, linkCheckInId: rows[0].id },
          { type: 'check_in', recipientEmail: student.email, linkRole: 'student', linkApplicationId: student.id, linkCheckInId: rows[1].id },
        ]));
      expect(emails).toHaveLength(2);
      expect(await h.dataSource.manager.countBy(OutboxMessage, emails.map(({ id }) => ({ jobId: `notification-${id}` })))).toBe(2);

      expect(await matchRow(h, match.id)).toEqual(expect.objectContaining({ nextCheckInPeriod: 2, nextCheckInAt: period2 }));
      expect(await outboxJob(h, match.id, 2)).toEqual(expect.objectContaining({
        queue: QUEUE.pairs, jobName: 'check-in', payload: { matchId: match.id, period: 2 }, runAt: period2,
      }));
      const next = await redisJob(h, match.id, 2);
      expect(next?.data).toEqual({ matchId: match.id, period: 2 });
      expect(await next?.getState()).toBe('delayed');
    });

    it("sends each period once, however often the job, its retry, the sweep or the old period's job run", async () => {
      const h = harness();
      const { match, mentor, student } = await pairWithCheckIn(h);
      // This pair's own: the sweep also serves whatever else is due in the shared database.
      const sent = async () => ({
        checkIns: (await rowsOf(h, match.id)).map(({ period, role }) => `${period}:${role}`),
        emails: await h.dataSource.manager.countBy(Notification, [mentor, student].map(({ email }) => ({ type: 'check_in', recipientEmail: email }))),
        jobs: await h.dataSource.manager.countBy(OutboxMessage, { jobId: Like(`check-in-${match.id}-%`) }),
      });
      expect(await sent()).toEqual({ checkIns: ['1:mentor', '1:student'], emails: 2, jobs: 2 });

      await expect(checkIns(h).sendDue(match.id, 1)).resolves.toBe(0);
      await checkIns(h).sweep();
      await expect(checkIns(h).sendDue(match.id, 2)).resolves.toBe(0);
      expect(await sent()).toEqual({ checkIns: ['1:mentor', '1:student'], emails: 2, jobs: 2 });

      // A week on, the sweep sends period 2 (its job lost, say), and then neither period's job sends anything.
      await movePairBack(h, match.id, 7);
      await checkIns(h).sweep();
      const both = { checkIns: ['1:mentor', '1:student', '2:mentor', '2:student'], emails: 4, jobs: 3 };
      expect(await sent()).toEqual(both);
      await expect(checkIns(h).sendDue(match.id, 1)).resolves.toBe(0);
      await expect(checkIns(h).sendDue(match.id, 2)).resolves.toBe(0);
      await checkIns(h).sweep();
      expect(await sent()).toEqual(both);
      expect((await matchRow(h, match.id)).nextCheckInPeriod).toBe(3);
    });

    it('sends nothing before the period starts', async () => {
      const h = harness();
      const { match } = await newPair(h);
      await movePairBack(h, match.id, 6);
      const before = await matchRow(h, match.id);

      await expect(checkIns(h).sendDue(match.id, 1)).resolves.toBe(0);
      await checkIns(h).sweep();

      expect(await rowsOf(h, match.id)).toEqual([]);
      expect(await matchRow(h, match.id)).toEqual(expect.objectContaining({ nextCheckInPeriod: 1, nextCheckInAt: before.nextCheckInAt }));
    });

    it('schedules nothing while check-ins are off (0 days), and a job arriving after they were turned off sends nothing and schedules no next', async () => {
      const h = harness();
      const off = await newPair(h, { checkInEveryDays: 0 });
      expect(await matchRow(h, off.match.id)).toEqual(expect.objectContaining({ nextCheckInPeriod: null, nextCheckInAt: null }));
      expect(await outboxJob(h, off.match.id, 1)).toBeNull();
      await movePairBack(h, off.match.id, 60);
      await checkIns(h).sweep();
      expect(await rowsOf(h, off.match.id)).toEqual([]);

      const turnedOff = await newPair(h);
      await movePairBack(h, turnedOff.match.id, 7);
      // Set in the row, as the pair's job of period 1 finds the settings when they changed after it was scheduled.
      await h.dataSource.manager.update(Cohort, { id: turnedOff.cohort.id }, { checkInEveryDays: 0 });
      await expect(checkIns(h).sendDue(turnedOff.match.id, 1)).resolves.toBe(0);
      expect(await rowsOf(h, turnedOff.match.id)).toEqual([]);
      expect(await matchRow(h, turnedOff.match.id)).toEqual(expect.objectContaining({ nextCheckInPeriod: null, nextCheckInAt: null }));
      expect(await outboxJob(h, turnedOff.match.id, 2)).toBeNull();
    });

    it("sends the last check-in before the programme's end and none after it", async () => {
      const h = harness();
      // Accepted today in a programme ending in ten China days: period 1 (a week on) falls inside it, period 2 does not.
      const chinaDateIn = (days: number) => chinaDateOf(new Date(Date.now() + days * DAY));
      const { cohort, match } = await newPair(h, { programEndsOn: chinaDateIn(10) });
      expect((await matchRow(h, match.id)).nextCheckInPeriod).toBe(1);
      // A week on, the programme's end moved back with the pair's clock.
      await movePairBack(h, match.id, 7);
      await h.dataSource.manager.update(Cohort, { id: cohort.id }, { programEndsOn: chinaDateIn(3) });

      await expect(checkIns(h).sendDue(match.id, 1)).resolves.toBe(2);
      expect(await matchRow(h, match.id)).toEqual(expect.objectContaining({ nextCheckInPeriod: null, nextCheckInAt: null }));
      expect(await outboxJob(h, match.id, 2)).toBeNull();

      // A programme that ended yesterday (shortened after the job was scheduled) sends nothing at all.
      const late = await newPair(h);
      await movePairBack(h, late.match.id, 7);
      await h.dataSource.manager.update(Cohort, { id: late.cohort.id }, { programEndsOn: chinaDateIn(-1) });
      await expect(checkIns(h).sendDue(late.match.id, 1)).resolves.toBe(0);
      expect(await rowsOf(h, late.match.id)).toEqual([]);
      expect(await outboxJob(h, late.match.id, 2)).toBeNull();

      // A pair accepted in the programme's last week is due none at all.
      const lastWeek = await newPair(h, { programEndsOn: chinaDateIn(6) });
      expect(await matchRow(h, lastWeek.match.id)).toEqual(expect.objectContaining({ nextCheckInPeriod: null, nextCheckInAt: null }));
      expect(await outboxJob(h, lastWeek.match.id, 1)).toBeNull();
    });

    it('sends nothing once the cohort completed (结业), not even a check-in already due', async () => {
      const h = harness();
      const { cohort, match } = await newPair(h);
      await movePairBack(h, match.id, 7);
      await h.get(PairLifecycleService).complete(cohort.id, COORDINATOR);

      await expect(checkIns(h).sendDue(match.id, 1)).resolves.toBe(0);
      await checkIns(h).sweep();

      expect(await rowsOf(h, match.id)).toEqual([]);
      expect(await matchRow(h, match.id)).toEqual(expect.objectContaining({ status: 'completed', nextCheckInPeriod: null }));
      expect(await outboxJob(h, match.id, 2)).toBeNull();
    });
  });

  describe('after an outage of several periods', () => {
    it('sends only the current period, whose link still answers, and schedules the next', async () => {
      const h = harness();
      const { match } = await newPair(h);
      // Weekly check-ins, accepted 23 days ago: periods 1 and 2 closed unsent, period 3 is open until day 28.
      await movePairBack(h, match.id, 23);

      await expect(checkIns(h).sendDue(match.id, 1)).resolves.toBe(2);

      expect((await rowsOf(h, match.id)).map((row) => row.period)).toEqual([3, 3]);
      const pair = await matchRow(h, match.id);
      expect(pair).toMatchObject({ nextCheckInPeriod: 4, nextCheckInAt: new Date(pair.acceptedAt!.getTime() + 28 * DAY) });
      expect(await redisJob(h, match.id, 4)).toBeDefined();
    });
  });

  describe('view and answer, through a check-in link', () => {
    it('shows the check-in and records nothing; an answer records, a second one replaces it', async () => {
      const h = harness();
      const { cohort, match, student } = await pairWithCheckIn(h);
      const { checkIn, token } = await checkInToken(h, match.id, 1, 'mentor');
      const counts = await rowCounts(h.dataSource);

      await expect(checkIns(h).view(token)).resolves.toEqual({
        cohortName: cohort.name, role: 'mentor', partnerName: student.name, period: 1, closesAt: checkIn.closesAt, answer: null, note: null,
      });
      expect(await rowCounts(h.dataSource)).toEqual(counts);
      expect(await h.dataSource.manager.findOneByOrFail(CheckInRow, { id: checkIn.id })).toEqual(checkIn);

      await expect(checkIns(h).answer(token, 'not_yet', '下周约')).resolves.toEqual(expect.objectContaining({ answer: 'not_yet', note: '下周约' }));
      const first = await h.dataSource.manager.findOneByOrFail(CheckInRow, { id: checkIn.id });
      expect(first).toEqual(expect.objectContaining({ answer: 'not_yet', note: '下周约', answeredAt: expect.any(Date) }));

      await expect(checkIns(h).answer(token, 'on_track', null)).resolves.toEqual(expect.objectContaining({ answer: 'on_track', note: null }));
      expect(await h.dataSource.manager.findOneByOrFail(CheckInRow, { id: checkIn.id })).toEqual(expect.objectContaining({ answer: 'on_track', note: null }));
      await expect(checkIns(h).view(token)).resolves.toEqual(expect.objectContaining({ answer: 'on_track' }));
      // The partner's check-in is theirs to answer.
      expect(await h.dataSource.manager.findOneByOrFail(CheckInRow, { matchId: match.id, period: 1, role: 'student' })).toEqual(expect.objectContaining({ answer: null }));
      expect(await helpEmails(h, checkIn.id)).toEqual([]);
    });

    it('need_help tells the coordinators at once, each once however often it is answered so', async () => {
      const h = harness();
      const { match, mentor } = await pairWithCheckIn(h);

      await answerCheckIn(h, match.id, 1, 'student', 'need_help', '联系不上师友');
      await answerCheckIn(h, match.id, 1, 'student', 'not_yet');
      await answerCheckIn(h, match.id, 1, 'student', 'need_help', '还是联系不上');

      const { id: checkInId } = await h.dataSource.manager.findOneByOrFail(CheckInRow, { matchId: match.id, period: 1, role: 'student' });
      const emails = await helpEmails(h, checkInId);
      expect(emails.map(({ type, recipientEmail, linkRole, linkCheckInId }) => ({ type, recipientEmail, linkRole, linkCheckInId }))).toEqual(
        coordinators.map(({ email }) => ({ type: 'check_in_help', recipientEmail: email, linkRole: null, linkCheckInId: null }))
          .sort((a, b) => a.recipientEmail.localeCompare(b.recipientEmail)),
      );
      // The first need_help's words: the later one repeats an email already recorded.
      expect(emails[0].bodyText).toContain(mentor.name);
      expect(emails[0].bodyText).toContain('联系不上师友');
      expect(await h.dataSource.manager.countBy(Notification, { type: 'check_in_help', recipientEmail: mentor.email })).toBe(0);
    });

    it('refuses a closed check-in (410) and a link that is not one (404), writing nothing', async () => {
      const h = harness();
      const { match } = await pairWithCheckIn(h);
      const { token } = await checkInToken(h, match.id, 1, 'student');
      // A week on: period 2 has begun, so period 1's link has closed.
      await movePairBack(h, match.id, 7);
      const counts = await rowCounts(h.dataSource);

      await expect(checkIns(h).view(token)).rejects.toThrow(GoneError);
      await expect(checkIns(h).answer(token, 'on_track', null)).rejects.toThrow(GoneError);
      await expect(checkIns(h).view(`${token}x`)).rejects.toThrow(NotFoundError);
      await expect(checkIns(h).answer('not-a-token', 'on_track', null)).rejects.toThrow(NotFoundError);
      expect(await rowCounts(h.dataSource)).toEqual(counts);
    });

    it("refuses an answer once the pair ended (409 pair_not_active), though the period's link is still open", async () => {
      const h = harness();
      const { match } = await pairWithCheckIn(h);
      const { checkIn, token } = await checkInToken(h, match.id, 1, 'mentor');
      await h.get(PairLifecycleService).end(match.id, COORDINATOR, 'no_response', null);
      const counts = await rowCounts(h.dataSource);

      await expect(checkIns(h).answer(token, 'need_help', null)).rejects.toThrow(ConflictError);
      await expect(checkIns(h).answer(token, 'on_track', null)).rejects.toMatchObject({ code: 'pair_not_active' });
      expect(await rowCounts(h.dataSource)).toEqual(counts);
      expect(await h.dataSource.manager.findOneByOrFail(CheckInRow, { id: checkIn.id })).toEqual(expect.objectContaining({ answer: null }));
    });
  });

  describe('restoreLost', () => {
    it("adds again a pair's next check-in job that Redis lost, once", async () => {
      const h = harness();
      const { match } = await newPair(h);
      const { nextCheckInAt } = await matchRow(h, match.id);
      expect(await redisJob(h, match.id, 1)).toBeDefined();
      await h.queue(QUEUE.pairs).remove(jobId(match.id, 1));
      expect(await redisJob(h, match.id, 1)).toBeUndefined();
      // A pair changed moments ago is left to its own after-commit hand-over; a minute later its job counts as lost.
      await expect(checkIns(h).restoreLost()).resolves.toBe(0);
      await h.dataSource.query('UPDATE matches SET updated_at = updated_at - INTERVAL 1 MINUTE WHERE id = ?', [match.id]);

      await expect(checkIns(h).restoreLost()).resolves.toBe(1);

      const restored = await redisJob(h, match.id, 1);
      expect(restored?.data).toEqual({ matchId: match.id, period: 1 });
      expect(await restored?.getState()).toBe('delayed');
      expect(restored!.timestamp + restored!.delay).toBeGreaterThanOrEqual(nextCheckInAt!.getTime() - 1000);
      await expect(checkIns(h).restoreLost()).resolves.toBe(0);
    });
  });
});

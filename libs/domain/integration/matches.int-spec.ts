import { Match, MatchEvent, MentorApplication, Notification, OutboxMessage, StudentApplication } from '@app/database';
import { ConflictError, MatchesService, MeService, placesTaken } from '@app/domain';
import { In, Like } from 'typeorm';
import { DomainHarness, useDomainHarness } from './support/domain-harness';
import { untilWaitingForLockOn } from './support/locks';
import {
  acceptedMatch, approvedMentor, approvedStudent, completedRound, identityOf, openCohort, proposal, rowCounts,
} from './support/factories';

describe('MatchesService', () => {
  const harness = useDomainHarness('matches');

  const matchRow = (h: DomainHarness, id: number) => h.dataSource.manager.findOneByOrFail(Match, { id });
  const eventsOf = (h: DomainHarness, matchId: number) =>
    h.dataSource.manager.find(MatchEvent, { where: { matchId }, order: { id: 'ASC' } });
  const notificationsOf = (h: DomainHarness, matchId: number, type: string) =>
    h.dataSource.manager.find(Notification, { where: { dedupeKey: Like(`${type}:match:${matchId}%`) }, order: { id: 'ASC' } });
  const jobIdsOf = async (h: DomainHarness, notifications: Notification[]) =>
    (await h.dataSource.manager.findBy(OutboxMessage, notifications.map(({ id }) => ({ jobId: `notification-${id}` })))).map((row) => row.jobId).sort();

  describe('proposeManually', () => {
    it("creates a proposed match with its history, expiry and reminder jobs, and the mentor's proposal email", async () => {
      const h = harness();
      const cohort = await openCohort(h, { responseWindowHours: 72 });
      const mentor = await approvedMentor(h, cohort);
      const student = await approvedStudent(h, cohort);

      const match = await proposal(h, cohort, student, mentor);

      expect(await matchRow(h, match.id)).toEqual(expect.objectContaining({
        cohortId: cohort.id, roundId: null, studentId: student.id, mentorId: mentor.id, status: 'proposed', choiceRank: null,
      }));
      expect(await eventsOf(h, match.id)).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'proposed', actorRole: 'coordinator' })]);
      const offers = await h.dataSource.manager.find(OutboxMessage, { where: { jobId: In([`expire-${match.id}`, `remind-${match.id}`]) }, order: { jobId: 'ASC' } });
      expect(offers).toEqual([
        expect.objectContaining({ queue: 'offers', jobName: 'expire-proposal', payload: { matchId: match.id }, runAt: match.respondBy }),
        expect.objectContaining({ queue: 'offers', jobName: 'remind-proposal', payload: { matchId: match.id } }),
      ]);
      const emails = await notificationsOf(h, match.id, 'proposal_to_mentor');
      expect(emails).toEqual([expect.objectContaining({ recipientEmail: mentor.email, linkRole: 'mentor', linkApplicationId: mentor.id })]);
      expect(await jobIdsOf(h, emails)).toEqual([`notification-${emails[0].id}`]);
    });

    it('refuses a mentor whose places are all taken by proposed and accepted matches, and writes nothing', async () => {
      const h = harness();
      const cohort = await openCohort(h);
      const mentor = await approvedMentor(h, cohort, { capacity: 2 });
      await acceptedMatch(h, cohort, await approvedStudent(h, cohort), mentor);
      await proposal(h, cohort, await approvedStudent(h, cohort), mentor);
      const third = await approvedStudent(h, cohort);
      const counts = await rowCounts(h.dataSource);

      await expect(proposal(h, cohort, third, mentor)).rejects.toThrow(ConflictError);
      expect(await rowCounts(h.dataSource)).toEqual(counts);
      expect(await h.dataSource.manager.countBy(Match, { studentId: third.id })).toBe(0);
    });

    it('gives the place a declined proposal held to the next proposal', async () => {
      const h = harness();
      const cohort = await openCohort(h);
      const mentor = await approvedMentor(h, cohort, { capacity: 1 });
      const declined = await proposal(h, cohort, await approvedStudent(h, cohort), mentor);
      await h.get(MatchesService).decline(mentor.id, declined.id, 'not_a_fit', null);

      const next = await proposal(h, cohort, await approvedStudent(h, cohort), mentor);
      expect(await matchRow(h, next.id)).toEqual(expect.objectContaining({ status: 'proposed', mentorId: mentor.id }));
    });

    it('waits for a withdrawal in flight and then refuses the withdrawn student, proposing nothing', async () => {
      const h = harness();
      const cohort = await openCohort(h);
      const mentor = await approvedMentor(h, cohort);
      const student = await approvedStudent(h, cohort);
      const withdrawal = h.dataSource.createQueryRunner();
      await withdrawal.connect();
      try {
        await withdrawal.startTransaction();
        await withdrawal.query("UPDATE student_applications SET status = 'withdrawn' WHERE id = ?", [student.id]);
        const proposing = h.get(MatchesService).proposeManually(cohort.id, student.id, mentor.id, { role: 'coordinator', id: null });
        // Observed below; without this, a rejection before the wait ends would be reported as unhandled.
        proposing.catch(() => undefined);
        await untilWaitingForLockOn(h, 'student_applications');
        await withdrawal.commitTransaction();
        await expect(proposing).rejects.toThrow(new ConflictError(`studentId: student ${student.id} is withdrawn, not approved`, 'not_approved'));
      } finally {
        if (withdrawal.isTransactionActive) await withdrawal.rollbackTransaction();
        await withdrawal.release();
      }
      expect(await h.dataSource.manager.countBy(Match, { cohortId: cohort.id })).toBe(0);
    });

    it('refuses a student who already has a live match', async () => {
      const h = harness();
      const cohort = await openCohort(h);
      const student = await approvedStudent(h, cohort);
      const [first, second] = [await approvedMentor(h, cohort), await approvedMentor(h, cohort)];
      await proposal(h, cohort, student, first);
      const counts = await rowCounts(h.dataSource);

      await expect(proposal(h, cohort, student, second)).rejects.toThrow(ConflictError);
      expect(await rowCounts(h.dataSource)).toEqual(counts);
      expect(await h.dataSource.manager.findBy(Match, { studentId: student.id })).toEqual([expect.objectContaining({ mentorId: first.id })]);
    });
  });

  describe('accept', () => {
    it('accepts the proposal and records match_confirmed for both the mentor and the student, with their send jobs', async () => {
      const h = harness();
      const cohort = await openCohort(h);
      const mentor = await approvedMentor(h, cohort);
      const student = await approvedStudent(h, cohort);
      const match = await proposal(h, cohort, student, mentor);

      await h.get(MatchesService).accept(mentor.id, match.id);

      expect(await matchRow(h, match.id)).toEqual(expect.objectContaining({ status: 'accepted', respondedAt: expect.any(Date) }));
      expect((await eventsOf(h, match.id)).map(({ fromStatus, toStatus, actorRole, actorId }) => ({ fromStatus, toStatus, actorRole, actorId })))
        .toEqual([
          { fromStatus: null, toStatus: 'proposed', actorRole: 'coordinator', actorId: null },
          { fromStatus: 'proposed', toStatus: 'accepted', actorRole: 'mentor', actorId: mentor.id },
        ]);
      const confirmed = await notificationsOf(h, match.id, 'match_confirmed');
      expect(confirmed.map(({ recipientEmail, linkRole, linkApplicationId }) => ({ recipientEmail, linkRole, linkApplicationId })).sort((a, b) => a.linkRole!.localeCompare(b.linkRole!)))
        .toEqual([
          { recipientEmail: mentor.email, linkRole: 'mentor', linkApplicationId: mentor.id },
          { recipientEmail: student.email, linkRole: 'student', linkApplicationId: student.id },
        ]);
      // Each side is told the other's contact.
      expect(confirmed.find((row) => row.linkRole === 'mentor')!.bodyText).toContain(student.email);
      expect(confirmed.find((row) => row.linkRole === 'student')!.bodyText).toContain(mentor.email);
      expect(await jobIdsOf(h, confirmed)).toHaveLength(2);
    });

    it('refuses an acceptance beyond capacity and leaves the proposal open, with no confirmation sent', async () => {
      const h = harness();
      const cohort = await openCohort(h);
      const mentor = await approvedMentor(h, cohort, { capacity: 2 });
      const first = await proposal(h, cohort, await approvedStudent(h, cohort), mentor);
      const second = await proposal(h, cohort, await approvedStudent(h, cohort), mentor);
      // The mentor's capacity shrank after both proposals were made (no service offers it: set in the row).
      await h.dataSource.manager.update(MentorApplication, { id: mentor.id }, { capacity: 1 });
      await h.get(MatchesService).accept(mentor.id, first.id);

      await expect(h.get(MatchesService).accept(mentor.id, second.id)).rejects.toThrow(ConflictError);
      expect(await matchRow(h, second.id)).toEqual(expect.objectContaining({ status: 'proposed', respondedAt: null }));
      expect(await notificationsOf(h, second.id, 'match_confirmed')).toEqual([]);
      expect(await h.dataSource.manager.countBy(Match, { mentorId: mentor.id, status: 'accepted' })).toBe(1);
    });
  });

  describe('decline', () => {
    it("of a round's proposal records proposal_declined for the student and emits the round's follow-up job", async () => {
      const h = harness();
      const cohort = await openCohort(h, { fillWithScores: false });
      const mentor = await approvedMentor(h, cohort);
      const student = await approvedStudent(h, cohort, { choices: [mentor.id] });
      const round = await completedRound(h, cohort);
      const match = await h.dataSource.manager.findOneByOrFail(Match, { roundId: round.id, studentId: student.id });

      await h.get(MatchesService).decline(mentor.id, match.id, 'unavailable', '出差中');

      expect(await matchRow(h, match.id)).toEqual(expect.objectContaining({ status: 'declined', declineReason: 'unavailable', note: '出差中' }));
      expect(await notificationsOf(h, match.id, 'proposal_declined'))
        .toEqual([expect.objectContaining({ recipientEmail: student.email, linkRole: 'student', linkApplicationId: student.id })]);
      expect(await h.dataSource.manager.findBy(OutboxMessage, { jobId: `follow-up-${round.id}-${match.id}` }))
        .toEqual([expect.objectContaining({ queue: 'matching', jobName: 'follow-up', payload: { roundId: round.id } })]);
    });

    it('of a manual proposal records proposal_declined but emits no round follow-up job', async () => {
      const h = harness();
      const cohort = await openCohort(h);
      const mentor = await approvedMentor(h, cohort);
      const student = await approvedStudent(h, cohort);
      const match = await proposal(h, cohort, student, mentor);
      const followUps = () => h.dataSource.manager.countBy(OutboxMessage, { jobName: 'follow-up' });
      const before = await followUps();

      await h.get(MatchesService).decline(mentor.id, match.id, 'not_a_fit', null);

      expect(await notificationsOf(h, match.id, 'proposal_declined')).toHaveLength(1);
      expect(await followUps()).toBe(before);
    });
  });

  describe('cancelForWithdrawal, through MeService.withdraw', () => {
    it("a student who withdraws cancels their proposed match, freeing the mentor's place", async () => {
      const h = harness();
      const cohort = await openCohort(h);
      const mentor = await approvedMentor(h, cohort);
      const student = await approvedStudent(h, cohort);
      const match = await proposal(h, cohort, student, mentor);

      await expect(h.get(MeService).withdraw(identityOf('student', student)))
        .resolves.toEqual({ id: student.id, status: 'withdrawn', cancelledMatches: 1 });

      expect(await h.dataSource.manager.findOneByOrFail(StudentApplication, { id: student.id })).toEqual(expect.objectContaining({ status: 'withdrawn' }));
      expect(await matchRow(h, match.id)).toEqual(expect.objectContaining({ status: 'cancelled' }));
      expect((await eventsOf(h, match.id)).at(-1)).toEqual(expect.objectContaining({
        fromStatus: 'proposed', toStatus: 'cancelled', actorRole: 'student', actorId: student.id, reason: 'applicant withdrew',
      }));
      expect(await placesTaken(h.dataSource.manager, cohort.id, [mentor.id])).toEqual(new Map());
    });

    it('a mentor who withdraws cancels their proposals and ends their pairs (the student told), and touches nobody else\'s', async () => {
      const h = harness();
      const cohort = await openCohort(h);
      const mentor = await approvedMentor(h, cohort, { capacity: 2 });
      const other = await approvedMentor(h, cohort);
      const accepted = await acceptedMatch(h, cohort, await approvedStudent(h, cohort), mentor);
      const proposed = await proposal(h, cohort, await approvedStudent(h, cohort), mentor);
      const untouched = await proposal(h, cohort, await approvedStudent(h, cohort), other);

      await expect(h.get(MeService).withdraw(identityOf('mentor', mentor))).resolves.toEqual(expect.objectContaining({ cancelledMatches: 2 }));

      expect(await matchRow(h, accepted.id)).toEqual(expect.objectContaining({
        status: 'ended', endReason: 'other', endNote: expect.stringContaining('退出本期'), endedBy: 'mentor', nextCheckInAt: null, nextCheckInPeriod: null,
      }));
      expect(await notificationsOf(h, accepted.id, 'pair_ended')).toEqual(expect.arrayContaining([expect.objectContaining({ linkRole: 'student' })]));
      expect(await notificationsOf(h, accepted.id, 'pair_ended')).not.toEqual(expect.arrayContaining([expect.objectContaining({ linkRole: 'mentor' })]));
      expect((await matchRow(h, proposed.id)).status).toBe('cancelled');
      expect((await matchRow(h, untouched.id)).status).toBe('proposed');
    });

    it('refuses a second withdrawal and changes nothing', async () => {
      const h = harness();
      const cohort = await openCohort(h);
      const student = await approvedStudent(h, cohort);
      await h.get(MeService).withdraw(identityOf('student', student));
      const counts = await rowCounts(h.dataSource);

      await expect(h.get(MeService).withdraw(identityOf('student', student))).rejects.toThrow(ConflictError);
      expect(await rowCounts(h.dataSource)).toEqual(counts);
    });
  });
});

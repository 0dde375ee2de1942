import { AppConfig } from '@app/config';
import { ACTIVE_MATCH_STATUSES, ActorRole, DeclineReason, EndReason, MatchHistoryEntry, MatchStatus } from '@app/contracts';
import { Cohort, duplicateKeyOf, insertRows, Match, MatchEvent, MentorApplication, StudentApplication } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, LessThanOrEqual, MoreThan } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { checkInJob, offerJobs, roundFollowUpJob } from '../messaging/jobs';
import { OutboxService, Transaction } from '../messaging/outbox.service';
import { NotificationPolicy } from '../notifications/notification-policy';
import { checkInDue } from '../pairs/check-in-schedule';
import { assertPlaceForAcceptance, assertPlaceForProposal } from './capacity';
import { APPLICANT_WITHDREW, COHORT_COMPLETED, WITHDRAWAL_NOTE, declineReasonText, endReasonText, historyEntryOf, NO_ANSWER } from './match-history';
import { responseDeadline } from './response-deadline';

export interface Actor {
  role: ActorRole;
  id: number | null;
}

export const SYSTEM: Actor = { role: 'system', id: null };

export interface NewProposal {
  cohort: Cohort;
  roundId: number | null;
  student: StudentApplication;
  mentor: MentorApplication;
  choiceRank: number | null;
}

/** Matches one UPDATE of 结业 takes at a time. */
const UPDATE_CHUNK = 2000;

/**
 * The match state machine: every transition is a conditional update plus its history row, the jobs it causes
 * and the messages the notification policy sends for it.
 */
@Injectable()
export class MatchesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly cohorts: CohortsService,
    private readonly notify: NotificationPolicy,
    private readonly config: AppConfig,
  ) {}

  /** Creates proposals (a round's, or a coordinator's by hand) with their history, expiry/reminder jobs and emails. */
  async propose(tx: Transaction, proposals: NewProposal[], actor: Actor): Promise<Match[]> {
    if (proposals.length === 0) return [];
    const now = new Date();
    // One deadline per response window (a round's proposals share their cohort's): working out China's day is not free.
    const deadlines = new Map<number, number>();
    const deadlineOf = (hours: number) => deadlines.get(hours) ?? deadlines.set(hours, responseDeadline(now, hours).getTime()).get(hours)!;
    const saved = proposals.map((proposal) => Object.assign(new Match(), {
      cohortId: proposal.cohort.id,
      roundId: proposal.roundId,
      studentId: proposal.student.id,
      mentorId: proposal.mentor.id,
      status: 'proposed' as const,
      choiceRank: proposal.choiceRank,
      respondBy: new Date(deadlineOf(proposal.cohort.responseWindowHours)),
      declineReason: null,
      note: null,
      respondedAt: null,
      acceptedAt: null,
      endedAt: null,
      endReason: null,
      endNote: null,
      endedBy: null,
      nextCheckInPeriod: null,
      nextCheckInAt: null,
      createdAt: now,
      updatedAt: now,
    }));
    const byStudent = new Map(saved.map((match) => [match.studentId, match]));
    await insertRows(tx.manager, 'matches', ['cohort_id', 'round_id', 'student_id', 'mentor_id', 'status', 'choice_rank', 'respond_by', 'created_at', 'updated_at'],
      saved.map((match) => [match.cohortId, match.roundId, match.studentId, match.mentorId, match.status, match.choiceRank, match.respondBy, now, now]), {
        // Ids read back by the unique active_student_id (each of these students now has exactly this one active match),
        // never derived from the first inserted id: that needs consecutive auto-increment values, which no setting guarantees.
        afterEach: async (chunk) => {
          const stored: Array<{ id: number; student_id: number }> = await tx.manager.query(
            'SELECT id, student_id FROM matches WHERE active_student_id IN (?)', [chunk.map((row) => row[2])]);
          for (const { id, student_id: studentId } of stored) byStudent.get(studentId)!.id = id;
        },
      });
    await this.recordEvents(tx.manager, saved.map((match) => ({ match, from: null, to: 'proposed' as const })), actor, null);
    for (const match of saved) tx.emit(...offerJobs(match.id, match.respondBy, now));
    await this.notify.proposalsMade(tx, saved.map((match, index) => ({ ...proposals[index], match })));
    return saved;
  }

  async proposeManually(cohortId: number, studentId: number, mentorId: number, actor: Actor): Promise<Match> {
    return this.outbox.transaction(async (tx) => {
      const cohort = await this.cohorts.lockForMatching(tx.manager, cohortId);
      // Locked like a withdrawal or a review locks it, so neither can slip in between this check and the proposal.
      const student = await tx.manager.findOne(StudentApplication, { where: { id: studentId, cohortId }, lock: { mode: 'pessimistic_write' } });
      if (!student) throw new NotFoundError(`studentId: no student ${studentId} in cohort ${cohortId}`);
      const mentor = await tx.manager.findOne(MentorApplication, { where: { id: mentorId, cohortId }, lock: { mode: 'pessimistic_write' } });
      if (!mentor) throw new NotFoundError(`mentorId: no mentor ${mentorId} in cohort ${cohortId}`);
      if (student.status !== 'approved') throw new ConflictError(`studentId: student ${studentId} is ${student.status}, not approved`, 'not_approved');
      if (mentor.status !== 'approved') throw new ConflictError(`mentorId: mentor ${mentorId} is ${mentor.status}, not approved`, 'not_approved');
      await assertPlaceForProposal(tx.manager, mentor);
      try {
        const [match] = await this.propose(tx, [{ cohort, roundId: null, student, mentor, choiceRank: null }], actor);
        return match;
      } catch (error) {
        if (duplicateKeyOf(error)) throw new ConflictError(`studentId: student ${studentId} already has a proposed or accepted match`, 'student_already_matched');
        throw error;
      }
    });
  }

  async accept(mentorId: number, matchId: number): Promise<Match> {
    return this.outbox.transaction(async (tx) => {
      // The mentor row is locked first, as a mentor's withdrawal does: concurrent accepts of one mentor queue
      // here (so capacity is never exceeded) and cannot deadlock with a withdrawal.
      const mentor = await tx.manager.findOneOrFail(MentorApplication, { where: { id: mentorId }, lock: { mode: 'pessimistic_write' } });
      const match = await this.lockOwnProposal(tx.manager, mentorId, matchId);
      await assertPlaceForAcceptance(tx.manager, mentor);
      const [cohort, student] = await Promise.all([
        this.cohorts.get(match.cohortId, tx.manager),
        tx.manager.findOneByOrFail(StudentApplication, { id: match.studentId }),
      ]);
      // Day one of the pair: its check-in periods count from here (DESIGN §7).
      match.acceptedAt = new Date();
      const firstCheckIn = checkInDue(cohort, match.acceptedAt, 1, this.config.CHECK_IN_DAY_MS);
      match.nextCheckInPeriod = firstCheckIn?.period ?? null;
      match.nextCheckInAt = firstCheckIn?.at ?? null;
      await this.move(tx, match, 'accepted', { role: 'mentor', id: mentorId }, null);
      if (firstCheckIn) tx.emit(checkInJob(match.id, firstCheckIn.period, firstCheckIn.at));
      await this.notify.matchAccepted(tx, { cohort, match, mentor, student });
      return match;
    });
  }

  async decline(mentorId: number, matchId: number, reason: DeclineReason, note: string | null): Promise<Match> {
    return this.outbox.transaction(async (tx) => {
      const match = await this.lockOwnProposal(tx.manager, mentorId, matchId);
      match.declineReason = reason;
      match.note = note;
      await this.move(tx, match, 'declined', { role: 'mentor', id: mentorId }, declineReasonText(reason, note));
      await this.tellStudentNotPlaced(tx, match, 'declined');
      return match;
    });
  }

  /** Run by the offers queue at the deadline; a no-op when the mentor answered or the deadline moved. */
  async expire(matchId: number): Promise<boolean> {
    return this.outbox.transaction(async (tx) => {
      const match = await tx.manager.findOne(Match, { where: { id: matchId }, lock: { mode: 'pessimistic_write' } });
      if (!match || match.status !== 'proposed' || match.respondBy.getTime() > Date.now()) return false;
      await this.move(tx, match, 'expired', SYSTEM, NO_ANSWER);
      await this.tellStudentNotPlaced(tx, match, 'expired');
      return true;
    });
  }

  async remind(matchId: number): Promise<boolean> {
    return this.outbox.transaction(async (tx) => {
      const match = await tx.manager.findOneBy(Match, { id: matchId });
      if (!match || match.status !== 'proposed' || match.respondBy.getTime() <= Date.now()) return false;
      // One reminder per mentor and round: it lists the round's proposals still open, and the other proposals'
      // reminder jobs find it already recorded (its dedupe key is the mentor's and the round's).
      const open = match.roundId === null ? [match] : await tx.manager.find(Match, {
        where: { mentorId: match.mentorId, roundId: match.roundId, status: 'proposed', respondBy: MoreThan(new Date()) },
        order: { id: 'ASC' },
      });
      // The same conditions as above: empty only when the proposal was answered in between, and then none is due.
      if (open.length === 0) return false;
      const [cohort, mentor, students] = await Promise.all([
        this.cohorts.get(match.cohortId, tx.manager),
        tx.manager.findOneByOrFail(MentorApplication, { id: match.mentorId }),
        tx.manager.findBy(StudentApplication, { id: In(open.map((proposal) => proposal.studentId)) }),
      ]);
      const studentOf = new Map(students.map((student) => [student.id, student]));
      await this.notify.proposalReminderDue(tx, open.map((proposal) => ({ cohort, match: proposal, mentor, student: studentOf.get(proposal.studentId)! })));
      return true;
    });
  }

  /** The safety net behind the delayed expiry jobs: expires every proposal past its deadline. */
  async expireOverdue(): Promise<number> {
    const overdue = await this.dataSource.manager.find(Match, {
      select: { id: true },
      where: { status: 'proposed', respondBy: LessThanOrEqual(new Date()) },
      take: 1000,
    });
    let expired = 0;
    for (const { id } of overdue) if (await this.expire(id)) expired += 1;
    return expired;
  }

  async cancel(matchId: number, reason: string, actor: Actor): Promise<Match> {
    return this.outbox.transaction(async (tx) => {
      const match = await tx.manager.findOne(Match, { where: { id: matchId }, lock: { mode: 'pessimistic_write' } });
      if (!match) throw new NotFoundError(`Match ${matchId} not found`);
      if (!ACTIVE_MATCH_STATUSES.includes(match.status)) throw new ConflictError(`Match ${matchId} is ${match.status} and cannot be cancelled`, 'match_not_active');
      // A pair that has begun has meetings and check-ins of its own: it ends (DESIGN §7), with the reason as its note.
      if (match.status === 'accepted') await this.endPair(tx, match, actor, 'other', reason);
      else await this.move(tx, match, 'cancelled', actor, reason);
      return match;
    });
  }

  /**
   * Ends a pair (DESIGN §7): a member ends their own (someone else's → 404), a coordinator any. The mentor's place
   * and the student are free again (neither status holds one); the partner and the coordinators are told.
   */
  async end(matchId: number, actor: Actor, reason: EndReason, note: string | null): Promise<Match> {
    return this.outbox.transaction(async (tx) => {
      const own = actor.role === 'mentor' ? { mentorId: actor.id! } : actor.role === 'student' ? { studentId: actor.id! } : {};
      const match = await tx.manager.findOne(Match, { where: { id: matchId, ...own }, lock: { mode: 'pessimistic_write' } });
      if (!match || match.status === 'proposed' || !match.acceptedAt) throw new NotFoundError(`Pair ${matchId} not found`);
      if (match.status !== 'accepted') throw new ConflictError(`Pair ${matchId} is already ${match.status}`, 'pair_not_active');
      await this.endPair(tx, match, actor, reason, note);
      return match;
    });
  }

  /**
   * 结业 (the caller holds the cohort's lock): every accepted pair becomes completed and is due no more check-ins;
   * proposals still waiting for an answer are cancelled, since no pair starts in a completed cohort.
   */
  async completeAll(tx: Transaction, cohortId: number, actor: Actor): Promise<number> {
    const open = await tx.manager.find(Match, { where: { cohortId, status: In([...ACTIVE_MATCH_STATUSES]) }, lock: { mode: 'pessimistic_write' } });
    const accepted = open.filter((match) => match.status === 'accepted');
    for (const match of open.filter((candidate) => candidate.status === 'proposed')) await this.move(tx, match, 'cancelled', actor, COHORT_COMPLETED);
    for (let start = 0; start < accepted.length; start += UPDATE_CHUNK) {
      const chunk = accepted.slice(start, start + UPDATE_CHUNK);
      await tx.manager.update(Match, { id: In(chunk.map((match) => match.id)), status: 'accepted' }, { status: 'completed', nextCheckInPeriod: null, nextCheckInAt: null });
    }
    await this.recordEvents(tx.manager, accepted.map((match) => ({ match, from: 'accepted' as const, to: 'completed' as const })), actor, null);
    return accepted.length;
  }

  /**
   * An applicant who withdraws takes their open proposals (cancelled) and their pairs (ended, the partner and the
   * coordinators told, DESIGN §7: a pair that has begun only ends) with them.
   */
  async cancelForWithdrawal(tx: Transaction, role: 'mentor' | 'student', applicationId: number): Promise<number> {
    const matches = await tx.manager.find(Match, {
      where: { [role === 'mentor' ? 'mentorId' : 'studentId']: applicationId, status: In([...ACTIVE_MATCH_STATUSES]) },
      lock: { mode: 'pessimistic_write' },
    });
    const actor = { role, id: applicationId };
    for (const match of matches) {
      if (match.status === 'accepted') await this.endPair(tx, match, actor, 'other', WITHDRAWAL_NOTE);
      else await this.move(tx, match, 'cancelled', actor, APPLICANT_WITHDREW);
    }
    return matches.length;
  }

  async history(matchId: number): Promise<MatchHistoryEntry<Date>[]> {
    const exists = await this.dataSource.manager.existsBy(Match, { id: matchId });
    if (!exists) throw new NotFoundError(`Match ${matchId} not found`);
    const events = await this.dataSource.manager.find(MatchEvent, { where: { matchId }, order: { id: 'ASC' } });
    return events.map(historyEntryOf);
  }

  /** Ends an accepted pair (locked by the caller): no more check-ins; the partner and the coordinators are told. */
  private async endPair(tx: Transaction, match: Match, actor: Actor, reason: EndReason, note: string | null): Promise<void> {
    const endedBy = actor.role === 'mentor' || actor.role === 'student' ? actor.role : 'coordinator';
    Object.assign(match, { endedAt: new Date(), endReason: reason, endNote: note, endedBy, nextCheckInPeriod: null, nextCheckInAt: null });
    await this.move(tx, match, 'ended', actor, endReasonText(reason, note));
    const [cohort, mentor, student] = await Promise.all([
      this.cohorts.get(match.cohortId, tx.manager),
      tx.manager.findOneByOrFail(MentorApplication, { id: match.mentorId }),
      tx.manager.findOneByOrFail(StudentApplication, { id: match.studentId }),
    ]);
    await this.notify.pairEnded(tx, { cohort, match, mentor, student }, { by: endedBy, reason, note });
  }

  private async lockOwnProposal(manager: EntityManager, mentorId: number, matchId: number): Promise<Match> {
    const match = await manager.findOne(Match, { where: { id: matchId, mentorId }, lock: { mode: 'pessimistic_write' } });
    if (!match) throw new NotFoundError(`Proposal ${matchId} not found`);
    if (match.status !== 'proposed') throw new ConflictError(`Proposal ${matchId} is already ${match.status}`, 'proposal_answered');
    if (match.respondBy.getTime() <= Date.now()) throw new ConflictError(`The deadline to answer proposal ${matchId} has passed`, 'response_window_passed');
    return match;
  }

  /**
   * One transition. When it resolves a round's proposal, the rounds feature is told after commit, where it
   * decides whether the next round is due (autoRounds); counting here would race with the other answers.
   */
  private async move(tx: Transaction, match: Match, to: MatchStatus, actor: Actor, reason: string | null): Promise<void> {
    const from = match.status;
    const result = await tx.manager.update(Match, { id: match.id, status: from }, {
      status: to,
      respondedAt: from === 'proposed' && actor.role === 'mentor' ? new Date() : match.respondedAt,
      declineReason: match.declineReason,
      note: match.note,
      acceptedAt: match.acceptedAt,
      endedAt: match.endedAt,
      endReason: match.endReason,
      endNote: match.endNote,
      endedBy: match.endedBy,
      nextCheckInPeriod: match.nextCheckInPeriod,
      nextCheckInAt: match.nextCheckInAt,
    });
    if (!result.affected) throw new ConflictError(`Match ${match.id} changed meanwhile; try again`, 'changed_meanwhile');
    match.status = to;
    await this.recordEvents(tx.manager, [{ match, from, to }], actor, reason);
    if (from === 'proposed' && match.roundId !== null) tx.emit(roundFollowUpJob(match.roundId, match.id));
  }

  private async recordEvents(
    manager: EntityManager, changes: Array<{ match: Match; from: MatchStatus | null; to: MatchStatus }>, actor: Actor, reason: string | null,
  ): Promise<void> {
    await insertRows(manager, 'match_events', ['match_id', 'from_status', 'to_status', 'actor_role', 'actor_id', 'reason'],
      changes.map(({ match, from, to }) => [match.id, from, to, actor.role, actor.id, reason]));
  }

  private async tellStudentNotPlaced(tx: Transaction, match: Match, outcome: 'declined' | 'expired'): Promise<void> {
    const [cohort, student] = await Promise.all([
      this.cohorts.get(match.cohortId, tx.manager),
      tx.manager.findOneByOrFail(StudentApplication, { id: match.studentId }),
    ]);
    await this.notify.studentNotPlaced(tx, cohort, match, student, outcome);
  }
}

import {
  ACTIVE_MATCH_STATUSES, ActorRole, Cohort, DeclineReason, Match, MatchEvent, MatchStatus, MentorApplication, StudentApplication,
} from '@app/database';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import { occupiedPlaces } from '../applications/remaining-capacity';
import { duplicateKeyOf } from '../common/errors';
import { insertedIds } from '../common/inserted-ids';
import { NotificationMessage } from '../notifications/messages';
import { NotificationsService } from '../notifications/notifications.service';
import { OutboxService, Transaction } from '../outbox/outbox.service';
import { QUEUE } from '../queues/queues';
import { mentorContactOf, studentCardOf, studentContactOf } from './match-cards';
import { offerJobs } from './match-jobs';

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

/** The proposal workflow: every transition is a conditional update plus its history row, outbox jobs and messages. */
@Injectable()
export class MatchesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Creates proposals (a round's, or a coordinator's by hand) with their history, expiry/reminder jobs and emails. */
  async propose(tx: Transaction, proposals: NewProposal[], actor: Actor): Promise<Match[]> {
    if (proposals.length === 0) return [];
    const now = new Date();
    const saved = proposals.map((proposal) => tx.manager.create(Match, {
      cohortId: proposal.cohort.id,
      roundId: proposal.roundId,
      studentId: proposal.student.id,
      mentorId: proposal.mentor.id,
      status: 'proposed',
      choiceRank: proposal.choiceRank,
      respondBy: new Date(now.getTime() + proposal.cohort.responseWindowHours * 3600_000),
      declineReason: null,
      note: null,
      respondedAt: null,
      createdAt: now,
      updatedAt: now,
    }));
    for (let start = 0; start < saved.length; start += 2000) {
      const chunk = saved.slice(start, start + 2000);
      const result = await tx.manager.createQueryBuilder().insert().into(Match).values(chunk).updateEntity(false).execute();
      insertedIds(result, chunk.length)!.forEach((id, index) => (chunk[index].id = id));
    }
    await this.recordEvents(tx.manager, saved.map((match) => ({ match, from: null, to: 'proposed' as const })), actor, null);
    const messages: NotificationMessage[] = [];
    saved.forEach((match, index) => {
      const { cohort, student, mentor } = proposals[index];
      tx.emit(...offerJobs(match.id, match.respondBy, now));
      messages.push({
        type: 'proposal_to_mentor', cohortId: cohort.id, cohortName: cohort.name, mentorId: mentor.id, matchId: match.id,
        recipient: { email: mentor.email, name: mentor.name }, student: studentCardOf(student), respondBy: match.respondBy,
      });
    });
    await this.notifications.record(tx, ...messages);
    return saved;
  }

  async proposeManually(cohortId: number, studentId: number, mentorId: number, actor: Actor): Promise<Match> {
    return this.outbox.transaction(async (tx) => {
      const cohort = await tx.manager.findOne(Cohort, { where: { id: cohortId }, lock: { mode: 'pessimistic_write' } });
      if (!cohort) throw new NotFoundException(`Cohort ${cohortId} not found`);
      if (cohort.status !== 'open' && cohort.status !== 'closed') throw new ConflictException(`Cohort ${cohortId} is ${cohort.status}`);
      const student = await tx.manager.findOneBy(StudentApplication, { id: studentId, cohortId });
      if (!student) throw new NotFoundException(`studentId: no student ${studentId} in cohort ${cohortId}`);
      const mentor = await tx.manager.findOne(MentorApplication, { where: { id: mentorId, cohortId }, lock: { mode: 'pessimistic_write' } });
      if (!mentor) throw new NotFoundException(`mentorId: no mentor ${mentorId} in cohort ${cohortId}`);
      if (student.status !== 'approved') throw new ConflictException(`studentId: student ${studentId} is ${student.status}, not approved`);
      if (mentor.status !== 'approved') throw new ConflictException(`mentorId: mentor ${mentorId} is ${mentor.status}, not approved`);
      const occupied = (await occupiedPlaces(tx.manager, cohortId, [mentorId])).get(mentorId) ?? 0;
      if (occupied >= mentor.capacity) throw new ConflictException(`mentorId: mentor ${mentorId} has no remaining capacity`);
      try {
        const [match] = await this.propose(tx, [{ cohort, roundId: null, student, mentor, choiceRank: null }], actor);
        return match;
      } catch (error) {
        if (duplicateKeyOf(error)) throw new ConflictException(`studentId: student ${studentId} already has a proposed or accepted match`);
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
      const accepted = await tx.manager.count(Match, { where: { mentorId, status: 'accepted' } });
      if (accepted >= mentor.capacity) throw new ConflictException(`Your capacity of ${mentor.capacity} students is already filled`);
      await this.move(tx, match, 'accepted', { role: 'mentor', id: mentorId }, null);
      const [cohort, student] = await Promise.all([
        tx.manager.findOneByOrFail(Cohort, { id: match.cohortId }),
        tx.manager.findOneByOrFail(StudentApplication, { id: match.studentId }),
      ]);
      await this.notifications.record(tx,
        { type: 'match_confirmed', cohortId: cohort.id, cohortName: cohort.name, role: 'mentor', applicationId: mentor.id, matchId,
          recipient: { email: mentor.email, name: mentor.name }, counterpart: studentContactOf(student) },
        { type: 'match_confirmed', cohortId: cohort.id, cohortName: cohort.name, role: 'student', applicationId: student.id, matchId,
          recipient: { email: student.email, name: student.name }, counterpart: mentorContactOf(mentor) },
      );
      return match;
    });
  }

  async decline(mentorId: number, matchId: number, reason: DeclineReason, note: string | null): Promise<Match> {
    return this.outbox.transaction(async (tx) => {
      const match = await this.lockOwnProposal(tx.manager, mentorId, matchId);
      match.declineReason = reason;
      match.note = note;
      await this.move(tx, match, 'declined', { role: 'mentor', id: mentorId }, note ? `${reason}: ${note}` : reason);
      await this.tellStudentNotPlaced(tx, match, 'proposal_declined');
      return match;
    });
  }

  /** Run by the offers queue at the deadline; a no-op when the mentor answered or the deadline moved. */
  async expire(matchId: number): Promise<boolean> {
    return this.outbox.transaction(async (tx) => {
      const match = await tx.manager.findOne(Match, { where: { id: matchId }, lock: { mode: 'pessimistic_write' } });
      if (!match || match.status !== 'proposed' || match.respondBy.getTime() > Date.now()) return false;
      await this.move(tx, match, 'expired', SYSTEM, 'no answer before the deadline');
      await this.tellStudentNotPlaced(tx, match, 'proposal_expired');
      return true;
    });
  }

  async remind(matchId: number): Promise<boolean> {
    return this.outbox.transaction(async (tx) => {
      const match = await tx.manager.findOneBy(Match, { id: matchId });
      if (!match || match.status !== 'proposed' || match.respondBy.getTime() <= Date.now()) return false;
      const [cohort, mentor, student] = await Promise.all([
        tx.manager.findOneByOrFail(Cohort, { id: match.cohortId }),
        tx.manager.findOneByOrFail(MentorApplication, { id: match.mentorId }),
        tx.manager.findOneByOrFail(StudentApplication, { id: match.studentId }),
      ]);
      await this.notifications.record(tx, {
        type: 'proposal_reminder', cohortId: cohort.id, cohortName: cohort.name, mentorId: mentor.id, matchId,
        recipient: { email: mentor.email, name: mentor.name }, student: studentCardOf(student), respondBy: match.respondBy,
      });
      return true;
    });
  }

  /** The safety net behind the delayed expiry jobs: expires every proposal past its deadline. */
  async expireOverdue(): Promise<number> {
    const overdue = await this.dataSource.getRepository(Match).find({
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
      if (!match) throw new NotFoundException(`Match ${matchId} not found`);
      if (!ACTIVE_MATCH_STATUSES.includes(match.status)) throw new ConflictException(`Match ${matchId} is ${match.status} and cannot be cancelled`);
      await this.move(tx, match, 'cancelled', actor, reason);
      return match;
    });
  }

  /** An applicant who withdraws takes their open proposals and matches with them. */
  async cancelForWithdrawal(tx: Transaction, role: 'mentor' | 'student', applicationId: number): Promise<number> {
    const matches = await tx.manager.find(Match, {
      where: { [role === 'mentor' ? 'mentorId' : 'studentId']: applicationId, status: In(ACTIVE_MATCH_STATUSES) },
      lock: { mode: 'pessimistic_write' },
    });
    for (const match of matches) await this.move(tx, match, 'cancelled', { role, id: applicationId }, 'applicant withdrew');
    return matches.length;
  }

  async history(matchId: number): Promise<MatchEvent[]> {
    const exists = await this.dataSource.getRepository(Match).existsBy({ id: matchId });
    if (!exists) throw new NotFoundException(`Match ${matchId} not found`);
    return this.dataSource.getRepository(MatchEvent).find({ where: { matchId }, order: { id: 'ASC' } });
  }

  private async lockOwnProposal(manager: EntityManager, mentorId: number, matchId: number): Promise<Match> {
    const match = await manager.findOne(Match, { where: { id: matchId, mentorId }, lock: { mode: 'pessimistic_write' } });
    if (!match) throw new NotFoundException(`Proposal ${matchId} not found`);
    if (match.status !== 'proposed') throw new ConflictException(`Proposal ${matchId} is already ${match.status}`);
    if (match.respondBy.getTime() <= Date.now()) throw new ConflictException(`The deadline to answer proposal ${matchId} has passed`);
    return match;
  }

  private async move(tx: Transaction, match: Match, to: MatchStatus, actor: Actor, reason: string | null): Promise<void> {
    const from = match.status;
    const result = await tx.manager.update(Match, { id: match.id, status: from }, {
      status: to,
      respondedAt: actor.role === 'mentor' ? new Date() : match.respondedAt,
      declineReason: match.declineReason,
      note: match.note,
    });
    if (!result.affected) throw new ConflictException(`Match ${match.id} changed meanwhile; try again`);
    match.status = to;
    await this.recordEvents(tx.manager, [{ match, from, to }], actor, reason);
    if (from === 'proposed' && match.roundId !== null) await this.queueNextRoundWhenResolved(tx, match);
  }

  private async recordEvents(
    manager: EntityManager, changes: Array<{ match: Match; from: MatchStatus | null; to: MatchStatus }>, actor: Actor, reason: string | null,
  ): Promise<void> {
    const rows = changes.map(({ match, from, to }) => ({ matchId: match.id, fromStatus: from, toStatus: to, actorRole: actor.role, actorId: actor.id, reason }));
    for (let start = 0; start < rows.length; start += 2000) {
      await manager.createQueryBuilder().insert().into(MatchEvent).values(rows.slice(start, start + 2000)).updateEntity(false).execute();
    }
  }

  private async tellStudentNotPlaced(tx: Transaction, match: Match, type: 'proposal_declined' | 'proposal_expired'): Promise<void> {
    const [cohort, student] = await Promise.all([
      tx.manager.findOneByOrFail(Cohort, { id: match.cohortId }),
      tx.manager.findOneByOrFail(StudentApplication, { id: match.studentId }),
    ]);
    await this.notifications.record(tx, {
      type, cohortId: cohort.id, cohortName: cohort.name, studentId: student.id, matchId: match.id, recipient: { email: student.email, name: student.name },
    });
  }

  /**
   * autoRounds: each resolved proposal of a round asks the worker to check whether the whole round is
   * resolved. Counting here would race (two last answers each see the other still open); the follow-up job
   * counts after commit, and requesting the next round is itself one-at-a-time per cohort.
   */
  private async queueNextRoundWhenResolved(tx: Transaction, match: Match): Promise<void> {
    const cohort = await tx.manager.findOneByOrFail(Cohort, { id: match.cohortId });
    if (!cohort.autoRounds) return;
    tx.emit({ queue: QUEUE.matching, name: 'follow-up', payload: { roundId: match.roundId! }, jobId: `follow-up-${match.roundId}-${match.id}` });
  }
}

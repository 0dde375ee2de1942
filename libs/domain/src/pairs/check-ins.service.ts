import { AppConfig } from '@app/config';
import { CheckInAnswer, CheckInView } from '@app/contracts';
import { CheckInRow, Cohort, Match, MentorApplication, StudentApplication } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, LessThan, LessThanOrEqual, MoreThan, Not } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { ConflictError, GoneError, NotFoundError } from '../errors/domain-errors';
import { CheckInTokensService } from '../identity/check-in-tokens.service';
import { checkInJob } from '../messaging/jobs';
import { OutboxService, RESTORE_BATCH, Transaction } from '../messaging/outbox.service';
import { NotificationPolicy } from '../notifications/notification-policy';
import { checkInDue, periodStart } from './check-in-schedule';

/** Pairs one sweep sends at most; the next sweep takes the rest. */
const SWEEP_BATCH = 1000;

/** How long the after-commit hand-over of a pair's next job is given before the reconcile counts the job as lost. */
const RECENT_MS = 10_000;

/**
 * The check-ins of DESIGN §7. A pair carries the period it is due next (`nextCheckInPeriod`, `nextCheckInAt`); the
 * delayed job of that period, or the sweep, sends it: both members' check-in rows (unique per pair, period and role)
 * and emails in one transaction that also moves the pair to its next period and schedules that. A job or sweep for a
 * period no longer due finds the pair moved on and sends nothing, so each member gets one check-in per period
 * however often the work runs.
 */
@Injectable()
export class CheckInsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly cohorts: CohortsService,
    private readonly notify: NotificationPolicy,
    private readonly tokens: CheckInTokensService,
    private readonly config: AppConfig,
  ) {}

  /** Sends the pair's check-in of `period` if that is the one due now; returns how many members it was sent to. */
  async sendDue(matchId: number, period: number): Promise<number> {
    return this.outbox.transaction(async (tx) => {
      const match = await tx.manager.findOne(Match, { where: { id: matchId }, lock: { mode: 'pessimistic_write' } });
      if (!match || match.status !== 'accepted' || match.nextCheckInPeriod !== period || !match.nextCheckInAt || match.nextCheckInAt > new Date()) return 0;
      const cohort = await this.cohorts.get(match.cohortId, tx.manager);
      const dayMs = this.config.CHECK_IN_DAY_MS;
      const now = new Date();
      // After an outage several periods may have passed: only the current one is sent, not links that already expired.
      let current = period;
      for (let following = checkInDue(cohort, match.acceptedAt!, current + 1, dayMs); following && following.at <= now;) {
        current = following.period;
        following = checkInDue(cohort, match.acceptedAt!, current + 1, dayMs);
      }
      const open = periodStart(match.acceptedAt!, current + 1, cohort.checkInEveryDays, dayMs) > now;
      // The settings may have changed since this period was scheduled: check-ins turned off, the programme shortened.
      const sent = open && checkInDue(cohort, match.acceptedAt!, current, dayMs) ? await this.send(tx, cohort, match, current) : 0;
      const next = checkInDue(cohort, match.acceptedAt!, current + 1, dayMs);
      await tx.manager.update(Match, { id: match.id }, { nextCheckInPeriod: next?.period ?? null, nextCheckInAt: next?.at ?? null });
      if (next) tx.emit(checkInJob(match.id, next.period, next.at));
      return sent;
    });
  }

  /** The safety net behind the delayed jobs: every pair whose check-in is due and was not sent (its job lost or late). */
  async sweep(): Promise<number> {
    const due = await this.dataSource.manager.find(Match, {
      select: { id: true, nextCheckInPeriod: true },
      where: { status: 'accepted', nextCheckInAt: LessThanOrEqual(new Date()) },
      order: { nextCheckInAt: 'ASC' },
      take: SWEEP_BATCH,
    });
    let sent = 0;
    for (const match of due) sent += await this.sendDue(match.id, match.nextCheckInPeriod!);
    return sent;
  }

  /**
   * The reconcile's part: every pair with a check-in ahead needs its delayed job; one Redis lost is added again. A pair
   * changed in the last few seconds is left to its own after-commit hand-over, which may not have reached Redis yet.
   */
  async restoreLost(): Promise<number> {
    let restored = 0;
    const settledBefore = new Date(Date.now() - RECENT_MS);
    for (let after = 0; ;) {
      const pairs = await this.dataSource.manager.find(Match, {
        select: { id: true, nextCheckInPeriod: true, nextCheckInAt: true },
        where: { status: 'accepted', id: MoreThan(after), nextCheckInPeriod: Not(IsNull()), updatedAt: LessThan(settledBefore) },
        order: { id: 'ASC' },
        take: RESTORE_BATCH,
      });
      if (pairs.length === 0) return restored;
      after = pairs[pairs.length - 1].id;
      const jobs = pairs.map((pair) => checkInJob(pair.id, pair.nextCheckInPeriod!, pair.nextCheckInAt!));
      restored += (await this.outbox.restoreLost(jobs)).restored.length;
    }
  }

  /** What the confirm page shows; opening a link records nothing (mail scanners open links). */
  async view(token: string): Promise<CheckInView<Date>> {
    const checkIn = await this.openCheckIn(this.dataSource.manager, token, false);
    return this.viewOf(this.dataSource.manager, checkIn);
  }

  /** The member's answer to the check-in; a second answer in the period replaces the first. `need_help` tells the coordinators at once. */
  async answer(token: string, answer: CheckInAnswer, note: string | null): Promise<CheckInView<Date>> {
    return this.outbox.transaction(async (tx) => {
      const checkIn = await this.openCheckIn(tx.manager, token, true);
      const match = await tx.manager.findOneByOrFail(Match, { id: checkIn.matchId });
      if (match.status !== 'accepted') throw new ConflictError(`Pair ${match.id} is ${match.status}; its check-ins are over`, 'pair_not_active');
      Object.assign(checkIn, { answer, note, answeredAt: new Date() });
      await tx.manager.update(CheckInRow, { id: checkIn.id }, { answer, note, answeredAt: checkIn.answeredAt });
      if (answer === 'need_help') await this.askForHelp(tx, match, checkIn);
      return this.viewOf(tx.manager, checkIn);
    });
  }

  private async send(tx: Transaction, cohort: Cohort, match: Match, period: number): Promise<number> {
    const closesAt = periodStart(match.acceptedAt!, period + 1, cohort.checkInEveryDays, this.config.CHECK_IN_DAY_MS);
    const [mentor, student] = await Promise.all([
      tx.manager.findOneByOrFail(MentorApplication, { id: match.mentorId }),
      tx.manager.findOneByOrFail(StudentApplication, { id: match.studentId }),
    ]);
    const members = [
      { role: 'mentor' as const, person: mentor, partnerName: student.name },
      { role: 'student' as const, person: student, partnerName: mentor.name },
    ];
    await tx.manager.createQueryBuilder().insert().into(CheckInRow)
      .values(members.map(({ role, person }) => ({ matchId: match.id, period, role, applicationId: person.id, closesAt })))
      .orIgnore().updateEntity(false).execute();
    const rows = await tx.manager.find(CheckInRow, { where: { matchId: match.id, period, role: In(members.map((member) => member.role)) } });
    await this.notify.checkInsDue(tx, cohort, members.map(({ role, person, partnerName }) => ({
      checkIn: rows.find((row) => row.role === role)!, recipient: person, partnerName,
    })));
    return rows.length;
  }

  private async askForHelp(tx: Transaction, match: Match, checkIn: CheckInRow): Promise<void> {
    const [cohort, mentor, student] = await Promise.all([
      this.cohorts.get(match.cohortId, tx.manager),
      tx.manager.findOneByOrFail(MentorApplication, { id: match.mentorId }),
      tx.manager.findOneByOrFail(StudentApplication, { id: match.studentId }),
    ]);
    const [asker, partner] = checkIn.role === 'mentor' ? [mentor, student] : [student, mentor];
    await this.notify.helpRequested(tx, cohort, checkIn, asker, partner.name);
  }

  /** The check-in a token answers: unknown → 404; its period over → 410. */
  private async openCheckIn(manager: EntityManager, token: string, lock: boolean): Promise<CheckInRow> {
    const checkInId = await this.tokens.checkInOf(token);
    const checkIn = checkInId === null ? null : await manager.findOne(CheckInRow, {
      where: { id: checkInId },
      ...(lock && { lock: { mode: 'pessimistic_write' as const } }),
    });
    if (!checkIn) throw new NotFoundError('This check-in link is not valid');
    if (checkIn.closesAt <= new Date()) throw new GoneError('This check-in has closed: the next period has begun');
    return checkIn;
  }

  private async viewOf(manager: EntityManager, checkIn: CheckInRow): Promise<CheckInView<Date>> {
    const match = await manager.findOneByOrFail(Match, { id: checkIn.matchId });
    const cohort = await this.cohorts.get(match.cohortId, manager);
    const partner = checkIn.role === 'mentor'
      ? await manager.findOneByOrFail(StudentApplication, { id: match.studentId })
      : await manager.findOneByOrFail(MentorApplication, { id: match.mentorId });
    return {
      cohortName: cohort.name, role: checkIn.role, partnerName: partner.name, period: checkIn.period,
      closesAt: checkIn.closesAt, answer: checkIn.answer, note: checkIn.note,
    };
  }
}

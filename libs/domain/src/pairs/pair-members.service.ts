import { AppConfig } from '@app/config';
import { EndReason, MePair, MeetingMode, PAIR_STATUSES, PairGoal, PairMeeting, PairStatus } from '@app/contracts';
import { CheckInRow, Cohort, Match, MentorApplication, PairGoalRow, PairMeetingRow, StudentApplication } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { mentorContactOf, studentContactOf } from '../cards/cards';
import { ConflictError, InvalidError, NotFoundError } from '../errors/domain-errors';
import { ApplicantIdentity } from '../identity/applicant-tokens.service';
import { MatchesService } from '../matches/matches.service';
import { OutboxService } from '../messaging/outbox.service';
import { chinaDateOf, isCalendarDate } from './china-date';
import { pairHealth } from './pair-health';
import { pairSignals } from './pair-signals';

export interface NewMeeting {
  heldOn: string;
  minutes: number;
  mode: MeetingMode;
  summary: string | null;
}

const meetingOf = (row: PairMeetingRow): PairMeeting<Date> => ({
  id: row.id, heldOn: row.heldOn, minutes: row.minutes, mode: row.mode, summary: row.summary, loggedBy: row.loggedBy, createdAt: row.createdAt,
});

/**
 * What the two members of a pair do together on their personal pages (DESIGN §7): only their own pair, ever
 * (anyone else's is 404), and only while it is accepted (an ended or completed pair is read-only: 409).
 */
@Injectable()
export class PairMembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly matches: MatchesService,
    private readonly config: AppConfig,
  ) {}

  async list(identity: ApplicantIdentity): Promise<MePair<Date>[]> {
    const manager = this.dataSource.manager;
    const matches = await manager.find(Match, {
      where: { ...ownerOf(identity), status: In([...PAIR_STATUSES]) },
      order: { acceptedAt: 'DESC' },
    });
    if (matches.length === 0) return [];
    const matchIds = matches.map((match) => match.id);
    const partnerIds = matches.map((match) => (identity.role === 'mentor' ? match.studentId : match.mentorId));
    const [partners, goals, meetings, checkIns, cohorts] = await Promise.all([
      identity.role === 'mentor' ? manager.findBy(StudentApplication, { id: In(partnerIds) }) : manager.findBy(MentorApplication, { id: In(partnerIds) }),
      manager.find(PairGoalRow, { where: { matchId: In(matchIds) }, order: { position: 'ASC' } }),
      manager.find(PairMeetingRow, { where: { matchId: In(matchIds) }, order: { heldOn: 'DESC', id: 'DESC' } }),
      manager.find(CheckInRow, { where: { matchId: In(matchIds) }, order: { period: 'DESC' } }),
      manager.findBy(Cohort, { id: In([...new Set(matches.map((match) => match.cohortId))]) }),
    ]);
    const partnerById = new Map<number, MentorApplication | StudentApplication>(partners.map((partner) => [partner.id, partner]));
    const cohortOf = new Map(cohorts.map((cohort) => [cohort.id, cohort]));
    const now = new Date();
    return matches.map((match) => {
      const partner = partnerById.get(identity.role === 'mentor' ? match.studentId : match.mentorId)!;
      const ownMeetings = meetings.filter((meeting) => meeting.matchId === match.id);
      const pairCheckIns = checkIns.filter((checkIn) => checkIn.matchId === match.id);
      const signals = pairSignals(match, ownMeetings, pairCheckIns, now);
      return {
        matchId: match.id,
        status: match.status as PairStatus,
        acceptedAt: match.acceptedAt!,
        role: identity.role,
        partner: identity.role === 'mentor' ? studentContactOf(partner as StudentApplication) : mentorContactOf(partner as MentorApplication),
        goals: goals.filter((goal) => goal.matchId === match.id).map(({ text, done }) => ({ text, done })),
        meetings: ownMeetings.map(meetingOf),
        checkIns: pairCheckIns.filter((checkIn) => checkIn.role === identity.role).map(({ id, period, role, sentAt, closesAt, answer, note, answeredAt }) => ({
          id, period, role, sentAt, closesAt, answer, note, answeredAt,
        })),
        endedAt: match.endedAt,
        endReason: match.endReason,
        endedBy: match.endedBy,
        completedAt: match.status === 'completed' ? cohortOf.get(match.cohortId)!.completedAt : null,
        health: pairHealth(signals, cohortOf.get(match.cohortId)!.checkInEveryDays, now, this.config.CHECK_IN_DAY_MS),
      };
    });
  }

  /** Either member replaces the pair's goals as a whole, in the order given. */
  async replaceGoals(identity: ApplicantIdentity, matchId: number, goals: PairGoal[]): Promise<PairGoal[]> {
    return this.outbox.transaction(async ({ manager }) => {
      await this.lockActivePair(manager, identity, matchId);
      await manager.delete(PairGoalRow, { matchId });
      if (goals.length > 0) {
        await manager.insert(PairGoalRow, goals.map((goal, position) => ({ matchId, position, text: goal.text, done: goal.done })));
      }
      return goals.map(({ text, done }) => ({ text, done }));
    });
  }

  async meetings(identity: ApplicantIdentity, matchId: number): Promise<PairMeeting<Date>[]> {
    await this.findPair(this.dataSource.manager, identity, matchId);
    const rows = await this.dataSource.manager.find(PairMeetingRow, { where: { matchId }, order: { heldOn: 'DESC', id: 'DESC' } });
    return rows.map(meetingOf);
  }

  /** A meeting on a real day between the acceptance day and today (China dates), logged by the member calling. */
  async logMeeting(identity: ApplicantIdentity, matchId: number, meeting: NewMeeting): Promise<PairMeeting<Date>> {
    return this.outbox.transaction(async ({ manager }) => {
      const match = await this.lockActivePair(manager, identity, matchId);
      const acceptedOn = chinaDateOf(match.acceptedAt!);
      const today = chinaDateOf(new Date());
      if (!isCalendarDate(meeting.heldOn)) throw new InvalidError(['heldOn must be a real date (YYYY-MM-DD)'], [{ field: 'heldOn', rule: 'pattern' }]);
      if (meeting.heldOn > today) throw new InvalidError([`heldOn must not be after today (${today}, China time)`], [{ field: 'heldOn', rule: 'max' }]);
      if (meeting.heldOn < acceptedOn) throw new InvalidError([`heldOn must not be before the pair began (${acceptedOn})`], [{ field: 'heldOn', rule: 'min' }]);
      const row = manager.create(PairMeetingRow, { matchId, ...meeting, loggedBy: identity.role });
      await manager.insert(PairMeetingRow, row);
      return meetingOf(await manager.findOneByOrFail(PairMeetingRow, { id: row.id }));
    });
  }

  /** A member removes an entry they logged; the partner's entries are not theirs to remove (404). */
  async removeMeeting(identity: ApplicantIdentity, matchId: number, meetingId: number): Promise<void> {
    await this.outbox.transaction(async ({ manager }) => {
      await this.lockActivePair(manager, identity, matchId);
      const result = await manager.delete(PairMeetingRow, { id: meetingId, matchId, loggedBy: identity.role });
      if (!result.affected) throw new NotFoundError(`Meeting ${meetingId} not found among the entries you logged`);
    });
  }

  async end(identity: ApplicantIdentity, matchId: number, reason: EndReason, note: string | null): Promise<MePair<Date>> {
    await this.matches.end(matchId, { role: identity.role, id: identity.applicationId }, reason, note);
    return (await this.list(identity)).find((pair) => pair.matchId === matchId)!;
  }

  private async findPair(manager: EntityManager, identity: ApplicantIdentity, matchId: number, lock = false): Promise<Match> {
    const match = await manager.findOne(Match, {
      where: { id: matchId, ...ownerOf(identity), status: In([...PAIR_STATUSES]) },
      ...(lock && { lock: { mode: 'pessimistic_write' as const } }),
    });
    if (!match) throw new NotFoundError(`Pair ${matchId} not found`);
    return match;
  }

  /** Locked, so an end (which locks the same row) cannot slip in between the check and the write. */
  private async lockActivePair(manager: EntityManager, identity: ApplicantIdentity, matchId: number): Promise<Match> {
    const match = await this.findPair(manager, identity, matchId, true);
    if (match.status !== 'accepted') throw new ConflictError(`Pair ${matchId} is ${match.status} and can no longer be changed`, 'pair_not_active');
    return match;
  }
}

function ownerOf(identity: ApplicantIdentity): { mentorId: number } | { studentId: number } {
  return identity.role === 'mentor' ? { mentorId: identity.applicationId } : { studentId: identity.applicationId };
}

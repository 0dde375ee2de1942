import { ApplicantRole, EraseResult, MeExport, PurgeResult } from '@app/contracts';
import {
  APPLICATION_ENTITY, ApplicationEdit, Certificate, CheckInRow, Cohort, Match, MatchEvent, Notification, PairGoalRow, PairMeetingRow,
  StudentChoice, SurveyResponse,
} from '@app/database';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { ApplicantIdentity } from '../identity/applicant-tokens.service';
import { MatchesService } from '../matches/matches.service';
import { OutboxService } from '../messaging/outbox.service';
import { anonymise } from './anonymise';

const OTHER_ROLE: Record<ApplicantRole, ApplicantRole> = { mentor: 'student', student: 'mentor' };

/** DESIGN §10: what applicants may ask of their data (export, erase), the purge of a cohort, and its retention. */
@Injectable()
export class PrivacyService {
  private readonly logger = new Logger(PrivacyService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly matches: MatchesService,
  ) {}

  /** Everything held about the applicant, and only theirs: partners appear by role and id. */
  async export(identity: ApplicantIdentity): Promise<MeExport<Date>> {
    const manager = this.dataSource.manager;
    const { role, applicationId } = identity;
    const application = await manager.findOneBy(APPLICATION_ENTITY[role], { id: applicationId });
    if (!application) throw new NotFoundError('Application not found');
    const cohort = await manager.findOneByOrFail(Cohort, { id: application.cohortId });
    const matches = await manager.find(Match, { where: { [`${role}Id`]: applicationId }, order: { id: 'ASC' } });
    const matchIds = matches.map((match) => match.id);
    const ofMatches = <T>(find: () => Promise<T[]>): Promise<T[]> => (matchIds.length ? find() : Promise.resolve([]));
    const [choices, edits, events, goals, meetings, checkIns, responses, certificates, notifications] = await Promise.all([
      role === 'student' ? manager.find(StudentChoice, { where: { studentId: applicationId }, order: { rank: 'ASC' } }) : Promise.resolve([]),
      manager.find(ApplicationEdit, { where: { role, applicationId }, order: { id: 'ASC' } }),
      ofMatches(() => manager.find(MatchEvent, { where: { matchId: In(matchIds) }, order: { id: 'ASC' } })),
      ofMatches(() => manager.find(PairGoalRow, { where: { matchId: In(matchIds) }, order: { position: 'ASC' } })),
      ofMatches(() => manager.find(PairMeetingRow, { where: { matchId: In(matchIds) }, order: { heldOn: 'ASC', id: 'ASC' } })),
      manager.find(CheckInRow, { where: { role, applicationId }, order: { id: 'ASC' } }),
      manager.find(SurveyResponse, { where: { role, applicationId }, order: { id: 'ASC' } }),
      manager.find(Certificate, { where: { role, applicationId }, order: { id: 'ASC' } }),
      // Every email to an applicant carries their link, so its owner says whose it is (an address may apply twice).
      manager.find(Notification, { where: { linkRole: role, linkApplicationId: applicationId }, order: { id: 'ASC' } }),
    ]);
    const partner = OTHER_ROLE[role];
    return {
      exportedAt: new Date(),
      role,
      cohort: { id: cohort.id, name: cohort.name },
      application: { ...application },
      choices: choices.map(({ rank, mentorId }) => ({ rank, mentorId })),
      edits: edits.map((edit) => ({ at: edit.createdAt, changes: edit.changes })),
      matches: matches.map((match) => ({
        id: match.id, status: match.status, partner: { role: partner, id: partner === 'mentor' ? match.mentorId : match.studentId },
        createdAt: match.createdAt, respondBy: match.respondBy, declineReason: match.declineReason, note: match.note,
        acceptedAt: match.acceptedAt, endedAt: match.endedAt, endReason: match.endReason, endNote: match.endNote,
        history: events.filter((event) => event.matchId === match.id)
          .map((event) => ({ at: event.createdAt, from: event.fromStatus, to: event.toStatus, actorRole: event.actorRole, reason: event.reason })),
        goals: goals.filter((goal) => goal.matchId === match.id).map(({ text, done }) => ({ text, done })),
        meetings: meetings.filter((meeting) => meeting.matchId === match.id)
          .map(({ heldOn, minutes, mode, summary, loggedBy }) => ({ heldOn, minutes, mode, summary, loggedBy })),
      })),
      checkIns: checkIns.map(({ matchId, period, sentAt, answer, note, answeredAt }) => ({ matchId, period, sentAt, answer, note, answeredAt })),
      surveyResponses: responses.map(({ surveyId, answers, shareName, submittedAt }) => ({ surveyId, answers, shareName, submittedAt })),
      certificates: certificates.map(({ kind, code, issuedOn }) => ({ kind, code, issuedOn })),
      notifications: notifications.map(({ id, type, recipientName, recipientEmail, status, createdAt, sentAt }) => ({ id, type, recipientName, recipientEmail, status, createdAt, sentAt })),
    };
  }

  /**
   * The applicant's application is withdrawn and anonymised, and their open proposals and pairs end through the
   * withdrawal's path, in one transaction. Anonymised first, so the partner's and coordinators' emails about the
   * ending name them by their initial. Their token stops working with the commit.
   */
  async erase(identity: ApplicantIdentity): Promise<EraseResult> {
    return this.outbox.transaction(async (tx) => {
      const entity = APPLICATION_ENTITY[identity.role];
      const application = await tx.manager.findOne(entity, { where: { id: identity.applicationId }, lock: { mode: 'pessimistic_write' } });
      if (!application) throw new NotFoundError('Application not found');
      await tx.manager.update(entity, { id: application.id }, { status: 'withdrawn' });
      await anonymise(tx.manager, { kind: 'person', cohortId: application.cohortId, role: identity.role, applicationId: application.id });
      const cancelledMatches = await this.matches.cancelForWithdrawal(tx, identity.role, application.id);
      return { id: application.id, status: 'withdrawn' as const, cancelledMatches };
    });
  }

  /** Anonymises an archived cohort now (409 `cohort_not_archived` otherwise); a second purge changes nothing. */
  async purge(cohortId: number): Promise<PurgeResult<Date>> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await manager.findOne(Cohort, { where: { id: cohortId }, lock: { mode: 'pessimistic_write' } });
      if (!cohort) throw new NotFoundError(`Cohort ${cohortId} not found`);
      if (cohort.status !== 'archived') throw new ConflictError(`Cohort ${cohortId} is ${cohort.status}; only an archived cohort can be purged`, 'cohort_not_archived');
      if (cohort.anonymisedAt) return { cohortId, applications: 0, anonymisedAt: cohort.anonymisedAt };
      const applications = await anonymise(manager, { kind: 'cohort', cohortId });
      const anonymisedAt = new Date();
      await manager.update(Cohort, { id: cohortId }, { anonymisedAt });
      return { cohortId, applications, anonymisedAt };
    });
  }

  /**
   * The daily retention job: every archived cohort whose `retainDays` have passed since archiving, each in its own
   * transaction, so a run that stops part-way has finished the cohorts before and the next run takes the rest.
   */
  async applyRetention(now = new Date()): Promise<PurgeResult<Date>[]> {
    const due = (await this.dataSource.query(
      "SELECT id FROM cohorts WHERE status = 'archived' AND anonymised_at IS NULL AND archived_at <= DATE_SUB(?, INTERVAL retain_days DAY) ORDER BY id",
      [now],
    )) as Array<{ id: number }>;
    const done: PurgeResult<Date>[] = [];
    for (const { id } of due) {
      done.push(await this.purge(Number(id)));
      this.logger.log(`Retention: cohort ${id} anonymised (${done[done.length - 1].applications} applications)`);
    }
    return done;
  }
}

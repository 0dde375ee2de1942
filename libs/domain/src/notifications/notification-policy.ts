import { AppConfig } from '@app/config';
import { ApplicantRole, EndReason, RoundStats } from '@app/contracts';
import { CheckInRow, Cohort, Coordinator, Match, MentorApplication, StudentApplication, Survey } from '@app/database';
import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { mentorContactOf, studentCardOf, studentContactOf } from '../cards/cards';
import { Transaction } from '../messaging/outbox.service';
import { NotificationsService } from './notifications.service';

/** The application a receipt is for: the people of both roles share these columns. */
type Applicant = Pick<MentorApplication | StudentApplication, 'id' | 'name' | 'email'>;

export interface ProposalMade {
  cohort: Cohort;
  match: Match;
  mentor: MentorApplication;
  student: StudentApplication;
}

/**
 * What is emailed on which event, and to whom: the one place to read it. Each method is called inside the
 * transaction of the change that causes it, so the message is recorded (and its send job emitted) with it.
 */
@Injectable()
export class NotificationPolicy {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  /** Both roles: a receipt with the personal link. */
  applicationReceived(tx: Transaction, cohort: Cohort, role: ApplicantRole, application: Applicant): Promise<void> {
    return this.notifications.record(tx, {
      type: 'application_received', cohortId: cohort.id, cohortName: cohort.name, role, applicationId: application.id,
      recipient: { email: application.email, name: application.name },
    });
  }

  /** Each mentor: the proposed student's card (no contact details) and the deadline. */
  proposalsMade(tx: Transaction, proposals: ProposalMade[]): Promise<void> {
    return this.notifications.record(tx, ...proposals.map(({ cohort, match, mentor, student }) => ({
      type: 'proposal_to_mentor' as const, cohortId: cohort.id, cohortName: cohort.name, mentorId: mentor.id, matchId: match.id,
      recipient: { email: mentor.email, name: mentor.name }, student: studentCardOf(student), respondBy: match.respondBy,
    })));
  }

  /** The mentor, a day before the deadline of a proposal still unanswered. */
  proposalReminderDue(tx: Transaction, { cohort, match, mentor, student }: ProposalMade): Promise<void> {
    return this.notifications.record(tx, {
      type: 'proposal_reminder', cohortId: cohort.id, cohortName: cohort.name, mentorId: mentor.id, matchId: match.id,
      recipient: { email: mentor.email, name: mentor.name }, student: studentCardOf(student), respondBy: match.respondBy,
    });
  }

  /** Both members: the other's contact details, disclosed now that the mentor accepted. */
  matchAccepted(tx: Transaction, { cohort, match, mentor, student }: ProposalMade): Promise<void> {
    return this.notifications.record(tx,
      { type: 'match_confirmed', cohortId: cohort.id, cohortName: cohort.name, role: 'mentor', applicationId: mentor.id, matchId: match.id,
        recipient: { email: mentor.email, name: mentor.name }, counterpart: studentContactOf(student) },
      { type: 'match_confirmed', cohortId: cohort.id, cohortName: cohort.name, role: 'student', applicationId: student.id, matchId: match.id,
        recipient: { email: student.email, name: student.name }, counterpart: mentorContactOf(mentor) },
    );
  }

  /** The student, when the mentor declined or let the deadline pass: they stay in the pool. */
  studentNotPlaced(tx: Transaction, cohort: Cohort, match: Match, student: StudentApplication, outcome: 'declined' | 'expired'): Promise<void> {
    return this.notifications.record(tx, {
      type: outcome === 'declined' ? 'proposal_declined' : 'proposal_expired', cohortId: cohort.id, cohortName: cohort.name,
      studentId: student.id, matchId: match.id, recipient: { email: student.email, name: student.name },
    });
  }

  /** The coordinators: the round's figures. */
  async roundCompleted(tx: Transaction, cohort: Cohort, round: { id: number; number: number; dryRun: boolean; stats: RoundStats }): Promise<void> {
    await this.notifications.record(tx, ...(await this.coordinators(tx)).map((recipient) => ({
      type: 'round_summary' as const, cohortId: cohort.id, cohortName: cohort.name, recipient,
      roundId: round.id, roundNumber: round.number, dryRun: round.dryRun, stats: round.stats,
    })));
  }

  /** Each member of each pair: the check-in of the period just begun, with its three one-tap answers. */
  checkInsDue(tx: Transaction, cohort: Cohort, checkIns: Array<{ checkIn: CheckInRow; recipient: Applicant; partnerName: string }>): Promise<void> {
    return this.notifications.record(tx, ...checkIns.map(({ checkIn, recipient, partnerName }) => ({
      type: 'check_in' as const, cohortId: cohort.id, cohortName: cohort.name, recipient: { email: recipient.email, name: recipient.name },
      role: checkIn.role, applicationId: checkIn.applicationId, checkInId: checkIn.id, period: checkIn.period, partnerName, closesAt: checkIn.closesAt,
    })));
  }

  /** The coordinators, at once: a member answered a check-in with `need_help`. */
  async helpRequested(tx: Transaction, cohort: Cohort, checkIn: CheckInRow, asker: Applicant, partnerName: string): Promise<void> {
    await this.notifications.record(tx, ...(await this.coordinators(tx)).map((recipient) => ({
      type: 'check_in_help' as const, cohortId: cohort.id, cohortName: cohort.name, recipient, checkInId: checkIn.id,
      askedBy: checkIn.role, askerName: asker.name, partnerName, note: checkIn.note,
    })));
  }

  /** The partner of whoever ended it (both members when a coordinator did) and the coordinators. */
  async pairEnded(
    tx: Transaction,
    { cohort, match, mentor, student }: ProposalMade,
    ended: { by: ApplicantRole | 'coordinator'; reason: EndReason; note: string | null },
  ): Promise<void> {
    const base = {
      type: 'pair_ended' as const, cohortId: cohort.id, cohortName: cohort.name, matchId: match.id, endedBy: ended.by,
      reason: ended.reason, note: ended.note, studentName: student.name, mentorName: mentor.name,
    };
    const members = [{ role: 'mentor' as const, person: mentor }, { role: 'student' as const, person: student }].filter(({ role }) => role !== ended.by);
    await this.notifications.record(tx,
      ...members.map(({ role, person }) => ({ ...base, recipient: { email: person.email, name: person.name }, member: { role, applicationId: person.id } })),
      ...(await this.coordinators(tx)).map((recipient) => ({ ...base, recipient, member: null })),
    );
  }

  /** Each person invited to a survey as it is published (or, `reminder`, who has not answered 48 h before it closes). */
  surveyInvited(tx: Transaction, cohort: Cohort, survey: Survey, people: Array<Applicant & { role: ApplicantRole }>, reminder = false): Promise<void> {
    return this.notifications.record(tx, ...people.map((person) => ({
      type: reminder ? 'survey_reminder' as const : 'survey_invitation' as const, cohortId: cohort.id, cohortName: cohort.name,
      recipient: { email: person.email, name: person.name }, surveyId: survey.id, role: person.role, applicationId: person.id,
      title: survey.title, closesAt: survey.closesAt,
    })));
  }

  /** Every active coordinator, and the office's address when configured. */
  private async coordinators(tx: Transaction): Promise<Array<{ email: string; name: string }>> {
    const coordinators = await tx.manager.find(Coordinator, { where: { revokedAt: IsNull() } });
    const recipients = coordinators.map((coordinator) => ({ email: coordinator.email, name: coordinator.name }));
    if (this.config.COORDINATOR_EMAIL) recipients.push({ email: this.config.COORDINATOR_EMAIL, name: '校友部 Alumni Office' });
    return recipients;
  }
}

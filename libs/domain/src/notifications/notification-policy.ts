import { AppConfig } from '@app/config';
import { ApplicantRole, EndReason, ReviewDecisionValue, RoundStats, UnmatchedReason } from '@app/contracts';
import { CheckInRow, Cohort, Match, MentorApplication, Staff, StudentApplication, Survey } from '@app/database';
import { Injectable } from '@nestjs/common';
import { mentorContactOf, studentCardOf, studentContactOf } from '../cards/cards';
import { Transaction } from '../messaging/outbox.service';
import { CoordinatorText, NotificationMessage } from './messages';
import { NotificationsService } from './notifications.service';

/** The heading of staff account emails, where others show their cohort. */
const STAFF_MAIL_HEADING = '管理后台 · Console';

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

  /** Each application reviewed: approved, or rejected with the coordinator's note. */
  applicationsReviewed(tx: Transaction, cohort: Cohort, role: ApplicantRole, applications: Applicant[], decision: ReviewDecisionValue, note: string | null): Promise<void> {
    return this.notifications.record(tx, ...applications.map((application) => {
      const base = { cohortId: cohort.id, cohortName: cohort.name, role, applicationId: application.id, recipient: { email: application.email, name: application.name } };
      return decision === 'approved' ? { ...base, type: 'application_approved' as const } : { ...base, type: 'application_rejected' as const, note };
    }));
  }

  /**
   * One email per mentor and round listing every student proposed to them in it (a proposal by hand is its own), and
   * each student the mentor they are proposed to, with the deadline.
   */
  proposalsMade(tx: Transaction, proposals: ProposalMade[]): Promise<void> {
    const byMentorAndRound = new Map<string, ProposalMade[]>();
    for (const proposal of proposals) {
      const key = proposal.match.roundId === null ? `match:${proposal.match.id}` : `${proposal.mentor.id}:${proposal.match.roundId}`;
      byMentorAndRound.set(key, [...(byMentorAndRound.get(key) ?? []), proposal]);
    }
    return this.notifications.record(tx,
      ...[...byMentorAndRound.values()].map((group) => this.mentorProposals('proposal_to_mentor', group)),
      ...proposals.map(({ cohort, match, mentor, student }) => ({
        type: 'proposal_made' as const, cohortId: cohort.id, cohortName: cohort.name, studentId: student.id, matchId: match.id,
        recipient: { email: student.email, name: student.name }, mentorName: mentor.name, respondBy: match.respondBy,
      })),
    );
  }

  /** The mentor, a day before the deadline: the proposals of one round still unanswered, in one email. */
  proposalReminderDue(tx: Transaction, proposals: ProposalMade[]): Promise<void> {
    return this.notifications.record(tx, this.mentorProposals('proposal_reminder', proposals));
  }

  /** Each student a real round left unplaced: the reason in plain words, and that they stay in the pool. */
  studentsUnplaced(tx: Transaction, cohort: Cohort, round: { id: number; number: number }, unplaced: Array<{ student: Applicant; reason: UnmatchedReason }>): Promise<void> {
    return this.notifications.record(tx, ...unplaced.map(({ student, reason }) => ({
      type: 'student_unplaced' as const, cohortId: cohort.id, cohortName: cohort.name, studentId: student.id, roundId: round.id, roundNumber: round.number,
      reason, recipient: { email: student.email, name: student.name },
    })));
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
    await this.notifications.record(tx, ...(await this.coordinators(tx, cohort.id)).map((recipient) => ({
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
    await this.notifications.record(tx, ...(await this.coordinators(tx, cohort.id)).map((recipient) => ({
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
      ...(await this.coordinators(tx, cohort.id)).map((recipient) => ({ ...base, recipient, member: null })),
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

  /** An applicant who asked for their link again (a request the rate limit let through). */
  linkResent(tx: Transaction, cohort: Cohort, role: ApplicantRole, application: Applicant, requestId: string): Promise<void> {
    return this.notifications.record(tx, {
      type: 'link_resent', cohortId: cohort.id, cohortName: cohort.name, role, applicationId: application.id, requestId,
      recipient: { email: application.email, name: application.name },
    });
  }

  /** Each recipient of a coordinator's announcement, with their personal link. */
  announced(tx: Transaction, cohort: Cohort, announcement: { id: number; subject: CoordinatorText; body: CoordinatorText }, people: Array<Applicant & { role: ApplicantRole }>): Promise<void> {
    return this.notifications.record(tx, ...people.map((person) => ({
      type: 'announcement' as const, cohortId: cohort.id, cohortName: cohort.name, announcementId: announcement.id, role: person.role, applicationId: person.id,
      subject: announcement.subject, body: announcement.body, recipient: { email: person.email, name: person.name },
    })));
  }

  /** A new staff member: who invited them, as what, and a sign-in link. */
  staffInvited(tx: Transaction, staff: Staff, invitedBy: string): Promise<void> {
    return this.notifications.record(tx, {
      type: 'staff_invitation', cohortId: null, cohortName: STAFF_MAIL_HEADING, staffId: staff.id, role: staff.role, invitedBy,
      recipient: { email: staff.email, name: staff.name },
    });
  }

  /** A staff member who asked to sign in (a request the rate limit let through): a one-time sign-in link. */
  signInRequested(tx: Transaction, staff: Staff, requestId: string): Promise<void> {
    return this.notifications.record(tx, {
      type: 'staff_sign_in', cohortId: null, cohortName: STAFF_MAIL_HEADING, staffId: staff.id, requestId,
      recipient: { email: staff.email, name: staff.name },
    });
  }

  /** A mentor's proposals of one round (all to the same mentor, sharing the round's deadline) as one message. */
  private mentorProposals(type: 'proposal_to_mentor' | 'proposal_reminder', proposals: ProposalMade[]): NotificationMessage {
    const { cohort, match, mentor } = proposals[0];
    return {
      type, cohortId: cohort.id, cohortName: cohort.name, mentorId: mentor.id, roundId: match.roundId, recipient: { email: mentor.email, name: mentor.name },
      students: proposals.map((proposal) => ({ matchId: proposal.match.id, card: studentCardOf(proposal.student) })),
      respondBy: new Date(Math.min(...proposals.map((proposal) => proposal.match.respondBy.getTime()))),
    };
  }

  /** The enabled staff who run the cohort (its coordinators and every admin), and the office's address when configured. */
  private async coordinators(tx: Transaction, cohortId: number): Promise<Array<{ email: string; name: string }>> {
    const staff = await tx.manager.createQueryBuilder(Staff, 'staff')
      .leftJoin('staff_cohorts', 'scope', 'scope.staff_id = staff.id AND scope.cohort_id = :cohortId', { cohortId })
      .where('staff.disabledAt IS NULL')
      .andWhere("(staff.role = 'admin' OR scope.cohort_id IS NOT NULL)")
      .orderBy('staff.id')
      .getMany();
    const recipients = staff.map((member) => ({ email: member.email, name: member.name }));
    if (this.config.COORDINATOR_EMAIL) recipients.push({ email: this.config.COORDINATOR_EMAIL, name: '校友部 Alumni Office' });
    return recipients;
  }
}

import type { ApplicantRole, ContactCard, EndReason, NotificationType, RoundStats, StaffRole, StudentCard, SurveyText, UnmatchedReason } from '@app/contracts';

export interface Recipient {
  email: string;
  name: string;
}

interface Base<T extends NotificationType> {
  type: T;
  cohortId: number;
  cohortName: string;
  recipient: Recipient;
}

/** A message to a staff member about their account: no cohort, and a sign-in link minted at send time. */
interface StaffBase<T extends NotificationType> {
  type: T;
  cohortId: null;
  cohortName: string;
  recipient: Recipient;
  staffId: number;
}

/** A student proposed to a mentor: the card a proposal email shows (never the student's contact). */
export interface ProposedStudent {
  matchId: number;
  card: StudentCard;
}

/** Text a coordinator wrote, 中文 required, English optional. */
export interface CoordinatorText {
  zh: string;
  en?: string | null;
}

/**
 * Everything a message needs, by type. Rendering turns one of these into a subject and bodies.
 * A proposal (or its reminder) lists every student proposed to the mentor in one round: one email per mentor and
 * round; `roundId` is null for a coordinator's proposal by hand, which lists its one student.
 */
export type NotificationMessage =
  | (Base<'application_received'> & { role: ApplicantRole; applicationId: number })
  | (Base<'application_approved'> & { role: ApplicantRole; applicationId: number })
  | (Base<'application_rejected'> & { role: ApplicantRole; applicationId: number; note: string | null })
  | (Base<'proposal_to_mentor' | 'proposal_reminder'> & { mentorId: number; roundId: number | null; students: ProposedStudent[]; respondBy: Date })
  | (Base<'proposal_made'> & { studentId: number; matchId: number; mentorName: string; respondBy: Date })
  | (Base<'student_unplaced'> & { studentId: number; roundId: number; roundNumber: number; reason: UnmatchedReason })
  | (Base<'match_confirmed'> & { role: ApplicantRole; applicationId: number; matchId: number; counterpart: ContactCard })
  | (Base<'proposal_declined'> & { studentId: number; matchId: number })
  | (Base<'proposal_expired'> & { studentId: number; matchId: number })
  | (Base<'round_summary'> & { roundId: number; roundNumber: number; dryRun: boolean; stats: RoundStats })
  | (Base<'check_in'> & { role: ApplicantRole; applicationId: number; checkInId: number; period: number; partnerName: string; closesAt: Date })
  | (Base<'check_in_help'> & { checkInId: number; askedBy: ApplicantRole; askerName: string; partnerName: string; note: string | null })
  | (Base<'pair_ended'> & {
      matchId: number;
      /** A member's own copy carries their personal link; a coordinator's carries none. */
      member: { role: ApplicantRole; applicationId: number } | null;
      endedBy: ApplicantRole | 'coordinator';
      reason: EndReason;
      note: string | null;
      studentName: string;
      mentorName: string;
    })
  | (Base<'survey_invitation' | 'survey_reminder'> & { surveyId: number; role: ApplicantRole; applicationId: number; title: SurveyText; closesAt: Date })
  /** `requestId` is unique per accepted request: each resend is its own message (the rate limit bounds how many). */
  | (Base<'link_resent'> & { role: ApplicantRole; applicationId: number; requestId: string })
  | (Base<'announcement'> & { announcementId: number; role: ApplicantRole; applicationId: number; subject: CoordinatorText; body: CoordinatorText })
  | (StaffBase<'staff_invitation'> & { role: StaffRole; invitedBy: string })
  /** `requestId` is unique per request let through: each sign-in link is its own message. */
  | (StaffBase<'staff_sign_in'> & { requestId: string });

/** One message per event and recipient: recording the same event twice keeps the first row. */
export function dedupeKeyOf(message: NotificationMessage): string {
  switch (message.type) {
    case 'application_received':
    case 'application_approved':
    case 'application_rejected':
      return `${message.type}:${message.role}:${message.applicationId}`;
    case 'proposal_to_mentor':
    case 'proposal_reminder':
      return message.roundId === null
        ? `${message.type}:match:${message.students[0].matchId}`
        : `${message.type}:round:${message.roundId}:mentor:${message.mentorId}`;
    case 'proposal_made':
    case 'proposal_declined':
    case 'proposal_expired':
      return `${message.type}:match:${message.matchId}`;
    case 'student_unplaced':
      return `student_unplaced:round:${message.roundId}:student:${message.studentId}`;
    case 'match_confirmed':
      return `match_confirmed:match:${message.matchId}:${message.role}`;
    case 'round_summary':
      return `round_summary:round:${message.roundId}:${message.recipient.email.toLowerCase()}`;
    case 'check_in':
      return `check_in:${message.checkInId}`;
    case 'check_in_help':
      return `check_in_help:${message.checkInId}:${message.recipient.email.toLowerCase()}`;
    case 'pair_ended':
      return `pair_ended:match:${message.matchId}:${message.recipient.email.toLowerCase()}`;
    case 'survey_invitation':
    case 'survey_reminder':
      return `${message.type}:${message.surveyId}:${message.role}:${message.applicationId}`;
    case 'link_resent':
      return `link_resent:${message.role}:${message.applicationId}:${message.requestId}`;
    case 'announcement':
      return `announcement:${message.announcementId}:${message.role}:${message.applicationId}`;
    case 'staff_invitation':
      return `staff_invitation:${message.staffId}`;
    case 'staff_sign_in':
      return `staff_sign_in:${message.staffId}:${message.requestId}`;
    default: {
      const unknown: never = message;
      throw new Error(`Unknown notification ${JSON.stringify(unknown)}`);
    }
  }
}

/** Whose personal link the message carries, if any. */
export function personalLinkOwner(message: NotificationMessage): { role: ApplicantRole; applicationId: number } | null {
  switch (message.type) {
    case 'application_received':
    case 'application_approved':
    case 'application_rejected':
    case 'match_confirmed':
    case 'check_in':
    case 'survey_invitation':
    case 'survey_reminder':
    case 'link_resent':
    case 'announcement':
      return { role: message.role, applicationId: message.applicationId };
    case 'pair_ended':
      return message.member;
    case 'proposal_to_mentor':
    case 'proposal_reminder':
      return { role: 'mentor', applicationId: message.mentorId };
    case 'proposal_made':
    case 'student_unplaced':
    case 'proposal_declined':
    case 'proposal_expired':
      return { role: 'student', applicationId: message.studentId };
    case 'round_summary':
    case 'check_in_help':
    case 'staff_invitation':
    case 'staff_sign_in':
      return null;
    default: {
      const unknown: never = message;
      throw new Error(`Unknown notification ${JSON.stringify(unknown)}`);
    }
  }
}

/** The staff member whose sign-in link the message carries. */
export function staffLinkOf(message: NotificationMessage): number | null {
  return message.type === 'staff_invitation' || message.type === 'staff_sign_in' ? message.staffId : null;
}

/** The check-in whose answer links the message carries: only the check-in email itself. */
export function checkInLinkOf(message: NotificationMessage): number | null {
  return message.type === 'check_in' ? message.checkInId : null;
}

import type { ApplicantRole, ContactCard, EndReason, NotificationType, RoundStats, StudentCard, SurveyText } from '@app/contracts';

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

/** Everything a message needs, by type. Rendering turns one of these into a subject and bodies. */
export type NotificationMessage =
  | (Base<'application_received'> & { role: ApplicantRole; applicationId: number })
  | (Base<'proposal_to_mentor'> & { mentorId: number; matchId: number; student: StudentCard; respondBy: Date })
  | (Base<'proposal_reminder'> & { mentorId: number; matchId: number; student: StudentCard; respondBy: Date })
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
  | (Base<'survey_invitation' | 'survey_reminder'> & { surveyId: number; role: ApplicantRole; applicationId: number; title: SurveyText; closesAt: Date });

/** One message per event and recipient: recording the same event twice keeps the first row. */
export function dedupeKeyOf(message: NotificationMessage): string {
  switch (message.type) {
    case 'application_received':
      return `application_received:${message.role}:${message.applicationId}`;
    case 'proposal_to_mentor':
    case 'proposal_reminder':
    case 'proposal_declined':
    case 'proposal_expired':
      return `${message.type}:match:${message.matchId}`;
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
    case 'match_confirmed':
    case 'check_in':
    case 'survey_invitation':
    case 'survey_reminder':
      return { role: message.role, applicationId: message.applicationId };
    case 'pair_ended':
      return message.member;
    case 'proposal_to_mentor':
    case 'proposal_reminder':
      return { role: 'mentor', applicationId: message.mentorId };
    case 'proposal_declined':
    case 'proposal_expired':
      return { role: 'student', applicationId: message.studentId };
    case 'round_summary':
    case 'check_in_help':
      return null;
    default: {
      const unknown: never = message;
      throw new Error(`Unknown notification ${JSON.stringify(unknown)}`);
    }
  }
}

/** The check-in whose answer links the message carries: only the check-in email itself. */
export function checkInLinkOf(message: NotificationMessage): number | null {
  return message.type === 'check_in' ? message.checkInId : null;
}

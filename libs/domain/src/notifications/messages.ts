import type { ApplicantRole, ContactCard, NotificationType, RoundStats, StudentCard } from '@app/contracts';

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
  | (Base<'round_summary'> & { roundId: number; roundNumber: number; dryRun: boolean; stats: RoundStats });

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
      return { role: message.role, applicationId: message.applicationId };
    case 'proposal_to_mentor':
    case 'proposal_reminder':
      return { role: 'mentor', applicationId: message.mentorId };
    case 'proposal_declined':
    case 'proposal_expired':
      return { role: 'student', applicationId: message.studentId };
    case 'round_summary':
      return null;
    default: {
      const unknown: never = message;
      throw new Error(`Unknown notification ${JSON.stringify(unknown)}`);
    }
  }
}

import type { ApplicantRole } from './applications';

export const NOTIFICATION_TYPES = [
  'application_received',
  'proposal_to_mentor',
  'proposal_reminder',
  'match_confirmed',
  'proposal_declined',
  'proposal_expired',
  'round_summary',
  'check_in',
  'check_in_help',
  'pair_ended',
  'survey_invitation',
  'survey_reminder',
  'application_approved',
  'application_rejected',
  'proposal_made',
  'student_unplaced',
  'link_resent',
  'announcement',
  'staff_invitation',
  'staff_sign_in',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export interface NotificationView<D = string> {
  id: number;
  cohortId: number | null;
  type: NotificationType;
  recipientEmail: string;
  recipientName: string;
  subject: string;
  bodyText: string;
  bodyHtml: string;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  linkRole: ApplicantRole | null;
  linkApplicationId: number | null;
  dedupeKey: string;
  sentAt: D | null;
  createdAt: D;
  updatedAt: D;
}

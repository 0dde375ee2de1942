import { ApplicantRole } from './application-status';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const NOTIFICATION_TYPES = [
  'application_received',
  'proposal_to_mentor',
  'proposal_reminder',
  'match_confirmed',
  'proposal_declined',
  'proposal_expired',
  'round_summary',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

@Entity('notifications')
@Index(['status', 'id'])
@Index(['cohortId', 'status'])
export class Notification {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true, nullable: true })
  cohortId: number | null;

  @Column({ type: 'varchar', length: 40 })
  type: NotificationType;

  @Column({ type: 'varchar', length: 254 })
  recipientEmail: string;

  @Column({ type: 'varchar', length: 100 })
  recipientName: string;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column({ type: 'mediumtext' })
  bodyText: string;

  @Column({ type: 'mediumtext' })
  bodyHtml: string;

  @Column({ type: 'enum', enum: NOTIFICATION_STATUSES, default: 'pending' })
  status: NotificationStatus;

  @Column({ type: 'int', unsigned: true, default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** Whose personal link the body's {{personal_link}} stands for; a fresh token is minted at send time. */
  @Column({ type: 'enum', enum: ['mentor', 'student'], nullable: true })
  linkRole: ApplicantRole | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  linkApplicationId: number | null;

  @Column({ type: 'varchar', length: 191, unique: true })
  dedupeKey: string;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ precision: 3 })
  updatedAt: Date;
}

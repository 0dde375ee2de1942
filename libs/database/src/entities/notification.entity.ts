import { APPLICANT_ROLES, ApplicantRole, APPLICATION_LIMITS, NOTIFICATION_STATUSES, NotificationStatus, NotificationType, NotificationView } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('notifications')
export class Notification implements NotificationView<Date> {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true, nullable: true })
  cohortId: number | null;

  @Column({ type: 'varchar', length: 40 })
  type: NotificationType;

  @Column({ type: 'varchar', length: APPLICATION_LIMITS.email.maxLength })
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
  @Column({ type: 'enum', enum: APPLICANT_ROLES, nullable: true })
  linkRole: ApplicantRole | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  linkApplicationId: number | null;

  /** The check-in whose answer links the body's {{check_in_token}} stands for; a fresh token is minted at send time. */
  @Column({ type: 'int', unsigned: true, nullable: true })
  linkCheckInId: number | null;

  /** The staff member whose sign-in link the body's {{sign_in_link}} stands for; minted at send time, valid 15 minutes. */
  @Column({ type: 'int', unsigned: true, nullable: true })
  linkStaffId: number | null;

  @Column({ type: 'varchar', length: 191, unique: true })
  dedupeKey: string;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ precision: 3 })
  updatedAt: Date;
}

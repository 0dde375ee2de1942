import { ANNOUNCEMENT_AUDIENCES, AnnouncementAudience, APPLICANT_ROLES, ApplicantRole } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Where an announcement's fan-out stands: `queued` (the POST recorded it), `sending` (the worker is recording its
 * emails, `fannedOut` of `recipients` so far), `recorded` (every recipient's email is recorded and queued), `failed`
 * (the fan-out gave up; `error`). The status coordinators see also counts the emails still pending.
 */
export const ANNOUNCEMENT_FAN_OUTS = ['queued', 'sending', 'recorded', 'failed'] as const;
export type AnnouncementFanOut = (typeof ANNOUNCEMENT_FAN_OUTS)[number];

@Entity('announcements')
export class Announcement {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  cohortId: number;

  @Column({ type: 'varchar', length: 200 })
  subjectZh: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  subjectEn: string | null;

  @Column({ type: 'text' })
  bodyZh: string;

  @Column({ type: 'text', nullable: true })
  bodyEn: string | null;

  @Column({ type: 'enum', enum: ANNOUNCEMENT_AUDIENCES })
  audience: AnnouncementAudience;

  /** Fixed when the announcement was confirmed: the rows of announcement_recipients. */
  @Column({ type: 'int', unsigned: true })
  recipients: number;

  /** Recipients 1..fannedOut have their email recorded. */
  @Column({ type: 'int', unsigned: true, default: 0 })
  fannedOut: number;

  @Column({ type: 'enum', enum: ANNOUNCEMENT_FAN_OUTS, default: 'queued' })
  fanOut: AnnouncementFanOut;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  recordedAt: Date | null;
}

/** Recipient `position` of an announcement: the fan-out's order. */
@Entity('announcement_recipients')
export class AnnouncementRecipient {
  @PrimaryColumn({ type: 'int', unsigned: true })
  announcementId: number;

  @PrimaryColumn({ type: 'int', unsigned: true })
  position: number;

  @Column({ type: 'enum', enum: APPLICANT_ROLES })
  role: ApplicantRole;

  @Column({ type: 'int', unsigned: true })
  applicationId: number;
}

import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { APPLICATION_LIMITS, APPLICATION_STATUSES, ApplicationStatus } from '@app/contracts';

/** The columns mentor and student applications share: who applied to which cohort, and the review. */
export abstract class ApplicationBase {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  cohortId: number;

  @Column({ type: 'enum', enum: APPLICATION_STATUSES, default: 'submitted' })
  status: ApplicationStatus;

  @Column({ type: 'varchar', length: APPLICATION_LIMITS.name.maxLength })
  name: string;

  @Column({ type: 'varchar', length: APPLICATION_LIMITS.email.maxLength })
  email: string;

  @Column({ type: 'varchar', length: APPLICATION_LIMITS.shortText.maxLength })
  major: string;

  @Column({ type: 'varchar', length: APPLICATION_LIMITS.shortText.maxLength })
  city: string;

  @Column({ type: 'json' })
  topics: string[];

  @Column({ type: 'boolean' })
  consent: boolean;

  /** The consent text agreed to (libs/contracts/src/privacy.ts); null: before versions were recorded. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  consentVersion: string | null;

  /** When its personal data was removed (an erase, retention or a purge); null before. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  anonymisedAt: Date | null;

  @Column({ type: 'varchar', length: APPLICATION_LIMITS.note.maxLength, nullable: true })
  reviewNote: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  reviewedAt: Date | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ precision: 3 })
  updatedAt: Date;
}

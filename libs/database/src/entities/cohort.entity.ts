import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { COHORT_LIMITS, COHORT_STATUSES, CohortEligibility, CohortStatus, CohortView, ScoringWeights } from '@app/contracts';
import { numeric } from './columns';

@Entity('cohorts')
export class Cohort implements CohortView<Date> {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: COHORT_LIMITS.name.maxLength })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'enum', enum: COHORT_STATUSES, default: 'draft' })
  status: CohortStatus;

  @Column({ type: 'tinyint', unsigned: true, default: 5 })
  maxChoices: number;

  @Column({ type: 'int', unsigned: true, default: 72 })
  responseWindowHours: number;

  @Column({ type: 'boolean', default: true })
  fillWithScores: boolean;

  @Column({ type: 'boolean', default: false })
  autoRounds: boolean;

  @Column({ type: 'decimal', precision: 4, scale: 3, default: 0.2, transformer: numeric })
  minScore: number;

  @Column({ type: 'json', nullable: true })
  weights: ScoringWeights | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  applicationDeadline: Date | null;

  /** `YYYY-MM-DD`: TypeORM reads a DATE column as that string, which is what the contracts say. */
  @Column({ type: 'date', nullable: true })
  programStartsOn: string | null;

  @Column({ type: 'date', nullable: true })
  programEndsOn: string | null;

  @Column({ type: 'smallint', unsigned: true, default: COHORT_LIMITS.checkInEveryDays.default })
  checkInEveryDays: number;

  @Column({ type: 'json', nullable: true })
  eligibility: CohortEligibility | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  completedAt: Date | null;

  /** Days after archiving that its personal data is kept (DESIGN §10). */
  @Column({ type: 'smallint', unsigned: true, default: COHORT_LIMITS.retainDays.default })
  retainDays: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  archivedAt: Date | null;

  /** When its personal data was removed (the daily retention job or a purge); null before. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  anonymisedAt: Date | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ precision: 3 })
  updatedAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numeric } from './columns';

export const COHORT_STATUSES = ['draft', 'open', 'closed', 'archived'] as const;
export type CohortStatus = (typeof COHORT_STATUSES)[number];

export interface ScoringWeightsSetting {
  topics: number;
  industry: number;
  affinity: number;
  city: number;
  rank: number;
}

@Entity('cohorts')
export class Cohort {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 200 })
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
  weights: ScoringWeightsSetting | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ precision: 3 })
  updatedAt: Date;
}

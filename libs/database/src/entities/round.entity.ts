import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ROUND_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export interface UnmatchedReason {
  studentId: number;
  reason: string;
}

export interface RoundStats {
  students: number;
  mentors: number;
  matched: number;
  unmatched: number;
  /** byChoiceRank["1"] = how many got their 1st choice; "filled" = placed with a score-filled mentor. */
  byChoiceRank: Record<string, number>;
  mentorCapacity: number;
  mentorFillRate: number;
  unmatchedReasons: UnmatchedReason[];
  timingsMs?: Record<string, number>;
}

@Entity('rounds')
@Index(['cohortId', 'number'], { unique: true })
export class Round {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  cohortId: number;

  @Column({ type: 'int', unsigned: true })
  number: number;

  @Column({ type: 'enum', enum: ROUND_STATUSES, default: 'queued' })
  status: RoundStatus;

  @Column({ type: 'boolean', default: false })
  dryRun: boolean;

  @Column({ type: 'int', unsigned: true })
  seed: number;

  @Column({ type: 'json', nullable: true })
  stats: RoundStats | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  requestedBy: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;
}

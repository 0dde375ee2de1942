import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const MATCH_STATUSES = ['proposed', 'accepted', 'declined', 'expired', 'cancelled'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];
/** A match that holds the student and one of the mentor's places (the schema's active_student_id agrees). */
export const ACTIVE_MATCH_STATUSES: MatchStatus[] = ['proposed', 'accepted'];
export const DECLINE_REASONS = ['no_capacity', 'not_a_fit', 'unavailable', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/**
 * A proposed pairing and its outcome. The schema allows a student at most one proposed-or-accepted
 * match: `active_student_id` is a stored generated column (student id while active, else NULL) with a
 * unique index, created by the migration.
 */
@Entity('matches')
@Index(['cohortId', 'status'])
@Index(['mentorId', 'status'])
export class Match {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  cohortId: number;

  @Column({ type: 'int', unsigned: true, nullable: true })
  roundId: number | null;

  @Column({ type: 'int', unsigned: true })
  studentId: number;

  @Column({ type: 'int', unsigned: true })
  mentorId: number;

  @Column({ type: 'enum', enum: MATCH_STATUSES, default: 'proposed' })
  status: MatchStatus;

  @Column({ type: 'tinyint', unsigned: true, nullable: true })
  choiceRank: number | null;

  @Column({ type: 'datetime', precision: 3 })
  respondBy: Date;

  @Column({ type: 'enum', enum: DECLINE_REASONS, nullable: true })
  declineReason: DeclineReason | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'int', unsigned: true, nullable: true, insert: false, update: false, select: false })
  activeStudentId: number | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ precision: 3 })
  updatedAt: Date;
}

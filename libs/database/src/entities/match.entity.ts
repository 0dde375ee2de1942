import { APPLICATION_LIMITS, DECLINE_REASONS, DeclineReason, END_REASONS, EndReason, MATCH_STATUSES, MatchStatus, PAIR_LIMITS } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A proposed pairing and its outcome. The schema allows a student at most one proposed-or-accepted
 * match: `active_student_id` is a stored generated column (student id while active, else NULL) with a
 * unique index, created by the migration.
 */
@Entity('matches')
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

  @Column({ type: 'varchar', length: APPLICATION_LIMITS.note.maxLength, nullable: true })
  note: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  respondedAt: Date | null;

  /** When the mentor accepted: the pair's day one, from which check-in periods count. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  endedAt: Date | null;

  @Column({ type: 'enum', enum: END_REASONS, nullable: true })
  endReason: EndReason | null;

  @Column({ type: 'varchar', length: PAIR_LIMITS.note.maxLength, nullable: true })
  endNote: string | null;

  @Column({ type: 'enum', enum: ['mentor', 'student', 'coordinator'], nullable: true })
  endedBy: 'mentor' | 'student' | 'coordinator' | null;

  /** The check-in period this pair is due next and when (null: none due, check-ins off or past the programme's end). */
  @Column({ type: 'smallint', unsigned: true, nullable: true })
  nextCheckInPeriod: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextCheckInAt: Date | null;

  @Column({ type: 'int', unsigned: true, nullable: true, insert: false, update: false, select: false })
  activeStudentId: number | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ precision: 3 })
  updatedAt: Date;
}

import { APPLICANT_ROLES, CHECK_IN_ANSWERS, CheckInAnswer, MEETING_MODES, MeetingMode, PAIR_LIMITS, PairRole } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One of a pair's shared goals; `position` keeps the order the members gave them. */
@Entity('pair_goals')
export class PairGoalRow {
  @PrimaryColumn({ type: 'int', unsigned: true })
  matchId: number;

  @PrimaryColumn({ type: 'tinyint', unsigned: true })
  position: number;

  @Column({ type: 'varchar', length: PAIR_LIMITS.goalText.maxLength })
  text: string;

  @Column({ type: 'boolean', default: false })
  done: boolean;
}

@Entity('pair_meetings')
export class PairMeetingRow {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  matchId: number;

  /** `YYYY-MM-DD` (a DATE column reads as that string). */
  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'smallint', unsigned: true })
  minutes: number;

  @Column({ type: 'enum', enum: MEETING_MODES })
  mode: MeetingMode;

  @Column({ type: 'varchar', length: PAIR_LIMITS.summary.maxLength, nullable: true })
  summary: string | null;

  @Column({ type: 'enum', enum: APPLICANT_ROLES })
  loggedBy: PairRole;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;
}

/** A check-in sent to one member for one period (DESIGN §7); the answer replaces any earlier one. */
@Entity('check_ins')
export class CheckInRow {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  matchId: number;

  @Column({ type: 'smallint', unsigned: true })
  period: number;

  @Column({ type: 'enum', enum: APPLICANT_ROLES })
  role: PairRole;

  @Column({ type: 'int', unsigned: true })
  applicationId: number;

  @CreateDateColumn({ precision: 3 })
  sentAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  closesAt: Date;

  @Column({ type: 'enum', enum: CHECK_IN_ANSWERS, nullable: true })
  answer: CheckInAnswer | null;

  @Column({ type: 'varchar', length: PAIR_LIMITS.note.maxLength, nullable: true })
  note: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  answeredAt: Date | null;
}

@Entity('check_in_tokens')
export class CheckInToken {
  @PrimaryColumn({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'int', unsigned: true })
  checkInId: number;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;
}

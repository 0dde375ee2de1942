import { ExplainedReason } from '@app/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What a round stores of each student's explanation: the codes only, worded when read (round-copy.ts). A round of
 * 100,000 students wrote 415 MB of bilingual text otherwise. Rows stored before also carry `summary` and each reason's
 * `text`; readers ignore both.
 */
export interface StoredExplanation {
  /** Every mentor the student ranked above the one it got (all of them if unmatched). */
  reasons: Array<Omit<ExplainedReason, 'text'>>;
  score?: { score: number; parts: Record<string, number> };
}

@Entity('round_assignments')
export class RoundAssignment {
  @PrimaryColumn({ type: 'int', unsigned: true })
  roundId: number;

  @PrimaryColumn({ type: 'int', unsigned: true })
  studentId: number;

  @Column({ type: 'int', unsigned: true, nullable: true })
  mentorId: number | null;

  /** 1-based rank among the student's explicit choices; null when unmatched or score-filled. */
  @Column({ type: 'tinyint', unsigned: true, nullable: true })
  choiceRank: number | null;

  @Column({ type: 'json' })
  explanation: StoredExplanation;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface AssignmentExplanation {
  summary: { zh: string; en: string };
  reasons: Array<{ mentorId: number; rank: number; reason: string; cutoffRank?: number; exclusion?: string; text: { zh: string; en: string } }>;
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
  explanation: AssignmentExplanation;
}

import { AssignmentExplanation, AssignmentView } from '@app/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';


@Entity('round_assignments')
export class RoundAssignment implements AssignmentView {
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

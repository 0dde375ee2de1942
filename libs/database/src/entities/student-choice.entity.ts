import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StudentApplication } from './student-application.entity';

/** One ranked mentor choice of a student; (student, rank) and (student, mentor) are unique in the schema. */
@Entity('student_choices')
export class StudentChoice {
  @PrimaryColumn({ unsigned: true })
  studentId: number;

  @PrimaryColumn({ type: 'tinyint', unsigned: true })
  rank: number;

  @Column({ unsigned: true })
  cohortId: number;

  @Column({ unsigned: true })
  mentorId: number;

  @ManyToOne(() => StudentApplication, (student) => student.choices, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'student_id' })
  student?: StudentApplication;
}

import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { StudentApplication } from './student-application.entity';

/** One ranked mentor choice of a student; (student, rank) and (student, mentor) are unique in the schema. */
@Entity('student_choices')
export class StudentChoice {
  @PrimaryColumn({ type: 'int', unsigned: true })
  studentId: number;

  @PrimaryColumn({ type: 'tinyint', unsigned: true })
  rank: number;

  @Column({ type: 'int', unsigned: true })
  cohortId: number;

  @Column({ type: 'int', unsigned: true })
  mentorId: number;

  @ManyToOne(() => StudentApplication, (student) => student.choices, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'student_id' })
  student?: Relation<StudentApplication>;
}

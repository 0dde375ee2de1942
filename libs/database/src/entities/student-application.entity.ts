import { Column, Entity, Index, OneToMany } from 'typeorm';
import { ApplicationBase } from './application-base';
import { StudentChoice } from './student-choice.entity';

@Entity('student_applications')
@Index(['cohortId', 'email'], { unique: true })
@Index(['cohortId', 'studentNumber'], { unique: true })
export class StudentApplication extends ApplicationBase {
  @Column({ type: 'varchar', length: 40 })
  studentNumber: string;

  @Column({ type: 'varchar', length: 100 })
  college: string;

  @Column({ type: 'smallint', unsigned: true })
  enrollmentYear: number;

  @Column({ type: 'json' })
  industries: string[];

  @Column({ type: 'text' })
  statement: string;

  @OneToMany(() => StudentChoice, (choice) => choice.student)
  choices?: StudentChoice[];
}

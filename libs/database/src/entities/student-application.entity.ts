import { Column, Entity, OneToMany } from 'typeorm';
import { APPLICATION_LIMITS } from '@app/contracts';
import { ApplicationBase } from './application-base';
import type { StudentChoice } from './student-choice.entity';

@Entity('student_applications')
export class StudentApplication extends ApplicationBase {
  @Column({ type: 'varchar', length: APPLICATION_LIMITS.studentNumber.maxLength })
  studentNumber: string;

  @Column({ type: 'varchar', length: APPLICATION_LIMITS.shortText.maxLength })
  college: string;

  @Column({ type: 'smallint', unsigned: true })
  enrollmentYear: number;

  @Column({ type: 'json' })
  industries: string[];

  @Column({ type: 'text' })
  statement: string;

  // Named by string: the two entities refer to each other, and only the choice imports the application at run time.
  @OneToMany('StudentChoice', (choice: StudentChoice) => choice.student)
  choices?: StudentChoice[];
}

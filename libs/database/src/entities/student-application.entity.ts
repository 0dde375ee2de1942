import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { APPLICATION_STATUSES, ApplicationStatus } from './application-status';
import { StudentChoice } from './student-choice.entity';

@Entity('student_applications')
@Index(['cohortId', 'email'], { unique: true })
@Index(['cohortId', 'studentNumber'], { unique: true })
export class StudentApplication {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  cohortId: number;

  @Column({ type: 'enum', enum: APPLICATION_STATUSES, default: 'submitted' })
  status: ApplicationStatus;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 40 })
  studentNumber: string;

  @Column({ type: 'varchar', length: 100 })
  college: string;

  @Column({ type: 'varchar', length: 100 })
  major: string;

  @Column({ type: 'smallint', unsigned: true })
  enrollmentYear: number;

  @Column({ type: 'varchar', length: 100 })
  city: string;

  @Column({ type: 'json' })
  topics: string[];

  @Column({ type: 'json' })
  industries: string[];

  @Column({ type: 'text' })
  statement: string;

  @Column({ type: 'boolean' })
  consent: boolean;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reviewNote: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  reviewedAt: Date | null;

  @OneToMany(() => StudentChoice, (choice) => choice.student)
  choices?: StudentChoice[];

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ precision: 3 })
  updatedAt: Date;
}

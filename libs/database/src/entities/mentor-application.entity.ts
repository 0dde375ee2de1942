import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { APPLICATION_STATUSES, ApplicationStatus } from './application-status';

@Entity('mentor_applications')
@Index(['cohortId', 'email'], { unique: true })
export class MentorApplication {
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

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'smallint', unsigned: true })
  graduationYear: number;

  @Column({ type: 'varchar', length: 100 })
  department: string;

  @Column({ type: 'varchar', length: 100 })
  major: string;

  @Column({ type: 'varchar', length: 100 })
  industry: string;

  @Column({ type: 'varchar', length: 200 })
  organization: string;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  @Column({ type: 'varchar', length: 100 })
  city: string;

  @Column({ type: 'json' })
  topics: string[];

  @Column({ type: 'tinyint', unsigned: true })
  capacity: number;

  @Column({ type: 'text' })
  bio: string;

  @Column({ type: 'json' })
  languages: string[];

  @Column({ type: 'boolean' })
  consent: boolean;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reviewNote: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  reviewedAt: Date | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ precision: 3 })
  updatedAt: Date;
}

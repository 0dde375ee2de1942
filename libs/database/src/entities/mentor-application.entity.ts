import { Column, Entity, Index } from 'typeorm';
import { ApplicationBase } from './application-base';

@Entity('mentor_applications')
@Index(['cohortId', 'email'], { unique: true })
export class MentorApplication extends ApplicationBase {
  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'smallint', unsigned: true })
  graduationYear: number;

  @Column({ type: 'varchar', length: 100 })
  department: string;

  @Column({ type: 'varchar', length: 100 })
  industry: string;

  @Column({ type: 'varchar', length: 200 })
  organization: string;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  @Column({ type: 'tinyint', unsigned: true })
  capacity: number;

  @Column({ type: 'text' })
  bio: string;

  @Column({ type: 'json' })
  languages: string[];
}

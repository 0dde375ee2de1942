import { Column, Entity } from 'typeorm';
import { APPLICATION_LIMITS } from '@app/contracts';
import { ApplicationBase } from './application-base';

@Entity('mentor_applications')
export class MentorApplication extends ApplicationBase {
  @Column({ type: 'varchar', length: APPLICATION_LIMITS.phone.maxLength, nullable: true })
  phone: string | null;

  @Column({ type: 'smallint', unsigned: true })
  graduationYear: number;

  @Column({ type: 'varchar', length: APPLICATION_LIMITS.shortText.maxLength })
  department: string;

  @Column({ type: 'varchar', length: APPLICATION_LIMITS.shortText.maxLength })
  industry: string;

  @Column({ type: 'varchar', length: APPLICATION_LIMITS.organization.maxLength })
  organization: string;

  @Column({ type: 'varchar', length: APPLICATION_LIMITS.shortText.maxLength })
  title: string;

  @Column({ type: 'tinyint', unsigned: true })
  capacity: number;

  @Column({ type: 'text' })
  bio: string;

  @Column({ type: 'json' })
  languages: string[];
}

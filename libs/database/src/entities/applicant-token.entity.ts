import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ApplicantRole } from './application-status';

@Entity('applicant_tokens')
@Index(['role', 'applicationId'])
export class ApplicantToken {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'enum', enum: ['mentor', 'student'] })
  role: ApplicantRole;

  @Column({ type: 'int', unsigned: true })
  applicationId: number;

  @Column({ type: 'char', length: 64, unique: true })
  tokenHash: string;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;
}

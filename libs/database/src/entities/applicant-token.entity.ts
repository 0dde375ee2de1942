import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ApplicantRole } from '@app/contracts';

@Entity('applicant_tokens')
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

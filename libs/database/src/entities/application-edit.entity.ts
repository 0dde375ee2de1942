import { APPLICANT_ROLES, ApplicantRole, FieldChange } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One edit an applicant made to their own application (DESIGN §9): the fields it changed, each with its value before
 * and after. Written in the transaction of the change, and only when something changed.
 */
@Entity('application_edits')
export class ApplicationEdit {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  cohortId: number;

  @Column({ type: 'enum', enum: APPLICANT_ROLES })
  role: ApplicantRole;

  /** Which applications table it points into follows from `role`. */
  @Column({ type: 'int', unsigned: true })
  applicationId: number;

  @Column({ type: 'json' })
  changes: FieldChange[];

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;
}

import { APPLICANT_ROLES, ApplicantRole, CERTIFICATE_CODE, CERTIFICATE_KINDS, CertificateKind } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A certificate once issued (DESIGN §8): one per kind and application (a unique key), so the same person always
 * gets the same verification code. Whether it is still due is read from the matches, never stored.
 */
@Entity('certificates')
export class Certificate {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'enum', enum: CERTIFICATE_KINDS })
  kind: CertificateKind;

  @Column({ type: 'int', unsigned: true })
  cohortId: number;

  @Column({ type: 'enum', enum: APPLICANT_ROLES })
  role: ApplicantRole;

  @Column({ type: 'int', unsigned: true })
  applicationId: number;

  /** The canonical form: 12 characters of Crockford's base32, without the dashes it is written with. */
  @Column({ type: 'char', length: CERTIFICATE_CODE.length })
  code: string;

  /** `YYYY-MM-DD`, China time (a DATE column reads as that string). */
  @Column({ type: 'date' })
  issuedOn: string;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;
}

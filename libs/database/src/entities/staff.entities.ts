import { STAFF_ROLES, StaffRole } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('staff')
export class Staff {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'enum', enum: STAFF_ROLES })
  role: StaffRole;

  /** Set once disabled: from then on none of the member's sessions, links or tokens is accepted. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;
}

/** A coordinator's scope: the cohorts they run. */
@Entity('staff_cohorts')
export class StaffCohort {
  @PrimaryColumn({ type: 'int', unsigned: true })
  staffId: number;

  @PrimaryColumn({ type: 'int', unsigned: true })
  cohortId: number;
}

/** A personal API token (`Authorization: Bearer c_…`), stored only as its hash. */
@Entity('staff_tokens')
export class StaffToken {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  staffId: number;

  @Column({ type: 'varchar', length: 100 })
  label: string;

  @Column({ type: 'char', length: 64, select: false })
  tokenHash: string;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;
}

@Entity('staff_sign_in_links')
export class StaffSignInLink {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  staffId: number;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt: Date | null;
}

@Entity('staff_sessions')
export class StaffSession {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  staffId: number;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  lastSeenAt: Date;
}

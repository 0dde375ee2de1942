import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One staff write (DESIGN §10); see the migration 1765000000000-audit. */
@Entity('audit_entries')
export class AuditEntry {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ type: 'int', unsigned: true, nullable: true })
  staffId: number | null;

  @Column({ type: 'varchar', length: 100 })
  staffName: string;

  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ type: 'int', unsigned: true, nullable: true })
  cohortId: number | null;

  @Column({ type: 'varchar', length: 300 })
  target: string;

  @Column({ type: 'varchar', length: 1000 })
  summary: string;
}

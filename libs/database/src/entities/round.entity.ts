import { ROUND_STATUSES, RoundStats, RoundStatus, RoundView } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('rounds')
export class Round implements RoundView<Date> {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  cohortId: number;

  @Column({ type: 'int', unsigned: true })
  number: number;

  @Column({ type: 'enum', enum: ROUND_STATUSES, default: 'queued' })
  status: RoundStatus;

  @Column({ type: 'boolean', default: false })
  dryRun: boolean;

  @Column({ type: 'int', unsigned: true })
  seed: number;

  @Column({ type: 'json', nullable: true })
  stats: RoundStats | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  requestedBy: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;
}

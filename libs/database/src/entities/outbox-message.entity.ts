import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Work a state change causes, written in the same transaction as the change and handed to BullMQ after
 * commit (or later by the relay). The job id makes a second hand-over harmless.
 */
@Entity('outbox')
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  queue: string;

  @Column({ type: 'varchar', length: 64 })
  jobName: string;

  @Column({ type: 'json' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 191, unique: true })
  jobId: string;

  /** Absolute time the job should run; the delay is computed when it is handed over. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  runAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  dispatchedAt: Date | null;

  @Column({ type: 'int', unsigned: true, default: 0 })
  dispatchAttempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;
}

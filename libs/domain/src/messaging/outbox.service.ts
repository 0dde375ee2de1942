import { OutboxMessage } from '@app/database';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntityManager, In, IsNull, LessThan } from 'typeorm';
import { OutboxJob, QUEUE, QueueName } from './queues';

/** Rows one multi-row insert into the outbox takes. */
const STORE_CHUNK = 2000;

/** The unit of work a domain service gets: its transaction, plus a way to record the jobs it causes. */
export interface Transaction {
  manager: EntityManager;
  emit(...jobs: OutboxJob[]): void;
}

/**
 * The transactional outbox: jobs are inserted in the same transaction as the state change that causes
 * them, handed to BullMQ right after commit, and re-handed by the relay if that failed.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUE.matching) matching: Queue,
    @InjectQueue(QUEUE.offers) offers: Queue,
    @InjectQueue(QUEUE.notifications) notifications: Queue,
    @InjectQueue(QUEUE.outbox) outboxQueue: Queue,
  ) {
    this.queues = { matching, offers, notifications, outbox: outboxQueue };
  }

  /** Runs `work` in one transaction; the jobs it emitted are stored with it and dispatched after commit. */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const emitted: OutboxJob[] = [];
    let rows: OutboxMessage[] = [];
    const result = await this.dataSource.transaction(async (manager) => {
      const value = await work({ manager, emit: (...jobs) => emitted.push(...jobs) });
      rows = await this.store(manager, emitted);
      return value;
    });
    await this.dispatch(rows);
    return result;
  }

  /**
   * Inserts the rows (a job id already recorded means this work was already caused once: the first row is kept) and
   * returns every row of these job ids still to be handed over. The ids are read back by the unique job id, one
   * SELECT per chunk: ids derived from the first id of a multi-row insert would need consecutive auto-increment
   * values, which neither innodb_autoinc_lock_mode=2 nor an auto_increment_increment above 1 gives.
   */
  private async store(manager: EntityManager, jobs: OutboxJob[]): Promise<OutboxMessage[]> {
    const byJobId = new Map<string, Omit<OutboxMessage, 'id' | 'createdAt'>>();
    for (const job of jobs) {
      if (byJobId.has(job.jobId)) continue;
      byJobId.set(job.jobId, {
        queue: job.queue,
        jobName: job.name,
        payload: job.payload,
        jobId: job.jobId,
        runAt: job.runAt ?? null,
        dispatchedAt: null,
        dispatchAttempts: 0,
        lastError: null,
      });
    }
    const rows = [...byJobId.values()];
    const stored: OutboxMessage[] = [];
    for (let start = 0; start < rows.length; start += STORE_CHUNK) {
      const chunk = rows.slice(start, start + STORE_CHUNK);
      await manager.createQueryBuilder().insert().into(OutboxMessage)
        .values(chunk.map(({ queue, jobName, payload, jobId, runAt }) => ({ queue, jobName, payload: payload as Record<string, never>, jobId, runAt })))
        .orIgnore().updateEntity(false).execute();
      const readBack = await manager.find(OutboxMessage, {
        select: { id: true, jobId: true },
        where: { jobId: In(chunk.map((row) => row.jobId)), dispatchedAt: IsNull() },
      });
      for (const { id, jobId } of readBack) stored.push(Object.assign(new OutboxMessage(), byJobId.get(jobId), { id }));
    }
    return stored;
  }

  /** Hands rows to BullMQ. Never throws: whatever fails stays pending for the relay. */
  async dispatch(rows: OutboxMessage[]): Promise<number> {
    const handed: string[] = [];
    const byQueue = new Map<QueueName, OutboxMessage[]>();
    for (const row of rows) {
      const queueRows = byQueue.get(row.queue as QueueName) ?? [];
      queueRows.push(row);
      byQueue.set(row.queue as QueueName, queueRows);
    }
    for (const [queueName, queueRows] of byQueue) {
      const queue = this.queues[queueName];
      if (!queue) {
        this.logger.error(`Outbox rows name an unknown queue "${queueName}"`);
        continue;
      }
      for (let start = 0; start < queueRows.length; start += 1000) {
        const chunk = queueRows.slice(start, start + 1000);
        try {
          await queue.addBulk(
            chunk.map((row) => ({
              name: row.jobName,
              data: row.payload,
              opts: jobOptions(row.jobId, row.runAt),
            })),
          );
          handed.push(...chunk.map((row) => row.id));
        } catch (error) {
          this.logger.warn(`Could not hand ${chunk.length} job(s) to queue "${queueName}" yet; the relay will retry: ${(error as Error).message}`);
          await this.dataSource.manager
            .createQueryBuilder()
            .update(OutboxMessage)
            .set({ dispatchAttempts: () => 'dispatch_attempts + 1', lastError: (error as Error).message.slice(0, 1000) })
            .whereInIds(chunk.map((row) => row.id))
            .execute()
            .catch((markError: Error) => this.logger.warn(`Could not record the failed hand-over: ${markError.message}`));
        }
      }
    }
    if (handed.length > 0) {
      await this.dataSource.manager
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ dispatchedAt: () => 'CURRENT_TIMESTAMP(3)' })
        .whereInIds(handed)
        .execute()
        .catch((error: Error) => this.logger.warn(`Handed ${handed.length} job(s) but could not mark them: ${error.message}`));
    }
    return handed.length;
  }

  /**
   * Hands jobs straight to their queues, without outbox rows: for work whose job was handed over but then
   * lost with Redis's data. Throws when Redis is unreachable, so the caller's job is retried.
   */
  async requeue(jobs: OutboxJob[]): Promise<number> {
    for (const job of jobs) {
      await this.queues[job.queue].add(job.name, job.payload, jobOptions(job.jobId, job.runAt));
    }
    return jobs.length;
  }

  /** Re-dispatches rows not handed over yet. `olderThanMs` leaves fresh rows to their own after-commit dispatch. */
  async relayPending(olderThanMs = 2000, batchSize = 1000): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.dataSource.manager.find(OutboxMessage, {
        where: { dispatchedAt: IsNull(), createdAt: LessThan(new Date(Date.now() - olderThanMs)) },
        order: { id: 'ASC' },
        take: batchSize,
      });
      if (rows.length === 0) return total;
      const handed = await this.dispatch(rows);
      total += handed;
      if (handed < rows.length) return total;
    }
  }
}

/** The deterministic id, and for a job with a run-at time the delay left until then (none once it has passed). */
function jobOptions(jobId: string, runAt: Date | null | undefined) {
  return { jobId, delay: runAt ? Math.max(0, runAt.getTime() - Date.now()) : undefined };
}

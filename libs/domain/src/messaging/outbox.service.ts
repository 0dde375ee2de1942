import { insertRows, OutboxMessage } from '@app/database';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, LessThan } from 'typeorm';
import { jobOptions } from './jobs';
import { OutboxJob, QueueName } from './queues';
import { ALL_QUEUES, AllQueues } from './queues.module';
import { retryDeadlocks } from './retry-deadlocks';

/** Jobs one Redis round trip checks when restoring lost ones; also the rows a recovery pass reads at a time. */
export const RESTORE_BATCH = 1000;

/**
 * The state of each job id (ARGV[2..]) of one queue, whose job keys start with ARGV[1] and whose failed set is
 * KEYS[1]: 0 gone (no key), 1 held, 2 held as failed. Measured on 20,000 ids: about 60 ms, where a pipeline of one
 * EXISTS per id took about 200 ms and Queue.getJob (which reads and parses each whole job), batched, about 2 s. Job keys
 * are built from ARGV as BullMQ's own scripts build them; all of one queue, so one cluster slot under a hash-tag prefix.
 */
const JOB_STATES_SCRIPT = `local states = {}
for i = 2, #ARGV do
  local id = ARGV[i]
  if redis.call('EXISTS', ARGV[1] .. id) == 0 then states[i - 1] = 0
  elseif redis.call('ZSCORE', KEYS[1], id) then states[i - 1] = 2
  else states[i - 1] = 1 end
end
return states`;

/** A job Redis holds as failed for good while the database says its work is still pending. */
export interface FailedJob {
  job: OutboxJob;
  failedReason: string;
}

export interface Restored {
  /** Jobs Redis no longer held, added again under their own ids. */
  restored: OutboxJob[];
  /** Jobs Redis holds as failed (their last attempt failed, or the error was permanent). */
  failed: FailedJob[];
}

/** The unit of work a domain service gets: its transaction, plus a way to record the jobs it causes. */
export interface Transaction {
  manager: EntityManager;
  emit(...jobs: OutboxJob[]): void;
}

/**
 * The transactional outbox: jobs are inserted in the same transaction as the state change that causes
 * them, handed to BullMQ right after commit, and re-handed by the relay if that failed; jobs handed over but then
 * lost by Redis are restored under their own ids (`restoreLost`, run by the reconcile job).
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ALL_QUEUES) private readonly queues: AllQueues,
  ) {}

  /** Rows committed and waiting for the next hand-over, and that hand-over (null when none is due). */
  private waiting: OutboxMessage[] = [];
  private nextHandOver: Promise<unknown> | null = null;
  private lastHandOver: Promise<unknown> = Promise.resolve();

  /**
   * Runs `work` in one transaction; the jobs it emitted are stored with it and handed to BullMQ after commit, before
   * this resolves (unless Redis fails: then the relay hands them over).
   */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    let rows: OutboxMessage[] = [];
    // A deadlock's victim is run again from the start, with the jobs of the failed run forgotten.
    const result = await retryDeadlocks(() => this.dataSource.transaction(async (manager) => {
      const emitted: OutboxJob[] = [];
      const value = await work({ manager, emit: (...jobs) => emitted.push(...jobs) });
      rows = await this.store(manager, emitted);
      return value;
    }));
    if (rows.length > 0) await this.handOver(rows);
    return result;
  }

  /**
   * Hands rows over with those of every transaction that committed while the previous hand-over ran: one addBulk per
   * queue and one UPDATE marking them all, instead of a Redis call and a write per transaction (a burst of
   * submissions commits dozens at a time). One hand-over runs at a time; rows wait at most for the one running.
   */
  private handOver(rows: OutboxMessage[]): Promise<unknown> {
    // A loop, not push(...rows): a 100k round hands over ~120k rows, more arguments than the call stack takes.
    for (const row of rows) this.waiting.push(row);
    if (!this.nextHandOver) {
      this.nextHandOver = this.lastHandOver.then(() => {
        const batch = this.waiting;
        this.waiting = [];
        this.nextHandOver = null;
        return this.dispatch(batch);
      });
      this.lastHandOver = this.nextHandOver;
    }
    return this.nextHandOver;
  }

  /**
   * Inserts the rows (a job id already recorded means this work was already caused once: the first row is kept) and
   * returns every row of these job ids still to be handed over. The ids are read back by the unique job id, one
   * SELECT per statement: ids derived from the first id of a multi-row insert would need consecutive auto-increment
   * values, which neither innodb_autoinc_lock_mode=2 nor an auto_increment_increment above 1 gives.
   */
  private async store(manager: EntityManager, jobs: OutboxJob[]): Promise<OutboxMessage[]> {
    const byJobId = new Map<string, OutboxJob>();
    for (const job of jobs) if (!byJobId.has(job.jobId)) byJobId.set(job.jobId, job);
    const stored: OutboxMessage[] = [];
    const rows = [...byJobId.values()].map((job) => [job.queue, job.name, JSON.stringify(job.payload), job.jobId, job.runAt ?? null] as [string, string, string, string, Date | null]);
    await insertRows(manager, 'outbox', ['queue', 'job_name', 'payload', 'job_id', 'run_at'], rows, {
      ignoreDuplicates: true,
      afterEach: async (chunk, inserted) => {
        // One row just inserted is its own answer (a single row's insertId is exact); otherwise read back by job id.
        const readBack: Array<{ id: number | string; job_id: string }> = chunk.length === 1 && inserted.affectedRows === 1
          ? [{ id: inserted.insertId, job_id: chunk[0][3] }]
          : await manager.query('SELECT id, job_id FROM outbox WHERE job_id IN (?) AND dispatched_at IS NULL', [chunk.map((row) => row[3])]);
        for (const { id, job_id: jobId } of readBack) {
          const job = byJobId.get(jobId)!;
          stored.push(Object.assign(new OutboxMessage(), {
            id: String(id), queue: job.queue, jobName: job.name, payload: job.payload, jobId, runAt: job.runAt ?? null,
            dispatchedAt: null, dispatchAttempts: 0, lastError: null,
          }));
        }
      },
    });
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
   * Makes Redis hold every one of `expected`: the jobs the database says pending work needs (each feature names its
   * own: a pending message its send job, a queued round its run, a proposal its expiry and reminder). A job is gone
   * when its key no longer exists, the very test BullMQ applies when a job is added, so it is added again under its
   * own deterministic id: a second reconcile, or one running beside it, finds the key and adds nothing, and a job
   * still in Redis (waiting, delayed, active or finished) is never duplicated. "Gone" can only mean lost (Redis
   * restarted without its data, a failover to a replica behind, an eviction): a finished job stays for days
   * (removeOnComplete / removeOnFail), and the work of a finished job is no longer pending.
   *
   * Also names the jobs Redis holds as failed for good, for callers whose work is still pending: they record the
   * outcome the worker did not (it died between BullMQ's bookkeeping and its own). Throws when Redis is
   * unreachable, so the reconcile job fails and the next one tries again.
   */
  async restoreLost(expected: OutboxJob[]): Promise<Restored> {
    const restored: OutboxJob[] = [];
    const failed: FailedJob[] = [];
    for (let start = 0; start < expected.length; start += RESTORE_BATCH) {
      const chunk = expected.slice(start, start + RESTORE_BATCH);
      const states = await this.statesOf(chunk);
      const gone = chunk.filter((_, index) => states[index] === 'gone');
      await this.add(gone);
      restored.push(...gone);
      const ended = chunk.filter((_, index) => states[index] === 'failed');
      const reasons = await this.failedReasonsOf(ended);
      failed.push(...ended.map((job, index) => ({ job, failedReason: reasons[index] })));
    }
    if (restored.length > 0) {
      const named = restored.slice(0, 10).map((job) => `${job.queue}/${job.jobId}`).join(', ');
      this.logger.warn(`Restored ${restored.length} job(s) Redis had lost: ${named}${restored.length > 10 ? ', …' : ''}`);
    }
    return { restored, failed };
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

  /** One script per queue per batch (see JOB_STATES_SCRIPT); one round trip for the batch. */
  private async statesOf(jobs: OutboxJob[]): Promise<Array<'gone' | 'held' | 'failed'>> {
    if (jobs.length === 0) return [];
    const byQueue = new Map<QueueName, number[]>();
    jobs.forEach((job, index) => {
      const indexes = byQueue.get(job.queue) ?? [];
      indexes.push(index);
      byQueue.set(job.queue, indexes);
    });
    const pipeline = (await this.queues.outbox.getBackend().client).pipeline();
    for (const [queueName, indexes] of byQueue) {
      const queue = this.queues[queueName];
      pipeline.runCommand('eval', [JOB_STATES_SCRIPT, 1, queue.keys.failed, queue.toKey(''), ...indexes.map((index) => jobs[index].jobId)]);
    }
    const replies = resultsOf(await pipeline.exec()) as number[][];
    const states: Array<'gone' | 'held' | 'failed'> = new Array(jobs.length);
    [...byQueue.values()].forEach((indexes, group) => indexes.forEach((index, position) => {
      states[index] = (['gone', 'held', 'failed'] as const)[Number(replies[group][position])];
    }));
    return states;
  }

  private async failedReasonsOf(jobs: OutboxJob[]): Promise<string[]> {
    if (jobs.length === 0) return [];
    const pipeline = (await this.queues.outbox.getBackend().client).pipeline();
    for (const job of jobs) pipeline.runCommand('hget', [this.queues[job.queue].toKey(job.jobId), 'failedReason']);
    return resultsOf(await pipeline.exec()).map((reason) => (typeof reason === 'string' && reason ? reason : 'the job failed'));
  }

  private async add(jobs: OutboxJob[]): Promise<void> {
    const byQueue = new Map<QueueName, OutboxJob[]>();
    for (const job of jobs) {
      const queueJobs = byQueue.get(job.queue) ?? [];
      queueJobs.push(job);
      byQueue.set(job.queue, queueJobs);
    }
    for (const [queueName, queueJobs] of byQueue) {
      await this.queues[queueName].addBulk(queueJobs.map((job) => ({ name: job.name, data: job.payload, opts: jobOptions(job.jobId, job.runAt) })));
    }
  }
}

function resultsOf(replies: Array<[Error | null, unknown]> | null): unknown[] {
  if (!replies) throw new Error('Redis discarded the pipeline');
  return replies.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

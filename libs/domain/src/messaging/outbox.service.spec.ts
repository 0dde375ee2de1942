import { OutboxMessage } from '@app/database';
import { Queue } from 'bullmq';
import { DataSource, FindOperator, QueryFailedError } from 'typeorm';
import { offerJobs, sendNotificationJob } from './jobs';
import { OutboxService } from './outbox.service';
import { QueueName } from './queues';

interface Added {
  name: string;
  data: unknown;
  opts: { jobId: string; delay?: number };
}

/**
 * A BullMQ queue that records what it was handed, or refuses like a Redis that is down. Like BullMQ it ignores a job
 * whose id it still holds; `failed` are the ids it holds as failed, with their reasons.
 */
class FakeQueue {
  readonly added: Added[] = [];
  readonly held = new Set<string>();
  readonly failed = new Map<string, string>();
  readonly keys: { failed: string };
  down = false;
  /** How many addBulk calls it took, and, while set, what each call waits for first (a slow Redis). */
  bulkCalls = 0;
  slowUntil: Promise<void> | null = null;

  constructor(readonly name: string, private readonly redis: FakeRedis) {
    this.keys = { failed: this.toKey('failed') };
  }

  toKey(type: string): string {
    return `test:${this.name}:${type}`;
  }

  getBackend() {
    return { client: Promise.resolve(this.redis) };
  }

  async addBulk(jobs: Added[]): Promise<void> {
    this.bulkCalls += 1;
    if (this.slowUntil) await this.slowUntil;
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:6380');
    for (const job of jobs.filter((candidate) => !this.held.has(candidate.opts.jobId))) {
      this.held.add(job.opts.jobId);
      this.added.push(job);
    }
  }
}

/** The commands the recovery sends: its job-states script (one per queue and batch), and HGET of a failed reason. */
class FakeRedis {
  readonly queues = new Map<string, FakeQueue>();

  pipeline() {
    const commands: Array<[string, unknown[]]> = [];
    const pipeline = {
      runCommand: (name: string, args: unknown[]) => (commands.push([name, args]), pipeline),
      exec: async () => commands.map(([name, args]) => [null, this.run(name, args as string[])]),
    };
    return pipeline;
  }

  private run(name: string, args: string[]): unknown {
    if (name === 'eval') {
      const [, , failedKey, , ...jobIds] = args;
      const queue = this.queueOf(failedKey);
      return jobIds.map((jobId) => (!queue.held.has(jobId) ? 0 : queue.failed.has(jobId) ? 2 : 1));
    }
    if (name === 'hget') return this.queueOf(args[0]).failed.get(args[0].split(':').slice(2).join(':')) ?? null;
    throw new Error(`unexpected command ${name}`);
  }

  private queueOf(key: string): FakeQueue {
    return this.queues.get(key.split(':')[1])!;
  }
}

/** The outbox table: inserts (ignoring repeated job ids), finds, and the two updates dispatch makes. */
class FakeOutboxTable {
  readonly rows: OutboxMessage[] = [];
  /** The UPDATEs that marked rows handed over. */
  marks = 0;

  /**
   * Another writer inserting at the same time: with innodb_autoinc_lock_mode=2 (or an auto_increment_increment above 1)
   * the ids of one multi-row insert need not be consecutive. When set, each row inserted is followed by one of theirs.
   */
  interleavedWriter = false;

  /** Like INSERT IGNORE on MySQL: the raw result names the first new id and how many rows went in. */
  insert(values: Array<Partial<OutboxMessage>>): { raw: { insertId: number; affectedRows: number } } {
    const insertId = this.rows.length + 1;
    let affectedRows = 0;
    for (const value of values) {
      if (this.rows.some((row) => row.jobId === value.jobId)) continue;
      this.push(value);
      affectedRows += 1;
      if (this.interleavedWriter) this.push({ queue: 'notifications', jobName: 'send', payload: {}, jobId: `other-writer-${this.rows.length + 1}` });
    }
    return { raw: { insertId, affectedRows } };
  }

  /** The driver's multi-row INSERT IGNORE: one value per placeholder, the columns in the order the service names them. */
  insertThroughDriver(sql: string, values: unknown[]): { insertId: number; affectedRows: number } {
    const columns = /\(([^)]*)\) VALUES/.exec(sql)![1].split(', ').map((column) => column.replace(/`/g, ''));
    expect(columns).toEqual(['queue', 'job_name', 'payload', 'job_id', 'run_at']);
    const rows: Array<Partial<OutboxMessage>> = [];
    for (let start = 0; start < values.length; start += columns.length) {
      const [queue, jobName, payload, jobId, runAt] = values.slice(start, start + columns.length) as [string, string, string, string, Date | null];
      rows.push({ queue, jobName, payload: JSON.parse(payload), jobId, runAt });
    }
    return this.insert(rows).raw;
  }

  /** What the service reads back: rows by job id (and still to hand over), or the relay's pending rows. */
  find(where: { jobId?: FindOperator<string[]>; dispatchedAt?: unknown } = {}): OutboxMessage[] {
    const jobIds = where.jobId?.value;
    return this.pending().filter((row) => !jobIds || jobIds.includes(row.jobId));
  }

  /** The read-back by job id, as the driver answers it (column names as stored). */
  query(sql: string, [jobIds]: [string[]]): Array<{ id: string; job_id: string }> {
    expect(sql).toBe('SELECT id, job_id FROM outbox WHERE job_id IN (?) AND dispatched_at IS NULL');
    return this.pending().filter((row) => jobIds.includes(row.jobId)).map((row) => ({ id: row.id, job_id: row.jobId }));
  }

  private push(value: Partial<OutboxMessage>): void {
    this.rows.push({ id: String(this.rows.length + 1), dispatchedAt: null, dispatchAttempts: 0, lastError: null, createdAt: new Date(0), ...value } as OutboxMessage);
  }

  pending(): OutboxMessage[] {
    return this.rows.filter((row) => row.dispatchedAt === null);
  }

  queryBuilder() {
    let changes: Record<string, unknown> = {};
    let values: Array<Partial<OutboxMessage>> = [];
    const builder = {
      insert: () => builder,
      into: () => builder,
      values: (rows: Array<Partial<OutboxMessage>>) => ((values = rows), builder),
      orIgnore: () => builder,
      updateEntity: () => builder,
      update: () => builder,
      set: (set: Record<string, unknown>) => ((changes = set), builder),
      whereInIds: (ids: string[]) => ({
        execute: async () => {
          if (changes.dispatchedAt) this.marks += 1;
          for (const row of this.rows.filter((candidate) => ids.includes(candidate.id))) {
            if (changes.dispatchedAt) row.dispatchedAt = new Date();
            if (changes.dispatchAttempts) row.dispatchAttempts += 1;
            if (changes.lastError) row.lastError = changes.lastError as string;
          }
        },
      }),
      execute: async () => this.insert(values),
    };
    return builder;
  }
}

describe('OutboxService', () => {
  let table: FakeOutboxTable;
  let queues: Record<QueueName, FakeQueue>;
  let service: OutboxService;

  beforeEach(() => {
    table = new FakeOutboxTable();
    const redis = new FakeRedis();
    const queue = (name: string) => redis.queues.set(name, new FakeQueue(name, redis)).get(name)!;
    queues = { matching: queue('matching'), offers: queue('offers'), notifications: queue('notifications'), outbox: queue('outbox'), pairs: queue('pairs'), surveys: queue('surveys'), announcements: queue('announcements'), privacy: queue('privacy') };
    const manager = {
      createQueryBuilder: () => table.queryBuilder(),
      find: async (_entity: unknown, options?: { where?: Parameters<FakeOutboxTable['find']>[0] }) => table.find(options?.where),
      query: async (sql: string, parameters: [string[]]) => table.query(sql, parameters),
      queryRunner: {
        isTransactionActive: true,
        databaseConnection: {
          execute: (sql: string, values: unknown[], callback: (error: Error | null, result: unknown) => void) => callback(null, table.insertThroughDriver(sql, values)),
          unprepare: () => undefined,
        },
      },
    };
    const dataSource = { manager, transaction: async (work: (manager: unknown) => Promise<unknown>) => work(manager) } as unknown as DataSource;
    service = new OutboxService(dataSource, queues as unknown as Record<QueueName, Queue>);
  });

  it('stores the emitted jobs with the transaction and hands them to their queues after commit', async () => {
    const runAt = new Date(Date.now() + 60_000);
    const result = await service.transaction(async (tx) => {
      tx.emit({ queue: 'notifications', name: 'send', payload: { notificationId: 7 }, jobId: 'notification-7' });
      tx.emit({ queue: 'offers', name: 'expire-proposal', payload: { matchId: 3 }, jobId: 'expire-3', runAt });
      expect(queues.notifications.added).toEqual([]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(queues.notifications.added).toEqual([{ name: 'send', data: { notificationId: 7 }, opts: { jobId: 'notification-7', delay: undefined } }]);
    expect(queues.offers.added[0].opts.jobId).toBe('expire-3');
    expect(queues.offers.added[0].opts.delay).toBeGreaterThan(55_000);
    expect(table.pending()).toEqual([]);
  });

  it('runs the work again when the database picked it as a deadlock victim, keeping only the last run\'s jobs', async () => {
    let runs = 0;
    await service.transaction(async (tx) => {
      runs += 1;
      tx.emit({ queue: 'notifications', name: 'send', payload: { notificationId: 20 + runs }, jobId: `notification-${20 + runs}` });
      if (runs === 1) {
        throw new QueryFailedError('SELECT … FOR UPDATE', [], Object.assign(new Error('Deadlock found when trying to get lock'), { code: 'ER_LOCK_DEADLOCK' }));
      }
    });
    expect(runs).toBe(2);
    expect(queues.notifications.added.map((job) => job.opts.jobId)).toEqual(['notification-22']);
    expect(table.rows.map((row) => row.jobId)).toEqual(['notification-22']);
  });

  it('hands nothing over when the work fails', async () => {
    const failing = service.transaction(async (tx) => {
      tx.emit({ queue: 'notifications', name: 'send', payload: { notificationId: 8 }, jobId: 'notification-8' });
      throw new Error('validation failed');
    });
    await expect(failing).rejects.toThrow('validation failed');
    expect(queues.notifications.added).toEqual([]);
    expect(table.rows).toEqual([]);
  });

  it('keeps a job id emitted twice as one row', async () => {
    await service.transaction(async (tx) => {
      tx.emit({ queue: 'matching', name: 'run-round', payload: { roundId: 1 }, jobId: 'round-1' });
      tx.emit({ queue: 'matching', name: 'run-round', payload: { roundId: 1 }, jobId: 'round-1' });
    });
    expect(table.rows).toHaveLength(1);
  });

  it('never throws when Redis is down: the rows stay pending with the error, and the relay hands them over later', async () => {
    queues.notifications.down = true;
    await service.transaction(async (tx) => {
      tx.emit({ queue: 'notifications', name: 'send', payload: { notificationId: 9 }, jobId: 'notification-9' });
      tx.emit({ queue: 'matching', name: 'run-round', payload: { roundId: 2 }, jobId: 'round-2' });
    });
    expect(table.pending().map((row) => row.jobId)).toEqual(['notification-9']);
    expect(table.pending()[0]).toMatchObject({ dispatchAttempts: 1, lastError: expect.stringContaining('ECONNREFUSED') });
    expect(queues.matching.added).toHaveLength(1);

    await expect(service.relayPending(0)).resolves.toBe(0);
    queues.notifications.down = false;
    await expect(service.relayPending(0)).resolves.toBe(1);
    expect(queues.notifications.added.map((job) => job.opts.jobId)).toEqual(['notification-9']);
    expect(table.pending()).toEqual([]);
  });

  it('hands over exactly the rows it stored when another writer takes ids in between (ids read back by job id)', async () => {
    table.interleavedWriter = true;
    await service.transaction(async (tx) => {
      tx.emit(...[11, 12, 13].map((notificationId) => ({ queue: 'notifications' as const, name: 'send' as const, payload: { notificationId }, jobId: `notification-${notificationId}` })));
    });
    expect(queues.notifications.added.map((job) => job.opts.jobId)).toEqual(['notification-11', 'notification-12', 'notification-13']);
    // Ours are marked handed over; the other writer's rows (ids between ours) stay pending for their own hand-over.
    expect(table.rows.filter((row) => row.dispatchedAt !== null).map((row) => row.jobId)).toEqual(['notification-11', 'notification-12', 'notification-13']);
    expect(table.pending().map((row) => row.jobId)).toEqual(['other-writer-2', 'other-writer-4', 'other-writer-6']);
  });

  it('hands the rows of transactions that commit while a hand-over runs over together, in one addBulk and one mark', async () => {
    const send = (notificationId: number) => service.transaction(async (tx) => {
      tx.emit(sendNotificationJob(notificationId));
    }).then(() => expect(queues.notifications.held.has(`notification-${notificationId}`)).toBe(true));
    let redisAnswers!: () => void;
    queues.notifications.slowUntil = new Promise((resolve) => (redisAnswers = resolve));
    const first = send(1);
    await new Promise(setImmediate);
    expect(queues.notifications.bulkCalls).toBe(1);
    const others = [2, 3, 4].map(send);
    await new Promise(setImmediate);
    // Committed, and waiting for the hand-over running to finish: nothing more has gone to Redis meanwhile.
    expect(queues.notifications.bulkCalls).toBe(1);
    redisAnswers();
    await Promise.all([first, ...others]);
    expect(queues.notifications.bulkCalls).toBe(2);
    expect(queues.notifications.added.map((job) => job.opts.jobId)).toEqual(['notification-1', 'notification-2', 'notification-3', 'notification-4']);
    expect(table.marks).toBe(2);
    expect(table.pending()).toEqual([]);
  });

  it('restores, under their own ids, only the expected jobs Redis no longer holds; a second pass adds nothing', async () => {
    const deadline = new Date(Date.now() + 72 * 3600_000);
    queues.notifications.held.add('notification-1'); // waiting, delayed, active or finished: held
    queues.notifications.held.add('notification-2');
    queues.notifications.failed.set('notification-2', 'SMTP rejected the message permanently: 550');
    const expected = [sendNotificationJob(1), sendNotificationJob(2), sendNotificationJob(3), ...offerJobs(4, deadline)];

    const first = await service.restoreLost(expected);
    expect(first.restored.map((job) => job.jobId)).toEqual(['notification-3', 'expire-4', 'remind-4']);
    expect(first.failed).toEqual([{ job: sendNotificationJob(2), failedReason: 'SMTP rejected the message permanently: 550' }]);
    expect(queues.notifications.added).toEqual([{ name: 'send', data: { notificationId: 3 }, opts: { jobId: 'notification-3', delay: undefined } }]);
    const [expiry, reminder] = queues.offers.added;
    expect(expiry.opts.jobId).toBe('expire-4');
    expect(expiry.opts.delay).toBeGreaterThan(71 * 3600_000);
    expect(reminder.opts.jobId).toBe('remind-4');
    // A day before the deadline: 48 h from the deadline's own 'now', which may be the same millisecond as the restore.
    expect(reminder.opts.delay).toBeLessThanOrEqual(48 * 3600_000);
    expect(reminder.opts.delay).toBeGreaterThan(47 * 3600_000);

    const second = await service.restoreLost(expected);
    expect(second).toEqual({ restored: [], failed: first.failed });
    expect(queues.notifications.added).toHaveLength(1);
    expect(queues.offers.added).toHaveLength(2);
  });

  it('restoring throws while Redis is unreachable, so the reconcile job fails and the next one tries again', async () => {
    queues.notifications.down = true;
    await expect(service.restoreLost([sendNotificationJob(5)])).rejects.toThrow('ECONNREFUSED');
  });
});

describe('OutboxService, a hand-over of a very large transaction', () => {
  it('hands over and marks 200,000 jobs, more than a 100k round causes, without overflowing the call stack', async () => {
    const count = 200_000;
    const added: string[] = [];
    const marked: string[] = [];
    // The database answers only what the transaction needs: each multi-row insert's job ids read back, an id each.
    // Cheap fakes (no table to search), so the 200,000 rows cost what the service itself spends on them.
    const manager = {
      queryRunner: {
        isTransactionActive: true,
        databaseConnection: {
          execute: (_sql: string, values: unknown[], callback: (error: null, result: { insertId: number; affectedRows: number }) => void) =>
            callback(null, { insertId: 0, affectedRows: values.length / 5 }),
          unprepare: () => undefined,
        },
      },
      query: async (_sql: string, [jobIds]: [string[]]) => jobIds.map((jobId) => ({ id: jobId.slice('notification-'.length), job_id: jobId })),
      // The UPDATE marking the rows handed over.
      createQueryBuilder: () => {
        const builder = {
          update: () => builder,
          set: () => builder,
          whereInIds: (ids: string[]) => ({ execute: async () => ids.forEach((id) => marked.push(id)) }),
        };
        return builder;
      },
    };
    const dataSource = { manager, transaction: async (work: (manager: unknown) => Promise<unknown>) => work(manager) } as unknown as DataSource;
    const notifications = { addBulk: async (jobs: Added[]) => { for (const job of jobs) added.push(job.opts.jobId); } };
    const service = new OutboxService(dataSource, { notifications } as unknown as Record<QueueName, Queue>);

    await service.transaction(async (tx) => {
      for (let notificationId = 1; notificationId <= count; notificationId++) tx.emit(sendNotificationJob(notificationId));
    });
    expect(added).toHaveLength(count);
    expect(marked).toHaveLength(count);
  });
});

import { OutboxMessage } from '@app/database';
import { Queue } from 'bullmq';
import { DataSource, FindOperator } from 'typeorm';
import { OutboxService } from './outbox.service';

interface Added {
  name: string;
  data: unknown;
  opts: { jobId: string; delay?: number };
}

/** A BullMQ queue that records what it was handed, or refuses like a Redis that is down. */
class FakeQueue {
  readonly added: Added[] = [];
  down = false;

  async addBulk(jobs: Added[]): Promise<void> {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:6380');
    this.added.push(...jobs);
  }
}

/** The outbox table: inserts (ignoring repeated job ids), finds, and the two updates dispatch makes. */
class FakeOutboxTable {
  readonly rows: OutboxMessage[] = [];

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

  /** What the service reads back: rows by job id (and still to hand over), or the relay's pending rows. */
  find(where: { jobId?: FindOperator<string[]>; dispatchedAt?: unknown } = {}): OutboxMessage[] {
    const jobIds = where.jobId?.value;
    return this.pending().filter((row) => !jobIds || jobIds.includes(row.jobId));
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
  let queues: Record<'matching' | 'offers' | 'notifications' | 'outbox', FakeQueue>;
  let service: OutboxService;

  beforeEach(() => {
    table = new FakeOutboxTable();
    queues = { matching: new FakeQueue(), offers: new FakeQueue(), notifications: new FakeQueue(), outbox: new FakeQueue() };
    const manager = {
      createQueryBuilder: () => table.queryBuilder(),
      find: async (_entity: unknown, options?: { where?: Parameters<FakeOutboxTable['find']>[0] }) => table.find(options?.where),
    };
    const dataSource = { manager, transaction: async (work: (manager: unknown) => Promise<unknown>) => work(manager) } as unknown as DataSource;
    service = new OutboxService(dataSource, ...(Object.values(queues) as unknown as [Queue, Queue, Queue, Queue]));
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
});

import { Queue } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SmtpSink, startSmtpSink } from '../../scripts/smtp-sink';
import { SettleOptions, waitUntilSettled } from './settled';
import { AppProcess, ARTIFACTS, COORDINATOR_TOKEN, createTestDatabase, freePort, TestDatabase, waitFor, waitForHealthy } from './system';

/** Five processes booting at once on a small machine: a generous bound on waiting for each to be ready (a state, not a sleep). */
const BOOT_TIMEOUT_MS = 150_000;

/**
 * Several API and worker processes of the built apps on one scratch database, one Redis of their own and one SMTP
 * sink: what a deployment with `--scale` looks like. The Redis here can be restarted with its data (it writes an
 * append-only file) or crash and come back empty, without disturbing any other suite.
 */

// ---------------------------------------------------------------------------------------------------------------
// Redis

type Reply = string | number | null;

/** One command over a fresh connection, in RESP; enough for PING, SET, GET, DBSIZE. Rejects on an error reply. */
export function redisCommand(port: number, ...args: string[]): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = '';
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(5_000, () => fail(new Error(`redis on ${port} did not answer ${args[0]}`)));
    socket.on('error', fail);
    socket.on('connect', () => socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\r\n');
      if (end < 0) return;
      const head = buffer.slice(0, end);
      let reply: Reply;
      if (head[0] === '-') return fail(new Error(`redis: ${head.slice(1)}`));
      if (head[0] === '+') reply = head.slice(1);
      else if (head[0] === ':') reply = Number(head.slice(1));
      else if (head[0] === '$') {
        const length = Number(head.slice(1));
        if (length < 0) reply = null;
        else if (Buffer.byteLength(buffer) < end + 2 + length + 2) return;
        else reply = Buffer.from(buffer.slice(end + 2)).subarray(0, length).toString('utf8');
      } else return fail(new Error(`redis: unexpected reply ${head}`));
      socket.end();
      resolve(reply);
    });
  });
}

/**
 * A Redis of the cluster's own, with an append-only file in its own directory. `stopKeepingData()` is a clean
 * shutdown (Redis fsyncs the file) and `start()` loads it again; `crashLosingData()` kills it and deletes the files,
 * as a restart of a Redis without persistence (or a failover to an empty replica) would.
 */
export class PersistentRedis {
  private child: ChildProcess | null = null;
  private exited: Promise<unknown> = Promise.resolve();
  readonly dir = mkdtempSync(join(tmpdir(), 'shiyou-redis-cluster-'));

  private constructor(readonly port: number, private readonly logFile: string) {}

  static async start(logFile: string): Promise<PersistentRedis> {
    const redis = new PersistentRedis(await freePort(), logFile);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts on the same port and directory; resolves once Redis answers PING (so after it loaded its data). */
  async start(): Promise<void> {
    if (this.running) throw new Error('redis is already running');
    mkdirSync(join(ARTIFACTS, 'logs'), { recursive: true });
    const child = spawn('redis-server', [
      '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--logfile', this.logFile,
      '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '',
    ], { stdio: 'ignore' });
    this.exited = new Promise((resolve) => child.once('exit', resolve));
    this.child = child;
    // While it loads its file Redis answers -LOADING, which rejects: only PONG means it serves.
    await waitFor(`redis on ${this.port} to serve`, async () => (await redisCommand(this.port, 'PING')) === 'PONG', 15_000, 50);
  }

  /** A clean shutdown: the append-only file is flushed and fsynced, so start() finds every key again. */
  async stopKeepingData(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** A crash, then the data is gone: start() comes up empty. */
  async crashLosingData(): Promise<void> {
    await this.signal('SIGKILL');
    for (const entry of readdirSync(this.dir)) rmSync(join(this.dir, entry), { recursive: true, force: true });
  }

  /** For afterAll: stops it and removes its directory. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    if (!this.running) return;
    this.child!.kill(signal);
    await this.exited;
    this.child = null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The cluster

export interface ClusterOptions {
  name: string;
  apis?: number;
  workers?: number;
  env?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface Cluster {
  name: string;
  db: TestDatabase;
  redis: PersistentRedis;
  sink: SmtpSink;
  /** What every process gets (the APIs add their own PORT). */
  env: Record<string, string>;
  queuePrefix: string;
  apis: AppProcess[];
  apiUrls: string[];
  workers: AppProcess[];
  coordinator: { Authorization: string };
  /** One request to API number `api` (taken modulo the number of APIs). */
  call(api: number, method: string, path: string, options?: { body?: unknown; token?: string; coordinator?: boolean }): Promise<ApiResponse>;
  /** Starts a stopped or killed worker again and resolves once it logged that it runs. */
  startWorker(worker: AppProcess): Promise<void>;
  /** As system.settled(), for the whole cluster: needs every worker running (the state is shared, not per process). */
  settled(options?: SettleOptions): Promise<void>;
  stop(): Promise<void>;
}

function logSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

async function waitForWorkerLog(file: string, fromByte: number): Promise<void> {
  await waitFor(`the worker logging to ${file} to start`, async () =>
    existsSync(file) && readFileSync(file).subarray(fromByte).includes('"Worker started"'), BOOT_TIMEOUT_MS, 100);
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const apiCount = options.apis ?? 2;
  const workerCount = options.workers ?? 3;
  const logs = join(ARTIFACTS, 'logs', options.name);
  const db = await createTestDatabase(options.name);
  const redis = await PersistentRedis.start(`${logs}-redis.log`);
  const sink = await startSmtpSink({ port: 0 });
  const ports: number[] = [];
  while (ports.length < apiCount) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const apiUrls = ports.map((port) => `http://127.0.0.1:${port}`);
  const queuePrefix = `e2e-${options.name}-${process.pid}`;
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: queuePrefix,
    // One public address for every process: the links in emails and the host part of every Message-ID.
    PUBLIC_URL: apiUrls[0],
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    COORDINATOR_TOKEN,
    PUBLIC_POST_RATE_LIMIT: '100000',
    OUTBOX_RELAY_INTERVAL_MS: '1000',
    OFFER_SWEEP_INTERVAL_MS: '2000',
    LOG_LEVEL: 'log',
    ...options.env,
  };
  const apis = ports.map((port, index) => new AppProcess('api', { ...env, PORT: String(port) }, `${logs}-api${index + 1}.log`));
  const workerLogs = Array.from({ length: workerCount }, (_, index) => `${logs}-worker${index + 1}.log`);
  const workers = workerLogs.map((file) => new AppProcess('worker', env, file));
  const logOf = new Map(workers.map((worker, index) => [worker, workerLogs[index]]));

  const stop = async () => {
    await Promise.all([...apis, ...workers].map((app) => app.stop()));
    await db.drop();
    await redis.stop();
    await sink.stop();
  };

  const startWorker = async (worker: AppProcess) => {
    const file = logOf.get(worker)!;
    const from = logSize(file);
    worker.start();
    await waitForWorkerLog(file, from);
  };

  try {
    const offsets = workerLogs.map(logSize);
    apis.forEach((api) => api.start());
    workers.forEach((worker) => worker.start());
    await Promise.all([
      ...apiUrls.map((url) => waitForHealthy(url, BOOT_TIMEOUT_MS)),
      ...workerLogs.map((file, index) => waitForWorkerLog(file, offsets[index])),
    ]);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message} (see ${logs}-*.log)`);
  }

  const coordinator = { Authorization: `Bearer ${COORDINATOR_TOKEN}` };
  return {
    name: options.name,
    db,
    redis,
    sink,
    env,
    queuePrefix,
    apis,
    apiUrls,
    workers,
    coordinator,
    async call(api, method, path, callOptions = {}) {
      const headers: Record<string, string> = {};
      if (callOptions.body !== undefined) headers['content-type'] = 'application/json';
      if (callOptions.coordinator) Object.assign(headers, coordinator);
      if (callOptions.token) headers.authorization = `Bearer ${callOptions.token}`;
      const response = await fetch(`${apiUrls[api % apiUrls.length]}${path}`, {
        method,
        headers,
        body: callOptions.body === undefined ? undefined : JSON.stringify(callOptions.body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body };
    },
    startWorker,
    async settled(settleOptions) {
      const stopped = workers.filter((worker) => !worker.running).length;
      if (stopped > 0 && !settleOptions?.redisDown) throw new Error(`settled() needs every worker running; ${stopped} is not`);
      await waitUntilSettled({ dataSource: db.dataSource, redisUrl: redis.url, queuePrefix }, settleOptions);
    },
    stop,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Settling, with a bounded verdict on lost work

export interface SettleOutcome {
  settled: boolean;
  /** Pending notifications that no job in Redis serves any more, for the whole grace period: nothing will send them. */
  orphans: number[];
  error: string | null;
}

/** Job states in which a job will still run (or runs): a pending message served by one of them is not lost. */
const LIVE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

/**
 * cluster.settled({ mail: true }), except that it does not wait out its timeout for messages nothing will ever send:
 * once every notification still pending has no job in Redis (in any live state) and the outbox has handed everything
 * over, for `orphanGraceMs` on end, they are reported as orphans. The grace leaves a reconcile that restores lost jobs
 * many chances to run (the relay interval is 1 s here).
 */
export async function settleOrFindOrphans(cluster: Cluster, options: { timeoutMs: number; orphanGraceMs: number }): Promise<SettleOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  const db = cluster.db.dataSource;
  let orphanSince: number | null = null;
  let last = 'nothing observed yet';
  while (Date.now() < deadline) {
    try {
      const pending: number[] = (await db.query("SELECT id FROM notifications WHERE status = 'pending' ORDER BY id")).map((row: { id: number }) => Number(row.id));
      if (pending.length === 0) {
        await cluster.settled({ mail: true, timeoutMs: Math.max(1_000, deadline - Date.now()), everyMs: 250 });
        return { settled: true, orphans: [], error: null };
      }
      const queue = new Queue('notifications', { connection: { url: cluster.redis.url }, prefix: cluster.queuePrefix });
      queue.on('error', () => undefined);
      let served: Set<number>;
      try {
        const jobs = await queue.getJobs([...LIVE_STATES], 0, -1);
        served = new Set(jobs.map((job) => Number(job?.data?.notificationId)));
      } finally {
        await queue.close();
      }
      const [outbox] = await db.query('SELECT COUNT(*) AS n FROM outbox WHERE dispatched_at IS NULL');
      const jobless = pending.filter((id) => !served.has(id));
      last = `${pending.length} pending, ${jobless.length} without a job, ${outbox.n} outbox row(s) not handed over`;
      if (jobless.length === pending.length && Number(outbox.n) === 0) {
        orphanSince ??= Date.now();
        if (Date.now() - orphanSince >= options.orphanGraceMs) return { settled: false, orphans: jobless, error: `orphaned: ${last}` };
      } else {
        orphanSince = null;
      }
    } catch (error) {
      last = `the probe failed: ${(error as Error).message}`;
      if (/Timed out .* settle/.test(last)) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { settled: false, orphans: [], error: `Timed out after ${options.timeoutMs} ms settling: ${last}` };
}

// ---------------------------------------------------------------------------------------------------------------
// Telling processes apart from the database's side

export interface DbThread {
  id: number;
  host: string;
  command: string;
  info: string | null;
}

/** The MariaDB threads of the cluster's database (each user sees their own threads without any privilege). */
export async function threadsOf(db: TestDatabase): Promise<DbThread[]> {
  const rows: Array<{ id: string | number; host: string; command: string; info: string | null }> = await db.dataSource.query(
    'SELECT id, host, command, info FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID()');
  return rows.map((row) => ({ id: Number(row.id), host: row.host, command: row.command, info: row.info }));
}

/** Socket inode of each local TCP port whose peer is `remotePort`, from /proc/net/tcp and tcp6 (Linux). */
function socketInodesByLocalPort(remotePort: number): Map<number, string> {
  const inodes = new Map<number, string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const localPort = parseInt(fields[1].split(':')[1], 16);
      const peerPort = parseInt(fields[2].split(':')[1], 16);
      if (peerPort === remotePort) inodes.set(localPort, fields[9]);
    }
  }
  return inodes;
}

function socketInodesOfProcess(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/**
 * Which of `processes` holds the client end of each database thread: the thread's host names the client's port,
 * /proc/net/tcp the socket behind that port, and /proc/<pid>/fd the process holding it.
 */
export function ownersOfThreads(threads: DbThread[], processes: AppProcess[], databasePort: number): Map<number, AppProcess> {
  const inodeByPort = socketInodesByLocalPort(databasePort);
  const processByInode = new Map<string, AppProcess>();
  for (const app of processes) {
    if (!app.pid || !app.running) continue;
    for (const inode of socketInodesOfProcess(app.pid)) processByInode.set(inode, app);
  }
  const owners = new Map<number, AppProcess>();
  for (const thread of threads) {
    const port = Number(thread.host.split(':').pop());
    const inode = inodeByPort.get(port);
    const owner = inode ? processByInode.get(inode) : undefined;
    if (owner) owners.set(thread.id, owner);
  }
  return owners;
}

// ---------------------------------------------------------------------------------------------------------------

/** Runs `work` over `items` with at most `concurrency` at a time; resolves with the results in order. */
export async function inPool<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  });
  await Promise.all(lanes);
  return results;
}

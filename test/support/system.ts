import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { createScratchDatabase, ScratchDatabase, serviceUrls } from '../../scripts/support/scratch-database';
import { SettleOptions, waitUntilSettled } from './settled';

export { serviceUrls };
export type { SettleOptions };

/**
 * Boots the real, built apps (`npm run build` first) as child processes against the MariaDB and Redis of
 * DATABASE_URL / REDIS_URL (as `npm test` sets them), or of this checkout's private services. Each suite
 * gets its own database and its own BullMQ key prefix.
 */
export const ROOT = join(__dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'artifacts');
export const COORDINATOR_TOKEN = 'e2e-coordinator-token-0123456789';
const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type TestDatabase = ScratchDatabase;

/** A fresh utf8mb4 database with every migration applied; `dataSource` lets tests look at rows directly. */
export function createTestDatabase(name: string): Promise<TestDatabase> {
  return createScratchDatabase(serviceUrls().databaseUrl, `shiyou_e2e_${name}_${process.pid}`);
}

export class AppProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);

  constructor(
    readonly kind: 'api' | 'worker',
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  start(): void {
    mkdirSync(join(ARTIFACTS, 'logs'), { recursive: true });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, [this.kind === 'api' ? API_MAIN : WORKER_MAIN], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Both streams share the file: neither may end it while the other can still write (a crash's last words on stderr).
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    this.exited = new Promise((resolve) => child.once('close', (code) => {
      log.end();
      resolve(code);
    }));
    this.child = child;
  }

  /** The running child's process id (undefined before start): lets a test tell its processes apart from outside. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Graceful stop (SIGTERM, then SIGKILL after 10 s). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** A crash: no shutdown hooks run. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGKILL');
    await this.exited;
  }
}

export interface SystemOptions {
  name: string;
  worker?: boolean;
  env?: Record<string, string>;
}

export interface TestSystem {
  apiUrl: string;
  api: AppProcess;
  worker: AppProcess;
  db: TestDatabase;
  env: Record<string, string>;
  http(): ReturnType<typeof request>;
  coordinator: { Authorization: string };
  /**
   * Waits until the outbox is handed over and the queues are drained (delayed jobs aside), stably over two polls:
   * what a test runs before asserting that something did not happen. See support/settled.ts.
   */
  settled(options?: SettleOptions): Promise<void>;
  stop(): Promise<void>;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

export async function waitForHealthy(apiUrl: string, timeoutMs = 30_000): Promise<void> {
  await waitFor('the API to be healthy', async () => (await fetch(`${apiUrl}/health`)).ok, timeoutMs, 150);
}

const RUNNING = new Map<string, TestSystem>();

/** The running system whose API answers at `apiUrl`: lets helpers that get only the URL (browser sign-in) reach its database. */
export function systemAt(apiUrl: string): TestSystem {
  const system = RUNNING.get(apiUrl);
  if (!system) throw new Error(`No running test system at ${apiUrl}`);
  return system;
}

/** Database, API and (by default) worker of one suite. */
export async function startSystem(options: SystemOptions): Promise<TestSystem> {
  const { redisUrl } = serviceUrls();
  const db = await createTestDatabase(options.name);
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `e2e-${options.name}-${process.pid}`,
    PORT: String(port),
    PUBLIC_URL: apiUrl,
    COORDINATOR_TOKEN,
    PUBLIC_POST_RATE_LIMIT: '100000',
    OUTBOX_RELAY_INTERVAL_MS: '1000',
    OFFER_SWEEP_INTERVAL_MS: '2000',
    LOG_LEVEL: 'log',
    ...options.env,
  };
  const logs = join(ARTIFACTS, 'logs', `${options.name}`);
  const api = new AppProcess('api', env, `${logs}-api.log`);
  const worker = new AppProcess('worker', env, `${logs}-worker.log`);
  api.start();
  if (options.worker !== false) worker.start();
  try {
    // As startCluster: on a loaded machine (2 cores, several suites booting) loading the API's modules alone has taken 30 s.
    await waitForHealthy(apiUrl, 120_000);
  } catch (error) {
    // Leave nothing running or open behind a failed boot, or jest would never exit.
    await Promise.all([api.stop(), worker.stop()]);
    await db.drop();
    throw new Error(`${(error as Error).message} (see ${logs}-api.log)`);
  }
  const system: TestSystem = {
    apiUrl,
    api,
    worker,
    db,
    env,
    http: () => request(apiUrl),
    coordinator: { Authorization: `Bearer ${COORDINATOR_TOKEN}` },
    settled: async (settleOptions) => {
      // Without a worker queued jobs never drain: say so at once instead of timing out.
      if (!worker.running && !settleOptions?.redisDown) throw new Error(`settled() needs the worker of "${options.name}" running`);
      await waitUntilSettled({ dataSource: db.dataSource, redisUrl: env.REDIS_URL, queuePrefix: env.QUEUE_PREFIX }, settleOptions);
    },
    stop: async () => {
      RUNNING.delete(apiUrl);
      await Promise.all([api.stop(), worker.stop()]);
      await db.drop();
    },
  };
  RUNNING.set(apiUrl, system);
  return system;
}

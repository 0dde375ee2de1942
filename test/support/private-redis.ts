import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './system';

/**
 * A Redis server of the suite's own, for tests that stop Redis while the apps run without disturbing
 * other suites. stop() and start() keep the same port, like a real outage and recovery.
 */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'shiyou-redis-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], {
      stdio: 'ignore',
    });
    await waitFor(`redis on ${this.port}`, async () => {
      const response = await fetch(`http://127.0.0.1:${this.port}`).catch((error: Error & { cause?: { code?: string } }) => error);
      // Redis answers HTTP with a closed connection, not ECONNREFUSED: that is enough to know it listens.
      return !(response instanceof Error && response.cause?.code === 'ECONNREFUSED');
    }, 10_000, 50);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.child = null;
  }
}

/**
 * scripts/services.sh in a second checkout on the same machine (a copy of this checkout's script in a temporary
 * directory): it takes ports other than this checkout's, keeps them in its .data/ports, moves off a kept port that
 * another process took meanwhile, names a free port when an explicit one is taken, and its stop touches only its own
 * servers. This checkout's services are never stopped: their status must read the same at the end.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

interface Run { code: number; stdout: string; stderr: string }

/** Runs services.sh of a checkout, with none of the variables that would pick its services or ports for it. */
function services(checkout: string, command: string, env: Record<string, string> = {}): Promise<Run> {
  const clean = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'SERVICES_MYSQL_PORT', 'SERVICES_REDIS_PORT']) delete clean[name];
  return new Promise((resolve) => {
    execFile('bash', [join(checkout, 'scripts/services.sh'), command], { env: { ...clean, ...env }, timeout: 180_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The ports in `services.sh env` output. */
function portsOf(envOutput: string): { mysql: number; redis: number } {
  const mysql = /DATABASE_URL='mysql:\/\/[^@]+@127\.0\.0\.1:(\d+)\//.exec(envOutput);
  const redis = /REDIS_URL='redis:\/\/127\.0\.0\.1:(\d+)'/.exec(envOutput);
  if (!mysql || !redis) throw new Error(`no private URLs in: ${envOutput}`);
  return { mysql: Number(mysql[1]), redis: Number(redis[1]) };
}

/** Listens on 127.0.0.1:port; null when something already does. */
function occupy(port: number): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(null) : reject(error)));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** The first bytes a server sends, or what it answers to `send`. */
function exchange(port: number, send?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => { if (send) socket.write(send); });
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer on port ${port}`)));
    socket.once('data', (data) => { socket.destroy(); resolve(data.toString('latin1')); });
    socket.once('error', reject);
  });
}

function keptPorts(checkout: string): string {
  return readFileSync(join(checkout, '.data/ports'), 'utf8').split('\n').filter((line) => /^(mysql|redis)=/.test(line)).sort().join(' ');
}

describe('scripts/services.sh in a second checkout on the same machine', () => {
  const checkout = mkdtempSync(join(tmpdir(), 'shiyou-second-checkout-'));
  const blockers: Server[] = [];
  let ours: { mysql: number; redis: number };
  let oursBefore: Run;

  beforeAll(async () => {
    mkdirSync(join(checkout, 'scripts'));
    copyFileSync(join(ROOT, 'scripts/services.sh'), join(checkout, 'scripts/services.sh'));
    copyFileSync(join(ROOT, 'docker-compose.yml'), join(checkout, 'docker-compose.yml'));
    oursBefore = await services(ROOT, 'status');
    ours = portsOf((await services(ROOT, 'env')).stdout);
    // This checkout's ports are taken: by its running services, or else by stand-ins for them.
    for (const port of [ours.mysql, ours.redis]) {
      const server = await occupy(port);
      if (server) blockers.push(server);
    }
  });

  afterAll(async () => {
    await services(checkout, 'stop');
    await Promise.all(blockers.map((server) => new Promise((resolve) => server.close(resolve))));
    rmSync(checkout, { recursive: true, force: true });
    // Only the second checkout's servers were stopped.
    expect(await services(ROOT, 'status')).toEqual(oursBefore);
  });

  it('runs on other ports than this checkout, keeps them, and stops only its own servers', async () => {
    const started = await services(checkout, 'start');
    expect(started).toMatchObject({ code: 0 });
    const second = portsOf((await services(checkout, 'env')).stdout);
    expect(second.mysql).not.toBe(ours.mysql);
    expect(second.redis).not.toBe(ours.redis);
    expect(started.stderr).toContain(`ports of this checkout: MariaDB ${second.mysql}, Redis ${second.redis}`);
    expect(keptPorts(checkout)).toBe(`mysql=${second.mysql} redis=${second.redis}`);

    // Both run, on those ports, from the second checkout.
    const status = await services(checkout, 'status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`mysql: running \\(pid \\d+, port ${second.mysql}\\)`));
    expect(status.stdout).toMatch(new RegExp(`redis: running \\(pid \\d+, port ${second.redis}\\)`));
    await expect(exchange(second.redis, 'PING\r\n')).resolves.toBe('+PONG\r\n');
    await expect(exchange(second.mysql)).resolves.toMatch(/MariaDB|mysql|\d+\.\d+\.\d+/i);
    // A second start changes nothing; this checkout's services still read the same.
    await expect(services(checkout, 'start')).resolves.toMatchObject({ code: 0 });
    expect(portsOf((await services(checkout, 'env')).stdout)).toEqual(second);
    await expect(services(ROOT, 'status')).resolves.toEqual(oursBefore);

    // Stopped, it keeps its ports for status and env.
    await expect(services(checkout, 'stop')).resolves.toMatchObject({ code: 0 });
    const stopped = await services(checkout, 'status');
    expect(stopped.code).toBe(3);
    expect(stopped.stdout).toContain(`mysql: stopped (port ${second.mysql})`);
    expect(stopped.stdout).toContain(`redis: stopped (port ${second.redis})`);
    expect(portsOf((await services(checkout, 'env')).stdout)).toEqual(second);
    await expect(services(ROOT, 'status')).resolves.toEqual(oursBefore);

    // Another process took its MariaDB port meanwhile: the next start takes a free one, says so and keeps it.
    blockers.push((await occupy(second.mysql))!);
    const moved = await services(checkout, 'start');
    expect(moved.code).toBe(0);
    expect(moved.stderr).toContain(`port ${second.mysql} is used by another process`);
    const third = portsOf((await services(checkout, 'env')).stdout);
    expect([ours.mysql, second.mysql]).not.toContain(third.mysql);
    expect(third.redis).toBe(second.redis);
    expect(keptPorts(checkout)).toBe(`mysql=${third.mysql} redis=${third.redis}`);
    await expect(services(checkout, 'stop')).resolves.toMatchObject({ code: 0 });

    // An explicit port that is taken is not replaced: the message says what to run.
    const refused = await services(checkout, 'start', { SERVICES_MYSQL_PORT: String(second.mysql) });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(new RegExp(`port ${second.mysql} \\(SERVICES_MYSQL_PORT\\) is already used by another process.*Run: SERVICES_MYSQL_PORT=\\d+ bash scripts/services.sh start`));
    expect((await services(checkout, 'status')).code).toBe(3);
  }, 300_000);
});

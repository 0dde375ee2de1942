import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { FuzzRequest } from './requests';

export interface FuzzResponse {
  /** The HTTP status; for a hand-written message the highest status of the responses it got; null: none. */
  status: number | null;
  /** The first 2 kB of the response body (of every response, for a hand-written message). */
  excerpt: string;
  /** Why there is no status: a network error or the timeout. */
  error?: string;
  /** The request could not be written by node:http (a bug in the generator, not in the API). */
  refusedByClient?: string;
  /** Attempts it took: a request that got no response is sent again on a fresh connection, twice. */
  attempts: number;
  ms: number;
  /** Epoch ms of the first write and of the answer: which requests were in flight together. */
  startedAt: number;
  endedAt: number;
}

type Attempt = Omit<FuzzResponse, 'attempts' | 'ms' | 'startedAt' | 'endedAt'>;

const TIMEOUT_MS = 30_000;
const EXCERPT = 2048;

export class FuzzClient {
  private readonly agent: Agent;

  constructor(private readonly host: string, private readonly port: number, concurrency: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency, timeout: TIMEOUT_MS });
  }

  async send(request: FuzzRequest): Promise<FuzzResponse> {
    const started = Date.now();
    let last: Attempt = { status: null, excerpt: '' };
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      last = request.raw ? await this.sendRaw(request.raw) : await this.sendOnce(request, attempt === 1 ? this.agent : false);
      if (last.status !== null || last.refusedByClient) return { ...last, attempts: attempt, ms: Date.now() - started, startedAt: started, endedAt: Date.now() };
      // A hand-written message the server answered by closing the connection: nothing more to learn by resending.
      if (request.raw) break;
    }
    return { ...last, attempts: request.raw ? 1 : 3, ms: Date.now() - started, startedAt: started, endedAt: Date.now() };
  }

  close(): void {
    this.agent.destroy();
  }

  private sendOnce(request: FuzzRequest, agent: Agent | false): Promise<Attempt> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (result: Attempt) => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      let outgoing;
      try {
        const headers = { ...request.headers };
        const explicitLength = Object.keys(headers).some((name) => name.toLowerCase() === 'transfer-encoding');
        if (request.body && !explicitLength) headers['content-length'] = String(request.body.length);
        outgoing = httpRequest({
          host: this.host,
          port: this.port,
          method: request.method,
          path: request.path,
          headers,
          agent,
          setHost: !('host' in headers),
          timeout: TIMEOUT_MS,
        });
      } catch (error) {
        done({ status: null, excerpt: '', refusedByClient: (error as Error).message });
        return;
      }
      let finish: (() => void) | null = null;
      outgoing.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < EXCERPT) chunks.push(chunk);
          size += chunk.length;
        });
        finish = () => done({ status: response.statusCode ?? null, excerpt: Buffer.concat(chunks).subarray(0, EXCERPT).toString('utf8') });
        response.on('end', finish);
        response.on('error', finish);
        response.on('aborted', finish);
        response.on('close', finish);
      });
      outgoing.on('timeout', () => {
        outgoing.destroy(new Error(`no response within ${TIMEOUT_MS} ms`));
      });
      // The server may answer (413, 415, 400) and close before the whole body is written: the answer counts.
      outgoing.on('error', (error: NodeJS.ErrnoException) => (finish ? finish() : done({ status: null, excerpt: '', error: error.code ?? error.message })));
      outgoing.on('close', () => (finish ? finish() : done({ status: null, excerpt: '', error: 'connection closed without a response' })));
      if (request.body) outgoing.write(request.body, () => undefined);
      outgoing.end();
    });
  }

  private sendRaw(message: Buffer): Promise<Attempt> {
    return new Promise((resolve) => {
      const socket = connect({ host: this.host, port: this.port });
      const chunks: Buffer[] = [];
      let settled = false;
      const done = (error?: string) => {
        if (settled) return;
        settled = true;
        socket.destroy();
        const text = Buffer.concat(chunks).toString('latin1');
        const statuses = [...text.matchAll(/(?:^|\r\n)HTTP\/\d\.\d (\d{3})/g)].map((match) => Number(match[1]));
        resolve({
          status: statuses.length > 0 ? Math.max(...statuses) : null,
          excerpt: Buffer.concat(chunks).subarray(0, EXCERPT).toString('utf8'),
          error: statuses.length > 0 ? undefined : (error ?? 'connection closed without a response'),
        });
      };
      socket.setTimeout(10_000, () => done('no response within 10 s'));
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
      socket.on('end', () => done());
      socket.on('close', () => done());
      socket.on('connect', () => socket.write(message));
    });
  }
}

/** Runs `task` over 0..count-1 with at most `concurrency` in flight. */
export async function pool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  });
  await Promise.all(lanes);
}

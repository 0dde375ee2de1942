/**
 * Local SMTP sink: accepts every message (any or no auth, no TLS), keeps it in memory and,
 * optionally, as NNNN.eml files and behind a tiny HTTP viewer. Used by the demo and the e2e tests
 * when SMTP_URL is not set, so that the real SMTP path of the worker is exercised.
 *
 *   npx tsx scripts/smtp-sink.ts --port 1025 --http-port 1080 --dir .data/mail
 *
 * runs until SIGINT/SIGTERM and logs one line per message. Programmatic use:
 *
 *   const sink = await startSmtpSink({ port: 0 });
 *   process.env.SMTP_URL = `smtp://127.0.0.1:${sink.port}`;
 *   const [mail] = await sink.waitFor((m) => m.length >= 1);
 *
 * Parsing is deliberately minimal (no mailparser): RFC 2047 encoded words in headers, MIME
 * multipart (nested), base64 / quoted-printable transfer encodings and the common charsets.
 */
import { fork } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

export interface SinkMessage {
  id: number;
  receivedAt: string;
  /** decoded From header (falls back to the envelope sender) */
  from: string;
  /** envelope recipients (RCPT TO), i.e. everyone the message was delivered to, Bcc included */
  to: string[];
  /** decoded Subject header ('' when missing) */
  subject: string;
  /** Message-ID header as sent, angle brackets included; null when missing */
  messageId: string | null;
  /** the message source as received (UTF-8 view) */
  raw: string;
  /** best-effort decoded text/plain part (derived from the HTML when there is none); LF line ends */
  text: string;
  /** decoded text/html part, '' when there is none; LF line ends */
  html: string;
  /** all top-level headers, lower-case names, decoded; repeated headers joined with ', ' */
  headers: Record<string, string>;
  envelope: { from: string; to: string[] };
}

export interface SmtpSink {
  port: number;
  /** http viewer port when httpPort was given, else null */
  httpPort: number | null;
  messages: SinkMessage[];
  waitFor(predicate: (m: SinkMessage[]) => boolean, timeoutMs?: number): Promise<SinkMessage[]>;
  clear(): void;
  stop(): Promise<void>;
  /** stop listening (connections are refused): simulates SMTP down */
  pause(): Promise<void>;
  /** answer RCPT TO for this address with 550 (a permanent failure) until acceptRecipient */
  rejectRecipient(address: string): void;
  acceptRecipient(address: string): void;
  resume(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** 0 (default) = random free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** if set, each message is also written there as NNNN.eml (numbering continues after existing files) */
  dir?: string;
  /** if set, serve GET / (HTML list, newest first), GET /messages.json and GET /messages/:id.eml */
  httpPort?: number;
  /** called for every message received */
  onMessage?: (m: SinkMessage) => void;
}

const MAX_SIZE = 10 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// minimal MIME parsing (strings below are "binary": one char per byte, i.e. latin1)

function decodeBytes(bytes: Buffer, charset?: string): string {
  const cs = (charset || 'utf-8').trim().toLowerCase().replace(/^"|"$/g, '');
  if (cs === 'utf-8' || cs === 'utf8' || cs === 'us-ascii' || cs === 'ascii') return bytes.toString('utf8');
  if (cs === 'iso-8859-1' || cs === 'latin1' || cs === 'latin-1') return bytes.toString('latin1');
  try {
    return new TextDecoder(cs).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

function qpToBinary(s: string, headerQ = false): string {
  if (headerQ) s = s.replace(/_/g, ' ');
  return s
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** RFC 2047: decode encoded words; adjacent words are joined (bytes first, so split characters survive). */
export function decodeHeaderValue(value: string): string {
  const re = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
  let out = '';
  let last = 0;
  let pending: { charset: string; bin: string } | null = null;
  const flush = () => {
    if (pending) out += decodeBytes(Buffer.from(pending.bin, 'latin1'), pending.charset);
    pending = null;
  };
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const between = value.slice(last, m.index);
    const charset = m[1].split('*')[0]; // RFC 2231 language suffix
    const bin = m[2].toUpperCase() === 'B' ? Buffer.from(m[3], 'base64').toString('latin1') : qpToBinary(m[3], true);
    if (pending && /^\s*$/.test(between) && pending.charset.toLowerCase() === charset.toLowerCase()) {
      pending.bin += bin;
    } else {
      const adjacent: boolean = pending !== null && /^\s*$/.test(between);
      flush();
      if (!adjacent) out += between;
      pending = { charset, bin };
    }
    last = re.lastIndex;
  }
  flush();
  return out + value.slice(last);
}

interface Part {
  headers: Map<string, string[]>; // lower-case name -> raw (binary) values
  body: string; // binary
}

function splitHeaders(bin: string): Part {
  const m = /\r?\n\r?\n/.exec(bin);
  const head = m ? bin.slice(0, m.index) : bin;
  const body = m ? bin.slice(m.index + m[0].length) : '';
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    const list = headers.get(name) ?? [];
    list.push(line.slice(i + 1).trim());
    headers.set(name, list);
  }
  return { headers, body };
}

/** header value: raw 8-bit bytes read as UTF-8, then encoded words decoded */
function headerText(part: Part, name: string): string | undefined {
  const v = part.headers.get(name);
  if (!v) return undefined;
  return v.map((x) => decodeHeaderValue(Buffer.from(x, 'latin1').toString('utf8'))).join(', ');
}

function parseParams(value: string): { value: string; params: Record<string, string> } {
  const first = value.split(';')[0];
  const params: Record<string, string> = {};
  const re = /;\s*([^=\s;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    let v = m[2].trim();
    if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params[m[1].toLowerCase().replace(/\*$/, '')] = v;
  }
  return { value: first.trim().toLowerCase(), params };
}

function decodeBody(part: Part, charset?: string): string {
  const cte = (part.headers.get('content-transfer-encoding')?.[0] ?? '7bit').trim().toLowerCase();
  let bin = part.body;
  if (cte === 'base64') bin = Buffer.from(bin.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1');
  else if (cte === 'quoted-printable') bin = qpToBinary(bin);
  return decodeBytes(Buffer.from(bin, 'latin1'), charset).replace(/\r\n/g, '\n');
}

function walk(part: Part, found: { text?: string; html?: string }, depth = 0): void {
  const ct = parseParams(part.headers.get('content-type')?.[0] ?? 'text/plain');
  const disposition = (part.headers.get('content-disposition')?.[0] ?? '').toLowerCase();
  if (ct.value.startsWith('multipart/') && ct.params.boundary && depth < 20) {
    const b = ct.params.boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`(?:^|\\r?\\n)--${b}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
    const marks: { start: number; end: number; final: boolean }[] = [];
    for (let m = re.exec(part.body); m; m = re.exec(part.body)) {
      marks.push({ start: m.index, end: re.lastIndex, final: !!m[1] });
      if (m[1]) break;
    }
    for (let i = 0; i < marks.length - 1; i++) {
      if (marks[i].final) break;
      walk(splitHeaders(part.body.slice(marks[i].end, marks[i + 1].start)), found, depth + 1);
    }
    if (marks.length && !marks[marks.length - 1].final) {
      walk(splitHeaders(part.body.slice(marks[marks.length - 1].end)), found, depth + 1);
    }
    return;
  }
  if (disposition.startsWith('attachment')) return;
  if (ct.value === 'text/plain' && found.text === undefined) found.text = decodeBody(part, ct.params.charset);
  else if (ct.value === 'text/html' && found.html === undefined) found.html = decodeBody(part, ct.params.charset);
  else if (ct.value === 'message/rfc822' && depth < 20) walk(splitHeaders(part.body), found, depth + 1);
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface ParsedContent {
  headers: Record<string, string>;
  messageId: string | null;
  text: string;
  html: string;
}

function parseContent(raw: Buffer): ParsedContent {
  const top = splitHeaders(raw.toString('latin1'));
  const headers: Record<string, string> = {};
  for (const name of top.headers.keys()) headers[name] = headerText(top, name) ?? '';
  const found: { text?: string; html?: string } = {};
  try {
    walk(top, found);
  } catch {
    /* best effort */
  }
  const html = found.html ?? '';
  return {
    headers,
    messageId: top.headers.get('message-id')?.[0]?.trim() ?? null,
    text: found.text ?? (html ? htmlToText(html) : ''),
    html,
  };
}

/**
 * The message as received; its content is parsed on first access of a derived field (subject, text, html, ...), so
 * receiving stays cheap for a sender pushing thousands of messages (npm run bench:notifications). The derived fields
 * are enumerable getters that turn into plain values once read, so JSON and object spreads still see them all.
 */
export function parseMessage(
  raw: Buffer,
  meta: { id: number; receivedAt?: string; envelopeFrom?: string; envelopeTo?: string[] },
): SinkMessage {
  const envelopeTo = meta.envelopeTo ?? [];
  let parsed: ParsedContent | undefined;
  const content = () => (parsed ??= parseContent(raw));
  const derived: { [K in Exclude<keyof SinkMessage, 'id' | 'receivedAt' | 'envelope'>]: () => SinkMessage[K] } = {
    from: () => content().headers.from ?? meta.envelopeFrom ?? '',
    to: () => (envelopeTo.length ? envelopeTo : (content().headers.to ?? '').match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? []),
    subject: () => content().headers.subject ?? '',
    messageId: () => content().messageId,
    raw: () => raw.toString('utf8'),
    text: () => content().text,
    html: () => content().html,
    headers: () => content().headers,
  };
  const message = { id: meta.id, receivedAt: meta.receivedAt ?? new Date().toISOString() } as SinkMessage;
  for (const [name, compute] of Object.entries(derived)) {
    Object.defineProperty(message, name, {
      enumerable: true,
      configurable: true,
      get: () => {
        const value: unknown = compute();
        Object.defineProperty(message, name, { value, enumerable: true, configurable: true, writable: true });
        return value;
      },
    });
  }
  message.envelope = { from: meta.envelopeFrom ?? '', to: envelopeTo };
  return message;
}

// ---------------------------------------------------------------------------------------------
// HTTP viewer

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function renderHtml(messages: SinkMessage[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) => `<article>
<h2>#${m.id} ${esc(m.subject || '(no subject)')}</h2>
<p class="meta">${esc(m.receivedAt)} · from ${esc(m.from)} · to ${esc(m.to.join(', '))} · <a href="/messages/${m.id}.eml">raw</a></p>
<pre>${esc(m.text)}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>SMTP sink (${messages.length})</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem;max-width:60rem}
article{border-bottom:1px solid #ddd;padding:.5rem 0}h2{font-size:1.1rem;margin:.2rem 0}
.meta{color:#666;font-size:.85rem;margin:.2rem 0}pre{white-space:pre-wrap;background:#f7f7f7;padding:.5rem}</style>
</head><body><h1>SMTP sink — ${messages.length} message${messages.length === 1 ? '' : 's'}</h1>
${rows || '<p>No messages yet.</p>'}
</body></html>`;
}

// ---------------------------------------------------------------------------------------------

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const dir = options.dir ? path.resolve(options.dir) : undefined;
  const messages: SinkMessage[] = [];
  const waiters = new Set<() => void>();
  const rejected = new Set<string>();
  let nextId = 1;

  if (dir) {
    await fsp.mkdir(dir, { recursive: true });
    for (const f of await fsp.readdir(dir)) {
      const m = /^(\d+)\.eml$/.exec(f);
      if (m) nextId = Math.max(nextId, Number(m[1]) + 1);
    }
  }

  const onData = (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', (err: Error) => callback(err));
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        const err = new Error('Message exceeds the 10 MB limit') as Error & { responseCode?: number };
        err.responseCode = 552;
        callback(err);
        return;
      }
      const raw = Buffer.concat(chunks);
      const id = nextId++;
      const env = session.envelope;
      const msg = parseMessage(raw, {
        id,
        envelopeFrom: env.mailFrom ? env.mailFrom.address : '',
        envelopeTo: env.rcptTo.map((r) => r.address),
      });
      const done = () => {
        messages.push(msg);
        try {
          options.onMessage?.(msg);
        } catch {
          /* ignore */
        }
        for (const w of [...waiters]) w();
        callback();
      };
      if (dir) {
        fsp.writeFile(path.join(dir, `${String(id).padStart(4, '0')}.eml`), raw).then(done, (err: Error) => callback(err));
      } else {
        done();
      }
    });
  };

  const makeServer = () =>
    new SMTPServer({
      name: 'smtp-sink.local',
      banner: 'shiyou smtp-sink',
      logger: false,
      secure: false,
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      size: MAX_SIZE,
      closeTimeout: 1000,
      onAuth: (auth, _session, cb) => cb(null, { user: auth.username || 'anonymous' }),
      onRcptTo: (address, _session, cb) => {
        if (!rejected.has(address.address.toLowerCase())) return cb();
        cb(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      },
      onData,
    });

  let server: SMTPServer | null = null;
  let port = options.port ?? 0;

  const listen = (srv: SMTPServer, p: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      srv.once('error', onError);
      srv.listen(p, host, () => {
        srv.removeListener('error', onError);
        srv.on('error', () => undefined); // per-connection errors must not crash the process
        resolve(((srv as unknown as { server: import('node:net').Server }).server.address() as AddressInfo).port);
      });
    });

  const closeSmtp = async () => {
    const srv = server;
    if (!srv) return;
    server = null;
    await new Promise<void>((resolve) => {
      srv.close(() => resolve());
      // terminate open sessions now instead of after closeTimeout: "down" means down
      const conns = (srv as unknown as { connections?: Set<{ send(c: number, m: string): void; close(): void }> })
        .connections;
      conns?.forEach((c) => {
        try {
          c.send(421, 'Service not available, closing transmission channel');
          c.close();
        } catch {
          /* already gone */
        }
      });
    });
  };

  server = makeServer();
  port = await listen(server, port);

  let httpServer: http.Server | null = null;
  let httpPort: number | null = null;
  if (options.httpPort !== undefined) {
    httpServer = http.createServer((req, res) => {
      const url = (req.url ?? '/').split('?')[0];
      if (req.method === 'DELETE' && url === '/messages') {
        messages.length = 0;
        res.writeHead(204).end();
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      if (url === '/' || url === '/index.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(renderHtml(messages));
      } else if (url === '/messages.json') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(JSON.stringify(messages));
      } else if (/^\/messages\/\d+\.eml$/.test(url)) {
        const m = messages.find((x) => x.id === Number(/\d+/.exec(url)![0]));
        if (!m) res.writeHead(404).end('not found');
        else res.writeHead(200, { 'content-type': 'message/rfc822; charset=utf-8' }).end(m.raw);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    });
    const hs = httpServer;
    httpPort = await new Promise<number>((resolve, reject) => {
      hs.once('error', reject);
      hs.listen(options.httpPort, host, () => {
        hs.removeListener('error', reject);
        resolve((hs.address() as AddressInfo).port);
      });
    });
  }

  const sink: SmtpSink = {
    port,
    httpPort,
    messages,
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise<SinkMessage[]>((resolve, reject) => {
        const check = (): boolean => {
          let ok = false;
          try {
            ok = predicate(messages);
          } catch (err) {
            finish();
            reject(err);
            return true;
          }
          if (ok) {
            finish();
            resolve([...messages]);
          }
          return ok;
        };
        const timer = setTimeout(() => {
          finish();
          const seen = messages.map((m) => `#${m.id} to ${m.to.join(',')}: ${m.subject}`).join('; ') || 'none';
          reject(new Error(`smtp-sink: condition not met within ${timeoutMs} ms (messages: ${seen})`));
        }, timeoutMs);
        const waiter = () => void check();
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        if (!check()) waiters.add(waiter);
      });
    },
    clear() {
      messages.length = 0;
    },
    rejectRecipient(address) {
      rejected.add(address.toLowerCase());
    },
    acceptRecipient(address) {
      rejected.delete(address.toLowerCase());
    },
    async pause() {
      await closeSmtp();
    },
    async resume() {
      if (server) return;
      const srv = makeServer();
      await listen(srv, port);
      server = srv;
    },
    async stop() {
      await closeSmtp();
      if (httpServer) {
        const hs = httpServer;
        httpServer = null;
        await new Promise<void>((resolve) => {
          hs.close(() => resolve());
          hs.closeAllConnections();
        });
      }
    },
  };
  return sink;
}

// ---------------------------------------------------------------------------------------------
// The sink in a process of its own: a benchmark's senders then do not share their CPU with its SMTP parsing.

type SinkRequest = { type: 'clear' } | { type: 'wait'; count: number; timeoutMs: number };
type SinkReply = { type: 'listening'; port: number } | { type: 'cleared' } | { type: 'received'; count: number; distinctMessageIds: number } | { type: 'error'; message: string };

export interface SinkProcess {
  port: number;
  clear(): Promise<void>;
  /** Resolves once the sink holds `count` messages, with how many distinct Message-IDs they carry. */
  waitForCount(count: number, timeoutMs: number): Promise<{ distinctMessageIds: number }>;
  stop(): Promise<void>;
}

/** Forks this file with `--ipc`: the child listens on a free port and answers over the IPC channel, one request at a time. */
export function forkSmtpSink(): Promise<SinkProcess> {
  const child = fork(__filename, ['--ipc'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () =>
    new Promise<SinkReply>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`smtp-sink process exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (reply: SinkReply) => {
        child.removeListener('exit', onExit);
        if (reply.type === 'error') reject(new Error(reply.message));
        else resolve(reply);
      });
    });
  const ask = (request: SinkRequest) => {
    const reply = next();
    child.send(request);
    return reply;
  };
  return next().then((listening) => ({
    port: (listening as Extract<SinkReply, { type: 'listening' }>).port,
    clear: async () => void (await ask({ type: 'clear' })),
    waitForCount: async (count, timeoutMs) => {
      const reply = (await ask({ type: 'wait', count, timeoutMs })) as Extract<SinkReply, { type: 'received' }>;
      return { distinctMessageIds: reply.distinctMessageIds };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  }));
}

async function serveOverIpc(): Promise<void> {
  const sink = await startSmtpSink({ port: 0 });
  const reply = (message: SinkReply) => process.send!(message);
  process.on('message', (request: SinkRequest) => {
    if (request.type === 'clear') {
      sink.clear();
      reply({ type: 'cleared' });
      return;
    }
    sink.waitFor((messages) => messages.length >= request.count, request.timeoutMs).then(
      (messages) => reply({ type: 'received', count: messages.length, distinctMessageIds: new Set(messages.map((m) => m.messageId)).size }),
      (error: Error) => reply({ type: 'error', message: error.message.slice(0, 500) }),
    );
  });
  process.on('SIGTERM', () => void sink.stop().then(() => process.exit(0)));
  reply({ type: 'listening', port: sink.port });
}

// ---------------------------------------------------------------------------------------------
// CLI: npx tsx scripts/smtp-sink.ts [--port 1025] [--host 127.0.0.1] [--http-port 1080] [--dir .data/mail]

function parseArgs(argv: string[]): SmtpSinkOptions {
  const opts: SmtpSinkOptions = { port: 1025 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`missing value for ${flag}`);
      return v;
    };
    switch (flag) {
      case '--port':
        opts.port = Number(value());
        break;
      case '--host':
        opts.host = value();
        break;
      case '--http-port':
        opts.httpPort = Number(value());
        break;
      case '--dir':
        opts.dir = value();
        break;
      case '-h':
      case '--help':
        console.log('usage: tsx scripts/smtp-sink.ts [--port 1025] [--host 127.0.0.1] [--http-port 1080] [--dir DIR]');
        process.exit(0);
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const host = opts.host ?? '127.0.0.1';
  const sink = await startSmtpSink({
    ...opts,
    onMessage: (m) =>
      console.log(
        `[smtp-sink] #${m.id} ${new Date().toISOString()} from ${m.envelope.from || '-'} to ${m.to.join(', ')}: ${m.subject} (${Buffer.byteLength(m.raw)} bytes)`,
      ),
  });
  console.log(
    `[smtp-sink] listening on smtp://${host}:${sink.port}` +
      (sink.httpPort !== null ? `, viewer http://${host}:${sink.httpPort}/` : '') +
      (opts.dir ? `, saving to ${path.resolve(opts.dir)}` : ''),
  );
  let stopping = false;
  const shutdown = (sig: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[smtp-sink] ${sig}: stopping`);
    sink.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (require.main === module) {
  (process.argv[2] === '--ipc' ? serveOverIpc() : main()).catch((err: unknown) => {
    console.error(`[smtp-sink] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}

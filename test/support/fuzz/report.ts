import { existsSync, readFileSync } from 'node:fs';
import { FuzzRequest } from './requests';
import { FuzzResponse } from './send';

export interface Outcome {
  request: FuzzRequest;
  response: FuzzResponse;
}

/** What the API logged for a request id (its "Unhandled error" line), read from the API's log file. */
export interface LoggedError {
  error: string;
  /** The first stack frame outside Node's internals. */
  frame?: string;
}

export function unhandledErrors(logFile: string): Map<string, LoggedError> {
  const causes = new Map<string, LoggedError>();
  if (!existsSync(logFile)) return causes;
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('Unhandled error') && !line.includes('"level":"error"')) continue;
    try {
      const entry = JSON.parse(line) as { message?: { message?: string; requestId?: string; error?: string; stack?: string } };
      const message = entry.message;
      if (!message?.requestId || message.message !== 'Unhandled error') continue;
      const frame = message.stack?.split('\n').find((text) => /^\s+at /.test(text) && !text.includes('node:internal'))?.trim();
      causes.set(message.requestId, { error: message.error ?? '?', frame });
    } catch {
      // a line cut in the middle by a concurrent write: not ours to judge
    }
  }
  return causes;
}

/** A request id to look the cause up by: the one the API answered with, else the one sent. */
export function requestIdOf(outcome: Outcome): string | undefined {
  const answered = /"requestId"\s*:\s*"([^"]+)"/.exec(outcome.response.excerpt)?.[1];
  const sent = outcome.request.headers['x-request-id'];
  return answered ?? (typeof sent === 'string' ? sent : undefined);
}

/** A cause with its numbers, ids and bytes blanked, so that one defect is one group. */
export function causeClass(cause: string): string {
  return cause
    .replace(/\\x[0-9a-f]{2}/gi, '\\xNN')
    .replace(/'[^']{0,80}'/g, "'…'")
    .replace(/\d+/g, 'N')
    .slice(0, 240);
}

/**
 * Text as a reader can copy it: control, format and bidi characters, lone surrogates and (for byte strings such
 * as request targets and header values) bytes above 0x7e escaped; long text cut.
 */
export function printable(text: string, max: number, bytes = false): string {
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (char) => (char === '\n' ? '\\n' : char === '\r' ? '\\r' : char === '\t' ? '\\t' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
  const shown = bytes ? escaped.replace(/[\u0080-\u00ff]/g, (char) => `\\x${char.charCodeAt(0).toString(16)}`) : escaped;
  return shown.length <= max ? shown : `${shown.slice(0, max)}… (${text.length} chars in all)`;
}

/** The request as a reader can replay it: method, target, headers (tokens named), body excerpt. */
export function describeRequest(request: FuzzRequest): string {
  if (request.raw) {
    const text = request.raw.toString('latin1').replace(/(Bearer|Basic)\s+\S+/g, `$1 <${request.authLabel.replace(/^\S+\s+/, '')}>`);
    return `raw HTTP/1.1 message (${request.raw.length} bytes) on its own connection:\n      ${printable(text, 600, true)}`;
  }
  const lines = [`${request.method} ${printable(request.path, 300, true)}`];
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === 'user-agent' || name === 'accept') continue;
    const values = Array.isArray(value) ? value : [value];
    const shown = name === 'authorization' ? [request.authLabel] : values.map((item) => printable(item, 200, true));
    lines.push(`${name}: ${shown.join(' | ')}`);
  }
  if (!('authorization' in request.headers)) lines.push('authorization: (none)');
  if (request.body) {
    lines.push(request.bodyNote ? `body (${request.body.length} bytes): ${request.bodyNote}` : `body (${request.body.length} bytes): ${printable(request.body.toString('utf8'), 400)}`);
  }
  return lines.join('\n      ');
}

export interface OffenderGroup {
  key: string;
  count: number;
  /** The smallest request of the group. */
  example: Outcome;
  cause: string;
}

/**
 * Offenders grouped twice: by cause (what the API logged, numbers blanked), then by route and mutation kind;
 * each group shows its smallest request.
 */
const rank = (other: Outcome, outcome: Outcome) =>
  other.request.route === outcome.request.route ? 0 : /^(GET|HEAD|OPTIONS) /.test(other.request.route) ? 2 : 1;

/** A cause that depends on what else ran at the time: its example lists the requests in flight with it. */
const RACY = /deadlock|lock wait|duplicate entry|timeout|too many connections/i;

export function offenderReport(offenders: Outcome[], causes: Map<string, LoggedError>, replay: (index: number) => string, everything: Outcome[] = []): string {
  const alongside = (outcome: Outcome): string[] => everything
    .filter((other) => other.request.index !== outcome.request.index && other.response.startedAt < outcome.response.endedAt && other.response.endedAt > outcome.response.startedAt)
    // The likeliest partners first: the same route, then other writes.
    .sort((a, b) => rank(a, outcome) - rank(b, outcome))
    .slice(0, 8)
    .map((other) => `#${other.request.index} ${other.request.route} · ${other.request.kind} → ${other.response.status ?? other.response.error}`);
  const loggedOf = (outcome: Outcome) => {
    const id = requestIdOf(outcome);
    return id ? causes.get(id) : undefined;
  };
  const causeOf = (outcome: Outcome): string => {
    if (outcome.response.status === null) return `no response: ${outcome.response.error}`;
    return loggedOf(outcome)?.error ?? `HTTP ${outcome.response.status}, nothing logged; body: ${printable(outcome.response.excerpt, 200)}`;
  };
  // The smallest request that a reader can read: a body described rather than shown (compressed, Latin-1) only if need be.
  const sizeOf = (outcome: Outcome) =>
    (outcome.request.bodyNote || outcome.request.raw ? 1e9 : 0) + (outcome.request.raw?.length ?? 0) + (outcome.request.body?.length ?? 0) + outcome.request.path.length;
  const group = (keyOf: (outcome: Outcome) => string): OffenderGroup[] => {
    const groups = new Map<string, OffenderGroup>();
    for (const outcome of offenders) {
      const key = keyOf(outcome);
      const found = groups.get(key);
      if (!found) groups.set(key, { key, count: 1, example: outcome, cause: causeOf(outcome) });
      else {
        found.count += 1;
        if (sizeOf(outcome) < sizeOf(found.example)) {
          found.example = outcome;
          found.cause = causeOf(outcome);
        }
      }
    }
    return [...groups.values()].sort((a, b) => b.count - a.count);
  };
  const show = (entry: OffenderGroup, withCause: boolean) => {
    const { request, response } = entry.example;
    return [
      `  ${entry.count} × ${entry.key}`,
      withCause ? `    cause: ${entry.cause}${loggedOf(entry.example)?.frame ? ` (${loggedOf(entry.example)!.frame})` : ''}` : null,
      `    e.g. #${request.index} [${request.route} · ${request.kind}: ${request.variant}] → ${response.status ?? response.error}`,
      `      ${describeRequest(request)}`,
      response.status !== null ? `      response: ${printable(response.excerpt, 200)}` : null,
      `      replay: ${replay(request.index)}`,
      RACY.test(entry.cause) ? `      a race: in flight alongside ${alongside(entry.example).join('; ') || '(nothing recorded)'}` : null,
    ].filter(Boolean).join('\n');
  };
  const byCause = group((outcome) => causeClass(causeOf(outcome)));
  // A broken body field is grouped by its class (lone surrogate, deep nesting, …), not by field and value.
  const family = (request: FuzzRequest) => (request.kind === 'body-field' ? request.variant.replace(/^.* ← ([^:]+): .*$/s, '$1') : request.variant);
  const byRoute = group((outcome) => `${outcome.request.route} · ${outcome.request.kind}: ${family(outcome.request)}`);
  return [
    `${offenders.length} request(s) answered 5xx or not at all.`,
    '',
    `By cause (${byCause.length}):`,
    ...byCause.map((entry) => show(entry, true)),
    '',
    `By route and mutation (${byRoute.length}):`,
    ...byRoute.map((entry) => `  ${entry.count} × ${entry.key} → ${entry.example.response.status ?? entry.example.response.error} (e.g. #${entry.example.request.index}; cause: ${causeClass(entry.cause).slice(0, 120)})`),
  ].join('\n');
}

/** Status counts per route, for the run's summary. */
export function statusTable(outcomes: Iterable<{ route: string; status: number | null }>): string {
  const table = new Map<string, Map<string, number>>();
  for (const { route, status } of outcomes) {
    const row = table.get(route) ?? new Map<string, number>();
    const key = status === null ? 'none' : String(status);
    row.set(key, (row.get(key) ?? 0) + 1);
    table.set(route, row);
  }
  return [...table.entries()]
    .map(([route, row]) => `  ${route.padEnd(64)} ${[...row.entries()].sort().map(([status, count]) => `${status}×${count}`).join(' ')}`)
    .join('\n');
}

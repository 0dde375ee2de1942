import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFixture, Fixture } from './support/fuzz/fixture';
import { brokenInvariants } from './support/fuzz/invariants';
import { describeRequest, offenderReport, Outcome, statusTable, unhandledErrors } from './support/fuzz/report';
import { fullCoverage, generate, GeneratorOptions, KINDS } from './support/fuzz/requests';
import { ROUTES } from './support/fuzz/routes';
import { FuzzClient, pool } from './support/fuzz/send';
import { ARTIFACTS, startSystem, TestSystem } from './support/system';

/**
 * Hostile requests over every route (paths, queries, headers, encodings, bodies with one field broken, invalid
 * JSON), sent on loopback with bounded concurrency: none may answer 5xx or go unanswered, the API must stay
 * healthy, and once the system has settled no row may be half-written.
 *
 * Size and seed come from the jest process's environment: FUZZ_RUNS (default 1500; `npm run test:fuzz` runs
 * 10,000), FUZZ_SEED (default fixed, so `npm test` is reproducible; `random` picks one and prints it),
 * FUZZ_CONCURRENCY (default 8), and
 * FUZZ_ONLY=12,345 to replay chosen requests of a seed. Requests go round the routes (those with a body twice),
 * each visit to a route taking the next mutation kind of its schedule, so a run of the default size already gives
 * every route every kind; request i draws its details from its own seeded stream, so it replays alone.
 */
function whole(name: string, fallback: number): number {
  const text = process.env[name]?.trim();
  if (!text) return fallback;
  if (name === 'FUZZ_SEED' && text === 'random') return Math.floor(Math.random() * 0x1_0000_0000);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name}=${text}: expected a whole number`);
  return value;
}
/** By default enough requests that every route meets every mutation kind (the coverage check below runs). */
const RUNS = whole('FUZZ_RUNS', Math.max(1500, fullCoverage(ROUTES)));
const SEED = whole('FUZZ_SEED', 0x5eed_2025);
const CONCURRENCY = Math.max(1, whole('FUZZ_CONCURRENCY', 8));
const ONLY = process.env.FUZZ_ONLY?.split(',').map((item) => item.trim()).filter((item) => item !== '').map(Number);
if (ONLY?.some((index) => !Number.isSafeInteger(index) || index < 0)) throw new Error(`FUZZ_ONLY=${process.env.FUZZ_ONLY}: expected request indexes`);
/** Replaying chosen requests: the checks that need a whole run are skipped. */
const REPLAY = ONLY !== undefined && ONLY.length > 0;
const INDICES = REPLAY ? ONLY : Array.from({ length: RUNS }, (_, index) => index);
const NAME = 'fuzz';
const API_LOG = join(ARTIFACTS, 'logs', `${NAME}-api.log`);

const replay = (index: number) => `FUZZ_SEED=${SEED} FUZZ_ONLY=${index} npx jest --runInBand --selectProjects e2e --runTestsByPath test/fuzz.e2e-spec.ts`;

describe(`fuzz (seed ${SEED}, ${INDICES.length} requests)`, () => {
  let system: TestSystem;
  let fixture: Fixture;
  const offenders: Outcome[] = [];
  /** Every request with its answer, bodies dropped: for the races an offender may have been part of. */
  const everything: Outcome[] = [];
  const refused: Outcome[] = [];
  const statuses: Array<{ route: string; status: number | null }> = [];
  const pairs = new Set<string>();
  const timings: Array<{ ms: number; label: string; kind: string }> = [];
  const lines: string[] = [];
  let rawUnanswered = 0;
  let baseline: { students: number; mentors: number };
  let runMs = 0;
  let settleError: Error | null = null;

  const count = async (table: string) => Number((await system.db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    system = await startSystem({ name: NAME });
    fixture = await buildFixture(system);
    baseline = { students: await count('student_applications'), mentors: await count('mentor_applications') };
    const runTag = `fz${Date.now().toString(36)}`;
    const options: GeneratorOptions = { seed: SEED, fixture, routes: ROUTES, runTag };
    const { port } = new URL(system.apiUrl);
    const client = new FuzzClient('127.0.0.1', Number(port), CONCURRENCY);
    const started = Date.now();
    try {
      await pool(INDICES.length, CONCURRENCY, async (position) => {
        const request = generate(INDICES[position], options);
        const response = await client.send(request);
        statuses.push({ route: request.route, status: response.status });
        pairs.add(`${request.route} · ${request.kind}`);
        lines.push(JSON.stringify({ index: request.index, route: request.route, kind: request.kind, variant: request.variant.slice(0, 200), status: response.status, error: response.error, ms: response.ms }));
        timings.push({ ms: response.ms, kind: request.kind, label: `#${request.index} ${request.route} · ${request.kind}: ${request.variant.slice(0, 80)} → ${response.status}` });
        const outcome = { request, response };
        everything.push({ request: { ...request, body: undefined, raw: undefined }, response });
        if (response.refusedByClient) refused.push(outcome);
        else if (response.status === null && request.raw) rawUnanswered += 1;
        else if (response.status === null || response.status >= 500) offenders.push(outcome);
      });
    } finally {
      client.close();
    }
    runMs = Date.now() - started;
    try {
      await system.settled({ timeoutMs: 180_000 });
    } catch (error) {
      settleError = error as Error;
    }
    const byKind = [...timings.reduce((sums, { kind, ms }) => sums.set(kind, (sums.get(kind) ?? 0) + ms), new Map<string, number>())]
      .sort((a, b) => b[1] - a[1]).map(([kind, ms]) => `${kind} ${(ms / 1000).toFixed(1)} s`).join(', ');
    const headline = [
      `fuzz: ${INDICES.length} requests (seed ${SEED}; ${ROUTES.length} routes × ${KINDS.length} mutation kinds, every pair covered from ${fullCoverage(ROUTES)} requests on; ${CONCURRENCY} in flight) in ${(runMs / 1000).toFixed(1)} s;`,
      `${offenders.length} answered 5xx or not at all, ${rawUnanswered} hand-written messages closed without an answer, ${refused.length} not writable by node:http.`,
      `request time by kind: ${byKind}`,
      'slowest:',
      ...timings.sort((a, b) => b.ms - a.ms).slice(0, 5).map(({ ms, label }) => `  ${String(ms).padStart(6)} ms  ${label}`),
    ].join('\n');
    console.log(`${headline}\n(statuses by route and every offender: artifacts/fuzz/report-${SEED}.txt; every request: artifacts/fuzz/outcomes-${SEED}.jsonl)`);
    mkdirSync(join(ARTIFACTS, 'fuzz'), { recursive: true });
    writeFileSync(join(ARTIFACTS, 'fuzz', `outcomes-${SEED}.jsonl`), `${lines.join('\n')}\n`);
    const offenderText = offenders.length > 0 ? offenderReport(offenders, unhandledErrors(API_LOG), replay, everything) : 'No request answered 5xx.';
    writeFileSync(join(ARTIFACTS, 'fuzz', `report-${SEED}.txt`), `${headline}\n\nStatuses by route:\n${statusTable(statuses)}\n\n${offenderText}\n`);
  }, 240_000 + INDICES.length * 150);

  afterAll(async () => {
    await system?.stop();
  });

  it('answers every hostile request with a status below 500', () => {
    if (offenders.length > 0) {
      throw new Error(`${offenderReport(offenders, unhandledErrors(API_LOG), replay, everything)}\n\n(seed ${SEED}; the full report is in artifacts/fuzz/report-${SEED}.txt, the API's log in ${API_LOG})`);
    }
    expect(statuses).toHaveLength(INDICES.length);
  });

  it('writes every request it generates (a generator that node:http refuses tests nothing)', () => {
    expect(refused.map(({ request, response }) => `#${request.index} ${response.refusedByClient}: ${describeRequest(request)}`)).toEqual([]);
  });

  (INDICES.length >= fullCoverage(ROUTES) && !REPLAY ? it : it.skip)('gives every route every mutation kind', () => {
    const missing = ROUTES.flatMap((route) => KINDS.map((kind) => `${route.method} ${route.path} · ${kind}`)).filter((pair) => !pairs.has(pair));
    expect(missing).toEqual([]);
  });

  it('stays healthy', async () => {
    expect(system.api.running).toBe(true);
    expect(system.worker.running).toBe(true);
    const health = await fetch(`${system.apiUrl}/health`);
    expect(health.status).toBe(200);
  });

  it('leaves no row half-written once the system has settled', async () => {
    if (settleError) throw settleError;
    expect(await brokenInvariants(system.db.dataSource)).toEqual([]);
  });

  (REPLAY ? it.skip : it)('reaches the database with its valid-shaped requests', async () => {
    expect(await count('student_applications')).toBeGreaterThan(baseline.students);
    expect(await count('mentor_applications')).toBeGreaterThan(baseline.mentors);
    expect(statuses.filter(({ status }) => status !== null && status < 300).length).toBeGreaterThan(INDICES.length / 20);
  });
});

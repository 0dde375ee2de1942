/**
 * npm run bench:pages — what a student's phone downloads and waits for on the web app's first load, measured in
 * Debian's Chromium at 360 px against the built API (`npm run build` first; this script builds nothing).
 *
 * An open cohort with 30 approved mentors (and one student, whose personal link opens /me) is created in a scratch
 * database; then each page is loaded N times (BENCH_PAGES_RUNS, default 5), every time in a fresh browser context
 * (empty cache, new connections), once unthrottled and once throttled like Lighthouse's mobile "slow 4G" with
 * DevTools throttling (below). Printed: the gzipped JS + CSS of the first load, from the bytes the responses carried
 * and from gzipping the same files on disk, against the 200 kB budget; and the medians of DOMContentLoaded, load,
 * first contentful paint and the time until the page's first field shows. The floor is a static HTML page of a few
 * bytes served by the same API: no page can load faster than it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { launchBrowser, PHONE } from '../test/support/browser';
import { populatedCohort } from '../test/support/factories';
import { ROOT, startSystem } from '../test/support/system';

/** The web app's build as the built API serves it (nest build copies apps/api/public there). */
export const SERVED_DIR = join(ROOT, 'dist/apps/api/public/apps/api/public');
export const BUDGET_BYTES = 200_000;

/**
 * Lighthouse's mobile "slow 4G" as its DevTools throttling applies it: 150 ms RTT and 1.6 Mbit/s down, 750 kbit/s
 * up, with request latency × 3.75 and throughput × 0.9 because Chromium throttles per request, not per packet
 * (no handshakes or slow start otherwise); CPU 4× slower, Lighthouse's mid-range phone.
 */
export const SLOW_4G = {
  name: 'slow 4G (562.5 ms latency, 1.47 Mbit/s down, 0.68 up) + CPU ×4',
  network: { offline: false, latency: 150 * 3.75, downloadThroughput: (1.6 * 1024 * 0.9 * 1024) / 8, uploadThroughput: (750 * 0.9 * 1024) / 8 },
  cpuSlowdown: 4,
};
export type Throttling = typeof SLOW_4G;

export interface CodeAsset {
  url: string;
  /** Content-Encoding the API answered with (null: sent as is). */
  encoding: string | null;
  /** The response body's bytes as they came over the wire (encoded). */
  transferBytes: number;
  /** The decoded body's bytes. */
  bodyBytes: number;
  /** The decoded body, gzipped here at level 6 (what the API's compression uses). */
  gzipBytes: number;
}

export interface PageLoad {
  /** Every JS and CSS response the page had requested by the time its ready element showed. */
  code: CodeAsset[];
  /** Every URL the page requested, until ready and load. */
  requested: string[];
  domContentLoadedMs: number;
  loadMs: number;
  firstContentfulPaintMs: number | null;
  /** Navigation start to the frame in which the ready element is first visible; null if it never showed. */
  readyMs: number | null;
}

/**
 * Runs before the page's own scripts: looks at every animation frame (as the browser is about to paint) for the
 * first element matching the selector that is in the document, visible and has a size. Polling frames, not DOM
 * changes: a stylesheet arriving can show an element without any change to the document.
 */
function readyProbe(selector: string): string {
  return `(() => {
    const selector = ${JSON.stringify(selector)};
    const check = () => {
      const element = document.querySelector(selector);
      if (!element || !element.checkVisibility() || element.getBoundingClientRect().height === 0) return requestAnimationFrame(check);
      window.__benchReady = performance.now();
      document.documentElement.setAttribute('data-bench-ready', '');
    };
    requestAnimationFrame(check);
  })();`;
}

const CODE_TYPES = new Set(['script', 'stylesheet']);

async function codeAsset(request: Request): Promise<CodeAsset | null> {
  if (!CODE_TYPES.has(request.resourceType())) return null;
  const response = await request.response();
  if (!response) return null;
  await response.finished();
  const [sizes, body] = await Promise.all([request.sizes(), response.body()]);
  return {
    url: request.url(),
    encoding: (await response.headerValue('content-encoding')) ?? null,
    transferBytes: sizes.responseBodySize,
    bodyBytes: body.length,
    gzipBytes: gzipSync(body, { level: 6 }).length,
  };
}

export interface LoadOptions {
  throttling?: Throttling;
  readyTimeoutMs?: number;
  /** Runs once the page is measured, before its context closes (a test's screenshot). */
  inspect?: (page: Page) => Promise<unknown>;
}

/**
 * One cold load of `url` in a fresh phone-sized context: waits for the load event and for `ready` to show (up
 * to `readyTimeoutMs`), then reports the JS and CSS requested before ready and the navigation's timings.
 */
export async function loadPage(browser: Browser, url: string, ready: string, options: LoadOptions = {}): Promise<PageLoad> {
  const context: BrowserContext = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    if (options.throttling) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', options.throttling.network);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.throttling.cpuSlowdown });
    }
    const requests: Request[] = [];
    page.on('request', (request) => requests.push(request));
    await page.addInitScript(readyProbe(ready));
    await page.goto(url, { waitUntil: 'load' });
    // A locator, not waitForFunction: polling a string predicate is an eval, which the pages' CSP refuses.
    const shown = await page.locator('html[data-bench-ready]').waitFor({ state: 'attached', timeout: options.readyTimeoutMs ?? 30_000 })
      .then(() => true, () => false);
    // The requests Chromium had started before the probe answered: what the page needed to show its ready element.
    const beforeReady = [...requests];
    const code = (await Promise.all(beforeReady.map(codeAsset))).filter((asset): asset is CodeAsset => asset !== null);
    const timings = await page.evaluate<{ domContentLoaded: number; load: number; fcp: number | null; ready: number | null }>(`(() => {
      const navigation = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return { domContentLoaded: navigation.domContentLoadedEventEnd, load: navigation.loadEventEnd,
        fcp: fcp ? fcp.startTime : null, ready: window.__benchReady ?? null };
    })()`);
    await options.inspect?.(page);
    return {
      code,
      requested: beforeReady.map((request) => request.url()),
      domContentLoadedMs: timings.domContentLoaded,
      loadMs: timings.load,
      firstContentfulPaintMs: timings.fcp,
      readyMs: shown ? timings.ready : null,
    };
  } finally {
    await context.close();
  }
}

/** Every file of the served folder's assets, gzipped at level 6, by URL path: read once, before anything is loaded. */
function gzippedAssets(): Map<string, number> {
  const assets = join(SERVED_DIR, 'assets');
  return new Map(readdirSync(assets).map((file) => [`/assets/${file}`, gzipSync(readFileSync(join(assets, file)), { level: 6 }).length]));
}

/** The build's identity: its index.html names every entry file by content hash. */
const buildOf = () => (existsSync(join(SERVED_DIR, 'index.html')) ? readFileSync(join(SERVED_DIR, 'index.html'), 'utf8') : '');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (values: (number | null)[]) => (values.some((value) => value === null) ? '—' : `${Math.round(median(values as number[]))}`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

interface Target {
  name: string;
  path: string;
  ready: string;
  readyWords: string;
  /** The 200 kB budget is the phone pages'; the console is a desktop page and has none. */
  budgeted: boolean;
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_PAGES_RUNS ?? 5);
  if (!existsSync(join(ROOT, 'dist/apps/api/apps/api/src/main.js')) || !existsSync(join(SERVED_DIR, 'index.html'))) {
    console.error('The built API and web app are missing: run `npm run build` first (this benchmark builds nothing).');
    process.exit(1);
  }
  const cpus = os.cpus();
  console.log(`Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}; Chromium at ${PHONE.width}×${PHONE.height}, ${runs} runs per page and profile, each in a fresh context (cold cache)`);
  // What is measured is the build in dist, whatever the work tree held when it was built.
  const head = execFileSync('git', ['-C', ROOT, 'log', '-1', '--format=%h %cI'], { encoding: 'utf8' }).trim();
  console.log(`Build measured: dist of ${statSync(join(SERVED_DIR, 'index.html')).mtime.toISOString()} (HEAD now ${head})`);

  // The floor: a few bytes of static HTML from the API's own static folder (removed again below).
  const floorFile = join(SERVED_DIR, 'assets', 'bench-floor.html');
  writeFileSync(floorFile, '<!doctype html><title>floor</title><p>ok</p>\n');
  const build = buildOf();
  const onDisk = gzippedAssets();
  const [system, browser] = await Promise.all([
    startSystem({ name: 'bench-pages', worker: false, env: { NODE_ENV: 'production', LOG_LEVEL: 'warn' } }),
    launchBrowser(),
  ]);
  try {
    const { cohortId, students } = await populatedCohort(system, 30, 1);
    const targets: Target[] = [
      { name: 'floor: static HTML', path: '/assets/bench-floor.html', ready: 'p', readyWords: 'its text', budgeted: false },
      { name: 'student form', path: `/cohorts/${cohortId}/apply/student`, ready: 'input[name="name"]', readyWords: 'the name field', budgeted: true },
      { name: '/me (personal link)', path: `/me#token=${students[0].accessToken}`, ready: 'h1', readyWords: 'its heading', budgeted: true },
      { name: '/admin (console)', path: '/admin', ready: 'input', readyWords: 'the token field', budgeted: false },
    ];
    const profiles: { name: string; throttling?: Throttling }[] = [{ name: 'unthrottled' }, { name: SLOW_4G.name, throttling: SLOW_4G }];
    const results = new Map<string, PageLoad[]>();
    for (const target of targets) {
      for (const profile of profiles) {
        const loads: PageLoad[] = [];
        for (let run = 0; run < runs; run += 1) {
          loads.push(await loadPage(browser, `${system.apiUrl}${target.path}`, target.ready, { throttling: profile.throttling, readyTimeoutMs: 20_000 }));
        }
        results.set(`${target.name}|${profile.name}`, loads);
      }
    }

    const byteRows = targets.map((target) => {
      const first = results.get(`${target.name}|unthrottled`)![0];
      const transfer = first.code.reduce((sum, asset) => sum + asset.transferBytes, 0);
      const encodings = [...new Set(first.code.map((asset) => asset.encoding ?? 'none'))].join(', ') || '—';
      const gzipped = first.code.reduce((sum, asset) => sum + (onDisk.get(new URL(asset.url).pathname) ?? Number.NaN), 0);
      const verdict = Math.max(transfer, gzipped) <= BUDGET_BYTES ? 'within' : 'OVER';
      return [target.name, String(first.code.length), kB(transfer), encodings, kB(gzipped), target.budgeted ? verdict : `(${verdict}: no budget)`];
    });
    console.log(`\nJS + CSS of the first load (until the ready element shows), budget ${kB(BUDGET_BYTES)} gzipped:\n`);
    console.log(table(['page', 'files', 'on the wire', 'encoding', 'gzip -6 on disk', `≤ ${kB(BUDGET_BYTES)}`], byteRows));

    for (const profile of profiles) {
      const rows = targets.map((target) => {
        const loads = results.get(`${target.name}|${profile.name}`)!;
        return [target.name, ms(loads.map((load) => load.domContentLoadedMs)), ms(loads.map((load) => load.loadMs)),
          ms(loads.map((load) => load.firstContentfulPaintMs)), ms(loads.map((load) => load.readyMs)), target.readyWords];
      });
      console.log(`\n${profile.name}: median of ${runs} runs, ms from navigation start\n`);
      console.log(table(['page', 'DOMContentLoaded', 'load', 'first paint', 'ready', 'ready = shows'], rows));
    }
    console.log('\n"—": the ready element did not show within 20 s in at least one run (the page does not have it yet).');
    // The API reads its static files at each request: a build written meanwhile mixes two builds into these numbers.
    if (buildOf() !== build) {
      console.error('\nThe build in dist changed while this ran (another `npm run build`): the numbers mix two builds. Run it again.');
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    await system.stop();
    rmSync(floorFile, { force: true });
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  });
}

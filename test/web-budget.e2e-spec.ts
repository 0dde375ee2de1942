import { Page, Request, Response } from 'playwright-core';
import { BUDGET_BYTES, CodeAsset, loadPage } from '../scripts/bench-pages';
import { saveScreenshot, useBrowserSuite } from './support/browser';
import { populatedCohort } from './support/factories';
import { COORDINATOR_TOKEN } from './support/system';

/**
 * What the pages cost a phone and whom they talk to: the student form's first load within 200 kB of gzipped JS and
 * CSS, sent compressed; nothing requested from any host but the API's own; no content-security-policy violation
 * under a policy that allows scripts from this host only and never eval; the queue dashboard without Google Fonts.
 */
describe('web pages: budget, own host only, strict CSP', () => {
  const suite = useBrowserSuite('web-budget');
  let cohortId: number;
  let personalLink: string;

  beforeAll(async () => {
    const cohort = await populatedCohort(suite.system, 30, 1);
    cohortId = cohort.cohortId;
    personalLink = `/me#token=${cohort.students[0].accessToken}`;
  });

  const pages = () => [
    { name: 'home', path: '/' },
    { name: 'student-form', path: `/cohorts/${cohortId}/apply/student` },
    { name: 'mentor-form', path: `/cohorts/${cohortId}/apply/mentor` },
    { name: 'me', path: personalLink },
    { name: 'admin', path: '/admin' },
    { name: 'not-found', path: '/no-such-page' },
  ];

  /** Opens a page and waits until its view has rendered and the network is quiet: everything it asks for is asked. */
  async function openAndSettle(page: Page, path: string): Promise<Response> {
    const response = await page.goto(`${suite.system.apiUrl}${path}`);
    await page.locator('#app > *').first().waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    return response!;
  }

  function foreign(urls: string[]): string[] {
    const own = new URL(suite.system.apiUrl).host;
    return urls.filter((url) => !/^(data|blob):/.test(url) && new URL(url).host !== own);
  }

  test("the student form's first load is at most 200 kB of JS and CSS, gzipped as it comes over the wire", async () => {
    const load = await loadPage(suite.browser, `${suite.system.apiUrl}/cohorts/${cohortId}/apply/student`, 'input[name="name"]', {
      inspect: (page) => saveScreenshot(page, 'web-budget-student-first-load'),
    });
    expect(load.readyMs).not.toBeNull();
    expect(load.code.some((asset) => asset.url.endsWith('.js'))).toBe(true);
    expect(load.code.filter((asset) => asset.bodyBytes >= COMPRESSION_THRESHOLD && !COMPRESSED.includes(asset.encoding ?? '')).map((asset) => asset.url))
      .toEqual([]);
    const sum = (assets: CodeAsset[], bytes: (asset: CodeAsset) => number) => assets.reduce((total, asset) => total + bytes(asset), 0);
    expect(sum(load.code, (asset) => asset.transferBytes)).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(sum(load.code, (asset) => asset.gzipBytes)).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  test('no page requests anything from a host other than the API', async () => {
    const { context } = suite;
    for (const { name, path } of pages()) {
      const requested: string[] = [];
      const record = (request: Request) => requested.push(request.url());
      context.on('request', record);
      const page = await context.newPage();
      await openAndSettle(page, path);
      context.off('request', record);
      await saveScreenshot(page, `web-budget-own-host-${name}`);
      await page.close();
      expect({ page: name, foreign: foreign(requested) }).toEqual({ page: name, foreign: [] });
    }
  });

  test("no page violates its content security policy, which allows scripts from 'self' only and never eval", async () => {
    const { context } = suite;
    await context.addInitScript(`window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));`);
    for (const { name, path } of pages()) {
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && /content security policy/i.test(message.text())) consoleErrors.push(message.text());
      });
      const response = await openAndSettle(page, path);
      const violations = [...await page.evaluate<string[]>('window.__cspViolations'), ...consoleErrors];
      await saveScreenshot(page, `web-budget-csp-${name}`);
      await page.close();
      expect({ page: name, violations }).toEqual({ page: name, violations: [] });

      const policy = directives(response.headers()['content-security-policy'] ?? '');
      expect({ page: name, scriptSrc: policy.get('script-src') }).toEqual({ page: name, scriptSrc: ["'self'"] });
      // Nothing from another host, no eval: every source is this host, embedded data, or none; inline styles only.
      for (const [directive, sources] of policy) {
        const allowed = ["'self'", "'none'", 'data:', ...(directive === 'style-src' ? ["'unsafe-inline'"] : [])];
        expect({ page: name, directive, sources: sources.filter((source) => !allowed.includes(source)) }).toEqual({ page: name, directive, sources: [] });
      }
    }
  });

  test('the queue dashboard at /admin/queues loads no Google Fonts and nothing else from another host, its scripts compressed', async () => {
    const context = await suite.browser.newContext({
      viewport: { width: 1280, height: 800 }, locale: 'zh-CN', httpCredentials: { username: 'coordinator', password: COORDINATOR_TOKEN },
    });
    try {
      const requested: string[] = [];
      context.on('request', (request) => requested.push(request.url()));
      const scripts: Response[] = [];
      context.on('response', (response) => {
        if (response.request().resourceType() === 'script') scripts.push(response);
      });
      const page = await context.newPage();
      const response = await page.goto(`${suite.system.apiUrl}/admin/queues`);
      expect(response!.status()).toBe(200);
      expect(await response!.text()).not.toMatch(/fonts\.(googleapis|gstatic)\.com/);
      await page.getByText('notifications', { exact: true }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await saveScreenshot(page, 'web-budget-queue-dashboard');
      expect(requested.filter((url) => /fonts\.(googleapis|gstatic)\.com/.test(url))).toEqual([]);
      expect(foreign(requested)).toEqual([]);
      // Its own scripts (React and the dashboard, about 1 MB as they lie) come compressed like the app's.
      expect(scripts.length).toBeGreaterThan(0);
      expect(await uncompressed(scripts)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/** compression leaves bodies under 1 kB as they are (an encoding would cost more than it saves). */
const COMPRESSION_THRESHOLD = 1024;
const COMPRESSED = ['br', 'gzip'];

/** The URLs of the responses of 1 kB or more that came without gzip or brotli. */
async function uncompressed(responses: Response[]): Promise<string[]> {
  const sized = await Promise.all(responses.map(async (response) => ({ response, bytes: (await response.body()).length })));
  return sized.filter(({ response, bytes }) => bytes >= COMPRESSION_THRESHOLD && !COMPRESSED.includes(response.headers()['content-encoding'] ?? ''))
    .map(({ response }) => response.url());
}

/** A Content-Security-Policy header as directive → sources. */
function directives(header: string): Map<string, string[]> {
  return new Map(header.split(';').map((part) => part.trim().split(/\s+/)).filter(([name]) => name).map(([name, ...sources]) => [name, sources]));
}

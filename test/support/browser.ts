import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { SmtpSink, startSmtpSink } from '../../scripts/smtp-sink';
import { ARTIFACTS, COORDINATOR_TOKEN, startSystem, TestSystem } from './system';

/** Debian's Chromium, never a downloaded browser (see STACK.md). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const PHONE = { width: 360, height: 740 };

export interface BrowserSuite {
  system: TestSystem;
  sink: SmtpSink;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/**
 * Registers the hooks of a browser suite: the real apps with an SMTP sink and Chromium for the whole file,
 * a fresh phone-sized context and page for each test. The returned object is filled in by those hooks.
 */
export function useBrowserSuite(name: string): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.sink = await startSmtpSink({ port: 0 });
    // Both settle before the hook ends: when one fails, afterAll still closes the other (a Chromium left open
    // would keep jest from exiting).
    const started = await Promise.allSettled([
      startSystem({ name, env: { SMTP_URL: `smtp://127.0.0.1:${suite.sink.port}` } }).then((system) => { suite.system = system; }),
      launchBrowser().then((browser) => { suite.browser = browser; }),
    ]);
    const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.system?.stop();
    await suite.sink?.stop();
  });
  beforeEach(async () => {
    suite.context = await suite.browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
    suite.page = await suite.context.newPage();
  });
  afterEach(async () => {
    await suite.context?.close();
  });
  return suite;
}

/** Saves the page as artifacts/screenshots/<name>.png and returns the path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir = join(ARTIFACTS, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The page never scrolls sideways: everything fits the viewport's width. */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
}

/** Signs in to /admin with the coordinator token and opens the cohort on the named tab, once that tab's data shows. */
export async function openCohortAsCoordinator(page: Page, apiUrl: string, cohortId: number, tab: string): Promise<void> {
  await page.goto(`${apiUrl}/admin`);
  await page.getByLabel('协调员令牌').fill(COORDINATOR_TOKEN);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator(`tr[data-cohort-id="${cohortId}"]`).getByRole('button', { name: '管理' }).click();
  await openTab(page, tab);
}

/**
 * Opens a tab of /admin's cohort panel and waits until the panel shows that tab's data. Opening a cohort already
 * loads its first tab: acting before the load the click started has rendered would act on a table about to be
 * replaced (a ticked box, a button under the cursor).
 */
export async function openTab(page: Page, tab: string): Promise<void> {
  const button = page.getByRole('tab', { name: tab, exact: true });
  await button.click();
  await panelShown(page, (await button.getAttribute('data-tab'))!);
}

/**
 * Waits until /admin's tab panel shows the data of its latest load for `tab` (key: applications, rounds, matches,
 * notifications): the page marks the panel aria-busy while a load runs and data-shown with the tab it rendered.
 * Call it right after whatever reloads the panel (a tab, a filter, an action); the reload marks it busy at once.
 */
export async function panelShown(page: Page, tab: string): Promise<void> {
  await page.locator(`#tab-body[aria-busy="false"][data-shown="${tab}"]`).waitFor();
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { SmtpSink, startSmtpSink } from '../../scripts/smtp-sink';
import { signInToken } from './staff';
import { ARTIFACTS, startSystem, systemAt, TestSystem } from './system';

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
 * a fresh phone-sized context and page for each test. The returned object is filled in by those hooks. `env` goes
 * to both apps (a suite that drives check-ins shortens CHECK_IN_DAY_MS).
 */
export function useBrowserSuite(name: string, env: Record<string, string> = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.sink = await startSmtpSink({ port: 0 });
    // Both settle before the hook ends: when one fails, afterAll still closes the other (a Chromium left open
    // would keep jest from exiting).
    const started = await Promise.allSettled([
      startSystem({ name, env: { ...env, SMTP_URL: `smtp://127.0.0.1:${suite.sink.port}` } }).then((system) => { suite.system = system; }),
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

/** The tabs of /admin's cohort panel: each tab's root has data-tab="<key>" and aria-busy while it loads. */
export const ADMIN_TABS = ['overview', 'applications', 'rounds', 'matches', 'pairs', 'surveys', 'report', 'announcements', 'notifications'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

/** Signs in to /admin as the suites' admin through a sign-in link (support/staff.ts), and waits for the cohort list. */
export async function signInAsCoordinator(page: Page, apiUrl: string): Promise<void> {
  await page.goto(`${apiUrl}/admin/sign-in#token=${await signInToken(systemAt(apiUrl))}`);
  await page.locator('[data-cohort-list][aria-busy="false"]').waitFor();
}

/**
 * Signs in to /admin and opens the cohort on a tab (its key, or its label as shown, such
 * as 匹配轮次), once that tab's data shows.
 */
export async function openCohortAsCoordinator(page: Page, apiUrl: string, cohortId: number, tab: AdminTab | string): Promise<void> {
  await signInAsCoordinator(page, apiUrl);
  await openCohort(page, cohortId, tab);
}

/** On a signed-in console: opens the cohort's panel from the list, on a tab once its data shows. */
export async function openCohort(page: Page, cohortId: number, tab: AdminTab | string = 'overview'): Promise<void> {
  await page.locator('tr', { has: page.locator(`[data-cohort-id="${cohortId}"]`) }).getByRole('button', { name: '管理' }).click();
  await page.locator(`[data-cohort-panel="${cohortId}"] [data-tab="overview"][aria-busy="false"]`).waitFor();
  await openTab(page, tab);
}

/**
 * Opens a tab of the cohort panel (by key, or by its label) and waits until that tab shows the data of its latest
 * load. Only the open tab is mounted, and a tab marks itself aria-busy="true" as it mounts, so the wait never sees a
 * previous load: acting before it would act on a table about to be replaced.
 */
export async function openTab(page: Page, tab: AdminTab | string): Promise<void> {
  const header = (ADMIN_TABS as readonly string[]).includes(tab)
    ? page.locator(`#tab-${tab}[role="tab"]`)
    : page.getByRole('tab', { name: tab, exact: true });
  const key = (await header.getAttribute('id'))!.replace(/^tab-/, '');
  await header.click();
  await tabShown(page, key);
}

/** Waits until the open tab `key` shows the data of its latest load (after a filter, an action, a reload). */
export async function tabShown(page: Page, key: string): Promise<void> {
  await page.locator(`[data-tab="${key}"][aria-busy="false"]`).waitFor();
}

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
    [suite.system, suite.browser] = await Promise.all([
      startSystem({ name, env: { SMTP_URL: `smtp://127.0.0.1:${suite.sink.port}` } }),
      launchBrowser(),
    ]);
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
    await suite.context.close();
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

/** Signs in to /admin with the coordinator token and opens the cohort on the named tab. */
export async function openCohortAsCoordinator(page: Page, apiUrl: string, cohortId: number, tab: string): Promise<void> {
  await page.goto(`${apiUrl}/admin`);
  await page.getByLabel('协调员令牌').fill(COORDINATOR_TOKEN);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator(`tr[data-cohort-id="${cohortId}"]`).getByRole('button', { name: '管理' }).click();
  await page.getByRole('tab', { name: tab, exact: true }).click();
}

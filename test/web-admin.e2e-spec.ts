import { Locator, Page } from 'playwright-core';
import { openCohort, openCohortAsCoordinator, openTab, saveScreenshot, signInAsCoordinator, tabShown, useBrowserSuite } from './support/browser';
import { applyMentor, applyStudent, createCohort, createOpenCohort } from './support/factories';
import { TestSystem, waitFor } from './support/system';

const DESKTOP = { width: 1280, height: 900 };

describe('the coordinator console at 1280 px: signing in, cohorts, settings and application review', () => {
  const suite = useBrowserSuite('web-admin');
  let system: TestSystem;
  let page: Page;
  beforeEach(async () => {
    ({ system, page } = suite);
    await page.setViewportSize(DESKTOP);
  });

  const cohortOf = async (cohortId: number) => (await system.http().get(`/api/cohorts/${cohortId}`).set(system.coordinator).expect(200)).body;
  /** The confirmation dialog Element Plus shows for a lifecycle action. */
  const confirmBox = (action: string): Locator => page.locator(`.lifecycle-${action}`);

  it('answers a wrong token plainly, signs in with the right one and out again; the hint names no command (defect 13)', async () => {
    await page.goto(`${system.apiUrl}/admin`);
    const hint = page.locator('[data-token-hint]');
    await expect(hint.textContent()).resolves.toContain('管理员');
    await expect(hint.textContent()).resolves.not.toMatch(/npm run|coordinator:create|cli/);

    await page.getByLabel('协调员令牌').fill('not-a-real-token');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('令牌不正确或已失效');
    await saveScreenshot(page, 'admin-sign-in-wrong-token');

    await signInAsCoordinator(page, system.apiUrl);
    await page.getByRole('heading', { name: '期次' }).waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('协调员令牌').waitFor();
  });
});

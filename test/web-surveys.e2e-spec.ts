import { readFileSync } from 'node:fs';
import { MeSurvey, SURVEY_TEMPLATES, SurveyView } from '@app/contracts';
import { Page } from 'playwright-core';
import { fitsWidth, openCohort, openCohortAsCoordinator, saveScreenshot, useBrowserSuite } from './support/browser';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort } from './support/factories';
import { accept, bearer } from './support/rounds';
import { TestSystem } from './support/system';

const DESKTOP = { width: 1280, height: 900 };

interface Member extends Applicant {
  name: string;
}

/** Surveys in the browser: answered on /me at 360 px, built, previewed, published and read in the console at 1280 px. */
describe('surveys on the personal page and in the console', () => {
  const suite = useBrowserSuite('web-surveys');
  let system: TestSystem;
  let page: Page;
  beforeEach(() => ({ system, page } = suite));

  /** An open cohort with one pair (a manual proposal the mentor accepted): the two people a survey invites. */
  async function pairedCohort(tag: string): Promise<{ cohortId: number; mentor: Member; student: Member }> {
    const cohortId = await createOpenCohort(system, { name: `第3期 师友计划 ${tag}`, checkInEveryDays: 0 });
    const mentor = { ...(await applyMentor(system, cohortId, { name: '周明远', email: `mentor.${tag}@alumni.example.cn`, capacity: 1 }, 0)), name: '周明远' };
    await approve(system, cohortId, 'mentor', [mentor.id]);
    const student = { ...(await applyStudent(system, cohortId, [mentor.id], { name: '李小雨', email: `student.${tag}@stu.example.edu.cn` }, 0)), name: '李小雨' };
    await approve(system, cohortId, 'student', [student.id]);
    const proposal = await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator)
      .send({ studentId: student.id, mentorId: mentor.id }).expect(201);
    await accept(system, mentor, proposal.body.id).expect(200);
    return { cohortId, mentor, student };
  }

  async function publishedFinal(cohortId: number): Promise<number> {
    const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const draft: SurveyView = (await system.http().post(`/api/cohorts/${cohortId}/surveys`).set(system.coordinator)
      .send({ ...SURVEY_TEMPLATES.final, closesAt }).expect(201)).body;
    await system.http().post(`/api/surveys/${draft.id}/publish`).set(system.coordinator).expect(200);
    return draft.id;
  }

  async function responseOf(who: Applicant, surveyId: number): Promise<MeSurvey['response']> {
    const surveys: MeSurvey[] = (await system.http().get('/api/me/surveys').set(bearer(who)).expect(200)).body;
    return surveys.find((survey) => survey.id === surveyId)!.response;
  }

  async function openSurveys(who: Applicant): Promise<void> {
    const link = `${system.apiUrl}/me#token=${who.accessToken}`;
    // The same address again only moves to its hash: reloaded instead, as a person opening the link again.
    if (page.url() === link) await page.reload();
    else await page.goto(link);
    await page.locator('.me-page[aria-busy="false"][data-loaded]').waitFor();
    await page.locator('#surveys[aria-busy="false"][data-loaded]').waitFor({ state: 'attached' });
  }
  const question = (id: string) => page.locator(`#surveys [data-question="${id}"]`);

  it('a student answers at 360 px: the missing answers are named beside their questions, a second answer replaces the first', async () => {
    const { cohortId, student } = await pairedCohort('answer');
    const surveyId = await publishedFinal(cohortId);
    await openSurveys(student);
    const card = page.locator(`article.survey[data-survey-id="${surveyId}"]`);
    await expect(card.getAttribute('data-state')).resolves.toBe('open');
    await expect(card.locator('h3').textContent()).resolves.toBe('师友计划结业问卷');
    await expect(card.textContent()).resolves.toContain('（北京时间）');

    // Every tap target is at least 44 px.
    for (const target of [question('satisfaction').locator('button').first(), question('recommend').locator('button').last(), question('again').locator('.van-radio').first()]) {
      const box = (await target.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.width).toBeGreaterThanOrEqual(44);
    }
    await expect(question('recommend').textContent()).resolves.toContain('不太可能');
    await expect(question('recommend').textContent()).resolves.toContain('非常可能');

    // Submitting with the required rating missing and an NPS given: the server names the missing answers.
    await question('recommend').locator('button[data-value="9"]').click();
    await card.locator('[data-submit]').click();
    await question('satisfaction').locator('[data-field-error]').waitFor();
    await expect(question('satisfaction').locator('[data-field-error]').textContent()).resolves.toBe('请填写此项');
    await expect(question('again').locator('[data-field-error]').textContent()).resolves.toBe('请填写此项');
    await expect(question('recommend').locator('[data-field-error]').count()).resolves.toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    await saveScreenshot(page, 'web-surveys-phone-missing');

    await question('satisfaction').locator('button[data-value="4"]').click();
    await question('again').getByText('愿意', { exact: true }).click();
    await question('helpful').locator('textarea').fill('每次见面都有收获。');
    await expect(question('helpful').textContent()).resolves.toContain('9/2000');
    await card.locator('[data-share-name]').click();
    await card.locator('[data-submit]').click();
    await card.locator('[data-submitted]').waitFor();
    await expect(card.locator('[data-submitted]').textContent()).resolves.toContain('已提交，截止前可修改');
    await expect(question('satisfaction').locator('[data-field-error]').count()).resolves.toBe(0);
    expect(await responseOf(student, surveyId)).toMatchObject({ answers: { satisfaction: 4, recommend: 9, again: 0, helpful: '每次见面都有收获。' }, shareName: true });
    expect(await fitsWidth(page)).toBe(true);
    await saveScreenshot(page, 'web-surveys-phone-submitted');

    // Reopened later: the answers show as given, and changing one replaces it.
    await openSurveys(student);
    await card.locator('[data-open-survey]').click();
    await expect(question('satisfaction').locator('button[aria-checked="true"]').getAttribute('data-value')).resolves.toBe('4');
    await question('satisfaction').locator('button[data-value="2"]').click();
    await card.locator('[data-submit]').click();
    await card.locator('[data-submitted]').waitFor();
    expect(await responseOf(student, surveyId)).toMatchObject({ answers: { satisfaction: 2, recommend: 9 }, shareName: true });
  });

  it('in English: the questions in English, a wrong answer refused beside its question', async () => {
    const { cohortId, mentor } = await pairedCohort('english');
    const surveyId = await publishedFinal(cohortId);
    await openSurveys(mentor);
    await page.getByRole('button', { name: 'English' }).click();
    const card = page.locator(`article.survey[data-survey-id="${surveyId}"]`);
    await expect(card.locator('h3').textContent()).resolves.toBe('Final survey');
    await expect(question('recommend').textContent()).resolves.toContain('How likely are you to recommend');
    await question('satisfaction').locator('button[data-value="5"]').click();
    await question('recommend').locator('button[data-value="10"]').click();
    await question('improve').locator('textarea').fill('x'.repeat(2000));
    // Only the optional questions left: the choice is required and the server says so, in English.
    await card.locator('[data-submit]').click();
    await question('again').locator('[data-field-error]').waitFor();
    await expect(question('again').locator('[data-field-error]').textContent()).resolves.not.toMatch(/[\u4e00-\u9fff]/);
    await expect(card.locator('[data-share-name]').getAttribute('aria-checked')).resolves.toBe('false');
    await expect(card.textContent()).resolves.toContain('Show my name with my text answers');
    expect(await fitsWidth(page)).toBe(true);
    await saveScreenshot(page, 'web-surveys-phone-en');
    await question('again').getByText('Maybe', { exact: true }).click();
    await card.locator('[data-submit]').click();
    await card.locator('[data-submitted]').waitFor();
    expect(await responseOf(mentor, surveyId)).toMatchObject({ answers: { satisfaction: 5, recommend: 10, again: 1 }, shareName: false });
  });

  it('a closed survey shows the answers read-only', async () => {
    const { cohortId, student } = await pairedCohort('closed');
    const surveyId = await publishedFinal(cohortId);
    await system.http().put(`/api/me/surveys/${surveyId}/response`).set(bearer(student))
      .send({ answers: { satisfaction: 3, recommend: 7, again: 2, improve: '希望多组织线下活动。' } }).expect(200);
    await system.db.dataSource.query('UPDATE surveys SET closes_at = ? WHERE id = ?', [new Date(Date.now() - 60_000), surveyId]);
    await openSurveys(student);
    const card = page.locator(`article.survey[data-survey-id="${surveyId}"]`);
    await expect(card.getAttribute('data-state')).resolves.toBe('closed');
    await card.locator('[data-open-survey]').click();
    await card.locator('[data-read-only]').waitFor();
    await expect(card.locator('[data-submit]').count()).resolves.toBe(0);
    await expect(card.locator('[data-share-name]').count()).resolves.toBe(0);
    await expect(question('satisfaction').locator('button[data-value="1"]').isDisabled()).resolves.toBe(true);
    await expect(question('satisfaction').locator('button[aria-checked="true"]').getAttribute('data-value')).resolves.toBe('3');
    await expect(question('improve').locator('textarea').inputValue()).resolves.toBe('希望多组织线下活动。');
    await expect(question('improve').locator('textarea').getAttribute('readonly')).resolves.not.toBeNull();
    expect(await fitsWidth(page)).toBe(true);
    await saveScreenshot(page, 'web-surveys-phone-closed');
  });

  it('a coordinator builds a survey from the final template at 1280 px, previews and publishes it, then reads its results', async () => {
    const { cohortId, mentor, student } = await pairedCohort('console');
    await page.setViewportSize(DESKTOP);
    await openCohortAsCoordinator(page, system.apiUrl, cohortId, '问卷');
    const tab = page.locator('[data-tab="surveys"]');
    await tab.locator('[data-new-survey]').click();
    await page.locator('[data-template="final"]').click();
    const editor = tab.locator('[data-survey-editor]');
    await editor.waitFor();
    await expect(editor.locator('[data-title-zh]').inputValue()).resolves.toBe('师友计划结业问卷');
    await expect(editor.locator('[data-question-index]').count()).resolves.toBe(5);

    // Saving without a closing time: the API's 400 shows beside that field, and only there.
    const picker = editor.getByPlaceholder('选择日期和时间');
    await editor.locator('[data-save-draft]').click();
    const closesAtItem = editor.locator('.el-form-item', { has: page.getByPlaceholder('选择日期和时间') });
    await closesAtItem.locator('.el-form-item__error').waitFor();
    await expect(editor.locator('.el-form-item.is-error').count()).resolves.toBe(1);
    // The closing time in China time, a week from now; the last question moved up one.
    const closing = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .format(new Date(Date.now() + 7 * 86_400_000));
    await picker.fill(closing);
    await picker.press('Enter');
    await editor.locator('[data-title-zh]').click();
    // A choice question without options (the DTO's checks pass now): named beside its options.
    for (let option = 0; option < 3; option += 1) await editor.locator('[data-question-index="2"] [data-option]').first().getByRole('button').click();
    await editor.locator('[data-save-draft]').click();
    await editor.locator('[data-question-index="2"] [data-options] .el-form-item__error').waitFor();
    await expect(editor.locator('[data-question-index="2"] [data-options] .el-form-item__error').textContent()).resolves.toBe('请填写此项');
    await saveScreenshot(page, 'web-surveys-console-errors');
    for (const [zh, en] of [['是', 'Yes'], ['否', 'No']]) {
      await editor.locator('[data-question-index="2"] [data-add-option]').click();
      await editor.locator('[data-question-index="2"] [data-option]').last().getByPlaceholder(/中文/).fill(zh);
      await editor.locator('[data-question-index="2"] [data-option]').last().getByPlaceholder(/英文/).fill(en);
    }

    await editor.locator('[data-question-index="4"] [data-move-up]').click();
    await expect(editor.locator('[data-question-index="3"] [data-text-zh]').inputValue()).resolves.toBe('您对下一期有什么建议？');
    await editor.locator('[data-save-draft]').click();
    await page.locator('.el-message--success').waitFor();
    await saveScreenshot(page, 'web-surveys-console-editor');

    await editor.locator('[data-preview-survey]').click();
    const preview = page.locator('.survey-preview [data-preview]');
    await preview.locator('[data-question="recommend"] button[data-value="10"]').waitFor();
    await expect(preview.locator('h2').textContent()).resolves.toBe('师友计划结业问卷');
    await expect(preview.locator('[data-submit]').isDisabled()).resolves.toBe(true);
    const width = (await preview.boundingBox())!.width;
    expect(width).toBe(360);
    await page.locator('.survey-preview').evaluate((element) => Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)));
    await saveScreenshot(page, 'web-surveys-console-preview');
    await page.keyboard.press('Escape');
    await page.locator('.survey-preview').waitFor({ state: 'hidden' });

    await editor.locator('[data-publish]').click();
    await page.locator('.publish-confirm').getByRole('button', { name: '发布并发送邀请' }).click();
    await page.locator('.el-message--success', { hasText: '已邀请 2 人' }).waitFor();
    await tab.locator('.survey-row').first().waitFor();
    await expect(tab.locator('.survey-row [data-status]').first().textContent()).resolves.toBe('进行中');
    const surveys: SurveyView[] = (await system.http().get(`/api/cohorts/${cohortId}/surveys`).set(system.coordinator).expect(200)).body;
    const survey = surveys[0];
    expect(survey).toMatchObject({ status: 'published', invited: 2 });
    expect(survey.questions.map((item) => item.id)).toEqual(['satisfaction', 'recommend', 'again', 'improve', 'helpful']);

    await system.http().put(`/api/me/surveys/${survey.id}/response`).set(bearer(student))
      .send({ answers: { satisfaction: 5, recommend: 10, again: 0, helpful: '每次见面都有收获。' }, shareName: true }).expect(200);
    await system.http().put(`/api/me/surveys/${survey.id}/response`).set(bearer(mentor))
      .send({ answers: { satisfaction: 4, recommend: 6, again: 1, helpful: '学生很主动。' } }).expect(200);
    expect(survey.questions[2].options).toEqual([{ zh: '是', en: 'Yes' }, { zh: '否', en: 'No' }]);

    // Still signed in (this tab's session): the console reloaded shows the list of answers.
    await page.reload();
    await page.locator('[data-cohort-list][aria-busy="false"]').waitFor();
    await openCohort(page, cohortId, '问卷');
    await expect(tab.locator('.survey-row [data-responses]').first().textContent()).resolves.toBe('2 / 2');
    await tab.locator(`[data-open="${survey.id}"]`).click();
    const results = tab.locator('[data-survey-results][aria-busy="false"]');
    await results.waitFor();
    await expect(results.locator('[data-response-rate]').textContent()).resolves.toContain('100%');
    await expect(results.locator('[data-result="satisfaction"] [data-mean]').textContent()).resolves.toContain('4.5');
    await expect(results.locator('[data-result="recommend"] [data-nps]').textContent()).resolves.toContain('0');
    await results.locator('[data-chart="satisfaction"] canvas').waitFor();
    await expect(results.locator('[data-chart="again"] li[data-value="0"] .value').textContent()).resolves.toBe('1');
    await expect(results.locator('[data-chart="again"] li[data-value="1"]').textContent()).resolves.toContain('否');
    const texts = results.locator('[data-result="helpful"] [data-text-answer]');
    await expect(texts.count()).resolves.toBe(2);
    await expect(texts.filter({ hasText: '每次见面都有收获。' }).locator('[data-who]').textContent()).resolves.toContain('李小雨');
    await expect(texts.filter({ hasText: '学生很主动。' }).locator('[data-who]').textContent()).resolves.toContain('匿名');
    await expect(results.textContent()).resolves.not.toContain('周明远');
    await saveScreenshot(page, 'web-surveys-console-results');

    const [xlsx] = await Promise.all([page.waitForEvent('download'), results.locator('[data-results-xlsx]').click()]);
    expect(xlsx.suggestedFilename()).toBe('results.xlsx');
    expect(readFileSync(await xlsx.path()).subarray(0, 2).toString('latin1')).toBe('PK'); // a zip: the workbook
  });
});

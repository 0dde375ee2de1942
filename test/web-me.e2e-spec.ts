import { Page, Request } from 'playwright-core';
import { SmtpSink } from '../scripts/smtp-sink';
import { fitsWidth, saveScreenshot, useBrowserSuite } from './support/browser';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort, populatedCohort } from './support/factories';
import { accept, bearer, matchesOf, runRound } from './support/rounds';
import { TestSystem } from './support/system';

/** The applicant's personal page `/me#token=…` at 360 px: students and mentors, in every cohort state. */
describe('the personal page on a phone', () => {
  const suite = useBrowserSuite('web-me');
  let system: TestSystem;
  let sink: SmtpSink;
  let page: Page;
  beforeEach(() => ({ system, sink, page } = suite));

  const linkOf = (applicant: Applicant) => `${system.apiUrl}/me#token=${applicant.accessToken}`;

  /** The page has shown its latest load of GET /api/me. */
  const shown = () => page.locator('.me-page[aria-busy="false"][data-loaded]').waitFor();

  async function openPersonalPage(applicant: Applicant): Promise<void> {
    await page.goto(linkOf(applicant));
    await shown();
  }

  async function profileOf(applicant: Applicant) {
    return (await system.http().get('/api/me').set(bearer(applicant)).expect(200)).body;
  }

  /** The POSTs and PUTs the page sent to /api/me/*: what a cancelled dialog must not have sent. */
  function recordWrites(): string[] {
    const writes: string[] = [];
    page.on('request', (request: Request) => {
      if (request.method() !== 'GET' && new URL(request.url()).pathname.startsWith('/api/me')) writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    return writes;
  }

  // Vant's dialogs point aria-labelledby at their title's text, not at an element: found by their visible title instead.
  const dialog = (title: string) => page.locator('.van-dialog').filter({ has: page.locator('.van-dialog__header', { hasText: title }) });
  const proposalCard = (matchId: number) => page.locator(`article.proposal[data-match-id="${matchId}"]`);

  it('lets a mentor decline a proposal with a reason and a note, and records both', async () => {
    const { cohortId, mentors } = await populatedCohort(system, 1, 1);
    await runRound(system, cohortId);
    const [proposal] = await matchesOf(system, cohortId, 'proposed');

    await openPersonalPage(mentors[0]);
    const card = proposalCard(proposal.id);
    await card.getByRole('button', { name: '婉拒', exact: true }).click();
    const declining = dialog('婉拒这位生友');
    await declining.getByRole('radio', { name: '方向不太匹配' }).click();
    await declining.getByLabel('补充说明（可选）').fill('专业方向不太对口');
    await expect(declining.textContent()).resolves.toContain('这位生友会回到匹配池');
    await declining.getByRole('button', { name: '确认婉拒' }).click();

    await page.locator('#notice', { hasText: '已婉拒。这位生友会进入下一轮匹配。' }).waitFor();
    await shown();
    await expect(card.locator('.status').textContent()).resolves.toBe('已婉拒');
    await expect(card.textContent()).resolves.toContain('原因：方向不太匹配');
    await expect(card.getByRole('button', { name: '婉拒', exact: true }).count()).resolves.toBe(0);
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'me-mentor-declines-with-reason');
    expect(await matchesOf(system, cohortId)).toMatchObject([{ id: proposal.id, status: 'declined', declineReason: 'not_a_fit', note: '专业方向不太对口' }]);
  });

  it('lets a student withdraw after confirming, which cancels the pending proposal', async () => {
    const { cohortId, mentors, students } = await populatedCohort(system, 1, 1);
    const proposal = await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator)
      .send({ studentId: students[0].id, mentorId: mentors[0].id }).expect(201);

    await openPersonalPage(students[0]);
    await page.getByRole('button', { name: '撤回报名' }).click();
    const withdrawing = dialog('确定撤回报名吗？');
    await expect(withdrawing.textContent()).resolves.toContain('待回复或已接受的匹配会一并取消');
    await withdrawing.getByRole('button', { name: '确认撤回' }).click();

    await page.locator('#notice', { hasText: '报名已撤回。' }).waitFor();
    await shown();
    await expect(page.locator(`#matches [data-match-id="${proposal.body.id}"] .status`).textContent()).resolves.toBe('已取消');
    await expect(page.locator('#application .application-status').textContent()).resolves.toContain('已撤回');
    await expect(page.getByRole('button', { name: '撤回报名' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: '修改志愿' }).count()).resolves.toBe(0);
    await expect(page.locator('#choices').textContent()).resolves.toContain('您的报名已撤回，志愿不能再修改。');
    await saveScreenshot(page, 'me-student-withdraws');
    expect((await profileOf(students[0])).application.status).toBe('withdrawn');
    expect(await matchesOf(system, cohortId)).toMatchObject([{ id: proposal.body.id, status: 'cancelled' }]);
  });

  it('explains the last real round to the student on their page', async () => {
    const cohortId = await createOpenCohort(system);
    const mentor = await applyMentor(system, cohortId, { capacity: 1, name: '林海' }, 0);
    await approve(system, cohortId, 'mentor', [mentor.id]);
    const students = [await applyStudent(system, cohortId, [], { choices: [mentor.id] }, 0), await applyStudent(system, cohortId, [], { choices: [mentor.id] }, 1)];
    await approve(system, cohortId, 'student', students.map((student) => student.id));
    const round = await runRound(system, cohortId);
    const [placed] = await matchesOf(system, cohortId);
    const unplaced = students.find((student) => student.id !== placed.student.id)!;
    const { lastRound } = await profileOf(unplaced);
    expect(lastRound).toMatchObject({ roundNumber: round.number, matched: false, reasons: [{ mentorId: mentor.id, rank: 1, reason: 'full' }] });

    await openPersonalPage(unplaced);
    const section = page.locator('#last-round');
    await expect(section.locator('h2').textContent()).resolves.toBe(`第 ${round.number} 轮匹配说明`);
    await expect(section.locator('.summary').textContent()).resolves.toBe('本轮未能为您匹配到师友。您名单上每位师友的原因如下；您仍在匹配池中，将参加下一轮匹配。');
    await expect(section.locator('li').allTextContents()).resolves.toEqual([expect.stringContaining('第 1 位 林海：这位师友的名额已满，已由师友排序更靠前的生友获得。')]);
    await expect(page.locator('#choices li').allTextContents()).resolves.toEqual([expect.stringContaining('林海')]);
    await saveScreenshot(page, 'me-student-sees-last-round');
  });

  it("lets a mentor open the personal link from the proposal email and accept, then shows the student's contact", async () => {
    const cohortId = await createOpenCohort(system);
    const mentor = await applyMentor(system, cohortId, { email: 'mentor.accepts@alumni.example.cn' }, 0);
    await approve(system, cohortId, 'mentor', [mentor.id]);
    const student = await applyStudent(system, cohortId, [mentor.id], { email: 'student.accepted@stu.example.edu.cn', studentNumber: '2022990001', college: '彭康书院' }, 0);
    await approve(system, cohortId, 'student', [student.id]);
    await runRound(system, cohortId);

    const isProposal = (m: { to: string[]; subject: string }) => m.to.includes('mentor.accepts@alumni.example.cn') && /推荐了一位生友/.test(m.subject);
    const [proposal] = (await sink.waitFor((all) => all.some(isProposal), 30_000)).filter(isProposal);
    const link = /http:\/\/\S+\/me#token=[\w-]+/.exec(proposal.text)![0];

    await page.goto(link);
    await shown();
    const card = page.locator('article.proposal');
    await expect(card.textContent()).resolves.toContain('北京时间');
    await expect(page.locator('#places').textContent()).resolves.toMatch(/剩余 \d+ 个/);
    await card.getByRole('button', { name: '接受' }).click();
    const accepting = dialog('接受这位生友？');
    await expect(accepting.textContent()).resolves.toContain('彭康书院');
    await expect(accepting.textContent()).resolves.toContain('联系方式会互相公开');
    await accepting.getByRole('button', { name: '确认接受' }).click();
    await page.locator('#notice', { hasText: '已接受' }).waitFor();
    await shown();
    await expect(page.locator('#proposals .contact').textContent()).resolves.toContain('student.accepted@stu.example.edu.cn');
    // The accepted match is now a pair: its section shows the student's contact too.
    await expect(page.locator('#pairs .contact').textContent()).resolves.toContain('student.accepted@stu.example.edu.cn');
    await saveScreenshot(page, 'me-mentor-accepts-from-email');

    const matches = await matchesOf(system, cohortId);
    expect(matches.map((match) => match.status)).toEqual(['accepted']);
  });

  it('lets a student change their ranked choices while the cohort is open, in the directory', async () => {
    const cohortId = await createOpenCohort(system, { maxChoices: 2 });
    const mentors = [await applyMentor(system, cohortId, { name: '郑一' }, 0), await applyMentor(system, cohortId, { name: '王二' }, 1)];
    await approve(system, cohortId, 'mentor', mentors.map((mentor) => mentor.id));
    const student = await applyStudent(system, cohortId, [], { choices: [mentors[0].id] }, 0);

    await openPersonalPage(student);
    await page.getByRole('button', { name: '修改志愿' }).click();
    await page.getByRole('button', { name: '选择 王二' }).click();
    await page.getByRole('button', { name: '上移 王二' }).click();
    await page.getByRole('button', { name: '保存志愿' }).click();
    await page.locator('#notice', { hasText: '志愿已保存。' }).waitFor();
    await shown();
    await expect(page.locator('#choices li').allTextContents()).resolves.toEqual([expect.stringContaining('王二'), expect.stringContaining('郑一')]);
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'me-student-changes-choices');
    expect((await profileOf(student)).application.choices).toEqual([mentors[1].id, mentors[0].id]);
  });

  it('tells an applicant plainly that a wrong personal link does not work', async () => {
    await page.goto(`${system.apiUrl}/me#token=not-a-real-token`);
    const problem = page.locator('#link-problem[data-kind="invalid"]');
    await problem.getByRole('alert').filter({ hasText: '链接已失效或不正确' }).waitFor();
    await expect(problem.textContent()).resolves.toContain('请从师友计划发给您的邮件中重新打开个人链接');
    await saveScreenshot(page, 'me-wrong-personal-link');

    await page.goto(`${system.apiUrl}/me`);
    await page.locator('#link-problem[data-kind="missing"]', { hasText: '链接不完整' }).waitFor();
  });

  it("shows the student's application, match, contact and explanation after the cohort closes and once it is archived (defect 1)", async () => {
    const cohortId = await createOpenCohort(system);
    const mentors = [
      await applyMentor(system, cohortId, { capacity: 1, name: '周明' }, 0),
      await applyMentor(system, cohortId, { capacity: 1, name: '吴静', email: 'wu.jing@alumni.example.cn' }, 1),
    ];
    await approve(system, cohortId, 'mentor', mentors.map((mentor) => mentor.id));
    // Both rank 周明 first: one of them gets 吴静, and an explanation naming 周明.
    const ranked = { choices: [mentors[0].id, mentors[1].id] };
    const students = [await applyStudent(system, cohortId, [], ranked, 0), await applyStudent(system, cohortId, [], ranked, 1)];
    await approve(system, cohortId, 'student', students.map((student) => student.id));
    await runRound(system, cohortId);
    const second = (await matchesOf(system, cohortId)).find((match) => match.mentor.id === mentors[1].id)!;
    const student = students.find((candidate) => candidate.id === second.student.id)!;
    await accept(system, mentors[1], second.id).expect(200);

    // Open while the cohort is open; it closes meanwhile: only changing the choices degrades, in a sentence.
    await openPersonalPage(student);
    await system.http().post(`/api/cohorts/${cohortId}/close`).set(system.coordinator).expect(200);
    await page.getByRole('button', { name: '修改志愿' }).click();
    await page.locator('#choices [data-state="directory-unavailable"]', { hasText: '本期报名已截止，志愿不能再修改。' }).waitFor();
    await expect(page.locator('#matches .contact').textContent()).resolves.toContain('wu.jing@alumni.example.cn');

    const failedCalls: string[] = [];
    page.on('response', (response) => { if (response.status() >= 400) failedCalls.push(`${response.status()} ${response.url()}`); });
    for (const [state, words, locked] of [['closed', '已截止', '本期报名已截止，志愿不能再修改。'], ['archived', '已归档', '本期已归档，志愿不能再修改。']]) {
      if (state === 'archived') await system.http().post(`/api/cohorts/${cohortId}/archive`).set(system.coordinator).expect(200);
      await page.reload();
      await shown();
      await expect(page.locator('#application .cohort-status').textContent()).resolves.toContain(words);
      await expect(page.locator('#application .application-status').textContent()).resolves.toContain('已通过');
      await expect(page.locator(`#matches [data-match-id="${second.id}"] .status`).textContent()).resolves.toBe('已接受');
      await expect(page.locator('#matches .contact').textContent()).resolves.toContain('wu.jing@alumni.example.cn');
      await expect(page.locator('#last-round .summary').textContent()).resolves.toContain('第 2 位师友');
      await expect(page.locator('#last-round li').allTextContents()).resolves.toEqual([expect.stringContaining('第 1 位 周明：')]);
      await expect(page.locator('#choices li').allTextContents()).resolves.toEqual([expect.stringContaining('周明'), expect.stringContaining('吴静')]);
      await expect(page.locator('#choices').textContent()).resolves.toContain(locked);
      await expect(page.getByRole('button', { name: '修改志愿' }).count()).resolves.toBe(0);
      await expect(page.getByRole('alert').count()).resolves.toBe(0);
      await saveScreenshot(page, `me-student-cohort-${state}`);
    }
    expect(failedCalls).toEqual([]);
  });

  it('asks in a dialog before accepting, declining and withdrawing, and cancelling a dialog changes nothing (defect 2)', async () => {
    const { cohortId, mentors, students } = await populatedCohort(system, 1, 1);
    await runRound(system, cohortId);
    const [proposal] = await matchesOf(system, cohortId, 'proposed');
    const writes = recordWrites();

    await openPersonalPage(mentors[0]);
    const card = proposalCard(proposal.id);
    await card.getByRole('button', { name: '接受' }).click();
    const accepting = dialog('接受这位生友？');
    await expect(accepting.textContent()).resolves.toContain('联系方式会互相公开');
    await saveScreenshot(page, 'me-accept-asks-first');
    await accepting.getByRole('button', { name: '再想想' }).click();
    await accepting.waitFor({ state: 'hidden' });

    await card.getByRole('button', { name: '婉拒', exact: true }).click();
    const declining = dialog('婉拒这位生友');
    await declining.getByRole('radio', { name: '近期时间不便' }).click();
    await declining.getByRole('button', { name: '取消' }).click();
    await declining.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: '撤回报名' }).click();
    const withdrawing = dialog('确定撤回报名吗？');
    await expect(withdrawing.textContent()).resolves.toContain('撤回后无法恢复');
    await withdrawing.getByRole('button', { name: '暂不撤回' }).click();
    await withdrawing.waitFor({ state: 'hidden' });

    await page.goto(linkOf(students[0]));
    await page.locator('#choices').waitFor();
    await shown();
    await page.getByRole('button', { name: '撤回报名' }).click();
    await dialog('确定撤回报名吗？').getByRole('button', { name: '暂不撤回' }).click();
    await dialog('确定撤回报名吗？').waitFor({ state: 'hidden' });

    expect(writes).toEqual([]);
    await expect(page.locator('#notice').count()).resolves.toBe(0);
    expect(await matchesOf(system, cohortId)).toMatchObject([{ id: proposal.id, status: 'proposed' }]);
    expect((await profileOf(mentors[0])).application.status).toBe('approved');
    expect((await profileOf(students[0])).application.status).toBe('approved');
  });

  it('offers no preselected decline reason and refuses to decline without one (defect 10)', async () => {
    const { cohortId, mentors } = await populatedCohort(system, 1, 1);
    await runRound(system, cohortId);
    const [proposal] = await matchesOf(system, cohortId, 'proposed');
    const writes = recordWrites();

    await openPersonalPage(mentors[0]);
    await proposalCard(proposal.id).getByRole('button', { name: '婉拒', exact: true }).click();
    const declining = dialog('婉拒这位生友');
    // Vant names its dialogs by a broken aria-labelledby; this one carries its name itself.
    await page.getByRole('dialog', { name: '婉拒这位生友' }).waitFor();
    const radios = declining.getByRole('radio');
    await expect(radios.count()).resolves.toBe(4);
    for (const radio of await radios.all()) await expect(radio.getAttribute('aria-checked')).resolves.toBe('false');

    await declining.getByRole('button', { name: '确认婉拒' }).click();
    await declining.getByRole('alert').filter({ hasText: '请选择婉拒原因。' }).waitFor();
    await expect(declining.isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'me-decline-needs-a-reason');
    expect(writes).toEqual([]);
    expect(await matchesOf(system, cohortId)).toMatchObject([{ id: proposal.id, status: 'proposed' }]);

    await declining.getByRole('radio', { name: '其他原因' }).click();
    await declining.getByRole('button', { name: '确认婉拒' }).click();
    await page.locator('#notice', { hasText: '已婉拒' }).waitFor();
    expect(writes).toEqual([`POST /api/me/proposals/${proposal.id}/decline`]);
    expect(await matchesOf(system, cohortId)).toMatchObject([{ id: proposal.id, status: 'declined', declineReason: 'other' }]);
  });

  it("follows a second personal link opened in the same tab and shows the second person, the token only ever in the Authorization header (defect 12)", async () => {
    const cohortId = await createOpenCohort(system);
    const first = await applyStudent(system, cohortId, [], { name: '赵一鸣' }, 0);
    const second = await applyStudent(system, cohortId, [], { name: '钱二宁' }, 1);
    const mentor = await applyMentor(system, cohortId, { name: '孙三立' }, 0);
    const sent: Array<{ url: string; authorization: string | undefined }> = [];
    page.on('request', (request) => sent.push({ url: request.url(), authorization: request.headers().authorization }));

    await openPersonalPage(first);
    await page.locator('#application h2', { hasText: '赵一鸣' }).waitFor();
    await page.evaluate('window.sameDocument = true');

    await page.goto(linkOf(second));
    await page.locator('#application h2', { hasText: '钱二宁' }).waitFor();
    await shown();
    await expect(page.locator('#application').textContent()).resolves.not.toContain('赵一鸣');
    await page.goto(linkOf(mentor));
    await page.locator('#application h2', { hasText: '孙三立' }).waitFor();
    await page.locator('#proposals').waitFor();
    await expect(page.locator('#choices').count()).resolves.toBe(0);
    // One document throughout: only the fragment changed, which reloads nothing by itself.
    await expect(page.evaluate('window.sameDocument')).resolves.toBe(true);
    expect(page.url()).toBe(linkOf(mentor));
    await saveScreenshot(page, 'me-follows-second-link');

    const tokens = [first, second, mentor].map((applicant) => applicant.accessToken);
    for (const request of sent) for (const token of tokens) expect(request.url).not.toContain(token);
    const asked = sent.filter((request) => new URL(request.url).pathname === '/api/me').map((request) => request.authorization);
    expect(asked).toEqual(tokens.map((token) => `Bearer ${token}`));
  });

  it('speaks English throughout /me once switched, and the emails say 您 and never 导师 (defect 11)', async () => {
    const cohortId = await createOpenCohort(system, { name: 'Spring Cohort 2027' });
    const ascii = { major: 'Software Engineering', city: 'Shenzhen', topics: ['career planning'] };
    const mentor = await applyMentor(system, cohortId, {
      ...ascii, department: 'Computer Science', name: 'Lin Wei', email: 'lin.wei@alumni.example.cn', industry: 'Internet', organization: 'Tencent', title: 'Senior Engineer',
      capacity: 1, bio: 'Alumna who enjoys sharing what the industry is like.', languages: ['English'],
    }, 0);
    await approve(system, cohortId, 'mentor', [mentor.id]);
    const studentData = (index: number) => ({
      ...ascii, name: `Student ${index}`, email: `student${index}.english@stu.example.edu.cn`, college: 'Pengkang College',
      industries: ['Internet'], statement: 'I would like to learn about the internet industry.', choices: [mentor.id],
    });
    const students = [await applyStudent(system, cohortId, [mentor.id], studentData(0), 0), await applyStudent(system, cohortId, [mentor.id], studentData(1), 1)];
    await approve(system, cohortId, 'student', students.map((student) => student.id));
    await runRound(system, cohortId);
    const [proposal] = await matchesOf(system, cohortId, 'proposed');
    const placed = students.find((student) => student.id === proposal.student.id)!;
    const unplaced = students.find((student) => student.id !== proposal.student.id)!;

    // Cohort names are the office's data, not the page's words: 申请新一期 lists the suite's other open cohorts by name.
    const cohortNames = ((await system.http().get('/api/cohorts').set(system.coordinator).expect(200)).body as Array<{ name: string }>).map((cohort) => cohort.name);
    /** Every word the page shows outside the header (whose switch names the other language), dialogs included. */
    const chineseOnPage = async () => {
      const texts = (await page.locator('main, .van-dialog:visible').allInnerTexts()).join('\n');
      const words = cohortNames.reduce((text, name) => text.split(name).join(' '), texts);
      return words.match(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+/g) ?? [];
    };

    await openPersonalPage(mentor);
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('h1', { hasText: 'My page' }).waitFor();
    await proposalCard(proposal.id).getByRole('button', { name: 'Accept' }).click();
    await dialog('Accept this student?').waitFor();
    await expect(chineseOnPage()).resolves.toEqual([]);
    await dialog('Accept this student?').getByRole('button', { name: 'Accept' }).click();
    await page.locator('#notice', { hasText: 'Accepted.' }).waitFor();
    await shown();
    await expect(chineseOnPage()).resolves.toEqual([]);
    await saveScreenshot(page, 'me-english-mentor');

    await page.goto(linkOf(placed));
    await page.locator('#matches .contact', { hasText: 'lin.wei@alumni.example.cn' }).waitFor();
    await expect(chineseOnPage()).resolves.toEqual([]);
    await page.goto(linkOf(unplaced));
    await page.locator('#last-round', { hasText: 'About round' }).waitFor();
    await page.getByRole('button', { name: 'Withdraw application' }).click();
    await dialog('Withdraw your application?').waitFor();
    await expect(chineseOnPage()).resolves.toEqual([]);
    await dialog('Withdraw your application?').getByRole('button', { name: 'Keep my application' }).click();
    await dialog('Withdraw your application?').waitFor({ state: 'hidden' });
    await saveScreenshot(page, 'me-english-student');

    const recipients = ['lin.wei@alumni.example.cn', ...students.map((_, index) => `student${index}.english@stu.example.edu.cn`)];
    const subjects = [
      '已收到您的师友申请', '已收到您的生友申请', '您的师友申请已通过审核', '您的生友申请已通过审核', '为您推荐了一位生友，请在截止前回复',
      '已为您推荐师友，等待师友确认', '第 1 轮暂未为您匹配到师友，您将参加下一轮', '匹配成功',
    ];
    const theirs = (all: typeof sink.messages) => all.filter((mail) => recipients.some((to) => mail.to.includes(to)));
    const subjectOf = (mail: { subject: string }) => mail.subject.split('】')[1].split(' | ')[0];
    await sink.waitFor((all) => subjects.every((subject) => theirs(all).some((mail) => subjectOf(mail) === subject)), 30_000);
    const mails = theirs(sink.messages);
    expect(new Set(mails.map(subjectOf))).toEqual(new Set(subjects));
    for (const mail of mails) {
      const chinese = `${mail.subject.split(' | ')[0]}\n${mail.text.split('— English below —')[0]}`;
      expect(chinese).toContain('您');
      expect(chinese).not.toMatch(/你|导师|学生/);
    }
  });
});

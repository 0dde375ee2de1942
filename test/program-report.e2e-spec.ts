import type { ProgramReport } from '@app/contracts';
import ExcelJS from 'exceljs';
import { Applicant, applyMentor, applyStudent, approve, createCohort, createOpenCohort } from './support/factories';
import { accept, bearer, decline } from './support/rounds';
import { startSystem, TestSystem } from './support/system';

/**
 * The program report (DESIGN §10) on a history built by hand through the API: two cohorts, a mentor and a student who
 * come back (the mentor typing their email in other letter case), a declined proposal and a draft cohort that count
 * for nothing. Every figure is asserted exactly, and the workbook's cells.
 */
describe('the program report across cohorts', () => {
  let system: TestSystem;
  let first: number;
  let second: number;
  let people = 0;

  const mentor = async (cohortId: number, email: string): Promise<Applicant> => {
    const applicant = await applyMentor(system, cohortId, { email, capacity: 3 }, (people += 1));
    await approve(system, cohortId, 'mentor', [applicant.id]);
    return applicant;
  };
  const student = async (cohortId: number, email: string): Promise<Applicant> => {
    const applicant = await applyStudent(system, cohortId, [], { email }, (people += 1));
    await approve(system, cohortId, 'student', [applicant.id]);
    return applicant;
  };
  const propose = async (cohortId: number, who: Applicant, by: Applicant): Promise<number> =>
    (await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator).send({ studentId: who.id, mentorId: by.id }).expect(201)).body.id;
  const pair = async (cohortId: number, who: Applicant, by: Applicant): Promise<number> => {
    const matchId = await propose(cohortId, who, by);
    await accept(system, by, matchId).expect(200);
    return matchId;
  };
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const meet = (who: Applicant, matchId: number, minutes: number) =>
    system.http().post(`/api/me/pairs/${matchId}/meetings`).set(bearer(who)).send({ heldOn: today(), minutes, mode: 'video' }).expect(201);

  const workbookOf = async (response: Response): Promise<ExcelJS.Workbook> => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
    return workbook;
  };

  beforeAll(async () => {
    system = await startSystem({ name: 'program-report', worker: false });
    first = await createOpenCohort(system, { name: '第1期（试点）', programStartsOn: '2025-03-01', programEndsOn: '2025-12-31' });
    const zhang = await mentor(first, 'zhang@alumni.example.cn');
    const wang = await mentor(first, 'wang@alumni.example.cn');
    const chen = await mentor(first, 'chen@alumni.example.cn');
    const li = await student(first, 'li@stu.example.edu.cn');
    const zhao = await student(first, 'zhao@stu.example.edu.cn');
    const sun = await student(first, 'sun@stu.example.edu.cn');
    const zhou = await student(first, 'zhou@stu.example.edu.cn');
    const zhangLi = await pair(first, li, zhang);
    const zhangZhao = await pair(first, zhao, zhang);
    const wangSun = await pair(first, sun, wang);
    await decline(system, chen, await propose(first, zhou, chen)).expect(200);
    await meet(li, zhangLi, 60);
    await meet(zhang, zhangLi, 90);
    await meet(sun, wangSun, 45);
    await system.http().post(`/api/matches/${zhangZhao}/end`).set(system.coordinator).send({ reason: 'no_time' }).expect(200);
    await system.http().post(`/api/cohorts/${first}/close`).set(system.coordinator).expect(200);
    await system.http().post(`/api/cohorts/${first}/complete`).set(system.coordinator).expect(200);

    second = await createOpenCohort(system, { name: '第2期' });
    const zhangAgain = await mentor(second, 'Zhang@Alumni.Example.cn');
    const liu = await mentor(second, 'liu@alumni.example.cn');
    const liAgain = await student(second, 'li@stu.example.edu.cn');
    const wu = await student(second, 'wu@stu.example.edu.cn');
    await pair(second, wu, zhangAgain);
    await meet(liu, await pair(second, liAgain, liu), 30);
    await createCohort(system, { name: '第3期（筹备中）' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('counts each cohort\'s people, pairs, completions, meetings and hours, and the people once across cohorts', async () => {
    const report = (await system.http().get('/api/program/report').set(system.coordinator).expect(200)).body as ProgramReport;
    expect(report).toEqual({
      cohorts: [
        { cohortId: first, name: '第1期（试点）', status: 'closed', programStartsOn: '2025-03-01', programEndsOn: '2025-12-31', mentors: 2, students: 3, pairs: 3, completed: 2, meetings: 3, hours: 3.3 },
        { cohortId: second, name: '第2期', status: 'open', programStartsOn: null, programEndsOn: null, mentors: 2, students: 2, pairs: 2, completed: 0, meetings: 1, hours: 0.5 },
      ],
      // zhang and li served in both cohorts: 3 mentors and 4 students, not 4 and 5.
      totals: { cohorts: 2, mentors: 3, students: 4, pairs: 5, completed: 2, meetings: 4, hours: 3.8 },
    });
  });

  it('writes the same figures to program-report.xlsx, a row per cohort and the totals last', async () => {
    const response = await fetch(`${system.apiUrl}/api/program/report.xlsx`, { headers: system.coordinator });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="program-report.xlsx"');
    const workbook = await workbookOf(response);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['项目总览']);
    const rows = workbook.worksheets[0].getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1));
    expect(rows).toEqual([
      ['期', '状态', '项目开始', '项目结束', '服务的校友（师友）', '受益的在校生（生友）', '师友关系', '结业', '见面次数', '见面小时数'],
      ['第1期（试点）', '已截止', '2025-03-01', '2025-12-31', 2, 3, 3, 2, 3, 3.3],
      ['第2期', '报名中', '', '', 2, 2, 2, 0, 1, 0.5],
      ['合计（2 期，同一人只计一次）', '', '', '', 3, 4, 5, 2, 4, 3.8],
    ]);
  });

  it('writes English headers when asked', async () => {
    const workbook = await workbookOf(await fetch(`${system.apiUrl}/api/program/report.xlsx?lang=en`, { headers: system.coordinator }));
    const sheet = workbook.getWorksheet('Program')!;
    expect(sheet.getRow(1).getCell(5).value).toBe('Mentors who served');
    expect(sheet.getRow(4).getCell(1).value).toBe('Total (2 cohorts; people counted once)');
  });

  it('is for coordinators only', async () => {
    await system.http().get('/api/program/report').expect(401);
    await system.http().get('/api/program/report.xlsx').expect(401);
    await system.http().get('/api/program/report.xlsx').query({ lang: 'fr' }).set(system.coordinator).expect(400);
  });
});

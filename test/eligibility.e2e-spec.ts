import { applyStudent, createOpenCohort, sampleStudent } from './support/factories';
import { startSystem, TestSystem } from './support/system';

/** DESIGN §10's eligibility per cohort: the setting, the public view that shows it, and the 400 outside it. */
describe('eligibility', () => {
  let system: TestSystem;
  let cohortId: number;
  const postStudent = (body: Record<string, unknown>, cohort = cohortId) => system.http().post(`/api/cohorts/${cohort}/student-applications`).send(body);
  const students = async () => Number((await system.db.dataSource.query('SELECT COUNT(*) AS n FROM student_applications WHERE cohort_id = ?', [cohortId]))[0].n);

  beforeAll(async () => {
    system = await startSystem({ name: 'eligibility', worker: false });
    cohortId = await createOpenCohort(system, { name: '第1期（试点）', eligibility: { colleges: [' 彭康书院 '], enrollmentYears: [2025, 2024] } });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('stores the setting trimmed, the years sorted, and shows it on the public view before anyone applies', async () => {
    const detail = await system.http().get(`/api/cohorts/${cohortId}`).set(system.coordinator).expect(200);
    expect(detail.body.eligibility).toEqual({ colleges: ['彭康书院'], enrollmentYears: [2024, 2025] });
    const publicView = await system.http().get(`/api/public/cohorts/${cohortId}`).expect(200);
    expect(publicView.body.eligibility).toEqual({ colleges: ['彭康书院'], enrollmentYears: [2024, 2025] });
  });

  it('refuses a student of another college with a 400 naming college, and writes nothing', async () => {
    const response = await postStudent({ ...sampleStudent(1, []), college: '文治书院', enrollmentYear: 2024 }).expect(400);
    expect(response.body.errors).toEqual([{ field: 'college', rule: 'notEligible' }]);
    expect(await students()).toBe(0);
  });

  it('refuses a student of another enrollment year with a 400 naming enrollmentYear', async () => {
    const response = await postStudent({ ...sampleStudent(2, []), college: '彭康书院', enrollmentYear: 2023 }).expect(400);
    expect(response.body.errors).toEqual([{ field: 'enrollmentYear', rule: 'notEligible' }]);
  });

  it('names both fields when both fail', async () => {
    const response = await postStudent({ ...sampleStudent(3, []), college: '文治书院', enrollmentYear: 2022 }).expect(400);
    expect(response.body.errors).toEqual([{ field: 'college', rule: 'notEligible' }, { field: 'enrollmentYear', rule: 'notEligible' }]);
    expect(await students()).toBe(0);
  });

  it('accepts an eligible student', async () => {
    await applyStudent(system, cohortId, [], { college: '彭康书院', enrollmentYear: 2025 }, 4);
    expect(await students()).toBe(1);
  });

  it('opens the cohort to everyone once the setting is cleared', async () => {
    await system.http().patch(`/api/cohorts/${cohortId}`).set(system.coordinator).send({ eligibility: null }).expect(200);
    await applyStudent(system, cohortId, [], { college: '文治书院', enrollmentYear: 2022 }, 5);
    const publicView = await system.http().get(`/api/public/cohorts/${cohortId}`).expect(200);
    expect(publicView.body.eligibility).toBeNull();
  });

  it('stores an eligibility with empty lists as none', async () => {
    const response = await system.http().patch(`/api/cohorts/${cohortId}`).set(system.coordinator).send({ eligibility: { colleges: [], enrollmentYears: [] } }).expect(200);
    expect(response.body.eligibility).toBeNull();
  });

  it('refuses a malformed setting with a 400 naming the field', async () => {
    const years = await system.http().patch(`/api/cohorts/${cohortId}`).set(system.coordinator).send({ eligibility: { enrollmentYears: ['2024'] } }).expect(400);
    expect(years.body.errors[0].field).toMatch(/^eligibility\.enrollmentYears/);
    const colleges = await system.http().patch(`/api/cohorts/${cohortId}`).set(system.coordinator).send({ eligibility: { colleges: 'all' } }).expect(400);
    expect(colleges.body.errors[0].field).toMatch(/^eligibility\.colleges/);
  });
});

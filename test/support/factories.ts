import { sampleMentor, sampleStudent } from '../../scripts/sample/sample-cohort';
import { TestSystem } from './system';

export { sampleMentor, sampleStudent };

export async function createCohort(system: TestSystem, settings: Record<string, unknown> = {}): Promise<number> {
  const created = await system.http().post('/api/cohorts').set(system.coordinator).send({ name: '第3期 师友计划', ...settings }).expect(201);
  return created.body.id as number;
}

export async function createOpenCohort(system: TestSystem, settings: Record<string, unknown> = {}): Promise<number> {
  const cohortId = await createCohort(system, settings);
  await system.http().post(`/api/cohorts/${cohortId}/open`).set(system.coordinator).expect(200);
  return cohortId;
}

export interface Applicant {
  id: number;
  accessToken: string;
}

/** An applicant with the name and email they applied with: how a suite finds them in mail and on pages. */
export interface Person extends Applicant {
  name: string;
  email: string;
}

export async function applyMentor(system: TestSystem, cohortId: number, overrides: Record<string, unknown> = {}, index = 0): Promise<Applicant> {
  const response = await system.http().post(`/api/cohorts/${cohortId}/mentor-applications`).send({ ...sampleMentor(index), ...overrides }).expect(201);
  return response.body;
}

export async function applyStudent(system: TestSystem, cohortId: number, mentorIds: number[], overrides: Record<string, unknown> = {}, index = 0): Promise<Applicant> {
  const response = await system.http().post(`/api/cohorts/${cohortId}/student-applications`).send({ ...sampleStudent(index, mentorIds), ...overrides }).expect(201);
  return response.body;
}

export async function approve(system: TestSystem, cohortId: number, role: 'mentor' | 'student', ids: number[]): Promise<void> {
  await system.http().post(`/api/cohorts/${cohortId}/${role}-applications/review`).set(system.coordinator).send({ ids, decision: 'approved' }).expect(200);
}

/** An open cohort with approved mentors and approved students who ranked them. */
export async function populatedCohort(system: TestSystem, mentors: number, students: number, settings: Record<string, unknown> = {}) {
  const cohortId = await createOpenCohort(system, settings);
  const mentorApplicants: Applicant[] = [];
  for (let index = 0; index < mentors; index += 1) mentorApplicants.push(await applyMentor(system, cohortId, {}, index));
  await approve(system, cohortId, 'mentor', mentorApplicants.map((mentor) => mentor.id));
  const mentorIds = mentorApplicants.map((mentor) => mentor.id);
  const studentApplicants: Applicant[] = [];
  for (let index = 0; index < students; index += 1) studentApplicants.push(await applyStudent(system, cohortId, mentorIds, {}, index));
  await approve(system, cohortId, 'student', studentApplicants.map((student) => student.id));
  return { cohortId, mentors: mentorApplicants, students: studentApplicants };
}

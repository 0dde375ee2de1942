import { Instance, solve } from '@app/matching';
import { Applicant } from './factories';
import { TestSystem, waitFor } from './system';

export interface RoundView {
  id: number;
  number: number;
  status: 'queued' | 'running' | 'completed' | 'failed';
  dryRun: boolean;
  seed: number;
  requestedBy: string | null;
  stats: { matched: number; unmatched: number; students: number; timingsMs?: Record<string, number> } | null;
  error: string | null;
}

export interface AssignmentView {
  studentId: number;
  mentorId: number | null;
  choiceRank: number | null;
}

export interface MatchView {
  id: number;
  roundId: number | null;
  status: string;
  respondBy: string;
  student: { id: number; name: string; email: string };
  mentor: { id: number; name: string; email: string };
}

export async function requestRound(system: TestSystem, cohortId: number, body: { dryRun?: boolean; seed?: number } = {}): Promise<number> {
  const response = await system.http().post(`/api/cohorts/${cohortId}/rounds`).set(system.coordinator).send(body).expect(202);
  return response.body.id as number;
}

export async function roundOf(system: TestSystem, roundId: number): Promise<RoundView> {
  return (await system.http().get(`/api/rounds/${roundId}`).set(system.coordinator).expect(200)).body;
}

export async function completedRound(system: TestSystem, roundId: number, timeoutMs = 30_000): Promise<RoundView> {
  const round = await waitFor(`round ${roundId} to finish`, async () => {
    const current = await roundOf(system, roundId);
    return current.status === 'completed' || current.status === 'failed' ? current : null;
  }, timeoutMs, 150);
  if (round.status !== 'completed') throw new Error(`Round ${roundId} failed: ${round.error}`);
  return round;
}

export async function runRound(system: TestSystem, cohortId: number, body: { dryRun?: boolean; seed?: number } = {}): Promise<RoundView> {
  return completedRound(system, await requestRound(system, cohortId, body));
}

export async function roundsOf(system: TestSystem, cohortId: number): Promise<RoundView[]> {
  return (await system.http().get(`/api/cohorts/${cohortId}/rounds`).set(system.coordinator).expect(200)).body;
}

export async function assignmentsOf(system: TestSystem, roundId: number): Promise<AssignmentView[]> {
  const response = await system.http().get(`/api/rounds/${roundId}/assignments`).set(system.coordinator).expect(200);
  return (response.body as AssignmentView[]).map(({ studentId, mentorId, choiceRank }) => ({ studentId, mentorId, choiceRank }));
}

/** The engine run here, on the instance the round published, must give exactly the round's assignments. */
export async function engineAssignmentsOf(system: TestSystem, roundId: number): Promise<Record<string, string | null>> {
  const response = await system.http().get(`/api/rounds/${roundId}/instance`).set(system.coordinator).expect(200);
  const instance = JSON.parse(response.text) as Instance;
  return { ...solve(instance).assignments };
}

export function asEngineAssignments(assignments: AssignmentView[]): Record<string, string | null> {
  return Object.fromEntries(assignments.map((assignment) => [`s${assignment.studentId}`, assignment.mentorId === null ? null : `m${assignment.mentorId}`]));
}

export async function matchesOf(system: TestSystem, cohortId: number, status?: string): Promise<MatchView[]> {
  const response = await system.http().get(`/api/cohorts/${cohortId}/matches`).query(status ? { status } : {}).set(system.coordinator).expect(200);
  return response.body;
}

export const bearer = (applicant: Applicant) => ({ Authorization: `Bearer ${applicant.accessToken}` });

export function accept(system: TestSystem, mentor: Applicant, matchId: number) {
  return system.http().post(`/api/me/proposals/${matchId}/accept`).set(bearer(mentor));
}

export function decline(system: TestSystem, mentor: Applicant, matchId: number, reason = 'not_a_fit', note?: string) {
  return system.http().post(`/api/me/proposals/${matchId}/decline`).set(bearer(mentor)).send({ reason, ...(note && { note }) });
}

/** Moves deadlines into the past in the database; the cohort's window is at least an hour, so waiting is no option. */
export async function passDeadlines(system: TestSystem, matchIds: number[]): Promise<void> {
  await system.db.dataSource.query('UPDATE matches SET respond_by = ? WHERE id IN (?)', [new Date(Date.now() - 60_000), matchIds]);
}

export function byId<T extends { id: number }>(items: T[]): Map<number, T> {
  return new Map(items.map((item) => [item.id, item]));
}

/**
 * Seeds the demo through the public HTTP API, as real people would: a coordinator opens cohort 3, 31 alumni
 * mentors and 45 students apply (realistic Chinese data), the coordinator approves them and runs round 1; most
 * mentors accept through their personal links, and some pairs set goals and log a first meeting (DESIGN §7).
 */
import { sampleMentor, sampleStudent } from './sample/sample-cohort';

const [apiUrl, token] = process.argv.slice(2);
const DEMO_ADMIN = 'admin@demo.shiyou.example';
const coordinator = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = coordinator): Promise<T> {
  const response = await fetch(apiUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function main() {
  const existing = await call<Array<{ id: number; name: string }>>('GET', '/api/cohorts');
  if (existing.length > 0) {
    process.stdout.write(`Sample data already present (${existing[0].name}, #${existing[0].id}); not seeding again.\n`);
    return;
  }
  // The console's admin: their invitation (with a sign-in link) lands in the demo's mail viewer.
  await call('POST', '/api/staff', { name: '校友部管理员', email: DEMO_ADMIN, role: 'admin' });
  process.stdout.write(`Admin ${DEMO_ADMIN} invited: sign in at /admin with that address (the link arrives in the mail viewer).\n`);
  const cohort = await call<{ id: number; name: string }>('POST', '/api/cohorts', {
    name: '第3期 师友计划', description: '校友部师友计划第3期：31位校友师友，45位在校生友。', maxChoices: 5, responseWindowHours: 72,
  });
  await call('POST', `/api/cohorts/${cohort.id}/open`);
  const publicHeaders = { 'content-type': 'application/json' };
  const mentors: number[] = [];
  const tokens = { mentor: new Map<number, string>(), student: new Map<number, string>() };
  for (let index = 0; index < 31; index += 1) {
    const mentor = await call<{ id: number; accessToken: string }>('POST', `/api/cohorts/${cohort.id}/mentor-applications`, sampleMentor(index, 3), publicHeaders);
    mentors.push(mentor.id);
    tokens.mentor.set(mentor.id, mentor.accessToken);
  }
  await call('POST', `/api/cohorts/${cohort.id}/mentor-applications/review`, { ids: mentors, decision: 'approved' });
  const students: number[] = [];
  for (let index = 0; index < 45; index += 1) {
    const student = await call<{ id: number; accessToken: string }>('POST', `/api/cohorts/${cohort.id}/student-applications`, sampleStudent(index, mentors, 3), publicHeaders);
    students.push(student.id);
    tokens.student.set(student.id, student.accessToken);
  }
  await call('POST', `/api/cohorts/${cohort.id}/student-applications/review`, { ids: students, decision: 'approved' });
  // The cohort by the name coordinators gave it (defect 14: it used to print `Cohort 1`).
  process.stdout.write(`${cohort.name} (#${cohort.id}): 31 mentors and 45 students applied and were approved.\n`);

  const round = await call<{ id: number }>('POST', `/api/cohorts/${cohort.id}/rounds`, { seed: 2026 });
  const stats = await completedRoundStats(round.id);
  const ranks = Object.entries(stats.byChoiceRank)
    .map(([rank, count]) => (rank === 'filled' ? `score-filled ${count}` : `choice ${rank}: ${count}`))
    .join(', ');
  const reasons = new Map<string, number>();
  for (const { reason } of stats.unmatchedReasons) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  process.stdout.write(
    `${cohort.name}, round 1: ${stats.matched}/${stats.students} students proposed to a mentor (${ranks}); mentor fill ${(stats.mentorFillRate * 100).toFixed(0)}%; ` +
      `unmatched ${stats.unmatched}${reasons.size ? ` (${[...reasons].map(([reason, count]) => `${reason}: ${count}`).join(', ')})` : ''}.\n`,
  );
  await beginPairs(cohort.id, tokens);
}

/** Three of every four mentors accept; every other pair agrees its goals and logs a first meeting today. */
async function beginPairs(cohortId: number, tokens: Record<'mentor' | 'student', Map<number, string>>): Promise<void> {
  const proposals = await call<Array<{ id: number; student: { id: number }; mentor: { id: number } }>>('GET', `/api/cohorts/${cohortId}/matches?status=proposed`);
  const accepted = proposals.filter((_, index) => index % 4 !== 3);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  let met = 0;
  for (const [index, match] of accepted.entries()) {
    const asMentor = { ...coordinator, authorization: `Bearer ${tokens.mentor.get(match.mentor.id)}` };
    await call('POST', `/api/me/proposals/${match.id}/accept`, undefined, asMentor);
    if (index % 2 === 1) continue;
    const asStudent = { ...coordinator, authorization: `Bearer ${tokens.student.get(match.student.id)}` };
    await call('PUT', `/api/me/pairs/${match.id}/goals`, { goals: [{ text: '梳理职业方向，确定实习目标', done: false }, { text: '完成一份简历并请师友修改', done: index % 4 === 0 }] }, asStudent);
    await call('POST', `/api/me/pairs/${match.id}/meetings`, { heldOn: today, minutes: 60, mode: index % 3 === 0 ? 'in_person' : 'video', summary: '初次见面，聊了职业规划和近期目标。' }, asStudent);
    met += 1;
  }
  process.stdout.write(`${accepted.length} of ${proposals.length} mentors accepted; ${met} pairs set goals and logged a first meeting.\n`);
}

interface RoundStats {
  students: number;
  matched: number;
  unmatched: number;
  byChoiceRank: Record<string, number>;
  mentorFillRate: number;
  unmatchedReasons: Array<{ studentId: number; reason: string }>;
}

async function completedRoundStats(roundId: number): Promise<RoundStats> {
  for (let waited = 0; waited < 60_000; waited += 500) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const round = await call<{ status: string; stats: RoundStats | null; error: string | null }>('GET', `/api/rounds/${roundId}`);
    if (round.status === 'completed' && round.stats) return round.stats;
    if (round.status === 'failed') throw new Error(`Round ${roundId} failed: ${round.error}`);
  }
  throw new Error(`Round ${roundId} did not complete within a minute`);
}

main().catch((error: Error) => {
  process.stderr.write(`Seeding failed: ${error.message}\n`);
  process.exit(1);
});

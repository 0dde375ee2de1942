import { AUDIT_ACTIONS, CohortReport, CURRENT_CONSENT_VERSION, MeExport, SURVEY_TEMPLATES } from '@app/contracts';
import { SmtpSink } from '../scripts/smtp-sink';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort, sampleMentor } from './support/factories';
import { startSystemWithSink } from './support/mail';
import { accept, bearer } from './support/rounds';
import { TestSystem, waitFor } from './support/system';

/**
 * DESIGN §10's personal data against the built API and worker: the consent version each application agreed to, an
 * applicant's export (theirs and nothing of anyone else's) and erasure, a cohort's purge and its daily retention.
 * What "removed" means is checked on a dump of every table of the scratch database: the people's names, addresses,
 * phones, student numbers and texts are nowhere in it, while the cohort's report counts the same.
 */
let sink: SmtpSink;
let system: TestSystem;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ system, sink, stop } = await startSystemWithSink('privacy', { env: { RETENTION_INTERVAL_MS: '1000' } }));
}, 120_000);

afterAll(async () => {
  await stop?.();
}, 30_000);

interface Person extends Applicant {
  name: string;
  email: string;
  secrets: string[];
}

let people = 0;
/** A person whose every personal field is unique to them, so the dump can be searched for each. */
async function mentor(cohortId: number, name: string): Promise<Person> {
  people += 1;
  const fields = { name, email: `privacy.mentor.${people}@shiyou-e2e.example.cn`, phone: `139${String(people).padStart(8, '7')}`, bio: `导师简介-${people}-只属于${name}`, capacity: 2 };
  const applicant = await applyMentor(system, cohortId, fields, people);
  await approve(system, cohortId, 'mentor', [applicant.id]);
  return { ...applicant, name, email: fields.email, secrets: [name, fields.email, fields.phone, fields.bio] };
}

async function student(cohortId: number, name: string, choices: number[]): Promise<Person> {
  people += 1;
  const fields = { name, email: `privacy.student.${people}@shiyou-e2e.example.cn`, studentNumber: `PV${String(people).padStart(8, '3')}`, statement: `个人陈述-${people}-只属于${name}`, choices };
  const applicant = await applyStudent(system, cohortId, choices, fields, people);
  await approve(system, cohortId, 'student', [applicant.id]);
  return { ...applicant, name, email: fields.email, secrets: [name, fields.email, fields.studentNumber, fields.statement] };
}

/** Every row of every table of the scratch database (but those named), as one text. */
async function dump(except: string[] = []): Promise<string> {
  const tables = (await system.db.dataSource.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name')) as Array<{ name: string }>;
  const parts: string[] = [];
  for (const { name } of tables.filter((table) => !except.includes(table.name))) parts.push(`${name}: ${JSON.stringify(await system.db.dataSource.query(`SELECT * FROM \`${name}\``))}`);
  return parts.join('\n');
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const report = async (cohortId: number): Promise<CohortReport> => (await system.http().get(`/api/cohorts/${cohortId}/report`).set(system.coordinator).expect(200)).body;

/** A pair that has met and written: goals, a meeting with a summary, a survey with a free-text answer. */
async function pairUp(cohortId: number, who: { mentor: Person; student: Person }, surveyId?: number): Promise<number> {
  const matchId = (await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator).send({ studentId: who.student.id, mentorId: who.mentor.id }).expect(201)).body.id as number;
  await accept(system, who.mentor, matchId).expect(200);
  await system.http().put(`/api/me/pairs/${matchId}/goals`).set(bearer(who.student)).send({ goals: [{ text: `目标-${who.student.name}`, done: false }] }).expect(200);
  await system.http().post(`/api/me/pairs/${matchId}/meetings`).set(bearer(who.mentor))
    .send({ heldOn: today(), minutes: 60, mode: 'video', summary: `见面总结-${who.student.name}` }).expect(201);
  if (surveyId) {
    await system.http().put(`/api/me/surveys/${surveyId}/response`).set(bearer(who.student))
      .send({ answers: { satisfaction: 5, recommend: 9, again: 0, helpful: `问卷文字-${who.student.name}` }, shareName: true }).expect(200);
  }
  return matchId;
}

describe('personal data e2e', () => {
  it('stores the consent version agreed to; a missing or unknown version is a 400 naming consentVersion', async () => {
    const cohortId = await createOpenCohort(system);
    const { consentVersion: _omitted, ...withoutVersion } = { ...sampleMentor(90), email: 'consent.a@shiyou-e2e.example.cn' };
    const fields = async (body: object) => (await system.http().post(`/api/cohorts/${cohortId}/mentor-applications`).send(body).expect(400)).body.errors.map((error: { field: string }) => error.field);
    expect(await fields(withoutVersion)).toEqual(['consentVersion']);
    expect(await fields({ ...withoutVersion, consentVersion: '1999-01' })).toEqual(['consentVersion']);
    const created = await system.http().post(`/api/cohorts/${cohortId}/mentor-applications`).send({ ...withoutVersion, consentVersion: CURRENT_CONSENT_VERSION }).expect(201);
    const [row] = await system.db.dataSource.query('SELECT consent_version FROM mentor_applications WHERE id = ?', [created.body.id]);
    expect(row.consent_version).toBe(CURRENT_CONSENT_VERSION);
    const [{ n }] = await system.db.dataSource.query('SELECT COUNT(*) AS n FROM mentor_applications WHERE cohort_id = ?', [cohortId]);
    expect(Number(n)).toBe(1);
  }, 60_000);

  it('export holds exactly the applicant\'s data; erase withdraws and anonymises them, ends their pair, and their link stops working', async () => {
    const cohortId = await createOpenCohort(system, { fillWithScores: false });
    const m1 = await mentor(cohortId, '欧阳明轩');
    const m2 = await mentor(cohortId, '司马若溪');
    const s1 = await student(cohortId, '诸葛青云', [m1.id, m2.id]);
    const s2 = await student(cohortId, '上官紫霞', [m2.id]);
    const survey = (await system.http().post(`/api/cohorts/${cohortId}/surveys`).set(system.coordinator).send({ ...SURVEY_TEMPLATES.final, closesAt: inDays(7) }).expect(201)).body.id as number;
    const p1 = await pairUp(cohortId, { mentor: m1, student: s1 });
    await pairUp(cohortId, { mentor: m2, student: s2 });
    await system.http().post(`/api/surveys/${survey}/publish`).set(system.coordinator).expect(200);
    await system.http().put(`/api/me/surveys/${survey}/response`).set(bearer(s1)).send({ answers: { satisfaction: 4, recommend: 8, again: 0, helpful: '诸葛青云的问卷文字' } }).expect(200);
    await system.settled();

    const exported = await system.http().get('/api/me/export').set(bearer(s1)).expect(200);
    expect(exported.headers['content-disposition']).toContain('my-data.json');
    const mine = exported.body as MeExport;
    expect(mine).toMatchObject({ role: 'student', cohort: { id: cohortId }, application: { id: s1.id, name: s1.name, email: s1.email, consentVersion: CURRENT_CONSENT_VERSION } });
    expect(mine.choices).toEqual([{ rank: 1, mentorId: m1.id }, { rank: 2, mentorId: m2.id }]);
    expect(mine.matches).toHaveLength(1);
    expect(mine.matches[0]).toMatchObject({ id: p1, status: 'accepted', partner: { role: 'mentor', id: m1.id }, goals: [{ text: '目标-诸葛青云', done: false }] });
    expect(mine.matches[0].meetings).toEqual([{ heldOn: today(), minutes: 60, mode: 'video', summary: '见面总结-诸葛青云', loggedBy: 'mentor' }]);
    expect(mine.surveyResponses).toEqual([expect.objectContaining({ surveyId: survey, answers: { satisfaction: 4, recommend: 8, again: 0, helpful: '诸葛青云的问卷文字' } })]);
    const [{ n: theirEmails }] = await system.db.dataSource.query("SELECT COUNT(*) AS n FROM notifications WHERE link_role = 'student' AND link_application_id = ?", [s1.id]);
    expect(mine.notifications.map((mail) => mail.type).sort()).toEqual(['application_approved', 'application_received', 'match_confirmed', 'proposal_made', 'survey_invitation']);
    expect(mine.notifications).toHaveLength(Number(theirEmails));
    expect(mine.notifications.every((mail) => mail.recipientEmail === s1.email && mail.recipientName === s1.name)).toBe(true);
    // Nothing of the others': the partner is an id; the other mentor and student appear nowhere.
    const text = JSON.stringify(mine);
    for (const other of [m1, m2, s2]) for (const secret of other.secrets) expect(text).not.toContain(secret);
    await system.http().get('/api/me/export').expect(401);

    // Erase s2: withdrawn, anonymised, the pair with m2 ended; m2 is told by initial.
    const erased = await system.http().post('/api/me/erase').set(bearer(s2)).expect(200);
    expect(erased.body).toEqual({ id: s2.id, status: 'withdrawn', cancelledMatches: 1 });
    await system.http().get('/api/me').set(bearer(s2)).expect(401);
    await system.http().post('/api/me/erase').set(bearer(s2)).expect(401);
    const [row] = await system.db.dataSource.query('SELECT name, email, student_number, statement, status, anonymised_at FROM student_applications WHERE id = ?', [s2.id]);
    expect(row).toMatchObject({ name: '上*', email: `student-${s2.id}@anonymised.invalid`, student_number: `anonymised-${s2.id}`, statement: '', status: 'withdrawn' });
    expect(row.anonymised_at).not.toBeNull();
    await sink.waitFor((messages) => messages.some((mail) => mail.to.includes(m2.email) && mail.subject.includes('结束') && mail.text.includes('上*')), 30_000);
    await system.settled();
    const after = await dump();
    for (const secret of [...s2.secrets, '目标-上官紫霞', '见面总结-上官紫霞']) expect(after).not.toContain(secret);
    // The others keep everything.
    for (const secret of [...s1.secrets, ...m1.secrets, ...m2.secrets]) expect(after).toContain(secret);
    await system.http().get('/api/me').set(bearer(s1)).expect(200);
  }, 180_000);

  it('purge: 409 unless archived; then every personal field of the cohort is gone, its tokens stop, the report counts the same, and a second purge changes nothing', async () => {
    const cohortId = await createOpenCohort(system, { fillWithScores: false, name: '第9期 清除' });
    const m1 = await mentor(cohortId, '慕容雪松');
    const m2 = await mentor(cohortId, '端木云帆');
    const s1 = await student(cohortId, '皇甫星河', [m1.id]);
    const s2 = await student(cohortId, '令狐晨曦', [m2.id]);
    const survey = (await system.http().post(`/api/cohorts/${cohortId}/surveys`).set(system.coordinator).send({ ...SURVEY_TEMPLATES.final, closesAt: inDays(7) }).expect(201)).body.id as number;
    await pairUp(cohortId, { mentor: m1, student: s1 });
    await pairUp(cohortId, { mentor: m2, student: s2 });
    await system.http().post(`/api/surveys/${survey}/publish`).set(system.coordinator).expect(200);
    for (const who of [s1, s2]) {
      await system.http().put(`/api/me/surveys/${survey}/response`).set(bearer(who)).send({ answers: { satisfaction: 5, recommend: 10, again: 0, helpful: `问卷文字-${who.name}` }, shareName: true }).expect(200);
    }
    await system.http().post(`/api/cohorts/${cohortId}/purge`).set(system.coordinator).expect(409).expect((response) => expect(response.body.code).toBe('cohort_not_archived'));
    await system.http().post(`/api/cohorts/${cohortId}/close`).set(system.coordinator).expect(200);
    await system.http().post(`/api/cohorts/${cohortId}/complete`).set(system.coordinator).expect(200);
    await system.http().post(`/api/cohorts/${cohortId}/archive`).set(system.coordinator).expect(200);
    await system.settled();
    const before = await report(cohortId);
    const everyone = [m1, m2, s1, s2];
    const texts = everyone.flatMap((who) => [...who.secrets, `问卷文字-${who.name}`, `目标-${who.name}`]);
    const full = await dump();
    for (const who of everyone) for (const secret of who.secrets) expect(full).toContain(secret);

    const purged = await system.http().post(`/api/cohorts/${cohortId}/purge`).set(system.coordinator).expect(200);
    expect(purged.body).toMatchObject({ cohortId, applications: 4 });
    const after = await dump();
    const unaudited = await dump(['audit_entries']);
    for (const secret of [...texts, '见面总结-皇甫星河', '见面总结-令狐晨曦']) expect(after).not.toContain(secret);
    for (const who of everyone) await system.http().get('/api/me').set(bearer(who)).expect(401);

    // The report counts the same; only the mentors' names in it are now their initials.
    const initialled = JSON.parse(everyone.reduce((json, who) => json.split(who.name).join(`${[...who.name][0]}*`), JSON.stringify(before)));
    expect(await report(cohortId)).toEqual(initialled);
    const cohort = (await system.http().get(`/api/cohorts/${cohortId}`).set(system.coordinator).expect(200)).body;
    expect(cohort.anonymisedAt).not.toBeNull();

    const again = await system.http().post(`/api/cohorts/${cohortId}/purge`).set(system.coordinator).expect(200);
    expect(again.body).toEqual({ cohortId, applications: 0, anonymisedAt: cohort.anonymisedAt });
    // Nothing but the purge's own audit entry is written the second time.
    expect(await dump(['audit_entries'])).toBe(unaudited);
    const audit = (await system.http().get('/api/audit').query({ cohortId, action: 'purge_cohort' }).set(system.coordinator).expect(200)).body;
    expect(audit.entries.map((entry: { summary: string }) => entry.summary)).toEqual(['匿名化 0 份申请', '匿名化 4 份申请']);
    expect(AUDIT_ACTIONS.purge_cohort.zh).toBe('清除个人信息');
  }, 180_000);

  it('retention: the daily job anonymises archived cohorts past their retainDays and leaves the others', async () => {
    const archivedWith = async (retainDays: number, name: string) => {
      const cohortId = await createOpenCohort(system, { retainDays });
      const who = await mentor(cohortId, name);
      await system.http().post(`/api/cohorts/${cohortId}/close`).set(system.coordinator).expect(200);
      await system.http().post(`/api/cohorts/${cohortId}/archive`).set(system.coordinator).expect(200);
      return { cohortId, who };
    };
    const due = await archivedWith(30, '东方既白');
    const kept = await archivedWith(30, '西门吹雪');
    // Archived 29 days ago, then 31: a run that finds the second has looked at the first after it was set back too.
    await system.db.dataSource.query('UPDATE cohorts SET archived_at = DATE_SUB(NOW(3), INTERVAL 29 DAY) WHERE id = ?', [kept.cohortId]);
    await system.db.dataSource.query('UPDATE cohorts SET archived_at = DATE_SUB(NOW(3), INTERVAL 31 DAY) WHERE id = ?', [due.cohortId]);
    await waitFor('the retention job to anonymise the due cohort', async () =>
      (await system.db.dataSource.query('SELECT anonymised_at FROM cohorts WHERE id = ?', [due.cohortId]))[0].anonymised_at !== null, 60_000, 250);
    const [dueRow] = await system.db.dataSource.query('SELECT name, email, phone, bio FROM mentor_applications WHERE id = ?', [due.who.id]);
    expect(dueRow).toEqual({ name: '东*', email: `mentor-${due.who.id}@anonymised.invalid`, phone: null, bio: '' });
    await system.http().get('/api/me').set(bearer(due.who)).expect(401);
    const [keptRow] = await system.db.dataSource.query('SELECT c.anonymised_at, m.name FROM cohorts c JOIN mentor_applications m ON m.cohort_id = c.id WHERE c.id = ?', [kept.cohortId]);
    expect(keptRow).toEqual({ anonymised_at: null, name: '西门吹雪' });
    await system.http().get('/api/me').set(bearer(kept.who)).expect(200);
  }, 120_000);
});

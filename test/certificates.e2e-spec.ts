import type { CertificateVerification, MeProfile } from '@app/contracts';
import JSZip from 'jszip';
import type { Response } from 'supertest';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort } from './support/factories';
import { pdfText } from './support/pdf-text';
import { accept, bearer } from './support/rounds';
import { startSystem, TestSystem } from './support/system';

/**
 * Certificates end to end (DESIGN §8) against the built API and MariaDB: who is owed which certificate when, the
 * PDFs' text (extracted with pdf-parse, see support/pdf-text.ts), the public verification, the coordinators' ZIP. No worker: nothing here
 * waits for a job. The public routes are rate-limited at a low limit so the last test can reach it.
 */
const RATE_LIMIT = 25;

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem({ name: 'certificates', worker: false, env: { PUBLIC_POST_RATE_LIMIT: String(RATE_LIMIT) } });
}, 60_000);

afterAll(async () => {
  await system?.stop();
}, 30_000);

interface Person extends Applicant {
  name: string;
}

let people = 0;
async function person(cohortId: number, role: 'mentor' | 'student', name: string, extra: { capacity?: number; choices?: number[] } = {}): Promise<Person> {
  const index = (people += 1);
  const data = { name, email: `${role}.${index}@certificates-e2e.example.cn` };
  const applicant = role === 'mentor'
    ? await applyMentor(system, cohortId, { ...data, capacity: extra.capacity ?? 1 }, index)
    : await applyStudent(system, cohortId, extra.choices ?? [], data, index);
  await approve(system, cohortId, role, [applicant.id]);
  return { ...applicant, name };
}

async function propose(cohortId: number, student: Person, mentor: Person): Promise<number> {
  const proposal = await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator)
    .send({ studentId: student.id, mentorId: mentor.id }).expect(201);
  return proposal.body.id as number;
}

/** supertest keeps a binary answer as a Buffer only when told to. */
function binary(response: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}

async function certificatePdf(who: Applicant): Promise<{ text: string; disposition: string }> {
  const response = await system.http().get('/api/me/certificate.pdf').set(bearer(who)).buffer(true).parse(binary).expect(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  return { text: await pdfText(response.body as Buffer), disposition: response.headers['content-disposition'] };
}

async function profileOf(who: Applicant): Promise<MeProfile> {
  return (await system.http().get('/api/me').set(bearer(who)).expect(200)).body;
}

const verify = (code: string) => system.http().get(`/api/public/certificates/${encodeURIComponent(code)}`);

/**
 * Cohort A, completed: mentor 欧阳明远 (two places) with 王小明, whose pair completes, and 李华, whose pair the
 * student ends first; mentor 赵敏 with only a proposal to 陈静 (cancelled by the completion). Cohort B, not completed:
 * mentor 孙立 with 周洁, accepted.
 */
const A = { name: '2026 秋季 · 第5期 师友计划', programStartsOn: '2026-09-01', programEndsOn: '2027-01-15' };
let a: { cohortId: number; mentor: Person; completed: Person; ended: Person; unaccepted: Person; proposedOnly: Person };
let b: { cohortId: number; mentor: Person; student: Person };
let mentorCodeBeforeCompletion: string;

beforeAll(async () => {
  const cohortId = await createOpenCohort(system, { ...A, checkInEveryDays: 0 });
  const mentor = await person(cohortId, 'mentor', '欧阳明远', { capacity: 2 });
  const unaccepted = await person(cohortId, 'mentor', '赵敏');
  const completed = await person(cohortId, 'student', '王小明', { choices: [mentor.id] });
  const ended = await person(cohortId, 'student', '李华', { choices: [mentor.id] });
  const proposedOnly = await person(cohortId, 'student', '陈静', { choices: [unaccepted.id] });
  await accept(system, mentor, await propose(cohortId, completed, mentor)).expect(200);
  const endedMatch = await propose(cohortId, ended, mentor);
  await accept(system, mentor, endedMatch).expect(200);
  await propose(cohortId, proposedOnly, unaccepted);
  await system.http().post(`/api/me/pairs/${endedMatch}/end`).set(bearer(ended)).send({ reason: 'no_time' }).expect(200);
  a = { cohortId, mentor, completed, ended, unaccepted, proposedOnly };

  const other = await createOpenCohort(system, { name: '2026 秋季 · 第6期 师友计划', checkInEveryDays: 0 });
  const otherMentor = await person(other, 'mentor', '孙立');
  const otherStudent = await person(other, 'student', '周洁', { choices: [otherMentor.id] });
  await accept(system, otherMentor, await propose(other, otherStudent, otherMentor)).expect(200);
  b = { cohortId: other, mentor: otherMentor, student: otherStudent };
}, 60_000);

describe('before 结业', () => {
  it('a mentor with an accepted match is owed a 聘书 at once; students are owed nothing yet', async () => {
    const mentor = await profileOf(a.mentor);
    expect(mentor.certificate).toEqual({ kind: 'mentor_appointment', code: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/) });
    mentorCodeBeforeCompletion = mentor.certificate!.code;
    for (const student of [a.completed, a.ended]) {
      expect((await profileOf(student)).certificate).toBeNull();
      await system.http().get('/api/me/certificate.pdf').set(bearer(student)).expect(404);
    }
  });

  it('a mentor with only a proposal is owed nothing', async () => {
    expect((await profileOf(a.unaccepted)).certificate).toBeNull();
    await system.http().get('/api/me/certificate.pdf').set(bearer(a.unaccepted)).expect(404);
  });
});

describe('after 结业', () => {
  beforeAll(async () => {
    await system.http().post(`/api/cohorts/${a.cohortId}/complete`).set(system.coordinator).expect(200);
  });

  it("the completed pair's student downloads a 结业证书 with their name, the cohort, the dates and the code as text", async () => {
    const { certificate } = await profileOf(a.completed);
    expect(certificate).toEqual({ kind: 'student_completion', code: expect.stringMatching(/^\w{4}-\w{4}-\w{4}$/) });
    const { text, disposition } = await certificatePdf(a.completed);
    expect(text).toContain('王小明');
    expect(text).toContain(A.name);
    expect(text).toContain(certificate!.code);
    expect(text).toContain(`/api/public/certificates/${certificate!.code}`);
    expect(text).toContain('2026年9月1日 – 2027年1月15日');
    expect(text).toContain('Completed on');
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`student_completion-王小明-${certificate!.code}.pdf`)}`);
  });

  it('the mentor downloads a 聘书 with their name and the same code as before the completion', async () => {
    const { certificate } = await profileOf(a.mentor);
    expect(certificate).toEqual({ kind: 'mentor_appointment', code: mentorCodeBeforeCompletion });
    const { text } = await certificatePdf(a.mentor);
    expect(text).toContain('欧阳明远');
    expect(text).toContain(mentorCodeBeforeCompletion);
    expect(text).toContain('Appointed on');
  });

  it('a student whose pair ended before 结业, and a mentor whose proposal it cancelled, are owed nothing', async () => {
    for (const who of [a.ended, a.unaccepted, a.proposedOnly]) {
      expect((await profileOf(who)).certificate).toBeNull();
      await system.http().get('/api/me/certificate.pdf').set(bearer(who)).expect(404);
    }
  });

  it('a student whose pair is only accepted (cohort not completed) gets 404; their mentor is owed a 聘书', async () => {
    await system.http().get('/api/me/certificate.pdf').set(bearer(b.student)).expect(404);
    expect((await profileOf(b.student)).certificate).toBeNull();
    const { text } = await certificatePdf(b.mentor);
    expect(text).toContain('孙立');
  });

  it('the public route confirms a code with the kind, cohort, initial and day only; typed loosely too; a wrong code is 404', async () => {
    const { certificate } = await profileOf(a.completed);
    const confirmed: CertificateVerification = (await verify(certificate!.code).expect(200)).body;
    expect(confirmed).toEqual({ kind: 'student_completion', cohortName: A.name, holderInitial: '王*', issuedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const chinaToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(confirmed.issuedOn).toBe(chinaToday);
    expect((await verify(certificate!.code.toLowerCase().replace(/-/g, ' ')).expect(200)).body).toEqual(confirmed);
    expect((await verify(mentorCodeBeforeCompletion).expect(200)).body).toMatchObject({ kind: 'mentor_appointment', holderInitial: '欧*' });

    const wrong = certificate!.code.replace(/^./, (first) => (first === '0' ? '1' : '0'));
    await verify(wrong).expect(404);
    await verify('not-a-code').expect(404);
  });

  it("the coordinators' ZIP holds one PDF per certificate due in the cohort, named kind-name-code", async () => {
    const response = await system.http().get(`/api/cohorts/${a.cohortId}/certificates.zip`).set(system.coordinator)
      .buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(response.body as Buffer);
    const mentorCode = mentorCodeBeforeCompletion;
    const studentCode = (await profileOf(a.completed)).certificate!.code;
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual([`mentor_appointment-欧阳明远-${mentorCode}.pdf`, `student_completion-王小明-${studentCode}.pdf`]);
    for (const [name, holder, code] of [[names[0], '欧阳明远', mentorCode], [names[1], '王小明', studentCode]]) {
      const text = await pdfText(await zip.file(name)!.async('nodebuffer'));
      expect(text).toContain(holder);
      expect(text).toContain(code);
    }
  });

  it('an unknown cohort has no ZIP', async () => {
    await system.http().get('/api/cohorts/999999/certificates.zip').set(system.coordinator).expect(404);
  });
});

describe('who may ask', () => {
  it('a wrong or missing token is 401: an applicant\'s PDF and the coordinators\' ZIP', async () => {
    await system.http().get('/api/me/certificate.pdf').set({ Authorization: 'Bearer not-a-token' }).expect(401);
    await system.http().get('/api/me/certificate.pdf').expect(401);
    await system.http().get(`/api/cohorts/${a.cohortId}/certificates.zip`).set({ Authorization: 'Bearer not-a-token' }).expect(401);
    await system.http().get(`/api/cohorts/${a.cohortId}/certificates.zip`).expect(401);
    // An applicant's personal token is no coordinator's.
    await system.http().get(`/api/cohorts/${a.cohortId}/certificates.zip`).set(bearer(a.mentor)).expect(401);
  });

  // Last: it spends this client's allowance of look-ups for the minute.
  it('the public verification is rate-limited like the public forms', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= RATE_LIMIT; attempt += 1) statuses.push((await verify('0000-0000-0000')).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status !== 429).every((status) => status === 404)).toBe(true);
  });
});

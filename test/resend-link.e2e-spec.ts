import { RESEND_LINK_LIMITS } from '@app/contracts';
import { SinkMessage, SmtpSink } from '../scripts/smtp-sink';
import { applyMentor, applyStudent, createOpenCohort } from './support/factories';
import { startSystemWithSink } from './support/mail';
import { TestSystem } from './support/system';

/**
 * "Resend my link" (DESIGN §9) against the built apps, MariaDB, Redis and an SMTP sink: the same 202 for every
 * address and cohort id, a fresh working link mailed only to an address that applied (each role it applied in), the
 * limits per address and per client, and that a personal link ends with its application.
 *
 * Each test asks from client addresses of its own (X-Forwarded-For, which the API trusts from loopback), so the
 * per-client limit of one test never meets another's requests.
 */
let system: TestSystem;
let sink: SmtpSink;
let stop: (() => Promise<void>) | undefined;
let clients = 0;
const nextClient = () => `192.0.2.${(clients += 1)}`;

beforeAll(async () => {
  ({ system, sink, stop } = await startSystemWithSink('resend_link'));
}, 120_000);

afterAll(async () => {
  await stop?.();
}, 30_000);

const resend = (cohortId: number | string, body: unknown, client = nextClient()) =>
  system.http().post(`/api/public/cohorts/${cohortId}/resend-link`).set('X-Forwarded-For', client).send(body as object);
const isResent = (mail: SinkMessage) => mail.subject.includes('您的个人页面链接');
const resentTo = (email: string) => sink.messages.filter((mail) => isResent(mail) && mail.to.includes(email));
const tokenIn = (mail: SinkMessage) => /\/me#token=([\w-]+)/.exec(mail.text)![1];
const profile = (token: string) => system.http().get('/api/me').set({ Authorization: `Bearer ${token}` });
/** Every request handled, every email sent: what a test waits for before saying no (further) email went out. */
const settled = async () => {
  await system.settled({ mail: true, timeoutMs: 60_000 });
  expect(await system.db.dataSource.query('SELECT id FROM link_requests')).toEqual([]);
};

let people = 0;
const address = (label: string) => `${label}.${(people += 1)}@resend-e2e.example.cn`;

it('answers 202 with the same body for a known and an unknown address, and mails a working link to the known one only, once', async () => {
  const cohortId = await createOpenCohort(system, { name: '第5期 师友计划' });
  const email = address('known');
  const student = await applyStudent(system, cohortId, [], { email }, 1);
  const unknown = address('unknown');

  const known = await resend(cohortId, { email: email.toUpperCase() }).expect(202);
  const other = await resend(cohortId, { email: unknown }).expect(202);
  expect(known.body).toEqual({});
  expect(other.body).toEqual(known.body);
  expect(other.headers['content-length']).toBe(known.headers['content-length']);

  const [mail] = (await sink.waitFor(() => resentTo(email).length > 0, 30_000)).filter((item) => isResent(item) && item.to.includes(email));
  expect(mail.subject).toContain('第5期 师友计划');
  const token = tokenIn(mail);
  expect(token).not.toBe(student.accessToken);
  expect((await profile(token).expect(200)).body.application).toMatchObject({ id: student.id, email });
  await settled();
  expect(resentTo(email)).toHaveLength(1);
  expect(sink.messages.filter((item) => item.to.includes(unknown))).toEqual([]);
  // Coordinators' list shows the message without anyone's token.
  const listed = await system.http().get(`/api/notifications?cohortId=${cohortId}`).set(system.coordinator).expect(200);
  expect(listed.body.filter((row: { type: string }) => row.type === 'link_resent')).toHaveLength(1);
  expect(JSON.stringify(listed.body)).not.toContain(token);
});

it('mails both links to an address that applied as mentor and as student, each opening its own page', async () => {
  const cohortId = await createOpenCohort(system);
  const email = address('both');
  const mentor = await applyMentor(system, cohortId, { email }, 2);
  const student = await applyStudent(system, cohortId, [], { email }, 2);

  await resend(cohortId, { email }).expect(202);

  const mails = (await sink.waitFor(() => resentTo(email).length >= 2, 30_000)).filter((item) => isResent(item) && item.to.includes(email));
  const pages = await Promise.all(mails.map(async (mail) => (await profile(tokenIn(mail)).expect(200)).body));
  expect(pages.map((page) => `${page.role}:${page.application.id}`).sort()).toEqual([`mentor:${mentor.id}`, `student:${student.id}`]);
  await settled();
  expect(resentTo(email)).toHaveLength(2);
});

it('answers 202 for a cohort that does not exist, and 400 naming email for a malformed or missing address', async () => {
  await resend(4_000_000_000, { email: address('nowhere') }).expect(202, {});
  for (const [body, field] of [[{ email: 'not-an-address' }, 'email'], [{ email: '' }, 'email'], [{}, 'email'], [{ email: 'a@example.cn', extra: 1 }, 'extra']] as const) {
    const refused = await resend(1, body).expect(400);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
  }
  expect((await resend(1, { email: 'not-an-address' }).expect(400)).body.errors).toEqual([{ field: 'email', rule: 'email' }]);
});

it(`mails an address at most ${RESEND_LINK_LIMITS.perAddress.requests} times per window, answering the request after that 202 alike`, async () => {
  const cohortId = await createOpenCohort(system);
  const email = address('limited');
  await applyStudent(system, cohortId, [], { email }, 3);

  for (let index = 0; index <= RESEND_LINK_LIMITS.perAddress.requests; index += 1) await resend(cohortId, { email }).expect(202, {});

  await sink.waitFor(() => resentTo(email).length >= RESEND_LINK_LIMITS.perAddress.requests, 30_000);
  await settled();
  expect(resentTo(email)).toHaveLength(RESEND_LINK_LIMITS.perAddress.requests);
});

it(`takes at most ${RESEND_LINK_LIMITS.perClient.requests} requests per client per window, answering the rest 202 alike`, async () => {
  const cohortId = await createOpenCohort(system);
  const emails = Array.from({ length: RESEND_LINK_LIMITS.perClient.requests + 1 }, () => address('client'));
  for (const [index, email] of emails.entries()) await applyStudent(system, cohortId, [], { email }, 10 + index);
  const client = nextClient();

  for (const email of emails) await resend(cohortId, { email }, client).expect(202, {});

  const taken = emails.slice(0, RESEND_LINK_LIMITS.perClient.requests);
  await sink.waitFor(() => taken.every((email) => resentTo(email).length === 1), 30_000);
  await settled();
  expect(emails.map((email) => resentTo(email).length)).toEqual([...taken.map(() => 1), 0]);
  // The refused request used up nothing of its address's own count: from another client it is taken.
  const last = emails[emails.length - 1];
  await resend(cohortId, { email: last }).expect(202);
  await sink.waitFor(() => resentTo(last).length === 1, 30_000);
});

it('a personal link keeps working after withdrawing and archiving, and stops once its application is deleted', async () => {
  const cohortId = await createOpenCohort(system);
  const student = await applyStudent(system, cohortId, [], { email: address('deleted') }, 4);
  await system.http().post('/api/me/withdraw').set({ Authorization: `Bearer ${student.accessToken}` }).expect(200);
  for (const step of ['close', 'archive']) await system.http().post(`/api/cohorts/${cohortId}/${step}`).set(system.coordinator).expect(200);
  expect((await profile(student.accessToken).expect(200)).body.application.status).toBe('withdrawn');

  await system.db.dataSource.query('DELETE FROM student_applications WHERE id = ?', [student.id]);

  expect((await profile(student.accessToken).expect(401)).body.message).toBe('This personal link is not valid');
});

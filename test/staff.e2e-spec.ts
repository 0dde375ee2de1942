import { SESSION_COOKIE, SURVEY_TEMPLATES } from '@app/contracts';
import { SinkMessage, SmtpSink } from '../scripts/smtp-sink';
import { applyStudent, createOpenCohort, populatedCohort } from './support/factories';
import { startSystemWithSink } from './support/mail';
import { matchesOf, runRound } from './support/rounds';
import { TestSystem } from './support/system';

/**
 * Staff accounts against the built apps and an SMTP sink (DESIGN §10): an invitation whose link signs in, the session
 * cookie and its flags, links that work once and for 15 minutes, sign-out, the admin-only directory, two coordinators
 * each seeing only their cohort (404 on the other's ids, objects included), disabling, personal tokens and the Origin
 * check on cookie writes. The COORDINATOR_TOKEN bearer the other suites use is the bootstrap admin here.
 */
let system: TestSystem;
let sink: SmtpSink;
let stop: (() => Promise<void>) | undefined;
let clients = 0;
let people = 0;

beforeAll(async () => {
  ({ system, sink, stop } = await startSystemWithSink('staff'));
}, 120_000);

afterAll(async () => {
  await stop?.();
}, 30_000);

const address = (label: string) => `${label}.${(people += 1)}@staff-e2e.example.cn`;
const linkIn = (mail: SinkMessage) => /\/admin\/sign-in#token=([\w-]+)/.exec(mail.text)?.[1];
const mailsTo = (email: string, subject: string) => sink.messages.filter((mail) => mail.to.includes(email) && mail.subject.includes(subject));
const nextMail = async (email: string, subject: string, seen = 0) =>
  (await sink.waitFor(() => mailsTo(email, subject).length > seen, 30_000), mailsTo(email, subject)[seen]);
const origin = () => ({ Origin: system.apiUrl });
const withCookie = (cookie: string) => ({ Cookie: cookie, ...origin() });

const invite = async (body: Record<string, unknown>) => (await system.http().post('/api/staff').set(system.coordinator).send(body).expect(201)).body;

/** Exchanges a sign-in link's token for the session cookie (`name=value`), and returns it with the Set-Cookie line. */
async function startSession(token: string) {
  const response = await system.http().post('/api/auth/session').set(origin()).send({ token }).expect(200);
  const line = (response.headers['set-cookie'] as unknown as string[]).find((value) => value.startsWith(`${SESSION_COOKIE}=`))!;
  return { cookie: line.split(';')[0], line, me: response.body };
}

/** A new coordinator of these cohorts, signed in through their invitation's link. */
async function signedInCoordinator(cohortIds: number[]) {
  const email = address('coordinator');
  const staff = await invite({ name: '协调员', email, role: 'coordinator', cohortIds });
  const { cookie } = await startSession(linkIn(await nextMail(email, '邀请您使用'))!);
  return { staff, email, cookie };
}

it('invites a coordinator whose emailed link signs them in once, with a strict HttpOnly cookie; /api/auth/me says who', async () => {
  const cohortId = await createOpenCohort(system);
  const email = address('zhao');
  const staff = await invite({ name: '赵老师', email: email.toUpperCase(), role: 'coordinator', cohortIds: [cohortId] });
  expect(staff).toMatchObject({ id: expect.any(Number), name: '赵老师', email, role: 'coordinator', cohortIds: [cohortId], disabledAt: null });

  const mail = await nextMail(email, '邀请您使用');
  expect(mail.subject).toContain('邀请您使用师友计划管理后台');
  expect(mail.text).toContain('以协调员身份');
  const token = linkIn(mail)!;
  expect(mail.text).toContain(`${system.apiUrl}/admin/sign-in#token=${token}`);
  const listed = await system.http().get('/api/notifications').set(system.coordinator).expect(200);
  expect(JSON.stringify(listed.body)).not.toContain(token);

  const { cookie, line, me } = await startSession(token);
  const flags = line.split(';').map((part) => part.trim().toLowerCase());
  expect(flags).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/api', 'max-age=28800']));
  // PUBLIC_URL is http here: a Secure cookie would never come back.
  expect(flags).not.toContain('secure');
  expect(me).toEqual({ id: staff.id, name: '赵老师', email, role: 'coordinator', cohortIds: [cohortId] });
  expect((await system.http().get('/api/auth/me').set({ Cookie: cookie }).expect(200)).body).toEqual(me);

  const reused = await system.http().post('/api/auth/session').set(origin()).send({ token }).expect(401);
  expect(reused.headers['set-cookie']).toBeUndefined();

  await system.http().post('/api/auth/sign-out').set(withCookie(cookie)).expect(200);
  await system.http().get('/api/auth/me').set({ Cookie: cookie }).expect(401);
});

it('answers 202 alike for a staff address and any other, mails only the staff member, and refuses the link once expired', async () => {
  const email = address('qian');
  await invite({ name: '钱老师', email, role: 'admin' });
  await nextMail(email, '邀请您使用');
  const unknown = address('nobody');
  const ask = (body: object) => system.http().post('/api/auth/sign-in').set('X-Forwarded-For', `198.51.100.${(clients += 1)}`).send(body).expect(202);

  const known = await ask({ email: ` ${email.toUpperCase()} ` });
  const other = await ask({ email: unknown });
  expect(known.body).toEqual({});
  expect(other.body).toEqual(known.body);
  const mail = await nextMail(email, '登录链接');
  expect(mail.subject).toContain('您的管理后台登录链接');
  await system.db.dataSource.query('UPDATE staff_sign_in_links SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE used_at IS NULL');
  await system.http().post('/api/auth/session').set(origin()).send({ token: linkIn(mail) }).expect(401);

  await system.settled({ mail: true, timeoutMs: 60_000 });
  expect(sink.messages.filter((item) => item.to.includes(unknown))).toEqual([]);
  const refused = await system.http().post('/api/auth/sign-in').send({ email: 'not an address' }).expect(400);
  expect(JSON.stringify(refused.body)).toContain('email');
});

it('shows each coordinator only their cohort: lists filtered, the other cohort and its objects 404 as missing ids', async () => {
  const mine = await populatedCohort(system, 1, 1);
  const theirs = await populatedCohort(system, 1, 1);
  const [ownRound, otherRound] = [await runRound(system, mine.cohortId), await runRound(system, theirs.cohortId)];
  const [[ownMatch], [otherMatch]] = [await matchesOf(system, mine.cohortId), await matchesOf(system, theirs.cohortId)];
  const survey = { ...SURVEY_TEMPLATES.midterm, audience: 'mentors', closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString() };
  const [ownSurvey, otherSurvey] = await Promise.all([mine, theirs].map(async ({ cohortId }) =>
    (await system.http().post(`/api/cohorts/${cohortId}/surveys`).set(system.coordinator).send(survey).expect(201)).body.id as number));
  const [me, them] = [await signedInCoordinator([mine.cohortId]), await signedInCoordinator([theirs.cohortId])];
  const get = (path: string, cookie = me.cookie) => system.http().get(path).set({ Cookie: cookie });

  expect((await get('/api/cohorts').expect(200)).body.map((cohort: { id: number }) => cohort.id)).toEqual([mine.cohortId]);
  expect((await get('/api/cohorts', them.cookie).expect(200)).body.map((cohort: { id: number }) => cohort.id)).toEqual([theirs.cohortId]);
  const notifications = (await get('/api/notifications').expect(200)).body as Array<{ id: number; cohortId: number | null }>;
  expect(notifications.length).toBeGreaterThan(0);
  expect(new Set(notifications.map((row) => row.cohortId))).toEqual(new Set([mine.cohortId]));
  const otherNotification = ((await get('/api/notifications', them.cookie).expect(200)).body as Array<{ id: number }>)[0];

  const owned = [
    `/api/cohorts/${mine.cohortId}`, `/api/cohorts/${mine.cohortId}/matches`, `/api/rounds/${ownRound.id}`, `/api/matches/${ownMatch.id}/history`,
    `/api/cohorts/${mine.cohortId}/student-applications/${mine.students[0].id}/edits`, `/api/notifications?cohortId=${mine.cohortId}`, `/api/surveys/${ownSurvey}`,
  ];
  for (const path of owned) await get(path).expect(200);
  // The other cohort's ids answer as the admin's missing ones do: the same status and body, but for the id.
  const foreign = [
    [`/api/cohorts/${theirs.cohortId}`, '/api/cohorts/4000000000'],
    [`/api/cohorts/${theirs.cohortId}/report`, '/api/cohorts/4000000000/report'],
    [`/api/rounds/${otherRound.id}`, '/api/rounds/4000000000'],
    [`/api/matches/${otherMatch.id}/history`, '/api/matches/4000000000/history'],
    [`/api/surveys/${otherSurvey}`, '/api/surveys/4000000000'],
  ];
  const withoutIds = (body: { message: string }) => ({ ...body, message: body.message.replace(/\d+/g, 'N'), requestId: undefined });
  for (const [path, missing] of foreign) {
    const [refused, absent] = [await get(path).expect(404), await system.http().get(missing).set(system.coordinator).expect(404)];
    expect(withoutIds(refused.body)).toEqual(withoutIds(absent.body));
  }
  await get(`/api/cohorts/${theirs.cohortId}/student-applications/${theirs.students[0].id}/edits`).expect(404);
  await get(`/api/notifications?cohortId=${theirs.cohortId}`).expect(404);
  await system.http().post(`/api/notifications/${otherNotification.id}/retry`).set(withCookie(me.cookie)).expect(404);
  await system.http().post(`/api/matches/${otherMatch.id}/cancel`).set(withCookie(me.cookie)).send({ reason: 'test' }).expect(404);
  await system.http().post(`/api/cohorts/${theirs.cohortId}/close`).set(withCookie(me.cookie)).expect(404);
  // The admin sees both.
  const all = (await system.http().get('/api/cohorts').set(system.coordinator).expect(200)).body.map((cohort: { id: number }) => cohort.id);
  expect(all).toEqual(expect.arrayContaining([mine.cohortId, theirs.cohortId]));
});

it('keeps the views across cohorts to the caller\'s cohorts: audit, program report and applicants\' history; purging is for admins', async () => {
  const returning = { email: address('returning.student') };
  const theirs = await createOpenCohort(system);
  await applyStudent(system, theirs, [], returning, 1);
  const mine = await createOpenCohort(system);
  const again = await applyStudent(system, mine, [], returning, 1);
  for (const cohortId of [mine, theirs]) await system.http().patch(`/api/cohorts/${cohortId}`).set(system.coordinator).send({ responseWindowHours: 48 }).expect(200);
  const me = await signedInCoordinator([mine]);
  const get = (path: string) => system.http().get(path).set({ Cookie: me.cookie });

  const audit = (await get('/api/audit?pageSize=200').expect(200)).body as { entries: Array<{ cohortId: number | null }> };
  expect(audit.entries.length).toBeGreaterThan(0);
  expect(new Set(audit.entries.map((entry) => entry.cohortId))).toEqual(new Set([mine]));
  await get(`/api/audit?cohortId=${theirs}`).expect(404);
  const everything = (await system.http().get('/api/audit?pageSize=200').set(system.coordinator).expect(200)).body as { entries: Array<{ cohortId: number | null }> };
  expect(everything.entries.map((entry) => entry.cohortId)).toEqual(expect.arrayContaining([mine, theirs, null]));

  const program = (await get('/api/program/report').expect(200)).body as { cohorts: Array<{ cohortId: number }>; totals: { cohorts: number } };
  expect(program.cohorts.map((row) => row.cohortId)).toEqual([mine]);
  expect(program.totals.cohorts).toBe(1);
  const whole = (await system.http().get('/api/program/report').set(system.coordinator).expect(200)).body as { cohorts: Array<{ cohortId: number }> };
  expect(whole.cohorts.map((row) => row.cohortId)).toEqual(expect.arrayContaining([mine, theirs]));

  const historyOf = (rows: Array<{ id: number; history: Array<{ cohortId: number }> }>) => rows.find((row) => row.id === again.id)!.history.map((entry) => entry.cohortId);
  expect(historyOf((await get(`/api/cohorts/${mine}/student-applications`).expect(200)).body)).toEqual([]);
  expect(historyOf((await system.http().get(`/api/cohorts/${mine}/student-applications`).set(system.coordinator).expect(200)).body)).toEqual([theirs]);

  await system.http().post(`/api/cohorts/${mine}/purge`).set(withCookie(me.cookie)).expect(403);
});

it('keeps the staff directory and new cohorts to admins: a coordinator gets 403, by cookie or by personal token', async () => {
  const coordinator = await signedInCoordinator([]);
  const { token } = (await system.http().post('/api/auth/tokens').set(withCookie(coordinator.cookie)).send({ label: '脚本' }).expect(201)).body;
  for (const credentials of [withCookie(coordinator.cookie), { Authorization: `Bearer ${token}` }]) {
    await system.http().get('/api/staff').set(credentials).expect(403);
    await system.http().post('/api/staff').set(credentials).send({ name: '孙老师', email: address('sun'), role: 'admin' }).expect(403);
    await system.http().patch(`/api/staff/${coordinator.staff.id}`).set(credentials).send({ role: 'admin' }).expect(403);
    await system.http().post(`/api/staff/${coordinator.staff.id}/disable`).set(credentials).expect(403);
    await system.http().post('/api/cohorts').set(credentials).send({ name: '第9期' }).expect(403);
  }
  const listed = (await system.http().get('/api/staff').set(system.coordinator).expect(200)).body;
  expect(listed.find((member: { id: number }) => member.id === coordinator.staff.id)).toMatchObject({ role: 'coordinator', disabledAt: null });
  expect((await system.http().get('/api/auth/me').set(system.coordinator).expect(200)).body).toEqual({ id: null, name: 'COORDINATOR_TOKEN', email: null, role: 'admin', cohortIds: null });
});

it('cuts a disabled member off at once, session and personal token alike', async () => {
  const coordinator = await signedInCoordinator([]);
  const created = (await system.http().post('/api/auth/tokens').set(withCookie(coordinator.cookie)).send({ label: '周报' }).expect(201)).body;
  expect(created.token).toMatch(/^c_[\w-]{43}$/);
  const listed = (await system.http().get('/api/auth/tokens').set({ Cookie: coordinator.cookie }).expect(200)).body;
  expect(listed).toEqual([{ id: created.id, label: '周报', createdAt: expect.any(String) }]);
  const bearer = { Authorization: `Bearer ${created.token}` };
  await system.http().get('/api/auth/me').set(bearer).expect(200);

  await system.http().post(`/api/staff/${coordinator.staff.id}/disable`).set(system.coordinator).expect(200);
  await system.http().get('/api/auth/me').set({ Cookie: coordinator.cookie }).expect(401);
  await system.http().get('/api/cohorts').set(bearer).expect(401);
});

it('refuses a write with the cookie from another origin or none, but not a bearer write without one', async () => {
  const coordinator = await signedInCoordinator([]);
  const write = (headers: Record<string, string>) => system.http().post('/api/auth/tokens').set(headers).send({ label: '跨站' });
  await write({ Cookie: coordinator.cookie, Origin: 'https://evil.example' }).expect(403);
  await write({ Cookie: coordinator.cookie }).expect(403);
  await system.http().post('/api/auth/sign-out').set({ Cookie: coordinator.cookie, Origin: 'https://evil.example' }).expect(403);
  await system.http().get('/api/auth/me').set({ Cookie: coordinator.cookie }).expect(200);
  const { token } = (await write(withCookie(coordinator.cookie)).expect(201)).body;
  await write({ Authorization: `Bearer ${token}` }).expect(201);
  await system.http().post('/api/auth/session').set({ Origin: 'https://evil.example' }).send({ token: 'l_whatever' }).expect(403);
});

import { AppConfig } from '@app/config';
import { SIGN_IN_LIMITS } from '@app/contracts';
import { Cohort, Notification, StaffSession, StaffToken } from '@app/database';
import {
  BOOTSTRAP_ADMIN, CohortScope, ConflictError, CoordinatorIdentity, CoordinatorsService, ForbiddenError, InvalidError, NotFoundError,
  PersonalTokensService, SignInService, StaffService, StaffSessionsService, whereInScope,
} from '@app/domain';
import { randomBytes } from 'node:crypto';
import { Like } from 'typeorm';
// scripts/ may read the environment (DATABASE_URL), as the harness does; libs/ may not.
import { createScratchDatabase, serviceUrls } from '../../../scripts/support/scratch-database';
import { useDomainHarness } from './support/domain-harness';
import { draftCohort, openCohort, submittedStudent } from './support/factories';

const someEmail = (label: string) => `${label}.${randomBytes(4).toString('hex')}@alumni.example.cn`;

describe('staff accounts, sign-in links, sessions and scope', () => {
  const harness = useDomainHarness('staff');
  const inviteCoordinator = async (cohortIds: number[]) => {
    const view = await harness().get(StaffService).invite({ name: '李老师', email: someEmail('li'), role: 'coordinator', cohortIds }, BOOTSTRAP_ADMIN);
    return (await harness().get(CoordinatorsService).identityOf(harness().dataSource.manager, view.id))!;
  };
  const signIn = async (staffId: number) => {
    const sessions = harness().get(StaffSessionsService);
    return (await sessions.startSession(await sessions.mintSignInLink(harness().dataSource.manager, staffId)))!;
  };

  it('invites with the invitation recorded (its sign-in link minted only when sent) and the scope stored', async () => {
    const h = harness();
    const [first, second] = [await openCohort(h), await openCohort(h)];
    const email = someEmail('Zhao').toUpperCase();
    const view = await h.get(StaffService).invite({ name: '赵老师', email, role: 'coordinator', cohortIds: [second.id, first.id, first.id] }, BOOTSTRAP_ADMIN);
    expect(view).toMatchObject({ email: email.toLowerCase(), role: 'coordinator', cohortIds: [first.id, second.id], disabledAt: null });
    const [invitation] = await h.dataSource.manager.findBy(Notification, { dedupeKey: `staff_invitation:${view.id}` });
    expect(invitation).toMatchObject({ type: 'staff_invitation', cohortId: null, linkStaffId: view.id, linkRole: null, status: 'pending' });
    expect(invitation.bodyText).toContain('{{sign_in_link}}');
    expect(invitation.bodyText).toContain('COORDINATOR_TOKEN邀请您以协调员身份');
    await expect(h.get(StaffService).invite({ name: '赵老师', email, role: 'admin' }, BOOTSTRAP_ADMIN)).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses a scope for an admin and a cohort that does not exist, naming cohortIds, and writes nothing', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const email = someEmail('bad');
    for (const input of [{ role: 'admin' as const, cohortIds: [cohort.id] }, { role: 'coordinator' as const, cohortIds: [cohort.id, 4_000_000_000] }]) {
      const refused = h.get(StaffService).invite({ name: '钱老师', email, ...input }, BOOTSTRAP_ADMIN);
      await expect(refused).rejects.toBeInstanceOf(InvalidError);
      await expect(refused).rejects.toMatchObject({ fieldErrors: [expect.objectContaining({ field: 'cohortIds' })] });
    }
    expect((await h.get(StaffService).list()).some((member) => member.email === email)).toBe(false);
  });

  it('emails a sign-in link to an enabled member only, within the limit per address, and to nobody else', async () => {
    const h = harness();
    const member = await inviteCoordinator([]);
    const disabled = await inviteCoordinator([]);
    await h.get(StaffService).disable(disabled.id!, BOOTSTRAP_ADMIN);
    const service = h.get(SignInService);
    const client = () => `10.9.${randomBytes(2).join('.')}`;
    for (let request = 0; request <= SIGN_IN_LIMITS.perAddress.requests; request += 1) await service.request(` ${member.email!.toUpperCase()} `, client());
    await service.request(disabled.email!, client());
    await service.request(someEmail('stranger'), client());
    const links = await h.dataSource.manager.findBy(Notification, { dedupeKey: Like(`staff_sign_in:%`) });
    expect(links.map((row) => [row.recipientEmail, row.linkStaffId])).toEqual(Array(SIGN_IN_LIMITS.perAddress.requests).fill([member.email, member.id]));
  });

  it('exchanges a sign-in link once for a session; a used, expired or unknown link gives none', async () => {
    const h = harness();
    const coordinator = await inviteCoordinator([]);
    const sessions = h.get(StaffSessionsService);
    const link = await sessions.mintSignInLink(h.dataSource.manager, coordinator.id!);
    expect(JSON.stringify(await h.dataSource.query('SELECT * FROM staff_sign_in_links WHERE staff_id = ?', [coordinator.id]))).not.toContain(link.slice(2));

    const session = await sessions.startSession(link);
    expect(session).toMatch(/^w_[\w-]{43}$/);
    await expect(h.get(CoordinatorsService).identifySession(session!)).resolves.toEqual(coordinator);
    await expect(sessions.startSession(link)).resolves.toBeNull();

    const expired = await sessions.mintSignInLink(h.dataSource.manager, coordinator.id!);
    await h.dataSource.query('UPDATE staff_sign_in_links SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE staff_id = ? AND used_at IS NULL', [coordinator.id]);
    await expect(sessions.startSession(expired)).resolves.toBeNull();
    await expect(sessions.startSession('l_neverMinted')).resolves.toBeNull();
  });

  it('ends a session idle for 8 hours, and one signed out', async () => {
    const h = harness();
    const coordinator = await inviteCoordinator([]);
    const [idle, ended] = [await signIn(coordinator.id!), await signIn(coordinator.id!)];
    await h.dataSource.query("UPDATE staff_sessions SET last_seen_at = NOW(3) - INTERVAL 8 HOUR WHERE staff_id = ? ORDER BY id LIMIT 1", [coordinator.id]);
    await expect(h.get(CoordinatorsService).identifySession(idle)).resolves.toBeNull();
    await expect(h.get(CoordinatorsService).identifySession(ended)).resolves.toEqual(coordinator);
    await h.get(StaffSessionsService).endSession(ended);
    await expect(h.get(CoordinatorsService).identifySession(ended)).resolves.toBeNull();
  });

  it('cuts a disabled member off at once: sessions, personal tokens and links not yet used', async () => {
    const h = harness();
    const coordinator = await inviteCoordinator([]);
    const session = await signIn(coordinator.id!);
    const { token } = await h.get(PersonalTokensService).create(coordinator, '导出脚本');
    const link = await h.get(StaffSessionsService).mintSignInLink(h.dataSource.manager, coordinator.id!);
    await expect(h.get(CoordinatorsService).identify(token)).resolves.toEqual(coordinator);

    const disabled = await h.get(StaffService).disable(coordinator.id!, BOOTSTRAP_ADMIN);
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    await expect(h.get(CoordinatorsService).identifySession(session)).resolves.toBeNull();
    await expect(h.get(CoordinatorsService).identify(token)).resolves.toBeNull();
    await expect(h.get(StaffSessionsService).startSession(link)).resolves.toBeNull();
    expect(await h.dataSource.manager.countBy(StaffSession, { staffId: coordinator.id! })).toBe(0);
  });

  it('keeps personal tokens hashed, lists them without the token, and revokes only the owner\'s', async () => {
    const h = harness();
    const [owner, other] = [await inviteCoordinator([]), await inviteCoordinator([])];
    const tokens = h.get(PersonalTokensService);
    const created = await tokens.create(owner, '周报脚本');
    expect(created.token).toMatch(/^c_[\w-]{43}$/);
    expect(JSON.stringify(await h.dataSource.query('SELECT * FROM staff_tokens WHERE staff_id = ?', [owner.id]))).not.toContain(created.token.slice(2));
    expect(await tokens.list(owner)).toEqual([{ id: created.id, label: '周报脚本', createdAt: expect.any(Date) }]);
    await expect(tokens.revoke(other, created.id)).rejects.toBeInstanceOf(NotFoundError);
    await tokens.revoke(owner, created.id);
    await expect(h.get(CoordinatorsService).identify(created.token)).resolves.toBeNull();
    expect(await tokens.list(owner)).toEqual([]);
    await expect(tokens.revoke(owner, created.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(tokens.create(BOOTSTRAP_ADMIN, 'x')).rejects.toBeInstanceOf(ForbiddenError);
    expect(await h.dataSource.manager.countBy(StaffToken, { staffId: other.id! })).toBe(0);
  });

  it('changes role and scope: an admin has no scope, and nobody changes their own role', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const coordinator = await inviteCoordinator([cohort.id]);
    const service = h.get(StaffService);
    await expect(service.update(coordinator.id!, { name: '李主任' }, BOOTSTRAP_ADMIN)).resolves.toMatchObject({ name: '李主任', cohortIds: [cohort.id] });
    await expect(service.update(coordinator.id!, { role: 'coordinator' }, coordinator)).resolves.toMatchObject({ role: 'coordinator' });
    await expect(service.update(coordinator.id!, { role: 'admin' }, coordinator)).rejects.toBeInstanceOf(ConflictError);
    await expect(service.update(coordinator.id!, { role: 'admin' }, BOOTSTRAP_ADMIN)).resolves.toMatchObject({ role: 'admin', cohortIds: [] });
    await expect(h.get(CoordinatorsService).identify((await h.get(PersonalTokensService).create(coordinator, 't')).token)).resolves.toMatchObject({ role: 'admin', cohortIds: null });
    await expect(service.disable(coordinator.id!, coordinator)).rejects.toBeInstanceOf(ConflictError);
    await expect(service.update(4_000_000_000, { name: 'x' }, BOOTSTRAP_ADMIN)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers a coordinator\'s id outside their scope as not found, the cohort\'s and its objects\' alike', async () => {
    const h = harness();
    const [mine, theirs] = [await openCohort(h), await openCohort(h)];
    const coordinator: CoordinatorIdentity = await inviteCoordinator([mine.id]);
    const [own, other] = [await submittedStudent(h, mine), await submittedStudent(h, theirs)];
    const receiptOf = async (id: number) => (await h.dataSource.manager.findOneByOrFail(Notification, { dedupeKey: `application_received:student:${id}` })).id;
    const scope = h.get(CohortScope);

    await expect(scope.check(coordinator, { cohortId: String(mine.id), notificationId: String(await receiptOf(own.id)), applicationId: '7' })).resolves.toBeUndefined();
    await expect(scope.check(coordinator, { cohortId: String(theirs.id) })).rejects.toThrow(new NotFoundError(`Cohort ${theirs.id} not found`));
    await expect(scope.check(coordinator, { notificationId: String(await receiptOf(other.id)) })).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.check(coordinator, { matchId: '4000000000' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.check(coordinator, { somethingNew: '1' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(scope.check(BOOTSTRAP_ADMIN, { cohortId: String(theirs.id), somethingNew: '1' })).resolves.toBeUndefined();
  });

  it('narrows a query to the scope\'s cohorts, after its own conditions: all for an admin, none for an empty scope, the listed ones', async () => {
    const h = harness();
    const made = [(await draftCohort(h)).id, (await draftCohort(h)).id, (await draftCohort(h)).id];
    const outside = (await draftCohort(h)).id;
    const idsIn = async (cohortIds: readonly number[] | null) => {
      const query = h.dataSource.manager.createQueryBuilder(Cohort, 'cohort').select('cohort.id', 'id').where('cohort.id IN (:...made)', { made });
      const rows = await whereInScope(query, 'cohort.id', cohortIds).orderBy('cohort.id').getRawMany<{ id: number }>();
      return rows.map((row) => Number(row.id));
    };

    expect(await idsIn(null)).toEqual(made);
    expect(await idsIn([])).toEqual([]);
    expect(await idsIn([made[0], made[2], outside])).toEqual([made[0], made[2]]);
  });
});

describe('the staff migration', () => {
  it('turns each coordinator into an admin whose token keeps working, and a revoked one into a disabled member', async () => {
    const database = await createScratchDatabase(serviceUrls().databaseUrl, `shiyou_int_staff_migration_${process.pid}`);
    try {
      const db = database.dataSource;
      // Back to the schema before staff accounts, whatever came after them.
      while ((await db.query("SELECT name FROM migrations WHERE name = 'Staff1764930500000'")).length > 0) await db.undoLastMigration({ transaction: 'each' });
      const [kept, revoked] = ['c_kept-token-of-the-migration-test-0000000000', 'c_revoked-token-of-the-migration-test-00000000'];
      const { createHash } = await import('node:crypto');
      await db.query('INSERT INTO coordinators (name, email, token_hash, revoked_at) VALUES (?, ?, ?, NULL), (?, ?, ?, NOW(3))', [
        '王老师', 'wang@example.cn', createHash('sha256').update(kept).digest('hex'), '离职老师', 'gone@example.cn', createHash('sha256').update(revoked).digest('hex'),
      ]);
      await db.runMigrations({ transaction: 'each' });

      const service = new CoordinatorsService(db, {} as AppConfig);
      await expect(service.identify(kept)).resolves.toEqual({ id: expect.any(Number), name: '王老师', email: 'wang@example.cn', role: 'admin', cohortIds: null });
      await expect(service.identify(revoked)).resolves.toBeNull();
      expect(await db.query('SELECT email, role, disabled_at IS NOT NULL AS disabled FROM staff ORDER BY id')).toEqual([
        { email: 'wang@example.cn', role: 'admin', disabled: 0 }, { email: 'gone@example.cn', role: 'admin', disabled: 1 },
      ]);
    } finally {
      await database.drop();
    }
  });
});

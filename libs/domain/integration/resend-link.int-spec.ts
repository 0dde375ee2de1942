import { RESEND_LINK_LIMITS } from '@app/contracts';
import { LinkRequest, Notification, OutboxMessage, StudentApplication } from '@app/database';
import { ApplicantTokensService, CohortsService, MeService, QUEUE, ResendLinkService } from '@app/domain';
import { randomBytes } from 'node:crypto';
import { Like } from 'typeorm';
import { useDomainHarness } from './support/domain-harness';
import { identityOf, openCohort, submittedMentor, submittedStudent } from './support/factories';

/** A client address of its own per call, so one test's requests never count against another's. */
const someClient = () => `10.${randomBytes(3).join('.')}`;
const someAddress = () => `nobody.${randomBytes(4).toString('hex')}@example.cn`;

describe('resend my link', () => {
  const harness = useDomainHarness('resend_link');
  const requestsFor = async (email: string) => harness().dataSource.manager.findBy(LinkRequest, { email });

  it('takes a request for a known and an unknown address and a missing cohort alike: a row and its job, nothing looked up', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const student = await submittedStudent(h, cohort);
    const unknown = someAddress();
    const service = h.get(ResendLinkService);

    await service.request(cohort.id, ` ${student.email.toUpperCase()} `, someClient());
    await service.request(cohort.id, unknown, someClient());
    await service.request(4_000_000_000, unknown, someClient());

    const rows = [...(await requestsFor(student.email.toLowerCase())), ...(await requestsFor(unknown))];
    expect(rows.map((row) => row.cohortId)).toEqual([cohort.id, cohort.id, 4_000_000_000]);
    for (const row of rows) {
      const [job] = await h.dataSource.manager.findBy(OutboxMessage, { jobId: `resend-link-${row.id}` });
      expect(job).toMatchObject({ queue: QUEUE.notifications, jobName: 'resend-link', payload: { linkRequestId: row.id } });
      expect(await h.queue(QUEUE.notifications).getJob(job.jobId)).toBeDefined();
    }
    expect(await h.dataSource.manager.countBy(Notification, { type: 'link_resent' })).toBe(0);
  });

  it('emails each application of the address in the cohort, both roles, withdrawn or closed, once, and forgets the request', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const email = `both.${randomBytes(4).toString('hex')}@example.cn`;
    const mentor = await submittedMentor(h, cohort, { email });
    const student = await submittedStudent(h, cohort, { email: email.toUpperCase() });
    await h.get(MeService).withdraw(identityOf('student', student));
    await h.get(CohortsService).transition(cohort.id, 'close');
    const service = h.get(ResendLinkService);
    await service.request(cohort.id, email, someClient());
    const [request] = await requestsFor(email);

    await expect(service.handle(request.id)).resolves.toEqual({ emailed: 2 });

    const emails = await h.dataSource.manager.find(Notification, { where: { dedupeKey: Like(`link_resent:%:${request.id}`) }, order: { linkRole: 'ASC' } });
    expect(emails.map(({ recipientEmail, linkRole, linkApplicationId, cohortId }) => ({ recipientEmail, linkRole, linkApplicationId, cohortId }))).toEqual([
      { recipientEmail: mentor.email, linkRole: 'mentor', linkApplicationId: mentor.id, cohortId: cohort.id },
      { recipientEmail: student.email, linkRole: 'student', linkApplicationId: student.id, cohortId: cohort.id },
    ]);
    expect(emails.every((row) => !/[ms]_[\w-]{43}/.test(`${row.bodyText}${row.bodyHtml}`))).toBe(true);
    expect(await requestsFor(email)).toEqual([]);
    await expect(service.handle(request.id)).resolves.toEqual({ emailed: 0 });
    expect(await h.dataSource.manager.countBy(Notification, { dedupeKey: Like(`link_resent:%:${request.id}`) })).toBe(2);
  });

  it('emails nothing for an address that did not apply to the cohort, or a cohort that does not exist, and forgets those too', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const elsewhere = await submittedStudent(h, await openCohort(h));
    const service = h.get(ResendLinkService);
    await service.request(cohort.id, elsewhere.email, someClient());
    await service.request(4_000_000_001, elsewhere.email, someClient());

    for (const request of await requestsFor(elsewhere.email.toLowerCase())) await expect(service.handle(request.id)).resolves.toEqual({ emailed: 0 });

    expect(await requestsFor(elsewhere.email.toLowerCase())).toEqual([]);
    expect(await h.dataSource.manager.countBy(Notification, { type: 'link_resent', recipientEmail: elsewhere.email })).toBe(0);
  });

  it(`takes ${RESEND_LINK_LIMITS.perAddress.requests} requests per cohort and address, whatever the client`, async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const address = someAddress();
    const service = h.get(ResendLinkService);
    for (let index = 0; index <= RESEND_LINK_LIMITS.perAddress.requests; index += 1) await service.request(cohort.id, address, someClient());

    expect(await requestsFor(address)).toHaveLength(RESEND_LINK_LIMITS.perAddress.requests);
    // Another cohort is another count.
    await service.request(cohort.id + 1, address, someClient());
    expect(await requestsFor(address)).toHaveLength(RESEND_LINK_LIMITS.perAddress.requests + 1);
  });

  it(`takes ${RESEND_LINK_LIMITS.perClient.requests} requests per client; one it refuses uses up nothing of the address's count`, async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const client = someClient();
    const addresses = Array.from({ length: RESEND_LINK_LIMITS.perClient.requests + 1 }, someAddress);
    const service = h.get(ResendLinkService);
    for (const address of addresses) await service.request(cohort.id, address, client);

    const taken = await Promise.all(addresses.map(async (address) => (await requestsFor(address)).length));
    expect(taken).toEqual([...addresses.slice(1).map(() => 1), 0]);
    const refused = addresses[addresses.length - 1];
    for (let index = 0; index < RESEND_LINK_LIMITS.perAddress.requests; index += 1) await service.request(cohort.id, refused, someClient());
    expect(await requestsFor(refused)).toHaveLength(RESEND_LINK_LIMITS.perAddress.requests);
  });

  it('restores the job of a request Redis lost, and drops a request whose job failed for good', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const [lost, failed] = [someAddress(), someAddress()];
    const service = h.get(ResendLinkService);
    await service.request(cohort.id, lost, someClient());
    await service.request(cohort.id, failed, someClient());
    const [[lostRequest], [failedRequest]] = [await requestsFor(lost), await requestsFor(failed)];
    const queue = h.queue(QUEUE.notifications);
    await (await queue.getJob(`resend-link-${lostRequest.id}`))!.remove();
    // As BullMQ leaves a job whose last attempt failed: in the queue's failed set.
    await (await queue.getBackend().client).runCommand('zadd', [queue.keys.failed, Date.now(), `resend-link-${failedRequest.id}`]);

    const recovered = await service.restoreLost();

    expect(recovered.restored).toBeGreaterThanOrEqual(1);
    expect(recovered.dropped).toBeGreaterThanOrEqual(1);
    expect(await queue.getJob(`resend-link-${lostRequest.id}`)).toBeDefined();
    expect(await requestsFor(lost)).toHaveLength(1);
    expect(await requestsFor(failed)).toEqual([]);
    await expect(service.restoreLost()).resolves.toEqual({ restored: 0, dropped: 0 });
  });

  it('a personal token stops working once its application no longer exists', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const student = await submittedStudent(h, cohort);
    const tokens = h.get(ApplicantTokensService);
    const token = await tokens.mint(h.dataSource.manager, { role: 'student', applicationId: student.id });
    await expect(tokens.identify(token)).resolves.toEqual({ role: 'student', applicationId: student.id });

    await h.dataSource.manager.delete(StudentApplication, { id: student.id });

    await expect(tokens.identify(token)).resolves.toBeNull();
  });
});

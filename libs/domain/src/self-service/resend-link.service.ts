import { APPLICANT_ROLES, RESEND_LINK_LIMITS } from '@app/contracts';
import { APPLICATION_ENTITY, Cohort, LinkRequest } from '@app/database';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, In, MoreThan } from 'typeorm';
import { resendLinkJob } from '../messaging/jobs';
import { OutboxService, RESTORE_BATCH } from '../messaging/outbox.service';
import { RateLimiter } from '../messaging/rate-limiter.service';
import { NotificationPolicy } from '../notifications/notification-policy';

/**
 * "Resend my link" (DESIGN §9). The API takes a request the same way whatever the address and the cohort id, and
 * never looks the address up, so neither its answer nor its timing tells whether the address applied: it counts the
 * request and, within the limits, stores it with its job. The worker then looks the address up and emails each of its
 * applications in the cohort a fresh personal link (minted at send time, as for every email).
 */
@Injectable()
export class ResendLinkService {
  private readonly logger = new Logger(ResendLinkService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly limiter: RateLimiter,
    private readonly policy: NotificationPolicy,
  ) {}

  /** `client` is the caller's IP address. Over a limit, or while Redis cannot count, nothing is taken, and nothing says so. */
  async request(cohortId: number, email: string, client: string): Promise<void> {
    const address = email.trim().toLowerCase();
    const allowed = await this.limiter.admits('resend-link', [
      { key: `resend-link:client:${client}`, limit: RESEND_LINK_LIMITS.perClient },
      // Hashed: the addresses people type stay out of Redis.
      { key: `resend-link:address:${cohortId}:${createHash('sha256').update(address).digest('hex')}`, limit: RESEND_LINK_LIMITS.perAddress },
    ]);
    if (!allowed) return;
    await this.outbox.transaction(async (tx) => {
      const { identifiers } = await tx.manager.insert(LinkRequest, { cohortId, email: address });
      tx.emit(resendLinkJob(Number(identifiers[0].id)));
    });
  }

  /**
   * The worker's part: one email for each application of the address in the cohort (a person who applied in both
   * roles gets both links), whatever its status, then the request is deleted. A request handled already does nothing.
   */
  async handle(linkRequestId: number): Promise<{ emailed: number }> {
    return this.outbox.transaction(async (tx) => {
      const request = await tx.manager.findOne(LinkRequest, { where: { id: linkRequestId }, lock: { mode: 'pessimistic_write' } });
      if (!request) return { emailed: 0 };
      const cohort = await tx.manager.findOneBy(Cohort, { id: request.cohortId });
      let emailed = 0;
      if (cohort) {
        for (const role of APPLICANT_ROLES) {
          // The column's collation compares without case, as the unique (cohort, email) key does.
          const application = await tx.manager.findOne(APPLICATION_ENTITY[role], { where: { cohortId: cohort.id, email: request.email } });
          if (!application) continue;
          await this.policy.linkResent(tx, cohort, role, application, String(request.id));
          emailed += 1;
        }
      }
      await tx.manager.delete(LinkRequest, { id: request.id });
      return { emailed };
    });
  }

  /**
   * The reconcile's part: every request still waiting needs its job. One whose job failed for good is dropped (the
   * person can ask again), so no address waits here for nothing.
   */
  async restoreLost(): Promise<{ restored: number; dropped: number }> {
    const recovered = { restored: 0, dropped: 0 };
    for (let after = 0; ;) {
      const waiting = await this.dataSource.manager.find(LinkRequest, { select: { id: true }, where: { id: MoreThan(after) }, order: { id: 'ASC' }, take: RESTORE_BATCH });
      if (waiting.length === 0) return recovered;
      after = waiting[waiting.length - 1].id;
      const jobs = waiting.map((row) => resendLinkJob(row.id));
      const { restored, failed } = await this.outbox.restoreLost(jobs);
      recovered.restored += restored.length;
      const dropped = jobs.filter((job) => failed.some((ended) => ended.job.jobId === job.jobId)).map((job) => job.payload.linkRequestId);
      if (dropped.length > 0) {
        await this.dataSource.manager.delete(LinkRequest, { id: In(dropped) });
        this.logger.warn(`Dropped ${dropped.length} resend-link request(s) whose job failed for good`);
        recovered.dropped += dropped.length;
      }
    }
  }
}

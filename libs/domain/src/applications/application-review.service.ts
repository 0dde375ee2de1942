import { ACTIVE_MATCH_STATUSES, ApplicantRole, ApplicationStatus } from '@app/contracts';
import { APPLICATION_ENTITY, Match } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { OutboxService } from '../messaging/outbox.service';
import { retryDeadlocks } from '../messaging/retry-deadlocks';
import { NotificationPolicy } from '../notifications/notification-policy';
import { ReviewDecision } from './application-inputs';

export type ApplicationOf<R extends ApplicantRole> = InstanceType<(typeof APPLICATION_ENTITY)[R]>;

/** Coordinators' view of both kinds of application: listing with full details, and bulk review. */
@Injectable()
export class ApplicationReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cohorts: CohortsService,
    private readonly outbox: OutboxService,
    private readonly notify: NotificationPolicy,
  ) {}

  async list<R extends ApplicantRole>(role: R, cohortId: number, status?: ApplicationStatus): Promise<ApplicationOf<R>[]> {
    await this.cohorts.get(cohortId);
    return this.dataSource.manager.find<ApplicationOf<R>>(APPLICATION_ENTITY[role], {
      where: { cohortId, ...(status && { status }) } as never,
      relations: role === 'student' ? { choices: true } as never : undefined,
      order: { id: 'ASC' } as never,
    });
  }

  /**
   * All or nothing: an unknown id is 404, a withdrawn application is 409, and then nothing changes. The batch locks
   * its rows through the cohort index while a student's own writes lock the primary key first: a deadlock between
   * them is retried. Each application whose status changes is emailed the decision.
   */
  async review(role: ApplicantRole, cohortId: number, decision: ReviewDecision): Promise<{ updated: number }> {
    const cohort = await this.cohorts.get(cohortId);
    const ids = [...new Set(decision.ids)];
    return retryDeadlocks(() => this.outbox.transaction(async (tx) => {
      const manager = tx.manager;
      const rows: Array<{ id: number; status: ApplicationStatus; name: string; email: string }> = await manager.find(APPLICATION_ENTITY[role], {
        select: { id: true, status: true, name: true, email: true },
        where: { cohortId, id: In(ids) },
        lock: { mode: 'pessimistic_write' },
      });
      const found = new Set(rows.map((row) => row.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) throw new NotFoundError(`ids: no ${role} application ${missing.join(', ')} in cohort ${cohortId}`);
      const withdrawn = rows.filter((row) => row.status === 'withdrawn').map((row) => row.id);
      if (withdrawn.length > 0) throw new ConflictError(`ids: application ${withdrawn.join(', ')} was withdrawn by the applicant`, 'application_withdrawn');
      if (decision.decision === 'rejected') {
        const matched = await manager.find(Match, {
          select: { id: true, studentId: true, mentorId: true },
          where: { cohortId, [role === 'mentor' ? 'mentorId' : 'studentId']: In(ids), status: In([...ACTIVE_MATCH_STATUSES]) },
        });
        if (matched.length > 0) {
          const people = [...new Set(matched.map((match) => (role === 'mentor' ? match.mentorId : match.studentId)))];
          throw new ConflictError(`ids: ${people.join(', ')} has a proposed or accepted match; cancel it before rejecting`, 'has_active_match');
        }
      }
      await manager.update(APPLICATION_ENTITY[role], { cohortId, id: In(ids) }, {
        status: decision.decision,
        reviewNote: decision.note ?? null,
        reviewedAt: new Date(),
      });
      const decided = rows.filter((row) => row.status !== decision.decision);
      await this.notify.applicationsReviewed(tx, cohort, role, decided, decision.decision, decision.note ?? null);
      return { updated: ids.length };
    }));
  }
}

import { ApplicantRole, ApplicationEditEntry, DetailsEditResult } from '@app/contracts';
import { APPLICATION_ENTITY, ApplicationEdit, MentorApplication } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { ApplicantIdentity } from '../identity/applicant-tokens.service';
import { assertCapacityHoldsPlaces } from '../matches/capacity';
import { OutboxService } from '../messaging/outbox.service';
import { changesOf, DetailsEdit, detailsOf } from './details-edit';

/** Applicants' edits of their own details (DESIGN §9), and the history of them that coordinators read. */
@Injectable()
export class ApplicationEditsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly cohorts: CohortsService,
  ) {}

  /**
   * Until the cohort is archived, and not once withdrawn. The application row is locked first, as acceptances and
   * proposals lock a mentor's, and before any plain read fixes the transaction's snapshot: one of those waits here or
   * this waits for it, and a lowered capacity is checked against every place taken, theirs included. Only what changed
   * is written, with its history entry, in one transaction.
   */
  edit(identity: ApplicantIdentity, edit: DetailsEdit): Promise<DetailsEditResult> {
    return this.outbox.transaction(async (tx) => {
      const { role, applicationId } = identity;
      const entity = APPLICATION_ENTITY[role];
      const application = await tx.manager.findOne(entity, { where: { id: applicationId }, lock: { mode: 'pessimistic_write' } });
      if (!application) throw new NotFoundError('This application no longer exists');
      if (application.status === 'withdrawn') throw new ConflictError('Your application is withdrawn; its details can no longer change', 'already_withdrawn');
      await this.cohorts.getUnarchived(application.cohortId, tx.manager);
      const changes = changesOf(role, application, edit);
      const capacity = changes.find((change) => change.field === 'capacity');
      if (capacity) await assertCapacityHoldsPlaces(tx.manager, application as MentorApplication, capacity.after as number);
      if (changes.length > 0) {
        const values = Object.fromEntries(changes.map(({ field, after }) => [field, after]));
        await tx.manager.update(entity, { id: application.id }, values);
        await tx.manager.insert(ApplicationEdit, { cohortId: application.cohortId, role, applicationId: application.id, changes });
        Object.assign(application, values);
      }
      return { changes, details: detailsOf(role, application) };
    });
  }

  /** Oldest first; an application of another cohort is not found. */
  async history(role: ApplicantRole, cohortId: number, applicationId: number): Promise<ApplicationEditEntry<Date>[]> {
    const { manager } = this.dataSource;
    if (!(await manager.existsBy(APPLICATION_ENTITY[role], { id: applicationId, cohortId }))) {
      throw new NotFoundError(`No ${role} application ${applicationId} in cohort ${cohortId}`);
    }
    const edits = await manager.find(ApplicationEdit, { where: { role, applicationId }, order: { id: 'ASC' } });
    return edits.map(({ id, changes, createdAt }) => ({ id, changes, createdAt }));
  }
}

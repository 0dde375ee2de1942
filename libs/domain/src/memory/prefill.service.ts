import { ApplicantRole, ApplicationPrefill, PREFILL_FIELDS, PrefillFields, PublicCohort } from '@app/contracts';
import { APPLICATION_ENTITY } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertAcceptsApplications, CohortsService } from '../cohorts/cohorts.service';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { ApplicantIdentity } from '../identity/applicant-tokens.service';

/**
 * "申请新一期" (DESIGN §10): a returning applicant, known by their personal link and never by an address typed in,
 * sees the open cohorts they have not applied to in their role and starts one's form from their latest application.
 */
@Injectable()
export class PrefillService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cohorts: CohortsService,
  ) {}

  /** Cohorts taking applications now that the link's person has not applied to in the link's role, newest first. */
  async openCohorts(identity: ApplicantIdentity, now = new Date()): Promise<PublicCohort<Date>[]> {
    const email = await this.emailOf(identity);
    const applied = new Set((await this.dataSource.manager.find(APPLICATION_ENTITY[identity.role], { select: { cohortId: true }, where: { email } }))
      .map((application) => application.cohortId));
    return (await this.cohorts.listOpen()).filter((cohort) => !applied.has(cohort.id) && (!cohort.applicationDeadline || cohort.applicationDeadline > now));
  }

  /** 404 for a cohort not announced, 409 `cohort_not_open` when it takes no applications, `already_applied` when they did. */
  async prefill(identity: ApplicantIdentity, cohortId: number, now = new Date()): Promise<ApplicationPrefill> {
    const email = await this.emailOf(identity);
    assertAcceptsApplications(await this.cohorts.getPublic(cohortId), now);
    const entity = APPLICATION_ENTITY[identity.role];
    if (await this.dataSource.manager.existsBy(entity, { cohortId, email })) {
      throw new ConflictError(`email: you have already applied to cohort ${cohortId}`, 'already_applied', [{ field: 'email', rule: 'unique' }]);
    }
    const latest = (await this.dataSource.manager.find(entity, { where: { email }, order: { cohortId: 'DESC', id: 'DESC' }, take: 1 }))[0];
    return { cohortId, role: identity.role, fromCohortId: latest.cohortId, fields: fieldsOf(identity.role, latest as unknown as Record<string, unknown>) };
  }

  private async emailOf({ role, applicationId }: ApplicantIdentity): Promise<string> {
    const application = await this.dataSource.manager.findOne(APPLICATION_ENTITY[role], { select: { id: true, email: true }, where: { id: applicationId } });
    if (!application) throw new NotFoundError('This application no longer exists');
    return application.email;
  }
}

function fieldsOf(role: ApplicantRole, application: Record<string, unknown>): PrefillFields {
  return Object.fromEntries(PREFILL_FIELDS[role].map((field) => [field, application[field] ?? null])) as PrefillFields;
}

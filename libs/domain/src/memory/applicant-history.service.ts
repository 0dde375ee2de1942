import { ApplicantRole, ApplicationStatus, WithHistory } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationOf, ApplicationReviewService } from '../applications/application-review.service';
import { isInScope } from '../staff/cohort-scope';
import { historyByEmail } from './applicant-history';

/** The coordinators' application lists, each row with the person's earlier cohorts (DESIGN §10). */
@Injectable()
export class ApplicantHistoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly review: ApplicationReviewService,
  ) {}

  /** `cohortIds`: the caller's scope (null: every cohort); an earlier cohort outside it is not shown, as if it did not exist. */
  async list<R extends ApplicantRole>(role: R, cohortId: number, cohortIds: readonly number[] | null, status?: ApplicationStatus): Promise<WithHistory<ApplicationOf<R>>[]> {
    const applications = await this.review.list(role, cohortId, status);
    const history = await historyByEmail(this.dataSource.manager, cohortId, applications.map((application) => application.email));
    return applications.map((application) => Object.assign(application, {
      history: (history.get(application.email) ?? []).filter((entry) => isInScope(cohortIds, entry.cohortId)),
    }));
  }
}

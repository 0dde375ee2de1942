import { MentorCard, SubmittedApplication } from '@app/contracts';
import { MentorApplication } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { mentorCardOf } from '../cards/cards';
import { CohortsService } from '../cohorts/cohorts.service';
import { ConflictError } from '../errors/domain-errors';
import { ApplicantTokensService } from '../identity/applicant-tokens.service';
import { placesTaken, remainingPlaces } from '../matches/capacity';
import { OutboxService } from '../messaging/outbox.service';
import { NotificationPolicy } from '../notifications/notification-policy';
import { MentorApplicationInput, normalizeEmail } from './application-inputs';
import { recordSubmission } from './submission';

@Injectable()
export class MentorApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly cohorts: CohortsService,
    private readonly tokens: ApplicantTokensService,
    private readonly notify: NotificationPolicy,
  ) {}

  submit(cohortId: number, input: MentorApplicationInput): Promise<SubmittedApplication> {
    const email = normalizeEmail(input.email);
    return this.outbox.transaction(async (tx) => {
      const cohort = await this.cohorts.lockForApplications(tx.manager, cohortId);
      return recordSubmission({ tokens: this.tokens, notify: this.notify }, tx, cohort, 'mentor', MentorApplication, {
        ...input, email, phone: input.phone ?? null, languages: input.languages ?? [], cohortId, status: 'submitted',
      }, () => new ConflictError(`email: ${email} has already applied as a mentor to this cohort`, 'already_applied', [{ field: 'email', rule: 'unique' }]));
    });
  }

  /** The public directory: approved mentors only, and nothing that identifies how to reach them. */
  async directory(cohortId: number): Promise<MentorCard[]> {
    await this.cohorts.getOpen(cohortId);
    const mentors = await this.dataSource.manager.find(MentorApplication, { where: { cohortId, status: 'approved' }, order: { id: 'ASC' } });
    const taken = await placesTaken(this.dataSource.manager, cohortId);
    return mentors.map((mentor) => mentorCardOf(mentor, remainingPlaces(mentor, taken)));
  }
}

import { MentorApplication } from '@app/database';
import { ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { duplicateKeyOf } from '../common/errors';
import { NotificationsService } from '../notifications/notifications.service';
import { OutboxService } from '../outbox/outbox.service';
import { ApplicantTokensService } from './applicant-tokens.service';
import { MentorApplicationInput, normalizeEmail, SubmittedApplication } from './application-inputs';
import { MentorCard } from './mentor-directory';
import { occupiedPlaces } from './remaining-capacity';

@Injectable()
export class MentorApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly cohorts: CohortsService,
    private readonly tokens: ApplicantTokensService,
    private readonly notifications: NotificationsService,
  ) {}

  submit(cohortId: number, input: MentorApplicationInput): Promise<SubmittedApplication> {
    return this.outbox.transaction(async (tx) => {
      const cohort = await this.cohorts.lockOpen(tx.manager, cohortId);
      const email = normalizeEmail(input.email);
      let application: MentorApplication;
      try {
        application = await tx.manager.save(tx.manager.create(MentorApplication, { ...input, email, phone: input.phone ?? null, cohortId, status: 'submitted' }));
      } catch (error) {
        if (duplicateKeyOf(error)) throw new ConflictException(`email: ${email} has already applied as a mentor to this cohort`);
        throw error;
      }
      const accessToken = await this.tokens.mint(tx.manager, { role: 'mentor', applicationId: application.id });
      await this.notifications.record(tx, {
        type: 'application_received', cohortId, cohortName: cohort.name, role: 'mentor', applicationId: application.id,
        recipient: { email, name: application.name },
      });
      return { id: application.id, status: application.status, accessToken };
    });
  }

  /** The public directory: approved mentors only, and nothing that identifies how to reach them. */
  async directory(cohortId: number): Promise<MentorCard[]> {
    await this.cohorts.getOpen(cohortId);
    const mentors = await this.dataSource.getRepository(MentorApplication).find({ where: { cohortId, status: 'approved' }, order: { id: 'ASC' } });
    const occupied = await occupiedPlaces(this.dataSource.manager, cohortId);
    return mentors.map((mentor) => ({
      id: mentor.id,
      displayName: mentor.name,
      graduationYear: mentor.graduationYear,
      department: mentor.department,
      major: mentor.major,
      industry: mentor.industry,
      organization: mentor.organization,
      title: mentor.title,
      city: mentor.city,
      topics: mentor.topics,
      bio: mentor.bio,
      remainingCapacity: Math.max(0, mentor.capacity - (occupied.get(mentor.id) ?? 0)),
    }));
  }
}

import { Cohort, MentorApplication, StudentApplication, StudentChoice } from '@app/database';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MatchQueriesService } from '../matches/match-queries.service';
import { MatchesService } from '../matches/matches.service';
import { OutboxService } from '../outbox/outbox.service';
import { ApplicantIdentity } from './applicant-tokens.service';

const ENTITY = { mentor: MentorApplication, student: StudentApplication } as const;

/** What an applicant sees and does through their personal link: only their own application, ever. */
@Injectable()
export class MeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly matches: MatchesService,
    private readonly matchQueries: MatchQueriesService,
  ) {}

  async profile(identity: ApplicantIdentity) {
    const application = await this.dataSource.getRepository(ENTITY[identity.role]).findOneBy({ id: identity.applicationId });
    if (!application) throw new NotFoundException('Application not found');
    const cohort = await this.dataSource.getRepository(Cohort).findOneByOrFail({ id: application.cohortId });
    const cohortSummary = { id: cohort.id, name: cohort.name, status: cohort.status, maxChoices: cohort.maxChoices, responseWindowHours: cohort.responseWindowHours };
    if (identity.role === 'mentor') {
      return { role: identity.role, application, cohort: cohortSummary, matches: await this.matchQueries.forMentor(application.id) };
    }
    const choices = await this.dataSource.getRepository(StudentChoice).find({ where: { studentId: application.id }, order: { rank: 'ASC' } });
    return {
      role: identity.role,
      application: { ...application, choices: choices.map((choice) => choice.mentorId) },
      cohort: cohortSummary,
      matches: await this.matchQueries.forStudent(application.id),
    };
  }

  /** Withdrawing also cancels the applicant's open proposal or match, in the same transaction. */
  async withdraw(identity: ApplicantIdentity): Promise<{ id: number; status: 'withdrawn'; cancelledMatches: number }> {
    return this.outbox.transaction(async (tx) => {
      const entity = ENTITY[identity.role];
      const application = await tx.manager.findOne(entity, { where: { id: identity.applicationId }, lock: { mode: 'pessimistic_write' } });
      if (!application) throw new NotFoundException('Application not found');
      if (application.status === 'withdrawn') throw new ConflictException('Your application is already withdrawn');
      await tx.manager.update(entity, { id: application.id }, { status: 'withdrawn' });
      const cancelledMatches = await this.matches.cancelForWithdrawal(tx, identity.role, application.id);
      return { id: application.id, status: 'withdrawn' as const, cancelledMatches };
    });
  }

  async proposals(identity: ApplicantIdentity) {
    if (identity.role !== 'mentor') throw new NotFoundException('Only mentors receive proposals');
    return this.matchQueries.forMentor(identity.applicationId);
  }
}

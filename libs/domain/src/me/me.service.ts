import { DeclineReason } from '@app/contracts';
import { APPLICATION_ENTITY, StudentChoice } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StudentApplicationsService } from '../applications/student-applications.service';
import { CohortsService } from '../cohorts/cohorts.service';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors/domain-errors';
import { ApplicantIdentity } from '../identity/applicant-tokens.service';
import { MatchQueriesService } from '../matches/match-queries.service';
import { MatchesService } from '../matches/matches.service';
import { OutboxService } from '../messaging/outbox.service';
import { RoundRequestsService } from '../rounds/round-requests.service';

/** What an applicant sees and does through their personal link: only their own application, ever. */
@Injectable()
export class MeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly matches: MatchesService,
    private readonly matchQueries: MatchQueriesService,
    private readonly students: StudentApplicationsService,
    private readonly cohorts: CohortsService,
    private readonly rounds: RoundRequestsService,
  ) {}

  async profile(identity: ApplicantIdentity) {
    const application = await this.dataSource.manager.findOneBy(APPLICATION_ENTITY[identity.role], { id: identity.applicationId });
    if (!application) throw new NotFoundError('Application not found');
    const cohort = await this.cohorts.get(application.cohortId);
    const cohortSummary = { id: cohort.id, name: cohort.name, status: cohort.status, maxChoices: cohort.maxChoices, responseWindowHours: cohort.responseWindowHours };
    if (identity.role === 'mentor') {
      return { role: identity.role, application, cohort: cohortSummary, matches: await this.matchQueries.forMentor(application.id) };
    }
    const choices = await this.dataSource.manager.find(StudentChoice, { where: { studentId: application.id }, order: { rank: 'ASC' } });
    return {
      role: identity.role,
      application: { ...application, choices: choices.map((choice) => choice.mentorId) },
      cohort: cohortSummary,
      matches: await this.matchQueries.forStudent(application.id),
      lastRound: await this.rounds.lastOutcomeOf(application.id),
    };
  }

  /** Withdrawing also cancels the applicant's open proposal or match, in the same transaction. */
  async withdraw(identity: ApplicantIdentity): Promise<{ id: number; status: 'withdrawn'; cancelledMatches: number }> {
    return this.outbox.transaction(async (tx) => {
      const entity = APPLICATION_ENTITY[identity.role];
      const application = await tx.manager.findOne(entity, { where: { id: identity.applicationId }, lock: { mode: 'pessimistic_write' } });
      if (!application) throw new NotFoundError('Application not found');
      if (application.status === 'withdrawn') throw new ConflictError('Your application is already withdrawn', 'already_withdrawn');
      await tx.manager.update(entity, { id: application.id }, { status: 'withdrawn' });
      const cancelledMatches = await this.matches.cancelForWithdrawal(tx, identity.role, application.id);
      return { id: application.id, status: 'withdrawn' as const, cancelledMatches };
    });
  }

  async replaceChoices(identity: ApplicantIdentity, choices: number[]): Promise<{ choices: number[] }> {
    return { choices: await this.students.replaceChoices(studentIdOf(identity), choices) };
  }

  proposals(identity: ApplicantIdentity) {
    return this.matchQueries.forMentor(mentorIdOf(identity));
  }

  accept(identity: ApplicantIdentity, matchId: number) {
    return this.matches.accept(mentorIdOf(identity), matchId);
  }

  decline(identity: ApplicantIdentity, matchId: number, reason: DeclineReason, note: string | null) {
    return this.matches.decline(mentorIdOf(identity), matchId, reason, note);
  }
}

function studentIdOf(identity: ApplicantIdentity): number {
  if (identity.role !== 'student') throw new ForbiddenError('Only students rank mentors');
  return identity.applicationId;
}

function mentorIdOf(identity: ApplicantIdentity): number {
  if (identity.role !== 'mentor') throw new ForbiddenError('Only mentors receive and answer proposals');
  return identity.applicationId;
}

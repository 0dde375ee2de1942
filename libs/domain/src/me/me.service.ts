import { DeclineReason, DetailsEditResult, MeCohort, MeProfile, WithdrawResult } from '@app/contracts';
import { APPLICATION_ENTITY, MentorApplication, StudentApplication, StudentChoice } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ApplicationEditsService } from '../applications/application-edits.service';
import type { DetailsEdit } from '../applications/details-edit';
import { mentorSummaryOf } from '../cards/cards';
import { StudentApplicationsService } from '../applications/student-applications.service';
import { CertificatesService } from '../certificates/certificates.service';
import { CohortsService } from '../cohorts/cohorts.service';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors/domain-errors';
import { ApplicantIdentity } from '../identity/applicant-tokens.service';
import { placesTaken, remainingPlaces } from '../matches/capacity';
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
    private readonly edits: ApplicationEditsService,
    private readonly cohorts: CohortsService,
    private readonly rounds: RoundRequestsService,
    private readonly certificates: CertificatesService,
  ) {}

  /** The page in every cohort status: nothing here depends on the public directory, which answers only while open. */
  async profile(identity: ApplicantIdentity): Promise<MeProfile<Date>> {
    const manager = this.dataSource.manager;
    const cohortSummaryOf = async (cohortId: number): Promise<MeCohort> => {
      const { id, name, status, maxChoices, responseWindowHours, retainDays } = await this.cohorts.get(cohortId);
      return { id, name, status, maxChoices, responseWindowHours, retainDays };
    };
    if (identity.role === 'mentor') {
      const application = await manager.findOneBy(MentorApplication, { id: identity.applicationId });
      if (!application) throw new NotFoundError('Application not found');
      const [cohort, matches, taken, certificate] = await Promise.all([
        cohortSummaryOf(application.cohortId),
        this.matchQueries.forMentor(application.id),
        placesTaken(manager, application.cohortId, [application.id]),
        this.certificates.summaryFor(identity),
      ]);
      return { role: 'mentor', application, cohort, matches, certificate, remainingPlaces: remainingPlaces(application, taken) };
    }
    const application = await manager.findOneBy(StudentApplication, { id: identity.applicationId });
    if (!application) throw new NotFoundError('Application not found');
    const [cohort, choices, matches, lastRound, certificate] = await Promise.all([
      cohortSummaryOf(application.cohortId),
      manager.find(StudentChoice, { where: { studentId: application.id }, order: { rank: 'ASC' } }),
      this.matchQueries.forStudent(application.id),
      this.rounds.lastOutcomeOf(application.id),
      this.certificates.summaryFor(identity),
    ]);
    const choiceIds = choices.map((choice) => choice.mentorId);
    const named = [...new Set([...choiceIds, ...(lastRound?.reasons.map((reason) => reason.mentorId) ?? [])])];
    const mentors = named.length === 0 ? [] : await manager.findBy(MentorApplication, { id: In(named), cohortId: application.cohortId });
    return {
      role: 'student',
      application: { ...application, choices: choiceIds },
      cohort,
      matches,
      certificate,
      lastRound,
      mentors: mentors.map(mentorSummaryOf),
    };
  }

  /** Withdrawing also cancels the applicant's open proposal or match, in the same transaction. */
  async withdraw(identity: ApplicantIdentity): Promise<WithdrawResult> {
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

  /** The applicant's own details (DESIGN §9); the body was checked against their role's editable fields. */
  editDetails(identity: ApplicantIdentity, edit: DetailsEdit): Promise<DetailsEditResult> {
    return this.edits.edit(identity, edit);
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

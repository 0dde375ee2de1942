import { APPLICATION_ENTITY, AssignmentExplanation, Cohort, DeclineReason, Round, RoundAssignment, StudentChoice } from '@app/database';
import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MatchQueriesService } from '../matches/match-queries.service';
import { MatchesService } from '../matches/matches.service';
import { OutboxService } from '../outbox/outbox.service';
import { ApplicantIdentity } from './applicant-tokens.service';
import { StudentApplicationsService } from './student-applications.service';

/** What an applicant sees and does through their personal link: only their own application, ever. */
@Injectable()
export class MeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly matches: MatchesService,
    private readonly matchQueries: MatchQueriesService,
    private readonly students: StudentApplicationsService,
  ) {}

  async profile(identity: ApplicantIdentity) {
    const application = await this.dataSource.getRepository(APPLICATION_ENTITY[identity.role]).findOneBy({ id: identity.applicationId });
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
      lastRound: await this.lastRoundOf(application.id),
    };
  }

  /** Withdrawing also cancels the applicant's open proposal or match, in the same transaction. */
  async withdraw(identity: ApplicantIdentity): Promise<{ id: number; status: 'withdrawn'; cancelledMatches: number }> {
    return this.outbox.transaction(async (tx) => {
      const entity = APPLICATION_ENTITY[identity.role];
      const application = await tx.manager.findOne(entity, { where: { id: identity.applicationId }, lock: { mode: 'pessimistic_write' } });
      if (!application) throw new NotFoundException('Application not found');
      if (application.status === 'withdrawn') throw new ConflictException('Your application is already withdrawn');
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

  /** The student's outcome in the latest real round, with the plain-words explanation of it. */
  private async lastRoundOf(studentId: number) {
    const row = await this.dataSource
      .getRepository(RoundAssignment)
      .createQueryBuilder('assignment')
      .innerJoin(Round, 'round', 'round.id = assignment.roundId')
      .select(['assignment.mentorId AS mentorId', 'assignment.choiceRank AS choiceRank', 'assignment.explanation AS explanation', 'round.number AS roundNumber'])
      .where('assignment.studentId = :studentId', { studentId })
      .andWhere("round.status = 'completed'")
      .andWhere('round.dryRun = false')
      .orderBy('round.number', 'DESC')
      .limit(1)
      .getRawOne<{ mentorId: number | null; choiceRank: number | null; explanation: AssignmentExplanation | string; roundNumber: number }>();
    if (!row) return null;
    const explanation = typeof row.explanation === 'string' ? (JSON.parse(row.explanation) as AssignmentExplanation) : row.explanation;
    return { roundNumber: row.roundNumber, matched: row.mentorId !== null, choiceRank: row.choiceRank, summary: explanation.summary, reasons: explanation.reasons.map(({ rank, reason, text }) => ({ rank, reason, text })) };
  }
}

function studentIdOf(identity: ApplicantIdentity): number {
  if (identity.role !== 'student') throw new ForbiddenException('Only students rank mentors');
  return identity.applicationId;
}

function mentorIdOf(identity: ApplicantIdentity): number {
  if (identity.role !== 'mentor') throw new ForbiddenException('Only mentors receive and answer proposals');
  return identity.applicationId;
}

import { ACTIVE_MATCH_STATUSES, ManualProposalCandidates, MatchRow, MatchStatus, MentorProposalView, StudentMatchView } from '@app/contracts';
import { Match, MentorApplication, Round, StudentApplication } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { mentorContactOf, mentorSummaryOf, studentCardOf, studentContactOf } from '../cards/cards';
import { placesTaken, remainingPlaces } from './capacity';
import { CsvLanguage } from '../exports/table-export';
import { matchesCsv } from './match-csv';

/** Read models of matches for coordinators and applicants; who may see contact details is decided here. */
@Injectable()
export class MatchQueriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(cohortId: number, status?: MatchStatus): Promise<MatchRow<Date>[]> {
    const matches = await this.dataSource.manager.find(Match, { where: { cohortId, ...(status && { status }) }, order: { id: 'ASC' } });
    const [students, mentors, rounds] = await Promise.all([
      this.byId(StudentApplication, matches.map((match) => match.studentId)),
      this.byId(MentorApplication, matches.map((match) => match.mentorId)),
      this.byId(Round, matches.flatMap((match) => (match.roundId === null ? [] : [match.roundId]))),
    ]);
    return matches.map((match) => {
      const student = students.get(match.studentId)!;
      const mentor = mentors.get(match.mentorId)!;
      return {
        id: match.id, roundId: match.roundId, roundNumber: match.roundId === null ? null : rounds.get(match.roundId)!.number, status: match.status, choiceRank: match.choiceRank, respondBy: match.respondBy,
        respondedAt: match.respondedAt, declineReason: match.declineReason, note: match.note, createdAt: match.createdAt,
        student: { id: student.id, name: student.name, email: student.email, studentNumber: student.studentNumber, college: student.college, major: student.major },
        mentor: { id: mentor.id, name: mentor.name, email: mentor.email, organization: mentor.organization, title: mentor.title },
      };
    });
  }

  /** The list as a CSV for Excel, in words of the language asked and China time (see match-csv.ts). */
  async csv(cohortId: number, status: MatchStatus | undefined, lang: CsvLanguage): Promise<string> {
    return matchesCsv(await this.list(cohortId, status), lang);
  }

  /** Whom a coordinator may propose by hand now; the proposal itself checks again under locks. */
  async candidates(cohortId: number): Promise<ManualProposalCandidates> {
    const manager = this.dataSource.manager;
    const [students, mentors, active, taken] = await Promise.all([
      manager.find(StudentApplication, { where: { cohortId, status: 'approved' }, order: { name: 'ASC' } }),
      manager.find(MentorApplication, { where: { cohortId, status: 'approved' }, order: { name: 'ASC' } }),
      manager.find(Match, { select: { studentId: true }, where: { cohortId, status: In([...ACTIVE_MATCH_STATUSES]) } }),
      placesTaken(manager, cohortId),
    ]);
    const placed = new Set(active.map((match) => match.studentId));
    return {
      students: students.filter((student) => !placed.has(student.id))
        .map(({ id, name, studentNumber, college, major }) => ({ id, name, studentNumber, college, major })),
      mentors: mentors.map((mentor) => ({ id: mentor.id, name: mentor.name, organization: mentor.organization, remaining: remainingPlaces(mentor, taken) }))
        .filter((mentor) => mentor.remaining > 0),
    };
  }

  /** A mentor's proposals: the student's card always, the student's contact once accepted (and after the pair ended or completed). */
  async forMentor(mentorId: number): Promise<MentorProposalView<Date>[]> {
    const matches = await this.dataSource.manager.find(Match, { where: { mentorId }, order: { id: 'DESC' } });
    const students = await this.byId(StudentApplication, matches.map((match) => match.studentId));
    return matches.map((match) => {
      const student = students.get(match.studentId)!;
      return {
        id: match.id, status: match.status, respondBy: match.respondBy, respondedAt: match.respondedAt, declineReason: match.declineReason,
        student: { id: student.id, ...studentCardOf(student) },
        contact: match.acceptedAt ? studentContactOf(student) : null,
      };
    });
  }

  /** A student's matches: the mentor's public summary, and contact details only once the mentor accepted. */
  async forStudent(studentId: number): Promise<StudentMatchView<Date>[]> {
    const matches = await this.dataSource.manager.find(Match, { where: { studentId }, order: { id: 'DESC' } });
    const mentors = await this.byId(MentorApplication, matches.map((match) => match.mentorId));
    return matches.map((match) => {
      const mentor = mentors.get(match.mentorId)!;
      return {
        id: match.id, status: match.status, respondBy: match.respondBy, choiceRank: match.choiceRank,
        mentor: mentorSummaryOf(mentor),
        contact: match.acceptedAt ? mentorContactOf(mentor) : null,
      };
    });
  }

  private async byId<T extends { id: number }>(entity: new () => T, ids: number[]): Promise<Map<number, T>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.dataSource.manager.findBy(entity, { id: In(unique) } as never);
    return new Map(rows.map((row) => [row.id, row]));
  }
}

import { MatchRow, MatchStatus, MentorProposalView, StudentMatchView } from '@app/contracts';
import { Match, MentorApplication, StudentApplication } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { mentorContactOf, mentorSummaryOf, studentCardOf, studentContactOf } from '../cards/cards';

const CSV_COLUMNS: Array<[string, (row: MatchRow<Date>) => unknown]> = [
  ['match_id', (row) => row.id],
  ['status / 状态', (row) => row.status],
  ['round', (row) => row.roundId ?? 'manual'],
  ['student / 学生', (row) => row.student.name],
  ['student_number / 学号', (row) => row.student.studentNumber],
  ['student_email', (row) => row.student.email],
  ['college / 书院', (row) => row.student.college],
  ['major / 专业', (row) => row.student.major],
  ['mentor / 师友', (row) => row.mentor.name],
  ['mentor_email', (row) => row.mentor.email],
  ['organization / 单位', (row) => row.mentor.organization],
  ['choice_rank / 志愿', (row) => row.choiceRank ?? ''],
  ['respond_by', (row) => row.respondBy.toISOString()],
  ['decline_reason', (row) => row.declineReason ?? ''],
  ['note', (row) => row.note ?? ''],
];

function csvCell(value: unknown): string {
  const text = String(value);
  // A leading = + - @ (also full-width, or after blanks) would be run as a formula by Excel: prefix a quote
  // (OWASP CSV injection). A `;` is quoted too, because Excel in locales that separate with `;` splits there.
  const safe = /^[\s]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/.test(text) ? `'${text}` : text;
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Read models of matches for coordinators and applicants; who may see contact details is decided here. */
@Injectable()
export class MatchQueriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(cohortId: number, status?: MatchStatus): Promise<MatchRow<Date>[]> {
    const matches = await this.dataSource.manager.find(Match, { where: { cohortId, ...(status && { status }) }, order: { id: 'ASC' } });
    const [students, mentors] = await Promise.all([
      this.byId(StudentApplication, matches.map((match) => match.studentId)),
      this.byId(MentorApplication, matches.map((match) => match.mentorId)),
    ]);
    return matches.map((match) => {
      const student = students.get(match.studentId)!;
      const mentor = mentors.get(match.mentorId)!;
      return {
        id: match.id, roundId: match.roundId, status: match.status, choiceRank: match.choiceRank, respondBy: match.respondBy,
        respondedAt: match.respondedAt, declineReason: match.declineReason, note: match.note, createdAt: match.createdAt,
        student: { id: student.id, name: student.name, email: student.email, studentNumber: student.studentNumber, college: student.college, major: student.major },
        mentor: { id: mentor.id, name: mentor.name, email: mentor.email, organization: mentor.organization, title: mentor.title },
      };
    });
  }

  /** UTF-8 with a byte-order mark and CRLF line ends, which is what Excel needs to show Chinese names. */
  async csv(cohortId: number, status?: MatchStatus): Promise<string> {
    const rows = await this.list(cohortId, status);
    const lines = [CSV_COLUMNS.map(([header]) => csvCell(header)).join(',')];
    for (const row of rows) lines.push(CSV_COLUMNS.map(([, value]) => csvCell(value(row))).join(','));
    return '\uFEFF' + lines.join('\r\n') + '\r\n';
  }

  /** A mentor's proposals: the student's card always, the student's contact only once accepted. */
  async forMentor(mentorId: number): Promise<MentorProposalView<Date>[]> {
    const matches = await this.dataSource.manager.find(Match, { where: { mentorId }, order: { id: 'DESC' } });
    const students = await this.byId(StudentApplication, matches.map((match) => match.studentId));
    return matches.map((match) => {
      const student = students.get(match.studentId)!;
      return {
        id: match.id, status: match.status, respondBy: match.respondBy, respondedAt: match.respondedAt, declineReason: match.declineReason,
        student: { id: student.id, ...studentCardOf(student) },
        contact: match.status === 'accepted' ? studentContactOf(student) : null,
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
        contact: match.status === 'accepted' ? mentorContactOf(mentor) : null,
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

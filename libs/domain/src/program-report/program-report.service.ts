import { PAIR_STATUSES, ProgramReport } from '@app/contracts';
import { Cohort } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not } from 'typeorm';
import { CsvLanguage, workbookXlsx } from '../exports/table-export';
import { programFigures } from './program-figures';
import { programSheets } from './program-report-export';

/**
 * The program report's statements: each one aggregate over every cohort's pairs (GROUP BY in the database), so the
 * answer reads a few rows per cohort whatever the number of pairs and meetings. People are counted by email, which
 * the application forms store normalised; within a cohort an email applies once per role.
 */
/** `AND m.cohort_id IN (?)` for a coordinator's cohorts; nothing for an admin's whole program. */
const SCOPE_SQL = ' AND m.cohort_id IN (?)';
const PAIRS_SQL = (scope: string) => `SELECT m.cohort_id AS cohortId, COUNT(DISTINCT t.email) AS mentors, COUNT(DISTINCT s.email) AS students,
    COUNT(*) AS pairs, SUM(m.status = 'completed') AS completed
  FROM matches m JOIN mentor_applications t ON t.id = m.mentor_id JOIN student_applications s ON s.id = m.student_id
  WHERE m.status IN (?)${scope} GROUP BY m.cohort_id`;
const MEETINGS_SQL = (scope: string) => `SELECT m.cohort_id AS cohortId, COUNT(*) AS meetings, SUM(pm.minutes) AS minutes
  FROM pair_meetings pm JOIN matches m ON m.id = pm.match_id WHERE 1 = 1${scope} GROUP BY m.cohort_id`;
const DISTINCT_SQL = (scope: string) => `SELECT COUNT(DISTINCT t.email) AS mentors, COUNT(DISTINCT s.email) AS students
  FROM matches m JOIN mentor_applications t ON t.id = m.mentor_id JOIN student_applications s ON s.id = m.student_id
  WHERE m.status IN (?)${scope}`;

type Row = Record<string, string | number | null>;

/** The program report across cohorts (DESIGN §10), and its workbook. */
@Injectable()
export class ProgramReportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every announced cohort (a draft has no pairs and was never public), oldest first; `cohortIds` is the caller's
   * scope (null: every cohort, an admin's view), so a coordinator's program is the cohorts they run.
   */
  async report(cohortIds: readonly number[] | null): Promise<ProgramReport> {
    const manager = this.dataSource.manager;
    const pairStatuses = [...PAIR_STATUSES];
    // No cohort has id 0: an empty scope matches nothing.
    const scopeIds = cohortIds === null ? [] : [cohortIds.length > 0 ? [...cohortIds] : [0]];
    const scope = cohortIds === null ? '' : SCOPE_SQL;
    const [cohorts, pairs, meetings, [distinct]] = await Promise.all([
      manager.find(Cohort, {
        select: { id: true, name: true, status: true, programStartsOn: true, programEndsOn: true },
        where: { status: Not('draft'), ...(cohortIds !== null && { id: In(scopeIds[0]) }) },
        order: { id: 'ASC' },
      }),
      manager.query<Row[]>(PAIRS_SQL(scope), [pairStatuses, ...scopeIds]),
      manager.query<Row[]>(MEETINGS_SQL(scope), scopeIds),
      manager.query<Row[]>(DISTINCT_SQL(scope), [pairStatuses, ...scopeIds]),
    ]);
    // COUNT and SUM come back as strings (BIGINT, DECIMAL) from the driver: numbers here, once.
    return programFigures({
      cohorts,
      pairs: pairs.map((row) => ({
        cohortId: Number(row.cohortId), mentors: Number(row.mentors), students: Number(row.students), pairs: Number(row.pairs), completed: Number(row.completed),
      })),
      meetings: meetings.map((row) => ({ cohortId: Number(row.cohortId), meetings: Number(row.meetings), minutes: Number(row.minutes) })),
      distinct: { mentors: Number(distinct.mentors), students: Number(distinct.students) },
    });
  }

  async xlsx(cohortIds: readonly number[] | null, lang: CsvLanguage): Promise<Buffer> {
    return workbookXlsx(programSheets(await this.report(cohortIds), lang), lang);
  }
}

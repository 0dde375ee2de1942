import { PAIR_STATUSES, ProgramReport } from '@app/contracts';
import { Cohort, Match, MentorApplication, PairMeetingRow, StudentApplication } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CsvLanguage, workbookXlsx } from '../exports/table-export';
import { whereInScope } from '../staff/cohort-scope';
import { programFigures } from './program-figures';
import { programSheets } from './program-report-export';

type Row = Record<string, string | number | null>;

/**
 * The program report across cohorts (DESIGN §10), and its workbook. Its statements are each one aggregate over every
 * cohort's pairs (GROUP BY in the database), so the answer reads a few rows per cohort whatever the number of pairs and
 * meetings. People are counted by email, which the application forms store normalised; within a cohort an email
 * applies once per role.
 */
@Injectable()
export class ProgramReportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every announced cohort (a draft has no pairs and was never public), oldest first; `cohortIds` is the caller's
   * scope (null: every cohort, an admin's view), so a coordinator's program is the cohorts they run.
   */
  async report(cohortIds: readonly number[] | null): Promise<ProgramReport> {
    const manager = this.dataSource.manager;
    const announced = manager.createQueryBuilder(Cohort, 'cohort')
      .select(['cohort.id', 'cohort.name', 'cohort.status', 'cohort.programStartsOn', 'cohort.programEndsOn'])
      .where("cohort.status != 'draft'")
      .orderBy('cohort.id', 'ASC');
    // Each pair (a proposed or declined match never was one) with its two people.
    const pairs = () => manager.createQueryBuilder(Match, 'm')
      .innerJoin(MentorApplication, 't', 't.id = m.mentorId')
      .innerJoin(StudentApplication, 's', 's.id = m.studentId')
      .where('m.status IN (:...pairStatuses)', { pairStatuses: [...PAIR_STATUSES] });
    const meetings = manager.createQueryBuilder(PairMeetingRow, 'pm').innerJoin(Match, 'm', 'm.id = pm.matchId');
    const [cohortRows, pairRows, meetingRows, [distinct]] = await Promise.all([
      whereInScope(announced, 'cohort.id', cohortIds).getMany(),
      whereInScope(pairs(), 'm.cohortId', cohortIds)
        .select('m.cohortId', 'cohortId').addSelect('COUNT(DISTINCT t.email)', 'mentors').addSelect('COUNT(DISTINCT s.email)', 'students')
        .addSelect('COUNT(*)', 'pairs').addSelect("SUM(m.status = 'completed')", 'completed')
        .groupBy('m.cohortId').getRawMany<Row>(),
      whereInScope(meetings, 'm.cohortId', cohortIds)
        .select('m.cohortId', 'cohortId').addSelect('COUNT(*)', 'meetings').addSelect('SUM(pm.minutes)', 'minutes')
        .groupBy('m.cohortId').getRawMany<Row>(),
      whereInScope(pairs(), 'm.cohortId', cohortIds)
        .select('COUNT(DISTINCT t.email)', 'mentors').addSelect('COUNT(DISTINCT s.email)', 'students').getRawMany<Row>(),
    ]);
    // COUNT and SUM come back as strings (BIGINT, DECIMAL) from the driver: numbers here, once.
    return programFigures({
      cohorts: cohortRows,
      pairs: pairRows.map((row) => ({
        cohortId: Number(row.cohortId), mentors: Number(row.mentors), students: Number(row.students), pairs: Number(row.pairs), completed: Number(row.completed),
      })),
      meetings: meetingRows.map((row) => ({ cohortId: Number(row.cohortId), meetings: Number(row.meetings), minutes: Number(row.minutes) })),
      distinct: { mentors: Number(distinct.mentors), students: Number(distinct.students) },
    });
  }

  async xlsx(cohortIds: readonly number[] | null, lang: CsvLanguage): Promise<Buffer> {
    return workbookXlsx(programSheets(await this.report(cohortIds), lang), lang);
  }
}

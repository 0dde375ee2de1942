import { ProgramCohortFigures, ProgramReport } from '@app/contracts';
import { Cohort } from '@app/database';
import { oneDecimal } from '../report/report-figures';

/** What the statements return, already numbers: per cohort, and the people counted once across cohorts. */
export interface ProgramAggregates {
  cohorts: Array<Pick<Cohort, 'id' | 'name' | 'status' | 'programStartsOn' | 'programEndsOn'>>;
  pairs: Array<{ cohortId: number; mentors: number; students: number; pairs: number; completed: number }>;
  meetings: Array<{ cohortId: number; meetings: number; minutes: number }>;
  distinct: { mentors: number; students: number };
}

/**
 * The program report's figures: a row per cohort in the order given (oldest first), zeros for a cohort without
 * pairs or meetings; totals sum the rows but count people once (`distinct`), and hours come from the summed minutes.
 */
export function programFigures({ cohorts, pairs, meetings, distinct }: ProgramAggregates): ProgramReport {
  const pairsOf = new Map(pairs.map((row) => [row.cohortId, row]));
  const meetingsOf = new Map(meetings.map((row) => [row.cohortId, row]));
  const rows: ProgramCohortFigures[] = cohorts.map((cohort) => {
    const paired = pairsOf.get(cohort.id);
    const met = meetingsOf.get(cohort.id);
    return {
      cohortId: cohort.id,
      name: cohort.name,
      status: cohort.status,
      programStartsOn: cohort.programStartsOn,
      programEndsOn: cohort.programEndsOn,
      mentors: paired?.mentors ?? 0,
      students: paired?.students ?? 0,
      pairs: paired?.pairs ?? 0,
      completed: paired?.completed ?? 0,
      meetings: met?.meetings ?? 0,
      hours: oneDecimal((met?.minutes ?? 0) / 60),
    };
  });
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    cohorts: rows,
    totals: {
      cohorts: rows.length,
      mentors: distinct.mentors,
      students: distinct.students,
      pairs: sum(rows.map((row) => row.pairs)),
      completed: sum(rows.map((row) => row.completed)),
      meetings: sum(rows.map((row) => row.meetings)),
      hours: oneDecimal(sum(meetings.map((row) => row.minutes)) / 60),
    },
  };
}

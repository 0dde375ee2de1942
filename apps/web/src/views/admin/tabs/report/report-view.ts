import type { CohortReport } from '@app/contracts';

/** The office's own sentence: how many alumni served how many students (those with a pair, whatever it became). */
export function servedCounts(report: CohortReport): { mentors: number; students: number } {
  return {
    mentors: report.mentors.filter((mentor) => mentor.accepted > 0).length,
    students: report.pairs.accepted + report.pairs.ended + report.pairs.completed,
  };
}

/** A 0–1 rate as a whole percent, or a dash when there is none. */
export function percentText(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

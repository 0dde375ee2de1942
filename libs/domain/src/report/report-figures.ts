import {
  CHECK_IN_ANSWERS, CheckInAnswer, CohortReport, DECLINE_REASONS, DeclineReason, MatchStatus, MentorResponseFigures, QuestionKind, ReportSurvey, SurveyAnswer,
  SurveyQuestion, SurveyText,
} from '@app/contracts';
import { mean, netPromoterScore } from '../surveys/survey-stats';

/** The median of the values (the mean of the two middle ones for an even count); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median of values given as a histogram (value → how many had it), so 10,000 pairs arrive as a few rows. */
export function medianOfHistogram(histogram: Array<{ value: number; count: number }>): number | null {
  const bins = histogram.filter((bin) => bin.count > 0).sort((a, b) => a.value - b.value);
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  if (total === 0) return null;
  // The 0-based positions of the middle value(s) in the sorted list the histogram stands for.
  const positions = total % 2 === 1 ? [(total - 1) / 2] : [total / 2 - 1, total / 2];
  const at = (position: number) => {
    let seen = 0;
    for (const bin of bins) {
      seen += bin.count;
      if (position < seen) return bin.value;
    }
    return bins[bins.length - 1].value;
  };
  return positions.reduce((sum, position) => sum + at(position), 0) / positions.length;
}

/** part / whole with three decimals; null when the whole is 0 (no rate to speak of). */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
}

/** Hours with one decimal. */
export function oneDecimal(hours: number): number {
  return Math.round(hours * 10) / 10;
}

/** A mentor accepted a proposal if it became a pair, whatever the pair became since. */
const ACCEPTED: readonly MatchStatus[] = ['accepted', 'ended', 'completed'];

/** The share of resolved proposals that were accepted (cancelled and still-open ones are not the mentor's answer). */
export function acceptanceRate(accepted: number, declined: number, expired: number): number | null {
  return rate(accepted, accepted + declined + expired);
}

/** What the report's SQL aggregates return (counts per group, one number per answered proposal). */
export interface ReportAggregates {
  applications: Array<{ role: 'mentor' | 'student'; status: string; count: number }>;
  rounds: number;
  /** Matches per status and decline reason. */
  matches: Array<{ status: MatchStatus; declineReason: DeclineReason | null; count: number }>;
  /** Per mentor with a proposal: their proposals per status. */
  mentorMatches: Array<{ mentorId: number; name: string; status: MatchStatus; count: number }>;
  /** One row per proposal the mentor answered: hours from proposal to answer. */
  answers: Array<{ mentorId: number; hours: number }>;
  /** Pairs by how many meetings they logged (0 included). */
  meetingsPerPair: Array<{ value: number; count: number }>;
  meetingTotals: { count: number; minutes: number };
  meetingsByMonth: Array<{ month: string; count: number }>;
  /** Check-ins by answer (null: sent, not answered). */
  checkIns: Array<{ answer: CheckInAnswer | null; count: number }>;
}

const countOf = <T>(rows: T[], keep: (row: T) => boolean, count: (row: T) => number) => rows.filter(keep).reduce((sum, row) => sum + count(row), 0);

/** Each mentor's proposals, answers and median time to answer, most proposals first. */
export function mentorFigures(rows: ReportAggregates['mentorMatches'], answers: ReportAggregates['answers']): MentorResponseFigures[] {
  const byMentor = new Map<number, MentorResponseFigures>();
  for (const row of rows) {
    const figures = byMentor.get(row.mentorId) ?? { mentorId: row.mentorId, name: row.name, proposals: 0, accepted: 0, declined: 0, expired: 0, acceptanceRate: null, medianHoursToAnswer: null };
    figures.proposals += row.count;
    if (ACCEPTED.includes(row.status)) figures.accepted += row.count;
    if (row.status === 'declined') figures.declined += row.count;
    if (row.status === 'expired') figures.expired += row.count;
    byMentor.set(row.mentorId, figures);
  }
  const hours = new Map<number, number[]>();
  for (const answer of answers) hours.set(answer.mentorId, [...(hours.get(answer.mentorId) ?? []), answer.hours]);
  return [...byMentor.values()]
    .map((figures) => {
      const middle = median(hours.get(figures.mentorId) ?? []);
      return { ...figures, acceptanceRate: acceptanceRate(figures.accepted, figures.declined, figures.expired), medianHoursToAnswer: middle === null ? null : oneDecimal(middle) };
    })
    .sort((a, b) => b.proposals - a.proposals || a.mentorId - b.mentorId);
}

/** Every figure of the report but the cohort and the surveys, from the aggregates. */
export function reportFigures(aggregates: ReportAggregates): Omit<CohortReport<Date>, 'cohort' | 'surveys'> {
  const { applications, matches } = aggregates;
  const ofRole = (role: 'mentor' | 'student', status?: string) => countOf(applications, (row) => row.role === role && (status === undefined || row.status === status), (row) => row.count);
  const withStatus = (...statuses: MatchStatus[]) => countOf(matches, (row) => statuses.includes(row.status), (row) => row.count);
  const declined = Object.fromEntries(DECLINE_REASONS.map((reason) => [reason, countOf(matches, (row) => row.status === 'declined' && (row.declineReason ?? 'other') === reason, (row) => row.count)])) as Record<DeclineReason, number>;
  const accepted = withStatus(...ACCEPTED);
  const declinedTotal = withStatus('declined');
  const expired = withStatus('expired');
  const answerHours = median(aggregates.answers.map((answer) => answer.hours));
  const byAnswer = Object.fromEntries(CHECK_IN_ANSWERS.map((answer) => [answer, countOf(aggregates.checkIns, (row) => row.answer === answer, (row) => row.count)])) as Record<CheckInAnswer, number>;
  const sent = countOf(aggregates.checkIns, () => true, (row) => row.count);
  const answered = countOf(aggregates.checkIns, (row) => row.answer !== null, (row) => row.count);
  return {
    recruited: { mentors: ofRole('mentor'), students: ofRole('student') },
    approved: { mentors: ofRole('mentor', 'approved'), students: ofRole('student', 'approved') },
    rounds: aggregates.rounds,
    proposals: countOf(matches, () => true, (row) => row.count),
    accepted,
    declined,
    expired,
    acceptanceRate: acceptanceRate(accepted, declinedTotal, expired),
    medianHoursToAnswer: answerHours === null ? null : oneDecimal(answerHours),
    pairs: { accepted: withStatus('accepted'), ended: withStatus('ended'), completed: withStatus('completed') },
    meetings: {
      count: aggregates.meetingTotals.count,
      hours: oneDecimal(aggregates.meetingTotals.minutes / 60),
      medianPerPair: medianOfHistogram(aggregates.meetingsPerPair) ?? 0,
      byMonth: [...aggregates.meetingsByMonth].sort((a, b) => a.month.localeCompare(b.month)),
    },
    checkIns: { sent, answered, responseRate: rate(answered, sent), byAnswer },
    mentors: mentorFigures(aggregates.mentorMatches, aggregates.answers),
  };
}

/** A survey's headline figures, with the surveys module's own NPS and mean over every answer of those kinds. */
export function surveyFigures(
  survey: { id: number; title: SurveyText; questions: SurveyQuestion[] },
  invited: number,
  responses: Array<{ answers: Record<string, SurveyAnswer> }>,
): ReportSurvey {
  const answersOf = (kind: QuestionKind) => {
    const ids = survey.questions.filter((question) => question.kind === kind).map((question) => question.id);
    return responses.flatMap((response) => ids.filter((id) => response.answers[id] !== undefined).map((id) => Number(response.answers[id])));
  };
  return {
    id: survey.id,
    title: survey.title,
    invited,
    responded: responses.length,
    responseRate: rate(responses.length, invited) ?? 0,
    nps: netPromoterScore(answersOf('nps')),
    meanRating: mean(answersOf('rating5')),
  };
}

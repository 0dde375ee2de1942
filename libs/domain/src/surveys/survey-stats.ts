import { ApplicantRole, QuestionResult, SURVEY_LIMITS, SurveyAnswer, SurveyQuestion } from '@app/contracts';

/** One respondent's answers as the results read them. */
export interface ResponseForResults {
  role: ApplicantRole;
  name: string;
  shareName: boolean;
  answers: Record<string, SurveyAnswer>;
}

/** The mean of the values, rounded to two decimals; null for none. */
export function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  return Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 100) / 100;
}

/** Net Promoter Score: % of 9–10 (promoters) minus % of 0–6 (detractors), rounded to a whole number; null for none. */
export function netPromoterScore(scores: number[]): number | null {
  if (scores.length === 0) return null;
  const promoters = scores.filter((score) => score >= 9).length;
  const detractors = scores.filter((score) => score <= 6).length;
  return Math.round(((promoters - detractors) / scores.length) * 100);
}

/** How many gave each value from `min` to `max`, in value order. */
export function distribution(values: number[], min: number, max: number): number[] {
  const counts = new Array<number>(max - min + 1).fill(0);
  for (const value of values) if (value >= min && value <= max) counts[value - min] += 1;
  return counts;
}

/** One question's figures over every response (a response without this answer does not count in `n`). */
export function questionResult(question: SurveyQuestion, responses: ResponseForResults[]): QuestionResult {
  const answered = responses.filter((response) => response.answers[question.id] !== undefined);
  const base = { id: question.id, kind: question.kind, n: answered.length };
  const numbers = answered.map((response) => Number(response.answers[question.id]));
  switch (question.kind) {
    case 'rating5':
      return { ...base, mean: mean(numbers), distribution: distribution(numbers, SURVEY_LIMITS.rating5.min, SURVEY_LIMITS.rating5.max) };
    case 'nps':
      return { ...base, mean: mean(numbers), nps: netPromoterScore(numbers), distribution: distribution(numbers, SURVEY_LIMITS.nps.min, SURVEY_LIMITS.nps.max) };
    case 'choice':
      return { ...base, distribution: distribution(numbers, 0, (question.options?.length ?? 1) - 1) };
    case 'text':
      return {
        ...base,
        texts: answered.map((response) => ({ text: String(response.answers[question.id]), role: response.role, name: response.shareName ? response.name : null })),
      };
    default: {
      const unknown: never = question.kind;
      throw new Error(`Unknown question kind ${String(unknown)}`);
    }
  }
}

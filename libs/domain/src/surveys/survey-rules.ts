import { FieldError, SURVEY_LIMITS as L, SurveyAnswer, SurveyDefinition, SurveyQuestion } from '@app/contracts';

/**
 * The rules of a survey that need the whole definition (the DTO checks each field alone): question ids are
 * distinct, a choice question has 2–10 options and no other kind has any, and it closes in the future.
 */
export function definitionProblems(definition: SurveyDefinition<Date>, now: Date): FieldError[] {
  const problems: FieldError[] = [];
  if (definition.closesAt <= now) problems.push({ field: 'closesAt', rule: 'min' });
  const seen = new Set<string>();
  definition.questions.forEach((question, index) => {
    if (seen.has(question.id)) problems.push({ field: `questions.${index}.id`, rule: 'unique' });
    seen.add(question.id);
    const options = question.options?.length ?? 0;
    if (question.kind === 'choice') {
      if (options === 0) problems.push({ field: `questions.${index}.options`, rule: 'required' });
      else if (options < L.options.minItems) problems.push({ field: `questions.${index}.options`, rule: 'minItems', limit: L.options.minItems });
    } else if (question.options !== undefined) {
      problems.push({ field: `questions.${index}.options`, rule: 'unknown' });
    }
  });
  return problems;
}

/** Each answer checked against its question's kind; fields are `answers.<questionId>`. */
export function answerProblems(questions: SurveyQuestion[], answers: Record<string, SurveyAnswer>): FieldError[] {
  const problems: FieldError[] = [];
  const known = new Map(questions.map((question) => [question.id, question]));
  for (const id of Object.keys(answers)) if (!known.has(id)) problems.push({ field: `answers.${id}`, rule: 'unknown' });
  for (const question of questions) {
    const field = `answers.${question.id}`;
    const answer = answers[question.id];
    if (answer === undefined || answer === null || answer === '') {
      if (question.required) problems.push({ field, rule: 'required' });
      continue;
    }
    if (question.kind === 'text') {
      if (typeof answer !== 'string') problems.push({ field, rule: 'type' });
      else if (answer.length > L.textAnswer.maxLength) problems.push({ field, rule: 'maxLength', limit: L.textAnswer.maxLength });
      continue;
    }
    if (typeof answer !== 'number' || !Number.isInteger(answer)) {
      problems.push({ field, rule: 'type' });
      continue;
    }
    const [min, max] = question.kind === 'rating5' ? [L.rating5.min, L.rating5.max]
      : question.kind === 'nps' ? [L.nps.min, L.nps.max] : [0, (question.options?.length ?? 1) - 1];
    if (question.kind === 'choice' && (answer < min || answer > max)) problems.push({ field, rule: 'oneOf' });
    else if (answer < min) problems.push({ field, rule: 'min', limit: min });
    else if (answer > max) problems.push({ field, rule: 'max', limit: max });
  }
  return problems;
}

/** The answers as stored: without the empty ones of optional questions. */
export function storedAnswers(answers: Record<string, SurveyAnswer>): Record<string, SurveyAnswer> {
  return Object.fromEntries(Object.entries(answers).filter(([, answer]) => answer !== undefined && answer !== null && answer !== ''));
}

import type { FieldError, QuestionKind, SurveyDefinition, SurveyQuestion, SurveyView } from '@app/contracts';
import { formatDateTime } from '@/format/time';

/** A survey as the editor holds it: the closing time as China wall-clock text (`2027-06-30 23:59`) for the picker. */
export interface SurveyDraft extends Omit<SurveyDefinition, 'closesAt' | 'questions'> {
  closesAt: string;
  questions: DraftQuestion[];
}

/** `en` always present (empty = not written) so the inputs bind to it; `options` kept while another kind is picked. */
export interface DraftQuestion {
  id: string;
  kind: QuestionKind;
  text: { zh: string; en: string };
  options: Array<{ zh: string; en: string }>;
  required: boolean;
}

const textOf = (text: { zh: string; en?: string }) => ({ zh: text.zh, en: text.en ?? '' });

export function draftOf(definition: Omit<SurveyDefinition, 'closesAt'> & { closesAt?: string }): SurveyDraft {
  return {
    title: textOf(definition.title),
    audience: definition.audience,
    closesAt: definition.closesAt ? formatDateTime(definition.closesAt) : '',
    questions: definition.questions.map((question) => ({
      id: question.id, kind: question.kind, text: textOf(question.text), required: question.required,
      options: (question.options ?? []).map(textOf),
    })),
  };
}

export const blankDraft = (): SurveyDraft => ({ title: { zh: '', en: '' }, audience: 'both', closesAt: '', questions: [blankQuestion([])] });

/** A new question with an id no other question of the survey has (ids are what answers are stored under). */
export function blankQuestion(others: DraftQuestion[]): DraftQuestion {
  const taken = new Set(others.map((question) => question.id));
  let n = others.length + 1;
  while (taken.has(`q${n}`)) n += 1;
  return { id: `q${n}`, kind: 'rating5', text: { zh: '', en: '' }, options: [], required: true };
}

const english = (text: { zh: string; en?: string }) => ({ zh: text.zh.trim(), ...(text.en?.trim() && { en: text.en.trim() }) });

/** China wall-clock text → the instant, written with its +08:00 offset ('' stays '' and the API names the field). */
export const closingInstant = (wallClock: string) => (wallClock ? `${wallClock.replace(' ', 'T')}:00+08:00` : '');

/** The body of POST/PUT: English left out where not written, options only on choice questions. */
export function definitionOf(draft: SurveyDraft): SurveyDefinition {
  return {
    title: english(draft.title),
    audience: draft.audience,
    closesAt: closingInstant(draft.closesAt),
    questions: draft.questions.map((question): SurveyQuestion => ({
      id: question.id, kind: question.kind, text: english(question.text), required: question.required,
      ...(question.kind === 'choice' && { options: question.options.map(english) }),
    })),
  };
}

/** What the phone's form shows for the preview: the draft as if published and not answered. */
export function previewOf(draft: SurveyDraft): Pick<SurveyView, 'questions' | 'title'> {
  const definition = definitionOf(draft);
  return { title: definition.title, questions: definition.questions };
}

/** Looks up the first broken rule at a field or below it (`questions.2.options` covers `questions.2.options.0.zh`). */
export function errorLookup(errors: FieldError[], t: (key: string, values?: Record<string, unknown>) => string) {
  return (field: string): string => {
    const found = errors.find((error) => error.field === field || error.field.startsWith(`${field}.`));
    return found ? t(`common.rules.${found.rule}`, { limit: found.limit ?? '' }) : '';
  };
}

import type { FieldError, SurveyText } from '@app/contracts';
import { useI18n } from 'vue-i18n';
import { ApiRequestError } from '@/api/client';

/** A coordinator's text in the page's language: English where they wrote it, else the Chinese every survey has. */
export function useSurveyText(): (text: SurveyText | undefined) => string {
  const { locale } = useI18n();
  return (text) => (text ? (locale.value === 'en' && text.en?.trim() ? text.en : text.zh) : '');
}

/** The first broken rule of each `<prefix>.<key>` field (`answers.satisfaction` → `satisfaction`), in the page's language. */
export function fieldsUnder(errors: FieldError[], prefix: string, t: (key: string, values?: Record<string, unknown>) => string): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const { field, rule, limit } of errors) {
    if (!field.startsWith(`${prefix}.`)) continue;
    const key = field.slice(prefix.length + 1);
    messages[key] ??= t(`common.rules.${rule}`, { limit: limit ?? '' });
  }
  return messages;
}

/** The field errors of a failed call, or none. */
export const fieldErrorsOf = (error: unknown): FieldError[] => (error instanceof ApiRequestError ? error.fieldErrors : []);

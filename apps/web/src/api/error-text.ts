import type { FieldError } from '@app/contracts';
import { useI18n } from 'vue-i18n';
import { ApiRequestError } from './client';

/** The first broken rule of each form field (`topics.2` counts for `topics`), worded in the page's language. */
export function fieldMessages(errors: FieldError[], t: (key: string, values?: Record<string, unknown>) => string): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const { field, rule, limit } of errors) {
    const [root, index] = field.split('.');
    // `topics.2` is an item of the `topics` field; `answers.satisfaction` is a field of its own (a survey question).
    const item = index !== undefined && /^\d+$/.test(index);
    const key = index === undefined || item ? root : field;
    if (messages[key]) continue;
    const text = t(`common.rules.${rule}`, { limit: limit ?? '' });
    messages[key] = item ? t('common.rules.item', { index: Number(index) + 1, text }) : text;
  }
  return messages;
}

/**
 * Words for a failed call in the page's language: by its conflict code, else by its status. Never the API's
 * English message.
 */
export function useErrorText() {
  const { t, te } = useI18n();
  function describe(error: unknown): string {
    if (!(error instanceof ApiRequestError)) return t('common.errors.unexpected');
    if (error.isNetwork) return t('common.errors.network');
    const code = error.body?.code;
    if (code && te(`common.conflicts.${code}`)) return t(`common.conflicts.${code}`);
    switch (error.status) {
      case 400: return t('common.errors.fields');
      case 401: return t('common.errors.unauthorized');
      case 403: return t('common.errors.forbidden');
      case 404: return t('common.errors.notFound');
      case 409: return t('common.errors.conflict');
      case 410: return t('common.errors.gone');
      case 413: return t('common.errors.tooLarge');
      case 429: return t('common.errors.tooMany');
      default: return t('common.errors.server');
    }
  }
  return { describe, fields: (error: unknown) => (error instanceof ApiRequestError ? fieldMessages(error.fieldErrors, t) : {}) };
}

import type { DetailValue } from '@app/contracts';

/** A stored detail as text: tags joined with 、, a missing one as `none` (the page's word for it). */
export function detailText(value: DetailValue | undefined, none: string): string {
  if (Array.isArray(value)) return value.length > 0 ? value.join('、') : none;
  return value === null || value === undefined || value === '' ? none : String(value);
}

/** The details that are paragraphs, shown with their line breaks. */
export const LONG_DETAILS: readonly string[] = ['statement', 'bio'];

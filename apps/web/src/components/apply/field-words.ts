import { nextTick } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FieldSpec } from './field-rules';

/**
 * The words of an application field: its label and hint, the role's own where it has one (a mentor's topics are
 * "可以分享的话题"), with the limits the rules keep. The apply forms and the edit of one's details on /me say the same.
 */
export function useFieldWords(role: () => 'mentor' | 'student') {
  const { t, te } = useI18n();

  const keyOf = (kind: 'labels' | 'hints', name: string) => {
    const own = `apply.${role()}.${kind}.${name}`;
    return te(own) ? own : `apply.${kind}.${name}`;
  };

  function label(name: string): string {
    return t(keyOf('labels', name));
  }

  function hint(spec: FieldSpec): string {
    const key = keyOf('hints', spec.name);
    switch (spec.kind) {
      case 'number': return t(key, { min: spec.min, max: spec.max });
      case 'tags': return t(key, { min: spec.limit.minItems, max: spec.limit.maxItems, each: spec.limit.itemMaxLength });
      case 'consent': return '';
      default: return t(key, { max: spec.maxLength });
    }
  }

  return { label, hint };
}

/** Brings the first field with an error into view and puts the cursor in it. */
export async function showFirstProblem(): Promise<void> {
  await nextTick();
  const first = document.querySelector<HTMLElement>('.field-error');
  const field = first?.closest<HTMLElement>('[data-field]');
  field?.scrollIntoView({ block: 'center' });
  field?.querySelector<HTMLElement>('input, textarea')?.focus({ preventScroll: true });
}

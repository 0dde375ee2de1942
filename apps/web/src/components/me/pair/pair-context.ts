import type { FieldError } from '@app/contracts';
import { inject, type InjectionKey, provide, ref } from 'vue';
import { ApiRequestError } from '@/api/client';
import type { PairsApi } from '@/api/pairs';

export interface PairsContext {
  api: PairsApi;
  /** Loads the pairs again: after every change, and after a failure (the pair may have ended meanwhile). */
  reload: () => Promise<void>;
}

const KEY: InjectionKey<PairsContext> = Symbol('pairs');

export function providePairs(context: PairsContext): void {
  provide(KEY, context);
}

export function usePairs(): PairsContext {
  const context = inject(KEY);
  if (!context) throw new Error('usePairs() outside the pairs section');
  return context;
}

/**
 * One part of a pair that saves (goals, a meeting, the end): while it saves, the field rules the server refused
 * (kept as rules, so a language switch rewords them), any other failure, and the notice of the last success — a key
 * of `pairs.notices`. A 400 keeps what the person typed; anything else reloads the pairs, whose state decides.
 */
export function usePairSave() {
  const { api, reload } = usePairs();
  const saving = ref(false);
  const problems = ref<FieldError[]>([]);
  const failure = ref<unknown>(null);
  const notice = ref<string | null>(null);

  /** `done`: the notice to show once saved; null when the pair's new state says it (ending one). */
  async function save(run: (pairs: PairsApi) => Promise<unknown>, done: string | null): Promise<boolean> {
    saving.value = true;
    problems.value = [];
    failure.value = null;
    notice.value = null;
    try {
      await run(api);
      // Said once the page shows it: the list below already reads as the notice says.
      await reload();
      notice.value = done;
      return true;
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 400) problems.value = error.fieldErrors;
      else {
        failure.value = error;
        await reload();
      }
      return false;
    } finally {
      saving.value = false;
    }
  }

  return { saving, problems, failure, notice, save };
}

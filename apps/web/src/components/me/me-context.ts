import { inject, type InjectionKey, provide } from 'vue';
import type { MeApi } from '@/api/me';

/** A notice after an action: a key of `me.notices.*` and its values, worded when shown (so it follows the language). */
export interface Notice {
  key: string;
  values?: Record<string, unknown>;
}

export interface MeContext {
  api: MeApi;
  /**
   * Runs an action the person confirmed, then shows its notice (or the failure, in words) and reloads the page's
   * data either way: a failed action usually means the state changed meanwhile. Resolves with the failure, or null.
   */
  act: (run: () => Promise<unknown>, done: Notice) => Promise<unknown>;
}

const KEY: InjectionKey<MeContext> = Symbol('me');

export function provideMe(context: MeContext): void {
  provide(KEY, context);
}

export function useMe(): MeContext {
  const context = inject(KEY);
  if (!context) throw new Error('useMe() outside the personal page');
  return context;
}

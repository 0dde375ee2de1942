import { type Ref, watchEffect } from 'vue';

/**
 * Vant renders a field's input itself and gives it no aria-invalid or aria-describedby, so a screen reader would
 * not hear the error beside it: set them on the input once it is rendered.
 */
export function useFieldAria(root: Ref<HTMLElement | null>, errorId: string, error: () => string | undefined, hintId: string): void {
  watchEffect(() => {
    const input = root.value?.querySelector('input, textarea');
    if (!input) return;
    const message = error();
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    input.setAttribute('aria-describedby', message ? `${errorId} ${hintId}` : hintId);
  }, { flush: 'post' });
}

import { ref } from 'vue';
import { useErrorText } from '@/api/error-text';

/**
 * A console form's sending state: while `submit` runs its call `saving` is true; a refusal naming fields fills
 * `errors` (one message per field, shown beside it), any other failure `problem` (one line above the buttons).
 */
export function useFormSubmit() {
  const { describe, fields } = useErrorText();
  const errors = ref<Record<string, string>>({});
  const problem = ref('');
  const saving = ref(false);

  async function submit(call: () => Promise<void>): Promise<void> {
    saving.value = true;
    problem.value = '';
    try {
      await call();
    } catch (error) {
      errors.value = fields(error);
      problem.value = Object.keys(errors.value).length ? '' : describe(error);
    } finally {
      saving.value = false;
    }
  }

  return { errors, problem, saving, submit };
}

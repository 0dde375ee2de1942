import { onBeforeUnmount, onMounted, readonly, ref, type Ref } from 'vue';

/** The personal token of `/me#token=…`; '' when the fragment has none. */
export function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim() ?? '';
}

/**
 * The token in the address, followed as it changes: a second personal link opened in the same tab only changes
 * the fragment, which reloads nothing, so the page must listen (defect 12). The address itself is left as it is:
 * it is the link the person may bookmark.
 */
export function usePersonalToken(): Readonly<Ref<string>> {
  const token = ref(tokenFromHash(location.hash));
  const follow = (): void => { token.value = tokenFromHash(location.hash); };
  onMounted(() => {
    window.addEventListener('hashchange', follow);
    // Back and forward between two links of the same page come as popstate; the fragment is already the new one.
    window.addEventListener('popstate', follow);
    follow();
  });
  onBeforeUnmount(() => {
    window.removeEventListener('hashchange', follow);
    window.removeEventListener('popstate', follow);
  });
  return readonly(token);
}

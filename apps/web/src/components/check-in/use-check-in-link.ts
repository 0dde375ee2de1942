import { CHECK_IN_ANSWERS, type CheckInAnswer } from '@app/contracts';
import { onBeforeUnmount, onMounted, readonly, ref, type Ref } from 'vue';

export interface CheckInLink {
  /** '' when the address had none. */
  token: string;
  /** The answer the email's button stood for; null when missing or not one of the three. */
  answer: CheckInAnswer | null;
}

/** `#token=…&answer=…` of a check-in email's link. */
export function checkInLinkFromHash(hash: string): CheckInLink {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const answer = params.get('answer');
  return {
    token: params.get('token')?.trim() ?? '',
    answer: (CHECK_IN_ANSWERS as readonly string[]).includes(answer ?? '') ? (answer as CheckInAnswer) : null,
  };
}

/**
 * The link the page was opened with, and how many links this page has taken (`visit`). Unlike /me's, the address is
 * cleared once read: a check-in token is a credential for one answer, not a page to bookmark, and should not stay in
 * the history or a shared screenshot. Another answer button of the email (or the same one again) opened in this tab
 * only sets the fragment again, so the page listens: each one is a new visit, to start afresh from.
 */
export function useCheckInLink(): Readonly<Ref<CheckInLink & { visit: number }>> {
  const clear = () => history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  const link = ref({ ...checkInLinkFromHash(location.hash), visit: 0 });
  if (location.hash) clear();
  const take = (): void => {
    if (!location.hash) return;
    link.value = { ...checkInLinkFromHash(location.hash), visit: link.value.visit + 1 };
    clear();
  };
  onMounted(() => window.addEventListener('hashchange', take));
  onBeforeUnmount(() => window.removeEventListener('hashchange', take));
  return readonly(link);
}

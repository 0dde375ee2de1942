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
 * The link the page was opened with. Unlike /me's, the address is cleared once read: a check-in token is a credential
 * for one answer, not a page to bookmark, and should not stay in the history or a shared screenshot. A second link
 * opened in the same tab only changes the fragment, so the page listens and takes that one instead.
 */
export function useCheckInLink(): Readonly<Ref<CheckInLink>> {
  const link = ref<CheckInLink>(checkInLinkFromHash(location.hash));
  const take = (): void => {
    if (!location.hash) return;
    link.value = checkInLinkFromHash(location.hash);
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  };
  onMounted(() => {
    window.addEventListener('hashchange', take);
    take();
  });
  onBeforeUnmount(() => window.removeEventListener('hashchange', take));
  return readonly(link);
}

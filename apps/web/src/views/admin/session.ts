import type { StaffMe } from '@app/contracts';
import { ref } from 'vue';
import { api, ApiRequestError } from '@/api/client';

/**
 * Who is signed in to the console, from `GET /api/auth/me`; null when nobody is. The session itself is an HttpOnly
 * cookie the page never sees: every call to the API carries it.
 */
export const staffMe = ref<StaffMe | null>(null);

/** Set when a call was refused with 401 (the session ended, or the member was disabled): the console says so. */
export const sessionExpired = ref(false);

/** Asks the API who the cookie belongs to; nobody (401) leaves the console on its sign-in card. */
export async function loadMe(): Promise<void> {
  try {
    staffMe.value = await api<StaffMe>('GET', '/api/auth/me');
  } catch (error) {
    if (!(error instanceof ApiRequestError && error.status === 401)) throw error;
    staffMe.value = null;
  }
}

/** Exchanges a sign-in link's token for the session cookie. */
export async function completeSignIn(token: string): Promise<void> {
  staffMe.value = await api<StaffMe>('POST', '/api/auth/session', { body: { token } });
  sessionExpired.value = false;
}

export async function signOut(): Promise<void> {
  await api('POST', '/api/auth/sign-out');
  staffMe.value = null;
}

/** Calls a staff route with the session cookie; a 401 from any of them signs the console out and says so. */
export async function adminApi<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  try {
    return await api<T>(method, path, { body });
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401 && staffMe.value) {
      sessionExpired.value = true;
      staffMe.value = null;
    }
    throw error;
  }
}

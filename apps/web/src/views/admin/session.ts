import { ref } from 'vue';
import { api, ApiRequestError } from '@/api/client';

const TOKEN_KEY = 'shiyou.coordinatorToken';

function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** The signed-in coordinator's token: kept for this browser tab only (sessionStorage), never in a URL. */
export const coordinatorToken = ref<string | null>(storedToken());

export function rememberToken(token: string | null): void {
  if (token) sessionExpired.value = false;
  coordinatorToken.value = token;
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Private mode: signed in for as long as this page stays open.
  }
}

/** Set when a call was refused with 401 (the token was revoked or mistyped): the console signs out and says so. */
export const sessionExpired = ref(false);

/** Calls a coordinator route with the signed-in token; a 401 from any of them signs the coordinator out. */
export async function adminApi<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  try {
    return await api<T>(method, path, { body, token: coordinatorToken.value });
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401 && coordinatorToken.value) {
      sessionExpired.value = true;
      rememberToken(null);
    }
    throw error;
  }
}

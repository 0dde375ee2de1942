import { ref } from 'vue';
import { api } from '@/api/client';

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
  coordinatorToken.value = token;
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Private mode: signed in for as long as this page stays open.
  }
}

/** Calls a coordinator route with the signed-in token. */
export function adminApi<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return api<T>(method, path, { body, token: coordinatorToken.value });
}

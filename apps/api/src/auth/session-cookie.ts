import { SESSION_COOKIE, SESSION_IDLE_SECONDS } from '@app/contracts';
import { Request, Response } from 'express';

/** The session token from the Cookie header, if the request carries one. */
export function sessionToken(request: Request): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE && value.length > 0) return value.join('=') || null;
  }
  return null;
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure when the app is served over
 * https, and scoped to the API. Its lifetime is the idle expiry; the server enforces that expiry on its own.
 */
export function setSessionCookie(response: Response, token: string, publicUrl: string): void {
  response.cookie(SESSION_COOKIE, token, {
    httpOnly: true, sameSite: 'strict', secure: new URL(publicUrl).protocol === 'https:', path: '/api', maxAge: SESSION_IDLE_SECONDS * 1000,
  });
}

export function clearSessionCookie(response: Response, publicUrl: string): void {
  response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: new URL(publicUrl).protocol === 'https:', path: '/api' });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A write made with the cookie must come from the app's own pages: its Origin header names PUBLIC_URL's origin. A
 * browser sends Origin on every cross-origin request and on same-origin writes, so a missing one is refused too.
 */
export function isForeignWrite(request: Request, publicUrl: string): boolean {
  return !SAFE_METHODS.has(request.method) && request.headers.origin !== new URL(publicUrl).origin;
}

import { Request, Response } from 'express';
import { isForeignWrite, sessionToken, setSessionCookie } from './session-cookie';

const request = (method: string, headers: Record<string, string>) => ({ method, headers }) as unknown as Request;

describe('the session cookie', () => {
  it('reads the session token among other cookies, and nothing from a cookie of another name', () => {
    expect(sessionToken(request('GET', { cookie: 'lang=zh; shiyou_session=w_abc-DEF; theme=dark' }))).toBe('w_abc-DEF');
    expect(sessionToken(request('GET', { cookie: 'not_shiyou_session=w_abc' }))).toBeNull();
    expect(sessionToken(request('GET', { cookie: 'shiyou_session=' }))).toBeNull();
    expect(sessionToken(request('GET', {}))).toBeNull();
  });

  it.each([
    ['POST', 'https://shiyou.example.edu', false],
    ['POST', 'https://evil.example', true],
    ['DELETE', 'https://shiyou.example.edu.evil.example', true],
    ['PATCH', undefined, true],
    ['GET', 'https://evil.example', false],
  ])('judges a %s with Origin %p as foreign: %p', (method, origin, foreign) => {
    expect(isForeignWrite(request(method, origin ? { origin } : {}), 'https://shiyou.example.edu/')).toBe(foreign);
  });

  it.each([['https://shiyou.example.edu', true], ['http://127.0.0.1:3000', false]])('marks the cookie Secure when PUBLIC_URL is %s: %p', (publicUrl, secure) => {
    const set: unknown[][] = [];
    setSessionCookie({ cookie: (...args: unknown[]) => set.push(args) } as unknown as Response, 'w_token', publicUrl);
    expect(set).toEqual([['shiyou_session', 'w_token', { httpOnly: true, sameSite: 'strict', secure, path: '/api', maxAge: 8 * 3600 * 1000 }]]);
  });
});

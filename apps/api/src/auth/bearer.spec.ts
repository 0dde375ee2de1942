import { Request } from 'express';
import { bearerToken } from './bearer';

const withAuthorization = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as Request;

describe('bearerToken', () => {
  it.each([
    ['Bearer s_abc-DEF_123', 's_abc-DEF_123'],
    ['bearer   c_token  ', 'c_token'],
  ])('reads the token from %p', (header, token) => {
    expect(bearerToken(withAuthorization(header))).toBe(token);
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 's_abc', 'Basic YWRtaW46YWRtaW4=', 'Bearer two tokens'])('finds no token in %p', (header) => {
    expect(bearerToken(withAuthorization(header))).toBeNull();
  });
});

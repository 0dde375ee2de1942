import { TOKEN_PREFIX, TokenKind } from '@app/contracts';
import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe, prefixed by kind so a lookup knows which table to search. */
export function generateToken(kind: TokenKind): string {
  return TOKEN_PREFIX[kind] + randomBytes(32).toString('base64url');
}

export function tokenKind(token: string): TokenKind | null {
  const entry = Object.entries(TOKEN_PREFIX).find(([, prefix]) => token.startsWith(prefix));
  return entry ? (entry[0] as TokenKind) : null;
}

/** Tokens are long and random, so a fast unsalted hash is enough: only the hash is ever stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

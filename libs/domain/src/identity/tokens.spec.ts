import { generateToken, hashToken, tokenKind } from './tokens';

describe('tokens', () => {
  it('generates distinct URL-safe tokens with at least 128 bits of randomness', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateToken('student')));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^s_[A-Za-z0-9_-]{43}$/);
  });

  it('recognises the kind from the prefix and rejects others', () => {
    expect(tokenKind(generateToken('mentor'))).toBe('mentor');
    expect(tokenKind(generateToken('coordinator'))).toBe('coordinator');
    expect(tokenKind('x_abc')).toBeNull();
  });

  it('hashes deterministically to 64 hex chars without containing the token', () => {
    const token = generateToken('mentor');
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token.slice(2, 12));
  });
});

export const TOKEN_KINDS = ['mentor', 'student', 'coordinator', 'check_in'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Every token starts with its kind's prefix, so a lookup knows which table to search. */
export const TOKEN_PREFIX: Record<TokenKind, string> = { mentor: 'm_', student: 's_', coordinator: 'c_', check_in: 'k_' };

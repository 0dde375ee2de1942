export const TOKEN_KINDS = ['mentor', 'student', 'coordinator', 'check_in', 'sign_in', 'session'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Every token starts with its kind's prefix, so a lookup knows which table to search. */
/** `coordinator` is a staff member's personal API token; `sign_in` a one-time sign-in link; `session` a console session. */
export const TOKEN_PREFIX: Record<TokenKind, string> = { mentor: 'm_', student: 's_', coordinator: 'c_', check_in: 'k_', sign_in: 'l_', session: 'w_' };

/**
 * "Resend my link" (DESIGN §9): how many requests are let through in a window, per address and cohort and per
 * client (IP address). A request over either limit gets the same 202 as any other and sends nothing.
 */
export const RESEND_LINK_LIMITS = {
  perAddress: { requests: 3, windowSeconds: 3600 },
  perClient: { requests: 10, windowSeconds: 600 },
} as const;

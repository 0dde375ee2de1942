import type { MePair, PairRole, PairStatus } from '@app/contracts';

/** The other member of the pair: the mentor's partner is a student and the other way round. */
export function partnerRole(pair: Pick<MePair, 'role'>): PairRole {
  return pair.role === 'mentor' ? 'student' : 'mentor';
}

/** Who ended a pair, as `pairs.endedBy.*` words it: "you" when it was the person reading; null when not recorded. */
export function endedByKey(pair: Pick<MePair, 'role' | 'endedBy'>): 'you' | 'mentor' | 'student' | 'coordinator' | null {
  if (pair.endedBy === null) return null;
  return pair.endedBy === pair.role ? 'you' : pair.endedBy;
}

/** Green while the pair runs, grey once ended, the program's red once completed (结业). */
export const PAIR_TONE: Record<PairStatus, 'ok' | 'muted' | 'brand'> = { accepted: 'ok', ended: 'muted', completed: 'brand' };

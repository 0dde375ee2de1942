import { PAIR_HEALTHS, type PairCounts, type PairHealth, type PairRow } from '@app/contracts';

/**
 * Each health's colour, as text on white and on its own light tint: all at 4.5:1 or more (WCAG AA). Element Plus's
 * warning and info tags (amber and grey on their tints) fall under 3:1, so the pairs tab colours its own.
 */
export const HEALTH_COLOR: Record<PairHealth, string> = {
  on_track: '#1a7f37',
  needs_attention: '#8a5300',
  at_risk: '#b42318',
  ended: '#4a5568',
  completed: '#1f4e8c',
};

/** Worst first: sorting the health column ascending puts the pairs that need a coordinator at the top. */
const SEVERITY: PairHealth[] = ['at_risk', 'needs_attention', 'on_track', 'ended', 'completed'];
export const healthSeverity = (health: PairHealth) => SEVERITY.indexOf(health);

/** The counts at the top of the tab: every pair of the cohort, by health. */
export function countByHealth(rows: Pick<PairRow, 'health'>[]): PairCounts {
  const byHealth = Object.fromEntries(PAIR_HEALTHS.map((health) => [health, 0])) as Record<PairHealth, number>;
  for (const row of rows) byHealth[row.health] += 1;
  return { total: rows.length, byHealth };
}

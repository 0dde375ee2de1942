import { countByHealth, healthSeverity } from './pair-health-view';

describe('the pairs tab counts', () => {
  it('counts every health, zero for those no pair has', () => {
    const counts = countByHealth([{ health: 'on_track' }, { health: 'at_risk' }, { health: 'on_track' }]);
    expect(counts).toEqual({ total: 3, byHealth: { on_track: 2, needs_attention: 0, at_risk: 1, ended: 0, completed: 0 } });
  });

  it('sorts the pairs that need a coordinator first', () => {
    const order = (['completed', 'on_track', 'at_risk', 'ended', 'needs_attention'] as const).slice().sort((a, b) => healthSeverity(a) - healthSeverity(b));
    expect(order).toEqual(['at_risk', 'needs_attention', 'on_track', 'ended', 'completed']);
  });
});

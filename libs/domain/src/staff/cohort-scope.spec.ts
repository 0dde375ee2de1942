import { isInScope } from './cohort-scope';

// whereInScope, the same reading as a query condition, runs against MariaDB in libs/domain/integration/staff.int-spec.ts.
describe('isInScope', () => {
  it('takes every cohort into an admin\'s scope (null)', () => {
    expect([1, 2, 4_000_000_000].every((cohortId) => isInScope(null, cohortId))).toBe(true);
  });

  it('takes no cohort into an empty scope', () => {
    expect([1, 2, 3].some((cohortId) => isInScope([], cohortId))).toBe(false);
  });

  it('takes the listed cohorts into a coordinator\'s scope, and only those', () => {
    expect([1, 2, 3, 4, 5].filter((cohortId) => isInScope([2, 4], cohortId))).toEqual([2, 4]);
  });
});

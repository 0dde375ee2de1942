import { WhereExpressionBuilder } from 'typeorm';

/*
 * A caller's cohort scope (DESIGN §10) as CoordinatorIdentity carries it: null for an admin (every cohort), else the
 * cohorts a coordinator runs, [] for none. The views across cohorts read it through these two, so none of them can
 * read an empty scope as "no filter".
 */

/** Whether `cohortId` is one of the scope's cohorts. */
export function isInScope(cohortIds: readonly number[] | null, cohortId: number): boolean {
  return cohortIds === null || cohortIds.includes(cohortId);
}

/**
 * Narrows `query` to the rows whose `column` (an alias path, `entry.cohortId`) is one of the scope's cohorts. It adds
 * to the conditions already there, so call it after any `where()`, which would replace it.
 */
export function whereInScope<Q extends WhereExpressionBuilder>(query: Q, column: string, cohortIds: readonly number[] | null): Q {
  if (cohortIds === null) return query;
  // `IN ()` is not SQL: an empty scope is a condition no row meets.
  if (cohortIds.length === 0) return query.andWhere('1 = 0');
  return query.andWhere(`${column} IN (:...cohortScope)`, { cohortScope: cohortIds });
}

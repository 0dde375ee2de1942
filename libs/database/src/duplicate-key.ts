import { QueryFailedError } from 'typeorm';

/** MySQL/MariaDB duplicate-key error, with the name of the unique index that refused the row. */
export function duplicateKeyOf(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; sqlMessage?: string } | undefined;
  if (driverError?.code !== 'ER_DUP_ENTRY') return null;
  return /for key '(?:[^.']*\.)?([^']+)'/.exec(driverError.sqlMessage ?? '')?.[1] ?? 'unknown';
}

/**
 * InnoDB chose this transaction as a deadlock's victim and rolled it back: running it again from the start is
 * correct and usually succeeds (two writers locked the same rows through different indexes).
 */
export function isDeadlock(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  return (error.driverError as { code?: string } | undefined)?.code === 'ER_LOCK_DEADLOCK';
}

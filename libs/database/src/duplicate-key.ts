import { QueryFailedError } from 'typeorm';

/** MySQL/MariaDB duplicate-key error, with the name of the unique index that refused the row. */
export function duplicateKeyOf(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; sqlMessage?: string } | undefined;
  if (driverError?.code !== 'ER_DUP_ENTRY') return null;
  return /for key '(?:[^.']*\.)?([^']+)'/.exec(driverError.sqlMessage ?? '')?.[1] ?? 'unknown';
}

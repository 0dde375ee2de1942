import { InsertResult } from 'typeorm';

/**
 * The ids of a multi-row INSERT (…IGNORE) when it inserted every row: InnoDB hands a multi-row insert
 * consecutive ids from the first (innodb_autoinc_lock_mode ≤ 1, which the deployment sets). Null when
 * IGNORE skipped a row: the ids are then unknown and the caller reads the rows back.
 */
export function insertedIds(result: InsertResult, rowCount: number): number[] | null {
  const { insertId, affectedRows } = result.raw as { insertId: number; affectedRows: number };
  if (affectedRows !== rowCount) return null;
  return Array.from({ length: rowCount }, (_, index) => Number(insertId) + index);
}

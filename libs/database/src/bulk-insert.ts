import { EntityManager, QueryFailedError } from 'typeorm';

/**
 * The most one statement of `insertRows` carries, counted as 3 bytes per UTF-16 unit of each string (an upper bound
 * of its UTF-8 form): well inside the 16 MB max_allowed_packet MariaDB defaults to (MySQL's is 64 MB).
 */
export const INSERT_STATEMENT_BYTES = 4 * 2 ** 20;

/** The placeholders one prepared statement may have (the protocol counts them in 16 bits). */
const MAX_PLACEHOLDERS = 65_535;

/** A column value as the driver sends it; JSON columns take their text. */
export type InsertValue = string | number | boolean | Date | null;

/** The part of mysql2's (callback) connection used here: TypeORM's query runner holds one per transaction. */
interface DriverConnection {
  execute(sql: string, values: InsertValue[], callback: (error: Error | null, result?: Inserted) => void): void;
  unprepare(sql: string): void;
}

/** What the server says of one statement: for a single row, `insertId` is that row's id when `affectedRows` is 1. */
export interface Inserted {
  affectedRows: number;
  insertId: number;
}

const sizeOf = (value: InsertValue) => (typeof value === 'string' ? value.length * 3 : 8);

/**
 * Multi-row INSERTs straight through the driver, in the caller's transaction: no entity metadata, no query builder,
 * and prepared statements, so that the values (a round's email bodies run to hundreds of megabytes) travel as they
 * are instead of being escaped into SQL text. Each statement carries at most INSERT_STATEMENT_BYTES. A multi-row
 * statement is closed after use (row counts vary, so it is rarely reused); the one-row statement of a table, the
 * same text every time (a submission's email and job), stays prepared on its connection, so it costs one round trip.
 * Rows are taken from `rows` as they come, so a generator that renders each row keeps only one statement's rows in
 * memory; `afterEach` runs after each statement with its rows and what the server said of them (to read back their
 * ids by a unique key, for example).
 */
export async function insertRows<Row extends InsertValue[]>(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: Iterable<Row>,
  options: { ignoreDuplicates?: boolean; afterEach?: (rows: Row[], inserted: Inserted) => Promise<void> } = {},
): Promise<void> {
  const connection = manager.queryRunner?.isTransactionActive ? (manager.queryRunner as unknown as { databaseConnection: DriverConnection }).databaseConnection : null;
  if (!connection) throw new Error(`insertRows into ${table} needs the manager of a transaction`);
  const head = `INSERT ${options.ignoreDuplicates ? 'IGNORE ' : ''}INTO \`${table}\` (${columns.map((column) => `\`${column}\``).join(', ')}) VALUES `;
  const group = `(${columns.map(() => '?').join(', ')})`;
  const rowsPerStatement = Math.floor(MAX_PLACEHOLDERS / columns.length);
  let pending: Row[] = [];
  let size = 0;
  const flush = async () => {
    const chunk = pending;
    pending = [];
    size = 0;
    const sql = head + Array.from({ length: chunk.length }, () => group).join(', ');
    const inserted = await new Promise<Inserted>((resolve, reject) => connection.execute(sql, chunk.flat(), (error, result) => {
      // A fatal error closed the connection, and its statements with it (closing one now would throw).
      if (chunk.length > 1 && !(error as { fatal?: boolean } | null)?.fatal) connection.unprepare(sql);
      // As TypeORM reports a failed query, so that callers tell duplicates and deadlocks apart as they do elsewhere.
      if (error) reject(new QueryFailedError(sql, [], error));
      else resolve(result!);
    }));
    await options.afterEach?.(chunk, inserted);
  };
  for (const row of rows) {
    const rowSize = row.reduce((sum: number, value) => sum + sizeOf(value), 0);
    if (pending.length > 0 && (size + rowSize > INSERT_STATEMENT_BYTES || pending.length === rowsPerStatement)) await flush();
    pending.push(row);
    size += rowSize;
  }
  if (pending.length > 0) await flush();
}

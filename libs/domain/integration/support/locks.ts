import { DomainHarness } from './domain-harness';

/**
 * Resolves once another connection of this database runs a statement on `table` that matches `statement` (a LIKE
 * pattern; by default a locking read FOR UPDATE): one still running while the test holds the lock it needs is waiting
 * for it.
 */
export async function untilWaitingForLockOn(h: DomainHarness, table: string, statement = '%FOR UPDATE%'): Promise<void> {
  const deadline = Date.now() + 10_000;
  // information_schema.PROCESSLIST lists a user's own connections without the PROCESS privilege.
  for (;;) {
    const [row] = await h.dataSource.query(
      `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
       WHERE ID <> CONNECTION_ID() AND DB = DATABASE() AND INFO LIKE ? AND INFO LIKE ?`,
      [`%${table}%`, statement],
    );
    if (Number(row.n) > 0) return;
    if (Date.now() > deadline) throw new Error(`Nothing waited for a lock on ${table}`);
  }
}

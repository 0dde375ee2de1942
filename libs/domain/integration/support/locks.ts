import { DomainHarness } from './domain-harness';

/** Resolves once another connection of this database waits on a locking read of `table`. */
export async function untilWaitingForLockOn(h: DomainHarness, table: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  // information_schema.PROCESSLIST lists a user's own connections without the PROCESS privilege.
  for (;;) {
    const [row] = await h.dataSource.query(
      `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
       WHERE ID <> CONNECTION_ID() AND DB = DATABASE() AND INFO LIKE ? AND INFO LIKE '%FOR UPDATE%'`,
      [`%${table}%`],
    );
    if (Number(row.n) > 0) return;
    if (Date.now() > deadline) throw new Error(`Nothing waited for a lock on ${table}`);
  }
}

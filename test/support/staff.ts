import { StaffRole } from '@app/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { TestSystem } from './system';

export interface StaffMember {
  name: string;
  email: string;
  role: StaffRole;
}

/** The admin the browser suites sign in as. */
export const E2E_ADMIN: StaffMember = { name: '测试管理员', email: 'e2e-admin@alumni.example.edu', role: 'admin' };

/**
 * A fresh sign-in link's token for the member (created the first time), as the emailed link would carry it: written
 * straight into the database, so suites without an SMTP sink can sign in through the real page. test/staff.e2e-spec.ts
 * and test/web-staff.e2e-spec.ts take the link from the email itself.
 */
export async function signInToken(system: TestSystem, member: StaffMember = E2E_ADMIN): Promise<string> {
  const db = system.db.dataSource;
  await db.query('INSERT IGNORE INTO staff (name, email, role) VALUES (?, ?, ?)', [member.name, member.email, member.role]);
  const [{ id }] = await db.query('SELECT id FROM staff WHERE email = ?', [member.email]);
  const token = `l_${randomBytes(32).toString('base64url')}`;
  await db.query('INSERT INTO staff_sign_in_links (staff_id, token_hash, expires_at) VALUES (?, ?, NOW(3) + INTERVAL 15 MINUTE)', [
    id, createHash('sha256').update(token).digest('hex'),
  ]);
  return token;
}

import { SIGN_IN_LINK_SECONDS } from '@app/contracts';
import { StaffSession } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { generateToken, hashToken, tokenKind } from './tokens';

/**
 * Signing in without a password (DESIGN §10): a one-time link, minted when its email is sent and valid
 * SIGN_IN_LINK_SECONDS, is exchanged once for a session. Links and sessions are stored only as hashes; the session's
 * idle expiry and the member's being enabled are checked on every use (CoordinatorsService.identifySession).
 */
@Injectable()
export class StaffSessionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async mintSignInLink(manager: EntityManager, staffId: number): Promise<string> {
    const token = generateToken('sign_in');
    await manager.query('INSERT INTO staff_sign_in_links (staff_id, token_hash, expires_at) VALUES (?, ?, NOW(3) + INTERVAL ? SECOND)', [
      staffId, hashToken(token), SIGN_IN_LINK_SECONDS,
    ]);
    return token;
  }

  /**
   * Uses up the link and opens a session for its enabled member; null for a link used already, expired, unknown, or
   * of a disabled member. The conditional update makes two concurrent uses of one link yield one session.
   */
  async startSession(linkToken: string): Promise<string | null> {
    if (tokenKind(linkToken) !== 'sign_in') return null;
    return this.dataSource.transaction(async (manager) => {
      const [link] = await manager.query<Array<{ id: number; staffId: number }>>(
        `SELECT link.id, link.staff_id AS staffId FROM staff_sign_in_links link JOIN staff ON staff.id = link.staff_id
          WHERE link.token_hash = ? AND link.used_at IS NULL AND link.expires_at > NOW(3) AND staff.disabled_at IS NULL FOR UPDATE`,
        [hashToken(linkToken)],
      );
      if (!link) return null;
      await manager.query('UPDATE staff_sign_in_links SET used_at = NOW(3) WHERE id = ?', [link.id]);
      const session = generateToken('session');
      await manager.query('INSERT INTO staff_sessions (staff_id, token_hash, last_seen_at) VALUES (?, ?, NOW(3))', [link.staffId, hashToken(session)]);
      return session;
    });
  }

  async endSession(token: string): Promise<void> {
    await this.dataSource.manager.delete(StaffSession, { tokenHash: hashToken(token) });
  }
}

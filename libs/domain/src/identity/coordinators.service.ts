import { AppConfig } from '@app/config';
import { SESSION_IDLE_SECONDS, StaffRole } from '@app/contracts';
import { duplicateKeyOf, Staff, StaffCohort, StaffToken } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ConflictError } from '../errors/domain-errors';
import { generateToken, hashToken, tokenKind } from './tokens';

/**
 * Who is calling a staff route. `id` is the staff member's (null for the bootstrap COORDINATOR_TOKEN) and `name` what
 * records of their actions show; `cohortIds` is a coordinator's scope, null for an admin (every cohort).
 */
export interface CoordinatorIdentity {
  id: number | null;
  name: string;
  email: string | null;
  role: StaffRole;
  cohortIds: number[] | null;
}

export const BOOTSTRAP_ADMIN: CoordinatorIdentity = { id: null, name: 'COORDINATOR_TOKEN', email: null, role: 'admin', cohortIds: null };

/** A session is touched at most this often: a request a minute keeps it alive without a write per request. */
const TOUCH_AFTER_SECONDS = 60;

@Injectable()
export class CoordinatorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** The CLI's first staff member: an admin, with a personal API token returned once (stored only as a hash). */
  async create(name: string, email: string): Promise<{ coordinator: Staff; token: string }> {
    const token = generateToken('coordinator');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const coordinator = await manager.save(manager.create(Staff, { name, email: email.trim().toLowerCase(), role: 'admin' }));
        await manager.insert(StaffToken, { staffId: coordinator.id, label: 'coordinator:create', tokenHash: hashToken(token) });
        return { coordinator, token };
      });
    } catch (error) {
      if (duplicateKeyOf(error)) throw new ConflictError(`A staff member with email ${email} already exists`, 'coordinator_exists');
      throw error;
    }
  }

  /** A bearer token: the configured COORDINATOR_TOKEN (a bootstrap admin), or a personal API token of an enabled member. */
  async identify(token: string): Promise<CoordinatorIdentity | null> {
    const configured = this.config.COORDINATOR_TOKEN;
    if (configured && constantTimeEquals(token, configured)) return BOOTSTRAP_ADMIN;
    if (tokenKind(token) !== 'coordinator') return null;
    const row = await this.dataSource.manager.findOne(StaffToken, { select: { staffId: true }, where: { tokenHash: hashToken(token), revokedAt: IsNull() } });
    return row ? this.identityOf(this.dataSource.manager, row.staffId) : null;
  }

  /** A session cookie's token: its member while enabled and the session not idle for SESSION_IDLE_SECONDS; each use keeps it alive. */
  async identifySession(token: string): Promise<CoordinatorIdentity | null> {
    if (tokenKind(token) !== 'session') return null;
    const [session] = await this.dataSource.query<Array<{ id: number; staffId: number; idle: number | string }>>(
      `SELECT id, staff_id AS staffId, TIMESTAMPDIFF(SECOND, last_seen_at, NOW(3)) AS idle FROM staff_sessions
        WHERE token_hash = ? AND last_seen_at > NOW(3) - INTERVAL ? SECOND`,
      [hashToken(token), SESSION_IDLE_SECONDS],
    );
    if (!session) return null;
    const identity = await this.identityOf(this.dataSource.manager, session.staffId);
    if (identity && Number(session.idle) >= TOUCH_AFTER_SECONDS) {
      await this.dataSource.query('UPDATE staff_sessions SET last_seen_at = NOW(3) WHERE id = ?', [session.id]);
    }
    return identity;
  }

  /** An enabled member with their scope; null once disabled (or gone). */
  async identityOf(manager: EntityManager, staffId: number): Promise<CoordinatorIdentity | null> {
    const staff = await manager.findOneBy(Staff, { id: staffId });
    if (!staff || staff.disabledAt) return null;
    const cohortIds = staff.role === 'admin'
      ? null
      : (await manager.find(StaffCohort, { where: { staffId }, order: { cohortId: 'ASC' } })).map((row) => row.cohortId);
    return { id: staff.id, name: staff.name, email: staff.email, role: staff.role, cohortIds };
  }
}

function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(hashToken(a), 'hex');
  const right = Buffer.from(hashToken(b), 'hex');
  return timingSafeEqual(left, right);
}

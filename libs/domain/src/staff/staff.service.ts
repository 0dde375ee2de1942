import { StaffRole, StaffView } from '@app/contracts';
import { Cohort, duplicateKeyOf, Staff, StaffCohort, StaffSession } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ConflictError, InvalidError, NotFoundError } from '../errors/domain-errors';
import { CoordinatorIdentity } from '../identity/coordinators.service';
import { OutboxService } from '../messaging/outbox.service';
import { NotificationPolicy } from '../notifications/notification-policy';

export interface StaffInput {
  name: string;
  email: string;
  role: StaffRole;
  cohortIds?: number[];
}

export type StaffChanges = Partial<Omit<StaffInput, 'email'>>;

/** Admins' directory of staff (DESIGN §10): inviting, changing a role or scope, disabling. */
@Injectable()
export class StaffService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly policy: NotificationPolicy,
  ) {}

  /** The new member and their invitation email (with a sign-in link), committed together. */
  async invite(input: StaffInput, invitedBy: CoordinatorIdentity): Promise<StaffView<Date>> {
    try {
      return await this.outbox.transaction(async (tx) => {
        const cohortIds = await scopeOf(tx.manager, input.role, input.cohortIds ?? []);
        const staff = await tx.manager.save(tx.manager.create(Staff, { name: input.name, email: input.email.trim().toLowerCase(), role: input.role }));
        if (cohortIds.length > 0) await tx.manager.insert(StaffCohort, cohortIds.map((cohortId) => ({ staffId: staff.id, cohortId })));
        await this.policy.staffInvited(tx, staff, invitedBy.name);
        return viewOf(staff, cohortIds);
      });
    } catch (error) {
      if (duplicateKeyOf(error)) {
        throw new ConflictError(`A staff member with email ${input.email} already exists`, 'coordinator_exists', [{ field: 'email', rule: 'unique' }]);
      }
      throw error;
    }
  }

  async list(): Promise<StaffView<Date>[]> {
    const [staff, scopes] = await Promise.all([
      this.dataSource.manager.find(Staff, { order: { id: 'ASC' } }),
      this.dataSource.manager.find(StaffCohort, { order: { cohortId: 'ASC' } }),
    ]);
    return staff.map((member) => viewOf(member, scopes.filter((row) => row.staffId === member.id).map((row) => row.cohortId)));
  }

  /** A new name, role or scope; a role of admin clears the scope (admins see every cohort). Callers may not change their own role. */
  async update(staffId: number, changes: StaffChanges, by: CoordinatorIdentity): Promise<StaffView<Date>> {
    return this.dataSource.transaction(async (manager) => {
      const staff = await this.lock(manager, staffId);
      if (changes.role !== undefined && changes.role !== staff.role && staffId === by.id) {
        throw new ConflictError('You cannot change your own role', 'own_account', [{ field: 'role', rule: 'notEditable' }]);
      }
      if (changes.name !== undefined) staff.name = changes.name;
      if (changes.role !== undefined) staff.role = changes.role;
      await manager.save(staff);
      const current = (await manager.find(StaffCohort, { where: { staffId } })).map((row) => row.cohortId);
      const cohortIds = changes.cohortIds === undefined && staff.role === 'coordinator' ? current : await scopeOf(manager, staff.role, changes.cohortIds ?? []);
      await manager.delete(StaffCohort, { staffId });
      if (cohortIds.length > 0) await manager.insert(StaffCohort, cohortIds.map((cohortId) => ({ staffId, cohortId })));
      return viewOf(staff, [...cohortIds].sort((a, b) => a - b));
    });
  }

  /** From now on none of the member's sessions, sign-in links or tokens is accepted; disabling twice changes nothing. */
  async disable(staffId: number, by: CoordinatorIdentity): Promise<StaffView<Date>> {
    if (staffId === by.id) throw new ConflictError('You cannot disable your own account', 'own_account');
    return this.dataSource.transaction(async (manager) => {
      const staff = await this.lock(manager, staffId);
      staff.disabledAt ??= new Date();
      await manager.save(staff);
      await manager.delete(StaffSession, { staffId });
      const scope = await manager.find(StaffCohort, { where: { staffId }, order: { cohortId: 'ASC' } });
      return viewOf(staff, scope.map((row) => row.cohortId));
    });
  }

  private async lock(manager: EntityManager, staffId: number): Promise<Staff> {
    const staff = await manager.findOne(Staff, { where: { id: staffId }, lock: { mode: 'pessimistic_write' } });
    if (!staff) throw new NotFoundError(`Staff member ${staffId} not found`);
    return staff;
  }
}

/** A coordinator's cohorts, each of which must exist; an admin has none (they see every cohort). */
async function scopeOf(manager: EntityManager, role: StaffRole, cohortIds: number[]): Promise<number[]> {
  const distinct = [...new Set(cohortIds)];
  if (role === 'admin') {
    if (distinct.length > 0) throw new InvalidError(['cohortIds: an admin sees every cohort, so has no cohorts of their own'], [{ field: 'cohortIds', rule: 'maxItems', limit: 0 }]);
    return [];
  }
  const found = distinct.length === 0 ? [] : (await manager.find(Cohort, { select: { id: true }, where: { id: In(distinct) } })).map((cohort) => cohort.id);
  const missing = distinct.filter((id) => !found.includes(id));
  if (missing.length > 0) throw new InvalidError([`cohortIds: no cohort ${missing.join(', ')}`], [{ field: 'cohortIds', rule: 'unknown' }]);
  return distinct.sort((a, b) => a - b);
}

function viewOf(staff: Staff, cohortIds: number[]): StaffView<Date> {
  return { id: staff.id, name: staff.name, email: staff.email, role: staff.role, cohortIds, disabledAt: staff.disabledAt, createdAt: staff.createdAt };
}

import { CreatedPersonalToken, PersonalTokenView } from '@app/contracts';
import { StaffToken } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { ForbiddenError, NotFoundError } from '../errors/domain-errors';
import { CoordinatorIdentity } from '../identity/coordinators.service';
import { generateToken, hashToken } from '../identity/tokens';

/** A staff member's own API tokens for automation (`Authorization: Bearer c_…`): shown once, stored hashed, revocable. */
@Injectable()
export class PersonalTokensService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(owner: CoordinatorIdentity, label: string): Promise<CreatedPersonalToken<Date>> {
    const staffId = staffIdOf(owner);
    const token = generateToken('coordinator');
    const saved = await this.dataSource.manager.save(this.dataSource.manager.create(StaffToken, { staffId, label, tokenHash: hashToken(token) }));
    return { id: saved.id, label: saved.label, createdAt: saved.createdAt, token };
  }

  async list(owner: CoordinatorIdentity): Promise<PersonalTokenView<Date>[]> {
    const tokens = await this.dataSource.manager.find(StaffToken, { where: { staffId: staffIdOf(owner), revokedAt: IsNull() }, order: { id: 'ASC' } });
    return tokens.map(({ id, label, createdAt }) => ({ id, label, createdAt }));
  }

  /** Another member's token is not found, as a missing one; revoking twice is not found the second time. */
  async revoke(owner: CoordinatorIdentity, tokenId: number): Promise<void> {
    const result = await this.dataSource.manager.update(StaffToken, { id: tokenId, staffId: staffIdOf(owner), revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) throw new NotFoundError(`Token ${tokenId} not found`);
  }
}

function staffIdOf(owner: CoordinatorIdentity): number {
  if (owner.id === null) throw new ForbiddenError('The COORDINATOR_TOKEN has no personal tokens: sign in as a staff member');
  return owner.id;
}

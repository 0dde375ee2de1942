import { AppConfig } from '@app/config';
import { Coordinator, duplicateKeyOf } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { ConflictError } from '../errors/domain-errors';
import { generateToken, hashToken } from './tokens';

export interface CoordinatorIdentity {
  id: number | null;
  name: string;
}

@Injectable()
export class CoordinatorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Returns the new coordinator's token: shown once, stored only as a hash. */
  async create(name: string, email: string): Promise<{ coordinator: Coordinator; token: string }> {
    const token = generateToken('coordinator');
    try {
      const coordinator = await this.dataSource.manager.save(
        this.dataSource.manager.create(Coordinator, { name, email: email.trim().toLowerCase(), tokenHash: hashToken(token) }),
      );
      return { coordinator, token };
    } catch (error) {
      if (duplicateKeyOf(error)) throw new ConflictError(`A coordinator with email ${email} already exists`, 'coordinator_exists');
      throw error;
    }
  }

  async identify(token: string): Promise<CoordinatorIdentity | null> {
    const configured = this.config.COORDINATOR_TOKEN;
    if (configured && constantTimeEquals(token, configured)) return { id: null, name: 'COORDINATOR_TOKEN' };
    if (!token.startsWith('c_')) return null;
    const coordinator = await this.dataSource.manager.findOneBy(Coordinator, { tokenHash: hashToken(token), revokedAt: IsNull() });
    return coordinator ? { id: coordinator.id, name: coordinator.name } : null;
  }
}

function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(hashToken(a), 'hex');
  const right = Buffer.from(hashToken(b), 'hex');
  return timingSafeEqual(left, right);
}

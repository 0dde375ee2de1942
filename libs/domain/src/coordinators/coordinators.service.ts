import { AppConfig } from '@app/config';
import { Coordinator } from '@app/database';
import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { duplicateKeyOf } from '../common/errors';
import { generateToken, hashToken } from '../common/tokens';

export interface CoordinatorIdentity {
  id: number | null;
  name: string;
}

@Injectable()
export class CoordinatorsService {
  constructor(
    @InjectRepository(Coordinator) private readonly coordinators: Repository<Coordinator>,
    private readonly config: AppConfig,
  ) {}

  /** Returns the new coordinator's token: shown once, stored only as a hash. */
  async create(name: string, email: string): Promise<{ coordinator: Coordinator; token: string }> {
    const token = generateToken('coordinator');
    try {
      const coordinator = await this.coordinators.save(
        this.coordinators.create({ name, email: email.trim().toLowerCase(), tokenHash: hashToken(token) }),
      );
      return { coordinator, token };
    } catch (error) {
      if (duplicateKeyOf(error)) throw new ConflictException(`A coordinator with email ${email} already exists`);
      throw error;
    }
  }

  async identify(token: string): Promise<CoordinatorIdentity | null> {
    const configured = this.config.COORDINATOR_TOKEN;
    if (configured && constantTimeEquals(token, configured)) return { id: null, name: 'COORDINATOR_TOKEN' };
    if (!token.startsWith('c_')) return null;
    const coordinator = await this.coordinators.findOneBy({ tokenHash: hashToken(token), revokedAt: IsNull() });
    return coordinator ? { id: coordinator.id, name: coordinator.name } : null;
  }
}

function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(hashToken(a), 'hex');
  const right = Buffer.from(hashToken(b), 'hex');
  return timingSafeEqual(left, right);
}

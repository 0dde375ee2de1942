import { AppConfig } from '@app/config';
import { Coordinator } from '@app/database';
import { DataSource, QueryFailedError } from 'typeorm';
import { ConflictError } from '../errors/domain-errors';
import { hashToken } from './tokens';
import { CoordinatorsService } from './coordinators.service';

/** Stand-in for the coordinators table behind an entity manager, with its unique email like the schema's. */
class FakeCoordinatorTable {
  readonly rows: Coordinator[] = [];

  create(_entity: typeof Coordinator, fields: Partial<Coordinator>): Coordinator {
    return { revokedAt: null, ...fields } as Coordinator;
  }

  async save(coordinator: Coordinator): Promise<Coordinator> {
    if (this.rows.some((row) => row.email === coordinator.email)) {
      throw new QueryFailedError('INSERT', [], Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY', sqlMessage: "Duplicate entry for key 'coordinators.uq_email'" }));
    }
    const saved = { ...coordinator, id: this.rows.length + 1 };
    this.rows.push(saved);
    return saved;
  }

  async findOneBy(_entity: typeof Coordinator, where: { tokenHash: string }): Promise<Coordinator | null> {
    return this.rows.find((row) => row.tokenHash === where.tokenHash && row.revokedAt === null) ?? null;
  }
}

describe('CoordinatorsService', () => {
  const configured = 'configured-automation-token-0123';
  let repository: FakeCoordinatorTable;
  let service: CoordinatorsService;

  beforeEach(() => {
    repository = new FakeCoordinatorTable();
    service = new CoordinatorsService({ manager: repository } as unknown as DataSource, { COORDINATOR_TOKEN: configured } as AppConfig);
  });

  it('stores only the hash of a new token and normalises the email', async () => {
    const { coordinator, token } = await service.create('王老师', ' Wang@Example.CN ');
    expect(token).toMatch(/^c_[\w-]{43}$/);
    expect(coordinator.email).toBe('wang@example.cn');
    expect(repository.rows[0].tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(repository.rows)).not.toContain(token);
  });

  it('identifies a coordinator by token and refuses a revoked or unknown one', async () => {
    const { token } = await service.create('王老师', 'wang@example.cn');
    await expect(service.identify(token)).resolves.toEqual({ id: 1, name: '王老师' });
    repository.rows[0].revokedAt = new Date();
    await expect(service.identify(token)).resolves.toBeNull();
    await expect(service.identify('c_unknown')).resolves.toBeNull();
  });

  it('accepts the configured COORDINATOR_TOKEN and nothing close to it', async () => {
    await expect(service.identify(configured)).resolves.toEqual({ id: null, name: 'COORDINATOR_TOKEN' });
    await expect(service.identify(`${configured}x`)).resolves.toBeNull();
    await expect(service.identify(configured.slice(0, -1))).resolves.toBeNull();
  });

  it('refuses a second coordinator with the same email as a conflict', async () => {
    await service.create('王老师', 'wang@example.cn');
    await expect(service.create('王老师', 'WANG@example.cn')).rejects.toBeInstanceOf(ConflictError);
  });
});

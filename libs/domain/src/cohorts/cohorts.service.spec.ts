import { AppConfig } from '@app/config';
import { DEFAULT_SCORING_WEIGHTS } from '@app/contracts';
import { Cohort } from '@app/database';
import { DEFAULT_WEIGHTS } from '@app/matching';
import { DataSource } from 'typeorm';
import { ConflictError, InvalidError, NotFoundError } from '../errors/domain-errors';
import { CohortsService } from './cohorts.service';

/** An in-memory stand-in for the cohorts table: just the repository calls the service makes. */
class FakeCohortRepository {
  readonly rows = new Map<number, Cohort>();
  private nextId = 1;

  create(fields: Partial<Cohort>): Cohort {
    return { maxChoices: 5, responseWindowHours: 72, fillWithScores: true, autoRounds: false, ...fields } as Cohort;
  }

  async save(cohort: Cohort): Promise<Cohort> {
    if (!cohort.id) cohort.id = this.nextId++;
    this.rows.set(cohort.id, { ...cohort });
    return { ...cohort };
  }

  async findOneBy({ id }: { id: number }): Promise<Cohort | null> {
    const row = this.rows.get(id);
    return row ? { ...row } : null;
  }

  async find({ where }: { where?: Partial<Cohort> } = {}): Promise<Cohort[]> {
    return [...this.rows.values()].filter((row) => !where?.status || row.status === where.status).sort((a, b) => b.id - a.id);
  }

  async update(criteria: Partial<Cohort>, changes: Partial<Cohort>): Promise<{ affected: number }> {
    const row = this.rows.get(criteria.id!);
    if (!row || row.status !== criteria.status) return { affected: 0 };
    Object.assign(row, changes);
    return { affected: 1 };
  }
}

describe('CohortsService', () => {
  let repository: FakeCohortRepository;
  let service: CohortsService;

  beforeEach(() => {
    repository = new FakeCohortRepository();
    // The entity manager's calls the service makes, each answered by the table above.
    const manager = {
      create: (_entity: unknown, fields: Partial<Cohort>) => repository.create(fields),
      save: (cohort: Cohort) => repository.save(cohort),
      findOneBy: (_entity: unknown, where: { id: number }) => repository.findOneBy(where),
      find: (_entity: unknown, options?: { where?: Partial<Cohort> }) => repository.find(options),
      update: (_entity: unknown, criteria: Partial<Cohort>, changes: Partial<Cohort>) => repository.update(criteria, changes),
      query: async () => [],
    };
    const dataSource = { manager, transaction: (work: (m: typeof manager) => Promise<unknown>) => work(manager) };
    service = new CohortsService(dataSource as unknown as DataSource, new AppConfig());
  });

  it('creates every cohort as a draft, whatever the caller says', async () => {
    const cohort = await service.create({ name: '第3期', status: 'open' } as never);
    expect(cohort.status).toBe('draft');
    expect(repository.rows.get(cohort.id)?.status).toBe('draft');
  });

  it('walks draft → open → closed → archived', async () => {
    const { id } = await service.create({ name: '第3期' });
    expect((await service.transition(id, 'open')).status).toBe('open');
    expect((await service.transition(id, 'close')).status).toBe('closed');
    expect((await service.transition(id, 'archive')).status).toBe('archived');
  });

  it('reopens a closed cohort (open ⇄ closed), but never an archived one', async () => {
    const { id } = await service.create({ name: '第3期' });
    await service.transition(id, 'open');
    await service.transition(id, 'close');
    expect((await service.transition(id, 'reopen')).status).toBe('open');
    await expect(service.transition(id, 'reopen')).rejects.toThrow(new ConflictError(`Cannot reopen cohort ${id}: it is open (must be closed)`, 'transition_not_allowed'));
    await service.transition(id, 'close');
    await service.transition(id, 'archive');
    await expect(service.transition(id, 'reopen')).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses a programme that ends before it starts, naming the field', async () => {
    const { id } = await service.create({ name: '第3期', programStartsOn: '2027-03-01' });
    await expect(service.update(id, { programEndsOn: '2027-02-28' })).rejects.toMatchObject(
      new InvalidError(['programEndsOn must not be before programStartsOn'], [{ field: 'programEndsOn', rule: 'min' }]),
    );
    await expect(service.update(id, { programEndsOn: '2027-03-01' })).resolves.toMatchObject({ programStartsOn: '2027-03-01', programEndsOn: '2027-03-01' });
  });

  it('states the same default weights as the matching engine uses', () => {
    expect(DEFAULT_SCORING_WEIGHTS).toEqual(DEFAULT_WEIGHTS);
  });

  it.each([
    ['close', 'draft'],
    ['archive', 'draft'],
  ] as const)('refuses to %s a %s cohort with a conflict that names both states', async (action, status) => {
    const { id } = await service.create({ name: '第3期' });
    await expect(service.transition(id, action)).rejects.toThrow(new ConflictError(`Cannot ${action} cohort ${id}: it is ${status} (must be ${action === 'close' ? 'open' : 'closed'})`, 'transition_not_allowed'));
  });

  it('refuses to open a cohort twice', async () => {
    const { id } = await service.create({ name: '第3期' });
    await service.transition(id, 'open');
    await expect(service.transition(id, 'open')).rejects.toBeInstanceOf(ConflictError);
  });

  it('answers a missing cohort with NotFound, also on a transition', async () => {
    await expect(service.get(42)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.transition(42, 'open')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses the public a cohort that is not open with a conflict, and an unknown one as missing', async () => {
    const { id } = await service.create({ name: '第3期' });
    await expect(service.getOpen(id)).rejects.toBeInstanceOf(ConflictError);
    await expect(service.getOpen(id + 1000)).rejects.toBeInstanceOf(NotFoundError);
    await service.transition(id, 'open');
    await expect(service.getOpen(id)).resolves.toMatchObject({ id, status: 'open' });
    expect((await service.listOpen()).map((cohort) => cohort.id)).toEqual([id]);
  });

  it('lets a draft lower maxChoices but not an opened cohort', async () => {
    const { id } = await service.create({ name: '第3期', maxChoices: 5 });
    await expect(service.update(id, { maxChoices: 3 })).resolves.toMatchObject({ maxChoices: 3 });
    await service.transition(id, 'open');
    await expect(service.update(id, { maxChoices: 2 })).rejects.toBeInstanceOf(ConflictError);
    await expect(service.update(id, { maxChoices: 4, name: '第3期（扩）' })).resolves.toMatchObject({ maxChoices: 4, name: '第3期（扩）' });
  });

  it('refuses any change to an archived cohort', async () => {
    const { id } = await service.create({ name: '第3期' });
    for (const action of ['open', 'close', 'archive'] as const) await service.transition(id, action);
    await expect(service.update(id, { name: '新名字' })).rejects.toBeInstanceOf(ConflictError);
    expect(repository.rows.get(id)?.name).toBe('第3期');
  });
});

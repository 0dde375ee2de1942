import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { DataSource } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { OutboxService } from '../messaging/outbox.service';
import { NotificationPolicy } from '../notifications/notification-policy';
import { ApplicationReviewService } from './application-review.service';

interface Row {
  id: number;
  cohortId: number;
  status: string;
}

/** The review transaction against rows held in memory: find (by cohort and ids) and update. */
function fakeDataSource(rows: Row[]) {
  const updates: Array<{ ids: number[]; changes: Record<string, unknown> }> = [];
  const idsOf = (where: { id: { value: number[] } }) => where.id.value;
  const manager = {
    find: async (_entity: unknown, { where }: { where: { cohortId: number; id: { value: number[] } } }) =>
      rows.filter((row) => row.cohortId === where.cohortId && idsOf(where).includes(row.id)).map((row) => ({ ...row })),
    update: async (_entity: unknown, where: { cohortId: number; id: { value: number[] } }, changes: Record<string, unknown>) => {
      updates.push({ ids: idsOf(where), changes });
      for (const row of rows) if (row.cohortId === where.cohortId && idsOf(where).includes(row.id)) Object.assign(row, changes);
    },
  };
  const outbox = { transaction: async (work: (tx: unknown) => Promise<unknown>) => work({ manager }) } as unknown as OutboxService;
  const emailed: Array<{ ids: number[]; decision: string; note: string | null }> = [];
  const notify = {
    applicationsReviewed: async (_tx: unknown, _cohort: unknown, _role: unknown, applications: Row[], decision: string, note: string | null) => {
      emailed.push({ ids: applications.map((row) => row.id), decision, note });
    },
  } as unknown as NotificationPolicy;
  const service = (cohorts: CohortsService) => new ApplicationReviewService({} as DataSource, cohorts, outbox, notify);
  return { service, updates, emailed };
}

describe('ApplicationReviewService.review', () => {
  const cohorts = { get: async (id: number) => ({ id }) } as unknown as CohortsService;
  let rows: Row[];

  beforeEach(() => {
    rows = [
      { id: 1, cohortId: 3, status: 'submitted' },
      { id: 2, cohortId: 3, status: 'submitted' },
      { id: 3, cohortId: 3, status: 'withdrawn' },
      { id: 4, cohortId: 9, status: 'submitted' },
    ];
  });

  it('applies one decision to every id, counting each id once, and emails each application whose status changed', async () => {
    rows[1].status = 'approved';
    const { service: reviewService, emailed } = fakeDataSource(rows);
    const service = reviewService(cohorts);
    await expect(service.review('student', 3, { ids: [1, 2, 1], decision: 'approved', note: '欢迎 🎉' })).resolves.toEqual({ updated: 2 });
    expect(rows.slice(0, 2)).toEqual([
      expect.objectContaining({ status: 'approved', reviewNote: '欢迎 🎉', reviewedAt: expect.any(Date) }),
      expect.objectContaining({ status: 'approved' }),
    ]);
    expect(emailed).toEqual([{ ids: [1], decision: 'approved', note: '欢迎 🎉' }]);
  });

  it('changes nothing and names the id when one belongs to no application of the cohort', async () => {
    const { service: reviewService, updates, emailed } = fakeDataSource(rows);
    const service = reviewService(cohorts);
    await expect(service.review('mentor', 3, { ids: [1, 4], decision: 'rejected' })).rejects.toThrow(new NotFoundError('ids: no mentor application 4 in cohort 3'));
    expect(updates).toEqual([]);
    expect(emailed).toEqual([]);
  });

  it('changes nothing when a withdrawn application is in the batch', async () => {
    const { service: reviewService, updates, emailed } = fakeDataSource(rows);
    const service = reviewService(cohorts);
    await expect(service.review('student', 3, { ids: [1, 3], decision: 'approved' })).rejects.toBeInstanceOf(ConflictError);
    expect(updates).toEqual([]);
    expect(rows[0].status).toBe('submitted');
    expect(emailed).toEqual([]);
  });

  it('answers a missing cohort before touching any row', async () => {
    const { service, updates, emailed } = fakeDataSource(rows);
    const missing = { get: async () => { throw new NotFoundError('Cohort 5 not found'); } } as unknown as CohortsService;
    await expect(service(missing).review('student', 5, { ids: [1], decision: 'approved' })).rejects.toBeInstanceOf(NotFoundError);
    expect(updates).toEqual([]);
    expect(emailed).toEqual([]);
  });
});

import { QueryFailedError } from 'typeorm';
import { retryDeadlocks } from './retry-deadlocks';

const deadlock = () => new QueryFailedError('SELECT … FOR UPDATE', [], Object.assign(new Error('Deadlock found when trying to get lock'), { code: 'ER_LOCK_DEADLOCK' }));

describe('retryDeadlocks', () => {
  it('runs the transaction again after a deadlock and returns its result', async () => {
    let runs = 0;
    const result = await retryDeadlocks(async () => {
      runs += 1;
      if (runs < 3) throw deadlock();
      return 'committed';
    });
    expect(result).toBe('committed');
    expect(runs).toBe(3);
  });

  it('gives up after four deadlocks in a row, with the deadlock error', async () => {
    let runs = 0;
    await expect(retryDeadlocks(async () => {
      runs += 1;
      throw deadlock();
    })).rejects.toThrow('Deadlock found');
    expect(runs).toBe(4);
  });

  it('never repeats a transaction that failed for another reason', async () => {
    let runs = 0;
    await expect(retryDeadlocks(async () => {
      runs += 1;
      throw new Error('Cohort 3 is closed');
    })).rejects.toThrow('Cohort 3 is closed');
    expect(runs).toBe(1);
  });
});

import { ConflictError, NotFoundError, PermanentError } from '@app/domain';
import { Job, UnrecoverableError } from 'bullmq';
import { DomainWorkerHost } from './domain-worker-host';

/** A processor whose job fails with the given error, or succeeds when there is none. */
class Failing extends DomainWorkerHost {
  constructor(private readonly error: Error | null) {
    super();
  }

  protected async handle(): Promise<unknown> {
    if (this.error) throw this.error;
    return { done: true };
  }
}

const run = (error: Error | null) => new Failing(error).process({} as Job);

describe('DomainWorkerHost', () => {
  it('returns what the job returns', async () => {
    await expect(run(null)).resolves.toEqual({ done: true });
  });

  it('ends the job without retries when the work is permanently impossible or its subject is gone', async () => {
    await expect(run(new PermanentError('SMTP 550'))).rejects.toEqual(new UnrecoverableError('SMTP 550'));
    await expect(run(new NotFoundError('Round 9 not found'))).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('lets every other error fail the attempt, so the queue retries it', async () => {
    const conflict = new ConflictError('Match 3 changed meanwhile; try again', 'changed_meanwhile');
    await expect(run(conflict)).rejects.toBe(conflict);
    const outage = new Error('connect ECONNREFUSED');
    await expect(run(outage)).rejects.toBe(outage);
  });
});

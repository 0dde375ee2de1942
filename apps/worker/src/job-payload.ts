import { NotFoundError, PermanentError } from '@app/domain';
import { UnrecoverableError } from 'bullmq';

/** Payloads carry ids only; a malformed one can never succeed, so it fails without retries. */
export function idFrom(data: unknown, field: string): number {
  const value = (data as Record<string, unknown> | null)?.[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new UnrecoverableError(`Job payload needs a positive integer "${field}", got ${JSON.stringify(data)}`);
  }
  return value;
}

export const isFinalAttempt = (job: { attemptsMade: number; opts: { attempts?: number } }) => job.attemptsMade >= (job.opts.attempts ?? 1);

/**
 * Runs a job's work and ends the job for good when the domain says no retry can help: the work is permanently
 * impossible, or what it is about does not exist (a retry would not make it appear).
 */
export async function unlessHopeless<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PermanentError || error instanceof NotFoundError) throw new UnrecoverableError(error.message);
    throw error;
  }
}

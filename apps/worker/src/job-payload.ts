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


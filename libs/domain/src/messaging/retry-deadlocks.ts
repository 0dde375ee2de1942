import { isDeadlock } from '@app/database';

/** A deadlock victim is run again this many times at most before its error reaches the caller. */
const DEADLOCK_ATTEMPTS = 4;

/** Runs a whole transaction again when InnoDB rolled it back as a deadlock's victim; any other error passes through. */
export async function retryDeadlocks<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transaction();
    } catch (error) {
      if (!isDeadlock(error) || attempt >= DEADLOCK_ATTEMPTS) throw error;
    }
  }
}

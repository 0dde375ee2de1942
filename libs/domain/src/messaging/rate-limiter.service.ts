import { AppConfig } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ALL_QUEUES, AllQueues } from './queues.module';

/** At most `requests` in a window of `windowSeconds`, counted from the window's first request. */
export interface RateLimit {
  requests: number;
  windowSeconds: number;
}

/** Counts one request; the first of a window starts its expiry, in the same step, so no counter outlives its window. */
const COUNT_SCRIPT = `local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

/**
 * Request counters in Redis, shared by every API process: a count kept in each process (as @nestjs/throttler's
 * default store keeps it) would give each process a limit of its own. Fixed windows, one key per counter.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);

  constructor(
    @Inject(ALL_QUEUES) private readonly queues: AllQueues,
    private readonly config: AppConfig,
  ) {}

  /**
   * Counts the request against each counter in turn and says whether every one lets it through. Counting stops at
   * the first counter over its limit, so a request it refused uses up nothing of the counters after it. Throws when
   * Redis cannot be reached.
   */
  async allow(counters: Array<{ key: string; limit: RateLimit }>): Promise<boolean> {
    const client = await this.queues.outbox.getBackend().client;
    for (const { key, limit } of counters) {
      const count = Number(await client.runCommand('eval', [COUNT_SCRIPT, 1, `${this.config.QUEUE_PREFIX}:rate:${key}`, limit.windowSeconds * 1000]));
      if (count > limit.requests) return false;
    }
    return true;
  }

  /**
   * As `allow`, for requests that must not be taken uncounted: while Redis cannot count, none is let through (counted
   * later, they could flood someone's inbox once Redis is back), with a warning naming `what` was refused.
   */
  async admits(what: string, counters: Array<{ key: string; limit: RateLimit }>): Promise<boolean> {
    try {
      return await this.allow(counters);
    } catch (error) {
      this.logger.warn(`Could not count a ${what} request, so it was not taken: ${(error as Error).message}`);
      return false;
    }
  }
}

import { Module } from '@nestjs/common';
import { OfferJobsRecoveryService } from './offer-jobs-recovery.service';
import { OutboxService } from './outbox.service';
import { RateLimiter } from './rate-limiter.service';

/**
 * The outbox (which also restores jobs Redis lost), the offers' part of that recovery, and request counters in Redis.
 * Needs the global QueuesModule (registered by each app with its own Redis behaviour).
 */
@Module({
  providers: [OutboxService, OfferJobsRecoveryService, RateLimiter],
  exports: [OutboxService, OfferJobsRecoveryService, RateLimiter],
})
export class MessagingModule {}

import { Module } from '@nestjs/common';
import { OfferJobsRecoveryService } from './offer-jobs-recovery.service';
import { OutboxService } from './outbox.service';

/**
 * The outbox (which also restores jobs Redis lost) and the offers' part of that recovery. Needs the global
 * QueuesModule (registered by each app with its own Redis behaviour).
 */
@Module({ providers: [OutboxService, OfferJobsRecoveryService], exports: [OutboxService, OfferJobsRecoveryService] })
export class MessagingModule {}

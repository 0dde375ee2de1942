import { Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';

/** The outbox. Needs the global QueuesModule (registered by each app with its own Redis behaviour). */
@Module({ providers: [OutboxService], exports: [OutboxService] })
export class MessagingModule {}

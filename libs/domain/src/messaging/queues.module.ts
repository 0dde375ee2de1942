import { AppConfig } from '@app/config';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QUEUE, QUEUE_JOB_OPTIONS, QueueName } from './queues';

/** Every queue by name, for the outbox, which hands jobs to all of them. */
export const ALL_QUEUES = Symbol('ALL_QUEUES');
export type AllQueues = Record<QueueName, Queue>;

export function redisConnection(redisUrl: string, failFast: boolean) {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    enableOfflineQueue: !failFast,
    maxRetriesPerRequest: null,
  };
}

@Module({})
export class QueuesModule {
  /**
   * `failFast` is for the API: while Redis is down a hand-over fails at once instead of hanging a request;
   * the outbox keeps the work and the worker's relay hands it over later. Workers wait for Redis instead.
   */
  static forRoot(options: { failFast: boolean }): DynamicModule {
    return {
      module: QueuesModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection: redisConnection(config.REDIS_URL, options.failFast),
            prefix: config.QUEUE_PREFIX,
          }),
        }),
        ...Object.values(QUEUE).map((name) => BullModule.registerQueue({ name, defaultJobOptions: QUEUE_JOB_OPTIONS[name] })),
      ],
      providers: [{
        provide: ALL_QUEUES,
        inject: Object.values(QUEUE).map((name) => getQueueToken(name)),
        useFactory: (...queues: Queue[]): AllQueues => Object.fromEntries(Object.values(QUEUE).map((name, index) => [name, queues[index]])) as AllQueues,
      }],
      exports: [BullModule, ALL_QUEUES],
    };
  }
}

/**
 * The domain integration harness: the real domain services in a Nest application context (no HTTP, no worker)
 * against a scratch MariaDB database of their own and the real Redis under a BullMQ prefix of their own.
 *
 * One harness per test file (`useDomainHarness` registers beforeAll/afterAll). Tests share it but not their data:
 * every test makes its own cohort (see factories.ts), so no test depends on another having run, or not run.
 */
import { AppConfig, loadConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import {
  AnnouncementsModule, ApplicationsModule, CohortsModule, IdentityModule, MatchesModule, MeModule, MessagingModule, NotificationsModule,
  PairsModule, QUEUE, QueueName, QueuesModule, RoundsModule, SelfServiceModule, StaffModule, SurveysModule,
} from '@app/domain';
import { getQueueToken } from '@nestjs/bullmq';
import { ConsoleLogger, DynamicModule, Module, Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
// scripts/ may read the environment (DATABASE_URL / REDIS_URL, as scripts/test.sh exports them); libs/ may not.
import { createScratchDatabase, ScratchDatabase, serviceUrls } from '../../../../scripts/support/scratch-database';

export interface DomainHarness {
  /** The Nest context's own DataSource: what the services write through, and what tests read rows with. */
  dataSource: DataSource;
  get<T>(type: Type<T>): T;
  queue(name: QueueName): Queue;
}

/** AppConfig from an explicit environment, the way ConfigModule provides it from process.env in the apps. */
@Module({})
class HarnessConfigModule {
  static forEnv(env: Record<string, string>): DynamicModule {
    return {
      module: HarnessConfigModule,
      global: true,
      providers: [{ provide: AppConfig, useValue: loadConfig(env) }],
      exports: [AppConfig],
    };
  }
}

const FEATURE_MODULES = [
  ApplicationsModule, CohortsModule, IdentityModule, MatchesModule, MeModule, MessagingModule, NotificationsModule, PairsModule, RoundsModule,
  SelfServiceModule, StaffModule, SurveysModule, AnnouncementsModule,
];

interface RunningHarness extends DomainHarness {
  close(): Promise<void>;
}

/** `name` names the scratch database and the queue prefix, so leftovers of a crashed run say where they came from. */
export async function startDomainHarness(name: string): Promise<RunningHarness> {
  const unique = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const { databaseUrl, redisUrl } = serviceUrls();
  const database: ScratchDatabase = await createScratchDatabase(databaseUrl, `shiyou_int_${name}_${unique}`);
  let context: TestingModule | undefined;
  try {
    context = await Test.createTestingModule({
      imports: [
        // No SMTP_URL: nothing is sent, notifications are only recorded.
        HarnessConfigModule.forEnv({ DATABASE_URL: database.url, REDIS_URL: redisUrl, QUEUE_PREFIX: `int-${name}-${unique}` }),
        DatabaseModule,
        QueuesModule.forRoot({ failFast: true }),
        ...FEATURE_MODULES,
      ],
    })
      // A round logs its timings at `log`; warnings (a failed hand-over to Redis) and errors still show.
      .setLogger(new ConsoleLogger({ logLevels: ['error', 'warn'] }))
      .compile();
    await context.init();
  } catch (error) {
    await context?.close().catch(() => undefined);
    await database.drop();
    throw error;
  }
  const ready = context;
  const queues = Object.values(QUEUE).map((queueName) => ready.get<Queue>(getQueueToken(queueName)));
  // failFast turns off ioredis's offline queue: a hand-over before the connection is up would fail and be left to
  // the relay, which does not run here. Waiting makes every after-commit dispatch reach Redis.
  await Promise.all(queues.map((queue) => queue.waitUntilReady()));

  return {
    dataSource: ready.get<DataSource>(getDataSourceToken()),
    get: (type) => ready.get(type),
    queue: (queueName) => ready.get<Queue>(getQueueToken(queueName)),
    close: async () => {
      try {
        await Promise.all(queues.map((queue) => queue.obliterate({ force: true })));
      } finally {
        await ready.close();
        await database.drop();
      }
    },
  };
}

/**
 * Starts a harness before the file's tests and removes everything it made after them. Returns an accessor,
 * because the harness exists only once beforeAll has run.
 */
export function useDomainHarness(name: string): () => DomainHarness {
  let harness: RunningHarness | undefined;
  beforeAll(async () => {
    harness = await startDomainHarness(name);
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error('The domain harness is not running: use it inside a test or a hook');
    return harness;
  };
}

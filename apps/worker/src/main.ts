import 'reflect-metadata';
import { configOrExit, createLogger } from '@app/config';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

async function main() {
  const config = configOrExit();
  const logger = createLogger(config, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
  app.enableShutdownHooks();
  logger.log({ message: 'Worker started', queuePrefix: config.QUEUE_PREFIX });
}

void main();

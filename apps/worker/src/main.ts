import 'reflect-metadata';
import { configOrExit, createLogger } from '@app/config';
import { NestFactory } from '@nestjs/core';
import { setFlagsFromString } from 'node:v8';
import { WorkerModule } from './worker.module';

/**
 * A round's garbage (its emails rendered and written, its engine structures let go) comes in hundreds of megabytes
 * at a time, and V8 by default lets the heap grow to four times what survived its last full collection before the
 * next: a 100,000-student round peaked at 2.3 GB of RSS for 0.5 GB alive. Collecting at half again as much keeps it
 * near what is alive (bench:round --students 100000 prints the peak), for a few full collections more.
 */
const HEAP_GROWING_PERCENT = 50;

async function main() {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const config = configOrExit();
  const logger = createLogger(config, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
  app.enableShutdownHooks();
  logger.log({ message: 'Worker started', queuePrefix: config.QUEUE_PREFIX });
}

void main();

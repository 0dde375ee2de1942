/**
 * npm run bench:notifications — 10,000 emails through the real path: notification rows in a fresh database, one
 * `send` job each on the notifications queue, the built worker (`npm run build` first) sending over pooled SMTP to
 * an in-process sink. Reports messages per second from the moment the jobs are enqueued until the sink holds all.
 *
 * Uses DATABASE_URL / REDIS_URL when set, otherwise the services of scripts/services.sh (started if needed).
 */
import { Notification } from '../libs/database/src/entities';
import { renderNotification } from '../libs/domain/src/notifications/templates';
import { dedupeKeyOf, NotificationMessage, personalLinkOwner } from '../libs/domain/src/notifications/messages';
import { sampleStudent } from './sample/sample-cohort';
import { startSmtpSink } from './smtp-sink';
import { Queue } from 'bullmq';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, serviceUrls } from './support/scratch-database';

const MESSAGES = 10_000;
const TARGET_PER_SECOND = 500;
const ROOT = join(__dirname, '..');
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');
const BATCH = 1000;

/** Application confirmations of realistic Chinese applicants: the common message, with a personal link to mint. */
function messageRows(count: number) {
  return Array.from({ length: count }, (_, index) => {
    const student = sampleStudent(index, []);
    const message: NotificationMessage = {
      type: 'application_received', cohortId: 1, cohortName: '第3期 师友计划', role: 'student', applicationId: index + 1,
      recipient: { email: `bench${index}@example.com`, name: student.name },
    };
    const rendered = renderNotification(message);
    const owner = personalLinkOwner(message)!;
    return {
      cohortId: 1, type: message.type, recipientEmail: message.recipient.email, recipientName: message.recipient.name,
      subject: rendered.subject, bodyText: rendered.text, bodyHtml: rendered.html,
      linkRole: owner.role, linkApplicationId: owner.applicationId, dedupeKey: dedupeKeyOf(message),
    };
  });
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

async function main(): Promise<void> {
  if (!existsSync(WORKER_MAIN)) throw new Error('dist/ has no worker: run `npm run build` first');
  const { databaseUrl, redisUrl } = serviceUrls();
  const prefix = `bench-notifications-${process.pid}`;
  const sink = await startSmtpSink({ port: 0 });
  const db = await createScratchDatabase(databaseUrl, `shiyou_bench_notifications_${process.pid}`);
  const queue = new Queue('notifications', { connection: { url: redisUrl }, prefix });
  const worker = spawn(process.execPath, [WORKER_MAIN], {
    env: {
      PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATABASE_URL: db.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix,
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_RATE_PER_SECOND: '100000', PUBLIC_URL: 'https://shiyou.example.edu', LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    console.log(`machine: ${machine()}`);
    const rows = messageRows(MESSAGES);
    for (let start = 0; start < rows.length; start += BATCH) {
      await db.dataSource.createQueryBuilder().insert().into(Notification).values(rows.slice(start, start + BATCH)).execute();
    }
    const ids: Array<{ id: number }> = await db.dataSource.query('SELECT id FROM notifications ORDER BY id');
    await new Promise((resolve) => setTimeout(resolve, 2000)); // let the worker boot: the measure is sending, not startup

    const started = performance.now();
    for (let start = 0; start < ids.length; start += BATCH) {
      await queue.addBulk(ids.slice(start, start + BATCH).map(({ id }) => ({ name: 'send', data: { notificationId: id }, opts: { jobId: `notification-${id}` } })));
    }
    let reported = 0;
    await sink.waitFor((messages) => {
      if (messages.length >= reported + 2000) process.stdout.write(`  ${(reported = messages.length)} received after ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      return messages.length >= MESSAGES;
    }, 300_000);
    const seconds = (performance.now() - started) / 1000;
    const perSecond = MESSAGES / seconds;

    const sentCount = async () => Number((await db.dataSource.query("SELECT COUNT(*) AS sent FROM notifications WHERE status = 'sent'"))[0].sent);
    // The status update follows the SMTP accept: give the last few a moment before counting.
    for (let waited = 0; waited < 10_000 && (await sentCount()) < MESSAGES; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
    const sent = await sentCount();
    const distinct = new Set(sink.messages.map((message) => message.messageId)).size;
    console.log(`sent ${MESSAGES} messages in ${seconds.toFixed(2)} s: ${perSecond.toFixed(0)} messages/s (target ≥ ${TARGET_PER_SECOND})`);
    console.log(`sink: ${sink.messages.length} received, ${distinct} distinct Message-IDs; database: ${sent} marked sent`);
    if (perSecond < TARGET_PER_SECOND || distinct !== MESSAGES) process.exitCode = 1;
  } finally {
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker.once('exit', resolve));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await db.drop();
    await sink.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

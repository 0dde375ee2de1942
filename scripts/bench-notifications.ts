/**
 * npm run bench:notifications — application confirmations sent to one SMTP sink, which runs in a process of its own so
 * that its parsing shares no CPU with either sender, in rounds that alternate between:
 *
 * - raw: a nodemailer pool of 5 connections sends the very messages the worker sends (the bodies as stored, laid out
 *   and with a fresh personal link filled in, the same headers), all of the round handed to the pool at once;
 * - project: one `send` job each on the notifications queue and the built worker (`npm run build` first): read the
 *   row, mint the personal link's token, send over its pooled SMTP, mark the row sent.
 *
 * Alternating rounds share the machine's other load (it is shared) fairly between the two. A round runs from the
 * moment sending may begin (for the worker: its paused queue, holding the round's jobs, is resumed) until the sink
 * holds all of the round. After a warm-up round each, prints both rates, their ratio and a `summary:` line. Uses
 * DATABASE_URL / REDIS_URL when set, otherwise the services of scripts/services.sh (started if needed).
 */
import { Notification } from '../libs/database/src/entities';
import { generateToken } from '../libs/domain/src/identity/tokens';
import { jobOptions, sendNotificationJob } from '../libs/domain/src/messaging/jobs';
import { QUEUE, QUEUE_JOB_OPTIONS } from '../libs/domain/src/messaging/queues';
import { dedupeKeyOf, NotificationMessage, personalLinkOwner } from '../libs/domain/src/notifications/messages';
import { outgoingMail } from '../libs/domain/src/notifications/notification-sender.service';
import { renderNotification } from '../libs/domain/src/notifications/templates';
import { sampleStudent } from './sample/sample-cohort';
import { forkSmtpSink, SinkProcess } from './smtp-sink';
import { Queue } from 'bullmq';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { createScratchDatabase, serviceUrls } from './support/scratch-database';

const ROUNDS = 5;
const PER_ROUND = 2000;
const WARM_UP = 500;
const MESSAGES = ROUNDS * PER_ROUND;
const TARGET_RATIO = 0.8;
const RAW_POOL_CONNECTIONS = 5;
const ROOT = join(__dirname, '..');
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');
const BATCH = 1000;
const TIMEOUT_MS = 300_000;
const MAIL = { MAIL_FROM: '师友计划 Mentorship <no-reply@shiyou.example.edu>', PUBLIC_URL: 'https://shiyou.example.edu' };

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
      id: index + 1, cohortId: 1, type: message.type, recipientEmail: message.recipient.email, recipientName: message.recipient.name,
      subject: rendered.subject, bodyText: rendered.text, bodyHtml: rendered.html, status: 'pending' as const,
      linkRole: owner.role, linkApplicationId: owner.applicationId, linkCheckInId: null, linkStaffId: null, dedupeKey: dedupeKeyOf(message),
    };
  });
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}; load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}`;
}

/** Seconds from `start()` until the sink holds `count` messages, and how many distinct Message-IDs they carry. */
async function round(sink: SinkProcess, count: number, start: () => Promise<unknown>): Promise<{ seconds: number; distinct: number }> {
  await sink.clear();
  const received = sink.waitForCount(count, TIMEOUT_MS);
  const started = performance.now();
  const [{ distinctMessageIds }] = await Promise.all([received, start()]);
  return { seconds: (performance.now() - started) / 1000, distinct: distinctMessageIds };
}

async function main(): Promise<void> {
  if (!existsSync(WORKER_MAIN)) throw new Error('dist/ has no worker: run `npm run build` first');
  const { databaseUrl, redisUrl } = serviceUrls();
  const prefix = `bench-notifications-${process.pid}`;
  const sink = await forkSmtpSink();
  const smtpUrl = `smtp://127.0.0.1:${sink.port}`;
  const db = await createScratchDatabase(databaseUrl, `shiyou_bench_notifications_${process.pid}`);
  const queue = new Queue(QUEUE.notifications, { connection: { url: redisUrl }, prefix, defaultJobOptions: QUEUE_JOB_OPTIONS.notifications });
  let worker: ReturnType<typeof spawn> | null = null;
  try {
    console.log(`machine: ${machine()}`);
    const rows = messageRows(WARM_UP + MESSAGES);
    // The raw pool sends what the worker would: each stored row laid out, with a personal link of a fresh token.
    const mails = rows.map((row) => outgoingMail(row.id, row, { personal: `${MAIL.PUBLIC_URL}/me#token=${generateToken('student')}`, checkIn: null, signIn: null }, MAIL));
    const pool = createTransport({ url: smtpUrl, pool: true, maxConnections: RAW_POOL_CONNECTIONS });

    await queue.pause();
    worker = spawn(process.execPath, [WORKER_MAIN], {
      env: {
        PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATABASE_URL: db.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix,
        SMTP_URL: smtpUrl, MAIL_RATE_PER_SECOND: '100000', LOG_LEVEL: 'warn', ...MAIL,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    while ((await queue.getWorkersCount()) === 0) await new Promise((resolve) => setTimeout(resolve, 100));

    const sendRaw = (from: number, to: number) => round(sink, to - from, () => Promise.all(mails.slice(from, to).map((mail) => pool.sendMail(mail))));
    const sendProject = async (from: number, to: number) => {
      // The jobs go into the paused queue before their rows exist: the worker's reconcile never sees a pending row
      // without its job (it would restore it, as lost), and nothing is sent before the clock starts.
      const jobs = rows.slice(from, to).map((row) => sendNotificationJob(row.id));
      await queue.addBulk(jobs.map((job) => ({ name: job.name, data: job.payload, opts: jobOptions(job.jobId, null) })));
      for (let start = from; start < to; start += BATCH) {
        await db.dataSource.createQueryBuilder().insert().into(Notification).values(rows.slice(start, Math.min(to, start + BATCH))).execute();
      }
      const result = await round(sink, to - from, () => queue.resume());
      await queue.pause();
      return result;
    };

    await sendRaw(0, WARM_UP);
    await sendProject(0, WARM_UP);
    const raw = { seconds: 0, distinct: 0 };
    const project = { seconds: 0, distinct: 0 };
    const ratios: number[] = [];
    for (let index = 0; index < ROUNDS; index += 1) {
      const from = WARM_UP + index * PER_ROUND;
      // Whoever goes first in a round changes, so neither always follows the other's leftovers.
      const order = index % 2 === 0 ? [sendRaw, sendProject] : [sendProject, sendRaw];
      const [first, second] = [await order[0](from, from + PER_ROUND), await order[1](from, from + PER_ROUND)];
      const [rawRound, projectRound] = index % 2 === 0 ? [first, second] : [second, first];
      for (const [total, part] of [[raw, rawRound], [project, projectRound]] as const) {
        total.seconds += part.seconds;
        total.distinct += part.distinct;
      }
      ratios.push(rawRound.seconds / projectRound.seconds);
      console.log(`  round ${index + 1}: raw ${(PER_ROUND / rawRound.seconds).toFixed(0)}/s, project ${(PER_ROUND / projectRound.seconds).toFixed(0)}/s`);
    }
    pool.close();
    const rawPerSecond = MESSAGES / raw.seconds;
    const projectPerSecond = MESSAGES / project.seconds;
    console.log(`raw nodemailer pool of ${RAW_POOL_CONNECTIONS}: ${MESSAGES} messages in ${raw.seconds.toFixed(2)} s: ${rawPerSecond.toFixed(0)} messages/s`);
    console.log(`project (queue → worker → SMTP): ${MESSAGES} messages in ${project.seconds.toFixed(2)} s: ${projectPerSecond.toFixed(0)} messages/s`);

    const counts = async () => (await db.dataSource.query(
      "SELECT (SELECT COUNT(*) FROM notifications WHERE status = 'sent') AS sent, (SELECT COUNT(*) FROM applicant_tokens) AS tokens",
    ))[0] as { sent: string; tokens: string };
    // The status update follows the SMTP accept: give the last few a moment before counting.
    for (let waited = 0; waited < 10_000 && Number((await counts()).sent) < WARM_UP + MESSAGES; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
    const { sent, tokens } = await counts();
    const ratio = projectPerSecond / rawPerSecond;
    console.log(`ratio: ${ratio.toFixed(2)}× the raw pool (rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×; target ≥ ${TARGET_RATIO}×)`);
    console.log(`sink: ${raw.distinct} and ${project.distinct} distinct Message-IDs; database: ${sent} marked sent, ${tokens} personal-link tokens minted (warm-up included)`);
    console.log(`summary: messages=${MESSAGES} raw_per_s=${rawPerSecond.toFixed(0)} project_per_s=${projectPerSecond.toFixed(0)} ratio=${ratio.toFixed(2)} target_ratio=${TARGET_RATIO} round_ratio_min=${Math.min(...ratios).toFixed(2)} round_ratio_max=${Math.max(...ratios).toFixed(2)} sent=${sent} tokens=${tokens} distinct_ids=${project.distinct} load=${os.loadavg()[0].toFixed(1)}`);
    const complete = WARM_UP + MESSAGES;
    if (ratio < TARGET_RATIO || project.distinct !== MESSAGES || raw.distinct !== MESSAGES || Number(sent) !== complete || Number(tokens) !== complete) process.exitCode = 1;
  } finally {
    if (worker) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
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

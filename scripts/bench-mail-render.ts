/**
 * npm run bench:mail — what laying out one email costs: an announcement to 5,000 applicants renders 5,000 bodies
 * inside the announcement's transaction, and the sender fills the links into each body it sends. As recording does,
 * a round renders all 5,000 and keeps them, and reads each body's size (which makes V8 copy it into one string, as
 * the insert would). Prints the CPU time a message (the machine's other load does not count: it is shared) of
 * renderNotification and of sentBodies (the sender's links and layout), the stored and the sent size, for three kinds
 * of email. Fails at 1 ms a message.
 */
import type { NotificationMessage } from '../libs/domain/src/notifications/messages';
import { renderNotification, sentBodies } from '../libs/domain/src/notifications/templates';
import { sampleStudent } from './sample/sample-cohort';

const MESSAGES = 5000;
const ROUNDS = 5;
const LIMIT_MS = 1;
const LINKS = { personal: 'https://shiyou.example.edu/me#token=m_0123456789abcdef0123456789abcdef0123456789a', checkIn: 'https://shiyou.example.edu/check-in#token=k_0123456789abcdef', signIn: null };

const base = (index: number) => ({ cohortId: 1, cohortName: '第3期 师友计划', recipient: { email: `bench${index}@example.com`, name: sampleStudent(index, []).name } });
const card = (index: number) => {
  const { college, major, enrollmentYear, topics, statement } = sampleStudent(index, []);
  return { college, major, enrollmentYear, topics, statement };
};

const KINDS: Record<string, (index: number) => NotificationMessage> = {
  announcement: (index) => ({
    ...base(index), type: 'announcement', announcementId: 1, role: 'student', applicationId: index + 1,
    subject: { zh: '结业典礼通知', en: 'Closing ceremony' },
    body: { zh: '结业典礼定于12月20日下午三点在思源活动中心举行。\n\n请您提前十分钟到场签到，欢迎携家人参加。', en: 'The closing ceremony is on 20 December at 3 pm in the Siyuan Activity Centre.\n\nPlease arrive ten minutes early to sign in.' },
  }),
  'proposal digest (3 students)': (index) => ({
    ...base(index), type: 'proposal_to_mentor', mentorId: index + 1, roundId: 1, respondBy: new Date('2026-12-01T15:59:00Z'),
    students: [0, 1, 2].map((offset) => ({ matchId: index * 3 + offset, card: card(index * 3 + offset) })),
  }),
  'check-in': (index) => ({
    ...base(index), type: 'check_in', role: 'student', applicationId: index + 1, checkInId: index + 1, period: 2, partnerName: '王芳', closesAt: new Date('2026-12-01T15:59:00Z'),
  }),
};

/** The least CPU time a message over a few rounds, in microseconds. */
function microsecondsPerMessage(run: () => void): number {
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = process.cpuUsage();
    run();
    const used = process.cpuUsage(started);
    best = Math.min(best, used.user + used.system);
  }
  return best / MESSAGES;
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

let slowest = 0;
for (const [kind, make] of Object.entries(KINDS)) {
  const messages = Array.from({ length: MESSAGES }, (_, index) => make(index));
  let rendered = messages.map(renderNotification);
  const render = microsecondsPerMessage(() => {
    rendered = messages.map(renderNotification);
    rendered.forEach((body) => bytes(body.html) + bytes(body.text));
  });
  const sendingBodies = () => rendered.map((body) => sentBodies(body, LINKS));
  const send = microsecondsPerMessage(() => sendingBodies().forEach((body) => bytes(body.html) + bytes(body.text)));
  const kB = (bodies: Array<{ html: string; text: string }>, part: 'html' | 'text') => bodies.reduce((sum, body) => sum + bytes(body[part]), 0) / MESSAGES / 1024;
  const sent = sendingBodies();
  console.log(`${kind}: render ${render.toFixed(1)} µs/message, lay out to send ${send.toFixed(1)} µs/message; stored body ${kB(rendered, 'html').toFixed(1)} kB HTML + ${kB(rendered, 'text').toFixed(1)} kB text, sent ${kB(sent, 'html').toFixed(1)} kB HTML`);
  slowest = Math.max(slowest, render, send);
}
console.log(`${MESSAGES} messages a kind, least CPU time of ${ROUNDS} rounds; limit ${LIMIT_MS * 1000} µs/message`);
if (slowest >= LIMIT_MS * 1000) process.exitCode = 1;

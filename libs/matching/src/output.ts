/**
 * A side's ids as JSON strings (quotes included) in one byte array: entry i is
 * bytes[start[i] .. start[i] + length[i]). The command line's fast path points into the input text
 * itself, so that no id ever becomes a JavaScript string.
 */
export interface QuotedIds {
  bytes: Uint8Array;
  start: Int32Array;
  length: Int32Array;
}

export function quoteIds(ids: string[]): QuotedIds {
  const quoted = ids.map((id) => JSON.stringify(id));
  const start = new Int32Array(ids.length);
  const length = new Int32Array(ids.length);
  let at = 0;
  quoted.forEach((json, i) => {
    start[i] = at;
    length[i] = Buffer.byteLength(json);
    at += length[i];
  });
  return { bytes: Buffer.from(quoted.join('')), start, length };
}

/** The id of entry i, as a string. */
export function idAt(ids: QuotedIds, i: number): string {
  return JSON.parse(Buffer.from(ids.bytes.buffer, ids.bytes.byteOffset + ids.start[i], ids.length[i]).toString('utf8')) as string;
}

const OPENING = Buffer.from('{"assignments":{');
const NULL = Buffer.from('null');

/**
 * The command line's output (`assignments` with every student in entry order, `stable`, `stats`),
 * written byte by byte into one buffer: the same text as JSON.stringify of that object, many times faster.
 */
export function formatOutput(
  students: QuotedIds,
  mentors: QuotedIds,
  mentorOfStudent: Int32Array,
  proposals: number,
  stable: boolean,
): Buffer {
  const studentCount = students.start.length;
  let matched = 0;
  let size = OPENING.length + Math.max(0, studentCount - 1);
  for (let s = 0; s < studentCount; s++) {
    const m = mentorOfStudent[s];
    if (m >= 0) matched++;
    size += students.length[s] + 1 + (m < 0 ? NULL.length : mentors.length[m]);
  }
  const stats = { students: studentCount, mentors: mentors.start.length, matched, unmatched: studentCount - matched, proposals };
  const closing = Buffer.from(`},"stable":${stable},"stats":${JSON.stringify(stats)}}\n`);

  const out = Buffer.allocUnsafe(size + closing.length);
  let at = copy(out, 0, OPENING, 0, OPENING.length);
  for (let s = 0; s < studentCount; s++) {
    if (s > 0) out[at++] = 44; // ','
    at = copy(out, at, students.bytes, students.start[s], students.length[s]);
    out[at++] = 58; // ':'
    const m = mentorOfStudent[s];
    at = m < 0 ? copy(out, at, NULL, 0, NULL.length) : copy(out, at, mentors.bytes, mentors.start[m], mentors.length[m]);
  }
  copy(out, at, closing, 0, closing.length);
  return out;
}

/** A byte loop: ids are short, and for a few bytes it beats subarray + set. */
function copy(out: Uint8Array, at: number, from: Uint8Array, start: number, length: number): number {
  for (let i = 0; i < length; i++) out[at + i] = from[start + i];
  return at + length;
}

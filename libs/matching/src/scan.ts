import { isUtf8 } from 'node:buffer';
import { keepMutuallyAcceptable, type IndexedInstance, type IntLists } from './indexed';

/** An instance read straight from its JSON text: ids in entry order, lists as given over integer ids. */
export interface ScannedInstance {
  studentIds: string[];
  mentorIds: string[];
  capacity: Int32Array;
  studentLists: IntLists;
  mentorLists: IntLists;
}

/** Thrown inside the scanner when the text leaves the fast path; never escapes scanInstance. */
const LEAVE_FAST_PATH = new Error('leave fast path');

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const MAX_CAPACITY = 0x7fffffff;
const key = (name: string) => Uint8Array.from(`"${name}"`, (c) => c.charCodeAt(0));
const KEY_STUDENTS = key('students');
const KEY_MENTORS = key('mentors');
const KEY_ID = key('id');
const KEY_PREFS = key('prefs');
const KEY_CAPACITY = key('capacity');

function startsWithKey(text: Uint8Array, at: number, quotedKey: Uint8Array): boolean {
  for (let i = 0; i < quotedKey.length; i++) if (text[at + i] !== quotedKey[i]) return false;
  return true;
}

/**
 * Reads a valid instance (`{"students": [{id, prefs}], "mentors": [{id, capacity, prefs}]}`) directly from its JSON text, interning ids as it
 * goes, without building the object tree. Returns undefined as soon as it meets anything outside the
 * plain shape (escapes or control characters in strings, extra or repeated fields, a non-integer
 * capacity, malformed JSON) or any validation problem (duplicate, unknown or repeated ids, empty ids):
 * the caller then falls back to JSON.parse and the full validation, which words every problem.
 */
export function scanInstance(source: string | Buffer): ScannedInstance | undefined {
  const text = typeof source === 'string' ? Buffer.from(source, 'utf8') : source;
  try {
    return new Scanner(text).scan();
  } catch (error) {
    if (error === LEAVE_FAST_PATH) return undefined;
    throw error;
  }
}

/** scanInstance, plus the filtered instance the solver works on. */
export function scanAndIndex(text: string | Buffer): { indexed: IndexedInstance; scanned: ScannedInstance } | undefined {
  const scanned = scanInstance(text);
  if (scanned === undefined) return undefined;
  const indexed: IndexedInstance = {
    studentIds: scanned.studentIds,
    mentorIds: scanned.mentorIds,
    capacity: scanned.capacity,
    ...keepMutuallyAcceptable(scanned.studentLists, scanned.mentorLists),
  };
  return { indexed, scanned };
}

/**
 * Open-addressing table from an id (a run of the text, by first occurrence) to a dense number.
 * Each slot holds, side by side, the entry number + 1, the hash and the id's first 8 bytes packed in
 * two words (zero-padded: ids never contain a zero byte), so that a lookup of an id of up to 7 bytes
 * touches one cache line and never goes back to the text; longer ids compare their tail in the text.
 */
class Interner {
  private table: Int32Array;
  private mask: number;
  start: Int32Array;
  length: Int32Array;
  private hash: Int32Array;
  private word0: Int32Array;
  private word1: Int32Array;
  count = 0;

  constructor(private readonly text: Buffer) {
    this.table = new Int32Array(4 << 12);
    this.mask = (1 << 12) - 1;
    this.start = new Int32Array(1 << 11);
    this.length = new Int32Array(1 << 11);
    this.hash = new Int32Array(1 << 11);
    this.word0 = new Int32Array(1 << 11);
    this.word1 = new Int32Array(1 << 11);
  }

  intern(from: number, to: number, hash: number): number {
    const { text, table, mask } = this;
    const size = to - from;
    // The first 8 bytes, little-endian, zero-padded.
    let w0 = 0;
    let w1 = 0;
    const head = size < 8 ? size : 8;
    for (let i = 0; i < head; i++) {
      if (i < 4) w0 |= text[from + i] << (i << 3);
      else w1 |= text[from + i] << ((i - 4) << 3);
    }
    let slot = hash & mask;
    for (;;) {
      const at = slot << 2;
      const stored = table[at];
      if (stored === 0) break;
      if (table[at + 1] === hash && table[at + 2] === w0 && table[at + 3] === w1) {
        const k = stored - 1;
        if (size < 8) return k;
        if (this.length[k] === size) {
          const begin = this.start[k];
          let i = 8;
          while (i < size && text[begin + i] === text[from + i]) i++;
          if (i === size) return k;
        }
      }
      slot = (slot + 1) & mask;
    }
    const k = this.count++;
    if (k === this.start.length) this.growEntries();
    this.start[k] = from;
    this.length[k] = size;
    this.hash[k] = hash;
    this.word0[k] = w0;
    this.word1[k] = w1;
    const at = slot << 2;
    table[at] = k + 1;
    table[at + 1] = hash;
    table[at + 2] = w0;
    table[at + 3] = w1;
    if (this.count * 2 > mask + 1) this.growTable();
    return k;
  }

  id(k: number): string {
    return this.text.toString('utf8', this.start[k], this.start[k] + this.length[k]);
  }

  private growEntries(): void {
    this.start = grow(this.start);
    this.length = grow(this.length);
    this.hash = grow(this.hash);
    this.word0 = grow(this.word0);
    this.word1 = grow(this.word1);
  }

  private growTable(): void {
    const slots = (this.mask + 1) * 2;
    const table = new Int32Array(slots * 4);
    const mask = slots - 1;
    for (let k = 0; k < this.count; k++) {
      let slot = this.hash[k] & mask;
      while (table[slot << 2] !== 0) slot = (slot + 1) & mask;
      const at = slot << 2;
      table[at] = k + 1;
      table[at + 1] = this.hash[k];
      table[at + 2] = this.word0[k];
      table[at + 3] = this.word1[k];
    }
    this.table = table;
    this.mask = mask;
  }
}

function grow(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** A side's entries as scanned: own id (interned), list as interned ids of the other side, capacity. */
class SideEntries {
  ids: Int32Array = new Int32Array(1 << 10);
  capacity: Int32Array = new Int32Array(1 << 10);
  listStart: Int32Array = new Int32Array(1 << 10);
  target: Int32Array;
  targetLength = 0;
  count = 0;

  constructor(textLength: number) {
    this.target = new Int32Array(Math.max(1 << 10, textLength >> 5));
  }

  push(id: number, capacity: number): void {
    if (this.count + 2 > this.ids.length) {
      this.ids = grow(this.ids);
      this.capacity = grow(this.capacity);
      this.listStart = grow(this.listStart);
    }
    this.ids[this.count] = id;
    this.capacity[this.count] = capacity;
    this.count++;
    this.listStart[this.count] = this.targetLength;
  }

  pushTarget(k: number): void {
    if (this.targetLength === this.target.length) this.target = grow(this.target);
    this.target[this.targetLength++] = k;
  }
}

class Scanner {
  private p = 0;
  private nonAscii = false;
  private readonly students: SideEntries;
  private readonly mentors: SideEntries;
  private readonly studentNames: Interner;
  private readonly mentorNames: Interner;

  constructor(private readonly text: Buffer) {
    this.students = new SideEntries(text.length);
    this.mentors = new SideEntries(text.length);
    this.studentNames = new Interner(text);
    this.mentorNames = new Interner(text);
  }

  scan(): ScannedInstance {
    const { text } = this;
    this.skipSpace();
    this.expect(OPEN_BRACE);
    let sawStudents = false;
    let sawMentors = false;
    for (;;) {
      this.skipSpace();
      if (startsWithKey(text, this.p, KEY_STUDENTS) && !sawStudents) {
        this.p += 10;
        sawStudents = true;
        this.afterColon();
        this.side(this.students, this.studentNames, this.mentorNames, false);
      } else if (startsWithKey(text, this.p, KEY_MENTORS) && !sawMentors) {
        this.p += 9;
        sawMentors = true;
        this.afterColon();
        this.side(this.mentors, this.mentorNames, this.studentNames, true);
      } else {
        throw LEAVE_FAST_PATH;
      }
      this.skipSpace();
      const c = text[this.p++];
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) throw LEAVE_FAST_PATH;
    }
    this.skipSpace();
    if (!sawStudents || !sawMentors || this.p !== text.length) throw LEAVE_FAST_PATH;
    // Ids are compared as bytes: only sound when decoding is one-to-one, as it is for valid UTF-8.
    if (this.nonAscii && !isUtf8(text)) throw LEAVE_FAST_PATH;

    const studentOfName = entryOfName(this.students, this.studentNames.count);
    const mentorOfName = entryOfName(this.mentors, this.mentorNames.count);
    return {
      studentIds: Array.from(this.students.ids.subarray(0, this.students.count), (k) => this.studentNames.id(k)),
      mentorIds: Array.from(this.mentors.ids.subarray(0, this.mentors.count), (k) => this.mentorNames.id(k)),
      capacity: this.mentors.capacity.slice(0, this.mentors.count),
      studentLists: listsOverEntries(this.students, mentorOfName, this.mentors.count),
      mentorLists: listsOverEntries(this.mentors, studentOfName, this.students.count),
    };
  }

  private side(entries: SideEntries, ownNames: Interner, otherNames: Interner, isMentor: boolean): void {
    const { text } = this;
    this.expect(OPEN_BRACKET);
    this.skipSpace();
    if (text[this.p] === CLOSE_BRACKET) {
      this.p++;
      return;
    }
    for (;;) {
      this.skipSpace();
      this.entry(entries, ownNames, otherNames, isMentor);
      this.skipSpace();
      const c = text[this.p++];
      if (c === CLOSE_BRACKET) return;
      if (c !== COMMA) throw LEAVE_FAST_PATH;
    }
  }

  private entry(entries: SideEntries, ownNames: Interner, otherNames: Interner, isMentor: boolean): void {
    const { text } = this;
    this.expect(OPEN_BRACE);
    let id = -1;
    let capacity = -1;
    let sawPrefs = false;
    for (;;) {
      this.skipSpace();
      if (startsWithKey(text, this.p, KEY_ID) && id < 0) {
        this.p += 4;
        this.afterColon();
        if (text[this.p] !== QUOTE || text[this.p + 1] === QUOTE) throw LEAVE_FAST_PATH;
        id = this.string(ownNames);
      } else if (startsWithKey(text, this.p, KEY_PREFS) && !sawPrefs) {
        this.p += 7;
        sawPrefs = true;
        this.afterColon();
        this.list(entries, otherNames);
      } else if (isMentor && startsWithKey(text, this.p, KEY_CAPACITY) && capacity < 0) {
        this.p += 10;
        this.afterColon();
        capacity = this.capacity();
      } else {
        throw LEAVE_FAST_PATH;
      }
      this.skipSpace();
      const c = text[this.p++];
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) throw LEAVE_FAST_PATH;
    }
    if (id < 0 || !sawPrefs || (isMentor && capacity < 0)) throw LEAVE_FAST_PATH;
    entries.push(id, capacity);
  }

  private list(entries: SideEntries, names: Interner): void {
    const { text } = this;
    this.expect(OPEN_BRACKET);
    this.skipSpace();
    if (text[this.p] === CLOSE_BRACKET) {
      this.p++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (text[this.p] !== QUOTE) throw LEAVE_FAST_PATH;
      entries.pushTarget(this.string(names));
      let c = text[this.p++];
      if (c !== COMMA && c !== CLOSE_BRACKET) {
        this.p--;
        this.skipSpace();
        c = text[this.p++];
      }
      if (c === CLOSE_BRACKET) return;
      if (c !== COMMA) throw LEAVE_FAST_PATH;
    }
  }

  /** Interns the plain string starting at the current quote; leaves on escapes and control characters. */
  private string(names: Interner): number {
    const { text } = this;
    const from = this.p + 1;
    let q = from;
    let hash = 0x811c9dc5 | 0;
    for (;;) {
      const c = text[q];
      if (c === QUOTE) break;
      if (c === BACKSLASH || !(c >= 32)) throw LEAVE_FAST_PATH;
      if (c >= 128) this.nonAscii = true;
      hash = Math.imul(hash ^ c, 16777619);
      q++;
    }
    this.p = q + 1;
    return names.intern(from, q, hash ^ (hash >>> 15));
  }

  /** A plain non-negative integer (no sign, fraction, exponent or leading zero). */
  private capacity(): number {
    const { text } = this;
    const from = this.p;
    let value = 0;
    let c = text[this.p];
    while (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      c = text[++this.p];
    }
    const digits = this.p - from;
    if (digits === 0 || digits > 10 || (digits > 1 && text[from] === 48) || value > MAX_CAPACITY) {
      throw LEAVE_FAST_PATH;
    }
    if (c === 46 || c === 101 || c === 69) throw LEAVE_FAST_PATH; // '.', 'e', 'E'
    return value;
  }

  private afterColon(): void {
    this.skipSpace();
    this.expect(COLON);
    this.skipSpace();
  }

  private expect(code: number): void {
    if (this.text[this.p] !== code) throw LEAVE_FAST_PATH;
    this.p++;
  }

  private skipSpace(): void {
    const { text } = this;
    let c = text[this.p];
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text[++this.p];
  }
}

/** Entry index of every interned name of a side; leaves on a duplicate, and on a name no entry has. */
function entryOfName(entries: SideEntries, nameCount: number): Int32Array {
  const entryOf = new Int32Array(nameCount).fill(-1);
  for (let i = 0; i < entries.count; i++) {
    const k = entries.ids[i];
    if (entryOf[k] >= 0) throw LEAVE_FAST_PATH;
    entryOf[k] = i;
  }
  return entryOf;
}

/** The side's lists over the other side's entry indices; leaves on unknown and repeated entries. */
function listsOverEntries(entries: SideEntries, entryOfName: Int32Array, otherCount: number): IntLists {
  const start = entries.listStart.slice(0, entries.count + 1);
  const target = entries.target.subarray(0, entries.targetLength);
  const lastListedBy = new Int32Array(otherCount).fill(-1);
  for (let i = 0; i < entries.count; i++) {
    for (let e = start[i]; e < start[i + 1]; e++) {
      const index = entryOfName[target[e]];
      if (index < 0 || lastListedBy[index] === i) throw LEAVE_FAST_PATH;
      lastListedBy[index] = i;
      target[e] = index;
    }
  }
  return { start, target };
}

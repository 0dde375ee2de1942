import { isUtf8 } from 'node:buffer';
import type { IntLists } from './indexed';
import type { QuotedIds } from './output';

/** An instance read straight from its JSON text: ids in entry order, lists as given over integer ids. */
export interface ScannedInstance {
  /** Each entry's id as it stands in the text, quotes included (plain strings: the text is their JSON). */
  students: QuotedIds;
  mentors: QuotedIds;
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

/** 1 for the bytes a plain string's loop must stop at: the closing quote, escapes, control characters, non-ASCII. */
const STOPS = new Uint8Array(256);
for (let c = 0; c < 256; c++) STOPS[c] = c < 32 || c === QUOTE || c === BACKSLASH || c >= 128 ? 1 : 0;

function startsWithKey(text: Uint8Array, at: number, quotedKey: Uint8Array): boolean {
  for (let i = 0; i < quotedKey.length; i++) if (text[at + i] !== quotedKey[i]) return false;
  return true;
}

/**
 * Reads a valid instance (`{"students": [{id, prefs}], "mentors": [{id, capacity, prefs}]}`) directly from its JSON text, interning ids as it
 * goes, without building the object tree or any string. Returns undefined as soon as it meets anything outside the
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

/**
 * From an id (a run of the text, by first occurrence) to a dense number.
 *
 * Ids made of a prefix and a number (`s123`, `m45`: what rounds write) are looked up by that number
 * in a plain array, when their prefix is the side's (that of its first such id) and the number has
 * no leading zero and at most 7 digits: a lookup then reads one small array instead of missing the
 * cache in a hash table, which is most of the scan's time on a big instance. Any other id goes to an
 * open-addressing table keyed by the id's last 8 bytes packed big-endian in two words plus its
 * length: for ids of up to 8 bytes (ids never contain a zero byte) equal keys mean equal ids, so the
 * lookup of such an id touches one slot (key and number side by side in one cache line) and never
 * goes back to the text; longer ids compare their bytes in the text. Which of the two an id goes to
 * depends only on its bytes and the side's prefix, fixed by then, so no id is ever in both.
 */
class Interner {
  /** Slots of 4: number + 1, low word, high word, length. */
  table: Int32Array;
  mask: number;
  start: Int32Array;
  length: Int32Array;
  private hash: Int32Array;
  /** Number + 1 of the id with the side's prefix and this number. */
  private byNumber = new Int32Array(1 << 10);
  private prefixStart = -1;
  private prefixLength = 0;
  count = 0;

  constructor(private readonly text: Buffer) {
    this.table = new Int32Array(4 << 12);
    this.mask = (1 << 12) - 1;
    this.start = new Int32Array(1 << 11);
    this.length = new Int32Array(1 << 11);
    this.hash = new Int32Array(1 << 11);
  }

  /** The number of the id text[from .. from + size), whose trailing digits start at digitsFrom and read `value`. */
  intern(from: number, size: number, digitsFrom: number, value: number): number {
    const numbered = this.numberOf(from, size, digitsFrom, value);
    if (numbered >= 0) {
      if (numbered >= this.byNumber.length) this.byNumber = growTo(this.byNumber, numbered + 1);
      const stored = this.byNumber[numbered];
      if (stored !== 0) return stored - 1;
      const k = this.push(from, size, 0);
      this.byNumber[numbered] = k + 1;
      return k;
    }
    const { text } = this;
    let low = 0;
    let high = 0;
    for (let i = Math.max(from, from + size - 8); i < from + size; i++) {
      high = (high << 8) | (low >>> 24);
      low = (low << 8) | text[i];
    }
    const hash = size <= 8 ? mixKey(low, high, size) : hashBytes(text, from, size);
    const { table, mask } = this;
    let slot = hash & mask;
    for (;;) {
      const at = slot << 2;
      const stored = table[at];
      if (stored === 0) return this.add(at, from, size, low, high, hash);
      if (table[at + 1] === low && table[at + 2] === high && table[at + 3] === size && (size <= 8 || this.sameBytes(stored - 1, from, size))) {
        return stored - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The id's number when it is the side's prefix and a plain number of up to 7 digits; -1 otherwise. */
  private numberOf(from: number, size: number, digitsFrom: number, value: number): number {
    const { text } = this;
    const digitCount = from + size - digitsFrom;
    if (digitCount === 0 || digitCount > 7 || (digitCount > 1 && text[digitsFrom] === 48)) return -1;
    const prefixLength = digitsFrom - from;
    if (this.prefixStart < 0) {
      this.prefixStart = from;
      this.prefixLength = prefixLength;
    } else {
      if (prefixLength !== this.prefixLength) return -1;
      for (let i = 0; i < prefixLength; i++) if (text[from + i] !== text[this.prefixStart + i]) return -1;
    }
    return value;
  }

  private sameBytes(k: number, from: number, size: number): boolean {
    const { text } = this;
    const begin = this.start[k];
    for (let i = 0; i < size; i++) if (text[begin + i] !== text[from + i]) return false;
    return true;
  }

  private push(from: number, size: number, hash: number): number {
    const k = this.count++;
    if (k === this.start.length) {
      this.start = grow(this.start);
      this.length = grow(this.length);
      this.hash = grow(this.hash);
    }
    this.start[k] = from;
    this.length[k] = size;
    this.hash[k] = hash;
    return k;
  }

  private add(at: number, from: number, size: number, low: number, high: number, hash: number): number {
    const k = this.push(from, size, hash);
    this.table[at] = k + 1;
    this.table[at + 1] = low;
    this.table[at + 2] = high;
    this.table[at + 3] = size;
    if (this.count * 2 > this.mask + 1) this.growTable();
    return k;
  }

  private growTable(): void {
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    const table = new Int32Array(slots * 4);
    const mask = slots - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] === 0) continue;
      let slot = this.hash[old[at] - 1] & mask;
      while (table[slot << 2] !== 0) slot = (slot + 1) & mask;
      table.set(old.subarray(at, at + 4), slot << 2);
    }
    this.table = table;
    this.mask = mask;
  }
}

/** murmur3's finaliser over the packed key. */
function mixKey(low: number, high: number, size: number): number {
  let h = Math.imul(low, 0xcc9e2d51) ^ Math.imul(high ^ size, 0x1b873593);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** FNV-1a over every byte, for ids longer than their key. */
function hashBytes(text: Uint8Array, from: number, size: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = from; i < from + size; i++) h = Math.imul(h ^ text[i], 16777619);
  return h ^ (h >>> 15);
}

function grow(array: Int32Array): Int32Array<ArrayBuffer> {
  return growTo(array, array.length + 1);
}

/** A copy at least `length` long, doubling. */
function growTo(array: Int32Array, length: number): Int32Array<ArrayBuffer> {
  let size = array.length * 2;
  while (size < length) size *= 2;
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}

/** A side's entries as scanned: own id (interned), list as interned ids of the other side (in the scanner's items), capacity. */
class SideEntries {
  ids: Int32Array = new Int32Array(1 << 10);
  capacity: Int32Array = new Int32Array(1 << 10);
  /** Relative to itemsFrom. */
  listStart: Int32Array = new Int32Array(1 << 10);
  itemsFrom = 0;
  itemsTo = 0;
  count = 0;

  push(id: number, capacity: number, itemsEnd: number): void {
    if (this.count + 2 > this.ids.length) {
      this.ids = grow(this.ids);
      this.capacity = grow(this.capacity);
      this.listStart = grow(this.listStart);
    }
    this.ids[this.count] = id;
    this.capacity[this.count] = capacity;
    this.count++;
    this.listStart[this.count] = itemsEnd - this.itemsFrom;
  }
}

class Scanner {
  private p = 0;
  private nonAscii = false;
  /**
   * Every list item of both sides, side after side. Each item takes at least 4 bytes of text (`"x",`),
   * so this never fills; the pages never written are never touched.
   */
  private readonly items: Int32Array;
  private itemCount = 0;
  private readonly students = new SideEntries();
  private readonly mentors = new SideEntries();
  private readonly studentNames: Interner;
  private readonly mentorNames: Interner;

  constructor(private readonly text: Buffer) {
    this.items = new Int32Array((text.length >> 2) + 1);
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
      students: quotedIds(text, this.students, this.studentNames),
      mentors: quotedIds(text, this.mentors, this.mentorNames),
      capacity: this.mentors.capacity.slice(0, this.mentors.count),
      studentLists: this.listsOverEntries(this.students, mentorOfName, this.mentors.count),
      mentorLists: this.listsOverEntries(this.mentors, studentOfName, this.students.count),
    };
  }

  private side(entries: SideEntries, ownNames: Interner, otherNames: Interner, isMentor: boolean): void {
    const { text } = this;
    entries.itemsFrom = this.itemCount;
    this.expect(OPEN_BRACKET);
    this.skipSpace();
    if (text[this.p] === CLOSE_BRACKET) {
      this.p++;
    } else {
      for (;;) {
        this.skipSpace();
        this.entry(entries, ownNames, otherNames, isMentor);
        this.skipSpace();
        const c = text[this.p++];
        if (c === CLOSE_BRACKET) break;
        if (c !== COMMA) throw LEAVE_FAST_PATH;
      }
    }
    entries.itemsTo = this.itemCount;
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
        this.list(otherNames);
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
    entries.push(id, capacity, this.itemCount);
  }

  /** A list of ids, appended to the items; the hot loop of the scan. */
  private list(names: Interner): void {
    const { text, items } = this;
    this.expect(OPEN_BRACKET);
    this.skipSpace();
    if (text[this.p] === CLOSE_BRACKET) {
      this.p++;
      return;
    }
    for (;;) {
      if (text[this.p] !== QUOTE) this.skipSpace();
      // An empty id is never known (and would break the items' bound of 4 bytes each).
      if (text[this.p] !== QUOTE || text[this.p + 1] === QUOTE) throw LEAVE_FAST_PATH;
      items[this.itemCount++] = this.string(names);
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
    // The value of the trailing run of digits (wrapping when longer than any numbered id's) and where it starts.
    let value = 0;
    let digitsFrom = from;
    for (;;) {
      const c = text[q];
      if (STOPS[c] !== 0) {
        if (c === QUOTE) break;
        if (!(c >= 128)) throw LEAVE_FAST_PATH;
        this.nonAscii = true;
      }
      const digit = c - 48;
      if (digit >= 0 && digit <= 9) {
        value = (Math.imul(value, 10) + digit) | 0;
      } else {
        value = 0;
        digitsFrom = q + 1;
      }
      q++;
    }
    this.p = q + 1;
    return names.intern(from, q - from, digitsFrom, value);
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

  /** The side's lists over the other side's entry indices (rewriting its items in place); leaves on unknown and repeated entries. */
  private listsOverEntries(entries: SideEntries, entryOfName: Int32Array, otherCount: number): IntLists {
    const start = entries.listStart.slice(0, entries.count + 1);
    const target = this.items.subarray(entries.itemsFrom, entries.itemsTo);
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

function quotedIds(text: Buffer, entries: SideEntries, names: Interner): QuotedIds {
  const start = new Int32Array(entries.count);
  const length = new Int32Array(entries.count);
  for (let i = 0; i < entries.count; i++) {
    const k = entries.ids[i];
    start[i] = names.start[k] - 1;
    length[i] = names.length[k] + 2;
  }
  return { bytes: text, start, length };
}

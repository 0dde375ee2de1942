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

const PLAIN = 0;
const DIGIT = 1;
/** What a byte is inside a string: PLAIN, DIGIT, or 2 for what a plain string's loop must stop at (the closing quote, escapes, control characters, non-ASCII). */
const KIND = new Uint8Array(256);
for (let c = 0; c < 256; c++) KIND[c] = c >= 48 && c <= 57 ? DIGIT : c < 32 || c === QUOTE || c === BACKSLASH || c >= 128 ? 2 : PLAIN;

/** Set by endOfString (fields of no object, so that the hot loop allocates nothing and returns one number). */
let stringValue = 0;
let stringDigitsFrom = 0;
let stringNonAscii = false;

/**
 * The index of the closing quote of the plain string whose bytes start at `from`; leaves on escapes
 * and control characters. Leaves in stringValue the value of the string's trailing run of digits
 * (wrapping when longer than any numbered id's) and in stringDigitsFrom where that run starts.
 */
function endOfString(text: Uint8Array, from: number): number {
  let q = from;
  let value = 0;
  let digitsFrom = from;
  for (;;) {
    const c = text[q];
    const kind = KIND[c];
    if (kind === DIGIT) {
      value = (Math.imul(value, 10) + c - 48) | 0;
    } else if (kind === PLAIN) {
      value = 0;
      digitsFrom = q + 1;
    } else if (c === QUOTE) {
      break;
    } else if (c >= 128) {
      stringNonAscii = true;
      value = 0;
      digitsFrom = q + 1;
    } else {
      throw LEAVE_FAST_PATH;
    }
    q++;
  }
  stringValue = value;
  stringDigitsFrom = digitsFrom;
  return q;
}

function skipSpace(text: Uint8Array, from: number): number {
  let p = from;
  let c = text[p];
  while (c === 32 || c === 10 || c === 13 || c === 9) c = text[++p];
  return p;
}

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
 * Gives each id of one side (a run of the text) a code: the same code for the same id, different
 * codes for different ids.
 *
 * Ids made of a prefix and a number (`s123`, `m45`: what rounds write) are coded as that number,
 * when their prefix is the side's (that of its first such id) and the number has no leading zero and
 * at most 7 digits: the scan then looks nothing up, and a later pass maps numbers to entries through
 * one array. Any other id is coded -1 - k, k its number in an open-addressing table keyed by the id's
 * last 8 bytes packed big-endian in two words plus its length: for ids of up to 8 bytes (ids never
 * contain a zero byte) equal keys mean equal ids, so the lookup of such an id touches one slot (key
 * and number side by side in one cache line) and never goes back to the text; longer ids compare
 * their bytes in the text. Which of the two an id gets depends only on its bytes and the side's
 * prefix, fixed by then.
 */
class Names {
  /** Slots of 4: number + 1, low word, high word, length. */
  private table: Int32Array;
  private mask: number;
  private start: Int32Array;
  private hash: Int32Array;
  private prefixStart = -1;
  private prefixLength = 0;
  /** Ids in the table. */
  count = 0;
  /** The largest number coded. */
  maxNumber = -1;

  constructor(private readonly text: Buffer) {
    this.table = new Int32Array(4 << 12);
    this.mask = (1 << 12) - 1;
    this.start = new Int32Array(1 << 11);
    this.hash = new Int32Array(1 << 11);
  }

  /** The code of the id text[from .. from + size), whose trailing digits start at digitsFrom and read `value`. */
  code(from: number, size: number, digitsFrom: number, value: number): number {
    if (this.isNumbered(from, size, digitsFrom)) {
      if (value > this.maxNumber) this.maxNumber = value;
      return value;
    }
    return -1 - this.intern(from, size);
  }

  private intern(from: number, size: number): number {
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

  /** Whether the id is the side's prefix and a plain number of up to 7 digits. */
  private isNumbered(from: number, size: number, digitsFrom: number): boolean {
    const { text } = this;
    const digitCount = from + size - digitsFrom;
    if (digitCount === 0 || digitCount > 7 || (digitCount > 1 && text[digitsFrom] === 48)) return false;
    const prefixLength = digitsFrom - from;
    if (this.prefixStart < 0) {
      this.prefixStart = from;
      this.prefixLength = prefixLength;
      return true;
    }
    if (prefixLength !== this.prefixLength) return false;
    for (let i = 0; i < prefixLength; i++) if (text[from + i] !== text[this.prefixStart + i]) return false;
    return true;
  }

  private sameBytes(k: number, from: number, size: number): boolean {
    const { text } = this;
    const begin = this.start[k];
    for (let i = 0; i < size; i++) if (text[begin + i] !== text[from + i]) return false;
    return true;
  }

  private add(at: number, from: number, size: number, low: number, high: number, hash: number): number {
    const k = this.count++;
    if (k === this.start.length) {
      this.start = grow(this.start);
      this.hash = grow(this.hash);
    }
    this.start[k] = from;
    this.hash[k] = hash;
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
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** A side's entries as scanned: own id (coded, and where it stands), list as coded ids of the other side (in the scanner's items), capacity. */
class SideEntries {
  ids: Int32Array = new Int32Array(1 << 10);
  idStart: Int32Array = new Int32Array(1 << 10);
  idLength: Int32Array = new Int32Array(1 << 10);
  capacity: Int32Array = new Int32Array(1 << 10);
  /** Relative to itemsFrom. */
  listStart: Int32Array = new Int32Array(1 << 10);
  itemsFrom = 0;
  itemsTo = 0;
  count = 0;

  push(id: number, idStart: number, idLength: number, capacity: number, itemsEnd: number): void {
    if (this.count + 2 > this.ids.length) {
      this.ids = grow(this.ids);
      this.idStart = grow(this.idStart);
      this.idLength = grow(this.idLength);
      this.capacity = grow(this.capacity);
      this.listStart = grow(this.listStart);
    }
    this.ids[this.count] = id;
    this.idStart[this.count] = idStart;
    this.idLength[this.count] = idLength;
    this.capacity[this.count] = capacity;
    this.count++;
    this.listStart[this.count] = itemsEnd - this.itemsFrom;
  }
}

class Scanner {
  private p = 0;
  /** Every list item of both sides, side after side. */
  private items: Int32Array;
  private itemCount = 0;
  private readonly students = new SideEntries();
  private readonly mentors = new SideEntries();
  private readonly studentNames: Names;
  private readonly mentorNames: Names;

  constructor(private readonly text: Buffer) {
    // An item takes at least 4 bytes of text (`"x",`), most take 8 or more.
    this.items = new Int32Array((text.length >> 3) + 16);
    this.studentNames = new Names(text);
    this.mentorNames = new Names(text);
  }

  scan(): ScannedInstance {
    const { text } = this;
    stringNonAscii = false;
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
    if (stringNonAscii && !isUtf8(text)) throw LEAVE_FAST_PATH;

    const studentOfCode = new EntryOfCode(this.students, this.studentNames);
    const mentorOfCode = new EntryOfCode(this.mentors, this.mentorNames);
    return {
      students: quotedIds(text, this.students),
      mentors: quotedIds(text, this.mentors),
      capacity: this.mentors.capacity.slice(0, this.mentors.count),
      studentLists: this.listsOverEntries(this.students, mentorOfCode, this.mentors.count),
      mentorLists: this.listsOverEntries(this.mentors, studentOfCode, this.students.count),
    };
  }

  private side(entries: SideEntries, ownNames: Names, otherNames: Names, isMentor: boolean): void {
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

  private entry(entries: SideEntries, ownNames: Names, otherNames: Names, isMentor: boolean): void {
    const { text } = this;
    this.expect(OPEN_BRACE);
    let sawId = false;
    let id = 0;
    let idStart = 0;
    let idLength = 0;
    let capacity = -1;
    let sawPrefs = false;
    for (;;) {
      this.skipSpace();
      if (startsWithKey(text, this.p, KEY_ID) && !sawId) {
        this.p += 4;
        sawId = true;
        this.afterColon();
        if (text[this.p] !== QUOTE || text[this.p + 1] === QUOTE) throw LEAVE_FAST_PATH;
        idStart = this.p;
        id = this.string(ownNames);
        idLength = this.p - idStart;
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
    if (!sawId || !sawPrefs || (isMentor && capacity < 0)) throw LEAVE_FAST_PATH;
    entries.push(id, idStart, idLength, capacity, this.itemCount);
  }

  /** A list of ids, appended to the items: the hot loop of the scan, on locals. */
  private list(names: Names): void {
    const { text } = this;
    let { items } = this;
    this.expect(OPEN_BRACKET);
    let p = skipSpace(text, this.p);
    let count = this.itemCount;
    if (text[p] === CLOSE_BRACKET) {
      p++;
    } else {
      for (;;) {
        if (text[p] !== QUOTE) p = skipSpace(text, p);
        // An empty id is never known.
        if (text[p] !== QUOTE || text[p + 1] === QUOTE) throw LEAVE_FAST_PATH;
        if (count === items.length) items = this.items = grow(items);
        const end = endOfString(text, p + 1);
        items[count++] = names.code(p + 1, end - p - 1, stringDigitsFrom, stringValue);
        p = end + 1;
        let c = text[p++];
        if (c !== COMMA && c !== CLOSE_BRACKET) {
          p = skipSpace(text, p - 1);
          c = text[p++];
        }
        if (c === CLOSE_BRACKET) break;
        if (c !== COMMA) throw LEAVE_FAST_PATH;
      }
    }
    this.p = p;
    this.itemCount = count;
  }

  /** The code of the plain string starting at the current quote. */
  private string(names: Names): number {
    const from = this.p + 1;
    const end = endOfString(this.text, from);
    this.p = end + 1;
    return names.code(from, end - from, stringDigitsFrom, stringValue);
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
    this.p = skipSpace(this.text, this.p);
  }

  /** The side's lists over the other side's entry indices (rewriting its items in place); leaves on unknown and repeated entries. */
  private listsOverEntries(entries: SideEntries, entryOf: EntryOfCode, otherCount: number): IntLists {
    const start = entries.listStart.slice(0, entries.count + 1);
    const target = this.items.subarray(entries.itemsFrom, entries.itemsTo);
    const { byNumber, byName } = entryOf;
    const lastListedBy = new Int32Array(otherCount).fill(-1);
    for (let i = 0; i < entries.count; i++) {
      for (let e = start[i]; e < start[i + 1]; e++) {
        const code = target[e];
        const index = (code >= 0 ? byNumber[code] : byName[-1 - code]) - 1;
        if (index < 0 || lastListedBy[index] === i) throw LEAVE_FAST_PATH;
        lastListedBy[index] = i;
        target[e] = index;
      }
    }
    return { start, target };
  }
}

/** Entry index + 1 of every code of a side (0: no entry has it); leaves on a duplicate. */
class EntryOfCode {
  readonly byNumber: Int32Array;
  readonly byName: Int32Array;

  constructor(entries: SideEntries, names: Names) {
    // Zero-filled, so pages of numbers that no entry has are never touched.
    this.byNumber = new Int32Array(names.maxNumber + 1);
    this.byName = new Int32Array(names.count);
    for (let i = 0; i < entries.count; i++) {
      const code = entries.ids[i];
      const byCode = code >= 0 ? this.byNumber : this.byName;
      const at = code >= 0 ? code : -1 - code;
      if (byCode[at] !== 0) throw LEAVE_FAST_PATH;
      byCode[at] = i + 1;
    }
  }
}

function quotedIds(text: Buffer, entries: SideEntries): QuotedIds {
  return { bytes: text, start: entries.idStart.slice(0, entries.count), length: entries.idLength.slice(0, entries.count) };
}

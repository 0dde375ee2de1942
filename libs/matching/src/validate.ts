import { rankLists, type IndexedInstance, type IntLists } from './indexed';
import { freshAlloc, type Alloc } from './arena';
import { StringIndex } from './string-index';
import type { Instance } from './types';

/** Huge broken files would otherwise flood the terminal; the count still tells the whole story. */
const MAX_LISTED_PROBLEMS = 200;

export class InvalidInstanceError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid instance (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}`);
    this.name = 'InvalidInstanceError';
  }
}

type Side = 'student' | 'mentor';

interface ShapedEntry {
  id: string;
  prefs: unknown[];
  label: string;
}

type Report = (problem: string) => void;

/**
 * Checks that `input` is an instance (students and mentors, each with a unique id and a list of the other side's ids; mentors with a capacity) and returns it typed.
 * Throws InvalidInstanceError listing every problem found; never throws anything else.
 */
export function validateInstance(input: unknown): Instance {
  return readInstance(input).instance;
}

/** validateInstance, plus the instance over integer ids that the solver works on. */
export function validateAndIndex(input: unknown): {
  instance: Instance;
  indexed: IndexedInstance;
  /** Each side's lists as given (before keeping only mutually acceptable pairs), over integer ids. */
  studentLists: IntLists;
  mentorLists: IntLists;
} {
  const fast = fastRead(input);
  if (fast) {
    const { instance, studentIds, mentorIds, capacity, studentLists, mentorLists } = fast;
    const indexed: IndexedInstance = {
      studentIds,
      mentorIds,
      capacity,
      ...rankLists(studentLists, mentorLists),
    };
    return { instance, indexed, studentLists, mentorLists };
  }
  return validateAndIndexFully(input);
}

/**
 * validateAndIndex without the fast path: the reference (and the fallback), which collects and words
 * every problem. Exported for the tests that hold the fast path to it.
 */
export function validateAndIndexFully(input: unknown): ReturnType<typeof validateAndIndex> {
  const { instance, studentLists, mentorLists } = readInstance(input);
  const indexed: IndexedInstance = {
    studentIds: instance.students.map((student) => student.id),
    mentorIds: instance.mentors.map((mentor) => mentor.id),
    capacity: Int32Array.from(instance.mentors, (mentor) => mentor.capacity),
    ...rankLists(studentLists, mentorLists),
  };
  return { instance, indexed, studentLists, mentorLists };
}

/** A side as read by the fast path: id to index, the ids in order, capacities, total list length. */
interface FastSide {
  index: StringIndex;
  ids: string[];
  capacity: Int32Array;
  total: number;
}

/**
 * The fast path of validateAndIndex: one StringIndex per side, the CSR lists filled in one pass, checking as
 * it goes. Returns undefined at the first problem or anything unusual (holes in arrays, capacities
 * beyond 32 bits), leaving the wording of every problem to the full validation of readInstance.
 * Accepts exactly the instances readInstance accepts that it does not leave on, with the same result.
 */
export function fastRead(input: unknown, alloc: Alloc = freshAlloc):
  | { instance: Instance; studentIds: string[]; mentorIds: string[]; capacity: Int32Array; studentLists: IntLists; mentorLists: IntLists }
  | undefined {
  if (!isPlainObject(input)) return undefined;
  const { students, mentors } = input;
  if (!Array.isArray(students) || !Array.isArray(mentors)) return undefined;
  const studentSide = fastSide(students, false, alloc);
  if (!studentSide) return undefined;
  const mentorSide = fastSide(mentors, true, alloc);
  if (!mentorSide) return undefined;
  const studentLists = fastLists(students, studentSide.total, mentorSide.index, mentors.length, alloc);
  if (!studentLists) return undefined;
  const mentorLists = fastLists(mentors, mentorSide.total, studentSide.index, students.length, alloc);
  if (!mentorLists) return undefined;
  return {
    instance: { students, mentors } as Instance,
    studentIds: studentSide.ids,
    mentorIds: mentorSide.ids,
    capacity: mentorSide.capacity,
    studentLists,
    mentorLists,
  };
}

function fastSide(list: unknown[], isMentor: boolean, alloc: Alloc): FastSide | undefined {
  const count = list.length;
  const index = new StringIndex(count);
  const ids: string[] = new Array(count);
  const capacity = alloc(isMentor ? count : 0);
  let total = 0;
  for (let i = 0; i < count; i++) {
    const entry = list[i];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
    const { id, prefs } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || id === '' || !Array.isArray(prefs)) return undefined;
    if (isMentor) {
      const value = (entry as Record<string, unknown>).capacity;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0x7fffffff) return undefined;
      capacity[i] = value;
    }
    if (index.add(id) !== i) return undefined;
    ids[i] = id;
    total += prefs.length;
  }
  return { index, ids, capacity, total };
}

function fastLists(
  list: unknown[],
  total: number,
  otherIndex: StringIndex,
  otherCount: number,
  alloc: Alloc,
): IntLists | undefined {
  const count = list.length;
  const start = alloc(count + 1);
  const target = alloc(total);
  // lastListedBy[k] === i means the other side's entry k already appeared in list i.
  const lastListedBy = alloc(otherCount).fill(-1);
  let e = 0;
  for (let i = 0; i < count; i++) {
    const prefs = (list[i] as { prefs: unknown[] }).prefs;
    const length = prefs.length;
    if (e + length > total) return undefined;
    for (let j = 0; j < length; j++) {
      const listed = prefs[j];
      if (typeof listed !== 'string') return undefined;
      const k = otherIndex.get(listed);
      if (k < 0 || lastListedBy[k] === i) return undefined;
      lastListedBy[k] = i;
      target[e++] = k;
    }
    start[i + 1] = e;
  }
  return e === total ? { start, target } : undefined;
}

/** Validates and, in the same pass over the lists, translates them to integer ids. */
function readInstance(input: unknown): { instance: Instance; studentLists: IntLists; mentorLists: IntLists } {
  const problems: string[] = [];
  const report: Report = (problem) => problems.push(problem);

  if (!isPlainObject(input)) {
    throw new InvalidInstanceError(['instance must be a JSON object with "students" and "mentors" arrays']);
  }
  const students = checkSide(input.students, 'student', report);
  const mentors = checkSide(input.mentors, 'mentor', report);

  const studentIds = indexIds(students, 'student', report);
  const mentorIds = indexIds(mentors, 'mentor', report);
  const studentLists = readLists(students, mentorIds, 'mentor', report);
  const mentorLists = readLists(mentors, studentIds, 'student', report);

  if (problems.length > 0) {
    const distinct = [...new Set(problems)];
    const listed = distinct.slice(0, MAX_LISTED_PROBLEMS);
    if (distinct.length > MAX_LISTED_PROBLEMS) listed.push(`... and ${distinct.length - MAX_LISTED_PROBLEMS} more problems`);
    throw new InvalidInstanceError(listed);
  }
  const instance = { students: input.students, mentors: input.mentors } as Instance;
  return { instance, studentLists, mentorLists };
}

function checkSide(list: unknown, side: Side, report: Report): ShapedEntry[] {
  if (!Array.isArray(list)) {
    report(`"${side}s" must be an array (got ${describeValue(list)})`);
    return [];
  }
  const entries: ShapedEntry[] = [];
  list.forEach((entry: unknown, index) => {
    if (!isPlainObject(entry)) {
      report(`${side} at index ${index} must be an object (got ${describeValue(entry)})`);
      return;
    }
    const hasId = typeof entry.id === 'string' && entry.id !== '';
    if (!hasId) report(`${side} at index ${index} must have a non-empty string "id" (got ${describeValue(entry.id)})`);
    const label = hasId ? `${side} "${entry.id as string}"` : `${side} at index ${index}`;
    if (side === 'mentor') {
      const capacity = entry.capacity;
      if (!(typeof capacity === 'number' && Number.isSafeInteger(capacity) && capacity >= 0)) {
        report(`${label} capacity must be a non-negative integer (got ${describeValue(capacity)})`);
      }
    }
    if (!Array.isArray(entry.prefs)) {
      report(`${label} "prefs" must be an array of ids (got ${describeValue(entry.prefs)})`);
      return;
    }
    if (hasId) entries.push({ id: entry.id as string, prefs: entry.prefs, label });
  });
  return entries;
}

/** Id to dense index, as a prototype-free object: measurably faster than a Map for millions of lookups. */
type IdIndex = Record<string, number | undefined>;

function indexIds(entries: ShapedEntry[], side: Side, report: Report): { ids: IdIndex; count: number } {
  const ids: IdIndex = Object.create(null);
  const reported = new Set<string>();
  let count = 0;
  for (const entry of entries) {
    if (ids[entry.id] === undefined) ids[entry.id] = count++;
    else if (!reported.has(entry.id)) {
      reported.add(entry.id);
      report(`duplicate ${side} id "${entry.id}"`);
    }
  }
  return { ids, count };
}

/** The lists over integer ids; only meaningful when nothing was reported. */
function readLists(
  entries: ShapedEntry[],
  otherSide: { ids: IdIndex; count: number },
  otherSideName: Side,
  report: Report,
): IntLists {
  const start = new Int32Array(entries.length + 1);
  for (let i = 0; i < entries.length; i++) start[i + 1] = start[i] + entries[i].prefs.length;
  const target = new Int32Array(start[entries.length]);
  // lastListedBy[k] === listNumber means the other side's entry k already appeared in this list.
  const lastListedBy = new Int32Array(otherSide.count).fill(-1);
  let e = 0;
  for (let listNumber = 0; listNumber < entries.length; listNumber++) {
    const entry = entries[listNumber];
    for (const listed of entry.prefs) {
      const index = typeof listed === 'string' ? otherSide.ids[listed] : undefined;
      if (index !== undefined && lastListedBy[index] !== listNumber) {
        lastListedBy[index] = listNumber;
        target[e++] = index;
      } else if (typeof listed !== 'string') {
        report(`${entry.label} lists ${describeValue(listed)}, expected a ${otherSideName} id string`);
      } else if (index === undefined) {
        report(`${entry.label} lists unknown ${otherSideName} "${listed}"`);
      } else {
        report(`${entry.label} lists "${listed}" more than once`);
      }
    }
  }
  return { start, target };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

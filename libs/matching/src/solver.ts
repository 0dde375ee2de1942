import { withArena } from './arena';
import { rankLists, type IndexedInstance, type RankedLists } from './indexed';
import { fastRead, validateAndIndex } from './validate';
import type { Instance, MatchingResult, Proposing } from './types';

export interface SolveOptions {
  proposing?: Proposing;
}

export interface IndexedMatching {
  /** Mentor index per student, -1 when unmatched. */
  mentorOfStudent: Int32Array;
  proposals: number;
}

/**
 * Many-to-one deferred acceptance. Student-proposing yields the student-optimal stable matching,
 * mentor-proposing the mentor-optimal one. Throws InvalidInstanceError on an invalid instance.
 */
export function solve(instance: Instance, options: SolveOptions = {}): MatchingResult {
  const proposing = options.proposing ?? 'students';
  // The intermediate arrays never leave this call, so they come from the reused arena.
  return withArena((alloc) => {
    const fast = fastRead(instance, alloc);
    const indexed: IndexedInstance = fast
      ? {
          studentIds: fast.studentIds,
          mentorIds: fast.mentorIds,
          capacity: fast.capacity,
          ...rankLists(fast.studentLists, fast.mentorLists, alloc),
        }
      : validateAndIndex(instance).indexed;
    return toMatchingResult(indexed, solveIndexed(indexed, proposing));
  });
}

export function toMatchingResult(indexed: IndexedInstance, { mentorOfStudent, proposals }: IndexedMatching): MatchingResult {
  // No prototype, so that any id (even "__proto__") is an ordinary key.
  const assignments: Record<string, string | null> = Object.create(null);
  let matched = 0;
  indexed.studentIds.forEach((studentId, s) => {
    const m = mentorOfStudent[s];
    assignments[studentId] = m < 0 ? null : indexed.mentorIds[m];
    if (m >= 0) matched++;
  });
  const students = indexed.studentIds.length;
  return {
    assignments,
    stats: { students, mentors: indexed.mentorIds.length, matched, unmatched: students - matched, proposals },
  };
}

export function solveIndexed(instance: RankedLists, proposing: Proposing = 'students'): IndexedMatching {
  return proposing === 'students' ? studentsPropose(instance) : mentorsPropose(instance);
}

function studentsPropose(instance: RankedLists): IndexedMatching {
  const { capacity, studentRankAtMentor } = instance;
  const { start: studentListStart, target: studentListMentor } = instance.studentLists;
  const { start: mentorListStart, target: mentorListStudent } = instance.mentorLists;
  const studentCount = studentListStart.length - 1;
  const mentorCount = capacity.length;

  // Each mentor holds its tentatively accepted students in a max-heap of its ranks of them (worst on
  // top), stored flat; a heap never needs more room than the mentor lists students.
  const heapStart = new Int32Array(mentorCount + 1);
  for (let m = 0; m < mentorCount; m++) {
    heapStart[m + 1] = heapStart[m] + Math.min(capacity[m], mentorListStart[m + 1] - mentorListStart[m]);
  }
  const heap = new Int32Array(heapStart[mentorCount]);
  const heapSize = new Int32Array(mentorCount);
  const nextChoice = studentListStart.slice(0, studentCount);

  const free = new Int32Array(studentCount);
  for (let s = 0; s < studentCount; s++) free[s] = studentCount - 1 - s;
  let freeCount = studentCount;
  let proposals = 0;

  while (freeCount > 0) {
    let student = free[--freeCount];
    // The proposer keeps proposing; whoever it displaces takes over, until someone is held or runs out.
    while (student >= 0) {
      const entry = nextChoice[student];
      if (entry === studentListStart[student + 1]) break;
      nextChoice[student] = entry + 1;
      const rank = studentRankAtMentor[entry];
      if (rank < 0) continue;
      proposals++;
      const mentor = studentListMentor[entry];
      const base = heapStart[mentor];
      const room = heapStart[mentor + 1] - base;
      const size = heapSize[mentor];
      if (size < room) {
        heapPush(heap, base, size, rank);
        heapSize[mentor] = size + 1;
        student = -1;
      } else if (room > 0 && rank < heap[base]) {
        const displacedRank = heap[base];
        heapReplaceTop(heap, base, size, rank);
        student = mentorListStudent[mentorListStart[mentor] + displacedRank];
      }
    }
  }

  const mentorOfStudent = new Int32Array(studentCount).fill(-1);
  for (let m = 0; m < mentorCount; m++) {
    const base = heapStart[m];
    for (let i = 0; i < heapSize[m]; i++) mentorOfStudent[mentorListStudent[mentorListStart[m] + heap[base + i]]] = m;
  }
  return { mentorOfStudent, proposals };
}

function mentorsPropose(instance: RankedLists): IndexedMatching {
  const { capacity, mentorRankAtStudent } = instance;
  const { start: mentorListStart, target: mentorListStudent } = instance.mentorLists;
  const mentorCount = capacity.length;
  const studentCount = instance.studentLists.start.length - 1;

  const mentorOfStudent = new Int32Array(studentCount).fill(-1);
  const studentRankOfHeld = new Int32Array(studentCount);
  const heldCount = new Int32Array(mentorCount);
  const nextChoice = mentorListStart.slice(0, mentorCount);
  const pending = new Int32Array(mentorCount);
  const isPending = new Uint8Array(mentorCount);
  let pendingCount = 0;
  for (let m = mentorCount - 1; m >= 0; m--) {
    pending[pendingCount++] = m;
    isPending[m] = 1;
  }
  let proposals = 0;

  while (pendingCount > 0) {
    const mentor = pending[--pendingCount];
    isPending[mentor] = 0;
    const listEnd = mentorListStart[mentor + 1];
    while (heldCount[mentor] < capacity[mentor] && nextChoice[mentor] < listEnd) {
      const entry = nextChoice[mentor]++;
      const rank = mentorRankAtStudent[entry];
      if (rank < 0) continue;
      proposals++;
      const student = mentorListStudent[entry];
      const current = mentorOfStudent[student];
      if (current >= 0 && rank > studentRankOfHeld[student]) continue;
      if (current >= 0) {
        heldCount[current]--;
        if (!isPending[current]) {
          pending[pendingCount++] = current;
          isPending[current] = 1;
        }
      }
      mentorOfStudent[student] = mentor;
      studentRankOfHeld[student] = rank;
      heldCount[mentor]++;
    }
  }
  return { mentorOfStudent, proposals };
}

function heapPush(heap: Int32Array, base: number, size: number, value: number): void {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[base + parent] >= value) break;
    heap[base + i] = heap[base + parent];
    i = parent;
  }
  heap[base + i] = value;
}

function heapReplaceTop(heap: Int32Array, base: number, size: number, value: number): void {
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && heap[base + child + 1] > heap[base + child]) child++;
    if (heap[base + child] <= value) break;
    heap[base + i] = heap[base + child];
    i = child;
  }
  heap[base + i] = value;
}

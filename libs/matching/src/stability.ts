import type { Instance } from './types';

export interface Pair {
  studentId: string;
  mentorId: string;
}

export interface OverCapacity {
  mentorId: string;
  capacity: number;
  assigned: number;
}

export interface StabilityReport {
  stable: boolean;
  /** A student and a mentor who both list each other and would both rather be together. */
  blockingPairs: Pair[];
  /** Assigned pairs where one side does not list the other. */
  unacceptablePairs: Pair[];
  overCapacity: OverCapacity[];
  /** Students of the instance absent from the assignments. */
  missingStudents: string[];
  /** Assignments naming a student or a mentor that is not in the instance. */
  unknownAssignments: Array<{ studentId: string; mentorId: string | null }>;
}

/**
 * Checks `assignments` against the definition of a stable matching, deliberately sharing no code
 * with the solver so that it can vouch for it. Expects a validated instance. Assignments naming an
 * unknown id, and students without an entry, are reported here; the rest is checkStabilityIndexed's.
 */
export function checkStability(instance: Instance, assignments: Record<string, string | null>): StabilityReport {
  const { students, mentors } = instance;
  const studentIndex = indexById(students);
  const mentorIndex = indexById(mentors);
  const unknownAssignments: StabilityReport['unknownAssignments'] = [];
  const mentorOfStudent = new Int32Array(students.length).fill(-1);
  for (const studentId of Object.keys(assignments)) {
    const mentorId = assignments[studentId];
    const s = studentIndex[studentId];
    const m = mentorId === null ? -1 : mentorIndex[mentorId];
    if (s === undefined || m === undefined) unknownAssignments.push({ studentId, mentorId });
    else mentorOfStudent[s] = m;
  }
  const missingStudents = students.filter((student) => !Object.hasOwn(assignments, student.id)).map((student) => student.id);

  const report = checkStabilityIndexed(
    {
      studentId: (s) => students[s].id,
      mentorId: (m) => mentors[m].id,
      capacity: Int32Array.from(mentors, (mentor) => mentor.capacity),
      studentLists: listsOf(students, mentorIndex),
      mentorLists: listsOf(mentors, studentIndex),
    },
    mentorOfStudent,
  );
  report.missingStudents = missingStudents;
  report.unknownAssignments = unknownAssignments;
  report.stable = report.stable && missingStudents.length === 0 && unknownAssignments.length === 0;
  return report;
}

function indexById(entries: Array<{ id: string }>): Record<string, number | undefined> {
  const index: Record<string, number | undefined> = Object.create(null);
  entries.forEach((entry, i) => (index[entry.id] = i));
  return index;
}

/** Each entry's list, as given, in CSR form over the other side's indices. */
function listsOf(entries: Array<{ prefs: string[] }>, otherIndex: Record<string, number | undefined>): ListedInstance['studentLists'] {
  const start = new Int32Array(entries.length + 1);
  entries.forEach((entry, i) => (start[i + 1] = start[i] + entry.prefs.length));
  const target = new Int32Array(start[entries.length]);
  entries.forEach((entry, i) => entry.prefs.forEach((id, k) => (target[start[i] + k] = otherIndex[id]!)));
  return { start, target };
}

/** A validated instance over integer ids, with each side's lists exactly as given (not filtered). */
export interface ListedInstance {
  /** Names an entry in the report. */
  studentId: (s: number) => string;
  mentorId: (m: number) => string;
  capacity: Int32Array;
  /** CSR lists: student s lists mentors studentLists.target[studentLists.start[s] .. start[s + 1]). */
  studentLists: { start: Int32Array; target: Int32Array };
  mentorLists: { start: Int32Array; target: Int32Array };
}

/**
 * The stability check over integer ids, on the lists as given (it uses none of the solver's
 * ranks). `mentorOfStudent[s]` is the mentor index of student s, or -1 when unmatched.
 */
export function checkStabilityIndexed(instance: ListedInstance, mentorOfStudent: Int32Array): StabilityReport {
  const { studentId, mentorId, capacity, studentLists, mentorLists } = instance;
  const studentCount = studentLists.start.length - 1;
  const mentorCount = capacity.length;
  const report: StabilityReport = {
    stable: true,
    blockingPairs: [],
    unacceptablePairs: [],
    overCapacity: [],
    missingStudents: [],
    unknownAssignments: [],
  };

  const assigned = new Int32Array(studentCount).fill(-1);
  for (let s = 0; s < studentCount; s++) {
    const m = s < mentorOfStudent.length ? mentorOfStudent[s] : -1;
    if (s >= mentorOfStudent.length) report.missingStudents.push(studentId(s));
    else if (m >= mentorCount || (m < 0 && m !== -1)) report.unknownAssignments.push({ studentId: studentId(s), mentorId: String(m) });
    else assigned[s] = m;
  }

  const assignedCount = new Int32Array(mentorCount);
  for (let s = 0; s < studentCount; s++) if (assigned[s] >= 0) assignedCount[assigned[s]]++;
  for (let m = 0; m < mentorCount; m++) {
    if (assignedCount[m] > capacity[m]) {
      report.overCapacity.push({ mentorId: mentorId(m), capacity: capacity[m], assigned: assignedCount[m] });
    }
  }

  // Position (in the student's own list) of the assigned mentor; the list's length when unmatched or
  // when the student doesn't list its mentor.
  const assignedPosition = new Int32Array(studentCount);
  for (let s = 0; s < studentCount; s++) {
    const from = studentLists.start[s];
    const to = studentLists.start[s + 1];
    let position = to - from;
    if (assigned[s] >= 0) {
      for (let e = from; e < to; e++) {
        if (studentLists.target[e] === assigned[s]) {
          position = e - from;
          break;
        }
      }
    }
    assignedPosition[s] = position;
  }

  // One walk down each mentor's list, best first. Until the mentor has passed every student it holds,
  // each other student it passes is one it ranks above a held one; with a free place, or holding a
  // student it doesn't list, it would take anyone it lists. Such a student who prefers it blocks.
  const listedByAssignedMentor = new Uint8Array(studentCount);
  for (let m = 0; m < mentorCount; m++) {
    const hasRoom = assignedCount[m] < capacity[m];
    let heldNotYetPassed = assignedCount[m];
    const end = mentorLists.start[m + 1];
    for (let e = mentorLists.start[m]; e < end && (hasRoom || heldNotYetPassed > 0); e++) {
      const s = mentorLists.target[e];
      if (assigned[s] === m) {
        listedByAssignedMentor[s] = 1;
        heldNotYetPassed--;
      } else {
        const from = studentLists.start[s];
        const before = from + assignedPosition[s];
        for (let f = from; f < before; f++) {
          if (studentLists.target[f] === m) {
            report.blockingPairs.push({ studentId: studentId(s), mentorId: mentorId(m) });
            break;
          }
        }
      }
    }
  }
  for (let s = 0; s < studentCount; s++) {
    const m = assigned[s];
    const listLength = studentLists.start[s + 1] - studentLists.start[s];
    if (m >= 0 && (!listedByAssignedMentor[s] || assignedPosition[s] === listLength)) {
      report.unacceptablePairs.push({ studentId: studentId(s), mentorId: mentorId(m) });
    }
  }

  report.stable =
    report.blockingPairs.length === 0 &&
    report.unacceptablePairs.length === 0 &&
    report.overCapacity.length === 0 &&
    report.missingStudents.length === 0 &&
    report.unknownAssignments.length === 0;
  return report;
}

import { freshAlloc, type Alloc } from './arena';

/** One side's lists as given, over the other side's integer ids: the list of i is target[start[i] .. start[i + 1]), best first. */
export interface IntLists {
  start: Int32Array;
  target: Int32Array;
}

/**
 * What the solver works on: both sides' lists as given, and next to every entry the position the
 * other side gives that pair in its own list, or -1 when it does not list it back. The solver skips
 * the -1 entries, so only mutually acceptable pairs ever meet, and never has to look a rank up; a
 * position in a list as given orders a mentor's (or a student's) acceptable partners as the
 * position in the list of those alone would.
 */
export interface RankedLists {
  capacity: Int32Array;
  studentLists: IntLists;
  studentRankAtMentor: Int32Array;
  mentorLists: IntLists;
  mentorRankAtStudent: Int32Array;
}

/** RankedLists with the ids of the entries. */
export interface IndexedInstance extends RankedLists {
  studentIds: string[];
  mentorIds: string[];
}

/**
 * Both sides' ranks of every pair, in linear time: the students' entries are bucketed by mentor,
 * then each mentor marks the students listing it and walks its own list once.
 */
export function rankLists(studentLists: IntLists, mentorLists: IntLists, alloc: Alloc = freshAlloc) {
  const studentCount = studentLists.start.length - 1;
  const mentorCount = mentorLists.start.length - 1;
  const { bucketStart, bucketPairs } = studentEntriesByMentor(studentLists, mentorCount, alloc);
  const studentRankAtMentor = alloc(studentLists.target.length).fill(-1);
  const mentorRankAtStudent = alloc(mentorLists.target.length);
  // Entry of the current mentor in student s's list, -1 when s does not list it.
  const entryOfStudent = alloc(studentCount).fill(-1);
  const { start, target } = mentorLists;
  for (let m = 0; m < mentorCount; m++) {
    const bucketEnd = 2 * bucketStart[m + 1];
    for (let k = 2 * bucketStart[m]; k < bucketEnd; k += 2) entryOfStudent[bucketPairs[k]] = bucketPairs[k + 1];
    const first = start[m];
    for (let f = first; f < start[m + 1]; f++) {
      const student = target[f];
      const entry = entryOfStudent[student];
      if (entry < 0) {
        mentorRankAtStudent[f] = -1;
      } else {
        studentRankAtMentor[entry] = f - first;
        mentorRankAtStudent[f] = entry - studentLists.start[student];
      }
    }
    for (let k = 2 * bucketStart[m]; k < bucketEnd; k += 2) entryOfStudent[bucketPairs[k]] = -1;
  }
  return { studentLists, studentRankAtMentor, mentorLists, mentorRankAtStudent };
}

/** Counting sort of the students' entries by mentor: (student, entry) pairs, side by side. */
function studentEntriesByMentor(studentLists: IntLists, mentorCount: number, alloc: Alloc) {
  const bucketStart = alloc(mentorCount + 1);
  const { start, target } = studentLists;
  for (let e = 0; e < target.length; e++) bucketStart[target[e] + 1]++;
  for (let m = 0; m < mentorCount; m++) bucketStart[m + 1] += bucketStart[m];
  const bucketPairs = alloc(2 * target.length);
  const fill = alloc(mentorCount);
  fill.set(bucketStart.subarray(0, mentorCount));
  for (let s = 0; s + 1 < start.length; s++) {
    for (let e = start[s]; e < start[s + 1]; e++) {
      const slot = 2 * fill[target[e]]++;
      bucketPairs[slot] = s;
      bucketPairs[slot + 1] = e;
    }
  }
  return { bucketStart, bucketPairs };
}

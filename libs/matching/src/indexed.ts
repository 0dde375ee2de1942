import { freshAlloc, type Alloc } from './arena';

/**
 * An instance over dense integer ids, keeping only mutually acceptable pairs.
 * Each side's lists are CSR arrays (the entries of side member i are [start[i], start[i + 1])), in
 * order of preference; next to every entry sits the rank the *other* side gives that pair, so the
 * solver never has to look a rank up. Ranks are 0-based positions in the filtered lists.
 */
export interface IndexedInstance extends FilteredLists {
  studentIds: string[];
  mentorIds: string[];
}

/** What the solver works on: the capacities and both sides' filtered lists with the ranks. */
export interface FilteredLists {
  capacity: Int32Array;
  studentListStart: Int32Array;
  studentListMentor: Int32Array;
  studentListRankAtMentor: Int32Array;
  mentorListStart: Int32Array;
  mentorListStudent: Int32Array;
  mentorListRankAtStudent: Int32Array;
}

/** One side's lists as given, over the other side's integer ids, in the same CSR layout. */
export interface IntLists {
  start: Int32Array;
  target: Int32Array;
}

/**
 * Builds the filtered lists of both sides from their lists as given, in linear time: each mentor
 * meets the students listing it (student entries bucketed by mentor), the pairs it lists back are
 * kept in its order, and a final gather gives each kept mentor entry the student's filtered rank.
 */
export function keepMutuallyAcceptable(studentLists: IntLists, mentorLists: IntLists, alloc: Alloc = freshAlloc) {
  const studentCount = studentLists.start.length - 1;
  const mentorCount = mentorLists.start.length - 1;
  const { bucketStart, bucketPairs } = studentEntriesByMentor(studentLists, mentorCount, alloc);

  // Kept mentor entry (index into the mentors' filtered lists) of each raw student entry; -1 while
  // (or if) the mentor doesn't list the student back.
  const keptOfStudentEntry = alloc(studentLists.target.length).fill(-1);
  const studentEntryOfMentorPos = alloc(studentCount).fill(-1);
  const mentorListStart = alloc(mentorCount + 1);
  const mentorListStudent = alloc(mentorLists.target.length);
  let kept = 0;
  for (let m = 0; m < mentorCount; m++) {
    const bucketEnd = 2 * bucketStart[m + 1];
    for (let k = 2 * bucketStart[m]; k < bucketEnd; k += 2) studentEntryOfMentorPos[bucketPairs[k]] = bucketPairs[k + 1];
    for (let e = mentorLists.start[m]; e < mentorLists.start[m + 1]; e++) {
      const student = mentorLists.target[e];
      const studentEntry = studentEntryOfMentorPos[student];
      if (studentEntry < 0) continue;
      keptOfStudentEntry[studentEntry] = kept;
      mentorListStudent[kept] = student;
      kept++;
    }
    mentorListStart[m + 1] = kept;
    for (let k = 2 * bucketStart[m]; k < bucketEnd; k += 2) studentEntryOfMentorPos[bucketPairs[k]] = -1;
  }

  // One pass over the students' raw entries gives both sides' ranks of every kept pair.
  const studentListStart = alloc(studentCount + 1);
  const studentListMentor = alloc(kept);
  const studentListRankAtMentor = alloc(kept);
  const mentorListRankAtStudent = alloc(kept);
  let k = 0;
  for (let s = 0; s < studentCount; s++) {
    const first = k;
    for (let e = studentLists.start[s]; e < studentLists.start[s + 1]; e++) {
      const keptEntry = keptOfStudentEntry[e];
      if (keptEntry < 0) continue;
      const mentor = studentLists.target[e];
      studentListMentor[k] = mentor;
      studentListRankAtMentor[k] = keptEntry - mentorListStart[mentor];
      mentorListRankAtStudent[keptEntry] = k - first;
      k++;
    }
    studentListStart[s + 1] = k;
  }

  return {
    studentListStart,
    studentListMentor,
    studentListRankAtMentor,
    mentorListStart,
    mentorListStudent: mentorListStudent.subarray(0, kept),
    mentorListRankAtStudent,
  };
}

/** Counting sort of the students' raw entries by mentor: (student, raw entry) pairs, side by side. */
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

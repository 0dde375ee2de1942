/**
 * An instance over dense integer ids, keeping only mutually acceptable pairs.
 * Each side's lists are CSR arrays (the entries of side member i are [start[i], start[i + 1])), in
 * order of preference; next to every entry sits the rank the *other* side gives that pair, so the
 * solver never has to look a rank up. Ranks are 0-based positions in the filtered lists.
 */
export interface IndexedInstance {
  studentIds: string[];
  mentorIds: string[];
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
export function keepMutuallyAcceptable(studentLists: IntLists, mentorLists: IntLists) {
  const studentCount = studentLists.start.length - 1;
  const mentorCount = mentorLists.start.length - 1;
  const { bucketStart, bucketStudent, bucketEntry } = studentEntriesByMentor(studentLists, mentorCount);

  // Mentor's filtered rank of each raw student entry; -1 while (or if) the mentor doesn't list back.
  const studentEntryRankAtMentor = new Int32Array(studentLists.target.length).fill(-1);
  const studentEntryOfMentorPos = new Int32Array(studentCount).fill(-1);
  const mentorListStart = new Int32Array(mentorCount + 1);
  const mentorListStudent = new Int32Array(mentorLists.target.length);
  // Holds each kept pair's raw student entry until the final gather turns it into the student's rank.
  const mentorListRankAtStudent = new Int32Array(mentorLists.target.length);
  let kept = 0;
  for (let m = 0; m < mentorCount; m++) {
    for (let k = bucketStart[m]; k < bucketStart[m + 1]; k++) studentEntryOfMentorPos[bucketStudent[k]] = bucketEntry[k];
    for (let e = mentorLists.start[m]; e < mentorLists.start[m + 1]; e++) {
      const student = mentorLists.target[e];
      const studentEntry = studentEntryOfMentorPos[student];
      if (studentEntry < 0) continue;
      studentEntryRankAtMentor[studentEntry] = kept - mentorListStart[m];
      mentorListStudent[kept] = student;
      mentorListRankAtStudent[kept] = studentEntry;
      kept++;
    }
    mentorListStart[m + 1] = kept;
    for (let k = bucketStart[m]; k < bucketStart[m + 1]; k++) studentEntryOfMentorPos[bucketStudent[k]] = -1;
  }

  const studentListStart = new Int32Array(studentCount + 1);
  const studentListMentor = new Int32Array(kept);
  const studentListRankAtMentor = new Int32Array(kept);
  // Reused, once its rank is copied, for the student's filtered position of each raw entry.
  const studentFilteredPos = studentEntryRankAtMentor;
  let k = 0;
  for (let s = 0; s < studentCount; s++) {
    for (let e = studentLists.start[s]; e < studentLists.start[s + 1]; e++) {
      const rankAtMentor = studentEntryRankAtMentor[e];
      if (rankAtMentor < 0) continue;
      studentListMentor[k] = studentLists.target[e];
      studentListRankAtMentor[k] = rankAtMentor;
      studentFilteredPos[e] = k - studentListStart[s];
      k++;
    }
    studentListStart[s + 1] = k;
  }
  for (let i = 0; i < kept; i++) mentorListRankAtStudent[i] = studentFilteredPos[mentorListRankAtStudent[i]];

  return {
    studentListStart,
    studentListMentor,
    studentListRankAtMentor,
    mentorListStart,
    mentorListStudent: mentorListStudent.subarray(0, kept),
    mentorListRankAtStudent: mentorListRankAtStudent.subarray(0, kept),
  };
}

/** Counting sort of the students' raw entries by mentor. */
function studentEntriesByMentor(studentLists: IntLists, mentorCount: number) {
  const bucketStart = new Int32Array(mentorCount + 1);
  for (const mentor of studentLists.target) bucketStart[mentor + 1]++;
  for (let m = 0; m < mentorCount; m++) bucketStart[m + 1] += bucketStart[m];
  const bucketStudent = new Int32Array(studentLists.target.length);
  const bucketEntry = new Int32Array(studentLists.target.length);
  const fill = bucketStart.slice(0, mentorCount);
  for (let s = 0; s + 1 < studentLists.start.length; s++) {
    for (let e = studentLists.start[s]; e < studentLists.start[s + 1]; e++) {
      const slot = fill[studentLists.target[e]]++;
      bucketStudent[slot] = s;
      bucketEntry[slot] = e;
    }
  }
  return { bucketStart, bucketStudent, bucketEntry };
}

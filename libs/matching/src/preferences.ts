import type { ExplainContext } from './explain';
import type { Instance } from './types';

export interface ScoringWeights {
  topics: number;
  industry: number;
  affinity: number;
  city: number;
  rank: number;
}

export const DEFAULT_WEIGHTS: ScoringWeights = { topics: 0.35, industry: 0.2, affinity: 0.15, city: 0.1, rank: 0.2 };

export interface StudentProfile {
  id: string;
  topics: string[];
  industries: string[];
  major: string;
  college: string;
  city: string;
  /** Explicitly chosen mentor ids, best first. */
  choices: string[];
}

export interface MentorProfile {
  id: string;
  /** Remaining capacity; may be 0. */
  capacity: number;
  topics: string[];
  industry: string;
  department: string;
  major: string;
  city: string;
}

export interface PreferenceInput {
  students: StudentProfile[];
  mentors: MentorProfile[];
  weights?: Partial<ScoringWeights>;
  /** Lowest score of a score-filled mentor; default 0.2. */
  minScore?: number;
  fillWithScores: boolean;
  /** Most score-filled mentors per student; default 20. */
  fillLimit?: number;
  maxChoices: number;
  excluded?: Array<{ studentId: string; mentorId: string; reason: string }>;
  seed: number;
}

/** Each part lies in 0..1. */
export interface ScoreParts {
  topics: number;
  industry: number;
  affinity: number;
  city: number;
  rank: number;
}

export interface PreferenceOutput {
  instance: Instance;
  scores: (studentId: string, mentorId: string) => { score: number; parts: ScoreParts } | undefined;
  /** 1-based position among the student's explicit choices; null for a score-filled mentor. */
  choiceRank: (studentId: string, mentorId: string) => number | null;
  wanted: NonNullable<ExplainContext['wanted']>;
}

/** Affinity when the mentor's department is the student's college but the majors differ. */
const SAME_DEPARTMENT_AFFINITY = 0.5;

/**
 * Builds both sides' preference lists: a student's explicit choices first, then score-filled mentors; a mentor's
 * applicants by compatibility score, ties broken by a seeded lottery. The result depends only on the
 * content of the input and the seed, not on the order of any input array.
 */
export function buildPreferences(input: PreferenceInput): PreferenceOutput {
  const { students, mentors, maxChoices } = input;
  const weights = { ...DEFAULT_WEIGHTS, ...input.weights };
  const minScore = input.minScore ?? 0.2;
  const fillLimit = input.fillLimit ?? 20;
  const profiles = encodeProfiles(students, mentors);
  const mentorIndex = new Map(mentors.map((mentor, m) => [mentor.id, m]));
  const studentIndex = new Map(students.map((student, s) => [student.id, s]));
  const exclusions = new Map<string, Map<string, string>>();
  for (const { studentId, mentorId, reason } of input.excluded ?? []) {
    if (!exclusions.has(studentId)) exclusions.set(studentId, new Map());
    exclusions.get(studentId)!.set(mentorId, reason);
  }
  // Lottery numbers hash (seed, id) rather than draw in input order, so that input order cannot
  // matter and one person's number stays put when others join or leave.
  const studentLottery = students.map((student) => lotteryNumber(input.seed, student.id));
  const mentorLottery = mentors.map((mentor) => lotteryNumber(input.seed, mentor.id));
  const lotteryBefore = (lottery: number[], ids: string[]) => (a: number, b: number) =>
    lottery[a] < lottery[b] || (lottery[a] === lottery[b] && ids[a] < ids[b]);
  const mentorBefore = lotteryBefore(mentorLottery, mentors.map((mentor) => mentor.id));
  const studentBefore = lotteryBefore(studentLottery, students.map((student) => student.id));
  const bestFill = new BestK(fillLimit, mentorBefore);

  const explicitRank = students.map((student) => {
    const ranks = new Map<string, number>();
    student.choices.forEach((mentorId, i) => {
      if (!ranks.has(mentorId)) ranks.set(mentorId, i + 1);
    });
    return ranks;
  });
  const rankPart = (r: number | undefined) => (r === undefined ? 0 : Math.max(0, 1 - (r - 1) / maxChoices));
  const normalized = normalize(weights);
  const pairScore = (s: number, m: number, rank: number) => profiles.score(s, m, rank, normalized);

  const capacity = Int32Array.from(mentors, (mentor) => mentor.capacity);
  // notFillable[m] === s + 1: mentor m is already chosen or excluded for student s.
  const notFillable = new Int32Array(mentors.length);

  const applicants: Scored[][] = mentors.map(() => []);
  const wanted: PreferenceOutput['wanted'] = Object.create(null);
  const studentEntries = students.map((student, s) => {
    const excludedHere = exclusions.get(student.id);
    const prefs: string[] = [];
    const wantedHere: Array<{ mentorId: string; excluded?: string }> = [];
    for (const [mentorId, r] of explicitRank[s]) {
      const exclusion = excludedHere?.get(mentorId);
      const m = mentorIndex.get(mentorId);
      if (m !== undefined) notFillable[m] = s + 1;
      if (exclusion !== undefined) wantedHere.push({ mentorId, excluded: exclusion });
      if (exclusion !== undefined || m === undefined) continue;
      prefs.push(mentorId);
      wantedHere.push({ mentorId });
      applicants[m].push({ index: s, score: pairScore(s, m, rankPart(r)) });
    }
    if (input.fillWithScores) {
      for (const mentorId of excludedHere?.keys() ?? []) {
        const m = mentorIndex.get(mentorId);
        if (m !== undefined) notFillable[m] = s + 1;
      }
      profiles.fill(s, normalized, minScore, capacity, notFillable, bestFill);
      for (const { index: m, score } of bestFill.take()) {
        prefs.push(mentors[m].id);
        wantedHere.push({ mentorId: mentors[m].id });
        applicants[m].push({ index: s, score });
      }
    }
    wanted[student.id] = wantedHere;
    return { id: student.id, prefs };
  });

  const mentorEntries = mentors.map((mentor, m) => ({
    id: mentor.id,
    capacity: mentor.capacity,
    prefs: applicants[m]
      .sort((a, b) => b.score - a.score || (studentBefore(a.index, b.index) ? -1 : 1))
      .map(({ index }) => students[index].id),
  }));

  return {
    instance: { students: studentEntries, mentors: mentorEntries },
    scores: (studentId, mentorId) => {
      const s = studentIndex.get(studentId);
      const m = mentorIndex.get(mentorId);
      if (s === undefined || m === undefined) return undefined;
      const rank = rankPart(explicitRank[s].get(mentorId));
      return { score: pairScore(s, m, rank), parts: profiles.parts(s, m, rank) };
    },
    choiceRank: (studentId, mentorId) => {
      const s = studentIndex.get(studentId);
      return (s === undefined ? undefined : explicitRank[s].get(mentorId)) ?? null;
    },
    wanted,
  };
}

interface Scored {
  index: number;
  score: number;
}

/** Weights scaled to sum to 1, so a weighted sum of parts is the score; all zero if they sum to 0. */
function normalize(weights: ScoringWeights): ScoringWeights {
  const total = weights.topics + weights.industry + weights.affinity + weights.city + weights.rank;
  const scale = total > 0 ? 1 / total : 0;
  return {
    topics: weights.topics * scale,
    industry: weights.industry * scale,
    affinity: weights.affinity * scale,
    city: weights.city * scale,
    rank: weights.rank * scale,
  };
}

/**
 * Interns every tag and attribute as small integers (topics and industries as bitsets in Int32Arrays,
 * whose elements V8 keeps unboxed, unlike Uint32Array ones above 2^31), so that a
 * pair's score costs a few integer operations and no allocation. Exported (not from the library's index) for
 * preferences.spec.ts, which holds fill()'s inlined scores to score()'s.
 */
export function encodeProfiles(students: StudentProfile[], mentors: MentorProfile[]) {
  const topicIds = new Map<string, number>();
  const industryIds = new Map<string, number>();
  const valueIds = new Map<string, number>();
  const intern = (ids: Map<string, number>, value: string) => {
    if (!ids.has(value)) ids.set(value, ids.size);
    return ids.get(value)!;
  };
  // Empty attributes never match anything.
  const attribute = (value: string) => (value === '' ? -1 : intern(valueIds, `\u0000${value}`));
  for (const person of [...students, ...mentors]) for (const topic of person.topics) intern(topicIds, topic);
  for (const student of students) for (const industry of student.industries) intern(industryIds, industry);

  const topicWords = Math.max(1, Math.ceil(topicIds.size / 32));
  const industryWords = Math.max(1, Math.ceil(industryIds.size / 32));
  const toBitset = (bits: Int32Array, offset: number, ids: Map<string, number>, values: string[]) => {
    for (const value of values) {
      const id = ids.get(value)!;
      bits[offset + (id >>> 5)] |= 1 << (id & 31);
    }
  };
  const studentTopics = new Int32Array(students.length * topicWords);
  const studentIndustries = new Int32Array(students.length * industryWords);
  const studentTopicCount = new Int32Array(students.length);
  students.forEach((student, s) => {
    toBitset(studentTopics, s * topicWords, topicIds, student.topics);
    toBitset(studentIndustries, s * industryWords, industryIds, student.industries);
    studentTopicCount[s] = popcountRange(studentTopics, s * topicWords, topicWords);
  });
  const mentorTopics = new Int32Array(mentors.length * topicWords);
  const mentorTopicCount = new Int32Array(mentors.length);
  mentors.forEach((mentor, m) => {
    toBitset(mentorTopics, m * topicWords, topicIds, mentor.topics);
    mentorTopicCount[m] = popcountRange(mentorTopics, m * topicWords, topicWords);
  });
  const mentorIndustry = Int32Array.from(mentors, (mentor) => industryIds.get(mentor.industry) ?? -1);
  const studentMajor = Int32Array.from(students, (student) => attribute(student.major));
  const studentCollege = Int32Array.from(students, (student) => attribute(student.college));
  const studentCity = Int32Array.from(students, (student) => attribute(student.city));
  const mentorMajor = Int32Array.from(mentors, (mentor) => attribute(mentor.major));
  const mentorDepartment = Int32Array.from(mentors, (mentor) => attribute(mentor.department));
  const mentorCity = Int32Array.from(mentors, (mentor) => attribute(mentor.city));

  const topicsPart = (s: number, m: number) => {
    const smaller = Math.min(studentTopicCount[s], mentorTopicCount[m]);
    if (smaller === 0) return 0;
    let overlap = 0;
    for (let w = 0; w < topicWords; w++) overlap += popcount(studentTopics[s * topicWords + w] & mentorTopics[m * topicWords + w]);
    return overlap / smaller;
  };
  const industryPart = (s: number, m: number) => {
    const industry = mentorIndustry[m];
    return industry >= 0 && (studentIndustries[s * industryWords + (industry >>> 5)] & (1 << (industry & 31))) !== 0 ? 1 : 0;
  };
  const affinityPart = (s: number, m: number) => {
    if (studentMajor[s] >= 0 && studentMajor[s] === mentorMajor[m]) return 1;
    return studentCollege[s] >= 0 && studentCollege[s] === mentorDepartment[m] ? SAME_DEPARTMENT_AFFINITY : 0;
  };
  const cityPart = (s: number, m: number) => (studentCity[s] >= 0 && studentCity[s] === mentorCity[m] ? 1 : 0);

  // Mentors in runs by industry and city (industry run 0: none the students name, city slot 0: none), so that fill()
  // can pass over a whole run at once: within a run, those two parts are the same for every mentor.
  const citySlotOf = new Map<number, number>();
  const mentorCitySlot = Int32Array.from(mentorCity, (value) => {
    if (value < 0) return 0;
    if (!citySlotOf.has(value)) citySlotOf.set(value, citySlotOf.size + 1);
    return citySlotOf.get(value)!;
  });
  const studentCitySlot = Int32Array.from(studentCity, (value) => (value < 0 ? -1 : citySlotOf.get(value) ?? -1));
  const industryRuns = industryIds.size + 1;
  const citySlots = citySlotOf.size + 1;
  const runOf = (m: number) => (mentorIndustry[m] + 1) * citySlots + mentorCitySlot[m];
  const runStart = new Int32Array(industryRuns * citySlots + 1);
  for (let m = 0; m < mentors.length; m++) runStart[runOf(m) + 1]++;
  for (let run = 0; run + 1 < runStart.length; run++) runStart[run + 1] += runStart[run];
  const byRun = new Int32Array(mentors.length);
  const placed = runStart.slice(0, -1);
  for (let m = 0; m < mentors.length; m++) byRun[placed[runOf(m)]++] = m;

  /**
   * Offers `best` every mentor with capacity, not blocked for s (blocked[m] === s + 1), scoring at least minScore, as
   * score(s, m, 0, weights) would score it: the parts inlined, the same products summed in the same order, so the
   * scores are the same to the bit. This is the engine's hot loop (students × mentors). With weights ≥ 0, mentors
   * whose score could not reach the bar even with every part still unknown at its most (rounding is monotone) are
   * not scored: a whole run of an industry and city, or one mentor before its topics are counted. The bar is the
   * heap's worst once full (a score equal to it may still win its tie, so only strictly lower is passed over); runs
   * matching the student's industries and city go first to raise it early. The heap keeps the k best of a total
   * order, so the order of the offers does not change what it keeps.
   */
  const fill = (s: number, weights: ScoringWeights, minScore: number, capacity: Int32Array, blocked: Int32Array, best: BestK) => {
    const { topics: wTopics, industry: wIndustry, affinity: wAffinity, city: wCity } = weights;
    const rankTerm = weights.rank * 0;
    const bounded = wTopics >= 0 && wIndustry >= 0 && wAffinity >= 0 && wCity >= 0;
    const mark = s + 1;
    const major = studentMajor[s];
    const college = studentCollege[s];
    const ownCity = studentCitySlot[s];
    const topicCount = studentTopicCount[s];
    const topicsAt = s * topicWords;
    const industriesAt = s * industryWords;
    let bar = best.full ? Math.max(minScore, best.worst) : minScore;
    for (let pass = 0; pass < 4; pass++) {
      const industryPart = pass < 2 ? 1 : 0;
      const cityPart = pass % 2 === 0 ? 1 : 0;
      const industryTerm = wIndustry * industryPart;
      const cityTerm = wCity * cityPart;
      if (bounded && wTopics + industryTerm + wAffinity * 1 + cityTerm + rankTerm < bar) continue;
      for (let industryRun = 0; industryRun < industryRuns; industryRun++) {
        const industry = industryRun - 1;
        const named = industryRun > 0 && (studentIndustries[industriesAt + (industry >>> 5)] & (1 << (industry & 31))) !== 0;
        if (named !== (industryPart === 1)) continue;
        for (let slot = 0; slot < citySlots; slot++) {
          if ((slot > 0 && slot === ownCity) !== (cityPart === 1)) continue;
          const run = industryRun * citySlots + slot;
          const end = runStart[run + 1];
          for (let i = runStart[run]; i < end; i++) {
            const m = byRun[i];
            if (capacity[m] <= 0 || blocked[m] === mark) continue;
            const affinityPart =
              major >= 0 && major === mentorMajor[m] ? 1 : college >= 0 && college === mentorDepartment[m] ? SAME_DEPARTMENT_AFFINITY : 0;
            const affinityTerm = wAffinity * affinityPart;
            if (bounded && wTopics + industryTerm + affinityTerm + cityTerm + rankTerm < bar) continue;
            let topicsPart = 0;
            const smaller = Math.min(topicCount, mentorTopicCount[m]);
            if (smaller !== 0) {
              let overlap = 0;
              const mentorAt = m * topicWords;
              for (let w = 0; w < topicWords; w++) overlap += popcount(studentTopics[topicsAt + w] & mentorTopics[mentorAt + w]);
              topicsPart = overlap / smaller;
            }
            const score = wTopics * topicsPart + industryTerm + affinityTerm + cityTerm + rankTerm;
            if (!(score >= bar)) continue;
            best.offer(m, score);
            if (best.full) bar = Math.max(minScore, best.worst);
          }
        }
      }
    }
  };

  return {
    fill,
    parts: (s: number, m: number, rank: number): ScoreParts => ({
      topics: topicsPart(s, m),
      industry: industryPart(s, m),
      affinity: affinityPart(s, m),
      city: cityPart(s, m),
      rank,
    }),
    /** The same as weighting parts(), without allocating: this runs for every student–mentor pair. */
    score: (s: number, m: number, rank: number, weights: ScoringWeights): number =>
      weights.topics * topicsPart(s, m) +
      weights.industry * industryPart(s, m) +
      weights.affinity * affinityPart(s, m) +
      weights.city * cityPart(s, m) +
      weights.rank * rank,
  };
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

function popcountRange(bits: Int32Array, offset: number, words: number): number {
  let count = 0;
  for (let w = 0; w < words; w++) count += popcount(bits[offset + w]);
  return count;
}

/**
 * Keeps the k best of the items offered (higher score first, then `tieBefore`), in O(log k) per
 * offer and without allocating per item: a heap whose top is the worst item kept. Exported with encodeProfiles.
 */
export class BestK {
  private readonly scores: Float64Array;
  private readonly items: Int32Array;
  private size = 0;

  constructor(
    private readonly k: number,
    private readonly tieBefore: (a: number, b: number) => boolean,
  ) {
    this.scores = new Float64Array(k);
    this.items = new Int32Array(k);
  }

  offer(item: number, score: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(score, item, this.scores[parent], this.items[parent])) break;
        this.move(parent, i);
        i = parent;
      }
      this.put(i, score, item);
    } else if (this.k > 0 && this.worse(this.scores[0], this.items[0], score, item)) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= this.size) break;
        const right = child + 1;
        if (right < this.size && this.worse(this.scores[right], this.items[right], this.scores[child], this.items[child])) {
          child = right;
        }
        if (!this.worse(this.scores[child], this.items[child], score, item)) break;
        this.move(child, i);
        i = child;
      }
      this.put(i, score, item);
    }
  }

  get full(): boolean {
    return this.size === this.k;
  }

  /** The lowest score kept, once full; nothing can enter a selection of none. */
  get worst(): number {
    return this.k > 0 ? this.scores[0] : Infinity;
  }

  /** The items kept, best first; empties the selection. */
  take(): Scored[] {
    const kept = Array.from({ length: this.size }, (_, i) => ({ index: this.items[i], score: this.scores[i] }));
    this.size = 0;
    return kept.sort((a, b) => b.score - a.score || (this.tieBefore(a.index, b.index) ? -1 : 1));
  }

  private worse(scoreA: number, itemA: number, scoreB: number, itemB: number): boolean {
    return scoreA < scoreB || (scoreA === scoreB && this.tieBefore(itemB, itemA));
  }

  private move(from: number, to: number): void {
    this.scores[to] = this.scores[from];
    this.items[to] = this.items[from];
  }

  private put(i: number, score: number, item: number): void {
    this.scores[i] = score;
    this.items[i] = item;
  }
}

/** A uniform 32-bit number from (seed, id): FNV-1a over the id, then a murmur3-style finaliser. */
function lotteryNumber(seed: number, id: string): number {
  let h = (0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

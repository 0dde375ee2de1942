/** The engine's input: both sides rank the other by id, best first; a pair is acceptable only if each lists the other. */
export interface StudentEntry {
  id: string;
  prefs: string[];
}

export interface MentorEntry {
  id: string;
  capacity: number;
  prefs: string[];
}

export interface Instance {
  students: StudentEntry[];
  mentors: MentorEntry[];
}

export type Proposing = 'students' | 'mentors';

export interface MatchingStats {
  students: number;
  mentors: number;
  matched: number;
  unmatched: number;
  proposals: number;
}

export interface MatchingResult {
  /** Every student id, mapped to its mentor id or null when unmatched. */
  assignments: Record<string, string | null>;
  stats: MatchingStats;
}

import { checkStability } from '../stability';
import type { Instance } from '../types';

/** Every stable matching of a small instance, by trying every assignment (for tests only). */
export function allStableMatchings(instance: Instance): Array<Record<string, string | null>> {
  const options = instance.students.map((student) => [
    null,
    ...student.prefs.filter((mentorId) =>
      instance.mentors.some((mentor) => mentor.id === mentorId && mentor.prefs.includes(student.id)),
    ),
  ]);
  const stable: Array<Record<string, string | null>> = [];
  const choose = (i: number, assignments: Record<string, string | null>) => {
    if (i === instance.students.length) {
      if (checkStability(instance, assignments).stable) stable.push({ ...assignments });
      return;
    }
    for (const mentorId of options[i]) choose(i + 1, { ...assignments, [instance.students[i].id]: mentorId });
  };
  choose(0, {});
  return stable;
}

/** Whether the student likes `a` at least as much as `b` (unmatched is worst). */
export function weaklyPrefers(prefs: string[], a: string | null, b: string | null): boolean {
  const position = (mentorId: string | null) => (mentorId === null ? Infinity : prefs.indexOf(mentorId));
  return position(a) <= position(b);
}

import type { Instance } from '../src';
import { seededRandom } from './random';

export interface InstanceShape {
  students: number;
  mentors: number;
  listLength: number;
  kind: 'uniform' | 'contended';
}

/**
 * uniform: every mentor equally popular, mentors rank their applicants at random, capacity for all.
 * contended: Zipf(1) mentor popularity, mentors rank by a hidden student quality plus noise, and only
 * 70 % of the students fit.
 */
export function generateInstance(shape: InstanceShape, seed: number): Instance {
  const random = seededRandom(seed);
  const contended = shape.kind === 'contended';
  const pickMentor = contended ? zipfSampler(shape.mentors, random) : () => Math.floor(random() * shape.mentors);
  const quality = Float64Array.from({ length: shape.students }, () => gaussian(random));

  const studentPrefs: number[][] = [];
  const applicants: number[][] = Array.from({ length: shape.mentors }, () => []);
  const listedBy = new Int32Array(shape.mentors).fill(-1);
  const listLength = Math.min(shape.listLength, shape.mentors);
  for (let s = 0; s < shape.students; s++) {
    const prefs: number[] = [];
    while (prefs.length < listLength) {
      const m = pickMentor();
      if (listedBy[m] === s) continue;
      listedBy[m] = s;
      prefs.push(m);
      applicants[m].push(s);
    }
    studentPrefs.push(prefs);
  }

  const averageCapacity = (shape.students * (contended ? 0.7 : 1)) / shape.mentors;
  const maxCapacity = Math.max(1, Math.round(2 * averageCapacity - 1));
  const mentors = applicants.map((listing, m) => {
    const key = new Map(listing.map((s) => [s, contended ? quality[s] + 0.5 * gaussian(random) : random()]));
    listing.sort((a, b) => key.get(b)! - key.get(a)!);
    return { id: `m${m}`, capacity: 1 + Math.floor(random() * maxCapacity), prefs: listing.map((s) => `s${s}`) };
  });
  const students = studentPrefs.map((prefs, s) => ({ id: `s${s}`, prefs: prefs.map((m) => `m${m}`) }));
  return { students, mentors };
}

function zipfSampler(count: number, random: () => number): () => number {
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) cumulative[i] = total += 1 / (i + 1);
  return () => {
    const target = random() * total;
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid] < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

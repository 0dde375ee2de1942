/** Gives zero-filled Int32Arrays. */
export type Alloc = (length: number) => Int32Array;

export const freshAlloc: Alloc = (length) => new Int32Array(length);

/** The most the arena keeps between calls: 32 Mi entries (128 MB). */
const MAX_KEPT = 1 << 25;
let spare = new Int32Array(0);
let busy = false;

/**
 * Runs `use` with an allocator that carves zero-filled arrays out of one buffer kept between calls,
 * instead of allocating tens of megabytes of fresh typed arrays per call (which, on a big instance,
 * makes V8 run full garbage collections over the caller's whole heap). Nothing allocated from it may
 * outlive `use`. Reentrant calls (say, from a getter of the input) simply get fresh arrays.
 */
export function withArena<T>(use: (alloc: Alloc) => T): T {
  if (busy) return use(freshAlloc);
  busy = true;
  let buffer = spare;
  let used = 0;
  let total = 0;
  const alloc: Alloc = (length) => {
    total += length;
    if (used + length > buffer.length) {
      buffer = new Int32Array(Math.max(length, 2 * buffer.length, 1 << 16));
      used = 0;
    }
    const array = buffer.subarray(used, used + length);
    array.fill(0);
    used += length;
    return array;
  };
  try {
    return use(alloc);
  } finally {
    busy = false;
    if (total > spare.length && total <= MAX_KEPT) spare = new Int32Array(total);
  }
}

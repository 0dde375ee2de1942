/**
 * An open-addressing table from id strings to dense numbers, for the fast path of validateAndIndex.
 *
 * A Map lookup of a string that is not the very object used as the key costs several cache misses
 * (the Map's bucket, its entry, the key string to compare). Here each slot holds, side by side, the
 * entry number + 1, the hash and the string itself packed into two words when it is short (up to 7
 * characters, each below 256, plus the length): such a lookup reads the queried string and one slot,
 * and compares no string. Other ids are compared as strings.
 */
export class StringIndex {
  private table: Int32Array;
  private mask: number;
  private keys: string[] = [];
  /** The last digest() of a key. */
  private hash = 0;
  private w0 = 0;
  private w1 = 0;

  constructor(expected = 0) {
    let slots = 16;
    while (slots < expected * 2) slots *= 2;
    this.table = new Int32Array(slots * 4);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.keys.length;
  }

  /** The number of `key`, or -1 when absent. */
  get(key: string): number {
    this.digest(key);
    const { hash, w0, w1 } = this;
    const exact = w1 >>> 24 !== 0xff;
    const { table, mask } = this;
    let slot = hash & mask;
    for (;;) {
      const at = slot << 2;
      const stored = table[at];
      if (stored === 0) return -1;
      if (table[at + 1] === hash && table[at + 2] === w0 && table[at + 3] === w1) {
        if (exact || this.keys[stored - 1] === key) return stored - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Adds `key` with the next number and returns that number, or returns -1 if it is already present. */
  add(key: string): number {
    if (this.get(key) >= 0) return -1;
    const k = this.keys.length;
    this.keys.push(key);
    if ((k + 1) * 2 > this.mask + 1) this.growTable();
    this.insert(k, key);
    return k;
  }

  private insert(k: number, key: string): void {
    this.digest(key);
    this.place(this.table, this.mask, k, this.hash, this.w0, this.w1);
  }

  /**
   * FNV-1a hash plus the key's first 7 Latin-1 characters and length packed in two words (w1's top byte is
   * 0xff when the key is longer or wider, so equal words then prove nothing). Written to fields, not
   * returned as an object, so the hot lookup allocates nothing.
   */
  private digest(key: string): void {
    const length = key.length;
    let hash = 0x811c9dc5 | 0;
    let w0 = 0;
    let w1 = length > 7 ? 0xff << 24 : length << 24;
    for (let i = 0; i < length; i++) {
      const c = key.charCodeAt(i);
      hash = Math.imul(hash ^ c, 16777619);
      if (c > 255) w1 |= 0xff << 24;
      else if (i < 4) w0 |= c << (i << 3);
      else if (i < 7) w1 |= c << ((i - 4) << 3);
    }
    this.hash = hash ^ (hash >>> 15);
    this.w0 = w0;
    this.w1 = w1;
  }

  private place(table: Int32Array, mask: number, k: number, hash: number, w0: number, w1: number): void {
    let slot = hash & mask;
    while (table[slot << 2] !== 0) slot = (slot + 1) & mask;
    const at = slot << 2;
    table[at] = k + 1;
    table[at + 1] = hash;
    table[at + 2] = w0;
    table[at + 3] = w1;
  }

  private growTable(): void {
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    const table = new Int32Array(slots * 4);
    const mask = slots - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] !== 0) this.place(table, mask, old[at] - 1, old[at + 1], old[at + 2], old[at + 3]);
    }
    this.table = table;
    this.mask = mask;
  }
}

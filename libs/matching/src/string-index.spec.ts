import fc from 'fast-check';
import { StringIndex } from './string-index';

describe('StringIndex', () => {
  it('numbers keys in order of addition and refuses repeats', () => {
    const index = new StringIndex();
    expect(index.add('a')).toBe(0);
    expect(index.add('b')).toBe(1);
    expect(index.add('a')).toBe(-1);
    expect(index.get('a')).toBe(0);
    expect(index.get('b')).toBe(1);
    expect(index.get('c')).toBe(-1);
    expect(index.size).toBe(2);
  });

  it('tells apart ids that share a packed prefix, zero characters, wide characters and lengths', () => {
    const keys = [
      '', '\0', '\0\0', 'a\0', 'a', 'abcdefg', 'abcdefgh', 'abcdefghi', 'abcdefgh\0', 'abcdefgi',
      'abcdefh', '学生1', '学生2', '学生10', 'ǅ', 'Å', '\u0100', '\u0000\u0100', '__proto__', 'constructor',
      'x'.repeat(100), `${'x'.repeat(99)}y`,
    ];
    const index = new StringIndex();
    keys.forEach((key, i) => expect(index.add(key)).toBe(i));
    keys.forEach((key, i) => expect(index.get(key)).toBe(i));
    for (const absent of ['abcdef', 'abcdefghij', '学生', '\0\0\0', 'x'.repeat(101), 'ǆ']) expect(index.get(absent)).toBe(-1);
  });

  it('compares long ids whose hashes and packed prefixes collide', () => {
    // These two have the same 32-bit hash (found by search), the same length and the same first 8 characters.
    const index = new StringIndex();
    expect(index.add('abcdefgh-522789')).toBe(0);
    expect(index.get('abcdefgh-739192')).toBe(-1);
    expect(index.add('abcdefgh-739192')).toBe(1);
    expect(index.get('abcdefgh-739192')).toBe(1);
    expect(index.get('abcdefgh-522789')).toBe(0);
  });

  it('behaves like a Map, across growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.string({ unit: 'binary', maxLength: 10 }), fc.nat(3000).map((n) => `s${n}`)), {
          maxLength: 400,
        }),
        fc.array(fc.string({ maxLength: 10 }), { maxLength: 50 }),
        (keys, probes) => {
          const index = new StringIndex(keys.length % 7);
          const map = new Map<string, number>();
          for (const key of keys) {
            const expected = map.has(key) ? -1 : map.size;
            if (expected >= 0) map.set(key, expected);
            expect(index.add(key)).toBe(expected);
          }
          for (const key of [...keys, ...probes]) expect(index.get(key)).toBe(map.get(key) ?? -1);
        },
      ),
    );
  });
});

import { Json, Obj, Raw } from './json';

/** A hostile value with the name it is reported under. */
export interface Hostile {
  label: string;
  value: Json;
}

const h = (label: string, value: Json): Hostile => ({ label, value });

export const deepArray = (depth: number): Raw => new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);
export const deepObject = (depth: number): Raw => new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
export const deepMixed = (depth: number): Raw => new Raw(`${'[{"a":'.repeat(depth / 2)}0${'}]'.repeat(depth / 2)}`);

/** Strings: control and format characters, broken UTF-16, CR/LF, scripts, lengths around the limits. */
export const HOSTILE_STRINGS: Hostile[] = [
  h('empty string', ''),
  h('blank string', '   \t '),
  h('NUL', '\u0000'),
  h('NUL inside', '张\u0000伟'),
  h('C0 controls', '\u0001\u0002\u0007\u0008\u000b\u000c\u001b[31mred\u001b[0m'),
  h('DEL and C1', '\u007f\u0080\u0085\u009f'),
  h('bidi override', '\u202eevil\u202c\u2066x\u2069\u200f'),
  h('zero width and BOM', '\u200b\u200c\u200d\ufeff\u2060'),
  h('lone high surrogate', '\ud800'),
  h('lone low surrogate', '\udfff'),
  h('lone surrogate inside', '张\ud83d伟'),
  h('reversed surrogate pair', '\ude00\ud83d'),
  h('noncharacters', '\ufffe\uffff\ufdd0'),
  h('CR LF', 'line1\r\nline2'),
  h('header injection', 'x\r\nSet-Cookie: a=b\r\n\r\n<html>'),
  h('lone CR', 'a\rb'),
  h('Chinese', '张伟 · 彭康书院 · 计算机科学与技术'),
  h('emoji', '😀👍🏽👨‍👩‍👧‍👦🇨🇳'),
  h('astral CJK', '𠀀𪚥𰻝'),
  h('combining marks', `e${'\u0301'.repeat(200)}`),
  h('RTL script', 'مرحبا بالعالم'),
  h('fullwidth digits', '１２３４５'),
  h('SQL-ish', "' OR 1=1; DROP TABLE cohorts; --"),
  h('format string', '%s%s%n%x${7*7}{{7*7}}'),
  h('HTML', '<script>alert(1)</script><img src=x onerror=alert(1)>'),
  h('path traversal', '../../../../etc/passwd'),
  h('NaN as string', 'NaN'),
  h('Infinity as string', 'Infinity'),
  h('number as string', '42'),
  h('negative zero as string', '-0'),
  h('hex as string', '0x1F'),
  h('true as string', 'true'),
  h('null as string', 'null'),
  h('__proto__ as string', '__proto__'),
  h('101 chars', 'x'.repeat(101)),
  h('201 chars', '名'.repeat(201)),
  h('2001 chars', 'a'.repeat(2001)),
  h('5001 chars', '字'.repeat(5001)),
  h('very long ASCII (90 kB)', 'z'.repeat(90_000)),
  h('very long CJK (96 kB UTF-8)', '中'.repeat(32_000)),
  h('very long emoji (96 kB UTF-8)', '😀'.repeat(24_000)),
  h('email with unicode', '张伟@例子.中国'),
  h('email with quotes', '"a b"@example.cn'),
  h('email 300 chars', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(40)}.cn`),
  h('email with NUL', 'a\u0000@example.cn'),
  h('email with CRLF', 'a@example.cn\r\nBcc: x@example.cn'),
];

/** Numbers as written on the wire: some cannot be produced by JSON.stringify. */
export const HOSTILE_NUMBERS: Hostile[] = [
  h('zero', 0),
  h('negative zero', new Raw('-0')),
  h('negative', -1),
  h('fraction', 1.5),
  h('tiny fraction', new Raw('1.0000000000000002')),
  h('1e309 (overflows to Infinity)', new Raw('1e309')),
  h('-1e309', new Raw('-1e309')),
  h('1e-400 (underflows to 0)', new Raw('1e-400')),
  h('exponent 1e3', new Raw('1e3')),
  h('2^31', 2 ** 31),
  h('2^32', 2 ** 32),
  h('2^53 + 1', new Raw('9007199254740993')),
  h('30-digit integer', new Raw('123456789012345678901234567890')),
  h('-2^63', new Raw('-9223372036854775808')),
  h('year 65535', 65535),
  h('year 99999', 99999),
  h('long fraction', new Raw('0.30000000000000000000000000000000000001')),
];

export const HOSTILE_STRUCTURES: Hostile[] = [
  h('null', null),
  h('true', true),
  h('false', false),
  h('empty array', []),
  h('array of null', [null]),
  h('array of arrays', [[1], [2]]),
  h('array of objects', [{ id: 1 }, {}]),
  h('array of strings', ['1', '2']),
  h('array with lone surrogate', ['\ud800']),
  h('array of 5000 ints', Array.from({ length: 5000 }, (_, index) => index)),
  h('empty object', {}),
  h('object', { a: 1 }),
  h('object with __proto__', new Obj([['__proto__', { polluted: true }]])),
  h('object with constructor.prototype', new Obj([['constructor', new Obj([['prototype', { polluted: true }]])]])),
  h('object with 2000 keys', Object.fromEntries(Array.from({ length: 2000 }, (_, index) => [`k${index}`, index]))),
  h('nested arrays 3000 deep', deepArray(3000)),
  h('nested objects 3000 deep', deepObject(3000)),
  h('nested arrays 20000 deep', deepArray(20_000)),
  h('mixed nesting 3000 deep', deepMixed(3000)),
];

export const ALL_HOSTILE_VALUES: Hostile[] = [...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, ...HOSTILE_STRUCTURES];

/**
 * The classes a body field is broken with; the fuzzer picks a class first, then a value in it, so that each
 * class is as likely as any other whatever its size. `wrong type` is a value of another JSON type than the
 * field's own.
 */
const byLabel = (labels: string[]): Hostile[] => labels.map((label) => {
  const found = ALL_HOSTILE_VALUES.find((value) => value.label === label);
  if (!found) throw new Error(`no hostile value "${label}"`);
  return found;
});

export const FIELD_CLASSES: Array<{ name: string; values: Hostile[] }> = [
  { name: 'null', values: byLabel(['null']) },
  { name: 'array instead', values: byLabel(['empty array', 'array of null', 'array of arrays', 'array of objects', 'array of strings', 'array of 5000 ints']) },
  { name: 'object instead', values: byLabel(['empty object', 'object', 'object with __proto__', 'object with constructor.prototype', 'object with 2000 keys']) },
  { name: 'deep nesting', values: byLabel(['nested arrays 3000 deep', 'nested objects 3000 deep', 'mixed nesting 3000 deep', 'nested arrays 20000 deep']) },
  { name: 'lone surrogate', values: byLabel(['lone high surrogate', 'lone low surrogate', 'lone surrogate inside', 'reversed surrogate pair', 'array with lone surrogate']) },
  { name: 'control characters', values: byLabel(['NUL', 'NUL inside', 'C0 controls', 'DEL and C1', 'bidi override', 'zero width and BOM', 'noncharacters', 'email with NUL']) },
  { name: 'CR/LF', values: byLabel(['CR LF', 'header injection', 'lone CR', 'email with CRLF']) },
  { name: 'long string', values: byLabel(['101 chars', '201 chars', '2001 chars', '5001 chars', 'very long ASCII (90 kB)', 'very long CJK (96 kB UTF-8)', 'very long emoji (96 kB UTF-8)', 'email 300 chars']) },
  { name: 'special number', values: HOSTILE_NUMBERS },
  { name: 'number-like string', values: byLabel(['NaN as string', 'Infinity as string', 'number as string', 'negative zero as string', 'hex as string', 'true as string', 'null as string']) },
  { name: 'scripts and emoji', values: byLabel(['Chinese', 'emoji', 'astral CJK', 'combining marks', 'RTL script', 'fullwidth digits', 'email with unicode', 'email with quotes']) },
  { name: 'injection-looking string', values: byLabel(['SQL-ish', 'format string', 'HTML', 'path traversal', '__proto__ as string']) },
  { name: 'empty or blank', values: byLabel(['empty string', 'blank string']) },
  { name: 'wrong type', values: [] },
];

/** A value of another JSON type than `original`. */
export function wrongTypeFor(original: Json | undefined): Hostile[] {
  const type = original === null ? 'null' : Array.isArray(original) ? 'array' : typeof original === 'object' ? 'object' : typeof original;
  const candidates: Record<string, Hostile[]> = {
    string: [h('number', 42), h('zero', 0), h('true', true), h('false', false)],
    number: [h('numeric string', '3'), h('empty string', ''), h('true', true), h('numeric string with spaces', ' 3 ')],
    boolean: [h('"true"', 'true'), h('1', 1), h('0', 0), h('"yes"', 'yes')],
    array: [h('string', 'a,b'), h('number', 1), h('object with index keys', { 0: 1, 1: 2, length: 2 }), h('true', true)],
    object: [h('string', '{}'), h('number', 1), h('array', [1, 2, 3]), h('false', false)],
    null: [h('string', 'x'), h('number', 0)],
  };
  return candidates[type] ?? candidates.string;
}

/** Keys added to an object: prototype pollution and friends. */
export const HOSTILE_KEYS: Array<{ label: string; key: string; value: Json }> = [
  { label: '__proto__ object', key: '__proto__', value: { polluted: true, isAdmin: true } },
  { label: '__proto__ null', key: '__proto__', value: null },
  { label: '__proto__ array', key: '__proto__', value: [] },
  { label: '__proto__ string', key: '__proto__', value: 'x' },
  { label: '__proto__ number', key: '__proto__', value: 1 },
  { label: 'constructor', key: 'constructor', value: { prototype: { polluted: true } } },
  { label: 'constructor string', key: 'constructor', value: 'x' },
  { label: 'prototype', key: 'prototype', value: { polluted: true } },
  { label: 'toString', key: 'toString', value: 'x' },
  { label: 'hasOwnProperty', key: 'hasOwnProperty', value: 1 },
  { label: 'valueOf', key: 'valueOf', value: {} },
  { label: 'unknown key', key: 'isAdmin', value: true },
  { label: 'empty key', key: '', value: 1 },
  { label: 'NUL key', key: '\u0000', value: 1 },
  { label: 'lone surrogate key', key: '\ud800', value: 1 },
  { label: 'Chinese key', key: '姓名', value: '张伟' },
  { label: 'long key', key: 'k'.repeat(5000), value: 1 },
];

/** Route-id strings: what an `:id` segment may carry (already percent-encoded where it must be). */
export function hostileIds(valid: string): Hostile[] {
  return [
    h('leading zero', `0${valid}`),
    h('many leading zeros', `${'0'.repeat(9)}${valid}`),
    h('leading zeros past 10 digits', `${'0'.repeat(12)}${valid}`),
    h('zero', '0'),
    h('zeros', '0000'),
    h('negative', '-1'),
    h('negative zero', '-0'),
    h('plus sign', `+${valid}`),
    h('fraction', `${valid}.0`),
    h('exponent', '1e3'),
    h('hex', '0x1'),
    h('NaN', 'NaN'),
    h('Infinity', 'Infinity'),
    h('2^32 - 1', '4294967295'),
    h('2^32', '4294967296'),
    h('20 digits', '99999999999999999999'),
    h('overlong (5000 digits)', '9'.repeat(5000)),
    h('encoded space', `%20${valid}`),
    h('trailing encoded space', `${valid}%20`),
    h('encoded digit', encodeURIComponent(valid).replace(/\d/, (digit) => `%3${digit}`)),
    h('encoded NUL', `${valid}%00`),
    h('encoded LF', `${valid}%0A`),
    h('encoded CRLF', `${valid}%0D%0A`),
    h('encoded slash traversal', '..%2f..%2f..%2fetc%2fpasswd'),
    h('encoded dots', '%2e%2e'),
    h('encoded slash', `${valid}%2F1`),
    h('malformed percent', '%ZZ'),
    h('bare percent', '%'),
    h('truncated UTF-8', '%E4%B8'),
    h('overlong UTF-8', '%C0%AF'),
    h('UTF-8 surrogate', '%ED%A0%80'),
    h('invalid UTF-8 byte', '%FF'),
    h('Chinese (encoded)', '%E4%B8%80'),
    h('Chinese (raw UTF-8)', Buffer.from('一', 'utf8').toString('latin1')),
    h('Latin-1 byte (raw)', '\u00e9'),
    h('emoji (encoded)', '%F0%9F%98%80'),
    h('Arabic-Indic digit', encodeURIComponent('١')),
    h('fullwidth digit', encodeURIComponent('１')),
    h('matrix parameter', `${valid};x=1`),
    h('encoded question mark', `${valid}%3Fa=1`),
    h('__proto__', '__proto__'),
    h('constructor', 'constructor'),
    h('long word', 'a'.repeat(8000)),
  ] as Hostile[];
}

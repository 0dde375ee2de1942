/**
 * JSON that JSON.stringify cannot write: raw fragments (1e309, -0, 3,000 levels of nesting, duplicate keys)
 * and objects whose keys include `__proto__`, kept as an ordered list of entries.
 */
export class Raw {
  constructor(readonly text: string) {}
}

/** An object as written on the wire: entries in order, duplicates and `__proto__` allowed. */
export class Obj {
  constructor(readonly entries: Array<[string, Json]>) {}
}

export type Json = null | boolean | number | string | Raw | Obj | Json[] | { [key: string]: Json };

export function serialize(value: Json): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Obj) return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}:${serialize(item)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${serialize(item)}`).join(',')}}`;
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`write ${value} as a Raw fragment`);
  return JSON.stringify(value);
}

/** The entries of an object-like value, as an Obj (whatever it was written as). */
export function entriesOf(value: Json): Array<[string, Json]> | null {
  if (value instanceof Obj) return value.entries;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Raw)) return Object.entries(value);
  return null;
}

/** Every path into a value (object keys and array indexes), containers included, the root excluded. */
export function pathsOf(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = [];
  const entries = entriesOf(value);
  if (entries) {
    for (const [key, item] of entries) {
      paths.push([...prefix, key], ...pathsOf(item, [...prefix, key]));
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => paths.push([...prefix, index], ...pathsOf(item, [...prefix, index])));
  }
  return paths;
}

/** A copy of `value` with the item at `path` replaced (`undefined` removes it). */
export function replaceAt(value: Json, path: Array<string | number>, replacement: Json | undefined): Json {
  if (path.length === 0) return replacement === undefined ? null : replacement;
  const [head, ...rest] = path;
  const entries = entriesOf(value);
  if (entries) {
    const next: Array<[string, Json]> = [];
    for (const [key, item] of entries) {
      if (key !== head) next.push([key, item]);
      else if (rest.length > 0) next.push([key, replaceAt(item, rest, replacement)]);
      else if (replacement !== undefined) next.push([key, replacement]);
    }
    return new Obj(next);
  }
  if (Array.isArray(value) && typeof head === 'number') {
    const copy = [...value];
    if (rest.length > 0) copy[head] = replaceAt(copy[head], rest, replacement);
    else if (replacement === undefined) copy.splice(head, 1);
    else copy[head] = replacement;
    return copy;
  }
  return value;
}

/** A copy of the object at `path` (the root when empty) with one more entry, written last. */
export function addEntry(value: Json, path: Array<string | number>, key: string, item: Json, first = false): Json {
  if (path.length === 0) {
    const entries = entriesOf(value);
    if (!entries) return value;
    return new Obj(first ? [[key, item], ...entries] : [...entries, [key, item]]);
  }
  const [head, ...rest] = path;
  const entries = entriesOf(value);
  if (entries) return new Obj(entries.map(([name, child]) => [name, name === head ? addEntry(child, rest, key, item, first) : child]));
  if (Array.isArray(value) && typeof head === 'number') return value.map((child, index) => (index === head ? addEntry(child, rest, key, item, first) : child));
  return value;
}

export function valueAt(value: Json, path: Array<string | number>): Json | undefined {
  let current: Json | undefined = value;
  for (const step of path) {
    if (current === undefined) return undefined;
    const entries = entriesOf(current);
    if (entries) current = entries.find(([key]) => key === step)?.[1];
    else if (Array.isArray(current) && typeof step === 'number') current = current[step];
    else return undefined;
  }
  return current;
}

/** Pure helpers over the catalog files, shared by the app and the key-parity spec. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * The catalogs are one JSON file per page area and language: `locales/<locale>/<area>.json` holds the keys of
 * `<area>.*` (so `locales/zh-CN/apply.json` answers `t('apply.…')`).
 */
export function catalogFiles<T>(files: Record<string, T>, locale: Locale): Record<string, T> {
  const catalog: Record<string, T> = {};
  for (const [path, messages] of Object.entries(files)) {
    const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (match && match[1] === locale) catalog[match[2]] = messages;
  }
  return catalog;
}

/** Every leaf key of a catalog as a dotted path. */
export function leafKeys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafKeys(child, prefix ? `${prefix}.${key}` : key));
}

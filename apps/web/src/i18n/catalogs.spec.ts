import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES, catalogFiles, leafKeys } from './catalogs';

const LOCALES_DIR = join(__dirname, '..', 'locales');

function readCatalogs(): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const locale of readdirSync(LOCALES_DIR)) {
    for (const file of readdirSync(join(LOCALES_DIR, locale))) {
      files[`locales/${locale}/${file}`] = JSON.parse(readFileSync(join(LOCALES_DIR, locale, file), 'utf8'));
    }
  }
  return files;
}

describe('the web app catalogs', () => {
  const files = readCatalogs();

  it('has a catalog for each language the switch offers, and nothing else', () => {
    expect(readdirSync(LOCALES_DIR).sort()).toEqual([...LOCALES].sort());
  });

  it('gives zh-CN and en the same keys', () => {
    const [zh, en] = LOCALES.map((locale) => leafKeys(catalogFiles(files, locale)).sort());
    expect(en.filter((key) => !zh.includes(key))).toEqual([]);
    expect(zh.filter((key) => !en.includes(key))).toEqual([]);
  });

  it('has no empty message in either language', () => {
    for (const locale of LOCALES) {
      const catalog = catalogFiles(files, locale);
      const empty = leafKeys(catalog).filter((key) => {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalog);
        return typeof value !== 'string' || value.trim() === '';
      });
      expect({ locale, empty }).toEqual({ locale, empty: [] });
    }
  });

  it('writes Chinese in one register: 您, never 你', () => {
    const zh = JSON.stringify(catalogFiles(files, 'zh-CN'));
    expect(zh.match(/.{0,12}你(?!们).{0,12}/g) ?? []).toEqual([]);
  });

  it('finds leaf keys through nested objects', () => {
    expect(leafKeys({ a: { b: 'x', c: { d: 'y' } }, e: 'z' })).toEqual(['a.b', 'a.c.d', 'e']);
  });
});

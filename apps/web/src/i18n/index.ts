import { watch } from 'vue';
import { createI18n, type LocaleMessages, type VueMessageType } from 'vue-i18n';
import { LOCALES, type Locale, catalogFiles } from './catalogs';

const LANG_KEY = 'shiyou.lang';

function storedLocale(): Locale {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

// The vue-i18n plugin compiles each JSON catalog at build time (the runtime-only build needs no eval).
const files = import.meta.glob<unknown>('../locales/*/*.json', { eager: true, import: 'default' });
const messages = Object.fromEntries(LOCALES.map((locale) => [locale, catalogFiles(files, locale)]));

export const i18n = createI18n({
  legacy: false,
  locale: storedLocale() as string,
  fallbackLocale: 'zh-CN',
  messages: messages as unknown as Record<Locale, LocaleMessages<VueMessageType>>,
});

/** `t` outside components (the router, plain modules). */
export const translate = i18n.global.t as (key: string, values?: Record<string, unknown>) => string;

/** Switches every page's language and remembers the choice for the next page. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  try {
    localStorage.setItem(LANG_KEY, locale);
  } catch {
    // Private mode: the choice lasts as long as this page.
  }
}

watch(i18n.global.locale, (locale) => { document.documentElement.lang = locale; }, { immediate: true });

export type { Locale };
export { LOCALES };

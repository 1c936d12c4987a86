// The UI languages and how the browser's languages pick one. Here (not in i18n) so the settings
// store can use it without importing the catalogue; i18n re-exports it.

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGS as readonly string[]).includes(x);
}

/** The first of the browser's languages we have (zh, zh-CN, zh-Hans… → zh-CN), else English. */
export function detectLang(languages: readonly string[]): Lang {
  for (const l of languages) {
    const low = l.toLowerCase();
    if (low === 'en' || low.startsWith('en-')) return 'en';
    if (low === 'zh' || low === 'zh-cn' || low.startsWith('zh-hans') || low === 'zh-sg') return 'zh-CN';
  }
  return 'en';
}

/** The browser's choice (English outside a browser). */
export function browserLang(): Lang {
  if (typeof navigator === 'undefined') return 'en';
  const langs = navigator.languages && navigator.languages.length > 0 ? navigator.languages : [navigator.language ?? 'en'];
  return detectLang(langs);
}

// UI strings (never terminal output: that stays what Linux prints). Each area of the UI keeps
// its strings in catalog/<area>.ts as { en: {...}, 'zh-CN': {...} } with the same keys; `t(key,
// params)` looks a key up in the current language, falls back to English, and fills `{name}`
// placeholders. The language lives in the settings store (chosen from the browser's languages
// until the user picks one); `useLang` mirrors it both ways.
import { create } from 'zustand';
import { useSettings } from '../settings/store';
import { LANGS, type Lang } from '../settings/lang';
import { cgroups } from './catalog/cgroups';
import { frame } from './catalog/frame';
import { layers } from './catalog/layers';
import { lesson } from './catalog/lesson';
import { processes } from './catalog/processes';
import { settings } from './catalog/settings';
import { shell } from './catalog/shell';
import { states } from './catalog/states';

export { LANGS, detectLang, type Lang } from '../settings/lang';

export type Catalog = Record<Lang, Record<string, string>>;

/** Every catalogue, by area (the completeness test walks them). */
export const CATALOGS: Readonly<Record<string, Catalog>> = { frame, shell, processes, cgroups, layers, settings, states, lesson };

const MESSAGES: Record<Lang, Map<string, string>> = { en: new Map(), 'zh-CN': new Map() };
for (const c of Object.values(CATALOGS)) for (const l of LANGS) for (const [k, v] of Object.entries(c[l])) MESSAGES[l].set(k, v);

export interface LangState {
  lang: Lang;
  setLang(l: Lang): void;
}

export const useLang = create<LangState>()(() => ({
  lang: useSettings.getState().lang,
  setLang: (lang) => useSettings.getState().setLang(lang),
}));
// the settings store is the truth; a direct useLang.setState({ lang }) is carried over to it
useSettings.subscribe((s) => {
  if (useLang.getState().lang !== s.lang) useLang.setState({ lang: s.lang });
});
useLang.subscribe((s) => {
  if (useSettings.getState().lang !== s.lang) useSettings.getState().setLang(s.lang);
});

export type Params = Record<string, string | number>;
/** A bound t(): what model functions take so they can be called with the component's language. */
export type Translate = (key: string, params?: Params) => string;

export function hasKey(lang: Lang, key: string): boolean {
  return MESSAGES[lang].has(key);
}

export function translate(lang: Lang, key: string, params?: Params): string {
  const s = MESSAGES[lang].get(key) ?? MESSAGES.en.get(key) ?? key;
  return params ? s.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : s;
}

/** t() in the current language, outside React (event handlers, stores). */
export function t(key: string, params?: Params): string {
  return translate(useLang.getState().lang, key, params);
}

/** A key with `.one` / `.other` forms chosen by `n` (Chinese has the same text in both). */
export function plural(tr: Translate, key: string, n: number, params?: Params): string {
  return tr(`${key}.${n === 1 ? 'one' : 'other'}`, { n, ...params });
}

const bound = new Map<Lang, Translate>(LANGS.map((l) => [l, (key, params) => translate(l, key, params)]));

/** t() bound to a language: one function per language, so it is stable across renders. */
export function translator(lang: Lang): Translate {
  return bound.get(lang)!;
}

/** t() bound to the current language; the component re-renders when the language changes. */
export function useT(): Translate {
  const lang = useLang((s) => s.lang);
  return translator(lang);
}

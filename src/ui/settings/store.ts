// The user's settings (zustand), kept in localStorage under `container-lab:settings`: the UI
// language, the colour theme, the terminal's screen reader mode and how much the panels move.
// Storage may be missing (private mode, blocked) or hold anything (an older build, a hand edit):
// what cannot be read is ignored and the defaults stand; a failed write changes nothing on the page.
//
// The page follows the settings: <html data-theme="light|dark" data-motion="reduce|full" lang="…">
// (the theme and motion resolved against the system's preferences, which are followed live).
import { useSyncExternalStore } from 'react';
import { create } from 'zustand';
import { browserLang, isLang, type Lang } from './lang';

export const SETTINGS_KEY = 'container-lab:settings';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export type ResolvedTheme = 'light' | 'dark';
export const MOTIONS = ['system', 'reduce', 'full'] as const;
export type Motion = (typeof MOTIONS)[number];

export interface Settings {
  /** the UI language (terminal output stays what Linux prints) */
  lang: Lang;
  theme: Theme;
  /** xterm's screen reader mode: the terminal's text in the accessibility tree (slower) */
  screenReader: boolean;
  motion: Motion;
}

export interface SettingsState extends Settings {
  setLang(lang: Lang): void;
  setTheme(theme: Theme): void;
  setScreenReader(on: boolean): void;
  setMotion(motion: Motion): void;
  /** back to the defaults (the browser's language) and forget what was stored */
  reset(): void;
}

/** What is stored: only what the user chose (the language follows the browser until then). */
type Stored = Partial<Settings>;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch (_e) {
    return null; // a sandboxed page throws on access
  }
}

/** The stored settings, each field validated; anything unreadable is left out. */
export function readStored(): Stored {
  let raw: string | null;
  try {
    raw = storage()?.getItem(SETTINGS_KEY) ?? null;
  } catch (_e) {
    return {};
  }
  if (raw === null) return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (_e) {
    return {};
  }
  if (typeof v !== 'object' || v === null) return {};
  const o = v as Record<string, unknown>;
  const out: Stored = {};
  if (isLang(o.lang)) out.lang = o.lang;
  if (typeof o.theme === 'string' && (THEMES as readonly string[]).includes(o.theme)) out.theme = o.theme as Theme;
  if (typeof o.screenReader === 'boolean') out.screenReader = o.screenReader;
  if (typeof o.motion === 'string' && (MOTIONS as readonly string[]).includes(o.motion)) out.motion = o.motion as Motion;
  return out;
}

function writeStored(s: Stored): void {
  try {
    storage()?.setItem(SETTINGS_KEY, JSON.stringify(s));
  } catch (_e) {
    // full or blocked: the setting holds for this page only
  }
}

const DEFAULTS: Omit<Settings, 'lang'> = { theme: 'system', screenReader: false, motion: 'system' };

function initial(): { settings: Settings; chosen: Stored } {
  const chosen = readStored();
  return { settings: { lang: browserLang(), ...DEFAULTS, ...chosen }, chosen };
}

const start = initial();
/** the fields the user has set (stored); others follow their defaults */
let chosen: Stored = start.chosen;

export const useSettings = create<SettingsState>()((set) => {
  const choose = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    chosen = { ...chosen, [key]: value };
    writeStored(chosen);
    set({ [key]: value } as Pick<Settings, K>);
  };
  return {
    ...start.settings,
    setLang: (lang) => choose('lang', lang),
    setTheme: (theme) => choose('theme', theme),
    setScreenReader: (on) => choose('screenReader', on),
    setMotion: (motion) => choose('motion', motion),
    reset: () => {
      chosen = {};
      try {
        storage()?.removeItem(SETTINGS_KEY);
      } catch (_e) {
        // nothing stored then
      }
      set({ lang: browserLang(), ...DEFAULTS });
    },
  };
});

// ---------------------------------------------------------------- the system's preferences

export const DARK_QUERY = '(prefers-color-scheme: dark)';
export const LIGHT_QUERY = '(prefers-color-scheme: light)';
export const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

function mediaList(query: string): MediaQueryList | null {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return null;
  try {
    return window.matchMedia(query);
  } catch (_e) {
    return null;
  }
}

export function mediaMatches(query: string): boolean {
  return mediaList(query)?.matches ?? false;
}

/** Call `cb` whenever the query's answer may have changed; returns the unsubscribe. */
export function onMediaChange(query: string, cb: () => void): () => void {
  const m = mediaList(query);
  if (!m) return () => {};
  if (typeof m.addEventListener === 'function') {
    m.addEventListener('change', cb);
    return () => m.removeEventListener('change', cb);
  }
  // Safari < 14
  m.addListener(cb);
  return () => m.removeListener(cb);
}

/** Whether a media query matches, following changes (the user switches the OS to dark). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (cb) => onMediaChange(query, cb),
    () => mediaMatches(query),
    () => false,
  );
}

/** 'system' follows the OS: dark unless it asks for light (the lab's own look is dark). */
export function resolveTheme(theme: Theme, prefersLight = mediaMatches(LIGHT_QUERY) && !mediaMatches(DARK_QUERY)): ResolvedTheme {
  return theme === 'system' ? (prefersLight ? 'light' : 'dark') : theme;
}

export function resolveReducedMotion(motion: Motion, prefersReduced = mediaMatches(REDUCED_MOTION_QUERY)): boolean {
  return motion === 'reduce' || (motion === 'system' && prefersReduced);
}

/** The theme in effect, 'light' or 'dark', live. */
export function useResolvedTheme(): ResolvedTheme {
  const theme = useSettings((s) => s.theme);
  const light = useMediaQuery(LIGHT_QUERY);
  const dark = useMediaQuery(DARK_QUERY);
  return resolveTheme(theme, light && !dark);
}

/** Whether the UI should keep still: the motion setting, or on 'system' the OS's preference, live. */
export function useReducedMotion(): boolean {
  const motion = useSettings((s) => s.motion);
  const reduce = useMediaQuery(REDUCED_MOTION_QUERY);
  return resolveReducedMotion(motion, reduce);
}

// ---------------------------------------------------------------- the page follows

/** Set <html data-theme data-motion lang> from the settings and the system's preferences. */
export function applyToDocument(s: Settings = useSettings.getState()): void {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  root.dataset.theme = resolveTheme(s.theme);
  root.dataset.motion = resolveReducedMotion(s.motion) ? 'reduce' : 'full';
  root.lang = s.lang;
}

/** Keep <html> in step with the settings and the OS (started once when this module loads). */
export function syncDocument(): () => void {
  applyToDocument();
  const offs = [
    useSettings.subscribe((s) => applyToDocument(s)),
    onMediaChange(LIGHT_QUERY, () => applyToDocument()),
    onMediaChange(DARK_QUERY, () => applyToDocument()),
    onMediaChange(REDUCED_MOTION_QUERY, () => applyToDocument()),
  ];
  return () => offs.forEach((off) => off());
}

if (typeof document !== 'undefined') syncDocument();

// @vitest-environment happy-dom
// The settings store: defaults from the browser, localStorage that may be missing, full or hold
// garbage, the page's <html> attributes, the language shared with i18n's useLang, and the
// system's preferences followed live (reduced motion, colour scheme).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, update, type Rendered } from '../test-helpers/render';
import { useLang } from '../i18n';
import { CgroupsPanel } from '../panels/cgroups/CgroupsPanel';
import { LayersPanel } from '../panels/filesystem/LayersPanel';
import { MachineContext } from '../session/context';
import { MachineSession } from '../session/session';
import { FakeLink } from '../test-helpers/fake-link';
import { detectLang } from './lang';
import {
  readStored,
  resolveReducedMotion,
  resolveTheme,
  SETTINGS_KEY,
  useReducedMotion,
  useResolvedTheme,
  useSettings,
} from './store';

/** A matchMedia whose answers a test sets, telling listeners when they change. */
function fakeMedia(initial: Record<string, boolean>) {
  const answers = { ...initial };
  const listeners = new Map<string, Set<() => void>>();
  const matchMedia = (query: string) => ({
    get matches() {
      return answers[query] ?? false;
    },
    media: query,
    addEventListener: (_: string, cb: () => void) => {
      if (!listeners.has(query)) listeners.set(query, new Set());
      listeners.get(query)!.add(cb);
    },
    removeEventListener: (_: string, cb: () => void) => listeners.get(query)?.delete(cb),
  });
  return {
    install: () => vi.spyOn(window, 'matchMedia').mockImplementation(matchMedia as unknown as typeof window.matchMedia),
    set(query: string, on: boolean) {
      answers[query] = on;
      for (const cb of listeners.get(query) ?? []) cb();
    },
    listening: (query: string) => listeners.get(query)?.size ?? 0,
  };
}

const REDUCE = '(prefers-reduced-motion: reduce)';
const LIGHT = '(prefers-color-scheme: light)';
const DARK = '(prefers-color-scheme: dark)';

let view: Rendered | null = null;

beforeEach(() => {
  useSettings.getState().reset();
});
afterEach(() => {
  view?.unmount();
  view = null;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  useSettings.getState().reset();
});

describe('settings store', () => {
  it('defaults: the browser language (happy-dom says en-US), system theme and motion, no screen reader mode', () => {
    expect(navigator.language).toBe('en-US');
    const s = useSettings.getState();
    expect({ lang: s.lang, theme: s.theme, screenReader: s.screenReader, motion: s.motion }).toEqual({
      lang: 'en',
      theme: 'system',
      screenReader: false,
      motion: 'system',
    });
    expect(localStorage.getItem(SETTINGS_KEY)).toBeNull();
  });

  it('detects the language from the browser list', () => {
    expect(detectLang(['zh-CN', 'en'])).toBe('zh-CN');
    expect(detectLang(['zh-Hans-CN'])).toBe('zh-CN');
    expect(detectLang(['fr-FR', 'zh'])).toBe('zh-CN');
    expect(detectLang(['en-GB', 'zh-CN'])).toBe('en');
    expect(detectLang(['zh-TW', 'de'])).toBe('en');
    expect(detectLang([])).toBe('en');
  });

  it('stores what the user chose under container-lab:settings (the language only once chosen)', () => {
    useSettings.getState().setTheme('light');
    expect(JSON.parse(localStorage.getItem(SETTINGS_KEY)!)).toEqual({ theme: 'light' });
    useSettings.getState().setMotion('reduce');
    useSettings.getState().setScreenReader(true);
    useSettings.getState().setLang('zh-CN');
    expect(JSON.parse(localStorage.getItem(SETTINGS_KEY)!)).toEqual({ theme: 'light', motion: 'reduce', screenReader: true, lang: 'zh-CN' });
    expect(readStored()).toEqual({ theme: 'light', motion: 'reduce', screenReader: true, lang: 'zh-CN' });
    useSettings.getState().reset();
    expect(localStorage.getItem(SETTINGS_KEY)).toBeNull();
    expect(useSettings.getState().theme).toBe('system');
  });

  it('a fresh page starts from what was stored', async () => {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify({ lang: 'zh-CN', theme: 'dark', screenReader: true, motion: 'full' }));
    vi.resetModules();
    const fresh = await import('./store');
    expect(fresh.useSettings.getState()).toMatchObject({ lang: 'zh-CN', theme: 'dark', screenReader: true, motion: 'full' });
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(document.documentElement.lang).toBe('zh-CN');
    fresh.useSettings.getState().reset();
  });

  it('ignores garbage in storage, field by field', async () => {
    for (const raw of ['{not json', 'null', '42', '"dark"', '[]']) {
      localStorage.setItem(SETTINGS_KEY, raw);
      expect(readStored()).toEqual({});
    }
    localStorage.setItem(SETTINGS_KEY, JSON.stringify({ lang: 'fr', theme: 'purple', screenReader: 'yes', motion: 'reduce' }));
    expect(readStored()).toEqual({ motion: 'reduce' });
    localStorage.setItem(SETTINGS_KEY, '{not json');
    vi.resetModules();
    const fresh = await import('./store');
    expect(fresh.useSettings.getState()).toMatchObject({ lang: 'en', theme: 'system', screenReader: false, motion: 'system' });
    fresh.useSettings.getState().reset();
  });

  it('works without storage: blocked, full, or absent', async () => {
    const thrower = (e: string) => () => {
      throw new DOMException(e, e);
    };
    vi.stubGlobal('localStorage', { getItem: () => null, setItem: thrower('QuotaExceededError'), removeItem: () => {} });
    useSettings.getState().setTheme('dark');
    expect(useSettings.getState().theme).toBe('dark');
    vi.stubGlobal('localStorage', { getItem: thrower('SecurityError'), setItem: thrower('SecurityError'), removeItem: thrower('SecurityError') });
    expect(readStored()).toEqual({});
    useSettings.getState().reset();
    expect(useSettings.getState().theme).toBe('system');
    vi.stubGlobal('localStorage', undefined);
    vi.resetModules();
    const fresh = await import('./store');
    expect(fresh.useSettings.getState().theme).toBe('system');
    fresh.useSettings.getState().setTheme('light');
    expect(fresh.useSettings.getState().theme).toBe('light');
    fresh.useSettings.getState().reset();
  });

  it('puts the theme, motion and language on <html>', () => {
    useSettings.getState().setTheme('light');
    expect(document.documentElement.dataset.theme).toBe('light');
    useSettings.getState().setTheme('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    useSettings.getState().setMotion('reduce');
    expect(document.documentElement.dataset.motion).toBe('reduce');
    useSettings.getState().setMotion('full');
    expect(document.documentElement.dataset.motion).toBe('full');
    useSettings.getState().setLang('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    useSettings.getState().setLang('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('shares the language with i18n: either side changes both', () => {
    useSettings.getState().setLang('zh-CN');
    expect(useLang.getState().lang).toBe('zh-CN');
    useLang.getState().setLang('en');
    expect(useSettings.getState().lang).toBe('en');
    useLang.setState({ lang: 'zh-CN' });
    expect(useSettings.getState().lang).toBe('zh-CN');
    expect(JSON.parse(localStorage.getItem(SETTINGS_KEY)!).lang).toBe('zh-CN');
  });

  it('resolves system preferences', () => {
    expect(resolveTheme('system', true)).toBe('light');
    expect(resolveTheme('system', false)).toBe('dark');
    expect(resolveTheme('dark', true)).toBe('dark');
    expect(resolveTheme('light', false)).toBe('light');
    expect(resolveReducedMotion('system', true)).toBe(true);
    expect(resolveReducedMotion('system', false)).toBe(false);
    expect(resolveReducedMotion('reduce', false)).toBe(true);
    expect(resolveReducedMotion('full', true)).toBe(false);
  });

  it('useReducedMotion and useResolvedTheme follow the setting and the system, live', () => {
    const media = fakeMedia({ [REDUCE]: false, [LIGHT]: false, [DARK]: true });
    media.install();
    const seen: Array<[boolean, string]> = [];
    function Probe() {
      seen.push([useReducedMotion(), useResolvedTheme()]);
      return null;
    }
    view = render(<Probe />);
    expect(seen.at(-1)).toEqual([false, 'dark']);
    update(() => media.set(REDUCE, true));
    expect(seen.at(-1)).toEqual([true, 'dark']);
    update(() => useSettings.getState().setMotion('full'));
    expect(seen.at(-1)).toEqual([false, 'dark']);
    update(() => useSettings.getState().setMotion('reduce'));
    update(() => media.set(REDUCE, false));
    expect(seen.at(-1)).toEqual([true, 'dark']);
    update(() => {
      media.set(DARK, false);
      media.set(LIGHT, true);
    });
    expect(seen.at(-1)).toEqual([true, 'light']);
    update(() => useSettings.getState().setTheme('dark'));
    expect(seen.at(-1)).toEqual([true, 'dark']);
    view.unmount();
    view = null;
    expect(media.listening(REDUCE)).toBe(0);
  });

  it('the panels keep still when motion is reduced, by the setting or by the system', () => {
    const media = fakeMedia({ [REDUCE]: false });
    media.install();
    const link = new FakeLink();
    const session = new MachineSession(link);
    update(() => link.ready());
    view = render(
      <MachineContext.Provider value={session}>
        <CgroupsPanel />
        <LayersPanel />
      </MachineContext.Provider>,
    );
    const still = () => [view!.container.querySelector('.cg-panel--still') !== null, view!.container.querySelector('.ovl-panel--still') !== null];
    expect(still()).toEqual([false, false]);
    update(() => media.set(REDUCE, true));
    expect(still()).toEqual([true, true]);
    update(() => useSettings.getState().setMotion('full'));
    expect(still()).toEqual([false, false]);
    update(() => {
      media.set(REDUCE, false);
      useSettings.getState().setMotion('reduce');
    });
    expect(still()).toEqual([true, true]);
    view.unmount();
    view = null;
    session.dispose();
  });
});

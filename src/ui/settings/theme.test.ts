// The themes' colours read: every text colour the stylesheets put on a background meets WCAG AA
// (4.5:1) in both themes, tints composited over what they tint; no panel stylesheet has a colour
// of its own (each one is a custom property of app.css, so both themes cover it); the terminal's
// themes read too.
/// <reference types="node" />
// (Vitest hands CSS imports to tests as empty strings, even ?raw: the stylesheets are read from disk.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { terminalTheme } from './terminalTheme';

const ui = (p: string) => readFileSync(fileURLToPath(new URL(`../${p}`, import.meta.url)), 'utf8');
const APP = ui('app.css');

type Rgba = [number, number, number, number];

function parseColor(v: string): Rgba {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(v.trim());
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!;
    return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16), 1];
  }
  const rgba = /^rgba?\(([^)]*)\)$/.exec(v.trim());
  if (rgba) {
    const [r, g, b, a = 1] = rgba[1]!.split(',').map(Number);
    return [r!, g!, b!, a];
  }
  throw new Error(`not a colour: ${v}`);
}

/** `top` (maybe translucent) over an opaque `base`. */
function over(top: Rgba, base: Rgba): Rgba {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i]! * a + base[i]! * (1 - a)).concat(1) as Rgba;
}

function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: Rgba, b: Rgba): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

/** The custom properties of one theme block of app.css. */
function themeVars(selectorStart: string): Map<string, string> {
  const i = APP.indexOf(selectorStart);
  if (i < 0) throw new Error(`no block ${selectorStart}`);
  const body = APP.slice(APP.indexOf('{', i) + 1, APP.indexOf('}', i));
  return new Map([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

const THEMES = { dark: themeVars(':root,'), light: themeVars("[data-theme='light']") };

/** A colour of a theme: a custom property (var name without --), or several composited ("tint/panel"). */
function color(theme: Map<string, string>, spec: string): Rgba {
  const layers = spec.split('/').map((name) => {
    const v = theme.get(`--${name}`);
    if (v === undefined) throw new Error(`--${name} is not defined`);
    return parseColor(v);
  });
  return layers.reduceRight((base, top) => over(top, base));
}

const TEXT = ['c-text', 'c-text-control', 'c-text-muted', 'c-text-faint'];
const MEANINGS = ['c-ok-text', 'c-warn-text', 'c-danger-text', 'c-purple-text', 'c-cyan-text', 'c-link-text', 'c-accent-text'];
const LAYER_TONES = ['ovl-merged', 'ovl-upper', 'ovl-l0', 'ovl-l1', 'ovl-l2', 'ovl-l3', 'ovl-l4', 'ovl-l5'];
const SURFACES = ['c-page', 'c-panel', 'c-raised', 'c-control', 'c-hover'];
const SELECTED = ['c-selected', 'c-selected-hover', 'c-highlight-selected'];

const TINTS = ['c-tint-zombie/c-panel', 'c-tint-stopped/c-panel', 'c-tint-highlight/c-panel'];
const STATE_LABELS = ['c-ok-text', 'c-warn-text', 'c-danger-text'];
const pairs = (fgs: string[], bgs: string[]) => fgs.flatMap((fg) => bgs.map((bg): [string, string] => [fg, bg]));

/** [text, background] pairs the stylesheets draw. */
const PAIRS: Array<[string, string]> = [
  // text of every kind on every surface
  ...pairs([...TEXT, ...MEANINGS, ...LAYER_TONES], SURFACES),
  // tinted process rows (zombie, stopped, highlighted): the row's text, tree prefix, state labels
  ...pairs(['c-text', 'c-text-faint', ...STATE_LABELS, 'c-zombie-command'], TINTS),
  // selected rows, cards and tabs: their own muted colour, and the colours of labels, badges, notes
  ...pairs(['c-text', 'c-text-muted-on-selected', ...MEANINGS.filter((m) => m !== 'c-accent-text'), ...LAYER_TONES], SELECTED),
  ...pairs(['c-on-badge'], ['c-badge-running', 'c-badge-sleeping', 'c-badge-idle', 'c-badge-disk', 'c-badge-stopped', 'c-badge-zombie', 'c-badge-dead']),
  ['c-on-danger', 'c-danger-bg'],
  ['c-on-opaque', 'c-opaque-bg'],
  ['c-on-accent', 'c-accent-strong'],
  ['c-on-restart', 'c-restart-bg'],
  ['c-crash-text', 'c-crash-bg'],
  ['c-text-strong', 'c-page'],
  ['c-text', 'c-throttle-bg'],
  ['c-text-muted', 'c-throttle-bg'],
  ['c-text', 'c-throttle-still-bg'],
];

describe('themes', () => {
  it('define the same custom properties', () => {
    const dark = [...THEMES.dark.keys()].sort();
    const light = [...THEMES.light.keys()].sort();
    expect(light).toEqual(dark);
    expect(dark.length).toBeGreaterThan(60);
  });

  for (const [name, theme] of Object.entries(THEMES)) {
    it(`${name}: every text colour meets WCAG AA (4.5:1) on the backgrounds it is drawn on`, () => {
      const low = PAIRS.map(([fg, bg]) => ({ fg, bg, ratio: contrast(color(theme, fg), color(theme, bg)) }))
        .filter((p) => p.ratio < 4.5)
        .map((p) => `${p.fg} on ${p.bg}: ${p.ratio.toFixed(2)}`);
      expect(low).toEqual([]);
    });

    it(`${name}: the focus ring and control borders stand out (3:1, WCAG 1.4.11)`, () => {
      for (const bg of ['c-panel', 'c-raised', 'c-page']) {
        expect(contrast(color(theme, 'c-focus'), color(theme, bg))).toBeGreaterThanOrEqual(3);
        expect(contrast(color(theme, 'c-border-control'), color(theme, 'c-panel'))).toBeGreaterThanOrEqual(name === 'light' ? 3 : 1.5);
      }
    });
  }

  it('panel stylesheets take every colour from the theme', () => {
    for (const css of ['panels/processes/processes.css', 'panels/cgroups/cgroups.css', 'panels/filesystem/filesystem.css']) {
      const colours = ui(css).match(/#[0-9a-f]{3,8}\b|rgba?\(/gi) ?? [];
      expect(colours, css).toEqual([]);
    }
    // and app.css has colours only in its theme blocks
    const outside = APP.slice(APP.indexOf("[data-theme='light']")).replace(/^[^}]*\}/, '');
    expect(outside.match(/#[0-9a-f]{3,8}\b|rgba?\(/gi) ?? []).toEqual([]);
  });

  it('reduced motion follows the setting (a class on the panel), not only the media query', () => {
    for (const css of ['panels/cgroups/cgroups.css', 'panels/filesystem/filesystem.css']) expect(ui(css)).not.toContain('prefers-reduced-motion');
    expect(ui('panels/cgroups/cgroups.css')).toContain('.cg-panel--still .cg-node--throttled');
    expect(ui('panels/filesystem/filesystem.css')).toContain('.ovl-panel--still .ovl-flyer');
  });
});

describe('terminal themes', () => {
  const ANSI = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;
  const ALL = [...ANSI, ...ANSI.map((c) => `bright${c[0]!.toUpperCase()}${c.slice(1)}`)] as const;

  for (const resolved of ['dark', 'light'] as const) {
    it(`${resolved}: has the 16 ANSI colours, and text and colours read on the background`, () => {
      const th = terminalTheme(resolved) as Record<string, string>;
      for (const k of ['background', 'foreground', 'cursor', 'selectionBackground', ...ALL]) expect(th[k], k).toMatch(/^#[0-9a-f]{6}$/);
      const bg = parseColor(th.background!);
      expect(contrast(parseColor(th.foreground!), bg)).toBeGreaterThanOrEqual(7);
      // the colours programs print in (ls, grep, the prompt): all but the one meant to vanish
      const faint = resolved === 'dark' ? ['black'] : ['white', 'brightWhite'];
      const low = ALL.filter((k) => !faint.includes(k))
        .map((k) => [k, contrast(parseColor(th[k]!), bg)] as const)
        .filter(([, r]) => r < 4.5)
        .map(([k, r]) => `${k} ${r.toFixed(2)}`);
      expect(low).toEqual([]);
      // selected text stays readable
      expect(contrast(parseColor(th.selectionForeground ?? th.foreground!), parseColor(th.selectionBackground!))).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('is a fresh object each time (xterm may keep it)', () => {
    expect(terminalTheme('dark')).not.toBe(terminalTheme('dark'));
    expect(terminalTheme('dark')).toEqual(terminalTheme('dark'));
  });
});

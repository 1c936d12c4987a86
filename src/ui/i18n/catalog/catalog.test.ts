// The catalogues are complete: every key in every language, with the same {placeholders}, no
// empty text, keys prefixed by their area; and every literal key the UI's sources pass to t()
// exists. The checker itself is tested on a broken catalogue, so it cannot pass by accident.
import { describe, expect, it } from 'vitest';
import { CATALOGS, LANGS, plural, translate, translator, type Catalog } from '../index';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** What is wrong with a catalogue (empty when nothing is). */
function problems(name: string, c: Catalog, prefixes: readonly string[]): string[] {
  const out: string[] = [];
  const keys = new Set(LANGS.flatMap((l) => Object.keys(c[l] ?? {})));
  for (const key of keys) {
    if (!prefixes.some((p) => key.startsWith(`${p}.`))) out.push(`${name}: ${key} is not prefixed by ${prefixes.join(' or ')}.`);
    const en = c.en[key];
    for (const l of LANGS) {
      const v = c[l]?.[key];
      if (v === undefined) out.push(`${name}: ${key} is missing in ${l}`);
      else if (v.trim() === '' && !(en !== undefined && en === v)) out.push(`${name}: ${key} is empty in ${l}`);
      else if (en !== undefined && placeholders(v).join() !== placeholders(en).join())
        out.push(`${name}: ${key} in ${l} has {${placeholders(v).join('}{')}}, English has {${placeholders(en).join('}{')}}`);
    }
  }
  return out;
}

/** Each catalogue's key prefix(es). */
const PREFIXES: Record<string, readonly string[]> = {
  frame: ['frame'],
  shell: ['shell'],
  processes: ['proc'],
  cgroups: ['cg'],
  layers: ['ovl'],
  settings: ['settings'],
  states: ['states', 'state'],
};

describe('UI string catalogues', () => {
  it('the check finds a missing key, a changed placeholder, an empty text and a stray prefix', () => {
    const broken: Catalog = {
      en: { 'x.a': 'A {n}', 'x.b': 'B', 'x.c': 'C {who}', 'x.d': 'D', 'y.e': 'E' },
      'zh-CN': { 'x.a': '甲 {n}', 'x.c': '丙 {whom}', 'x.d': ' ', 'y.e': '戊' },
    };
    expect(problems('broken', broken, ['x'])).toEqual([
      'broken: x.b is missing in zh-CN',
      'broken: x.c in zh-CN has {whom}, English has {who}',
      'broken: x.d is empty in zh-CN',
      'broken: y.e is not prefixed by x.',
    ]);
    // a key only in Chinese is missing in English
    expect(problems('broken', { en: {}, 'zh-CN': { 'x.z': '子' } }, ['x'])).toEqual(['broken: x.z is missing in en']);
  });

  it('every key is in every language with the same placeholders', () => {
    const all = Object.entries(CATALOGS).flatMap(([name, c]) => problems(name, c, PREFIXES[name] ?? [name]));
    expect(all).toEqual([]);
  });

  it('no key is defined by two catalogues', () => {
    const seen = new Map<string, string>();
    const dup: string[] = [];
    for (const [name, c] of Object.entries(CATALOGS))
      for (const k of Object.keys(c.en)) {
        if (seen.has(k)) dup.push(`${k} in ${seen.get(k)} and ${name}`);
        seen.set(k, name);
      }
    expect(dup).toEqual([]);
  });

  it('the Chinese text is Chinese (not an untranslated copy of the English), technical words aside', () => {
    // strings that are the same in both languages on purpose: names of files, tools, units
    const SAME = /^(cg\.chip\.(quota|weight|shares|pids|cpus|cpus\.title)|cg\.node\.(cgroup|cpu)|ovl\.(mount\.upper|mount\.label|opts\.title|badge\.whiteout|kind\.whiteout)|settings\.lang\..*|frame\.title)$/;
    const untranslated: string[] = [];
    // (this test's areas; frame and states have their own owners)
    for (const c of ['shell', 'processes', 'cgroups', 'layers', 'settings'].map((n) => CATALOGS[n]!))
      for (const [k, en] of Object.entries(c.en)) {
        if (SAME.test(k)) continue;
        const zh = c['zh-CN'][k];
        if (zh === en && /[a-z]{3,}/i.test(en.replace(/\{\w+\}/g, ''))) untranslated.push(k);
      }
    expect(untranslated).toEqual([]);
  });

  it('translate fills placeholders, falls back to English, then to the key', () => {
    expect(translate('en', 'proc.details.gone', { pid: 7 })).toBe('Process 7 no longer exists.');
    expect(translate('zh-CN', 'proc.details.gone', { pid: 7 })).toBe('进程 7 已不存在。');
    expect(translate('zh-CN', 'no.such.key')).toBe('no.such.key');
    expect(translate('en', 'cg.tree', {})).toBe('cgroup tree: {path}');
    expect(plural(translator('en'), 'cg.tasks', 1)).toBe('1 task');
    expect(plural(translator('en'), 'cg.tasks', 3)).toBe('3 tasks');
    expect(plural(translator('zh-CN'), 'cg.tasks', 3)).toBe('3 个任务');
  });

  it('every literal key the UI passes to t() / plural() exists', () => {
    // every source file of the UI but the catalogues and the tests
    const sources = import.meta.glob<string>(['../../**/*.ts', '../../**/*.tsx', '!../../**/*.test.ts', '!../../**/*.test.tsx', '!./**'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    expect(Object.keys(sources)).toContain('../../panels/processes/ProcessesPanel.tsx');
    const en = new Set(Object.values(CATALOGS).flatMap((c) => Object.keys(c.en)));
    const missing: string[] = [];
    let used = 0;
    for (const [f, src] of Object.entries(sources)) {
      for (const m of src.matchAll(/\b(?:t|tr|translate\([^,]+,)\(\s*'([a-z][\w-]*(?:\.[\w-]+)+)'/g)) {
        used++;
        if (!en.has(m[1]!)) missing.push(`${f}: ${m[1]}`);
      }
      for (const m of src.matchAll(/\bplural\(\s*\w+,\s*'([\w.-]+)'/g)) {
        used++;
        for (const form of ['one', 'other']) if (!en.has(`${m[1]}.${form}`)) missing.push(`${f}: ${m[1]}.${form}`);
      }
    }
    expect(used).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});

// Brace expansion ({a,b}, {1..5}, {a..e..2}, {01..03}) on a parsed word: only unquoted literal
// braces and commas take part; quoted text and expansions are carried through unchanged.
import type { Word, WordPart } from './ast';

type Item = { c: string } | { p: WordPart };

function flatten(w: Word): Item[] {
  const out: Item[] = [];
  for (const p of w.parts) {
    if (p.k === 'lit') for (const c of p.v) out.push({ c });
    else out.push({ p });
  }
  return out;
}

function rebuild(items: Item[], text: string): Word {
  const parts: WordPart[] = [];
  let lit = '';
  for (const it of items) {
    if ('c' in it) lit += it.c;
    else {
      if (lit) parts.push({ k: 'lit', v: lit });
      lit = '';
      parts.push(it.p);
    }
  }
  if (lit) parts.push({ k: 'lit', v: lit });
  return { parts, text };
}

const isC = (it: Item | undefined, c: string): boolean => !!it && 'c' in it && it.c === c;

function seq(body: Item[]): string[] | undefined {
  if (!body.every((i) => 'c' in i)) return undefined;
  const s = body.map((i) => (i as { c: string }).c).join('');
  const m = /^(-?[0-9]+|[A-Za-z])\.\.(-?[0-9]+|[A-Za-z])(?:\.\.(-?[0-9]+))?$/.exec(s);
  if (!m) return undefined;
  const [, a, b, st] = m;
  const numeric = /[0-9]/.test(a!) && /[0-9]/.test(b!);
  if (!numeric && (/[0-9]/.test(a!) || /[0-9]/.test(b!))) return undefined;
  let step = Math.abs(Number(st ?? '1')) || 1;
  const out: string[] = [];
  if (numeric) {
    const x = Number(a);
    const y = Number(b);
    const width = (/^-?0[0-9]/.test(a!) || /^-?0[0-9]/.test(b!)) ? Math.max(a!.length, b!.length) : 0;
    if (x > y) step = -step;
    for (let v = x; x <= y ? v <= y : v >= y; v += step) {
      const t = String(Math.abs(v)).padStart(width - (v < 0 ? 1 : 0), '0');
      out.push((v < 0 ? '-' : '') + t);
      if (out.length > 100000) break;
    }
  } else {
    const x = a!.charCodeAt(0);
    const y = b!.charCodeAt(0);
    if (x > y) step = -step;
    for (let v = x; x <= y ? v <= y : v >= y; v += step) out.push(String.fromCharCode(v));
  }
  return out;
}

function expandItems(items: Item[]): Item[][] {
  for (let i = 0; i < items.length; i++) {
    if (!isC(items[i], '{')) continue;
    // find the matching close brace and top-level commas
    let depth = 0;
    const commas: number[] = [];
    let close = -1;
    for (let j = i + 1; j < items.length; j++) {
      if (isC(items[j], '{')) depth++;
      else if (isC(items[j], '}')) {
        if (depth === 0) {
          close = j;
          break;
        }
        depth--;
      } else if (isC(items[j], ',') && depth === 0) commas.push(j);
    }
    if (close < 0) return [items];
    const pre = items.slice(0, i);
    const post = items.slice(close + 1);
    let alts: Item[][];
    if (commas.length) {
      alts = [];
      let s = i + 1;
      for (const c of [...commas, close]) {
        alts.push(items.slice(s, c));
        s = c + 1;
      }
    } else {
      const sq = seq(items.slice(i + 1, close));
      if (!sq) {
        // not an expansion: keep "{" literal and look further
        const rest = expandItems(items.slice(i + 1));
        return rest.map((r) => [...items.slice(0, i + 1), ...r]);
      }
      alts = sq.map((t) => Array.from(t, (c) => ({ c })));
    }
    const out: Item[][] = [];
    const tails = expandItems(post);
    for (const a of alts) {
      for (const ea of expandItems(a)) for (const t of tails) out.push([...pre, ...ea, ...t]);
      if (out.length > 100000) break;
    }
    return out;
  }
  return [items];
}

/** Expands braces in each word (a word without active braces is returned as is). */
export function braceExpand(words: Word[]): Word[] {
  const out: Word[] = [];
  for (const w of words) {
    if (!w.parts.some((p) => p.k === 'lit' && p.v.includes('{'))) {
      out.push(w);
      continue;
    }
    for (const items of expandItems(flatten(w))) out.push(rebuild(items, w.text));
  }
  return out;
}

// POSIX BRE/ERE (GNU flavour, as grep 3.8 accepts them) translated to JavaScript RegExp source
// (used with the 'u' flag). Errors carry GNU regex's messages ("Unmatched ( or \\(").

export interface Translated {
  source: string;
  groups: number;
  /** a warning grep prints (e.g. "* at start of expression") */
  warning?: string;
  /** every warning, in order (consecutive repeats of one message are printed once) */
  warnings: string[];
}

export class RegexError extends Error {}

const WORD = '[\\p{L}\\p{N}_]';
const SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));

function lit(c: string): string {
  return SYNTAX.has(c) ? '\\' + c : c;
}

function classLit(c: string): string {
  return c === '\\' || c === ']' || c === '[' || c === '^' || c === '-' ? '\\' + c : c;
}

const CLASS_MAP: Record<string, string> = {
  alpha: '\\p{L}',
  digit: '0-9',
  alnum: '\\p{L}0-9',
  upper: '\\p{Lu}',
  lower: '\\p{Ll}',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~\\u00a0-\\u{10ffff}',
  graph: '!-~\\u00a1-\\u{10ffff}',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
};

/** Parse a bracket expression starting at p[i] === '['. Returns [jsClass, nextIndex]. */
function bracket(p: string, i: number, icase: boolean): [string, number] {
  let j = i + 1;
  let neg = false;
  if (p[j] === '^') {
    neg = true;
    j++;
  }
  // '[' or '[^' ending the pattern: grep 3.8 says "Invalid regular expression"
  if (j >= p.length) throw new RegexError('Invalid regular expression');
  let out = '';
  let first = true;
  let prevChar: string | undefined; // last single char (for ranges)
  for (;;) {
    if (j >= p.length) throw new RegexError('Unmatched [, [^, [:, [., or [=');
    const c = p[j]!;
    if (c === ']' && !first) {
      j++;
      break;
    }
    first = false;
    if (c === '[' && (p[j + 1] === ':' || p[j + 1] === '=' || p[j + 1] === '.')) {
      const kind = p[j + 1]!;
      const end = p.indexOf(kind + ']', j + 2);
      if (end < 0) throw new RegexError('Unmatched [, [^, [:, [., or [=');
      const name = p.slice(j + 2, end);
      j = end + 2;
      if (kind === ':') {
        const m = CLASS_MAP[name];
        if (m === undefined) throw new RegexError('Invalid character class name');
        out += icase && (name === 'upper' || name === 'lower') ? '\\p{L}' : m;
        prevChar = undefined;
      } else {
        const ch = name.length ? [...name][0]! : '';
        out += classLit(ch);
        prevChar = ch;
      }
      continue;
    }
    // range?
    const cp = String.fromCodePoint(p.codePointAt(j)!);
    if (p[j + cp.length] === '-' && p[j + cp.length + 1] !== undefined && p[j + cp.length + 1] !== ']') {
      let hiStart = j + cp.length + 1;
      let hi: string;
      if (p[hiStart] === '[' && p[hiStart + 1] === '.') {
        const end = p.indexOf('.]', hiStart + 2);
        if (end < 0) throw new RegexError('Unmatched [, [^, [:, [., or [=');
        hi = p.slice(hiStart + 2, end);
        hiStart = end + 2;
      } else {
        hi = String.fromCodePoint(p.codePointAt(hiStart)!);
        hiStart += hi.length;
      }
      if (hi.codePointAt(0)! < cp.codePointAt(0)!) throw new RegexError('Invalid range end');
      out += `${classLit(cp)}-${classLit(hi)}`;
      j = hiStart;
      prevChar = undefined;
      continue;
    }
    out += classLit(cp);
    prevChar = cp;
    j += cp.length;
  }
  void prevChar;
  return [`[${neg ? '^' : ''}${out}]`, j];
}

/**
 * Translate one POSIX pattern. `ere`: extended syntax. `groupBase`: number of capture groups that
 * precede this pattern in the combined RegExp (backreferences are renumbered).
 */
export function translate(p: string, ere: boolean, icase = false, groupBase = 0): Translated {
  let out = '';
  let groups = 0;
  const open: number[] = []; // stack of group numbers
  let atomStart = -1; // index in out where the last atom starts (-1: none, quantifier is literal)
  let lastWasQuant = false;
  const warnings: string[] = [];
  const warn = (w: string): void => {
    if (warnings[warnings.length - 1] !== w) warnings.push(w);
  };
  // where a BRE '*' is literal: start of RE, after \( or \| or ^
  let atStart = true;
  const closedGroups = new Set<number>();
  const quant = (q: string): void => {
    if (lastWasQuant) {
      out = out.slice(0, atomStart) + '(?:' + out.slice(atomStart) + ')';
    }
    out += q;
    lastWasQuant = true;
  };
  let i = 0;
  while (i < p.length) {
    const c = p[i]!;
    const startOfAtom = out.length;
    if (c === '\\') {
      if (i + 1 >= p.length) throw new RegexError('Trailing backslash');
      const n = p[i + 1]!;
      i += 2;
      if (!ere && n === '(') {
        groups++;
        open.push(groups);
        out += '(';
        atomStart = -1;
        lastWasQuant = false;
        atStart = true;
        continue;
      }
      if (!ere && n === ')') {
        if (!open.length) throw new RegexError('Unmatched ) or \\)');
        const g = open.pop()!;
        closedGroups.add(g);
        out += ')';
        atomStart = findGroupStart(out);
        lastWasQuant = false;
        atStart = false;
        continue;
      }
      if (!ere && n === '|') {
        out += '|';
        atomStart = -1;
        lastWasQuant = false;
        atStart = true;
        continue;
      }
      if (!ere && n === '{') {
        const m = /^(\d*)(,?)(\d*)\\\}/.exec(p.slice(i));
        if (!m) {
          if (!/\\\}/.test(p.slice(i))) throw new RegexError('Unmatched \\{');
          throw new RegexError('Invalid content of \\{\\}');
        }
        if (atomStart < 0) {
          if (atStart) {
            out += '\\{';
            continue;
          }
          throw new RegexError('Invalid preceding regular expression');
        }
        i += m[0].length;
        quant(interval(m));
        atStart = false;
        continue;
      }
      if (!ere && (n === '+' || n === '?')) {
        if (atomStart < 0) {
          out += lit(n);
          atomStart = startOfAtom;
          lastWasQuant = false;
        } else quant(n);
        atStart = false;
        continue;
      }
      if (n >= '1' && n <= '9') {
        const k = Number(n);
        if (!closedGroups.has(k)) throw new RegexError('Invalid back reference');
        out += `\\${k + groupBase}`;
      } else if (n === '<') out += `(?<!${WORD})(?=${WORD})`;
      else if (n === '>') out += `(?<=${WORD})(?!${WORD})`;
      else if (n === 'b') out += `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;
      else if (n === 'B') out += `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`;
      else if (n === 'w') out += WORD;
      else if (n === 'W') out += `[^\\p{L}\\p{N}_]`;
      else if (n === 's') out += '\\s';
      else if (n === 'S') out += '\\S';
      else if (n === '`') out += '^';
      else if (n === "'") out += '$';
      else out += lit(n);
      atomStart = ['<', '>', 'b', 'B', '`', "'"].includes(n) ? -1 : startOfAtom;
      lastWasQuant = false;
      atStart = false;
      continue;
    }
    if (c === '[') {
      if (/^\[:[a-z]+:\]/.test(p.slice(i)) ) {
        const m = /^\[:([a-z]+):\]/.exec(p.slice(i))!;
        throw new RegexError(`character class syntax is [[:${m[1]}:]], not [:${m[1]}:]`);
      }
      const [cls, next] = bracket(p, i, icase);
      out += cls;
      i = next;
      atomStart = startOfAtom;
      lastWasQuant = false;
      atStart = false;
      continue;
    }
    if (c === '.') {
      out += '.';
      i++;
      atomStart = startOfAtom;
      lastWasQuant = false;
      atStart = false;
      continue;
    }
    if (c === '*') {
      i++;
      if (atomStart < 0) {
        if (ere) {
          warn('* at start of expression');
          continue; // a leading * is ignored in ERE
        }
        out += '\\*';
        atomStart = startOfAtom;
        lastWasQuant = false;
        atStart = false;
        continue;
      }
      quant('*');
      atStart = false;
      continue;
    }
    if (c === '^') {
      i++;
      if (ere || atStart) {
        out += '^';
        atomStart = -1;
        lastWasQuant = false;
        // BRE: '*' after a leading ^ is literal
        continue;
      }
      out += '\\^';
      atomStart = startOfAtom;
      lastWasQuant = false;
      continue;
    }
    if (c === '$') {
      i++;
      const rest = p.slice(i);
      if (ere || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|')) {
        out += '$';
        atomStart = -1;
      } else {
        out += '\\$';
        atomStart = startOfAtom;
      }
      lastWasQuant = false;
      atStart = false;
      continue;
    }
    if (ere) {
      if (c === '(') {
        groups++;
        open.push(groups);
        out += '(';
        i++;
        atomStart = -1;
        lastWasQuant = false;
        atStart = true;
        continue;
      }
      if (c === ')') {
        i++;
        if (!open.length) {
          out += '\\)';
          atomStart = startOfAtom;
          lastWasQuant = false;
          atStart = false;
          continue;
        }
        closedGroups.add(open.pop()!);
        out += ')';
        atomStart = findGroupStart(out);
        lastWasQuant = false;
        atStart = false;
        continue;
      }
      if (c === '|') {
        i++;
        out += '|';
        atomStart = -1;
        lastWasQuant = false;
        atStart = true;
        continue;
      }
      if (c === '+' || c === '?') {
        i++;
        if (atomStart < 0) {
          warn(`${c} at start of expression`);
          continue;
        }
        quant(c);
        atStart = false;
        continue;
      }
      if (c === '{') {
        const m = /^\{(\d*)(,?)(\d*)\}/.exec(p.slice(i));
        if (m && (m[1] !== '' || m[3] !== '') && atomStart >= 0) {
          i += m[0].length;
          quant(interval(m));
          atStart = false;
          continue;
        }
        if (m && (m[1] !== '' || m[3] !== '')) {
          // a leading interval repeats nothing: dfa warns and ignores it
          interval(m);
          warn('{...} at start of expression');
          i += m[0].length;
          continue;
        }
        out += '\\{';
        i++;
        atomStart = startOfAtom;
        lastWasQuant = false;
        atStart = false;
        continue;
      }
    }
    const ch = String.fromCodePoint(p.codePointAt(i)!);
    out += lit(ch);
    i += ch.length;
    atomStart = startOfAtom;
    lastWasQuant = false;
    atStart = false;
  }
  if (open.length) throw new RegexError('Unmatched ( or \\(');
  return { source: out, groups, warning: warnings[0], warnings };
}

function interval(m: RegExpExecArray): string {
  const lo = m[1] === '' ? 0 : Number(m[1]);
  if (m[2] === '') {
    if (lo > 32767) throw new RegexError('Regular expression too big');
    return `{${lo}}`;
  }
  const hi = m[3] === '' ? undefined : Number(m[3]);
  if (hi !== undefined && hi < lo) throw new RegexError('Invalid content of \\{\\}');
  return hi === undefined ? `{${lo},}` : `{${lo},${hi}}`;
}

/** Index of the '(' that opens the group closed by the final ')' of `out`. */
function findGroupStart(out: string): number {
  let depth = 0;
  for (let k = out.length - 1; k >= 0; k--) {
    const ch = out[k]!;
    // skip escaped characters
    let bs = 0;
    for (let b = k - 1; b >= 0 && out[b] === '\\'; b--) bs++;
    if (bs % 2 === 1) continue;
    if (ch === ')') depth++;
    else if (ch === '(') {
      depth--;
      if (depth === 0) return k;
    } else if (ch === ']') {
      // skip back over a class
      let b = k - 1;
      while (b >= 0 && !(out[b] === '[' && out[b - 1] !== '\\')) b--;
      k = b;
    }
  }
  return 0;
}

/** Escape a fixed string (-F) for a RegExp. */
export function escapeFixed(s: string): string {
  let out = '';
  for (const ch of s) out += lit(ch);
  return out;
}

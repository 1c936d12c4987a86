// Shell pattern matching (glob(7) / bash `case` / ${x#pat}): * ? [...] with [!...], [^...] and
// [:class:]. Patterns arrive with quoted characters backslash-escaped (so they match literally).

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', cntrl: '\\x00-\\x1f\\x7f', print: ' -~',
  graph: '!-~', word: 'a-zA-Z0-9_',
};

/** Escape a literal outside a character class. ('-' must not be escaped there: under the 'u' flag
 * "\-" is a syntax error, which made every pattern with a '-' match nothing: ${F%-release}.) */
function escRe(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? '\\' + c : c;
}

/** Escape a literal inside a character class. */
function escClass(c: string): string {
  return /[\\^\][-]/.test(c) ? '\\' + c : c;
}

/** Regex source for a shell pattern (no anchors). */
export function patternSource(pat: string): string {
  let re = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\') {
      i++;
      re += escRe(pat[i] ?? '\\');
    } else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[') {
      const r = bracket(pat, i);
      if (r) {
        re += r.re;
        i = r.end;
      } else re += '\\[';
    } else re += escRe(c);
  }
  return re;
}

function bracket(pat: string, start: number): { re: string; end: number } | undefined {
  let i = start + 1;
  let neg = false;
  if (pat[i] === '!' || pat[i] === '^') {
    neg = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === ']' && !first) return { re: (neg ? '[^' : '[') + body + ']', end: i };
    first = false;
    if (c === '[' && pat[i + 1] === ':') {
      const close = pat.indexOf(':]', i + 2);
      if (close > 0) {
        const cls = CLASSES[pat.slice(i + 2, close)];
        if (cls !== undefined) {
          body += cls;
          i = close + 1;
          continue;
        }
      }
    }
    if (c === '\\') {
      i++;
      body += escClass(pat[i] ?? '\\');
      continue;
    }
    if (c === '-' && body && pat[i + 1] !== ']') {
      body += '-';
      continue;
    }
    body += escClass(c);
  }
  return undefined;
}

const cache = new Map<string, RegExp>();
function compiled(src: string): RegExp {
  let r = cache.get(src);
  if (!r) {
    if (cache.size > 500) cache.clear();
    try {
      r = new RegExp(src, 'u');
    } catch {
      // e.g. a reversed range [z-a]: bash treats such a pattern as matching nothing
      r = /(?!)/;
    }
    cache.set(src, r);
  }
  return r;
}

/** Whole-string match. */
export function matchPattern(pat: string, s: string): boolean {
  return compiled('^(?:' + patternSource(pat) + ')$').test(s);
}

/** True if the pattern has an unescaped glob character. */
export function hasGlob(pat: string): boolean {
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?') return true;
    else if (c === '[' && bracket(pat, i)) return true;
  }
  return false;
}

/** Removes the escaping backslashes of a pattern (its literal text). */
export function unescapePattern(pat: string): string {
  let s = '';
  for (let i = 0; i < pat.length; i++) {
    if (pat[i] === '\\' && i + 1 < pat.length) i++;
    s += pat[i];
  }
  return s;
}

/** Escapes glob characters so the text matches itself. */
export function escapePattern(s: string): string {
  return s.replace(/[\\*?[\]]/g, (c) => '\\' + c);
}

/** ${v#p} ${v##p} ${v%p} ${v%%p} */
export function removeAffix(v: string, pat: string, op: string): string {
  const re = compiled('^(?:' + patternSource(pat) + ')$');
  const chars = Array.from(v);
  const n = chars.length;
  if (op === '#' || op === '##') {
    const order = op === '#' ? range(0, n) : range(n, 0);
    for (const i of order) if (re.test(chars.slice(0, i).join(''))) return chars.slice(i).join('');
  } else {
    const order = op === '%' ? range(n, 0) : range(0, n);
    for (const i of order) if (re.test(chars.slice(i).join(''))) return chars.slice(0, i).join('');
  }
  return v;
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  if (a <= b) for (let i = a; i <= b; i++) out.push(i);
  else for (let i = a; i >= b; i--) out.push(i);
  return out;
}

/** ${v/p/r} ${v//p/r} ${v/#p/r} ${v/%p/r} */
export function replacePattern(v: string, pat: string, rep: string, op: string): string {
  const chars = Array.from(v);
  const n = chars.length;
  const re = compiled('^(?:' + patternSource(pat) + ')$');
  const longestAt = (i: number): number => {
    for (let j = n; j >= i; j--) if (re.test(chars.slice(i, j).join(''))) return j;
    return -1;
  };
  if (pat === '') return v;
  if (op === '/#') {
    const j = longestAt(0);
    return j >= 0 ? rep + chars.slice(j).join('') : v;
  }
  if (op === '/%') {
    for (let i = 0; i <= n; i++) if (re.test(chars.slice(i).join(''))) return chars.slice(0, i).join('') + rep;
    return v;
  }
  let out = '';
  let i = 0;
  let done = false;
  while (i < n) {
    const j = done ? -1 : longestAt(i);
    if (j > i) {
      out += rep;
      i = j;
      if (op === '/') done = true;
    } else {
      out += chars[i];
      i++;
    }
  }
  return out;
}

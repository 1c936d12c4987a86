// Pure helpers for the text tools: C escapes, printf(1) formatting, tr sets, sort keys, cut lists.
// Everything here is deterministic string/byte work, unit-tested in text-utils.test.ts.
import { quoteShellEscape } from '../lib/format';
import { rawByte, decodeRaw, utf8SeqLen, rawToBytes } from '../lib/utf8';

// ---------------------------------------------------------------- escapes
// \xHH and \NNN escapes produce raw bytes, which may not be valid UTF-8 on their own: they are
// carried as raw-byte markers (lib/utf8.ts) and written back by toBytes().
export { rawByte, decodeRaw, utf8SeqLen, rawToBytes as toBytes };

/** Backslash escapes as printf's format string and stat --printf interpret them. */
export function unescapeC(s: string): string {
  return unescapeInner(s, false).text;
}

/**
 * Interpret backslash escapes. `bMode`: printf %b / echo -e rules (\0NNN octal, \c stops output).
 * Returns the text and whether \c was seen.
 */
export function unescapeInner(s: string, bMode: boolean, echo = false): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i]!;
    switch (n) {
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'e': out += '\x1b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '"': if (!echo) { out += '"'; break; } out += '\\"'; break;
      case "'": if (!echo && !bMode) { out += "'"; break; } out += "\\'"; break;
      case '?': if (!echo && !bMode) { out += '?'; break; } out += '\\?'; break;
      case 'c':
        if (bMode || echo) return { text: out, stop: true };
        out += '\\c';
        break;
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
        if (!m) {
          out += '\\x';
          break;
        }
        out += rawByte(parseInt(m[0], 16));
        i += m[0].length;
        break;
      }
      case 'u': case 'U': {
        if (echo) {
          out += '\\' + n;
          break;
        }
        const len = n === 'u' ? 4 : 8;
        const m = new RegExp(`^[0-9a-fA-F]{${len}}`).exec(s.slice(i + 1));
        if (!m) {
          out += '\\' + n;
          break;
        }
        out += String.fromCodePoint(parseInt(m[0], 16));
        i += len;
        break;
      }
      default:
        if (n >= '0' && n <= '7') {
          // printf format: \NNN (1-3 digits); %b / echo: \0NNN (up to 3 after the 0) or \NNN
          let j = i;
          let max = 3;
          if ((bMode || echo) && n === '0') {
            j++;
            max = 3;
          }
          const m = new RegExp(`^[0-7]{0,${max}}`).exec(s.slice(j));
          const digits = m ? m[0] : '';
          if (echo && n !== '0' && digits.length > 0) {
            // echo only knows \0NNN; \1 is printed as is
            out += '\\' + n;
            break;
          }
          out += rawByte(parseInt(digits || '0', 8) & 0xff);
          i = j + digits.length - 1;
        } else out += '\\' + n;
    }
  }
  return { text: out, stop: false };
}

// ---------------------------------------------------------------- printf
export interface PrintfResult {
  out: string;
  /** diagnostics (without the "printf: " prefix) */
  errors: string[];
  /** a warning about unused arguments, if any */
  warning?: string;
  /** for each error, how much of `out` had been produced when it was diagnosed */
  errorsAt?: number[];
}

/** Parse a printf numeric argument like coreutils' vstrtoimax (with 'c, 0x, 0 octal). */
function numArg(a: string | undefined, errors: string[], quote: (s: string) => string): bigint {
  if (a === undefined || a === '') return 0n;
  if (a[0] === "'" || a[0] === '"') return a.length > 1 ? BigInt(a.codePointAt(1)!) : 0n;
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(a);
  if (!m) {
    errors.push(`${quote(a)}: expected a numeric value`);
    return 0n;
  }
  const body = m[2]!;
  let v: bigint;
  if (/^0[xX]/.test(body)) v = BigInt(body);
  else if (body.startsWith('0') && body.length > 1) v = BigInt('0o' + body.slice(1));
  else v = BigInt(body);
  if (m[1] === '-') v = -v;
  if (m[0].length !== a.length) errors.push(`${quote(a)}: value not completely converted`);
  return v;
}

function floatArg(a: string | undefined, errors: string[], quote: (s: string) => string): number {
  if (a === undefined || a === '') return 0;
  if (a[0] === "'" || a[0] === '"') return a.length > 1 ? a.codePointAt(1)! : 0;
  const t = a.trim();
  const m = /^[+-]?(?:inf(?:inity)?|nan|0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/i.exec(t);
  if (!m) {
    errors.push(`${quote(a)}: expected a numeric value`);
    return 0;
  }
  let v: number;
  const s = m[0].toLowerCase();
  if (/inf/.test(s)) v = s.startsWith('-') ? -Infinity : Infinity;
  else if (/nan/.test(s)) v = NaN;
  else if (/0x/.test(s)) v = s.startsWith('-') ? -parseInt(s.slice(3), 16) : parseInt(s.replace('+', '').slice(2), 16);
  else v = Number(s);
  if (m[0].length !== t.length) errors.push(`${quote(a)}: value not completely converted`);
  return v;
}

/** round-half-even(x * 10^k) for finite x >= 0, computed exactly from the double's bits. */
export function roundScaled(x: number, k: number): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  let num = mant;
  let den = 1n;
  if (k >= 0) num *= 10n ** BigInt(k);
  else den *= 10n ** BigInt(-k);
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  let q = num / den;
  const r = num % den;
  if (r * 2n > den || (r * 2n === den && (q & 1n) === 1n)) q++;
  return q;
}

/** C's %.Nf for finite x >= 0 (glibc rounds the exact binary value, ties to even). */
export function fixedC(x: number, prec: number): string {
  const q = roundScaled(x, prec).toString().padStart(prec + 1, '0');
  return prec ? q.slice(0, -prec) + '.' + q.slice(-prec) : q;
}

/** Digits and exponent of x (finite, > 0) rounded to prec+1 significant digits. */
function sciDigits(x: number, prec: number): [string, number] {
  let E = Math.floor(Math.log10(x));
  for (let tries = 0; tries < 3; tries++) {
    const q = roundScaled(x, prec - E);
    const s = q.toString();
    if (s.length > prec + 1) E++;
    else if (s.length < prec + 1) E--;
    else return [s, E];
  }
  const s = roundScaled(x, prec - E).toString();
  return [s.slice(0, prec + 1), E];
}

function expC(mant: string, exp: number, upper: boolean): string {
  const e = (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
  return mant + (upper ? 'E' : 'e') + e;
}

/** C's %e with the given precision (no sign handling: v >= 0). */
function fmtE(v: number, prec: number, upper: boolean, alt: boolean): string {
  if (v === 0) return expC(prec > 0 || alt ? (0).toFixed(prec) + (prec === 0 && alt ? '.' : '') : '0', 0, upper);
  const [d, E] = sciDigits(v, prec);
  const mant = d[0]! + (prec > 0 ? '.' + d.slice(1) : alt ? '.' : '');
  return expC(mant, E, upper);
}

/** C's %g. */
function fmtG(v: number, prec: number, upper: boolean, alt: boolean): string {
  const P = prec === 0 ? 1 : prec;
  if (v === 0) return alt ? (0).toFixed(P - 1) : '0';
  const exp = sciDigits(v, P - 1)[1];
  let s: string;
  if (P > exp && exp >= -4) s = fixedC(v, P - 1 - exp);
  else s = fmtE(v, P - 1, upper, alt);
  if (!alt) {
    if (s.includes('e') || s.includes('E')) {
      const [m, e] = s.split(/[eE]/) as [string, string];
      s = (m.includes('.') ? m.replace(/\.?0+$/, '') : m) + (upper ? 'E' : 'e') + e;
    } else if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return s;
}

function pad(body: string, sign: string, flags: string, width: number, zeroOk: boolean): string {
  let s = sign + body;
  if (s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width);
  if (flags.includes('0') && zeroOk) return sign + body.padStart(width - sign.length, '0');
  s = s.padStart(width);
  return s;
}

/**
 * coreutils printf: the format is reused while arguments remain. `quote` renders an argument in
 * diagnostics (locale quotes).
 */
export function printfFormat(fmt: string, args: readonly string[], quote: (s: string) => string = (s) => `'${s}'`): PrintfResult & { stop?: boolean } {
  const errors: string[] = [];
  let out = '';
  const errorsAt: number[] = [];
  // record where each diagnostic is found (printf(1) interleaves them with its output)
  const push = errors.push.bind(errors);
  Object.defineProperty(errors, 'push', {
    enumerable: false,
    value: (...items: string[]): number => {
      for (let k = 0; k < items.length; k++) errorsAt.push(out.length);
      return push(...items);
    },
  });
  let ai = 0;
  let first = true;
  while (first || ai < args.length) {
    const startAi = ai;
    first = false;
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i]!;
      if (c === '\\') {
        if (fmt[i + 1] === 'c') return { out, errorsAt, errors, stop: true };
        const u = unescapeOne(fmt, i);
        out += u.text;
        i = u.next - 1;
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      if (fmt[i + 1] === '%') {
        out += '%';
        i++;
        continue;
      }
      const m = /^%([-+ #0']*)(\*|\d*)(?:\.(\*|\d*))?(hh|h|ll|l|L|j|z|Z|t)?(.?)/.exec(fmt.slice(i));
      if (!m) {
        out += c;
        continue;
      }
      i += m[0].length - 1;
      const flags = m[1]!;
      let width: number;
      let prec: number | undefined;
      let lflags = flags;
      if (m[2] === '*') {
        width = Number(numArg(args[ai++], errors, quote));
        if (width < 0) {
          lflags += '-';
          width = -width;
        }
      } else width = Number(m[2] || 0);
      if (m[3] !== undefined) {
        if (m[3] === '*') {
          const pv = Number(numArg(args[ai++], errors, quote));
          prec = pv < 0 ? undefined : pv;
        } else prec = Number(m[3] || 0);
      }
      const conv = m[5]!;
      const arg = args[ai];
      if (conv === '') {
        errors.push(`${m[0]}: invalid conversion specification`);
        return { out, errorsAt, errors };
      }
      switch (conv) {
        case 'd': case 'i': case 'o': case 'u': case 'x': case 'X': {
          ai++;
          let v = numArg(arg, errors, quote);
          let sign = '';
          let body: string;
          if (conv === 'd' || conv === 'i') {
            if (v < 0n) {
              sign = '-';
              v = -v;
            } else if (lflags.includes('+')) sign = '+';
            else if (lflags.includes(' ')) sign = ' ';
            body = v.toString();
          } else {
            if (v < 0n) v = BigInt.asUintN(64, v);
            body = v.toString(conv === 'o' ? 8 : conv === 'u' ? 10 : 16);
            if (conv === 'X') body = body.toUpperCase();
          }
          if (prec !== undefined) body = prec === 0 && v === 0n ? '' : body.padStart(prec, '0');
          if (lflags.includes('#')) {
            if (conv === 'o' && !body.startsWith('0')) body = '0' + body;
            if ((conv === 'x' || conv === 'X') && v !== 0n) sign = conv === 'x' ? '0x' : '0X';
          }
          out += pad(body, sign, lflags, width, prec === undefined);
          break;
        }
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
          ai++;
          const v = floatArg(arg, errors, quote);
          const p = prec ?? 6;
          let sign = '';
          const neg = v < 0 || Object.is(v, -0);
          const av = Math.abs(v);
          if (neg) sign = '-';
          else if (lflags.includes('+')) sign = '+';
          else if (lflags.includes(' ')) sign = ' ';
          let body: string;
          const upper = conv === conv.toUpperCase();
          if (!Number.isFinite(av)) body = Number.isNaN(av) ? 'nan' : 'inf';
          else if (conv === 'f' || conv === 'F') body = fixedC(av, Math.min(p, 1000)) + (lflags.includes('#') && p === 0 ? '.' : '');
          else if (conv === 'e' || conv === 'E') body = fmtE(av, p, upper, lflags.includes('#'));
          else if (conv === 'g' || conv === 'G') body = fmtG(av, p, upper, lflags.includes('#'));
          else body = av.toString(16);
          if (upper) body = body.toUpperCase();
          out += pad(body, sign, lflags, width, Number.isFinite(av));
          break;
        }
        case 'c': {
          ai++;
          const s = arg === undefined || arg === '' ? (arg === '' ? '\0' : '') : [...arg][0]!;
          out += pad(s, '', lflags, width, false);
          break;
        }
        case 's': {
          ai++;
          let s = arg ?? '';
          if (prec !== undefined) s = s.slice(0, prec);
          out += pad(s, '', lflags, width, false);
          break;
        }
        case 'q': {
          ai++;
          out += pad(quoteShellEscape(arg ?? ''), '', lflags, width, false);
          break;
        }
        case 'b': {
          ai++;
          const u = unescapeInner(arg ?? '', true);
          let s = u.text;
          if (prec !== undefined) s = s.slice(0, prec);
          out += pad(s, '', lflags, width, false);
          if (u.stop) return { out, errorsAt, errors, stop: true };
          break;
        }
        default:
          errors.push(`${m[0]}: invalid conversion specification`);
          return { out, errorsAt, errors };
      }
    }
    if (ai === startAi) {
      if (ai < args.length) {
        return { out, errorsAt, errors, warning: `warning: ignoring excess arguments, starting with ${quote(args[ai]!)}` };
      }
      break;
    }
  }
  return { out, errorsAt, errors };
}

function unescapeOne(s: string, i: number): { text: string; next: number } {
  // find the extent of one escape at s[i] === '\\'
  const rest = s.slice(i);
  const m =
    /^\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)?/.exec(rest)!;
  const text = m[0] === '\\' ? '\\' : unescapeInner(m[0], false).text;
  return { text, next: i + m[0].length };
}

// ---------------------------------------------------------------- tr
const CLASSES: Record<string, (c: number) => boolean> = {
  alnum: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  blank: (c) => c === 32 || c === 9,
  cntrl: (c) => c < 32 || c === 127,
  digit: (c) => c >= 48 && c <= 57,
  graph: (c) => c > 32 && c < 127,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 32 && c < 127,
  punct: (c) => c > 32 && c < 127 && !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)),
  space: (c) => c === 32 || (c >= 9 && c <= 13),
  upper: (c) => c >= 65 && c <= 90,
  xdigit: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
};

export interface TrSet {
  bytes: number[];
  /** [c*] fill position (SET2 only): index in bytes where the fill goes, and its byte */
  fill?: { at: number; byte: number };
  /** class names used, in order (for the upper/lower pairing rule) */
  classes: Array<{ name: string; at: number }>;
}

/** Parse a tr SET into bytes. Returns an error message (without "tr: ") when invalid. */
export function trParseSet(s: string, isSet2: boolean): TrSet | string {
  // first resolve escapes into a list of tokens: {byte} or {special}
  const bytes: number[] = [];
  const classes: TrSet['classes'] = [];
  let fill: TrSet['fill'];
  const esc = (i: number): [number, number] => {
    // s[i] === '\\'; returns [byte, next index]
    const n = s[i + 1];
    if (n === undefined) return [92, i + 1];
    const map: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
    if (n in map) return [map[n]!, i + 2];
    const m = /^[0-7]{1,3}/.exec(s.slice(i + 1));
    if (m) {
      const v = parseInt(m[0], 8);
      if (v > 255) return [parseInt(m[0].slice(0, 2), 8), i + 3];
      return [v, i + 1 + m[0].length];
    }
    return [n.charCodeAt(0), i + 2];
  };
  const chars: Array<{ b: number; lit: boolean; i: number }> = [];
  // tokenise bracket constructs first
  let i = 0;
  while (i < s.length) {
    if (s[i] === '[' && s[i + 1] === ':') {
      const end = s.indexOf(':]', i + 2);
      if (end > 0) {
        const name = s.slice(i + 2, end);
        const f = CLASSES[name];
        if (!f) return `invalid character class ${"'" + name + "'"}`;
        if (isSet2 && name !== 'upper' && name !== 'lower')
          return 'when translating, the only character classes that may appear in\nstring2 are \'upper\' and \'lower\'';
        classes.push({ name, at: bytes.length + chars.length });
        flush();
        for (let c = 0; c < 256; c++) if (f(c)) bytes.push(c);
        i = end + 2;
        continue;
      }
    }
    if (s[i] === '[' && s[i + 1] === '=') {
      const end = s.indexOf('=]', i + 2);
      if (end > 0) {
        flush();
        const inner = s.slice(i + 2, end);
        bytes.push(inner.startsWith('\\') ? esc(i + 2)[0] : inner.charCodeAt(0));
        i = end + 2;
        continue;
      }
    }
    if (s[i] === '[' && i + 2 < s.length) {
      // [c*n] / [c*]
      let j = i + 1;
      let b: number;
      if (s[j] === '\\') [b, j] = esc(j);
      else b = s.charCodeAt(j++);
      if (s[j] === '*') {
        const m = /^\*(\d*)\]/.exec(s.slice(j));
        if (m) {
          if (!isSet2) return 'the [c*] repeat construct may not appear in string1';
          flush();
          const nStr = m[1]!;
          const n = nStr === '' ? 0 : nStr.startsWith('0') ? parseInt(nStr, 8) : parseInt(nStr, 10);
          if (n === 0) {
            if (fill) return 'only one [c*] repeat construct may appear in string2';
            fill = { at: bytes.length, byte: b };
          } else for (let k = 0; k < n; k++) bytes.push(b);
          i = j + m[0].length;
          continue;
        }
      }
    }
    if (s[i] === '\\') {
      const [b, next] = esc(i);
      chars.push({ b, lit: true, i });
      i = next;
    } else {
      chars.push({ b: s.charCodeAt(i) & 0xff, lit: false, i });
      i++;
    }
  }
  flush();
  return { bytes, fill, classes };

  function flush(): void {
    // resolve ranges a-z among collected plain chars
    for (let k = 0; k < chars.length; k++) {
      const c = chars[k]!;
      const dash = chars[k + 1];
      const hi = chars[k + 2];
      if (dash && !dash.lit && dash.b === 45 && hi) {
        if (hi.b < c.b) {
          rangeErr = `range-endpoints of '${String.fromCharCode(c.b)}-${String.fromCharCode(hi.b)}' are in reverse collating sequence order`;
        }
        for (let x = c.b; x <= hi.b; x++) bytes.push(x);
        k += 2;
      } else bytes.push(c.b);
    }
    chars.length = 0;
  }
}
let rangeErr: string | undefined;

/** Parse SET and report a reverse-range error, as tr does. */
export function trSet(s: string, isSet2: boolean): TrSet | string {
  rangeErr = undefined;
  const r = trParseSet(s, isSet2);
  if (rangeErr) return rangeErr;
  return r;
}

/** Build the 256-entry translation map for tr SET1 SET2 (after -c/-t handling). */
export function trMap(set1: number[], s2: TrSet, truncate: boolean): number[] | string {
  let b2 = s2.bytes.slice();
  let s1 = set1;
  if (truncate) s1 = s1.slice(0, b2.length);
  if (s2.fill) {
    const need = s1.length - b2.length;
    const fillBytes = new Array<number>(Math.max(0, need)).fill(s2.fill.byte);
    b2 = [...b2.slice(0, s2.fill.at), ...fillBytes, ...b2.slice(s2.fill.at)];
  }
  if (b2.length === 0 && s1.length > 0) return 'when not truncating set1, string2 must be non-empty';
  while (b2.length < s1.length) b2.push(b2[b2.length - 1]!);
  const map = Array.from({ length: 256 }, (_, k) => k);
  for (let k = 0; k < s1.length; k++) map[s1[k]!] = b2[k]!;
  return map;
}

// ---------------------------------------------------------------- sort keys
export interface KeySpec {
  sField: number; // 1-based
  sChar: number; // 1-based within field (0 = start)
  eField: number; // 0 = end of line
  eChar: number; // 0 = end of field
  opts: SortFlags;
  hasOpts: boolean;
}

export interface SortFlags {
  numeric: boolean;
  human: boolean;
  general: boolean;
  reverse: boolean;
  fold: boolean;
  blanks: boolean; // -b: ignore leading blanks
  dict: boolean;
  month: boolean;
  version: boolean;
}

export const noFlags = (): SortFlags => ({
  numeric: false, human: false, general: false, reverse: false, fold: false, blanks: false, dict: false, month: false, version: false,
});

/** Parse a -k POS1[,POS2] spec. Returns an error text (without "sort: ") when invalid. */
export function parseKey(spec: string): KeySpec | string {
  const m = /^(\d+)(?:\.(\d+))?([bdfghiMnRrV]*)(?:,(\d+)(?:\.(\d+))?([bdfghiMnRrV]*))?$/.exec(spec);
  if (!m) return `invalid number at field start: invalid count at start of '${spec}'`;
  const sField = Number(m[1]);
  if (sField === 0) return `invalid number at field start: invalid count at start of '${spec}'`;
  const opts = noFlags();
  const letters = (m[3] ?? '') + (m[6] ?? '');
  for (const c of letters) applyFlag(opts, c);
  return {
    sField,
    sChar: m[2] ? Number(m[2]) : 0,
    eField: m[4] ? Number(m[4]) : 0,
    eChar: m[5] ? Number(m[5]) : 0,
    opts,
    hasOpts: letters.length > 0,
  };
}

export function applyFlag(f: SortFlags, c: string): void {
  if (c === 'n') f.numeric = true;
  else if (c === 'h') f.human = true;
  else if (c === 'g') f.general = true;
  else if (c === 'r') f.reverse = true;
  else if (c === 'f') f.fold = true;
  else if (c === 'b') f.blanks = true;
  else if (c === 'd') f.dict = true;
  else if (c === 'M') f.month = true;
  else if (c === 'V') f.version = true;
}

const isBlank = (c: string): boolean => c === ' ' || c === '\t';

/** Extract the key text of `line` per GNU sort's begfield/limfield. */
export function keyText(line: string, k: KeySpec, tab: string | undefined): string {
  const fieldStart = (n: number): number => {
    // index of the start of field n (1-based)
    let p = 0;
    for (let f = 1; f < n && p <= line.length; f++) {
      if (tab !== undefined) {
        const q = line.indexOf(tab, p);
        if (q < 0) return line.length;
        p = q + 1;
      } else {
        while (p < line.length && isBlank(line[p]!)) p++;
        while (p < line.length && !isBlank(line[p]!)) p++;
      }
    }
    return p;
  };
  const fieldEnd = (start: number): number => {
    if (tab !== undefined) {
      const q = line.indexOf(tab, start);
      return q < 0 ? line.length : q;
    }
    let p = start;
    while (p < line.length && isBlank(line[p]!)) p++;
    while (p < line.length && !isBlank(line[p]!)) p++;
    return p;
  };
  let b = fieldStart(k.sField);
  if (k.opts.blanks) while (b < line.length && isBlank(line[b]!)) b++;
  if (k.sChar > 0) b = Math.min(line.length, b + k.sChar - 1);
  let e: number;
  if (k.eField === 0) e = line.length;
  else {
    const fs = fieldStart(k.eField);
    if (k.eChar === 0) e = fieldEnd(fs);
    else {
      let p = fs;
      if (k.opts.blanks) while (p < line.length && isBlank(line[p]!)) p++;
      e = Math.min(line.length, p + k.eChar);
    }
  }
  return e > b ? line.slice(b, e) : '';
}

/** Parse a -n number (leading blanks, sign, digits, one decimal point); NaN-free. */
function numVal(s: string): number {
  const m = /^[ \t]*(-?)(\d*)(?:\.(\d*))?/.exec(s)!;
  if (!m[2] && !m[3]) return 0;
  return Number(`${m[1]}${m[2] || '0'}.${m[3] || '0'}`);
}

const HUMAN = 'KMGTPEZYRQ';
function humanVal(s: string): [number, number] {
  const m = /^[ \t]*(-?)(\d*)(?:\.(\d*))?([KMGTPEZYRQk]?)/.exec(s)!;
  const v = !m[2] && !m[3] ? 0 : Number(`${m[1]}${m[2] || '0'}.${m[3] || '0'}`);
  const suf = m[4] === 'k' ? 1 : m[4] ? HUMAN.indexOf(m[4]) + 1 : 0;
  return [v === 0 ? 0 : Math.sign(v) * suf, v];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function cmpBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compare two key texts under flags (without reverse). */
export function compareKey(a: string, b: string, f: SortFlags): number {
  if (f.numeric) return Math.sign(numVal(a) - numVal(b));
  if (f.general) {
    const x = Number.parseFloat(a);
    const y = Number.parseFloat(b);
    const xa = Number.isNaN(x) ? -Infinity : x;
    const ya = Number.isNaN(y) ? -Infinity : y;
    return Math.sign(xa - ya);
  }
  if (f.human) {
    const [sa, va] = humanVal(a);
    const [sb, vb] = humanVal(b);
    if (sa !== sb) return Math.sign(sa - sb);
    return Math.sign(va - vb);
  }
  if (f.month) {
    const ma = MONTHS.indexOf(a.trim().slice(0, 3).toUpperCase());
    const mb = MONTHS.indexOf(b.trim().slice(0, 3).toUpperCase());
    return Math.sign(ma - mb);
  }
  if (f.version) return a.localeCompare(b, 'en', { numeric: true });
  let x = a;
  let y = b;
  if (f.blanks) {
    x = x.replace(/^[ \t]+/, '');
    y = y.replace(/^[ \t]+/, '');
  }
  if (f.dict) {
    x = x.replace(/[^A-Za-z0-9 \t]/g, '');
    y = y.replace(/[^A-Za-z0-9 \t]/g, '');
  }
  if (f.fold) {
    x = x.toUpperCase();
    y = y.toUpperCase();
  }
  return cmpBytes(x, y);
}

// ---------------------------------------------------------------- cut lists
export interface Range {
  lo: number;
  hi: number; // Infinity for open ranges
}

/** Parse a cut LIST ("1,3-5,7-"). Returns an error text (without "cut: ") when invalid. */
export function parseList(list: string, quote: (s: string) => string, fields = true): Range[] | string {
  const from1 = fields ? 'fields are numbered from 1' : 'byte/character positions are numbered from 1';
  const out: Range[] = [];
  for (const part of list.split(/[ ,]/)) {
    if (part === '') return from1;
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === '' && m[3] === '' && m[2] === '-' && part.length === 1 && false)) return `invalid byte/character position ${quote(part)}`;
    if (!m) return `invalid field range`;
    if (m[2] === '') {
      const n = Number(m[1]);
      if (!m[1]) return `invalid byte/character position ${quote(part)}`;
      if (n === 0) return from1;
      out.push({ lo: n, hi: n });
    } else {
      if (m[1] === '' && m[3] === '') return 'invalid range with no endpoint: -';
      const lo = m[1] === '' ? 1 : Number(m[1]);
      const hi = m[3] === '' ? Infinity : Number(m[3]);
      if (lo === 0) return from1;
      if (hi < lo) return 'invalid decreasing range';
      out.push({ lo, hi });
    }
  }
  return out;
}

export function inList(ranges: Range[], n: number): boolean {
  for (const r of ranges) if (n >= r.lo && n <= r.hi) return true;
  return false;
}

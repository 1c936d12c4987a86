// bash's printf builtin formatting and echo -e escapes.
import { rawByte } from '../lib/utf8';

export function echoEscapes(s: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const d = s[++i]!;
    const simple: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (d in simple) out += simple[d];
    else if (d === 'c') return { text: out, stop: true };
    else if (d === '0') {
      let v = '';
      while (v.length < 3 && /[0-7]/.test(s[i + 1] ?? '')) v += s[++i];
      out += rawByte(parseInt(v || '0', 8) & 0xff);
    } else if (d === 'x') {
      let v = '';
      while (v.length < 2 && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) v += s[++i];
      out += v ? rawByte(parseInt(v, 16)) : '\\x';
    } else if (d === 'u' || d === 'U') {
      let v = '';
      while (v.length < (d === 'u' ? 4 : 8) && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) v += s[++i];
      const cp = parseInt(v || '0', 16);
      out += v && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\\' + d;
    } else out += '\\' + d;
  }
  return { text: out, stop: false };
}

/** printf %q quoting as bash does it. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/[\x00-\x1f\x7f]/.test(s)) {
    return "$'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t')
      .replace(/\r/g, '\\r').replace(/\x1b/g, '\\E').replace(/[\x00-\x1f\x7f]/g, (c) => '\\' + c.charCodeAt(0).toString(8).padStart(3, '0')) + "'";
  }
  return s.replace(/[^A-Za-z0-9_@%+=:,./-]/g, (c) => '\\' + c);
}

function toInt(a: string, errors: string[]): bigint {
  if (a === '') return 0n;
  const t = a.trim();
  if (/^['"]/.test(t)) return BigInt(t.codePointAt(1) ?? 0);
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(t);
  if (!m) {
    errors.push(`${a}: invalid number`);
    return 0n;
  }
  let v: bigint;
  const body = m[2]!;
  if (/^0[xX]/.test(body)) v = BigInt(body);
  else if (body.length > 1 && body[0] === '0') v = BigInt('0o' + body.slice(1));
  else v = BigInt(body);
  if (m[1] === '-') v = -v;
  if (m[0].length !== t.length) errors.push(`${a}: invalid number`);
  return v;
}

function pad(s: string, width: number, left: boolean, zero: boolean): string {
  if (s.length >= width) return s;
  if (left) return s.padEnd(width);
  if (zero) {
    const sign = /^[-+ ]/.test(s) ? s[0]! : '';
    const rest = sign ? s.slice(1) : s;
    const pfx = /^0[xX]/.test(rest) ? rest.slice(0, 2) : '';
    return sign + pfx + rest.slice(pfx.length).padStart(width - sign.length - pfx.length, '0');
  }
  return s.padStart(width);
}

export function formatPrintf(fmt: string, args: string[]): { out: string; errors: string[] } {
  const errors: string[] = [];
  let out = '';
  let ai = 0;
  const next = (): string | undefined => args[ai++];
  for (;;) {
    const startAi = ai;
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i]!;
      if (c === '\\') {
        // backslash escapes in the format
        let j = i + 1;
        const d = fmt[j];
        if (d === undefined) {
          out += '\\';
          continue;
        }
        if (/[0-7]/.test(d)) {
          let v = '';
          while (v.length < 3 && /[0-7]/.test(fmt[j] ?? '')) v += fmt[j++];
          out += rawByte(parseInt(v, 8) & 0xff);
          i = j - 1;
          continue;
        }
        const r = echoEscapes('\\' + (d === 'c' ? 'c' : d) + (d === 'x' || d === 'u' || d === 'U' ? fmt.slice(j + 1, j + 9) : ''));
        if (d === 'c') {
          return { out, errors };
        }
        if (d === 'x' || d === 'u' || d === 'U') {
          let n = 0;
          const max = d === 'x' ? 2 : d === 'u' ? 4 : 8;
          while (n < max && /[0-9a-fA-F]/.test(fmt[j + 1 + n] ?? '')) n++;
          out += echoEscapes('\\' + d + fmt.slice(j + 1, j + 1 + n)).text;
          i = j + n;
          continue;
        }
        out += d === '"' ? '"' : d === "'" ? "'" : r.text;
        i = j;
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      const m = /^%([-+ #0]*)(\*|[0-9]*)(?:\.(\*|[0-9]*))?[hlLjzt]*(.?)/.exec(fmt.slice(i))!;
      if (!m[4]) {
        errors.push(`\`${m[0]}': missing format character`);
        return { out, errors };
      }
      if (!'diouxXcsbqfeEgGaA%'.includes(m[4])) {
        errors.push(`\`${m[4]}': invalid format character`);
        return { out, errors };
      }
      i += m[0].length - 1;
      const flags = m[1]!;
      let width = m[2] === '*' ? Number(toInt(next() ?? '', errors)) : m[2] ? Number(m[2]) : 0;
      let left = flags.includes('-');
      if (width < 0) {
        left = true;
        width = -width;
      }
      const prec = m[3] === undefined ? undefined : m[3] === '*' ? Number(toInt(next() ?? '', errors)) : Number(m[3] || '0');
      const zero = flags.includes('0') && !left;
      const conv = m[4];
      if (conv === '%') {
        out += '%';
        continue;
      }
      const a = next();
      let s: string;
      switch (conv) {
        case 's':
          s = a ?? '';
          if (prec !== undefined) s = s.slice(0, prec);
          out += pad(s, width, left, false);
          break;
        case 'b': {
          const r = echoEscapes((a ?? '').replace(/\\0([0-7]{0,3})/g, '\\0$1'));
          s = r.text;
          if (prec !== undefined) s = s.slice(0, prec);
          out += pad(s, width, left, false);
          if (r.stop) return { out, errors };
          break;
        }
        case 'q':
          out += pad(shellQuote(a ?? ''), width, left, false);
          break;
        case 'c':
          out += pad((a ?? '').slice(0, 1), width, left, false);
          break;
        case 'd':
        case 'i': {
          const v = toInt(a ?? '', errors);
          let digits = (v < 0n ? -v : v).toString();
          if (prec !== undefined) digits = digits.padStart(prec, '0');
          s = (v < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + digits;
          out += pad(s, width, left, zero && prec === undefined);
          break;
        }
        case 'u':
        case 'o':
        case 'x':
        case 'X': {
          let v = toInt(a ?? '', errors);
          if (v < 0n) v = BigInt.asUintN(64, v);
          let digits = v.toString(conv === 'o' ? 8 : conv === 'u' ? 10 : 16);
          if (conv === 'X') digits = digits.toUpperCase();
          if (prec !== undefined) digits = digits.padStart(prec, '0');
          if (flags.includes('#') && v !== 0n) digits = (conv === 'o' ? '0' : conv === 'x' ? '0x' : conv === 'X' ? '0X' : '') + digits;
          out += pad(digits, width, left, zero && prec === undefined);
          break;
        }
        default: {
          const v = a === undefined || a === '' ? 0 : Number(a);
          if (Number.isNaN(v)) errors.push(`${a}: invalid number`);
          const n = Number.isNaN(v) ? 0 : v;
          const p = prec ?? 6;
          if (conv === 'f') s = n.toFixed(p);
          else if (conv === 'e' || conv === 'E') {
            s = n.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2');
            if (conv === 'E') s = s.toUpperCase();
          } else if (conv === 'g' || conv === 'G') {
            s = String(Number(n.toPrecision(p || 1)));
            if (conv === 'G') s = s.toUpperCase();
          } else s = n.toString(16);
          if (n >= 0 && flags.includes('+')) s = '+' + s;
          out += pad(s, width, left, zero);
        }
      }
    }
    if (ai === startAi || ai >= args.length) break;
  }
  return { out, errors };
}

// getfattr (attr 2.5.1): print extended attributes the way getfattr.c does — "# file: PATH"
// (leading '/' stripped with a one-time note on stderr), names sorted, values auto-encoded as
// text when at most 1/8 of the bytes are unprintable and as base64 otherwise, a blank line after
// each file; errors as "PATH: NAME: No such attribute" and "getfattr: PATH: ...", exit status 1;
// a usage error is the synopsis with exit status 2.
import type { Sys, Program, Stat, SysCall } from '../../kernel/syscall';
import { strerror } from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { getopt, isGetoptError } from '../lib/getopt';
import {
  progName, strerrorEa, quote, ByteOut, walkTree, WALK_RECURSIVE, WALK_PHYSICAL, WALK_LOGICAL,
  WALK_DEREFERENCE, WALK_ONE_FILESYSTEM, WALK_FAILED,
} from './common';
import { HELP, VERSION } from './texts';

const SPEC = '[-hRLP] [-n name|-d] [-e en] [-m pattern] path...';

const isPrint = (b: number): boolean => b >= 0x20 && b < 0x7f;

/** well_enough_printable(): no more than 1/8 of the bytes unprintable (a final NUL not counted). */
function wellEnoughPrintable(v: Uint8Array): boolean {
  let size = v.length;
  if (size && v[size - 1] === 0) size--;
  let nonpr = 0;
  for (let i = 0; i < size; i++) if (!isPrint(v[i]!)) nonpr++;
  return size >= nonpr * 8;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** encode(): the value as text ("..."), hex (0x..) or base64 (0s..), as bytes. */
export function encodeValue(v: Uint8Array, encoding: string | undefined): Uint8Array {
  const enc = encoding ?? (wellEnoughPrintable(v) ? 'text' : 'base64');
  const out: number[] = [];
  const ascii = (s: string): void => {
    for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
  };
  if (enc === 'text') {
    out.push(0x22);
    for (let n = 0; n < v.length; n++) {
      const c = v[n]!;
      if (c === 0 && n + 1 === v.length) break;
      if (c === 0 || c === 10 || c === 13) ascii('\\' + c.toString(8).padStart(3, '0'));
      else if (c === 0x5c || c === 0x22) out.push(0x5c, c);
      else out.push(c);
    }
    out.push(0x22);
  } else if (enc === 'hex') {
    ascii('0x');
    for (const c of v) ascii(c.toString(16).padStart(2, '0'));
  } else {
    ascii('0s');
    let n = 0;
    for (; n + 2 < v.length; n += 3) {
      ascii(B64[v[n]! >> 2]! + B64[((v[n]! & 3) << 4) | (v[n + 1]! >> 4)]! + B64[((v[n + 1]! & 15) << 2) | (v[n + 2]! >> 6)]! + B64[v[n + 2]! & 63]!);
    }
    if (v.length - n === 2) ascii(B64[v[n]! >> 2]! + B64[((v[n]! & 3) << 4) | (v[n + 1]! >> 4)]! + B64[(v[n + 1]! & 15) << 2]! + '=');
    else if (v.length - n === 1) ascii(B64[v[n]! >> 2]! + B64[(v[n]! & 3) << 4]! + '==');
  }
  return Uint8Array.from(out);
}

export function* getfattr(sys: Sys, argv: string[], _envp: string[]): Program {
  const prog = progName(argv[0], 'getfattr');
  const synopsis = function* (): SysCall<number> {
    yield* writeAll(sys, 2, `Usage: ${prog} ${SPEC}\nTry \`${prog} --help' for more information.\n`);
    return 2;
  };
  const p = getopt(argv.slice(1), 'n:de:m:hRLP', [
    { name: 'name', arg: 'required', key: 'n' },
    { name: 'dump', arg: 'none', key: 'd' },
    { name: 'encoding', arg: 'required', key: 'e' },
    { name: 'match', arg: 'required', key: 'm' },
    { name: 'only-values', arg: 'none', key: 'v' },
    { name: 'no-dereference', arg: 'none', key: 'h' },
    { name: 'absolute-names', arg: 'none', key: 'a' },
    { name: 'one-file-system', arg: 'none', key: 'one-file-system' },
    { name: 'recursive', arg: 'none', key: 'R' },
    { name: 'logical', arg: 'none', key: 'L' },
    { name: 'physical', arg: 'none', key: 'P' },
    { name: 'version', arg: 'none', key: 'V' },
    { name: 'help', arg: 'none', key: 'H' },
  ]);
  let walkFlags = WALK_DEREFERENCE;
  let dump = false;
  let name: string | undefined;
  let pattern = '^user\\.';
  let encoding: string | undefined;
  let valueOnly = false;
  let strip = true;
  for (const [k, v] of p.opts) {
    switch (k) {
      case 'a': strip = false; break;
      case 'd': dump = true; break;
      case 'e':
        if (v !== 'text' && v !== 'hex' && v !== 'base64') return yield* synopsis();
        encoding = v;
        break;
      case 'H':
        yield* writeAll(sys, 1, (HELP['getfattr'] ?? '').split('getfattr').join(prog));
        return 0;
      case 'h': walkFlags &= ~WALK_DEREFERENCE; break;
      case 'n': dump = true; name = v; break;
      case 'm': pattern = v === '-' ? '' : v!; break;
      case 'v': valueOnly = true; break;
      case 'L': walkFlags = (walkFlags | WALK_LOGICAL) & ~WALK_PHYSICAL; break;
      case 'P': walkFlags = (walkFlags | WALK_PHYSICAL) & ~WALK_LOGICAL; break;
      case 'R': walkFlags |= WALK_RECURSIVE; break;
      case 'one-file-system': walkFlags |= WALK_ONE_FILESYSTEM; break;
      case 'V':
        yield* writeAll(sys, 1, (VERSION['getfattr'] ?? '').replace('getfattr', prog));
        return 0;
    }
  }
  if (isGetoptError(p)) {
    yield* writeAll(sys, 2, `${argv[0] ?? prog}: ${p.message}\n`);
    return yield* synopsis();
  }
  if (p.operands.length === 0) return yield* synopsis();
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    yield* writeAll(sys, 2, `${prog}: invalid regular expression "${pattern}"\n`);
    return 1;
  }
  const deref = (walkFlags & WALK_DEREFERENCE) !== 0;
  const out = new ByteOut(sys);
  let warned = false;
  let hadErrors = 0;

  const err = function* (msg: string): SysCall<void> {
    yield* out.flush();
    yield* writeAll(sys, 2, msg);
  };

  const printAttribute = function* (path: string, attr: string, hdr: { printed: boolean }): SysCall<number> {
    let value: Uint8Array = new Uint8Array(0);
    if (dump || valueOnly) {
      const r = yield* sys.getxattr(path, attr, !deref);
      if (typeof r === 'number') {
        yield* err(`${quote(path, '\n\r')}: ${quote(attr, '\n\r')}: ${strerrorEa(-r)}\n`);
        return 1;
      }
      value = r;
    }
    let shown = path;
    if (strip) {
      if (shown.startsWith('/')) {
        if (!warned) {
          yield* err(`${prog}: Removing leading '/' from absolute path names\n`);
          warned = true;
        }
        shown = shown.replace(/^\/+/, '');
      } else if (shown.startsWith('./')) shown = shown.replace(/^\.\/+/, '');
      if (shown === '') shown = '.';
    }
    if (!hdr.printed && !valueOnly) {
      out.add(`# file: ${quote(shown, '\n\r')}\n`);
      hdr.printed = true;
    }
    if (valueOnly) out.add(value);
    else if (dump) {
      out.add(`${quote(attr, '=\n\r')}=`);
      out.add(encodeValue(value, encoding));
      out.add('\n');
    } else out.add(`${quote(attr, '=\n\r')}\n`);
    return 0;
  };

  const listAttributes = function* (path: string, hdr: { printed: boolean }): SysCall<number> {
    const names = yield* sys.listxattr(path, !deref);
    if (typeof names === 'number') {
      yield* err(`${prog}: ${quote(path, '\n\r')}: ${strerrorEa(-names)}\n`);
      hadErrors++;
      return 1;
    }
    const wanted = names.filter((n) => n !== '' && regex.test(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const n of wanted) yield* printAttribute(path, n, hdr);
    return 0;
  };

  const doPrint = function* (path: string, _st: Stat | undefined, flags: number, errno: number): SysCall<number> {
    if (flags & WALK_FAILED) {
      yield* err(`${prog}: ${quote(path, '\n\r')}: ${strerror(errno)}\n`);
      return 1;
    }
    const hdr = { printed: false };
    const e = name !== undefined ? yield* printAttribute(path, name, hdr) : yield* listAttributes(path, hdr);
    if (hdr.printed) out.add('\n');
    yield* out.flush();
    return e;
  };

  for (const f of p.operands) hadErrors += yield* walkTree(sys, f, walkFlags, doPrint);
  yield* out.flush();
  return hadErrors ? 1 : 0;
}

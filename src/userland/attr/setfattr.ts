// setfattr (attr 2.5.1): set (-n NAME [-v VALUE]) or remove (-x NAME) one extended attribute on
// each file, or --restore a getfattr -d dump. Values are decoded as setfattr.c does: 0x… hex,
// 0s… base64, otherwise text with an optional pair of double quotes and \\, \" and \ooo escapes.
import type { Sys, Program, SysCall } from '../../kernel/syscall';
import { O_RDONLY } from '../../kernel/syscall';
import { writeAll, readFile, readAll } from '../lib/io';
import { encode } from '../lib/text';
import { getopt, isGetoptError } from '../lib/getopt';
import { progName, strerrorEa, quote, unquote } from './common';
import { HELP, VERSION } from './texts';

const SPEC1 = '{-n name} [-v value] [-h] file...';
const SPEC2 = '{-x name} [-h] file...';

const isSpace = (c: number): boolean => c === 0x20 || (c >= 9 && c <= 13);

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

function b64Digit(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return 26 + c - 0x61;
  if (c >= 0x30 && c <= 0x39) return 52 + c - 0x30;
  if (c === 0x2b) return 62;
  if (c === 0x2f) return 63;
  if (c === 0x3d) return -2;
  return -1;
}

/** decode(): the bytes of an encoded value, or undefined for "bad input encoding". */
export function decodeValue(value: Uint8Array): Uint8Array | undefined {
  const size = value.length;
  if (size === 0) return value;
  const out: number[] = [];
  if (value[0] === 0x30 && (value[1] === 0x78 || value[1] === 0x58)) {
    let v = 2;
    while (v < size) {
      while (v < size && isSpace(value[v]!)) v++;
      if (v === size) break;
      const d1 = hexDigit(value[v++]!);
      while (v < size && isSpace(value[v]!)) v++;
      if (v === size) return undefined;
      const d0 = hexDigit(value[v++]!);
      if (d1 < 0 || d0 < 0) return undefined;
      out.push((d1 << 4) | d0);
    }
    return Uint8Array.from(out);
  }
  if (value[0] === 0x30 && (value[1] === 0x73 || value[1] === 0x53)) {
    let v = 2;
    let d0: number;
    let d1: number;
    let d2: number;
    let d3: number;
    for (;;) {
      while (v < size && isSpace(value[v]!)) v++;
      if (v === size) {
        d0 = d1 = d2 = d3 = -2;
        break;
      }
      if (v + 4 > size) return undefined;
      d0 = b64Digit(value[v++]);
      d1 = b64Digit(value[v++]);
      d2 = b64Digit(value[v++]);
      d3 = b64Digit(value[v++]);
      if (d0 < 0 || d1 < 0 || d2 < 0 || d3 < 0) break;
      out.push(((d0 << 2) | (d1 >> 4)) & 0xff, ((d1 << 4) | (d2 >> 2)) & 0xff, ((d2 << 6) | d3) & 0xff);
    }
    let end = false;
    if (d0 === -2) {
      if (d1 !== -2 || d2 !== -2 || d3 !== -2) return undefined;
      end = true;
    }
    if (!end) {
      if (d0 === -1 || d1 < 0 || d2 === -1 || d3 === -1) return undefined;
      out.push(((d0 << 2) | (d1 >> 4)) & 0xff);
      if (d2 !== -2) {
        out.push(((d1 << 4) | (d2 >> 2)) & 0xff);
        if (d3 !== -2) out.push(((d2 << 6) | d3) & 0xff);
        else if (d2 & 3) return undefined;
      } else if (d1 & 15 || d3 !== -2) return undefined;
    }
    while (v < size && isSpace(value[v]!)) v++;
    if (v + 4 <= size && value[v] === 0x3d) {
      if (value[++v] !== 0x3d || value[++v] !== 0x3d || value[++v] !== 0x3d) return undefined;
      v++;
    }
    while (v < size && isSpace(value[v]!)) v++;
    if (v < size) return undefined;
    return Uint8Array.from(out);
  }
  let v = 0;
  let end = size;
  if (end > v + 1 && value[0] === 0x22 && value[end - 1] === 0x22) {
    v++;
    end--;
  }
  while (v < end) {
    if (value[v] === 0x5c) {
      const n = value[v + 1];
      if (n === 0x5c || n === 0x22) {
        out.push(n);
        v += 2;
      } else if (n !== undefined && n >= 0x30 && n <= 0x37) {
        v++;
        let c = value[v++]! - 0x30;
        if (value[v] !== undefined && value[v]! >= 0x30 && value[v]! <= 0x37) c = (c << 3) + (value[v++]! - 0x30);
        if (value[v] !== undefined && value[v]! >= 0x30 && value[v]! <= 0x37) c = (c << 3) + (value[v++]! - 0x30);
        out.push(c & 0xff);
      } else out.push(value[v++]!);
    } else out.push(value[v++]!);
  }
  return Uint8Array.from(out);
}

export function* setfattr(sys: Sys, argv: string[], _envp: string[]): Program {
  const prog = progName(argv[0], 'setfattr');
  const synopsis = function* (): SysCall<number> {
    yield* writeAll(sys, 2, `Usage: ${prog} ${SPEC1}\n       ${prog} ${SPEC2}\nTry \`${prog} --help' for more information.\n`);
    return 2;
  };
  const p = getopt(argv.slice(1), 'n:x:v:h', [
    { name: 'name', arg: 'required', key: 'n' },
    { name: 'remove', arg: 'required', key: 'x' },
    { name: 'value', arg: 'required', key: 'v' },
    { name: 'no-dereference', arg: 'none', key: 'h' },
    { name: 'restore', arg: 'required', key: 'B' },
    { name: 'raw', arg: 'none', key: 'raw' },
    { name: 'version', arg: 'none', key: 'V' },
    { name: 'help', arg: 'none', key: 'H' },
  ]);
  let name: string | undefined;
  let value: string | undefined;
  let set = false;
  let remove = false;
  let restoreRun = false;
  let deref = true;
  let raw = false;
  let hadErrors = 0;

  const doSet = function* (path: string, attr: string, val: Uint8Array | undefined): SysCall<number> {
    let bytes: Uint8Array = new Uint8Array(0);
    if (val !== undefined) {
      const d = raw ? val : decodeValue(val);
      if (!d) {
        yield* writeAll(sys, 2, 'bad input encoding\n');
        hadErrors++;
        return 1;
      }
      bytes = d;
    }
    const r = set || restoreRun ? yield* sys.setxattr(path, attr, bytes, 0, !deref) : yield* sys.removexattr(path, attr, !deref);
    if (r < 0) {
      yield* writeAll(sys, 2, `${prog}: ${quote(path, '\n\r')}: ${strerrorEa(-r)}\n`);
      hadErrors++;
      return 1;
    }
    return 0;
  };

  const restore = function* (file: string): SysCall<number> {
    let text: string | number;
    if (file === '-') text = yield* readAll(sys, 0);
    else {
      const fd = yield* sys.open(file, O_RDONLY);
      if (fd < 0) {
        yield* writeAll(sys, 2, `${prog}: ${file}: ${strerrorEa(-fd)}\n`);
        return 1;
      }
      yield* sys.close(fd);
      text = yield* readFile(sys, file);
    }
    if (typeof text === 'number') {
      yield* writeAll(sys, 2, `${prog}: ${file}: ${strerrorEa(-text)}\n`);
      hadErrors++;
      return 1;
    }
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let i = 0;
    let line = 0;
    let status = 0;
    for (;;) {
      const backup = line;
      while (i < lines.length && lines[i] === '') {
        i++;
        line++;
      }
      if (i >= lines.length) break;
      const l = lines[i++]!;
      line++;
      if (!l.startsWith('# file: ')) {
        if (file !== '-') yield* writeAll(sys, 2, `${prog}: ${file}: No filename found in line ${backup}, aborting\n`);
        else yield* writeAll(sys, 2, `${prog}: No filename found in line ${backup} of standard input, aborting\n`);
        hadErrors++;
        return 1;
      }
      const path = unquote(l.slice(8));
      while (i < lines.length && lines[i] !== '') {
        const entry = lines[i++]!;
        line++;
        const eq = entry.indexOf('=');
        const n = eq >= 0 ? entry.slice(0, eq) : entry;
        const v = eq >= 0 ? encode(entry.slice(eq + 1)) : undefined;
        status = yield* doSet(path, unquote(n), v);
      }
      if (i >= lines.length) break;
      i++;
      line++;
    }
    if (status) hadErrors++;
    return status;
  };

  for (const [k, v] of p.opts) {
    switch (k) {
      case 'n':
        if (name !== undefined || remove) return yield* synopsis();
        name = v;
        set = true;
        break;
      case 'h': deref = false; break;
      case 'v':
        if (value !== undefined || remove) return yield* synopsis();
        value = v;
        break;
      case 'raw': raw = true; break;
      case 'x':
        if (name !== undefined || set) return yield* synopsis();
        name = v;
        remove = true;
        break;
      case 'B':
        restoreRun = true;
        yield* restore(v!);
        break;
      case 'V':
        yield* writeAll(sys, 1, (VERSION['setfattr'] ?? '').replace('setfattr', prog));
        return 0;
      case 'H':
        yield* writeAll(sys, 1, (HELP['setfattr'] ?? '').split('setfattr').join(prog));
        return 0;
    }
  }
  if (isGetoptError(p)) {
    yield* writeAll(sys, 2, `${argv[0] ?? prog}: ${p.message}\n`);
    return yield* synopsis();
  }
  if (!(((remove || set) && p.operands.length > 0) || restoreRun)) return yield* synopsis();
  for (const f of p.operands) yield* doSet(f, unquote(name!), value === undefined ? undefined : encode(value));
  return hadErrors ? 1 : 0;
}

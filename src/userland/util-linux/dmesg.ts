// dmesg (util-linux 2.38): reads the kernel ring buffer with syslog(2) READ_ALL and prints it as
// "[    0.000000] msg". -c -C -r -t -T -x -l -f -k -u -L -P -w -S.
import type { Sys, Program } from '../../kernel/syscall';
import {
  SYSLOG_ACTION_READ_ALL, SYSLOG_ACTION_CLEAR, CLOCK_REALTIME, CLOCK_MONOTONIC, EINTR, TCGETS, strerror,
} from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { getopt, isGetoptError } from '../lib/getopt';
import { gmtime, strftime } from '../lib/time-format';
import { HELP, VERSION } from './gnu-texts';

export const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'] as const;
export const FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'res0', 'res1', 'res2', 'res3', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
];

export interface KmsgRecord {
  fac: number;
  level: number;
  /** seconds and microseconds since boot, or undefined if the line had no timestamp */
  sec?: number;
  usec?: number;
  text: string;
  raw: string;
}

/** Parse syslog(2) READ_ALL text: lines "<N>[  sec.usec] msg" (prefix parts optional). */
export function parseKmsg(buf: string): KmsgRecord[] {
  const out: KmsgRecord[] = [];
  for (const raw of buf.split('\n')) {
    if (raw === '') continue;
    let rest = raw;
    let fac = 0;
    let level = 4; // default_message_loglevel
    const pm = /^<(\d+)>/.exec(rest);
    if (pm) {
      const n = Number(pm[1]);
      fac = n >> 3;
      level = n & 7;
      rest = rest.slice(pm[0].length);
    }
    let sec: number | undefined;
    let usec: number | undefined;
    const tm = /^\[\s*(\d+)\.(\d+)\] ?/.exec(rest);
    if (tm) {
      sec = Number(tm[1]);
      usec = Number(tm[2]!.padEnd(6, '0').slice(0, 6));
      rest = rest.slice(tm[0].length);
    }
    out.push({ fac, level, sec, usec, text: rest, raw });
  }
  return out;
}

const C = { time: '\x1b[32m', subsys: '\x1b[33m', reset: '\x1b[0m', bold: '\x1b[1m', red: '\x1b[31m', rev: '\x1b[7m' };

function levelColor(level: number): string {
  if (level <= 1) return C.rev + C.red;
  if (level === 2) return C.bold + C.red;
  if (level === 3) return C.red;
  if (level === 4) return C.bold;
  return '';
}

interface Fmt {
  time: 'default' | 'none' | 'ctime' | 'iso' | 'raw';
  decode: boolean;
  color: boolean;
  bootSec: number; // realtime seconds at boot (for -T)
  levels?: Set<number>;
  facs?: Set<number>;
}

export function formatRecord(r: KmsgRecord, f: Fmt): string {
  if (f.time === 'raw') return r.raw + '\n';
  let s = '';
  if (f.decode) s += `${(FACILITIES[r.fac] ?? String(r.fac)).padEnd(6)}:${(LEVELS[r.level] ?? '').padEnd(6)}: `;
  if (r.sec !== undefined && f.time !== 'none') {
    let ts: string;
    if (f.time === 'ctime') ts = `[${strftime('%a %b %e %H:%M:%S %Y', gmtime(f.bootSec + r.sec))}] `;
    else if (f.time === 'iso') {
      const t = f.bootSec + r.sec;
      ts = `${strftime('%Y-%m-%dT%H:%M:%S', gmtime(t))},${String(r.usec ?? 0).padStart(6, '0')}+00:00 `;
    } else ts = `[${String(r.sec).padStart(5)}.${String(r.usec ?? 0).padStart(6, '0')}] `;
    s += f.color ? C.time + ts + C.reset : ts;
  }
  let text = r.text;
  if (f.color) {
    let pre = '';
    const m = /^[^:]*?:[ \t]/.exec(text);
    if (m && !/\n/.test(m[0])) {
      pre = C.subsys + m[0] + C.reset;
      text = text.slice(m[0].length);
    }
    const lc = levelColor(r.level);
    s += pre + (lc && text ? lc + text + C.reset : text);
  } else s += text;
  return s + '\n';
}

function parseList(v: string, names: readonly string[]): Set<number> | string {
  const set = new Set<number>();
  for (const n of v.split(',')) {
    const i = /^\d+$/.test(n) ? Number(n) : names.indexOf(n);
    if (i < 0 || i >= names.length) return n;
    set.add(i);
  }
  return set;
}

export function* dmesg(sys: Sys, argv: string[], envp: string[]): Program {
  const prog = argv[0] ?? 'dmesg';
  const p = getopt(argv.slice(1), 'CcDEF:f:HhJkL::l:n:PprSs:TtuVWwxde', [
    { name: 'clear', arg: 'none', key: 'C' },
    { name: 'read-clear', arg: 'none', key: 'c' },
    { name: 'facility', arg: 'required', key: 'f' },
    { name: 'human', arg: 'none', key: 'H' },
    { name: 'kernel', arg: 'none', key: 'k' },
    { name: 'color', arg: 'optional', key: 'L' },
    { name: 'level', arg: 'required', key: 'l' },
    { name: 'nopager', arg: 'none', key: 'P' },
    { name: 'raw', arg: 'none', key: 'r' },
    { name: 'syslog', arg: 'none', key: 'S' },
    { name: 'userspace', arg: 'none', key: 'u' },
    { name: 'follow', arg: 'none', key: 'w' },
    { name: 'follow-new', arg: 'none', key: 'W' },
    { name: 'decode', arg: 'none', key: 'x' },
    { name: 'ctime', arg: 'none', key: 'T' },
    { name: 'notime', arg: 'none', key: 't' },
    { name: 'time-format', arg: 'required', key: 'time-format' },
    { name: 'help', arg: 'none', key: 'h' },
    { name: 'version', arg: 'none', key: 'V' },
  ]);
  const short = prog.slice(prog.lastIndexOf('/') + 1);
  if (isGetoptError(p)) {
    yield* writeAll(sys, 2, `${prog}: ${p.message}\nTry '${short} --help' for more information.\n`);
    return 1;
  }
  const TERM = envp.find((e) => e.startsWith('TERM='))?.slice(5);
  const tty = typeof (yield* sys.ioctl(1, TCGETS)) !== 'number';
  const f: Fmt = { time: 'default', decode: false, color: tty && TERM !== undefined && TERM !== 'dumb', bootSec: 0 };
  let action: 'read' | 'clear' | 'readclear' = 'read';
  let follow: 'no' | 'all' | 'new' = 'no';
  for (const [k, v] of p.opts) {
    switch (k) {
      case 'h': yield* writeAll(sys, 1, (HELP['dmesg'] ?? '').split('/usr/bin/dmesg').join(short)); return 0;
      case 'V': yield* writeAll(sys, 1, VERSION['dmesg'] ?? ''); return 0;
      case 'C': action = 'clear'; break;
      case 'c': action = 'readclear'; break;
      case 'r': f.time = 'raw'; break;
      case 't': f.time = 'none'; break;
      case 'T': f.time = 'ctime'; break;
      case 'x': f.decode = true; break;
      case 'k': f.facs = new Set([0]); break;
      case 'u': f.facs = new Set(Array.from({ length: 23 }, (_, i) => i + 1)); break;
      case 'w': follow = 'all'; break;
      case 'W': follow = 'new'; break;
      case 'L':
        if (v === undefined || v === 'always') f.color = true;
        else if (v === 'never') f.color = false;
        else if (v === 'auto') f.color = tty && TERM !== undefined && TERM !== 'dumb';
        else {
          yield* writeAll(sys, 2, `${prog}: unsupported color mode\n`);
          return 1;
        }
        break;
      case 'l': {
        const s = parseList(v!, LEVELS);
        if (typeof s === 'string') {
          yield* writeAll(sys, 2, `${prog}: unknown level '${s}'\n`);
          return 1;
        }
        f.levels = s;
        break;
      }
      case 'f': {
        const s = parseList(v!, FACILITIES);
        if (typeof s === 'string') {
          yield* writeAll(sys, 2, `${prog}: unknown facility '${s}'\n`);
          return 1;
        }
        f.facs = s;
        break;
      }
      case 'time-format':
        if (v === 'ctime') f.time = 'ctime';
        else if (v === 'notime') f.time = 'none';
        else if (v === 'iso') f.time = 'iso';
        else if (v === 'raw') f.time = 'default';
        else {
          yield* writeAll(sys, 2, `${prog}: unknown time format: ${v}\n`);
          return 1;
        }
        break;
      default: break; // -P -S -H -p -s -F -D -E -n -J -d -e: accepted, no effect here
    }
  }
  if (p.operands.length) {
    yield* writeAll(sys, 2, `${prog}: bad usage\nTry '${short} --help' for more information.\n`);
    return 1;
  }
  if (action === 'clear') {
    const r = yield* sys.syslog(SYSLOG_ACTION_CLEAR);
    if (typeof r === 'number' && r < 0) {
      yield* writeAll(sys, 2, `${prog}: klogctl failed: ${strerror(-r)}\n`);
      return 1;
    }
    return 0;
  }
  if (f.time === 'ctime' || f.time === 'iso') {
    const rt = yield* sys.clock_gettime(CLOCK_REALTIME);
    const mono = yield* sys.clock_gettime(CLOCK_MONOTONIC);
    if (typeof rt !== 'number' && typeof mono !== 'number') f.bootSec = rt[0] - mono[0] + Math.round((rt[1] - mono[1]) / 1e9);
  }
  const buf = yield* sys.syslog(SYSLOG_ACTION_READ_ALL);
  if (typeof buf === 'number') {
    yield* writeAll(sys, 2, `${prog}: read kernel buffer failed: ${strerror(-buf)}\n`);
    return 1;
  }
  if (action === 'readclear') yield* sys.syslog(SYSLOG_ACTION_CLEAR);
  const recs = parseKmsg(buf);
  const keep = (r: KmsgRecord): boolean => (!f.levels || f.levels.has(r.level)) && (!f.facs || f.facs.has(r.fac));
  if (follow !== 'new') {
    let text = '';
    for (const r of recs) if (keep(r)) text += formatRecord(r, f);
    if (text) yield* writeAll(sys, 1, text);
  }
  if (follow === 'no') return 0;
  // follow: poll the buffer once a second and print what was appended
  let seen = buf;
  for (;;) {
    const r = yield* sys.nanosleep(1e9);
    if (r === -EINTR) continue;
    const now = yield* sys.syslog(SYSLOG_ACTION_READ_ALL);
    if (typeof now === 'number') return 1;
    let fresh: string;
    if (now.startsWith(seen)) fresh = now.slice(seen.length);
    else {
      // buffer cleared or wrapped: print the records we have not seen
      const old = new Set(seen.split('\n'));
      fresh = now.split('\n').filter((l) => !old.has(l)).join('\n');
    }
    seen = now;
    let text = '';
    for (const rec of parseKmsg(fresh)) if (keep(rec)) text += formatRecord(rec, f);
    if (text) yield* writeAll(sys, 1, text);
  }
}


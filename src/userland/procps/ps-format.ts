// ps output: the format table (procps-ng 4.0.2 ps/output.c: spec, header, width, flags), the
// per-column printers, and show_one_proc's column layout algorithm (padding, overflow stealing).
import type { ProcInfo } from '../lib/procfs';
import { HZ, PAGE_KB, ttyName } from '../lib/procfs';
import { gmtime, strftime, MONTHS_ABBR, DAYS_ABBR } from '../lib/time-format';

// justification
export const CF_USER = 1;
export const CF_LEFT = 2;
export const CF_RIGHT = 3;
export const CF_UNLIMITED = 4;
export const CF_WCHAN = 5;
export const CF_SIGNAL = 6;
export const CF_JUST_MASK = 0x0f;
// print class
export const CF_PRINT_THREAD_ONLY = 0x10;
export const CF_PRINT_PROCESS_ONLY = 0x20;
export const CF_PRINT_EVERY_TIME = 0x40;
export const CF_PRINT_AS_NEEDED = 0x80;
export const CF_PRINT_MASK = 0xf0;
export const CF_PIDMAX = 0x100;

/** A process row as ps sees it: the /proc data plus derived values computed once. */
export interface PsProc {
  info: ProcInfo;
  /** for -L rows: the process's own info (tgid); same object for process rows */
  tid: number;
  tgid: number;
  userName: (uid: number) => string | undefined;
  groupName: (gid: number) => string | undefined;
}

/** Everything the printers need besides the process. */
export interface PsContext {
  uptimeCs: number; // /proc/uptime in centiseconds
  btime: number; // /proc/stat btime
  now: number; // CLOCK_REALTIME seconds
  memTotalKb: number;
  forestPrefix: string; // '', or a string of ' ', 'L', '+', '|'
  forestType: string; // '' | 'b' | 'g' | 'u'
  maxRightward: number;
  bsdC: boolean; // BSD c: args shows comm
  bsdE: boolean; // BSD e: environment after command
  unixF: boolean; // -f: comm shows args
  userIsNumber: boolean;
  wideSignals: boolean;
  includeDeadChildren: boolean;
  environ: (p: PsProc) => string;
  /** LC_ALL/LC_CTYPE/LANG names a UTF-8 charset (escape_str's '?' vs '.') */
  utf8: boolean;
  /** /proc/PID/wchan content ('-' for "0"), undefined when unreadable */
  wchan: (p: PsProc) => string | undefined;
}

export type Printer = (p: PsProc, c: PsContext) => string;

export interface FormatSpec {
  spec: string;
  head: string;
  pr: Printer | null; // null = AIX literal text
  width: number;
  flags: number;
  /** sort key */
  sort?: (p: PsProc, c: PsContext) => number | string;
  vendor?: boolean; // non-Unix98 (only matters for the Unix98 '=' misparse)
}

const st = (p: PsProc) => p.info.stat;

/** utime+stime (+ children with S) in ticks. */
function ticsAll(p: PsProc, c: PsContext): number {
  const s = st(p);
  return s.utime + s.stime + (c.includeDeadChildren ? s.cutime + s.cstime : 0);
}

/** Jiffies of process life: (uptime - start) in ticks, as procps 4.0.2 (elapsed * Hertz, truncated). */
export function lifeTicks(starttime: number, uptimeCs: number): number {
  const t = uptimeCs - starttime; // uptime is in 1/100 s = ticks at USER_HZ 100
  return t > 0 ? t : 0;
}

/** %CPU: permille of one CPU over the process lifetime, "%u.%u" (or "%u" above 99.9). */
export function fmtPcpu(totalTicks: number, lifeJiffies: number): string {
  let pcpu = 0;
  if (lifeJiffies) pcpu = Math.floor((totalTicks * 1000) / lifeJiffies);
  if (pcpu > 999) return String(Math.floor(pcpu / 10));
  return `${Math.floor(pcpu / 10)}.${pcpu % 10}`;
}

/** Sort key of %CPU/C (procps' PIDS_UTILIZATION): the unrounded lifetime CPU share. */
export function pcpuValue(p: PsProc, c: PsContext): number {
  const j = lifeTicks(st(p).starttime, c.uptimeCs);
  return j ? ticsAll(p, c) / j : 0;
}

/** %MEM: rss*1000/MemTotal, "%2u.%u". */
export function fmtPmem(rssKb: number, memTotalKb: number): string {
  let pmem = memTotalKb ? Math.floor((rssKb * 1000) / memTotalKb) : 0;
  if (pmem > 999) pmem = 999;
  return `${String(Math.floor(pmem / 10)).padStart(2)}.${pmem % 10}`;
}

/** TIME: [dd-]hh:mm:ss of whole seconds. */
export function fmtTime(seconds: number): string {
  let t = Math.floor(seconds);
  const ss = t % 60;
  t = Math.floor(t / 60);
  const mm = t % 60;
  t = Math.floor(t / 60);
  const hh = t % 24;
  const dd = Math.floor(t / 24);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return (dd ? `${dd}-` : '') + `${p2(hh)}:${p2(mm)}:${p2(ss)}`;
}

/** ELAPSED: [[dd-]hh:]mm:ss. */
export function fmtEtime(seconds: number): string {
  let t = Math.floor(seconds);
  const ss = t % 60;
  t = Math.floor(t / 60);
  const mm = t % 60;
  t = Math.floor(t / 60);
  const hh = t % 24;
  const dd = Math.floor(t / 24);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return (dd ? `${dd}-` : '') + (dd || hh ? `${p2(hh)}:` : '') + `${p2(mm)}:${p2(ss)}`;
}

/** BSD TIME: "%3u:%02u" minutes:seconds. */
export function fmtBsdTime(ticks: number): string {
  const u = Math.floor(ticks / HZ);
  return `${String(Math.floor(u / 60)).padStart(3)}:${String(u % 60).padStart(2, '0')}`;
}

/** ctime(3) text "Wed Jun 30 21:49:08 1993\n" (UTC). */
export function ctime(sec: number): string {
  const tm = gmtime(sec);
  return `${DAYS_ABBR[tm.wday]} ${MONTHS_ABBR[tm.mon]} ${String(tm.mday).padStart(2)} ${strftime('%T', tm)} ${tm.year}\n`;
}

/** STIME / START (start_time): %H:%M today, %b%d this year, else %Y. */
export function fmtStime(startSec: number, nowSec: number): string {
  // many processes start in the same second: remember the last answers for this "now"
  if (stimeNow !== nowSec) {
    stimeNow = nowSec;
    stimeCache.clear();
  }
  let r = stimeCache.get(startSec);
  if (r === undefined) {
    r = fmtStimeUncached(startSec, nowSec);
    if (stimeCache.size < 4096) stimeCache.set(startSec, r);
  }
  return r;
}
let stimeNow = NaN;
const stimeCache = new Map<number, string>();

function fmtStimeUncached(startSec: number, nowSec: number): string {
  const a = gmtime(nowSec);
  const b = gmtime(startSec);
  let fmt = '%H:%M';
  if (a.yday !== b.yday) fmt = '%b%d';
  if (a.year !== b.year) fmt = '%Y';
  return strftime(fmt, b);
}

function startSec(p: PsProc, c: PsContext): number {
  return c.btime + Math.floor(st(p).starttime / HZ);
}

function elapsedSec(p: PsProc, c: PsContext): number {
  return Math.floor(lifeTicks(st(p).starttime, c.uptimeCs) / HZ);
}

/**
 * escape_str: in a UTF-8 locale non-printable characters become '?'; in the C locale control
 * characters become '.' and non-ASCII bytes '?'. Output stops at `cells`. Returns [text, cells].
 */
export function escapeStr(s: string, cells: number, utf8Locale = true): [string, number] {
  if (printableAscii(s)) return s.length <= cells ? [s, s.length] : [s.slice(0, Math.max(0, cells)), Math.max(0, cells)];
  let out = '';
  let used = 0;
  for (const ch of s) {
    if (used >= cells) break;
    const c = ch.codePointAt(0)!;
    if (!utf8Locale) {
      if (c < 0x20 || c === 0x7f) {
        out += '.';
        used++;
        continue;
      }
      if (c >= 0x80) {
        const n = c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        for (let i = 0; i < n && used < cells; i++, used++) out += '?';
        continue;
      }
      out += ch;
      used++;
      continue;
    }
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) {
      out += '?';
      used++;
      continue;
    }
    const w = charWidth(c);
    if (w > cells - used) break;
    out += ch;
    used += w;
  }
  return [out, used];
}

/** Only ' '..'~': one cell per character, nothing to escape. */
function printableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function charWidth(c: number): number {
  if (c >= 0x300 && c <= 0x36f) return 0;
  if (
    (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd)
  )
    return 2;
  return 1;
}

/** The long command line procps builds: args joined by spaces, or "[comm]" (+ " <defunct>"). */
export function cmdlineText(info: ProcInfo): string {
  if (info.cmdline.length > 0) return info.cmdline.join(' ');
  return `[${info.stat.comm}]` + (info.stat.state === 'Z' ? ' <defunct>' : '');
}

/** forest_helper: the ASCII art prefix. */
function forestHelper(c: PsContext): string {
  if (!c.forestPrefix) return '';
  let out = '';
  let rightward = c.maxRightward;
  if (c.forestType === 'u') {
    for (const ch of c.forestPrefix) {
      if (rightward < 2) break;
      out += '  ';
      rightward -= 2;
      void ch;
    }
    return out;
  }
  for (const ch of c.forestPrefix) {
    if (rightward < 4) break;
    out += ch === ' ' ? '    ' : ch === '|' ? ' |  ' : ' \\_ ';
    rightward -= 4;
  }
  return out;
}

/** [text, cells] for the unlimited text columns (args/comm): forest art + escaped text. */
function textColumn(base: string, p: PsProc, c: PsContext): string {
  const fh = forestHelper(c);
  let rightward = c.maxRightward - fh.length;
  const [t, used] = escapeStr(base, Math.max(0, rightward), c.utf8);
  rightward -= used;
  let out = fh + t;
  if (c.bsdE && rightward > 1) {
    const e = c.environ(p);
    if (e !== '-' && e !== '') {
      out += ' ';
      rightward--;
      out += escapeStr(e, rightward, c.utf8)[0];
    }
  }
  return out;
}

const prArgs: Printer = (p, c) => textColumn(c.bsdC ? st(p).comm : cmdlineText(p.info), p, c);
const prComm: Printer = (p, c) => textColumn(c.unixF ? cmdlineText(p.info) : st(p).comm, p, c);

function doPrName(name: string | undefined, id: number, c: PsContext): string {
  if (!c.userIsNumber && name !== undefined) {
    const [t, len] = escapeStr(name, 1 << 20, c.utf8);
    if (len <= c.maxRightward) return t;
    if (c.maxRightward >= 1) return t.slice(0, c.maxRightward - 1) + '+';
  }
  return String(id >>> 0);
}

function statusHex(p: PsProc, key: string): string {
  return p.info.status.get(key) ?? '0000000000000000';
}

function helpPrSig(sig: string, c: PsContext): string {
  const len = sig.length;
  if (c.wideSignals) {
    if (len > 8) return sig;
    return '00000000' + sig;
  }
  const lead = sig.length - sig.replace(/^0+/, '').length;
  if (len - lead > 8) return '<' + sig.slice(len - 8);
  if (len < 8) return '00000000'.slice(len) + sig;
  return sig.slice(len - 8);
}

function prPending(p: PsProc): string {
  // process-wide (ShdPnd) | thread (SigPnd), as the kernel reports "signal" in stat
  const a = BigInt('0x' + statusHex(p, 'SigPnd'));
  const b = BigInt('0x' + statusHex(p, 'ShdPnd'));
  return (a | b).toString(16).padStart(16, '0');
}

/** The BSD STAT column: state + < N L s l +. */
export function statLetters(info: ProcInfo): string {
  const s = info.stat;
  let out = s.state;
  if (s.nice < 0) out += '<';
  if (s.nice > 0) out += 'N';
  if ((info.lckKb ?? (parseInt(info.status.get('VmLck') ?? '0', 10) || 0)) > 0) out += 'L';
  if (s.session === info.tgid) out += 's';
  if (info.nlwp > 1) out += 'l';
  if (s.pgrp === s.tpgid) out += '+';
  return out;
}

const num = (n: number) => String(n);

/** The format table (sorted by spec, as bsearch needs; we use a Map). */
const RAW: Array<[string, string, Printer | null, number, number, ((p: PsProc, c: PsContext) => number | string)?]> = [];
const ET = CF_PRINT_EVERY_TIME;
const PO = CF_PRINT_PROCESS_ONLY;
const TO = CF_PRINT_THREAD_ONLY;
const AN = CF_PRINT_AS_NEEDED;
const R = CF_RIGHT;
const L = CF_LEFT;
const U = CF_UNLIMITED;
const US = CF_USER;
const PM = CF_PIDMAX;
const SG = CF_SIGNAL;

const nop: Printer = () => '-';
const prPcpu: Printer = (p, c) => fmtPcpu(ticsAll(p, c), lifeTicks(st(p).starttime, c.uptimeCs));
const prC: Printer = (p, c) => {
  const j = lifeTicks(st(p).starttime, c.uptimeCs);
  let v = j ? Math.floor((ticsAll(p, c) * 100) / j) : 0;
  if (v > 99) v = 99;
  return String(v).padStart(2);
};
const prPmem: Printer = (p, c) => fmtPmem(p.info.rssKb, c.memTotalKb);
const prTime: Printer = (p, c) => fmtTime(Math.floor(ticsAll(p, c) / HZ));
const prTimes: Printer = (p, c) => String(Math.floor(ticsAll(p, c) / HZ));
const prEtime: Printer = (p, c) => fmtEtime(elapsedSec(p, c));
const prEtimes: Printer = (p, c) => String(elapsedSec(p, c));
const prBsdTime: Printer = (p, c) => fmtBsdTime(ticsAll(p, c));
const prStime: Printer = (p, c) => fmtStime(startSec(p, c), c.now);
const prStart: Printer = (p, c) => {
  const t = startSec(p, c);
  const s = ctime(t).split('');
  if (s[8] === ' ') s[8] = '0';
  if (s[11] === ' ') s[11] = '0';
  const str = s.join('');
  if (t + 86400 > c.now) return str.slice(11, 19);
  return '  ' + str.slice(4, 10);
};
const prBsdStart: Printer = (p, c) => {
  const t = startSec(p, c);
  const ago = Math.max(0, c.now - t);
  const str = ago > 86400 ? ctime(t).slice(4) : ctime(t).slice(10);
  return str.slice(0, 6);
};
const prLstart: Printer = (p, c) => strftime('%a %b %e %H:%M:%S %Y', gmtime(startSec(p, c)));
const prStat: Printer = (p) => statLetters(p.info);
const prS: Printer = (p) => st(p).state;
const prTty: Printer = (p) => ttyName(st(p).ttyNr);
const prNice: Printer = (p) => {
  const pol = st(p).policy;
  if (pol !== 0 && pol !== 3) return '-';
  return num(st(p).nice);
};
const prPri: Printer = (p) => num(39 - st(p).priority);
const prOpri: Printer = (p) => num(60 + st(p).priority);
const prPriority: Printer = (p) => num(st(p).priority);
const prRtprio: Printer = (p) => (st(p).policy === 0 ? '-' : num(st(p).rtPriority));
const prCls: Printer = (p) => ['TS', 'FF', 'RR', 'B', 'ISO', 'IDL', 'DLN'][st(p).policy] ?? '?';
const prFlag: Printer = (p) => ((st(p).flags >>> 6) & 7).toString(8);
const prEuser: Printer = (p, c) => doPrName(p.userName(p.info.euid), p.info.euid, c);
const prRuser: Printer = (p, c) => doPrName(p.userName(p.info.ruid), p.info.ruid, c);
const prEgroup: Printer = (p, c) => doPrName(p.groupName(p.info.egid), p.info.egid, c);
const prRgroup: Printer = (p, c) => doPrName(p.groupName(p.info.rgid), p.info.rgid, c);
// WCHAN from /proc/PID/wchan: "0" or empty → '-', unreadable → '?', else the symbol name.
const prWchan: Printer = (p, c) => (c.wchan(p) ?? '?').slice(0, Math.max(0, c.maxRightward));
const prLabel: Printer = () => '-';
const prFname: Printer = (p, c) => {
  const fh = forestHelper(c);
  let r = c.maxRightward - fh.length;
  if (r > 8) r = 8;
  return fh + escapeStr(st(p).comm, Math.max(0, r), c.utf8)[0];
};
const prEnviron: Printer = (p, c) => {
  const e = c.environ(p);
  if (e === '-' || e === '') return '';
  return escapeStr(e, c.maxRightward, c.utf8)[0];
};

const sNum = (f: (p: PsProc, c: PsContext) => number) => f;

function add(spec: string, head: string, pr: Printer | null, width: number, flags: number, sort?: (p: PsProc, c: PsContext) => number | string): void {
  RAW.push([spec, head, pr, width, flags, sort]);
}

const kPid = sNum((p) => p.tgid);
const kTid = sNum((p) => p.tid);
const kPpid = sNum((p) => st(p).ppid);
const kPgid = sNum((p) => st(p).pgrp);
const kSid = sNum((p) => st(p).session);
const kRss = sNum((p) => p.info.rssKb);
const kVsz = sNum((p) => p.info.vszKb);
const kTime = sNum((p, c) => ticsAll(p, c));
const kStart = sNum((p) => st(p).starttime);
const kNice = sNum((p) => st(p).nice);
const kPri = sNum((p) => st(p).priority);
const kComm = (p: PsProc) => st(p).comm;
const kArgs = (p: PsProc) => cmdlineText(p.info);
const kUser = (p: PsProc) => p.userName(p.info.euid) ?? String(p.info.euid);
const kTty = sNum((p) => st(p).ttyNr);

add('%cpu', '%CPU', prPcpu, 4, ET | R, pcpuValue);
add('%mem', '%MEM', prPmem, 4, PO | R, kRss);
add('addr', 'ADDR', nop, 4, AN | R);
add('addr_1', 'ADDR', nop, 1, AN | L);
add('args', 'COMMAND', prArgs, 27, PO | U, kArgs);
add('atime', 'TIME', prTime, 8, ET | R, kTime);
add('blocked', 'BLOCKED', (p, c) => helpPrSig(statusHex(p, 'SigBlk'), c), 9, TO | SG);
add('bsdstart', 'START', prBsdStart, 6, ET | R, kStart);
add('bsdtime', 'TIME', prBsdTime, 6, ET | R, kTime);
add('c', 'C', prC, 2, ET | R, pcpuValue);
add('caught', 'CAUGHT', (p, c) => helpPrSig(statusHex(p, 'SigCgt'), c), 9, TO | SG);
add('class', 'CLS', prCls, 3, TO | L);
add('cls', 'CLS', prCls, 3, TO | R);
add('cmd', 'CMD', prArgs, 27, PO | U, kArgs);
add('comm', 'COMMAND', prComm, 15, PO | U, kComm);
add('command', 'COMMAND', prArgs, 27, PO | U, kArgs);
add('cp', 'CP', (p, c) => String(Math.min(999, Math.floor(pcpuValue(p, c) * 1000))).padStart(3), 3, ET | R, pcpuValue);
add('cputime', 'TIME', prTime, 8, ET | R, kTime);
add('cputimes', 'TIME', prTimes, 8, ET | R, kTime);
add('egid', 'EGID', (p) => num(p.info.egid), 5, ET | R, (p) => p.info.egid);
add('egroup', 'EGROUP', prEgroup, 8, ET | US);
add('environ', 'ENVIRONMENT', prEnviron, 31, PO | U);
add('etime', 'ELAPSED', prEtime, 11, ET | R, (p) => -st(p).starttime);
add('etimes', 'ELAPSED', prEtimes, 7, ET | R, (p) => -st(p).starttime);
add('euid', 'EUID', (p) => num(p.info.euid), 5, ET | R, (p) => p.info.euid);
add('euser', 'EUSER', prEuser, 8, ET | US, kUser);
add('f', 'F', prFlag, 1, ET | R);
add('flag', 'F', prFlag, 1, ET | R);
add('flags', 'F', prFlag, 1, ET | R);
add('fname', 'COMMAND', prFname, 8, PO | L, kComm);
add('gid', 'GID', (p) => num(p.info.egid), 5, ET | R, (p) => p.info.egid);
add('group', 'GROUP', prEgroup, 8, ET | US);
add('ignored', 'IGNORED', (p, c) => helpPrSig(statusHex(p, 'SigIgn'), c), 9, TO | SG);
add('intpri', 'PRI', prOpri, 3, TO | R, kPri);
add('label', 'LABEL', prLabel, 31, ET | L);
add('lstart', 'STARTED', prLstart, 24, ET | R, kStart);
add('lwp', 'LWP', (p) => num(p.tid), 5, TO | PM | R, kTid);
add('maj_flt', 'MAJFL', (p) => num(st(p).majflt), 6, AN | R);
add('majflt', 'MAJFLT', (p) => num(st(p).majflt), 6, AN | R);
add('min_flt', 'MINFL', (p) => num(st(p).minflt), 6, AN | R);
add('minflt', 'MINFLT', (p) => num(st(p).minflt), 6, AN | R);
add('ni', 'NI', prNice, 3, TO | R, kNice);
add('nice', 'NI', prNice, 3, TO | R, kNice);
add('nlwp', 'NLWP', (p) => num(p.info.nlwp), 4, PO | R, (p) => p.info.nlwp);
add('nwchan', 'WCHAN', nop, 6, TO | R);
add('opri', 'PRI', prOpri, 3, TO | R, kPri);
add('pcpu', '%CPU', prPcpu, 4, ET | R, pcpuValue);
add('pending', 'PENDING', (p, c) => helpPrSig(prPending(p), c), 9, ET | SG);
add('pgid', 'PGID', (p) => num(st(p).pgrp), 5, PO | PM | R, kPgid);
add('pgrp', 'PGRP', (p) => num(st(p).pgrp), 5, PO | PM | R, kPgid);
add('pid', 'PID', (p) => num(p.tgid), 5, PO | PM | R, kPid);
add('pmem', '%MEM', prPmem, 4, PO | R, kRss);
add('policy', 'POL', prCls, 3, TO | L);
add('ppid', 'PPID', (p) => num(st(p).ppid), 5, PO | PM | R, kPpid);
add('pri', 'PRI', prPri, 3, TO | R, (p) => -st(p).priority);
add('priority', 'PRI', prPriority, 3, TO | R, kPri);
add('psr', 'PSR', (p) => num(st(p).processor), 3, TO | R, (p) => st(p).processor);
add('rgid', 'RGID', (p) => num(p.info.rgid), 5, ET | R, (p) => p.info.rgid);
add('rgroup', 'RGROUP', prRgroup, 8, ET | US);
add('rss', 'RSS', (p) => num(p.info.rssKb), 5, PO | R, kRss);
add('rssize', 'RSS', (p) => num(p.info.rssKb), 5, PO | R, kRss);
add('rsz', 'RSZ', (p) => num(p.info.rssKb), 5, PO | R, kRss);
add('rtprio', 'RTPRIO', prRtprio, 6, TO | R);
add('ruid', 'RUID', (p) => num(p.info.ruid), 5, ET | R, (p) => p.info.ruid);
add('ruser', 'RUSER', prRuser, 8, ET | US);
add('s', 'S', prS, 1, TO | L, (p) => st(p).state);
add('sched', 'SCH', (p) => num(st(p).policy), 3, TO | R);
add('sess', 'SESS', (p) => num(st(p).session), 5, PO | PM | R, kSid);
add('session', 'SESS', (p) => num(st(p).session), 5, PO | PM | R, kSid);
add('sgi_p', 'P', (p) => (st(p).state === 'R' ? num(st(p).processor) : '*'), 1, TO | R);
add('sid', 'SID', (p) => num(st(p).session), 5, PO | PM | R, kSid);
add('sig', 'PENDING', (p, c) => helpPrSig(prPending(p), c), 9, ET | SG);
add('sigcatch', 'CAUGHT', (p, c) => helpPrSig(statusHex(p, 'SigCgt'), c), 9, TO | SG);
add('sigignore', 'IGNORED', (p, c) => helpPrSig(statusHex(p, 'SigIgn'), c), 9, TO | SG);
add('sigmask', 'BLOCKED', (p, c) => helpPrSig(statusHex(p, 'SigBlk'), c), 9, TO | SG);
add('size', 'SIZE', (p) => num(p.info.vszKb), 5, PO | R, kVsz);
add('spid', 'SPID', (p) => num(p.tid), 5, TO | PM | R, kTid);
add('start', 'STARTED', prStart, 8, ET | R, kStart);
add('start_time', 'START', prStime, 5, ET | R, kStart);
add('stat', 'STAT', prStat, 4, TO | L, (p) => st(p).state);
add('state', 'S', prS, 1, TO | L, (p) => st(p).state);
add('stime', 'STIME', prStime, 5, ET | R, kStart);
add('sz', 'SZ', (p) => num(Math.floor(p.info.vszKb / PAGE_KB)), 5, PO | R, kVsz);
add('tgid', 'TGID', (p) => num(p.tgid), 5, PO | PM | R, kPid);
add('thcount', 'THCNT', (p) => num(p.info.nlwp), 5, PO | R, (p) => p.info.nlwp);
add('tid', 'TID', (p) => num(p.tid), 5, TO | PM | R, kTid);
add('time', 'TIME', prTime, 8, ET | R, kTime);
add('times', 'TIME', prTimes, 8, ET | R, kTime);
add('tname', 'TTY', prTty, 8, PO | L, kTty);
add('tpgid', 'TPGID', (p) => num(st(p).tpgid), 5, PO | PM | R, (p) => st(p).tpgid);
add('tt', 'TT', prTty, 8, PO | L, kTty);
add('tty', 'TT', prTty, 8, PO | L, kTty);
add('tty8', 'TTY', prTty, 8, PO | L, kTty);
add('ucmd', 'CMD', prComm, 15, PO | U, kComm);
add('ucomm', 'COMMAND', prComm, 15, PO | U, kComm);
add('uid', 'UID', (p) => num(p.info.euid), 5, ET | R, (p) => p.info.euid);
add('uid_hack', 'UID', prEuser, 8, ET | US, kUser);
add('uname', 'USER', prEuser, 8, ET | US, kUser);
add('user', 'USER', prEuser, 8, ET | US, kUser);
add('vsize', 'VSZ', (p) => num(p.info.vszKb), 6, PO | R, kVsz);
add('vsz', 'VSZ', (p) => num(p.info.vszKb), 6, PO | R, kVsz);
add('wchan', 'WCHAN', prWchan, 6, TO | CF_WCHAN);
add('wname', 'WCHAN', prWchan, 6, TO | CF_WCHAN);

// used by the OL_s / OL_v macros
add('sig_block', 'BLOCKED', (p, c) => helpPrSig(statusHex(p, 'SigBlk'), c), 9, TO | SG);
add('sig_catch', 'CATCHED', (p, c) => helpPrSig(statusHex(p, 'SigCgt'), c), 9, TO | SG);
add('sig_ignore', 'IGNORED', (p, c) => helpPrSig(statusHex(p, 'SigIgn'), c), 9, TO | SG);
add('m_drs', 'DRS', (p) => num(p.info.vszKb), 5, PO | R);
add('m_trs', 'TRS', () => '0', 5, PO | R);

/** Specs that are standard Unix98 (vendor U98), for the '=' header misparse rule. */
const U98 = new Set(['args', 'comm', 'etime', 'group', 'nice', 'pcpu', 'pgid', 'pid', 'ppid', 'rgroup', 'ruser', 'time', 'tty', 'user', 'vsz']);

export const FORMATS: ReadonlyMap<string, FormatSpec> = new Map(
  RAW.map(([spec, head, pr, width, flags, sort]) => [spec, { spec, head, pr, width, flags, sort, vendor: !U98.has(spec) }]),
);

/** Macro formats (procps macro_array) that the option parser uses. */
export const MACROS: ReadonlyMap<string, string> = new Map([
  ['DefBSD', 'pid,tname,stat,bsdtime,args'],
  ['DefSysV', 'pid,tname,time,cmd'],
  ['END_BSD', 'state,tname,cputime,comm'],
  ['END_SYS5', 'state,tname,time,command'],
  ['OL_j', 'ppid,pid,pgid,sid,tname,tpgid,stat,uid,bsdtime,args'],
  ['OL_l', 'flags,uid,pid,ppid,priority,nice,vsz,rss,wchan,stat,tname,bsdtime,args'],
  ['OL_s', 'uid,pid,pending,sig_block,sig_ignore,caught,stat,tname,bsdtime,args'],
  ['OL_u', 'user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args'],
  ['OL_v', 'pid,tname,stat,bsdtime,maj_flt,m_trs,m_drs,rss,pmem,args'],
]);


/** A column in the output list (procps format_node). */
export interface FormatNode {
  /** the format specifier this column came from */
  spec: string;
  name: string;
  width: number;
  pr: Printer | null;
  flags: number;
  vendor: boolean;
  sort?: (p: PsProc, c: PsContext) => number | string;
}

/** do_one_spec: a spec or a macro → column nodes (in order), or undefined. */
export function doOneSpec(spec: string, override: string | undefined, pidWidth: number): FormatNode[] | undefined {
  const fs = FORMATS.get(spec);
  if (fs) {
    let w1 = fs.width;
    if (fs.flags & CF_PIDMAX) {
      w1 = Math.max(pidWidth, fs.head.length);
    }
    const node: FormatNode = { spec, name: fs.head, width: w1, pr: fs.pr, flags: fs.flags, vendor: fs.vendor ?? true, sort: fs.sort };
    if (override !== undefined) {
      node.width = Math.max(w1, override.length);
      node.name = override;
    }
    return [node];
  }
  const m = MACROS.get(spec);
  if (m) {
    const out: FormatNode[] = [];
    for (const s of m.split(',')) {
      const n = doOneSpec(s, override, pidWidth);
      if (n) out.push(...n);
    }
    return out;
  }
  return undefined;
}

/** Every printable spec with its header, as `ps L` lists them. */
export function listSpecifiers(): string {
  let out = '';
  for (const k of [...FORMATS.keys()].sort()) {
    const f = FORMATS.get(k)!;
    if (f.pr === nop) continue;
    out += `${k.padEnd(12).slice(0, 12)} ${f.head.padEnd(8).slice(0, 8)}\n`;
  }
  return out;
}

/** check_header_width: how wide a line may be (a multiple of the screen width), and wide signals. */
export function checkHeaderWidth(list: FormatNode[], screenCols: number, outbufSize: number): { activeCols: number; wideSignals: boolean } {
  let total = 0;
  let wasNormal = 0;
  let sigs = 0;
  list.forEach((w, idx) => {
    const hasNext = idx < list.length - 1;
    switch (w.flags & CF_JUST_MASK) {
      case CF_SIGNAL:
        sigs++;
        total += w.width + wasNormal;
        wasNormal = 1;
        break;
      case CF_UNLIMITED:
        total += hasNext ? w.width : 3;
        total += wasNormal;
        wasNormal = 1;
        break;
      case 0:
        total += w.width;
        wasNormal = 0;
        break;
      default:
        total += w.width + wasNormal;
        wasNormal = 1;
    }
  });
  let i = 0;
  let activeCols: number;
  for (;;) {
    i++;
    activeCols = screenCols * i;
    if (activeCols >= total) break;
    if (screenCols * i >= outbufSize / 2) break;
  }
  return { activeCols, wideSignals: total + sigs * 7 <= activeCols };
}

const SPACE_AMOUNT = 144;
const SPACES: string[] = [];
for (let i = 0; i <= SPACE_AMOUNT; i++) SPACES.push(' '.repeat(i));
const spaces = (n: number): string => SPACES[n] ?? ' '.repeat(n);

/**
 * show_one_proc: lay out one line (p undefined = the header). Ported from procps so that
 * overflowing columns push the following ones right and are absorbed by later padding.
 */
export function showOneProc(p: PsProc | undefined, fmt: FormatNode[], c: PsContext, activeCols: number, outbufSize: number, wchanIsNumber: boolean): string {
  let correct = 0;
  let actual = 0;
  let dospace = 0;
  let line = '';
  for (let idx = 0; idx < fmt.length; idx++) {
    const f = fmt[idx]!;
    const hasNext = idx < fmt.length - 1;
    let legit = 0;
    let tmpspace: number;
    let maxRightward: number;
    if (hasNext) {
      maxRightward = f.width;
      tmpspace = 0;
    } else {
      tmpspace = correct - actual;
      if (tmpspace < 1) {
        tmpspace = dospace;
        maxRightward = activeCols - actual - tmpspace;
      } else {
        maxRightward = activeCols - (correct > actual ? correct : actual);
      }
    }
    if (maxRightward <= 0) maxRightward = 0;
    else if (maxRightward >= outbufSize) maxRightward = outbufSize - 1;
    c.maxRightward = maxRightward;

    let text = p && f.pr ? f.pr(p, c) : f.name;
    const amount = cellsOf(text);
    let leftpad = 0;
    switch (f.flags & CF_JUST_MASK) {
      case 0:
      case CF_LEFT:
        leftpad = 0;
        break;
      case CF_RIGHT:
        leftpad = Math.max(0, f.width - amount);
        break;
      case CF_SIGNAL:
        if (c.wideSignals) {
          leftpad = Math.max(0, 16 - amount);
          legit = 7;
        } else leftpad = Math.max(0, 9 - amount);
        break;
      case CF_USER:
        leftpad = c.userIsNumber ? Math.max(0, f.width - amount) : 0;
        break;
      case CF_WCHAN:
        if (wchanIsNumber) leftpad = Math.max(0, f.width - amount);
        else {
          if (activeCols - actual - tmpspace < 1) text = text.slice(0, 1);
          leftpad = 0;
        }
        break;
      case CF_UNLIMITED:
        if (activeCols - actual - tmpspace < 1) text = text.slice(0, 1);
        leftpad = 0;
        break;
    }
    let space = correct - actual + leftpad;
    if (space < 1) space = dospace;
    if (space > SPACE_AMOUNT) space = SPACE_AMOUNT;
    if (!hasNext) {
      line += spaces(space) + text + '\n';
      break;
    }
    line += spaces(space) + text;
    actual += space + amount;
    correct += f.width + legit;
    if (f.pr && fmt[idx + 1]!.pr) {
      correct++;
      dospace = 1;
    } else dospace = 0;
  }
  return line;
}

function cellsOf(s: string): number {
  if (printableAscii(s)) return s.length;
  let n = 0;
  for (const ch of s) n += charWidth(ch.codePointAt(0)!);
  return n;
}

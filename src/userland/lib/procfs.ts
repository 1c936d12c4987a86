// /proc parsers for procps-style tools (ps, top, pgrep, pstree, free, uptime...).
// Everything these tools know comes from here, read through ordinary open/read syscalls, in the
// layouts documented by proc(5) for Linux 6.x.
import type { Sys, SysCall } from '../../kernel/syscall';
import { O_RDONLY, O_DIRECTORY } from '../../kernel/syscall';
import { readFile } from './io';
import { encode, decode } from './text';

export const HZ = 100; // USER_HZ, sysconf(_SC_CLK_TCK)
export const PAGE_KB = 4; // getpagesize() / 1024

/**
 * /proc/[pid]/stat, proc(5): "pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt
 * majflt cmajflt utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss
 * rsslim startcode endcode startstack kstkesp kstkeip signal blocked sigignore sigcatch wchan nswap
 * cnswap exit_signal processor rt_priority policy delayacct_blkio_ticks guest_time cguest_time
 * start_data end_data start_brk arg_start arg_end env_start env_end exit_code" (52 fields).
 * comm may contain spaces and parentheses, so it runs from the first '(' to the LAST ')'.
 */
export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  ttyNr: number;
  tpgid: number;
  flags: number;
  minflt: number;
  majflt: number;
  utime: number; // clock ticks
  stime: number;
  cutime: number;
  cstime: number;
  priority: number; // field 18: -100..39 (nice+20 for normal tasks)
  nice: number;
  numThreads: number;
  starttime: number; // clock ticks after boot
  vsize: number; // bytes
  rss: number; // pages
  processor: number; // field 39
  rtPriority: number;
  policy: number;
}

/** Parse one /proc/[pid]/stat (or task/[tid]/stat) line; undefined if malformed. */
export function parseStat(line: string): ProcStat | undefined {
  return parseStatBytes(encode(line));
}


/** Text of bytes: ASCII without TextDecoder's call overhead, anything else through it. */
function bytesText(b: Uint8Array, from: number, to: number): string {
  if (to - from <= 32) {
    let s = '';
    for (let i = from; i < to; i++) {
      const c = b[i]!;
      if (c >= 0x80) return decode(b.subarray(from, to));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decode(b.subarray(from, to));
}

// the stat fields after comm up to 41, as numbers (index = field number; field 3, state, is not numeric)
const statFields = new Float64Array(42);

/** parseStat over the bytes read(2) returned: no intermediate strings besides comm. */
export function parseStatBytes(b: Uint8Array): ProcStat | undefined {
  const len = b.length;
  let open = -1;
  for (let i = 0; i < len; i++) {
    if (b[i] === 0x28) {
      open = i;
      break;
    }
  }
  let close = -1;
  for (let i = len - 1; i > open; i--) {
    if (b[i] === 0x29) {
      close = i;
      break;
    }
  }
  if (open < 0 || close < open) return undefined;
  let pid = 0;
  for (let i = 0; i < open; i++) {
    const c = b[i]!;
    if (c >= 0x30 && c <= 0x39) pid = pid * 10 + (c - 0x30);
  }
  let i = close + 1;
  while (i < len && (b[i] === 0x20 || b[i] === 0x0a)) i++;
  if (i >= len) return undefined;
  const stateStart = i;
  while (i < len && b[i] !== 0x20 && b[i] !== 0x0a) i++;
  const state = bytesText(b, stateStart, i);
  let field = 4;
  const f = statFields;
  // nothing after field 41 (policy) is used: stop there
  while (field <= 41) {
    while (i < len && (b[i] === 0x20 || b[i] === 0x0a)) i++;
    if (i >= len) break;
    let neg = false;
    if (b[i] === 0x2d) {
      neg = true;
      i++;
    }
    let v = 0;
    let ok = true;
    while (i < len) {
      const c = b[i]!;
      if (c === 0x20 || c === 0x0a) break;
      if (c >= 0x30 && c <= 0x39) v = v * 10 + (c - 0x30);
      else ok = false;
      i++;
    }
    f[field++] = ok ? (neg ? -v : v) : 0;
  }
  if (field < 23) return undefined; // fewer than 20 fields after comm
  for (let k = field; k <= 41; k++) f[k] = 0;
  return {
    pid,
    comm: bytesText(b, open + 1, close),
    state,
    ppid: f[4]!,
    pgrp: f[5]!,
    session: f[6]!,
    ttyNr: f[7]!,
    tpgid: f[8]!,
    flags: f[9]!,
    minflt: f[10]!,
    majflt: f[12]!,
    utime: f[14]!,
    stime: f[15]!,
    cutime: f[16]!,
    cstime: f[17]!,
    priority: f[18]!,
    nice: f[19]!,
    numThreads: f[20]!,
    starttime: f[22]!,
    vsize: f[23]!,
    rss: f[24]!,
    processor: f[39]!,
    rtPriority: f[40]!,
    policy: f[41]!,
  };
}

/** /proc/[pid]/status as "Key:\tvalue" pairs (values trimmed). */
export function parseStatus(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const c = line.indexOf(':');
    if (c <= 0) continue;
    m.set(line.slice(0, c), line.slice(c + 1).trim());
  }
  return m;
}

/** A "VmRSS:\t  1234 kB" style value in KiB (0 when absent, as for kernel threads and zombies). */
export function statusKb(st: Map<string, string>, key: string): number {
  const v = st.get(key);
  if (!v) return 0;
  const n = parseInt(v, 10);
  return Number.isFinite(n) ? n : 0;
}

/** The four ids of a "Uid:" / "Gid:" line: real, effective, saved, filesystem. */
export function statusIds(st: Map<string, string>, key: 'Uid' | 'Gid'): [number, number, number, number] {
  const v = (st.get(key) ?? '0 0 0 0').split(/\s+/).map((x) => Number(x) || 0);
  return [v[0] ?? 0, v[1] ?? 0, v[2] ?? 0, v[3] ?? 0];
}

/** /proc/[pid]/cmdline: NUL-separated argv (empty for kernel threads and zombies). */
export function parseCmdline(raw: string): string[] {
  if (raw.length === 0) return [];
  const parts = raw.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * Controlling terminal name from tty_nr (proc(5): minor in bits 31..20 and 7..0, major in 15..8),
 * as procps' dev_to_tty prints it: 136+ → pts/N, 4 → ttyN, 5:1 → console, 0 → "?".
 */
export function ttyName(ttyNr: number): string {
  if (ttyNr === 0) return '?';
  const maj = (ttyNr >>> 8) & 0xfff;
  const min = (ttyNr & 0xff) | ((ttyNr >>> 12) & 0xfff00);
  if (maj >= 136 && maj <= 143) return `pts/${min + (maj - 136) * 256}`;
  if (maj === 4 && min < 64) return `tty${min}`;
  if (maj === 4) return `ttyS${min - 64}`;
  if (maj === 5 && min === 1) return 'console';
  if (maj === 5 && min === 0) return 'tty';
  return '?';
}

/** Everything the tools need about one process (or one thread when reading task/TID). */
export interface ProcInfo {
  pid: number; // the task id (tid when this is a thread)
  tgid: number;
  stat: ProcStat;
  /** every line of /proc/PID/status (parsed on first use: most columns never need it) */
  status: Map<string, string>;
  cmdline: string[];
  ruid: number;
  euid: number;
  rgid: number;
  egid: number;
  rssKb: number; // VmRSS
  vszKb: number; // VmSize
  /** VmLck (the STAT column's 'L'); absent = read it from status */
  lckKb?: number;
  nlwp: number;
}

/** The status fields the tools use, picked out of the bytes without building the whole map. */
class StatusInfo implements ProcInfo {
  pid: number;
  tgid: number;
  cmdline: string[] = [];
  ruid = 0;
  euid = 0;
  rgid = 0;
  egid = 0;
  rssKb = 0;
  vszKb = 0;
  lckKb = 0;
  nlwp: number;
  private map: Map<string, string> | undefined;
  constructor(
    readonly stat: ProcStat,
    private raw: Uint8Array | undefined,
  ) {
    this.pid = stat.pid;
    this.tgid = stat.pid;
    // NLWP: stat's num_threads, the same count as status's "Threads:" (procps reads either)
    this.nlwp = stat.numThreads || 1;
    if (raw) this.scan(raw);
  }

  get status(): Map<string, string> {
    if (!this.map) {
      this.map = parseStatus(this.raw ? decode(this.raw) : '');
      this.raw = undefined;
    }
    return this.map;
  }

  private scan(b: Uint8Array): void {
    const len = b.length;
    let i = 0;
    let found = 0;
    while (i < len) {
      // b[i] starts a line: "Key:\tvalue\n"
      const c0 = b[i]!;
      const c1 = b[i + 1];
      let key = 0;
      if (c0 === 0x55 && c1 === 0x69 && b[i + 2] === 0x64 && b[i + 3] === 0x3a) key = 1; // Uid:
      else if (c0 === 0x47 && c1 === 0x69 && b[i + 2] === 0x64 && b[i + 3] === 0x3a) key = 2; // Gid:
      else if (c0 === 0x54 && c1 === 0x67 && startsKey(b, i, TGID)) key = 3; // Tgid:
      else if (c0 === 0x56 && c1 === 0x6d) {
        if (startsKey(b, i, VMSIZE)) key = 5;
        else if (startsKey(b, i, VMRSS)) key = 6;
        else if (startsKey(b, i, VMLCK)) key = 7;
      }
      if (key === 0) {
        const nl = b.indexOf(0x0a, i);
        if (nl < 0) break;
        i = nl + 1;
        continue;
      }
      found++;
      while (b[i] !== 0x3a) i++;
      i++;
      // up to four whitespace-separated decimal numbers
      let n = 0;
      const v = scanVals;
      v[0] = v[1] = v[2] = v[3] = 0;
      while (i < len && b[i] !== 0x0a) {
        const c = b[i]!;
        if (c >= 0x30 && c <= 0x39) {
          let x = 0;
          while (i < len && b[i]! >= 0x30 && b[i]! <= 0x39) x = x * 10 + (b[i++]! - 0x30);
          if (n < 4) v[n++] = x;
        } else i++;
      }
      i++;
      switch (key) {
        case 1: this.ruid = v[0]!; this.euid = v[1]!; break;
        case 2: this.rgid = v[0]!; this.egid = v[1]!; break;
        case 3: if (n && v[0]) this.tgid = v[0]; break;
        case 5: this.vszKb = v[0]!; break;
        case 6: this.rssKb = v[0]!; break;
        case 7: this.lckKb = v[0]!; break;
      }
      if (found === 6) break; // VmRSS: the rest (Threads, signals, capabilities...) is not needed
    }
  }
}

const scanVals = [0, 0, 0, 0];
const TGID = encode('Tgid:');
const VMSIZE = encode('VmSize:');
const VMRSS = encode('VmRSS:');
const VMLCK = encode('VmLck:');

function startsKey(b: Uint8Array, at: number, key: Uint8Array): boolean {
  if (at + key.length > b.length) return false;
  for (let j = 0; j < key.length; j++) if (b[at + j] !== key[j]) return false;
  return true;
}

function* readText(sys: Sys, path: string): SysCall<string | undefined> {
  const r = yield* readFile(sys, path);
  return typeof r === 'string' ? r : undefined;
}

const READ_SIZE = 8192;

/**
 * open + read + close of a /proc file, as procps' file2str: one read(2) of a large buffer; only a
 * read that fills the buffer is followed by more reads. The bytes are the kernel's answer, not a copy.
 */
export function* readProcBytes(sys: Sys, path: string): SysCall<Uint8Array | undefined> {
  const fd = yield* sys.open(path, O_RDONLY);
  if (fd < 0) return undefined;
  let r = yield* sys.read(fd, READ_SIZE);
  if (typeof r !== 'number' && r.length === READ_SIZE) {
    const chunks: Uint8Array[] = [r];
    let total = r.length;
    for (;;) {
      const more = yield* sys.read(fd, READ_SIZE);
      if (typeof more === 'number' || more.length === 0) break;
      chunks.push(more);
      total += more.length;
    }
    r = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) {
      r.set(c, off);
      off += c.length;
    }
  }
  yield* sys.close(fd);
  return typeof r === 'number' ? undefined : r;
}

/** parseCmdline over bytes. */
function cmdlineBytes(b: Uint8Array): string[] {
  const out: string[] = [];
  const len = b.length;
  let start = 0;
  for (let i = 0; i < len; i++) {
    if (b[i] === 0) {
      out.push(bytesText(b, start, i));
      start = i + 1;
    }
  }
  if (start < len) out.push(bytesText(b, start, len));
  return out;
}

/** Read stat + status (+ cmdline unless skipped) of /proc/PID or /proc/PID/task/TID. */
export function* readProc(sys: Sys, dir: string, opts: { cmdline?: boolean } = {}): SysCall<ProcInfo | undefined> {
  const statBytes = yield* readProcBytes(sys, `${dir}/stat`);
  if (statBytes === undefined) return undefined;
  const stat = parseStatBytes(statBytes);
  if (!stat) return undefined;
  const statusBytes = yield* readProcBytes(sys, `${dir}/status`);
  const info = new StatusInfo(stat, statusBytes);
  if (opts.cmdline !== false) {
    const c = yield* readProcBytes(sys, `${dir}/cmdline`);
    if (c && c.length) info.cmdline = cmdlineBytes(c);
  }
  return info;
}

/** Numeric entries of a /proc-like directory, ascending. */
export function* listNumericDir(sys: Sys, path: string): SysCall<number[]> {
  const fd = yield* sys.open(path, O_RDONLY | O_DIRECTORY);
  if (fd < 0) return [];
  const ents = yield* sys.getdents(fd);
  yield* sys.close(fd);
  if (typeof ents === 'number') return [];
  const out: number[] = [];
  for (const e of ents) if (/^[0-9]+$/.test(e.name)) out.push(Number(e.name));
  out.sort((a, b) => a - b);
  return out;
}

/** Pids in /proc, ascending (what readproc walks). */
export function* listPids(sys: Sys): SysCall<number[]> {
  return yield* listNumericDir(sys, '/proc');
}

/** Read all processes (one stat+status+cmdline read each). */
export function* readAllProcs(sys: Sys, opts: { cmdline?: boolean } = {}): SysCall<ProcInfo[]> {
  const pids = yield* listPids(sys);
  const out: ProcInfo[] = [];
  for (const pid of pids) {
    const p = yield* readProc(sys, `/proc/${pid}`, opts);
    if (p) out.push(p);
  }
  return out;
}

/** Threads of a process from /proc/PID/task/ (falls back to the process itself). */
export function* readTasks(sys: Sys, p: ProcInfo, opts: { cmdline?: boolean } = {}): SysCall<ProcInfo[]> {
  const tids = yield* listNumericDir(sys, `/proc/${p.pid}/task`);
  if (tids.length === 0) return [p];
  const out: ProcInfo[] = [];
  for (const tid of tids) {
    const t = yield* readProc(sys, `/proc/${p.pid}/task/${tid}`, { cmdline: false });
    if (!t) continue;
    t.tgid = p.pid;
    t.cmdline = opts.cmdline === false ? [] : p.cmdline;
    // memory is per process
    t.rssKb = p.rssKb;
    t.vszKb = p.vszKb;
    t.nlwp = p.nlwp;
    out.push(t);
  }
  return out.length ? out : [p];
}

/** /proc/meminfo in KiB by key (MemTotal, MemFree, MemAvailable, Buffers, Cached, ...). */
export function parseMeminfo(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    const c = line.indexOf(':');
    if (c <= 0) continue;
    const n = parseInt(line.slice(c + 1).trim(), 10);
    if (Number.isFinite(n)) m.set(line.slice(0, c), n);
  }
  return m;
}

/** /proc/uptime: "uptime idle" in seconds with 2 decimals → centiseconds (exact integers). */
export function parseUptimeCs(text: string): [number, number] {
  const f = text.trim().split(/\s+/);
  const cs = (s: string | undefined): number => {
    if (!s) return 0;
    const [i, d = ''] = s.split('.');
    return Number(i) * 100 + Number((d + '00').slice(0, 2));
  };
  return [cs(f[0]), cs(f[1])];
}

/** /proc/loadavg: "0.00 0.01 0.05 1/123 4567". */
export interface LoadAvg {
  one: number;
  five: number;
  fifteen: number;
  text: [string, string, string];
  running: number;
  total: number;
  lastPid: number;
}

export function parseLoadavg(text: string): LoadAvg {
  const f = text.trim().split(/\s+/);
  const [r, t] = (f[3] ?? '0/0').split('/');
  return {
    one: Number(f[0]) || 0,
    five: Number(f[1]) || 0,
    fifteen: Number(f[2]) || 0,
    text: [f[0] ?? '0.00', f[1] ?? '0.00', f[2] ?? '0.00'],
    running: Number(r) || 0,
    total: Number(t) || 0,
    lastPid: Number(f[4]) || 0,
  };
}

/** One "cpu" line of /proc/stat: user nice system idle iowait irq softirq steal guest guest_nice. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  guest: number;
  guestNice: number;
}

export interface KernelStat {
  cpu: CpuTimes;
  cpus: CpuTimes[];
  btime: number;
  procsRunning: number;
  procsBlocked: number;
}

export function parseKernelStat(text: string): KernelStat {
  const zero = (): CpuTimes => ({ user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 });
  const res: KernelStat = { cpu: zero(), cpus: [], btime: 0, procsRunning: 0, procsBlocked: 0 };
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const key = f[0] ?? '';
    if (key.startsWith('cpu')) {
      const v = f.slice(1).map((x) => Number(x) || 0);
      const t: CpuTimes = {
        user: v[0] ?? 0, nice: v[1] ?? 0, system: v[2] ?? 0, idle: v[3] ?? 0, iowait: v[4] ?? 0,
        irq: v[5] ?? 0, softirq: v[6] ?? 0, steal: v[7] ?? 0, guest: v[8] ?? 0, guestNice: v[9] ?? 0,
      };
      if (key === 'cpu') res.cpu = t;
      else res.cpus.push(t);
    } else if (key === 'btime') res.btime = Number(f[1]) || 0;
    else if (key === 'procs_running') res.procsRunning = Number(f[1]) || 0;
    else if (key === 'procs_blocked') res.procsBlocked = Number(f[1]) || 0;
  }
  return res;
}

/** Digits of /proc/sys/kernel/pid_max, the width procps gives PID columns (at least 5). */
export function* pidWidth(sys: Sys): SysCall<number> {
  const t = yield* readText(sys, '/proc/sys/kernel/pid_max');
  const n = t ? t.trim().length : 5;
  return Math.max(5, n);
}

/** Read a /proc text file or '' (callers decide what missing means). */
export function* readProcText(sys: Sys, path: string): SysCall<string> {
  return (yield* readText(sys, path)) ?? '';
}

/** Current CLOCK_REALTIME in whole seconds. */
export function* nowSeconds(sys: Sys): SysCall<number> {
  const ts = yield* sys.clock_gettime(0);
  if (typeof ts === 'number') return 0;
  return ts[0];
}

/** Environment lookup in an envp array. */
export function getenv(envp: readonly string[], name: string): string | undefined {
  const pre = name + '=';
  for (const e of envp) if (e.startsWith(pre)) return e.slice(pre.length);
  return undefined;
}


// /proc parsers for procps-style tools (ps, top, pgrep, pstree, free, uptime...).
// Everything these tools know comes from here, read through ordinary open/read syscalls, in the
// layouts documented by proc(5) for Linux 6.x.
import type { Sys, SysCall } from '../../kernel/syscall';
import { O_RDONLY, O_DIRECTORY } from '../../kernel/syscall';
import { readFile } from './io';

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
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(line.slice(0, open).trim());
  const comm = line.slice(open + 1, close);
  const f = line.slice(close + 2).trim().split(/\s+/);
  // f[0] is field 3 (state); field N is f[N-3]
  const n = (i: number): number => {
    const v = Number(f[i - 3]);
    return Number.isFinite(v) ? v : 0;
  };
  if (f.length < 20) return undefined;
  return {
    pid,
    comm,
    state: f[0] ?? '?',
    ppid: n(4),
    pgrp: n(5),
    session: n(6),
    ttyNr: n(7),
    tpgid: n(8),
    flags: n(9),
    minflt: n(10),
    majflt: n(12),
    utime: n(14),
    stime: n(15),
    cutime: n(16),
    cstime: n(17),
    priority: n(18),
    nice: n(19),
    numThreads: n(20),
    starttime: n(22),
    vsize: n(23),
    rss: n(24),
    processor: n(39),
    rtPriority: n(40),
    policy: n(41),
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
  status: Map<string, string>;
  cmdline: string[];
  ruid: number;
  euid: number;
  rgid: number;
  egid: number;
  rssKb: number; // VmRSS
  vszKb: number; // VmSize
  nlwp: number;
}

function* readText(sys: Sys, path: string): SysCall<string | undefined> {
  const r = yield* readFile(sys, path);
  return typeof r === 'string' ? r : undefined;
}

/** Read stat + status (+ cmdline unless skipped) of /proc/PID or /proc/PID/task/TID. */
export function* readProc(sys: Sys, dir: string, opts: { cmdline?: boolean } = {}): SysCall<ProcInfo | undefined> {
  const statText = yield* readText(sys, `${dir}/stat`);
  if (statText === undefined) return undefined;
  const stat = parseStat(statText);
  if (!stat) return undefined;
  const statusText = yield* readText(sys, `${dir}/status`);
  const status = parseStatus(statusText ?? '');
  let cmdline: string[] = [];
  if (opts.cmdline !== false) {
    const c = yield* readText(sys, `${dir}/cmdline`);
    cmdline = parseCmdline(c ?? '');
  }
  const uids = statusIds(status, 'Uid');
  const gids = statusIds(status, 'Gid');
  const tgid = Number(status.get('Tgid') ?? stat.pid) || stat.pid;
  return {
    pid: stat.pid,
    tgid,
    stat,
    status,
    cmdline,
    ruid: uids[0],
    euid: uids[1],
    rgid: gids[0],
    egid: gids[1],
    rssKb: statusKb(status, 'VmRSS'),
    vszKb: statusKb(status, 'VmSize'),
    nlwp: Number(status.get('Threads') ?? stat.numThreads) || stat.numThreads || 1,
  };
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


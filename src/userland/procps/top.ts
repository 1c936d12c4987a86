// top (procps-ng 4.0.2): summary + task area from /proc, refreshed every -d seconds of virtual
// time. Interactive mode puts the terminal in raw mode (TCGETS/TCSETS), waits for keys with
// poll() so they act at once, redraws on SIGWINCH; batch mode (-b) just prints frames.
import type { Sys, Program, SysCall, Termios, Winsize } from '../../kernel/syscall';
import {
  TCGETS, TCSETS, TIOCGWINSZ, ICANON, ECHO, VMIN, VTIME, POLLIN, SIGWINCH, SIGINT, SIGTERM, SIGHUP,
  EINTR, CLOCK_MONOTONIC, strerror,
} from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { loadIdDb } from '../lib/passwd';
import type { ProcInfo, CpuTimes } from '../lib/procfs';
import {
  HZ, readAllProcs, readTasks, parseMeminfo, parseKernelStat, readProcText, pidWidth, getenv,
} from '../lib/procfs';
import { readUptimeLine } from './uptime';
import { signalNameToNumber } from './signals';
import { decode } from '../lib/text';
import { cmdlineText, escapeStr } from './ps-format';

export const TOP_USAGE = `
Usage:
 top [options]

Options:
 -b, --batch-mode                run in non-interactive batch mode
 -c, --cmdline-toggle            reverse last remembered 'c' state
 -d, --delay =SECS [.TENTHS]     iterative delay as SECS [.TENTHS]
 -E, --scale-summary-mem =SCALE  set mem as: k,m,g,t,p,e for SCALE
 -e, --scale-task-mem =SCALE     set mem with: k,m,g,t,p for SCALE
 -H, --threads-show              show tasks plus all their threads
 -i, --idle-toggle               reverse last remembered 'i' state
 -n, --iterations =NUMBER        exit on maximum iterations NUMBER
 -O, --list-fields               output all field names, then exit
 -o, --sort-override =FIELD      force sorting on this named FIELD
 -p, --pid =PIDLIST              monitor only the tasks in PIDLIST
 -S, --accum-time-toggle         reverse last remembered 'S' state
 -s, --secure-mode               run with secure mode restrictions
 -U, --filter-any-user =USER     show only processes owned by USER
 -u, --filter-only-euser =USER   show only processes owned by USER
 -w, --width [=COLUMNS]          change print width [,use COLUMNS]
 -1, --single-cpu-toggle         reverse last remembered '1' state

 -h, --help                      display this help text, then exit
 -V, --version                   output version information & exit

For more details see top(1).
`;

/** TIME+ column: "M:SS.hh" (scale_tics). */
export function fmtTimePlus(ticks: number, width = 9): string {
  let nt = Math.floor((ticks * 100) / HZ);
  const cc = nt % 100;
  nt = Math.floor(nt / 100);
  const nn = nt % 60;
  nt = Math.floor(nt / 60);
  let s = `${nt}:${String(nn).padStart(2, '0')}.${String(cc).padStart(2, '0')}`;
  if (s.length <= width) return s;
  // minutes:seconds
  s = `${nt}:${String(nn).padStart(2, '0')}`;
  if (s.length <= width) return s;
  const hh = Math.floor(nt / 60);
  s = `${hh},${String(nt % 60).padStart(2, '0')}`;
  if (s.length <= width) return s;
  return `${Math.floor(hh / 24)}d+${hh % 24}h`;
}

/** VIRT/RES/SHR (KiB): plain, else scaled with m/g/t/p suffix (scale_mem). */
export function scaleMem(kb: number, width: number): string {
  let s = String(Math.round(kb));
  if (s.length <= width) return s;
  let v = kb;
  for (const sfx of ['m', 'g', 't', 'p', 'e']) {
    v /= 1024;
    s = `${v.toFixed(1)}${sfx}`;
    if (s.length <= width) return s;
  }
  return '?';
}

/** %CPU / %MEM: "%.1f", falling back to "%.0f" when too wide. */
export function fmtPct(v: number, width = 5): string {
  const s = v.toFixed(1);
  if (s.length <= width) return s;
  return v.toFixed(0);
}

export interface TopTask {
  info: ProcInfo;
  pcpu: number;
}

export interface Summary {
  uptimeLine: string;
  tasks: { total: number; running: number; sleeping: number; stopped: number; zombie: number };
  cpu: { us: number; sy: number; ni: number; id: number; wa: number; hi: number; si: number; st: number };
  mem: Map<string, number>;
}

/** CPU percentages between two /proc/stat cpu lines. */
export function cpuPercents(a: CpuTimes, b: CpuTimes): Summary['cpu'] {
  const d = (k: keyof CpuTimes) => Math.max(0, b[k] - a[k]);
  const us = d('user');
  const sy = d('system');
  const ni = d('nice');
  let id = d('idle');
  const wa = d('iowait');
  const hi = d('irq');
  const si = d('softirq');
  const st = d('steal');
  let tot = us + sy + ni + id + wa + hi + si + st;
  if (tot < 1) {
    tot = 1;
    id = 1;
  }
  const sc = 100 / tot;
  return { us: us * sc, sy: sy * sc, ni: ni * sc, id: id * sc, wa: wa * sc, hi: hi * sc, si: si * sc, st: st * sc };
}

const f1 = (v: number, w: number) => v.toFixed(1).padStart(w);

/** The five summary lines, each already cut to `cols`. */
export function summaryLines(s: Summary, cols: number, threads = false): string[] {
  const t = s.tasks;
  const c = s.cpu;
  const m = s.mem;
  const g = (k: string) => m.get(k) ?? 0;
  const total = g('MemTotal');
  const free = g('MemFree');
  const avail = m.has('MemAvailable') ? g('MemAvailable') : free;
  const used = total - avail;
  const bc = g('Buffers') + g('Cached') + g('SReclaimable');
  const swT = g('SwapTotal');
  const swF = g('SwapFree');
  const mib = (kb: number) => f1(kb / 1024, 9);
  const n4 = (n: number) => String(n).padStart(4);
  const lines = [
    `top -${s.uptimeLine}`,
    `${threads ? 'Threads' : 'Tasks'}:${n4(t.total)} total,${n4(t.running)} running,${n4(t.sleeping)} sleeping,${n4(t.stopped)} stopped,${n4(t.zombie)} zombie`,
    `%Cpu(s):${f1(c.us, 5)} us,${f1(c.sy, 5)} sy,${f1(c.ni, 5)} ni,${f1(c.id, 5)} id,${f1(c.wa, 5)} wa,${f1(c.hi, 5)} hi,${f1(c.si, 5)} si,${f1(c.st, 5)} st `,
    `MiB Mem :${mib(total)} total,${mib(free)} free,${mib(used)} used,${mib(bc)} buff/cache     `,
    `MiB Swap:${mib(swT)} total,${mib(swF)} free,${mib(swT - swF)} used.${mib(avail)} avail Mem `,
  ];
  return lines.map((l) => l.slice(0, cols));
}

/**
 * Task-area fields in order, with their widths (as top pads them: one space, then right-justified,
 * USER left-justified). Fields are kept while they fit in cols-1; COMMAND takes what is left.
 */
function fieldCells(t: TopTask | undefined, pidW: number, user: string, memTotalKb: number, shrKb: number): string[] {
  if (!t) {
    return ['PID'.padStart(pidW), ' USER    ', '  PR', '  NI', '    VIRT', '    RES', '    SHR', ' S', '  %CPU', '  %MEM', '     TIME+'];
  }
  const s = t.info.stat;
  const u = user.length > 8 ? user.slice(0, 7) + '+' : user.padEnd(8);
  const pr = s.priority < -99 ? 'rt' : String(s.priority);
  const pmem = memTotalKb ? (t.info.rssKb * 100) / memTotalKb : 0;
  return [
    String(t.info.pid).padStart(pidW), ' ' + u, ' ' + pr.padStart(3), ' ' + String(s.nice).padStart(3),
    ' ' + scaleMem(t.info.vszKb, 7).padStart(7), ' ' + scaleMem(t.info.rssKb, 6).padStart(6),
    ' ' + scaleMem(shrKb, 6).padStart(6), ' ' + s.state, ' ' + fmtPct(t.pcpu).padStart(5),
    ' ' + fmtPct(pmem).padStart(5), ' ' + fmtTimePlus(s.utime + s.stime).padStart(9),
  ];
}

function layoutRow(cells: string[], cmd: string, cols: number, isHeader: boolean): string {
  const limit = cols - 1;
  let row = '';
  for (const c of cells) {
    if (row.length + c.length > limit) return row;
    row += c;
  }
  const room = limit - row.length - 1;
  if (room < 1) return row;
  if (!isHeader && cmd.length > room) cmd = cmd.slice(0, room - 1) + '+';
  else if (isHeader && cmd.length > room) cmd = cmd.slice(0, room);
  return row + ' ' + cmd;
}

/** Column header for a PID width, cut to the screen width. */
export function taskHeader(pidW: number, cols = 512): string {
  return layoutRow(fieldCells(undefined, pidW, '', 0, 0), 'COMMAND', cols, true);
}

/** One task row, cut to the screen width (COMMAND gets the rest, '+' when truncated). */
export function taskRow(t: TopTask, pidW: number, user: string, memTotalKb: number, cols: number, cmdline: boolean, shrKb: number, utf8 = true): string {
  const cmd = escapeStr(cmdline ? cmdlineText(t.info) : t.info.stat.comm, 1 << 20, utf8)[0];
  return layoutRow(fieldCells(t, pidW, user, memTotalKb, shrKb), cmd, cols, false);
}

interface Opts {
  batch: boolean;
  delay: number; // seconds
  iterations: number; // -1 = forever
  pids: number[];
  threads: boolean;
  cmdline: boolean;
  idle: boolean; // show idle tasks
  width: number | undefined;
  user: { uid: number; euidOnly: boolean } | undefined;
  sort: 'pcpu' | 'pmem' | 'pid' | 'time' | 'res';
  secure: boolean;
}

function* parseOpts(sys: Sys, argv: string[]): SysCall<Opts | number> {
  const o: Opts = { batch: false, delay: 3, iterations: -1, pids: [], threads: false, cmdline: false, idle: true, width: undefined, user: undefined, sort: 'pcpu', secure: false };
  const err = function* (msg: string): SysCall<number> {
    yield* writeAll(sys, 2, `top: ${msg}\n`);
    return 1;
  };
  const longs: Record<string, string> = {
    'batch-mode': 'b', 'cmdline-toggle': 'c', delay: 'd', 'threads-show': 'H', 'idle-toggle': 'i', iterations: 'n',
    'sort-override': 'o', pid: 'p', 'secure-mode': 's', 'filter-any-user': 'U', 'filter-only-euser': 'u', width: 'w',
    help: 'h', version: 'V',
  };
  const withArg = 'dnopuU';
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let pairs: Array<[string, string | undefined]> = [];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const cands = Object.keys(longs).filter((k) => k.startsWith(name));
      const key = longs[name] ?? (cands.length === 1 ? longs[cands[0]!] : undefined);
      if (!key) {
        yield* writeAll(sys, 2, `top: unrecognized option '${a}'\n`);
        yield* writeAll(sys, 1, '\n');
        return 0;
      }
      let v = eq >= 0 ? a.slice(eq + 1) : undefined;
      if (withArg.includes(key) && v === undefined) v = args[++i];
      if (key === 'w' && v === undefined && args[i + 1] && /^[0-9]+$/.test(args[i + 1]!)) v = args[++i];
      pairs = [[key, v]];
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (withArg.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) {
            yield* writeAll(sys, 2, `top: option requires an argument -- '${c}'\n`);
            yield* writeAll(sys, 1, '\n');
            return 0;
          }
          pairs.push([c, v]);
          break;
        }
        if (c === 'w') {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[i + 1] && /^[0-9]+$/.test(args[i + 1]!) ? args[++i] : undefined;
          pairs.push([c, v]);
          break;
        }
        pairs.push([c, undefined]);
      }
    } else {
      yield* writeAll(sys, 2, `top: unknown option '${a}'\n`);
      yield* writeAll(sys, 1, '\n');
      return 0;
    }
    for (const [k, v] of pairs) {
      switch (k) {
        case 'b': o.batch = true; break;
        case 'c': o.cmdline = !o.cmdline; break;
        case 'H': o.threads = true; break;
        case 'i': o.idle = !o.idle; break;
        case 's': o.secure = true; break;
        case 'd': {
          const d = /^[0-9]*\.?[0-9]+$|^[0-9]+\.$/.test(v!) ? Number(v) : NaN;
          if (!Number.isFinite(d)) return yield* err(`bad delay interval '${v}'`);
          if (d < 0) return yield* err(`delay time must be positive '${v}'`);
          o.delay = d;
          break;
        }
        case 'n': {
          if (!/^[0-9]+$/.test(v!)) return yield* err(`bad iterations argument '${v}'`);
          o.iterations = Number(v);
          break;
        }
        case 'o': {
          const f = v!.replace(/^[+-]/, '');
          const map: Record<string, Opts['sort']> = { '%CPU': 'pcpu', '%MEM': 'pmem', PID: 'pid', 'TIME+': 'time', TIME: 'time', RES: 'res' };
          const s = map[f];
          if (!s) return yield* err(`unrecognized field name '${f}'`);
          o.sort = s;
          break;
        }
        case 'p': {
          for (const p of v!.split(',')) {
            if (!/^[0-9]+$/.test(p) || Number(p) < 0) return yield* err(`bad pid '${v}'`);
            if (o.pids.length >= 20) return yield* err('pid limit (20) exceeded');
            o.pids.push(Number(p));
          }
          break;
        }
        case 'u': case 'U': {
          const ids = yield* loadIdDb(sys);
          const uid = /^[0-9]+$/.test(v!) ? Number(v) : ids.userByName(v!)?.uid;
          if (uid === undefined) return yield* err('Invalid user');
          o.user = { uid, euidOnly: k === 'u' };
          break;
        }
        case 'w': {
          if (v !== undefined) {
            if (!/^[0-9]+$/.test(v) || Number(v) < 80 || Number(v) > 512) return yield* err(`bad width arg '${v}', must > 80 and < 512`);
            o.width = Number(v);
          } else o.width = 512;
          break;
        }
        case 'h':
          yield* writeAll(sys, 1, TOP_USAGE);
          return 0;
        case 'V':
          yield* writeAll(sys, 1, 'top from procps-ng 4.0.2\n');
          return 0;
        default:
          // procps-ng 4.0.2 prints getopt's complaint only, and exits 0
          yield* writeAll(sys, 2, `top: invalid option -- '${k}'\n`);
          return 0;
      }
    }
  }
  return o;
}

interface Sample {
  ticks: Map<number, number>; // tid → utime+stime
  monoNs: number;
  cpu: CpuTimes;
}

export function* top(sys: Sys, argv: string[], envp: string[]): Program {
  const parsed = yield* parseOpts(sys, argv);
  if (typeof parsed === 'number') return parsed;
  const o = parsed;
  const ids = yield* loadIdDb(sys);
  const pidW = yield* pidWidth(sys);
  const loc = getenv(envp, 'LC_ALL') || getenv(envp, 'LC_CTYPE') || getenv(envp, 'LANG') || '';
  const utf8 = /utf-?8/i.test(loc);
  const isTty = typeof (yield* sys.ioctl(1, TCGETS)) !== 'number';
  const interactive = !o.batch;
  if (interactive && !isTty) {
    // top refuses to run interactively without a terminal
    yield* writeAll(sys, 2, 'top: failed tty get\n');
    return 1;
  }
  let rows = 24;
  let cols = 80;
  const getSize = function* (): SysCall<void> {
    const ws = (yield* sys.ioctl(1, TIOCGWINSZ)) as Winsize | number;
    if (typeof ws !== 'number' && ws && ws.cols > 0) {
      rows = ws.rows;
      cols = ws.cols;
    }
    const c = getenv(envp, 'COLUMNS');
    const l = getenv(envp, 'LINES');
    if (c && /^[0-9]+$/.test(c)) cols = Number(c);
    if (l && /^[0-9]+$/.test(l)) rows = Number(l);
    if (o.width !== undefined) {
      const envw = c && /^[0-9]+$/.test(c) ? Number(c) : undefined;
      cols = o.batch ? envw ?? o.width : Math.max(cols, o.width);
    }
  };
  yield* getSize();

  let prev: Sample | undefined;
  const sample = function* (): SysCall<{ s: Sample; tasks: ProcInfo[] }> {
    const kstat = parseKernelStat(yield* readProcText(sys, '/proc/stat'));
    const procs = yield* readAllProcs(sys, { cmdline: o.cmdline });
    let tasks: ProcInfo[] = procs;
    if (o.threads) {
      tasks = [];
      for (const p of procs) tasks.push(...(yield* readTasks(sys, p, { cmdline: o.cmdline })));
    }
    const ts = yield* sys.clock_gettime(CLOCK_MONOTONIC);
    const monoNs = typeof ts === 'number' ? 0 : ts[0] * 1e9 + ts[1];
    const ticks = new Map<number, number>();
    for (const t of tasks) ticks.set(t.pid, t.stat.utime + t.stat.stime);
    return { s: { ticks, monoNs, cpu: kstat.cpu }, tasks };
  };

  // prime the %CPU baseline, as top does before its first frame
  prev = (yield* sample()).s;
  yield* sys.nanosleep(100_000_000);

  const shrCache = new Map<number, number>();
  const buildFrame = function* (msg: string): SysCall<{ text: string[]; first: number | undefined }> {
    const { s, tasks } = yield* sample();
    const et = prev ? (s.monoNs - prev.monoNs) / 1e9 : 0;
    const mem = parseMeminfo(yield* readProcText(sys, '/proc/meminfo'));
    const memTotal = mem.get('MemTotal') ?? 0;
    const cpu = cpuPercents(prev ? prev.cpu : s.cpu, s.cpu);
    const list: TopTask[] = [];
    for (const t of tasks) {
      const before = prev?.ticks.get(t.pid);
      const now = s.ticks.get(t.pid) ?? 0;
      const tics = before === undefined ? 0 : Math.max(0, now - before);
      const pcpu = et > 0 ? (tics * 100) / (HZ * et) : 0;
      list.push({ info: t, pcpu });
    }
    prev = s;
    let shown = list;
    if (o.pids.length) shown = shown.filter((t) => o.pids.includes(t.info.tgid) || o.pids.includes(t.info.pid));
    if (o.user) shown = shown.filter((t) => (o.user!.euidOnly ? t.info.euid === o.user!.uid : t.info.euid === o.user!.uid || t.info.ruid === o.user!.uid));
    const counts = { total: shown.length, running: 0, sleeping: 0, stopped: 0, zombie: 0 };
    for (const t of shown) {
      const st = t.info.stat.state;
      if (st === 'R') counts.running++;
      else if (st === 'S' || st === 'D' || st === 'I') counts.sleeping++;
      else if (st === 'T' || st === 't') counts.stopped++;
      else if (st === 'Z') counts.zombie++;
    }
    if (!o.idle) shown = shown.filter((t) => t.pcpu > 0 || t.info.stat.state === 'R');
    const key = (t: TopTask): number => {
      switch (o.sort) {
        case 'pmem': return t.info.rssKb;
        case 'pid': return -t.info.pid;
        case 'time': return t.info.stat.utime + t.info.stat.stime;
        case 'res': return t.info.rssKb;
        default: return t.pcpu;
      }
    };
    shown = shown.map((t, i) => ({ t, i })).sort((a, b) => key(b.t) - key(a.t) || a.i - b.i).map((x) => x.t);
    const summary: Summary = { uptimeLine: yield* readUptimeLine(sys), tasks: counts, cpu, mem };
    const lines = summaryLines(summary, cols, o.threads);
    lines.push(msg.slice(0, cols));
    lines.push(taskHeader(pidW, cols));
    let maxRows = shown.length;
    if (interactive) maxRows = Math.max(0, rows - lines.length);
    for (const t of shown.slice(0, maxRows)) {
      let shr = shrCache.get(t.info.pid);
      if (shr === undefined) {
        const statm = yield* readProcText(sys, `/proc/${t.info.tgid}/statm`);
        const f = statm.trim().split(/\s+/);
        shr = (Number(f[2]) || 0) * 4;
      }
      const user = ids.userByUid(t.info.euid)?.name ?? String(t.info.euid);
      lines.push(taskRow(t, pidW, user, memTotal, cols, o.cmdline, shr, utf8));
    }
    shrCache.clear();
    return { text: lines, first: shown[0]?.info.pid };
  };

  if (o.batch) {
    let n = 0;
    for (;;) {
      const { text } = yield* buildFrame('');
      yield* writeAll(sys, 1, (n > 0 ? '\n' : '') + text.join('\n') + '\n');
      n++;
      if (o.iterations >= 0 && n >= Math.max(1, o.iterations)) break;
      yield* sys.nanosleep(Math.round(o.delay * 1e9));
    }
    return 0;
  }

  // ---- interactive ----
  const saved = (yield* sys.ioctl(0, TCGETS)) as Termios | number;
  let winch = false;
  let quit = false;
  yield* sys.sigaction(SIGWINCH, { handler: function* () { winch = true; } });
  for (const sig of [SIGINT, SIGTERM, SIGHUP]) {
    yield* sys.sigaction(sig, { handler: function* () { quit = true; } });
  }
  if (typeof saved !== 'number') {
    const raw: Termios = { ...saved, cc: [...saved.cc], lflag: saved.lflag & ~(ICANON | ECHO) };
    raw.cc[VMIN] = 1;
    raw.cc[VTIME] = 0;
    yield* sys.ioctl(0, TCSETS, raw);
  }
  const restore = function* (): SysCall<void> {
    if (typeof saved !== 'number') yield* sys.ioctl(0, TCSETS, saved);
    yield* writeAll(sys, 1, `\x1b[${rows};1H\x1b[?25h\n`);
  };
  const draw = function* (lines: string[]): SysCall<void> {
    const shown = lines.slice(0, Math.max(1, rows));
    yield* writeAll(sys, 1, '\x1b[?25l\x1b[H' + shown.map((l) => l + '\x1b[K').join('\n') + '\x1b[J');
  };
  yield* writeAll(sys, 1, '\x1b[H\x1b[2J');
  // keystrokes not yet handled (a read can return several at once)
  let pending = '';
  const readKey = function* (timeoutNs: number): SysCall<string | null | 'intr'> {
    if (pending.length === 0) {
      const r = yield* sys.poll([{ fd: 0, events: POLLIN }], timeoutNs);
      if (typeof r === 'number') return r === -EINTR ? 'intr' : null;
      if (!r[0]) return null;
      const b = yield* sys.read(0, 64);
      if (typeof b === 'number') return b === -EINTR ? 'intr' : null;
      if (b.length === 0) return 'q';
      pending = decode(b);
    }
    const ch = pending[0]!;
    pending = pending.slice(1);
    return ch;
  };
  /** Read a line on the message row, echoing, like top's ioline(). Esc aborts (null). */
  const ioline = function* (prompt: string, frame: string[]): SysCall<string | null> {
    let buf = '';
    for (;;) {
      const lines = [...frame];
      lines[5] = (prompt + buf).slice(0, cols);
      yield* draw(lines);
      yield* writeAll(sys, 1, `\x1b[6;${Math.min(cols, prompt.length + buf.length + 1)}H\x1b[?25h`);
      const k = yield* readKey(-1);
      if (k === 'intr') {
        if (quit) return null;
        continue;
      }
      if (k === null) continue;
      if (k === '\x1b') return null;
      if (k === '\r' || k === '\n') return buf;
      if (k === '\x7f' || k === '\b') buf = buf.slice(0, -1);
      else if (k >= ' ') buf += k;
    }
  };

  let iter = 0;
  let msg = '';
  let frame = yield* buildFrame(msg);
  yield* draw(frame.text);
  iter++;
  for (;;) {
    if (quit) break;
    if (o.iterations >= 0 && iter >= Math.max(1, o.iterations)) break;
    const k = yield* readKey(Math.round(o.delay * 1e9));
    if (quit) break;
    if (winch) {
      winch = false;
      yield* getSize();
      yield* writeAll(sys, 1, '\x1b[H\x1b[2J');
    } else if (k !== null && k !== 'intr') {
      const ch = k[0]!;
      msg = '';
      if (ch === 'q') break;
      if (ch === 'k') {
        if (o.secure) msg = ' Unavailable in secure mode ';
        else {
          const def = frame.first ?? 0;
          const ps = yield* ioline(`PID to signal/kill [default pid = ${def}] `, frame.text);
          if (quit) break;
          if (ps !== null) {
            const pid = ps.trim() === '' ? def : /^\s*[0-9]+\s*$/.test(ps) ? Number(ps) : NaN;
            if (!Number.isFinite(pid)) msg = ' Unacceptable integer ';
            else if (pid > 0) {
              const ss = yield* ioline(`Send pid ${pid} signal [${SIGTERM}/sigterm] `, frame.text);
              if (quit) break;
              if (ss !== null) {
                const sig = ss.trim() === '' ? SIGTERM : signalNameToNumber(ss.trim());
                if (sig < 1) msg = ' Invalid signal ';
                else {
                  const r = yield* sys.kill(pid, sig);
                  if (r < 0) msg = ` Failed signal pid '${pid}' with '${sig}': ${strerror(-r)} `;
                }
              }
            }
          }
        }
      } else if (ch === 'c') o.cmdline = !o.cmdline;
      else if (ch === 'i') o.idle = !o.idle;
      else if (ch === 'H') o.threads = !o.threads;
      else if (ch === 'M') o.sort = 'pmem';
      else if (ch === 'P') o.sort = 'pcpu';
      else if (ch === 'N') o.sort = 'pid';
      else if (ch === 'T') o.sort = 'time';
      else if (ch !== ' ' && ch !== '\r' && ch !== '\n') msg = " Unknown command - try 'h' for help ";
    }
    frame = yield* buildFrame(msg);
    yield* draw(frame.text);
    if (k === null) iter++;
  }
  yield* restore();
  return 0;
}

// Helpers for the kernel integration tests (kernel-*.test.ts): boot a machine with test programs
// installed, drive it in virtual time, and small generator routines test programs use to look at
// the kernel the way a student's program would (open/read of /proc, wait statuses).
import { Machine, type MachineOptions } from './machine';
import { runScriptOn } from './headless';
import { renderTranscript } from './transcript';
import type { BuiltinProgram } from '../userland/lib/registry';
import type { Sys, SysCall, Program, ProgramMain } from '../kernel/syscall';
import { O_RDONLY, O_WRONLY, O_TRUNC, O_CREAT } from '../kernel/syscall';

export const MS = 1_000_000;
export const SEC = 1_000_000_000;

/** A test program installed as /usr/bin/NAME. */
export function testProgram(name: string, main: ProgramMain): BuiltinProgram {
  return { name, paths: [`/usr/bin/${name}`], main, vszKb: 2400, rssKb: 1100 };
}

export interface TestMachine {
  m: Machine;
  /** programs that threw (simulator bugs): every test asserts this stays empty */
  crashes: string[];
}

/** Boot a machine with `programs` installed; program crashes are recorded, not swallowed. */
export function boot(programs: BuiltinProgram[], opts: MachineOptions = {}): TestMachine {
  const m = new Machine({ ...opts, extraPrograms: [...(opts.extraPrograms ?? []), ...programs] });
  const crashes: string[] = [];
  m.k.onProgramCrash = (t, err) => {
    crashes.push(`${t.comm}[${t.pid.vnr}]: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  };
  return { m, crashes };
}

export interface ProgramRun extends TestMachine {
  timedOut: boolean;
  output: Uint8Array[];
  transcript: () => Promise<string>;
}

/**
 * Boot a machine, type `script` at the console shell (one command per line), run until the shell
 * waits for input again. Test programs named in the script are installed from `programs`.
 */
export function runWith(programs: BuiltinProgram[], script: string, opts: MachineOptions & { maxVirtualSeconds?: number } = {}): ProgramRun {
  const tm = boot(programs, opts);
  const run = runScriptOn(tm.m, script, { maxVirtualSeconds: opts.maxVirtualSeconds ?? 600 });
  return {
    ...tm,
    timedOut: run.timedOut,
    output: run.output,
    transcript: () => renderTranscript(run.output, tm.m.options.cols, tm.m.options.rows),
  };
}

/** One test program, run once from the shell: `name args`. */
export function runProgram(main: ProgramMain, opts: MachineOptions & { maxVirtualSeconds?: number; args?: string } = {}): ProgramRun {
  return runWith([testProgram('ktest', main)], `ktest${opts.args ? ' ' + opts.args : ''}\n`, opts);
}

/** Raw console output as text (no terminal emulation). */
export function rawOutput(output: Uint8Array[]): string {
  return output.map((b) => new TextDecoder().decode(b)).join('');
}

// ---------------------------------------------------------------- driving virtual time

/** Run every event up to `ns` of virtual time from now. */
export function advance(m: Machine, ns: number): void {
  m.runUntil(m.now + ns);
}

/** Run events until `pred()` holds (checked after each batch) or `maxNs` of virtual time passes. */
export function advanceUntil(m: Machine, pred: () => boolean, maxNs: number): boolean {
  const deadline = m.now + maxNs;
  for (let guard = 0; guard < 1_000_000; guard++) {
    if (pred()) return true;
    const next = m.nextEventTime();
    if (!Number.isFinite(next) || next > deadline) {
      m.runUntil(deadline);
      return pred();
    }
    m.runUntil(next, 10_000);
  }
  return pred();
}

/** Wait until something reads the console, then type `bytes` (no terminator added). */
export function typeWhenReading(m: Machine, bytes: string | Uint8Array, maxNs = 600 * SEC): boolean {
  const ok = advanceUntil(m, () => m.consoleReaderWaiting(), maxNs);
  m.input(bytes);
  advance(m, 0);
  return ok;
}

// ---------------------------------------------------------------- inside test programs

const dec = new TextDecoder();

/** Read a whole file: its text, or -errno. */
export function* readText(sys: Sys, path: string): SysCall<string | number> {
  const fd = yield* sys.open(path, O_RDONLY);
  if (fd < 0) return fd;
  const parts: Uint8Array[] = [];
  for (;;) {
    const r = yield* sys.read(fd, 65536);
    if (typeof r === 'number') {
      yield* sys.close(fd);
      return r;
    }
    if (r.length === 0) break;
    parts.push(r);
  }
  yield* sys.close(fd);
  return parts.map((p) => dec.decode(p)).join('');
}

/** open(O_WRONLY|O_TRUNC) + one write; returns write()'s result (or open's -errno). */
export function* writeText(sys: Sys, path: string, text: string, create = false): SysCall<number> {
  const fd = yield* sys.open(path, O_WRONLY | O_TRUNC | (create ? O_CREAT : 0), 0o644);
  if (fd < 0) return fd;
  const r = yield* sys.write(fd, text);
  yield* sys.close(fd);
  return r;
}

/** /proc/PID/status as a map (key → value after the tab), or -errno. */
export function* procStatus(sys: Sys, pid: number | 'self'): SysCall<Map<string, string> | number> {
  const t = yield* readText(sys, `/proc/${pid}/status`);
  if (typeof t === 'number') return t;
  const m = new Map<string, string>();
  for (const line of t.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) m.set(line.slice(0, i), line.slice(i + 1).replace(/^\t/, ''));
  }
  return m;
}

/**
 * /proc/PID/stat split into fields numbered as proc(5) numbers them: f[1] pid, f[2] comm (without
 * parentheses), f[3] state, f[14] utime ...; or -errno.
 */
export function* procStat(sys: Sys, pid: number | 'self'): SysCall<string[] | number> {
  const t = yield* readText(sys, `/proc/${pid}/stat`);
  if (typeof t === 'number') return t;
  return splitStat(t);
}

export function splitStat(text: string): string[] {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const rest = text.slice(close + 2).trim().split(' ');
  return ['', text.slice(0, open - 1), text.slice(open + 1, close), ...rest];
}

/** A CPU burner: compute in `chunkNs` pieces forever. */
export function* burner(sys: Sys, chunkNs = 10 * MS): Program {
  for (;;) yield* sys.compute(chunkNs);
}

/** Sleep `ns` of virtual time, resuming after interruptions. */
export function* sleepFully(sys: Sys, ns: number): SysCall<void> {
  const [s0, n0] = (yield* sys.clock_gettime(1)) as readonly [number, number];
  const end = s0 * SEC + n0 + ns;
  for (;;) {
    const [s, n] = (yield* sys.clock_gettime(1)) as readonly [number, number];
    const now = s * SEC + n;
    if (now >= end) return;
    yield* sys.nanosleep(end - now);
  }
}

/** Monotonic clock in ns. */
export function* monoNs(sys: Sys): SysCall<number> {
  const [s, n] = (yield* sys.clock_gettime(1)) as readonly [number, number];
  return s * SEC + n;
}

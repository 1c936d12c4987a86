// Lesson checks: declarative predicates over the machine's state and its command log
// (ARCHITECTURE.md §7). A lesson is data from anyone, so a check is never code: it names what to
// look at (a process, a file, a mount, a cgroup, a counter, what a command printed, a command
// that was run) and what to expect. Evaluating one only reads: files are opened and read as init
// (pid 1, root, the host's namespaces) the way `cat` would, without a task running, without
// virtual time passing and without any trace event, so evaluating checks after every command
// cannot change the machine (and replay stays byte-identical).
//
// Checks look at the final state, not at how the student got there: a process check is satisfied
// by any process that matches, whoever started it.
import type { Kernel } from '../kernel/kernel';
import type { Task } from '../kernel/task/task';
import { ExitState } from '../kernel/task/task';
import { taskState } from '../kernel/task/state';
import { visibleProcesses } from '../kernel/task/cputime';
import { resolve } from '../kernel/fs/namei';
import { openPath, fput } from '../kernel/fs/vfs';
import { O_RDONLY } from '../kernel/abi/flags';
import { WouldBlock } from '../kernel/task/wait';
import { fromUtf8 } from '../kernel/lib/text';
import type { CommandLog } from './command-log';
import type { Check, CheckResult, CgroupCheck, CommandCheck, CounterCheck, FileCheck, MountCheck, OutputCheck, ProcessCheck, CheckKind } from './lesson-checks-schema';
import { CHECK_KINDS } from './lesson-checks-schema';

export * from './lesson-checks-schema';

/** Regular expressions come from lesson files: invalid ones fail the check instead of throwing. */
function regex(src: string, flags = ''): RegExp | null {
  try {
    return new RegExp(src, flags);
  } catch {
    return null;
  }
}

const MAX_READ = 1 << 20;

/** The init task: checks read the machine as pid 1 sees it (the host's view). */
function initTask(k: Kernel): Task | null {
  return k.initPidNs.pids.get(1)?.task ?? null;
}

/** Read a regular file (proc, sysfs-like and cgroup files included) as `reader`; null if it cannot. */
export function readFileAs(k: Kernel, reader: Task, path: string): string | null {
  const p = resolve(reader.fs, reader.cred, path, true);
  if (typeof p === 'number' || !p.inode.isReg()) return null;
  const f = openPath(k, reader, path, O_RDONLY, 0);
  if (typeof f === 'number') return null;
  f.refs = 1;
  try {
    const parts: Uint8Array[] = [];
    let total = 0;
    while (total < MAX_READ) {
      const r = f.ops.read?.(k, reader, f, 65536);
      if (r === undefined || r instanceof WouldBlock || typeof r === 'number' || r.length === 0) break;
      parts.push(r);
      total += r.length;
    }
    const all = new Uint8Array(total);
    let off = 0;
    for (const b of parts) {
      all.set(b, off);
      off += b.length;
    }
    return fromUtf8(all);
  } finally {
    fput(k, f);
  }
}

function countOk(n: number, c: { count?: number; min?: number; max?: number }): boolean {
  if (c.count !== undefined) return n === c.count;
  return n >= (c.min ?? 1) && (c.max === undefined || n <= c.max);
}

function processCheck(k: Kernel, init: Task, c: ProcessCheck): CheckResult {
  const states = c.state === undefined ? null : Array.isArray(c.state) ? c.state : [c.state];
  const args = c.args === undefined ? null : regex(c.args);
  if (c.args !== undefined && !args) return { passed: false, detail: `invalid regular expression ${c.args}` };
  const found: string[] = [];
  for (const [pid, t] of visibleProcesses(k.initPidNs)) {
    if (t.exitState === ExitState.Dead) continue;
    if (c.comm !== undefined && t.comm !== c.comm) continue;
    const zombie = t.exitState === ExitState.Zombie;
    if (args && !args.test(zombie ? '' : t.argv.join(' '))) continue;
    const st = taskState(t);
    if (states && !states.includes(st)) continue;
    const level = t.pid.namespaces.length - 1;
    if (c.pidns === 'host' && level !== 0) continue;
    if (c.pidns === 'container' && level === 0) continue;
    if (c.nspid !== undefined && t.pid.numbers[level] !== c.nspid) continue;
    if (c.cgroup !== undefined && !inCgroup(readFileAs(k, init, `/proc/${pid}/cgroup`) ?? '', c.cgroup)) continue;
    found.push(`${pid} ${t.comm} ${st}`);
  }
  const passed = countOk(found.length, c);
  return { passed, detail: `${found.length} matching process${found.length === 1 ? '' : 'es'}${found.length ? `: ${found.slice(0, 5).join(', ')}` : ''}` };
}

/** Does a /proc/PID/cgroup text put the process in `want` ("/path" or "controller:/path")? */
function inCgroup(text: string, want: string): boolean {
  const m = /^([a-z_,]+):(\/.*)$/.exec(want);
  for (const line of text.split('\n')) {
    const parts = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!parts) continue;
    const [, controllers, path] = parts;
    if (m) {
      if (controllers!.split(',').includes(m[1]!) && path === m[2]) return true;
    } else if (path === want) return true;
  }
  return false;
}

function fileCheck(k: Kernel, init: Task, c: FileCheck): CheckResult {
  const p = resolve(init.fs, init.cred, c.path, true);
  const exists = typeof p !== 'number';
  if (c.exists === false) return { passed: !exists, detail: exists ? `${c.path} exists` : `${c.path} does not exist` };
  if (!exists) return { passed: false, detail: `${c.path} does not exist` };
  if (c.equals === undefined && c.contains === undefined && c.matches === undefined) return { passed: true, detail: `${c.path} exists` };
  const text = readFileAs(k, init, c.path);
  if (text === null) return { passed: false, detail: `${c.path} cannot be read as a file` };
  return textCheck(text, c, c.path);
}

function textCheck(text: string, c: { equals?: string; contains?: string; matches?: string }, what: string): CheckResult {
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
  if (c.equals !== undefined && text.replace(/\n$/, '') !== c.equals) return { passed: false, detail: `${what} reads ${shown}` };
  if (c.contains !== undefined && !text.includes(c.contains)) return { passed: false, detail: `${what} reads ${shown}` };
  if (c.matches !== undefined) {
    const re = regex(c.matches, 'm');
    if (!re) return { passed: false, detail: `invalid regular expression ${c.matches}` };
    if (!re.test(text)) return { passed: false, detail: `${what} reads ${shown}` };
  }
  return { passed: true, detail: `${what} reads ${shown}` };
}

/** One live task per mount namespace, for reading its /proc/PID/mounts. */
function mountNamespaces(k: Kernel): number[] {
  const seen = new Set<unknown>();
  const pids: number[] = [];
  for (const [pid, t] of visibleProcesses(k.initPidNs)) {
    if (t.exitState !== ExitState.Running || seen.has(t.nsproxy.mnt)) continue;
    seen.add(t.nsproxy.mnt);
    pids.push(pid);
  }
  return pids;
}

function mountCheck(k: Kernel, init: Task, c: MountCheck): CheckResult {
  let n = 0;
  for (const pid of mountNamespaces(k)) {
    const text = readFileAs(k, init, `/proc/${pid}/mounts`) ?? '';
    for (const line of text.split('\n')) {
      // /proc/PID/mounts: source target type options 0 0 (target as seen by that process's root)
      const [source, target, type, options] = line.split(' ');
      if (!type) continue;
      if (c.type !== undefined && type !== c.type) continue;
      if (c.target !== undefined && target !== c.target) continue;
      if (c.source !== undefined && source !== c.source) continue;
      if (c.option !== undefined && !options!.split(',').includes(c.option)) continue;
      n++;
    }
  }
  const want = c.exists !== false;
  return { passed: want ? n > 0 : n === 0, detail: `${n} matching mount${n === 1 ? '' : 's'}` };
}

function cgroupDir(c: CgroupCheck): string {
  const rel = c.path.replace(/^\/+|\/+$/g, '');
  const base = c.controller ? `/sys/fs/cgroup/${c.controller}` : '/sys/fs/cgroup';
  return rel ? `${base}/${rel}` : base;
}

function cgroupCheck(k: Kernel, init: Task, c: CgroupCheck): CheckResult {
  const dir = cgroupDir(c);
  const p = resolve(init.fs, init.cred, dir, true);
  const exists = typeof p !== 'number' && p.inode.isDir();
  if (c.exists === false) return { passed: !exists, detail: exists ? `${dir} exists` : `${dir} does not exist` };
  if (!exists) return { passed: false, detail: `${dir} does not exist` };
  const got: string[] = [];
  for (const [file, want] of Object.entries(c.files ?? {})) {
    const v = (readFileAs(k, init, `${dir}/${file}`) ?? '').trim();
    got.push(`${file}=${v}`);
    if (v !== String(want).trim()) return { passed: false, detail: `${dir}: ${got.join(', ')}` };
  }
  return { passed: true, detail: got.length ? `${dir}: ${got.join(', ')}` : `${dir} exists` };
}

function counterCheck(k: Kernel, init: Task, c: CounterCheck): CheckResult {
  const text = readFileAs(k, init, c.path);
  if (text === null) return { passed: false, detail: `${c.path} cannot be read` };
  let value: number | undefined;
  if (c.key === undefined) value = Number(text.trim());
  else {
    for (const line of text.split('\n')) {
      const [key, v] = line.trim().split(/\s+/);
      if (key === c.key) value = Number(v);
    }
  }
  if (value === undefined || Number.isNaN(value)) return { passed: false, detail: `${c.path}: no ${c.key ?? 'number'}` };
  const passed = (c.equals === undefined || value === c.equals) && (c.min === undefined || value >= c.min) && (c.max === undefined || value <= c.max);
  return { passed, detail: `${c.path}: ${c.key ? `${c.key} ` : ''}${value}` };
}

function outputCheck(log: CommandLog, c: OutputCheck): CheckResult {
  const recs = c.of === 'any' ? log.records : log.records.slice(-1);
  if (recs.length === 0) return { passed: false, detail: 'no command has run yet' };
  for (const r of recs) {
    if (textCheck(r.output, c, 'output').passed) return { passed: true, detail: `output of '${r.line}' matches` };
  }
  const last = recs[recs.length - 1]!;
  return { passed: false, detail: textCheck(last.output, c, `output of '${last.line}'`).detail };
}

function commandCheck(log: CommandLog, c: CommandCheck): CheckResult {
  const re = c.matches === undefined ? null : regex(c.matches);
  if (c.matches !== undefined && !re) return { passed: false, detail: `invalid regular expression ${c.matches}` };
  for (const r of log.records) {
    if (c.contains !== undefined && !r.line.includes(c.contains)) continue;
    if (re && !re.test(r.line)) continue;
    if (c.status !== undefined && r.status !== c.status) continue;
    return { passed: true, detail: `'${r.line}' was run${r.status === null ? '' : ` (exit status ${r.status})`}` };
  }
  return { passed: false, detail: `no such command among ${log.records.length}` };
}

/** The kind of a check: its one key among CHECK_KINDS. */
export function checkKind(c: Check): CheckKind {
  return CHECK_KINDS.find((kind) => kind in c)!;
}

/** Evaluate checks against the kernel and the command log. Never changes the machine. */
export function evaluateChecks(k: Kernel, log: CommandLog, checks: readonly Check[]): CheckResult[] {
  const init = initTask(k);
  return checks.map((c): CheckResult => {
    if (!init) return { passed: false, detail: 'the machine has no init' };
    if ('process' in c) return processCheck(k, init, c.process);
    if ('file' in c) return fileCheck(k, init, c.file);
    if ('mount' in c) return mountCheck(k, init, c.mount);
    if ('cgroup' in c) return cgroupCheck(k, init, c.cgroup);
    if ('counter' in c) return counterCheck(k, init, c.counter);
    if ('output' in c) return outputCheck(log, c.output);
    return commandCheck(log, c.command);
  });
}

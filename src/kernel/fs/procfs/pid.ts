// /proc/PID/*: per-process files, formatted exactly as Linux 6.18 fs/proc/array.c and base.c
// print them.
import type { Kernel } from '../../kernel';
import { type Task, ExitState } from '../../task/task';
import type { PidNamespace } from '../../task/pid';
import type { ProcEntry } from './procfs';
import { taskState, STATE_NAME } from '../../task/state';
import { hex16 } from '../../lib/text';
import { SIG_DEFAULT_ACTION, sigbit } from '../../abi/signal';
import { RLIMIT_SIGPENDING, USER_HZ, PAGE_SIZE } from '../../abi/flags';
import { pathName } from '../namei';
import { EINVAL, EPERM, EACCES, ENOENT } from '../../abi/errno';
import { rlimitTable } from '../../task/rlimit';
import { threadGroupCputime, liveThreadCount } from '../../task/cputime';
import { renderMounts, renderMountinfo } from '../mounts';
import { NS_ENTRIES, taskNs } from '../../ns/nsfs';
import { nsCapable } from '../../task/cred';
import { renderIdMap, writeIdMap } from '../../ns/user';
import { formatCpuList } from '../../cgroup/controllers/cpuset';
import { oomScore } from '../../mm/oom';

const NSEC_PER_TICK = 1e9 / USER_HZ;
/** MAX_NUMNODES = 1024 (Debian's NODES_SHIFT 10): 32 words, node 0 set */
const MEMS_ALLOWED = `Mems_allowed:\t${Array.from({ length: 31 }, () => '00000000').join(',')},00000001`;
const ticks = (ns: number): number => Math.floor(ns / NSEC_PER_TICK);

/** Numbers of a task's pid at every level from `ns` down ("NSpid:\t5\t1"). */
function nsNumbers(pid: { numbers: number[] }, ns: PidNamespace): string {
  return pid.numbers.slice(ns.level).join('\t');
}

function visiblePid(t: Task | null, ns: PidNamespace): number {
  return t ? t.pid.nr(ns) : 0;
}

/** Masks of ignored and caught signals (collect_sigign_sigcatch). */
export function sigIgnCgt(t: Task): { ign: number; cgt: number } {
  let ign = 0;
  let cgt = 0;
  for (let s = 1; s <= 31; s++) {
    const h = t.sig.actions[s]!.handler;
    if (h === 'ignore') ign |= sigbit(s);
    else if (h !== 'default') cgt |= sigbit(s);
  }
  return { ign, cgt };
}

function kb(bytes: number, width = 8): string {
  return String(Math.floor(bytes / 1024)).padStart(width, ' ') + ' kB';
}

/** The controlling tty as stat's tty_nr (new_encode_dev) and its foreground pgrp. */
function ttyInfo(t: Task, ns: PidNamespace): { nr: number; tpgid: number } {
  const tty = t.sig.tty;
  if (!tty) return { nr: 0, tpgid: -1 };
  return { nr: tty.rdev, tpgid: tty.pgrp ? tty.pgrp.nr(ns) || -1 : -1 };
}

export function renderStat(k: Kernel, t: Task, ns: PidNamespace, whole: boolean): string {
  const state = taskState(t);
  const leader = t.groupLeader;
  const ppid = leader.realParent ? visiblePid(leader.realParent, ns) : 0;
  const { nr: ttyNr, tpgid } = ttyInfo(t, ns);
  const dead = t.exitState !== ExitState.Running;
  const { utimeNs: utime, stimeNs: stime } = whole ? threadGroupCputime(t) : { utimeNs: t.utimeNs, stimeNs: t.stimeNs };
  const pending = whole ? t.pending | t.sig.sharedPending : t.pending;
  const { ign, cgt } = sigIgnCgt(t);
  const vsz = dead ? 0 : t.mm.vszBytes;
  const rssPages = dead ? 0 : Math.floor(t.mm.rssBytes / PAGE_SIZE);
  const flags = 0x400000 | (t.forkNoExec ? 0x40 : 0) | (dead ? 0x4 : 0);
  const base = 0x55c0_0000_0000 + (t.serial % 4096) * 0x100000;
  const stackTop = 0x7ffc_0000_0000 + (t.serial % 4096) * 0x10000;
  const f = [
    t.pid.nr(ns),
    `(${t.comm})`,
    state,
    ppid,
    leader.pgrp.nr(ns),
    leader.session.nr(ns),
    ttyNr,
    tpgid,
    flags,
    t.minFlt,
    0,
    0,
    0,
    ticks(utime),
    ticks(stime),
    ticks(t.sig.cutimeNs),
    ticks(t.sig.cstimeNs),
    20 + t.nice,
    t.nice,
    liveThreadCount(t),
    0,
    ticks(t.startTimeNs),
    vsz,
    rssPages,
    '18446744073709551615',
    dead ? 0 : base,
    dead ? 0 : base + 0x1a000,
    dead ? 0 : stackTop,
    0,
    0,
    pending,
    t.blocked,
    ign,
    cgt,
    0,
    0,
    0,
    t.exitSignal < 0 ? 0 : t.exitSignal,
    t.cpu,
    0,
    0,
    0,
    0,
    0,
    dead ? 0 : base + 0x1d000,
    dead ? 0 : base + 0x1e000,
    dead ? 0 : base + 0x3c000000,
    dead ? 0 : stackTop + 0xe000,
    dead ? 0 : stackTop + 0xe020,
    dead ? 0 : stackTop + 0xe020,
    dead ? 0 : stackTop + 0xefe0,
    dead ? t.exitCode : 0,
  ];
  return f.join(' ') + '\n';
}

export function renderStatus(k: Kernel, t: Task, ns: PidNamespace, viewer: Task): string {
  // ids as the reader's user namespace sees them
  const u = (x: number): number => viewer.cred.userNs.fromKuid(x);
  const g = (x: number): number => viewer.cred.userNs.fromKgid(x);
  const leader = t.groupLeader;
  const state = taskState(t);
  const c = t.cred;
  const ppid = leader.realParent ? visiblePid(leader.realParent, ns) : 0;
  const { ign, cgt } = sigIgnCgt(t);
  const dead = t.exitState !== ExitState.Running;
  const lines: string[] = [
    `Name:\t${t.comm}`,
    `Umask:\t${t.fs ? t.fs.umask.toString(8).padStart(4, '0') : '0022'}`,
    `State:\t${STATE_NAME[state]}`,
    `Tgid:\t${leader.pid.nr(ns)}`,
    `Ngid:\t0`,
    `Pid:\t${t.pid.nr(ns)}`,
    `PPid:\t${ppid}`,
    `TracerPid:\t0`,
    `Uid:\t${u(c.uid)}\t${u(c.euid)}\t${u(c.suid)}\t${u(c.fsuid)}`,
    `Gid:\t${g(c.gid)}\t${g(c.egid)}\t${g(c.sgid)}\t${g(c.fsgid)}`,
    `FDSize:\t${dead ? 0 : Math.max(64, 2 ** Math.ceil(Math.log2(Math.max(t.files.fds.length, 64))))}`,
    `Groups:\t${c.groups.map((x) => g(x) + ' ').join('')}`,
    `NStgid:\t${nsNumbers(leader.pid, ns)}`,
    `NSpid:\t${nsNumbers(t.pid, ns)}`,
    `NSpgid:\t${nsNumbers(leader.pgrp, ns)}`,
    `NSsid:\t${nsNumbers(leader.session, ns)}`,
    `Kthread:\t0`,
  ];
  if (!dead) {
    const mm = t.mm;
    const vsz = mm.vszBytes;
    const rss = mm.rssBytes;
    const anon = mm.rssAnonBytes;
    lines.push(
      `VmPeak:\t${kb(vsz)}`,
      `VmSize:\t${kb(vsz)}`,
      `VmLck:\t${kb(0)}`,
      `VmPin:\t${kb(0)}`,
      `VmHWM:\t${kb(rss)}`,
      `VmRSS:\t${kb(rss)}`,
      `RssAnon:\t${kb(anon)}`,
      `RssFile:\t${kb(mm.rssFileBytes)}`,
      `RssShmem:\t${kb(0)}`,
      `VmData:\t${kb(Math.max(0, vsz - mm.baseVsz) + Math.floor(mm.baseVsz / 8))}`,
      `VmStk:\t${kb(135168)}`,
      `VmExe:\t${kb(Math.floor(mm.baseVsz / 10))}`,
      `VmLib:\t${kb(Math.floor(mm.baseVsz / 2))}`,
      `VmPTE:\t${kb(Math.max(40960, Math.floor(vsz / 512)))}`,
      `VmSwap:\t${kb(0)}`,
      `HugetlbPages:\t${kb(0)}`,
    );
  }
  const allowed = k.sched.allowedCpus(t) ?? Array.from({ length: k.config.ncpus }, (_, i) => i);
  const sigq = popcount(t.pending | t.sig.sharedPending);
  const sigMax = t.sig.rlim[RLIMIT_SIGPENDING]?.cur ?? 0;
  lines.push(
    `CoreDumping:\t0`,
    `THP_enabled:\t1`,
    `untag_mask:\t0xffffffffffffffff`,
    `Threads:\t${liveThreadCount(t)}`,
    `SigQ:\t${sigq}/${Number.isFinite(sigMax) ? sigMax : 'unlimited'}`,
    `SigPnd:\t${hex16(t.pending)}`,
    `ShdPnd:\t${hex16(t.sig.sharedPending)}`,
    // asleep in rt_sigtimedwait, the waited-for signals are out of ->blocked (do_sigtimedwait)
    `SigBlk:\t${hex16(t.blocked & ~t.sigwaitMask)}`,
    `SigIgn:\t${hex16(ign)}`,
    `SigCgt:\t${hex16(cgt)}`,
    `CapInh:\t0000000000000000`,
    `CapPrm:\t${c.caps ? '000001ffffffffff' : '0000000000000000'}`,
    `CapEff:\t${c.caps ? '000001ffffffffff' : '0000000000000000'}`,
    `CapBnd:\t000001ffffffffff`,
    `CapAmb:\t0000000000000000`,
    `NoNewPrivs:\t0`,
    `Seccomp:\t0`,
    `Seccomp_filters:\t0`,
    `Speculation_Store_Bypass:\tthread vulnerable`,
    `SpeculationIndirectBranch:\tconditional enabled`,
    `Cpus_allowed:\t${cpuMask(allowed)}`,
    `Cpus_allowed_list:\t${formatCpuList(allowed)}`,
    MEMS_ALLOWED,
    `Mems_allowed_list:\t0`,
    `voluntary_ctxt_switches:\t${t.nvcsw}`,
    `nonvoluntary_ctxt_switches:\t${t.nivcsw}`,
  );
  void SIG_DEFAULT_ACTION;
  return lines.join('\n') + '\n';
}

/** A cpumask as /proc prints it: hex words of 32 bits, comma separated, no leading zero words. */
function cpuMask(cpus: readonly number[]): string {
  let m = 0;
  for (const c of cpus) m |= 1 << c;
  return (m >>> 0).toString(16);
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}

function renderStatm(t: Task): string {
  if (t.exitState !== ExitState.Running) return '0 0 0 0 0 0 0\n';
  const mm = t.mm;
  const p = (b: number): number => Math.floor(b / PAGE_SIZE);
  return `${p(mm.vszBytes)} ${p(mm.rssBytes)} ${p(mm.rssFileBytes)} ${p(mm.baseVsz / 10)} 0 ${p(mm.vszBytes - mm.baseVsz / 2)} 0\n`;
}

function nulJoin(a: string[]): string {
  return a.length === 0 ? '' : a.join('\0') + '\0';
}

function fdTarget(k: Kernel, viewer: Task, t: Task, fd: number): string | null {
  const e = t.files?.get(fd);
  if (!e) return null;
  const f = e.file;
  const fst = f.inode.sb.fstype;
  if (fst === 'pipefs') return `pipe:[${f.inode.ino}]`;
  void k;
  return pathName(f.path, viewer.fs.root);
}

function fdDir(t: Task): ProcEntry {
  return {
    kind: 'dir',
    mode: 0o500,
    children: (k, viewer) => {
      if (t.exitState !== ExitState.Running) return [];
      const out: Array<[string, ProcEntry]> = [];
      t.files.fds.forEach((e, fd) => {
        if (e) out.push([String(fd), { kind: 'link', target: () => fdTarget(k, viewer, t, fd) }]);
      });
      return out;
    },
  };
}

function oomScoreAdjEntry(t: Task): ProcEntry {
  return {
    kind: 'file',
    mode: 0o644,
    render: () => `${t.sig.oomScoreAdj}\n`,
    write: (_k, _w, text) => {
      const v = Number(text.trim());
      if (!/^-?\d+$/.test(text.trim()) || v < -1000 || v > 1000) return -EINVAL;
      t.sig.oomScoreAdj = v;
      return 0;
    },
  };
}

/** /proc/PID/ns: magic links to the task's namespaces (readable by the owner or a privileged viewer). */
function nsDir(t: Task): ProcEntry {
  return {
    kind: 'dir',
    mode: 0o511,
    children: () =>
      NS_ENTRIES.map(([name]): [string, ProcEntry] => [
        name,
        {
          kind: 'link',
          target: (_k, v) => {
            const r = t.alive && mayAccessNs(v, t) ? taskNs(t, name) : null;
            return r ? `${r.type}:[${r.ns.inum}]` : null;
          },
          follow: (kk, v) => {
            // ptrace_may_access fails with EACCES; a dead task's links lead nowhere
            if (!t.alive) return -ENOENT;
            if (!mayAccessNs(v, t)) return -EACCES;
            const r = taskNs(t, name);
            return r ? kk.nsfs.pathOf(r) : -ENOENT;
          },
        },
      ]),
  };
}

/** ptrace_may_access(PTRACE_MODE_READ): the same user, or CAP_SYS_PTRACE over the target's namespace. */
function mayAccessNs(viewer: Task, t: Task): boolean {
  return viewer.cred.uid === t.cred.uid || nsCapable(viewer.cred, t.cred.userNs);
}

/** /proc/PID/uid_map and gid_map: shown relative to the reader, written once (map_write). */
function idMapEntry(t: Task, kind: 'uid' | 'gid'): ProcEntry {
  return {
    kind: 'file',
    mode: 0o644,
    render: (_k, v) => renderIdMap(t.cred.userNs, v.cred.userNs, kind),
    write: (_k, w, text) => {
      const ns = t.cred.userNs;
      if (!ns.parent) return -EPERM;
      const privileged = nsCapable(w.cred, ns.parent) && (w.cred.userNs === ns.parent || w.cred.userNs === ns);
      return writeIdMap(ns, kind, text, { userNs: w.cred.userNs, euid: w.cred.euid, egid: w.cred.egid, privilegedInParent: privileged });
    },
  };
}

/** /proc/PID/setgroups: "allow" or "deny"; deny only before gid_map is written, never back. */
function setgroupsEntry(t: Task): ProcEntry {
  return {
    kind: 'file',
    mode: 0o644,
    render: () => (t.cred.userNs.setgroupsAllowed ? 'allow\n' : 'deny\n'),
    write: (_k, w, text) => {
      const ns = t.cred.userNs;
      const v = text.trim();
      if (v !== 'allow' && v !== 'deny') return -EINVAL;
      if (!nsCapable(w.cred, ns)) return -EPERM;
      if (v === 'allow') return ns.setgroupsAllowed ? 0 : -EPERM;
      if (ns.gidMap.written) return -EPERM;
      ns.setgroupsAllowed = false;
      return 0;
    },
  };
}

/** Entries of /proc/PID (and /proc/PID/task/TID when `thread`). */
export function pidEntries(k: Kernel, t: Task, ns: PidNamespace, thread = false): Array<[string, ProcEntry]> {
  const file = (render: (k: Kernel, v: Task) => string): ProcEntry => ({ kind: 'file', render });
  // entries are built once per task and reused: everything task-dependent is read at render time
  const alive = (): boolean => t.exitState === ExitState.Running;
  const entries: Array<[string, ProcEntry]> = [
    ['cgroup', file((kk, v) => kk.cgroups.renderProcCgroup(t, v))],
    ['cmdline', file(() => (alive() ? nulJoin(t.argv) : ''))],
    ['comm', { kind: 'file', mode: 0o644, render: () => `${t.comm}\n`, write: (_k, _w, s) => { t.comm = s.replace(/\n$/, '').slice(0, 15); return 0; } }],
    ['cwd', { kind: 'link', target: (_k, v) => (alive() ? pathName(t.fs.cwd, v.fs.root) : null) }],
    ['environ', { kind: 'file', mode: 0o400, render: () => (alive() ? nulJoin(t.envp) : '') }],
    ['exe', { kind: 'link', target: (_k, v) => (alive() && t.exe ? pathName(t.exe, v.fs.root) : null) }],
    ['fd', fdDir(t)],
    ['limits', file(() => rlimitTable(t.sig.rlim))],
    ['mounts', file((_k, v) => (alive() ? renderMounts(t, v) : ''))],
    ['mountinfo', file((_k, v) => (alive() ? renderMountinfo(t, v) : ''))],
    ['ns', nsDir(t)],
    ['oom_score', file(() => `${alive() ? oomScore(k, t) : 0}\n`)],
    ['oom_score_adj', oomScoreAdjEntry(t)],
    ['root', { kind: 'link', target: (_k, v) => (alive() ? pathName(t.fs.root, v.fs.root) : null) }],
    ['stat', file(() => renderStat(k, t, ns, !thread))],
    ['statm', file(() => renderStatm(t))],
    ['status', file((_k, v) => renderStatus(k, t, ns, v))],
    ['setgroups', setgroupsEntry(t)],
    ['uid_map', idMapEntry(t, 'uid')],
    ['gid_map', idMapEntry(t, 'gid')],
    ['wchan', file(() => (!alive() ? '0' : t.frozen && !t.onCpu && !t.onRq && !t.wait?.uninterruptible ? '__refrigerator' : t.wait ? t.wait.wchan : '0'))],
  ];
  if (!thread) {
    entries.push([
      'task',
      {
        kind: 'dir',
        children: (kk) =>
          t.groupLeader.threads
            .filter((th) => th.exitState !== ExitState.Dead)
            .map((th): [string, ProcEntry] => [String(th.pid.nr(ns)), { kind: 'dir', children: (k3) => pidEntries(k3, th, ns, true) }])
            .concat(t.groupLeader.threads.length === 0 ? [[String(t.pid.nr(ns)), { kind: 'dir', children: (k3) => pidEntries(k3, t, ns, true) }]] : [])
            .filter(() => kk === kk),
      },
    ]);
  }
  return entries.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

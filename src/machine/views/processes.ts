// The process table view: a plain, serialisable projection of the kernel's tasks, computed on
// demand from the same objects /proc renders (ARCHITECTURE.md §5). Nothing here keeps a copy of
// kernel state: a frame is built from the kernel each time it is asked for. The only memory is
// the previous frame a caller passes back in, from which %CPU is computed as top does (the CPU
// time a process used between two frames over the virtual time between them).
import type { Kernel } from '../../kernel/kernel';
import { type Task, ExitState } from '../../kernel/task/task';
import { taskState, type StateLetter } from '../../kernel/task/state';
import { renderStatus } from '../../kernel/fs/procfs/pid';
import { PAGE_SIZE } from '../../kernel/abi/flags';
import { threadGroupCputime, visibleProcesses, liveThreadCount } from '../../kernel/task/cputime';

export interface ProcessRow {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  uid: number;
  /** the task's comm (at most 15 characters) */
  comm: string;
  /** /proc/PID/cmdline as argv; empty for a zombie (its mm is gone) */
  args: string[];
  /** what ps's COMMAND column shows: the args joined, or `[comm]` when there are none */
  command: string;
  /** the controlling terminal as ps names it ("console", "pts/0"), or null */
  tty: string | null;
  /** field 3 of /proc/PID/stat */
  state: StateLetter;
  stopped: boolean;
  zombie: boolean;
  nice: number;
  /** utime + stime of the whole thread group (live threads and exited ones), ns */
  cpuNs: number;
  /** CPU time over the interval since the previous frame, % of one CPU (top's Irix mode) */
  cpuPercent: number;
  rssKb: number;
  vszKb: number;
  threads: number;
  /** virtual time the process started (ns since boot); with pid, identifies it across frames */
  startNs: number;
}

export interface ProcessesFrame {
  /** virtual time of the frame (ns since boot) */
  nowNs: number;
  ncpus: number;
  /** every process (thread-group leader) /proc lists, in pid order */
  processes: ProcessRow[];
  /** the selected process's /proc/PID/status text, when a pid was selected and exists */
  selected: { pid: number; status: string } | null;
}

export interface ProcessesFrameOptions {
  /** an earlier frame: %CPU is the CPU time used since it over the virtual time since it */
  prev?: ProcessesFrame | null;
  /** a pid whose /proc/PID/status to include */
  selectedPid?: number | null;
}

/** thread_group_cputime(): what /proc/PID/stat prints as utime and stime for a process. */
function groupCpuNs(t: Task): number {
  const c = threadGroupCputime(t);
  return c.utimeNs + c.stimeNs;
}

/** The processes of the root pid namespace, as /proc lists them (leaders not yet reaped). */
function processes(k: Kernel): Array<[number, Task]> {
  return visibleProcesses(k.initPidNs);
}

export function processesFrame(k: Kernel, opts: ProcessesFrameOptions = {}): ProcessesFrame {
  const ns = k.initPidNs;
  const now = k.timers.now;
  const prev = opts.prev ?? null;
  const prevRows = new Map<number, ProcessRow>();
  if (prev) for (const r of prev.processes) prevRows.set(r.pid, r);
  const rows: ProcessRow[] = [];
  for (const [pid, t] of processes(k)) {
    const leader = t.groupLeader;
    const state = taskState(t);
    const alive = t.exitState === ExitState.Running;
    const cpuNs = groupCpuNs(t);
    const p = prevRows.get(pid);
    let cpuPercent: number;
    if (prev && p && p.startNs === t.startTimeNs && now > prev.nowNs) {
      cpuPercent = (100 * Math.max(0, cpuNs - p.cpuNs)) / (now - prev.nowNs);
    } else if (prev && p && p.startNs === t.startTimeNs) {
      cpuPercent = p.cpuPercent; // virtual time stood still: nothing changed
    } else {
      // no earlier sample of this process: top counts all its CPU time as used within the
      // interval — since the previous frame, or, for the first frame, since boot (top's
      // initial uptime_sav is 0). Dividing by the process's own short lifetime instead would
      // show a just-started shell at 50 %.
      const interval = prev ? now - prev.nowNs : now;
      cpuPercent = interval > 0 ? (100 * cpuNs) / interval : 0;
    }
    const args = alive ? [...t.argv] : [];
    rows.push({
      pid,
      ppid: leader.realParent ? leader.realParent.pid.nr(ns) : 0,
      pgid: leader.pgrp.nr(ns),
      sid: leader.session.nr(ns),
      uid: t.cred.euid,
      comm: t.comm,
      args,
      command: args.length > 0 ? args.join(' ') : `[${t.comm}]`,
      tty: t.sig.tty ? t.sig.tty.name : null,
      state,
      stopped: state === 'T' || state === 't',
      zombie: state === 'Z',
      nice: t.nice,
      cpuNs,
      cpuPercent: Math.round(cpuPercent * 10) / 10,
      rssKb: alive ? Math.floor(t.mm.rssBytes / PAGE_SIZE) * (PAGE_SIZE / 1024) : 0,
      vszKb: alive ? Math.floor(t.mm.vszBytes / 1024) : 0,
      threads: liveThreadCount(t),
      startNs: t.startTimeNs,
    });
  }
  let selected: ProcessesFrame['selected'] = null;
  if (opts.selectedPid != null) {
    const t = ns.pids.get(opts.selectedPid)?.task;
    if (t && t.exitState !== ExitState.Dead) selected = { pid: opts.selectedPid, status: renderStatus(k, t, ns, k.init ?? t) };
  }
  return { nowNs: now, ncpus: k.config.ncpus, processes: rows, selected };
}

/**
 * Frames for one subscriber, with %CPU over a window of 1–2 s of virtual time (top's default
 * delay is 3 s; a frame per animation frame would make the figure jump between 0 and 100).
 * It remembers two earlier frames, not kernel state.
 */
export class ProcessesViewSource {
  private base: ProcessesFrame | null = null;
  private mid: ProcessesFrame | null = null;

  constructor(private readonly windowNs = 1e9) {}

  frame(k: Kernel, selectedPid: number | null = null): ProcessesFrame {
    const f = processesFrame(k, { prev: this.base, selectedPid });
    if (this.mid === null || f.nowNs < this.mid.nowNs) {
      this.base = f;
      this.mid = f;
    } else if (f.nowNs - this.mid.nowNs >= this.windowNs) {
      this.base = this.mid;
      this.mid = f;
    }
    return f;
  }
}

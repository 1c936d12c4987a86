// The job table and bash's job-status texts ("[1]+  Done                    sleep 1").
import { SIGNAL_TEXT, WIFEXITED, WEXITSTATUS, WIFSIGNALED, WTERMSIG, WCOREDUMP, WIFSTOPPED, WSTOPSIG } from '../../kernel/syscall';

export interface Proc {
  pid: number;
  /** last wait status; undefined while running */
  status?: number;
  done: boolean;
  stopped: boolean;
  cmd: string;
}

export interface Job {
  id: number;
  pgid: number;
  procs: Proc[];
  text: string;
  async: boolean;
  notified: boolean;
  /** the job was stopped or finished and the user has not been told yet */
  changed: boolean;
}

export function jobDone(j: Job): boolean {
  return j.procs.every((p) => p.done);
}

export function jobStopped(j: Job): boolean {
  return !jobDone(j) && j.procs.every((p) => p.done || p.stopped);
}

/** The status of the last process, as $? sees it. */
export function statusToExit(status: number): number {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  if (WIFSTOPPED(status)) return 128 + WSTOPSIG(status);
  return 0;
}

/**
 * bash's state column: Running, Stopped, Done, Exit N, Killed, Terminated... A stopped job reads
 * `Stopped` in the standard format whatever the stop signal; only `jobs -l` names the signal
 * (`Stopped (signal)`, `Stopped (tty input)`, `Stopped (tty output)`), as bash's printable_job_status.
 */
export function jobStateText(j: Job, long = false): string {
  if (jobStopped(j)) {
    if (!long) return 'Stopped';
    const p = j.procs.find((x) => x.stopped && x.status !== undefined);
    const sig = p ? WSTOPSIG(p.status!) : 20;
    return SIGNAL_TEXT[sig] ?? 'Stopped';
  }
  if (!jobDone(j)) return 'Running';
  const last = j.procs[j.procs.length - 1]!;
  const st = last.status ?? 0;
  if (WIFSIGNALED(st)) {
    const sig = WTERMSIG(st);
    return (SIGNAL_TEXT[sig] ?? `Signal ${sig}`) + (WCOREDUMP(st) ? ' (core dumped)' : '');
  }
  const code = WEXITSTATUS(st);
  return code === 0 ? 'Done' : `Exit ${code}`;
}

export class JobTable {
  jobs: Job[] = [];
  /** job ids, most recent last: last = current (+), second last = previous (-) */
  order: number[] = [];
  /** id → job (a shell with hundreds of background jobs looks them up on every notification) */
  private index = new Map<number, Job>();

  add(pgid: number, procs: Proc[], text: string, async: boolean): Job {
    // bash: one more than the highest job number in use
    let id = 1;
    for (const j of this.jobs) if (j.id >= id) id = j.id + 1;
    const j: Job = { id, pgid, procs, text, async, notified: false, changed: false };
    this.jobs.push(j);
    this.index.set(id, j);
    this.makeCurrent(j);
    return j;
  }

  makeCurrent(j: Job): void {
    const i = this.order.lastIndexOf(j.id);
    if (i >= 0) this.order.splice(i, 1);
    this.order.push(j.id);
  }

  remove(j: Job): void {
    const i = this.jobs.indexOf(j);
    if (i >= 0) this.jobs.splice(i, 1);
    const k = this.order.lastIndexOf(j.id);
    if (k >= 0) this.order.splice(k, 1);
    if (this.index.get(j.id) === j) this.index.delete(j.id);
  }

  byId(id: number): Job | undefined {
    return this.index.get(id);
  }

  /** The most recent job in `order` other than `skip`, preferring a stopped one (bash's rule). */
  private mostRecent(skip: Job | undefined): Job | undefined {
    let last: Job | undefined;
    for (let i = this.order.length - 1; i >= 0; i--) {
      const j = this.index.get(this.order[i]!);
      if (!j || j === skip) continue;
      if (jobStopped(j)) return j;
      last ??= j;
    }
    return last;
  }

  current(): Job | undefined {
    // bash prefers a stopped job as current
    return this.mostRecent(undefined);
  }

  previous(): Job | undefined {
    const cur = this.current();
    return this.mostRecent(cur);
  }

  mark(j: Job): string {
    if (this.current() === j) return '+';
    if (this.previous() === j) return '-';
    return ' ';
  }

  /** Resolves %N %+ %% %- %name %?name; undefined if none. */
  find(spec: string): Job | undefined | 'ambiguous' {
    const s = spec.startsWith('%') ? spec.slice(1) : spec;
    if (s === '' || s === '+' || s === '%') return this.current();
    if (s === '-') return this.previous();
    if (/^[0-9]+$/.test(s)) return this.byId(Number(s));
    const matches = s.startsWith('?')
      ? this.jobs.filter((j) => j.text.includes(s.slice(1)))
      : this.jobs.filter((j) => j.text.startsWith(s));
    if (matches.length > 1) return 'ambiguous';
    return matches[0];
  }

  findPid(pid: number): { job: Job; proc: Proc } | undefined {
    for (const job of this.jobs) {
      const proc = job.procs.find((p) => p.pid === pid);
      if (proc) return { job, proc };
    }
    return undefined;
  }

  /** Records a wait status for pid; returns the job if it belongs to one. */
  update(pid: number, status: number): Job | undefined {
    const f = this.findPid(pid);
    if (!f) return undefined;
    f.proc.status = status;
    if (WIFSTOPPED(status)) f.proc.stopped = true;
    else if (status === 0xffff) f.proc.stopped = false;
    else {
      f.proc.done = true;
      f.proc.stopped = false;
    }
    f.job.changed = true;
    return f.job;
  }

  /** One line of `jobs` output. */
  format(j: Job, long: boolean): string {
    const state = jobStateText(j, long);
    const running = !jobDone(j) && !jobStopped(j);
    const text = j.text + (running && j.async ? ' &' : '');
    if (long) {
      const amp = running && j.async ? ' &' : '';
      const n = j.procs.length;
      return j.procs
        .map((p, i) => {
          const cmd = n > 1 ? p.cmd : j.text;
          const tail = i === n - 1 ? amp : '';
          return i === 0
            ? `[${j.id}]${this.mark(j)} ${String(p.pid).padStart(5)} ${state.padEnd(24)}${cmd}${tail}`
            : `     ${String(p.pid).padStart(5)}${' '.repeat(23)}| ${cmd}${tail}`;
        })
        .join('\n');
    }
    return `[${j.id}]${this.mark(j)}  ${state.padEnd(24)}${text}`;
  }

  clone(): JobTable {
    const t = new JobTable();
    t.jobs = this.jobs.map((j) => ({ ...j, procs: j.procs.map((p) => ({ ...p })) }));
    for (const j of t.jobs) t.index.set(j.id, j);
    t.order = this.order.slice();
    return t;
  }
}

// Terminal tabs: more terminals on one machine, each a pty with a root login shell, as a terminal
// emulator or an sshd session gives you; closing a tab hangs its session up.
import { describe, it, expect } from 'vitest';
import { Machine, type MachineOptions } from './machine';
import type { TerminalId } from './terminals';
import { advance, advanceUntil, SEC } from './test-programs';
import { renderTranscript } from './transcript';
import type { TraceEvent } from '../kernel/trace/trace';

/** A machine with every terminal's output and the closed tabs recorded. */
class Lab {
  readonly m: Machine;
  readonly out = new Map<TerminalId, Uint8Array[]>();
  /** every byte of output in order, with its terminal (the determinism test compares these) */
  readonly log: Array<[TerminalId, number[]]> = [];
  readonly closed: TerminalId[] = [];
  readonly crashes: string[] = [];
  /** exit status (wait status) of every task that exited, by pid */
  readonly exits = new Map<number, number>();

  constructor(opts: MachineOptions = {}) {
    this.m = new Machine(opts);
    this.m.k.onProgramCrash = (t, err) => this.crashes.push(`${t.comm}[${t.pid.vnr}]: ${String(err)}`);
    this.m.onOutput((b, id) => {
      let l = this.out.get(id);
      if (!l) this.out.set(id, (l = []));
      l.push(b.slice());
      this.log.push([id, [...b]]);
    });
    this.m.onTerminalClosed((id) => this.closed.push(id));
    this.m.k.trace.subscribe((e: TraceEvent) => {
      if (e.type === 'exit') this.exits.set(e.pid, e.status);
    });
    this.waitReader('console');
  }

  /** Run until something reads terminal `id` (its shell's prompt). */
  waitReader(id: TerminalId): boolean {
    return advanceUntil(this.m, () => this.m.readerWaiting(id), 600 * SEC);
  }

  /** Type a command line into terminal `id` once its shell reads, then run until it reads again. */
  type(id: TerminalId, line: string): void {
    expect(this.waitReader(id), `${id} is reading`).toBe(true);
    this.m.input(line + '\r', id);
    advance(this.m, 0);
    this.waitReader(id);
  }

  /** Run until `id`'s tab has closed. */
  untilClosed(id: TerminalId, maxNs = 600 * SEC): boolean {
    return advanceUntil(this.m, () => !this.m.terminals().includes(id), maxNs);
  }

  /** Type a line once the shell reads, without waiting for a prompt afterwards (`exit`). */
  send(id: TerminalId, line: string): void {
    expect(this.waitReader(id), `${id} is reading`).toBe(true);
    this.m.input(line + '\r', id);
    advance(this.m, 0);
  }

  open(rows = 24, cols = 80): TerminalId {
    const r = this.m.openTerminal(rows, cols);
    if (typeof r !== 'string') throw new Error(r.error);
    expect(this.waitReader(r)).toBe(true);
    return r;
  }

  text(id: TerminalId): Promise<string> {
    return renderTranscript(this.out.get(id) ?? [], 200, 50);
  }

  /** Run a command line at the console and return what it printed (the lines after it). */
  async console(line: string): Promise<string> {
    const before = (await this.text('console')).split('\n').length;
    this.type('console', line);
    const lines = (await this.text('console')).split('\n');
    // from the line after the echoed command to the line before the new prompt
    return lines.slice(before - 1, -2).join('\n');
  }

  tasks(): Array<{ pid: number; comm: string; tty: string | null; state: string }> {
    return [...this.m.k.allTasks()].map((t) => ({ pid: t.pid.vnr, comm: t.comm, tty: t.sig.tty?.name ?? null, state: t.exitState === 0 ? 'live' : 'zombie' }));
  }

  pidOf(comm: string, tty: string): number {
    const t = this.tasks().find((x) => x.comm === comm && x.tty === tty);
    if (!t) throw new Error(`no ${comm} on ${tty}`);
    return t.pid;
  }
}

describe('terminal tabs', () => {
  it('opens pseudo-terminals with a login shell each, lowest free index first', async () => {
    const lab = new Lab();
    expect(lab.m.terminals()).toEqual(['console']);
    const a = lab.open(30, 100);
    const b = lab.open();
    expect([a, b]).toEqual(['pts/0', 'pts/1']);
    expect(lab.m.terminals()).toEqual(['console', 'pts/0', 'pts/1']);
    // `tty` is not in the lab's coreutils yet: what it prints is the link of fd 0
    lab.type('pts/0', 'readlink /proc/self/fd/0; stty size; echo $0; pwd; echo $HOME $TERM');
    lab.type('pts/1', 'readlink /proc/self/fd/0');
    expect(await lab.text('pts/0')).toBe('root@lab:~# readlink /proc/self/fd/0; stty size; echo $0; pwd; echo $HOME $TERM\n/dev/pts/0\n30 100\n-bash\n/root\n/root xterm-256color\nroot@lab:~#\n');
    expect(await lab.text('pts/1')).toBe('root@lab:~# readlink /proc/self/fd/0\n/dev/pts/1\nroot@lab:~#\n');
    // devpts: owned root:tty, mode 620, as for a root login
    expect(await lab.console('ls -l /dev/pts')).toBe(
      'total 0\n' +
        'crw--w---- 1 root tty  136, 0 Nov 28 00:00 0\n' +
        'crw--w---- 1 root tty  136, 1 Nov 28 00:00 1\n' +
        'c--------- 1 root root   5, 2 Nov 28 00:00 ptmx',
    );
    // each shell is a session leader, child of init, with its pty as controlling terminal
    const ps = await lab.console('ps -o pid,ppid,tty,stat,args -t pts/0,pts/1');
    expect(ps).toMatch(/^ +PID +PPID TT +STAT COMMAND\n +\d+ +1 pts\/0 +Ss\+ +-bash\n +\d+ +1 pts\/1 +Ss\+ +-bash$/);
    expect(lab.crashes).toEqual([]);
  });

  it('jobs, kill from another tab, exit, hangup, reuse of the lowest free index', async () => {
    const lab = new Lab();
    lab.open();
    lab.open();
    lab.type('pts/0', 'sleep 200 &');
    lab.type('pts/0', 'sleep 100 &');
    const ps = await lab.console('ps -e -o pid,tty,comm');
    expect(ps).toMatch(/\n +\d+ pts\/0 +sleep\n +\d+ pts\/0 +sleep\n/);
    const s200 = lab.tasks().filter((t) => t.comm === 'sleep')[0]!.pid;
    // kill from the other tab: the job's shell reports it at its next prompt
    lab.type('pts/1', `kill ${s200}`);
    lab.type('pts/0', '');
    expect(await lab.text('pts/0')).toContain('[1]-  Terminated              sleep 200\n');

    // `exit` in pts/1: the tab closes, /dev/pts/1 goes, the shell is reaped (no zombie)
    const bash1 = lab.pidOf('bash', 'pts/1');
    lab.send('pts/1', 'exit');
    expect(lab.untilClosed('pts/1')).toBe(true);
    expect(lab.closed).toEqual(['pts/1']);
    expect(lab.m.terminals()).toEqual(['console', 'pts/0']);
    expect(await lab.text('pts/1')).toContain('root@lab:~# exit\nlogout\n');
    expect(lab.tasks().some((t) => t.pid === bash1)).toBe(false);
    expect(lab.exits.get(bash1)).toBe(0);
    expect(await lab.console('ls -1 /dev/pts')).toBe('0\nptmx');

    // closing pts/0 hangs it up: bash dies of SIGHUP and passes it on to its job
    const bash0 = lab.pidOf('bash', 'pts/0');
    const s100 = lab.pidOf('sleep', 'pts/0');
    lab.m.closeTerminal('pts/0');
    expect(lab.closed).toEqual(['pts/1', 'pts/0']);
    expect(lab.m.terminals()).toEqual(['console']);
    expect(await lab.console('ls /dev/pts')).toBe('ptmx');
    expect(lab.exits.get(bash0)).toBe(1); // killed by SIGHUP
    expect(lab.exits.get(s100)).toBe(1);
    expect(lab.tasks().map((t) => t.comm)).toEqual(['init', 'bash']);
    expect(lab.tasks().every((t) => t.state === 'live')).toBe(true);
    // the console is untouched, and typing into a closed tab is ignored
    lab.m.input('echo nope\r', 'pts/0');
    lab.m.resize(10, 10, 'pts/0');
    expect(lab.m.readerWaiting('pts/0')).toBe(false);

    // reopening gets the lowest free index
    expect(lab.open()).toBe('pts/0');
    expect(lab.open()).toBe('pts/1');
    expect(lab.open()).toBe('pts/2');
    lab.send('pts/1', 'exit');
    expect(lab.untilClosed('pts/1')).toBe(true);
    expect(lab.open()).toBe('pts/1');
    expect(lab.crashes).toEqual([]);
  });

  it('^D at the prompt ends the session like exit', async () => {
    const lab = new Lab();
    const id = lab.open();
    lab.waitReader(id);
    lab.m.input('\x04', id);
    expect(lab.untilClosed(id)).toBe(true);
    expect(lab.closed).toEqual([id]);
    expect(await lab.text(id)).toContain('logout');
  });

  it('closing a tab during a foreground job', async () => {
    const lab = new Lab();
    const id = lab.open();
    lab.send(id, 'sleep 100');
    advance(lab.m, SEC);
    const bash = lab.pidOf('bash', id);
    const sleep = lab.pidOf('sleep', id);
    lab.m.closeTerminal(id);
    expect(lab.closed).toEqual([id]);
    // the hangup took the terminal from the whole session (before either has run again)
    expect(lab.tasks().filter((t) => t.pid === bash || t.pid === sleep).map((t) => t.tty)).toEqual([null, null]);
    expect(await lab.console('ls /dev/pts')).toBe('ptmx');
    advanceUntil(lab.m, () => lab.exits.has(bash), 200 * SEC);
    expect(lab.exits.get(bash)).toBe(1); // killed by SIGHUP
    // bash dies at once (waitchld's CHECK_TERMSIG) and SIGHUPs the job first (hangup_all_jobs)
    expect(lab.exits.get(sleep)).toBe(1);
    expect(lab.tasks().map((t) => t.comm)).toEqual(['init', 'bash']);
    expect(lab.open()).toBe('pts/0');
  });

  it('a job that ignores SIGHUP survives the hangup and keeps the pty index until it exits', async () => {
    const lab = new Lab();
    const id = lab.open();
    // no nohup in the lab yet: what nohup does to the signal, by hand
    lab.type(id, "(trap '' HUP; exec sleep 300) &");
    lab.type(id, 'sleep 1');
    const sleep = lab.pidOf('sleep', id);
    lab.m.closeTerminal(id);
    expect(lab.closed).toEqual([id]);
    expect(await lab.console('ps -o pid,ppid,tty,stat,comm -C sleep')).toMatch(new RegExp(`^ +PID +PPID TT +STAT COMMAND\\n +${sleep} +1 \\? +S +sleep$`));
    // /dev/pts/0 is gone, but its index stays taken while the survivor holds the slave
    expect(await lab.console('ls /dev/pts')).toBe('ptmx');
    expect(lab.open()).toBe('pts/1');
    advance(lab.m, 300 * SEC);
    expect(lab.tasks().some((t) => t.pid === sleep)).toBe(false);
    expect(lab.open()).toBe('pts/0');
    expect(lab.crashes).toEqual([]);
  });

  it('a tab stays open while a background job still holds the slave after exit', async () => {
    const lab = new Lab();
    const id = lab.open();
    lab.type(id, 'sleep 50 &');
    lab.send(id, 'exit');
    advance(lab.m, SEC);
    expect(lab.closed).toEqual([]);
    expect(lab.m.terminals()).toEqual(['console', id]);
    advance(lab.m, 60 * SEC);
    expect(lab.closed).toEqual([id]);
    expect(lab.m.terminals()).toEqual(['console']);
  });

  it('resize: the new size reaches the shell (SIGWINCH)', async () => {
    const lab = new Lab();
    const id = lab.open(24, 80);
    lab.m.resize(40, 132, id);
    lab.type(id, 'stty size');
    expect(await lab.text(id)).toContain('stty size\n40 132\n');
  });

  it('a tab closed before its session process ran leaks nothing', async () => {
    const lab = new Lab();
    const id = lab.m.openTerminal(24, 80);
    expect(id).toBe('pts/0');
    lab.m.closeTerminal(id as TerminalId);
    expect(lab.closed).toEqual(['pts/0']);
    advance(lab.m, 5 * SEC);
    expect(lab.tasks().map((t) => t.comm)).toEqual(['init', 'bash']);
    expect(lab.m.k.devpts.ptys.size).toBe(0);
    expect(lab.out.get('pts/0')).toBeUndefined();
    expect(lab.crashes).toEqual([]);
  });

  it('the console cannot be closed; unknown ids are ignored', () => {
    const lab = new Lab();
    lab.m.closeTerminal('console');
    lab.m.closeTerminal('pts/7');
    lab.m.input('x', 'pts/3');
    lab.m.resize(1, 1, 'pts/3');
    expect(lab.m.readerWaiting('pts/3')).toBe(false);
    expect(lab.m.terminals()).toEqual(['console']);
    expect(lab.closed).toEqual([]);
    expect(lab.m.readerWaiting('console')).toBe(true);
  });

  it('a failed fork leaves nothing allocated', async () => {
    const lab = new Lab();
    const k = lab.m.k;
    const tasks = lab.tasks();
    const saved = k.maxThreads;
    k.maxThreads = k.nrThreads; // kernel.threads-max reached
    expect(lab.m.openTerminal(24, 80)).toEqual({ error: 'fork: Resource temporarily unavailable' });
    expect(lab.m.terminals()).toEqual(['console']);
    expect(k.devpts.ptys.size).toBe(0);
    expect(lab.tasks()).toEqual(tasks);
    k.maxThreads = saved;
    expect(await lab.console('ls /dev/pts')).toBe('ptmx');
    expect(lab.open()).toBe('pts/0');
    expect(lab.m.openTerminal(-1, 80)).toEqual({ error: 'invalid window size' });
    expect(lab.m.terminals()).toEqual(['console', 'pts/0']);
  });

  it('the same calls at the same virtual times give the same bytes', () => {
    const script = (lab: Lab): void => {
      const a = lab.open(30, 100);
      const b = lab.open();
      lab.type(a, 'sleep 100 & ps -o pid,tty,stat,comm');
      lab.type(b, 'ps -e -o pid,ppid,tty,stat,comm; ls -l /dev/pts');
      lab.type('console', 'echo hi; cat /proc/loadavg');
      lab.m.resize(20, 60, a);
      lab.type(a, 'stty size');
      lab.send(b, 'exit');
      lab.untilClosed(b);
      lab.m.closeTerminal(a);
      lab.type('console', 'ps -e -o pid,ppid,tty,stat,time,comm');
      lab.open();
      lab.type('pts/0', 'uptime');
    };
    // one machine after the other, as a replay does
    const one = new Lab();
    script(one);
    const two = new Lab();
    script(two);
    expect(one.crashes).toEqual([]);
    expect(two.log).toEqual(one.log);
    expect(two.closed).toEqual(one.closed);
    expect(two.m.now).toBe(one.m.now);
    expect(two.m.k.eventsRun).toBe(one.m.k.eventsRun);
    expect(one.log.some(([id]) => id === 'pts/1')).toBe(true);
  });
});

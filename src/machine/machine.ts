// A machine: a booted kernel with the default root filesystem, its programs installed, init
// running and a root shell on the console. Hosts (the CLI, tests, the Web Worker) feed the
// terminals input, run the event loop in bounded slices and read the terminals' output. Besides
// the console, the host can open terminal tabs: ptys with a login shell each (terminals.ts).
import { bootKernel, spawnInit } from '../kernel/boot';
import type { Kernel } from '../kernel/kernel';
import type { Tty } from '../kernel/tty/tty';
import { sys } from '../userland/lib/sys';
import { allPrograms } from './programs';
import { populateRootfs } from './rootfs';
import type { BuiltinProgram } from '../userland/lib/registry';
import { installImageStore, DEFAULT_IMAGES } from './images';
import { Terminals, type TerminalId, type OutputListener, type ClosedListener } from './terminals';
import { CommandLog, shellIsReading } from './command-log';
import { Utf8Stream } from '../kernel/lib/text';
import { ICANON } from '../kernel/abi/termios';

export type { TerminalId } from './terminals';

export interface MachineOptions {
  seed?: number;
  cpus?: number;
  ramBytes?: number;
  hostname?: string;
  /** CLOCK_REALTIME at boot (seconds since the epoch) */
  bootEpochSec?: number;
  rows?: number;
  cols?: number;
  /** more programs to install (tests, benchmarks, lessons' helpers) */
  extraPrograms?: BuiltinProgram[];
  /** cgroup v1 (one hierarchy per controller under /sys/fs/cgroup, the default) or v2 (unified) */
  cgroupVersion?: 1 | 2;
  /** images in the local store under /var/lib/docker (src/machine/images); [] for none */
  images?: string[];
  /**
   * Shell lines run once at boot, before the console's login shell starts (a lesson's setup):
   * written to /etc/rc.local, which init runs as sysvinit's rc.local (and systemd's
   * rc-local.service, which getty waits for) do. Its output goes to /var/log/rc.local.log.
   */
  setup?: string[];
}

/** 2026-11-28 00:00:00 UTC: a fixed boot time keeps every run byte-identical. */
export const DEFAULT_BOOT_EPOCH = 1795824000;
export const KERNEL_RELEASE = '6.18.0-lab';
export const KERNEL_VERSION = '#1 SMP PREEMPT_DYNAMIC Container Lab 6.18.0';

export class Machine {
  readonly k: Kernel;
  readonly console: Tty;
  private readonly terms: Terminals;
  /** commands typed at shell prompts and their output (lesson checks, the embed SDK) */
  readonly commands = new CommandLog();
  private readonly decoders = new Map<TerminalId, Utf8Stream>();
  readonly options: Required<MachineOptions>;

  constructor(opts: MachineOptions = {}) {
    this.options = {
      seed: opts.seed ?? 1,
      cpus: opts.cpus ?? 2,
      ramBytes: opts.ramBytes ?? 4 * 1024 ** 3,
      hostname: opts.hostname ?? 'lab',
      bootEpochSec: opts.bootEpochSec ?? DEFAULT_BOOT_EPOCH,
      rows: opts.rows ?? 24,
      cols: opts.cols ?? 80,
      extraPrograms: opts.extraPrograms ?? [],
      cgroupVersion: opts.cgroupVersion ?? 1,
      images: opts.images ?? [...DEFAULT_IMAGES],
      setup: opts.setup ?? [],
    };
    const o = this.options;
    const booted = bootKernel(
      {
        ncpus: o.cpus,
        ramBytes: o.ramBytes,
        hostname: o.hostname,
        bootEpochSec: o.bootEpochSec,
        seed: o.seed,
        release: KERNEL_RELEASE,
        version: KERNEL_VERSION,
        cgroupVersion: o.cgroupVersion,
      },
      sys,
    );
    this.k = booted.k;
    this.console = booted.console;
    this.console.winsize = { rows: o.rows, cols: o.cols };
    this.terms = new Terminals(this.k, this.console, sys);
    // the command log follows what shells read from their terminals (tty names are terminal ids)
    // — a shell's line editor, which reads with ICANON off; the `read` builtin reads whole lines
    // the terminal already echoed (canonical mode) and is not a prompt
    this.k.onTtyRead = (tty, t, bytes) => {
      if (!(tty.termios.lflag & ICANON) && shellIsReading([t])) this.commands.shellRead(tty.name as TerminalId, bytes, this.k.timers.now);
    };
    this.terms.onOutput((b, id) => {
      let d = this.decoders.get(id);
      if (!d) this.decoders.set(id, (d = new Utf8Stream()));
      this.commands.output(id, d.decode(b));
    });
    const fs = populateRootfs(booted.rootfs, this.k.realtimeNs(), { hostname: o.hostname, setup: o.setup });
    for (const p of [...allPrograms(), ...o.extraPrograms]) this.install(p, fs);
    installImageStore(this.k, booted.rootfs, o.images);
    spawnInit(this.k, () => this.initProgram());
  }

  private install(p: BuiltinProgram, fs: ReturnType<typeof populateRootfs>): void {
    this.k.registerBuiltin(p.name, { main: p.main, vszKb: p.vszKb, rssKb: p.rssKb });
    for (const path of p.paths) fs.writeFile(path, `#!builtin ${p.name}\n`, 0o755);
    if (p.man) {
      const section = p.paths.some((x) => x.includes('/sbin/')) ? 8 : 1;
      fs.writeFile(`/usr/share/man/man${section}/${p.name}.${section}`, p.man);
    }
  }

  /** pid 1 starts by exec'ing /sbin/init, as the kernel's run_init_process does. */
  private *initProgram(): Generator<never, number, unknown> {
    const r = yield* sys.execve('/sbin/init', ['/sbin/init'], ['HOME=/', 'TERM=linux']) as Generator<never, number, unknown>;
    return r < 0 ? 1 : 0;
  }

  /** Output of every terminal, with the terminal it came from. Returns the unsubscribe function. */
  onOutput(fn: OutputListener): () => void {
    return this.terms.onOutput(fn);
  }

  /** Keyboard input for a terminal (the console by default); an unknown or closed id is ignored. */
  input(data: string | Uint8Array, id: TerminalId = 'console'): void {
    this.terms.input(data, id);
  }

  /** The terminal's window size changed (SIGWINCH to its foreground group); unknown ids are ignored. */
  resize(rows: number, cols: number, id: TerminalId = 'console'): void {
    this.terms.resize(rows, cols, id);
  }

  /**
   * Open a terminal tab: a new pty (lowest free /dev/pts/N) with a root login shell on it and the
   * given window size. Returns 'pts/N', or `{ error }` when it cannot (fork failed: nothing is
   * left allocated).
   */
  openTerminal(rows: number, cols: number): TerminalId | { error: string } {
    return this.terms.open(rows, cols);
  }

  /**
   * Close a tab (the host closes the master): the slave hangs up, its shell dies of SIGHUP, and
   * onTerminalClosed fires at once. The console cannot be closed: that call, like one for an id
   * that is not open, is ignored.
   */
  closeTerminal(id: TerminalId): void {
    this.terms.close(id);
  }

  /**
   * A tab's session ended: its master was closed, or no process holds its slave open any more (the
   * shell exited). Fired after the runUntil() call in which that happened.
   */
  onTerminalClosed(fn: ClosedListener): () => void {
    return this.terms.onClosed(fn);
  }

  /** Open terminals, the console first. */
  terminals(): TerminalId[] {
    return this.terms.list();
  }

  /** Is some task blocked reading that terminal? */
  readerWaiting(id: TerminalId): boolean {
    return this.terms.readerWaiting(id);
  }

  get now(): number {
    return this.k.timers.now;
  }

  /** Run every event up to virtual time `untilNs` (bounded by maxEvents). */
  runUntil(untilNs: number, maxEvents = Infinity): number {
    const n = this.k.runUntil(untilNs, maxEvents);
    // a command is over when its shell prompts again
    for (const id of this.commands.running) if (this.terms.shellAtPrompt(id)) this.commands.settle(id);
    this.terms.flushClosed();
    return n;
  }

  /** Virtual time of the next pending event (Infinity when nothing is scheduled). */
  nextEventTime(): number {
    return this.k.timers.nextTime();
  }

  /** Is some task blocked reading the console (a shell prompt, `cat`, `read`)? */
  consoleReaderWaiting(): boolean {
    return this.terms.readerWaiting('console');
  }

  /** Is any CPU busy or any task runnable? */
  cpuBusy(): boolean {
    return this.k.sched.nrRunning() > 0;
  }
}

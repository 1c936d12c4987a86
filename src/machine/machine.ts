// A machine: a booted kernel with the default root filesystem, its programs installed, init
// running and a root shell on the console. Hosts (the CLI, tests, the Web Worker) feed the
// console input, run the event loop in bounded slices and read the console output.
import { bootKernel, spawnInit } from '../kernel/boot';
import type { Kernel } from '../kernel/kernel';
import type { Tty } from '../kernel/tty/tty';
import { sys } from '../userland/lib/sys';
import { allPrograms } from './programs';
import { populateRootfs } from './rootfs';
import { utf8 } from '../kernel/lib/text';
import type { BuiltinProgram } from '../userland/lib/registry';
import { installImageStore, DEFAULT_IMAGES } from './images';

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
}

/** 2026-11-28 00:00:00 UTC: a fixed boot time keeps every run byte-identical. */
export const DEFAULT_BOOT_EPOCH = 1795824000;
export const KERNEL_RELEASE = '6.18.0-lab';
export const KERNEL_VERSION = '#1 SMP PREEMPT_DYNAMIC Container Lab 6.18.0';

export class Machine {
  readonly k: Kernel;
  readonly console: Tty;
  private outputListeners: Array<(b: Uint8Array) => void> = [];
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
    this.console.sink = (b) => {
      for (const l of this.outputListeners) l(b);
    };
    const fs = populateRootfs(booted.rootfs, this.k.realtimeNs(), { hostname: o.hostname });
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

  onOutput(fn: (b: Uint8Array) => void): () => void {
    this.outputListeners.push(fn);
    return () => {
      this.outputListeners = this.outputListeners.filter((l) => l !== fn);
    };
  }

  /** Keyboard input for the console. */
  input(data: string | Uint8Array): void {
    this.console.receive(typeof data === 'string' ? utf8(data) : data);
  }

  resize(rows: number, cols: number): void {
    this.console.setWinsize({ rows, cols });
  }

  get now(): number {
    return this.k.timers.now;
  }

  /** Run every event up to virtual time `untilNs` (bounded by maxEvents). */
  runUntil(untilNs: number, maxEvents = Infinity): number {
    return this.k.runUntil(untilNs, maxEvents);
  }

  /** Virtual time of the next pending event (Infinity when nothing is scheduled). */
  nextEventTime(): number {
    return this.k.timers.nextTime();
  }

  /** Is some task blocked reading the console (a shell prompt, `cat`, `read`)? */
  consoleReaderWaiting(): boolean {
    return this.console.readQ.waiters.size > 0;
  }

  /** Is any CPU busy or any task runnable? */
  cpuBusy(): boolean {
    return this.k.sched.nrRunning() > 0;
  }
}

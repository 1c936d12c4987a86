// Benchmark-only programs, installed into a bench machine with `new Machine({ extraPrograms })`.
// They use only the syscall API, like any userland program; the harness (bench/run.ts) types
// their names at the shell prompt and measures wall time from the host.
import type { BuiltinProgram } from '../src/userland/lib/registry';
import type { Sys, Program } from '../src/kernel/syscall';
import { O_WRONLY, SIGKILL, EINTR } from '../src/kernel/syscall';
import { writeAll, readFile } from '../src/userland/lib/io';

const MS = 1_000_000;

function num(argv: string[], i: number, dflt: number): number {
  const v = Number(argv[i]);
  return Number.isFinite(v) && argv[i] !== undefined ? v : dflt;
}

/** bench-forkwait N: N times fork() a child that returns 0 at once, then wait4() it. */
function* forkWait(sys: Sys, argv: string[]): Program {
  const n = num(argv, 1, 1000);
  for (let i = 0; i < n; i++) {
    const pid = yield* sys.fork(function* (): Program {
      return 0;
    });
    if (pid < 0) {
      yield* writeAll(sys, 2, `bench-forkwait: fork: ${-pid}\n`);
      return 1;
    }
    const w = yield* sys.wait4(pid, 0);
    if (typeof w === 'number') {
      yield* writeAll(sys, 2, `bench-forkwait: wait4: ${-w}\n`);
      return 1;
    }
  }
  return 0;
}

/** A CPU burner: compute 10 ms at a time, forever. */
function* burner(sys: Sys): Program {
  for (;;) yield* sys.compute(10 * MS);
}

/** bench-burners N: fork N burners and wait for them (forever, unless they are killed). */
function* burners(sys: Sys, argv: string[]): Program {
  const n = num(argv, 1, 200);
  for (let i = 0; i < n; i++) {
    const pid = yield* sys.fork(() => burner(sys));
    if (pid < 0) return 1;
  }
  for (;;) {
    const w = yield* sys.wait4(-1, 0);
    if (typeof w === 'number' && w !== -EINTR) return 0;
  }
}

/**
 * bench-cgburners N G QUOTA_US: make G cgroups /sys/fs/cgroup/cpu/bench/gI (cpu.cfs_quota_us
 * QUOTA_US, -1 for none) and fork N burners spread round-robin over them; then wait forever.
 */
function* cgBurners(sys: Sys, argv: string[]): Program {
  const n = num(argv, 1, 200);
  const g = num(argv, 2, 20);
  const quota = num(argv, 3, -1);
  const base = '/sys/fs/cgroup/cpu/bench';
  if ((yield* sys.mkdir(base, 0o755)) < 0) return 1;
  const put = function* (path: string, text: string): Program {
    const fd = yield* sys.open(path, O_WRONLY);
    if (fd < 0) return fd;
    const r = yield* sys.write(fd, text);
    yield* sys.close(fd);
    return r;
  };
  for (let i = 0; i < g; i++) {
    if ((yield* sys.mkdir(`${base}/g${i}`, 0o755)) < 0) return 1;
    if (quota > 0 && (yield* put(`${base}/g${i}/cpu.cfs_quota_us`, String(quota))) < 0) return 1;
  }
  for (let i = 0; i < n; i++) {
    const pid = yield* sys.fork(() => burner(sys));
    if (pid < 0) return 1;
    if ((yield* put(`${base}/g${i % g}/cgroup.procs`, String(pid))) < 0) return 1;
  }
  for (;;) {
    const w = yield* sys.wait4(-1, 0);
    if (typeof w === 'number' && w !== -EINTR) return 0;
  }
}

/** bench-sleepers N: fork N children that nanosleep(1e12) (~16 min), then exit (they stay, reparented to init). */
function* sleepers(sys: Sys, argv: string[]): Program {
  const n = num(argv, 1, 1000);
  for (let i = 0; i < n; i++) {
    const pid = yield* sys.fork(function* (): Program {
      yield* sys.nanosleep(1e12);
      return 0;
    });
    if (pid < 0) {
      yield* writeAll(sys, 2, `bench-sleepers: fork: ${-pid} after ${i}\n`);
      return 1;
    }
  }
  return 0;
}

/** A fork-bomb task: fork copies of itself until fork fails, then sleep until killed. */
function* bombling(sys: Sys): Program {
  for (;;) {
    const pid = yield* sys.fork(() => bombling(sys));
    if (pid < 0) break;
  }
  for (;;) yield* sys.pause();
}

/**
 * bench-forkbomb TOTAL: set kernel.threads-max to TOTAL, start a fork bomb in its own process
 * group, poll /proc/loadavg until nr_threads reaches TOTAL, SIGKILL the group, reap its leader.
 * (Orphans are reaped by init.) Prints the peak thread count it saw.
 */
function* forkBomb(sys: Sys, argv: string[]): Program {
  const total = num(argv, 1, 4096);
  const fd = yield* sys.open('/proc/sys/kernel/threads-max', O_WRONLY);
  if (fd < 0) return 1;
  const wr = yield* sys.write(fd, `${total}\n`);
  yield* sys.close(fd);
  if (wr < 0) {
    yield* writeAll(sys, 2, `bench-forkbomb: threads-max: ${-wr}\n`);
    return 1;
  }
  const root = yield* sys.fork(function* (): Program {
    yield* sys.setpgid(0, 0);
    return yield* bombling(sys);
  });
  if (root < 0) return 1;
  yield* sys.setpgid(root, root);
  let seen = 0;
  for (let polls = 0; polls < 100_000; polls++) {
    const la = yield* readFile(sys, '/proc/loadavg');
    if (typeof la === 'number') return 1;
    // "0.00 0.01 0.05 1/123 4567": the 4th field is running/nr_threads
    seen = Number(la.split(' ')[3]?.split('/')[1] ?? 0);
    if (seen >= total) break;
    yield* sys.nanosleep(1 * MS);
  }
  yield* sys.kill(-root, SIGKILL);
  yield* sys.wait4(root, 0);
  yield* writeAll(sys, 1, `peak nr_threads ${seen}\n`);
  return 0;
}

function prog(name: string, main: BuiltinProgram['main']): BuiltinProgram {
  return { name, paths: [`/usr/local/bin/${name}`], main, vszKb: 2400, rssKb: 900 };
}

export const benchPrograms: BuiltinProgram[] = [
  prog('bench-forkwait', forkWait),
  prog('bench-burners', burners),
  prog('bench-cgburners', cgBurners),
  prog('bench-sleepers', sleepers),
  prog('bench-forkbomb', forkBomb),
];

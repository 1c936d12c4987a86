// Benchmark-only programs, installed into a bench machine with `new Machine({ extraPrograms })`.
// They use only the syscall API, like any userland program; the harness (bench/run.ts) types
// their names at the shell prompt and measures wall time from the host.
import type { BuiltinProgram } from '../src/userland/lib/registry';
import type { Sys, Program } from '../src/kernel/syscall';
import { O_WRONLY, O_CREAT, O_APPEND, SIGKILL, EINTR } from '../src/kernel/syscall';
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

/**
 * bench-ovl-setup L F: L lower layers /tmp/ovl/lN with F files each (f0..fF-1 in a few
 * directories, one byte each), an upper and a work dir, and the overlay mounted on /tmp/ovl/m.
 */
function* ovlSetup(sys: Sys, argv: string[]): Program {
  const layers = num(argv, 1, 20);
  const files = num(argv, 2, 2000);
  const base = '/tmp/ovl';
  for (const d of [base, `${base}/u`, `${base}/w`, `${base}/m`]) yield* sys.mkdir(d, 0o755);
  const lowers: string[] = [];
  for (let l = 0; l < layers; l++) {
    const dir = `${base}/l${l}`;
    lowers.push(dir);
    yield* sys.mkdir(dir, 0o755);
    for (let d = 0; d < 10; d++) yield* sys.mkdir(`${dir}/d${d}`, 0o755);
    for (let f = 0; f < files; f++) {
      const fd = yield* sys.open(`${dir}/d${f % 10}/f${l}_${f}`, O_WRONLY | O_CREAT, 0o644);
      if (fd < 0) return 1;
      yield* sys.write(fd, 'x');
      yield* sys.close(fd);
    }
  }
  const r = yield* sys.mount('overlay', `${base}/m`, 'overlay', 0, `lowerdir=${lowers.join(':')},upperdir=${base}/u,workdir=${base}/w`);
  return r < 0 ? 1 : 0;
}

/** bench-ovl-copyup N: append to N lower files through the merged view (N copy-ups). */
function* ovlCopyUp(sys: Sys, argv: string[]): Program {
  const n = num(argv, 1, 1000);
  for (let i = 0; i < n; i++) {
    const fd = yield* sys.open(`/tmp/ovl/m/d${i % 10}/f0_${i}`, O_WRONLY | O_APPEND);
    if (fd < 0) return 1;
    yield* sys.write(fd, 'y');
    yield* sys.close(fd);
  }
  return 0;
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
  prog('bench-ovl-setup', ovlSetup),
  prog('bench-ovl-copyup', ovlCopyUp),
  prog('bench-sleepers', sleepers),
  prog('bench-forkbomb', forkBomb),
];

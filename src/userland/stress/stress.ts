// stress 1.0.7 (Debian 12): forks CPU and VM hog workers. Messages, option checks and the
// "(LINE)" numbers in FAIL/WARN lines are those of the real binary.
// CPU workers burn CPU with sys.compute() in 10 ms chunks; VM workers mmap + touch (VSZ/RSS,
// memory cgroup charge, OOM killer) and munmap in a loop. --io (sync) and --hdd (write/unlink
// of 1 GB files) are not simulated yet and are refused with a FAIL line saying so.
import type { Sys, Program, SysCall } from '../../kernel/syscall';
import {
  SIGALRM, SIGUSR1, WIFEXITED, WEXITSTATUS, WIFSIGNALED, WTERMSIG, strerror, ENOMEM,
} from '../../kernel/syscall';
import { writeAll } from '../lib/io';

export const STRESS_USAGE = `\`stress' imposes certain types of compute stress on your system

Usage: stress [OPTION [ARG]] ...
 -?, --help         show this help statement
     --version      show version statement
 -v, --verbose      be verbose
 -q, --quiet        be quiet
 -n, --dry-run      show what would have been done
 -t, --timeout N    timeout after N seconds
     --backoff N    wait factor of N microseconds before work starts
 -c, --cpu N        spawn N workers spinning on sqrt()
 -i, --io N         spawn N workers spinning on sync()
 -m, --vm N         spawn N workers spinning on malloc()/free()
     --vm-bytes B   malloc B bytes per vm worker (default is 256MB)
     --vm-stride B  touch a byte every B bytes (default is 4096)
     --vm-hang N    sleep N secs before free (default none, 0 is inf)
     --vm-keep      redirty memory instead of freeing and reallocating
 -d, --hdd N        spawn N workers spinning on write()/unlink()
     --hdd-bytes B  write B bytes per hdd worker (default is 1GB)

Example: stress --cpu 8 --io 4 --vm 2 --vm-bytes 128M --timeout 10s

Note: Numbers may be suffixed with s,m,h,d,y (time) or B,K,M,G (size).
`;

class Fail {
  constructor(readonly line: number, readonly msg: string) {}
}

/** sscanf("%lli"): C integer with optional sign and 0x/0 prefixes, leading part only. */
function scanLli(s: string): number | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s);
  if (!m) return undefined;
  const b = m[2]!;
  const v = /^0[xX]/.test(b) ? parseInt(b.slice(2), 16) : b.length > 1 && b[0] === '0' ? parseInt(b, 8) : parseInt(b, 10);
  return m[1] === '-' ? -v : v;
}

/** atoll_b: size with b/k/m/g suffix (powers of 1024). */
export function atollB(s: string): number {
  if (s.length === 0) return 0;
  const suffix = s[s.length - 1]!;
  let factor = 1;
  switch (suffix.toLowerCase()) {
    case 'b': factor = 1; break;
    case 'k': factor = 1024; break;
    case 'm': factor = 1024 ** 2; break;
    case 'g': factor = 1024 ** 3; break;
    default:
      if (suffix < '0' || suffix > '9') throw new Fail(665, `unrecognized suffix: ${suffix}`);
  }
  const v = scanLli(s);
  if (v === undefined) throw new Fail(672, `invalid number: ${s}`);
  return v * factor;
}

/** atoll_s: time with s/m/h/d/y suffix. */
export function atollS(s: string): number {
  if (s.length === 0) return 0;
  const suffix = s[s.length - 1]!;
  let factor = 1;
  switch (suffix.toLowerCase()) {
    case 's': factor = 1; break;
    case 'm': factor = 60; break;
    case 'h': factor = 3600; break;
    case 'd': factor = 86400; break;
    case 'y': factor = 31536000; break;
    default:
      if (suffix < '0' || suffix > '9') throw new Fail(723, `unrecognized suffix: ${suffix}`);
  }
  const v = scanLli(s);
  if (v === undefined) throw new Fail(730, `invalid number: ${s}`);
  return v * factor;
}

export function* stress(sys: Sys, argv: string[]): Program {
  const progname = (argv[0] ?? 'stress').replace(/.*\//, '') || 'stress';
  let debug = 2;
  const pid0 = yield* sys.getpid();
  const now = function* () {
    const ts = yield* sys.clock_gettime(0);
    return typeof ts === 'number' ? 0 : ts[0];
  };
  const starttime = yield* now();
  const out = function* (msg: string, pid = pid0) {
    if (debug >= 2) yield* writeAll(sys, 1, `${progname}: info: [${pid}] ${msg}\n`);
  };
  const dbg = function* (msg: string, pid = pid0) {
    if (debug >= 3) yield* writeAll(sys, 1, `${progname}: dbug: [${pid}] ${msg}\n`);
  };
  const err = function* (line: number, msg: string, pid = pid0) {
    if (debug >= 0) yield* writeAll(sys, 2, `${progname}: FAIL: [${pid}] (${line}) ${msg}\n`);
  };
  const wrn = function* (line: number, msg: string, pid = pid0) {
    if (debug >= 1) yield* writeAll(sys, 2, `${progname}: WARN: [${pid}] (${line}) ${msg}\n`);
  };

  let dryrun = false;
  let backoffCoef = 3000;
  let timeoutS = 0;
  let doCpu = 0;
  let doIo = 0;
  let doVm = 0;
  let vmBytes = 256 * 1024 * 1024;
  let vmStride = 4096;
  let vmHang = -1;
  let vmKeep = false;
  let doHdd = 0;
  try {
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i]!;
      const needArg = (name: string, line: number): string => {
        const next = argv[i + 1];
        if (next === undefined || (next[0] === '-' && !/[0-9]/.test(next[1] ?? ''))) {
          throw new Fail(line, `missing argument to option '${name}'`);
        }
        i++;
        return next;
      };
      if (a === '--help' || a === '-?') {
        yield* writeAll(sys, 1, STRESS_USAGE);
        return 0;
      } else if (a === '--version') {
        yield* writeAll(sys, 1, 'stress 1.0.7\n');
        return 0;
      } else if (a === '--verbose' || a === '-v') debug = 3;
      else if (a === '--quiet' || a === '-q') debug = 0;
      else if (a === '--dry-run' || a === '-n') dryrun = true;
      else if (a === '--backoff') {
        const v = needArg('--backoff', 142);
        const n = scanLli(v);
        if (n === undefined) throw new Fail(145, `invalid number: ${v}`);
        if (n < 0) throw new Fail(150, `invalid backoff factor: ${n}`);
        backoffCoef = n;
        yield* dbg(`setting backoff coeffient to ${n}us`);
      } else if (a === '--timeout' || a === '-t') {
        timeoutS = atollS(needArg('--timeout', 157));
        if (timeoutS <= 0) throw new Fail(161, `invalid timeout value: ${timeoutS}s`);
      } else if (a === '--cpu' || a === '-c') {
        doCpu = atollB(needArg('--cpu', 167));
        if (doCpu <= 0) throw new Fail(171, `invalid number of cpu hogs: ${doCpu}`);
      } else if (a === '--io' || a === '-i') {
        doIo = atollB(needArg('--io', 177));
        if (doIo <= 0) throw new Fail(181, `invalid number of io hogs: ${doIo}`);
      } else if (a === '--vm' || a === '-m') {
        doVm = atollB(needArg('--vm', 187));
        if (doVm <= 0) throw new Fail(191, `invalid number of vm hogs: ${doVm}`);
      } else if (a === '--vm-bytes') {
        vmBytes = atollB(needArg('--vm-bytes', 197));
        if (vmBytes <= 0) throw new Fail(201, `invalid vm byte value: ${vmBytes}`);
      } else if (a === '--vm-stride') {
        vmStride = atollB(needArg('--vm-stride', 207));
        if (vmStride <= 0) throw new Fail(211, `invalid stride value: ${vmStride}`);
      } else if (a === '--vm-hang') {
        vmHang = atollB(needArg('--vm-hang', 217));
        if (vmHang < 0) throw new Fail(221, `invalid value: ${vmHang}`);
      } else if (a === '--vm-keep') vmKeep = true;
      else if (a === '--hdd' || a === '-d') {
        doHdd = atollB(needArg('--hdd', 231));
        if (doHdd <= 0) throw new Fail(235, `invalid number of hdd hogs: ${doHdd}`);
      } else if (a === '--hdd-bytes') {
        const b = atollB(needArg('--hdd-bytes', 241));
        if (b <= 0) throw new Fail(245, `invalid hdd byte value: ${b}`);
      } else throw new Fail(251, `unrecognized option: ${a}`);
    }
  } catch (e) {
    if (e instanceof Fail) {
      yield* err(e.line, e.msg);
      return 1;
    }
    throw e;
  }

  if (doCpu + doIo + doVm + doHdd === 0) {
    yield* writeAll(sys, 1, STRESS_USAGE);
    return 0;
  }
  // Lab limitation, said plainly rather than faked.
  if (doIo) {
    yield* err(181, '--io workers are not simulated in this lab yet (the kernel has no sync(2) writeback model)');
    return 1;
  }
  if (doHdd) {
    yield* err(235, '--hdd workers are not simulated in this lab yet (no block-device write model for 1 GB files)');
    return 1;
  }
  yield* out(`dispatching hogs: ${doCpu} cpu, ${doIo} io, ${doVm} vm, ${doHdd} hdd`);

  const hogcpu = function* (): Program {
    for (;;) yield* sys.compute(10_000_000);
  };
  const hogvm = function* (): Program {
    const me = yield* sys.getpid();
    let addr = -1;
    let doMalloc = true;
    for (;;) {
      if (doMalloc) {
        yield* dbg(`allocating ${vmBytes} bytes ...`, me);
        addr = yield* sys.mmap(vmBytes);
        if (addr < 0) {
          yield* err(512, `hogvm malloc failed: ${strerror(-addr === 0 ? ENOMEM : -addr)}`, me);
          return 1;
        }
        if (vmKeep) doMalloc = false;
      }
      yield* dbg(`touching bytes in strides of ${vmStride} bytes ...`, me);
      // one store per stride: fault the pages in, and spend the CPU the loop costs
      yield* sys.touch(addr, vmBytes);
      yield* sys.compute(Math.max(1000, Math.ceil(vmBytes / 4096) * 1200 + Math.ceil(vmBytes / vmStride)));
      if (vmHang === 0) {
        yield* dbg('sleeping forever with allocated memory', me);
        for (;;) yield* sys.nanosleep(1024e9);
      } else if (vmHang > 0) {
        yield* dbg(`sleeping for ${vmHang}s with allocated memory`, me);
        yield* sys.nanosleep(vmHang * 1e9);
      }
      if (doMalloc) {
        yield* sys.munmap(addr);
        yield* dbg(`freed ${vmBytes} bytes`, me);
      }
    }
  };

  let children = 0;
  let retval = 0;
  for (;;) {
    const forks = doCpu + doIo + doVm + doHdd;
    if (!forks) break;
    const backoff = backoffCoef * forks;
    yield* dbg(`using backoff sleep of ${backoff}us`);
    let timeout = 0;
    if (timeoutS) {
      const cur = yield* now();
      timeout = timeoutS - (cur - starttime);
      if (timeout > 0) yield* dbg(`setting timeout to ${timeout}s`);
      else {
        yield* wrn(294, 'used up time before all workers dispatched');
        break;
      }
    }
    const worker = (body: () => Program) =>
      function* (): Program {
        yield* sys.alarm(timeout);
        yield* sys.nanosleep(backoff * 1000);
        if (dryrun) return 0;
        return yield* body();
      };
    const spawn = function* (kind: string, n: number, line: number, body: () => Program): SysCall<void> {
      const pid = yield* sys.fork(worker(body));
      if (pid < 0) yield* err(line, `fork failed: ${strerror(-pid)}`);
      else {
        yield* dbg(`--> ${kind} worker ${n} [${pid}] forked`);
        children++;
      }
    };
    if (doCpu) {
      yield* spawn('hogcpu', doCpu, 321, hogcpu);
      doCpu--;
    }
    if (doVm) {
      yield* spawn('hogvm', doVm, 361, hogvm);
      doVm--;
    }
  }

  while (children) {
    const r = yield* sys.wait4(-1, 0);
    if (typeof r === 'number') {
      yield* err(449, `error waiting for worker: ${strerror(-r)}`);
      retval++;
      break;
    }
    children--;
    const st = r.status;
    const reap = function* (lineW: number, lineH: number, lineK: number) {
      yield* wrn(lineW, 'now reaping child worker processes');
      const old = yield* sys.sigaction(SIGUSR1, { handler: 'ignore' });
      if (typeof old === 'number') yield* err(lineH, `handler error: ${strerror(-old)}`);
      const k = yield* sys.kill(-pid0, SIGUSR1);
      if (k < 0) yield* err(lineK, `kill error: ${strerror(-k)}`);
    };
    if (WIFEXITED(st)) {
      const ret = WEXITSTATUS(st);
      if (ret === 0) yield* dbg(`<-- worker ${r.pid} returned normally`);
      else {
        yield* err(404, `<-- worker ${r.pid} returned error ${ret}`);
        retval++;
        yield* reap(406, 408, 410);
      }
    } else if (WIFSIGNALED(st)) {
      const sig = WTERMSIG(st);
      if (sig === SIGALRM) yield* dbg(`<-- worker ${r.pid} signalled normally`);
      else if (sig === SIGUSR1) yield* dbg(`<-- worker ${r.pid} reaped`);
      else {
        yield* err(425, `<-- worker ${r.pid} got signal ${sig}`);
        retval++;
        yield* reap(427, 429, 431);
      }
    } else {
      yield* err(438, `<-- worker ${r.pid} exited abnormally`);
      retval++;
    }
  }
  const runtime = (yield* now()) - starttime;
  if (retval) yield* err(461, `failed run completed in ${runtime}s`);
  else yield* out(`successful run completed in ${runtime}s`);
  return retval & 0xff;
}

// tini 0.19.0 (Debian 12's package "tini"; Docker ships the same program as docker-init): a tiny
// init that runs one program and, as PID 1 or a child subreaper, reaps every zombie handed to it.
// Modelled on src/tini.c of that release, step for step:
//   parse_args (glibc getopt "p:hvwgle:s", --version only as the sole argument) → parse_env
//   (TINI_SUBREAPER, TINI_KILL_PROCESS_GROUP, TINI_VERBOSITY) → configure_signals (block all but
//   FPE ILL SEGV BUS ABRT TRAP SYS TTIN TTOU; ignore TTIN/TTOU) → PR_SET_PDEATHSIG (-p) →
//   PR_SET_CHILD_SUBREAPER (-s) → reaper_check (warn unless PID 1 or subreaper) → spawn (child:
//   setpgid(0,0), tcsetpgrp(0), restore mask and TTIN/TTOU, execvp; 127/126/1 on failure) → loop:
//   sigtimedwait(1 s), forward any signal but SIGCHLD to the child (its group with -g), then reap
//   with waitpid(-1, WNOHANG) until none is left; exit with the main child's status (128 + signal
//   when killed; -e remaps a status to 0) once it has been reaped.
// Messages are the real ones: "[WARN  tini (PID)] …" on stderr, INFO/DEBUG/TRACE on stdout at
// verbosity 2/3/4 (default 1). Not modelled: real-time signals (the kernel has 1–31 only), so
// SigBlk shows the low 31 bits of what real tini blocks.
import type { Sys, Program, SysCall } from '../../kernel/syscall';
import {
  SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGTRAP, SIGSYS, SIGTTIN, SIGTTOU, SIGCHLD, SIGKILL, SIGSTOP,
  SIG_SETMASK, sigbit, SIGNAL_TEXT, WNOHANG, WIFEXITED, WEXITSTATUS, WIFSIGNALED, WTERMSIG,
  PR_SET_CHILD_SUBREAPER, PR_GET_CHILD_SUBREAPER, PR_SET_PDEATHSIG, TIOCSPGRP,
  EAGAIN, EINTR, ECHILD, ESRCH, ENOTTY, ENXIO, ENOENT, EACCES, EINVAL, strerror,
  type SigAction,
} from '../../kernel/syscall';
import { getopt } from '../lib/getopt';
import { execvp, envGet } from '../lib/execvp';
import { writeAll } from '../lib/io';

const VERSION = 'tini version 0.19.0';

// tini's signal_names table: what -p accepts
const SIGNAL_NAMES: ReadonlyArray<readonly [string, number]> = [
  ['SIGHUP', 1], ['SIGINT', 2], ['SIGQUIT', 3], ['SIGILL', 4], ['SIGTRAP', 5], ['SIGABRT', 6], ['SIGBUS', 7],
  ['SIGFPE', 8], ['SIGKILL', 9], ['SIGUSR1', 10], ['SIGSEGV', 11], ['SIGUSR2', 12], ['SIGPIPE', 13],
  ['SIGALRM', 14], ['SIGTERM', 15], ['SIGCHLD', 17], ['SIGCONT', 18], ['SIGSTOP', 19], ['SIGTSTP', 20],
  ['SIGTTIN', 21], ['SIGTTOU', 22], ['SIGURG', 23], ['SIGXCPU', 24], ['SIGXFSZ', 25], ['SIGVTALRM', 26],
  ['SIGPROF', 27], ['SIGWINCH', 28], ['SIGSYS', 31],
];

// signals tini leaves unblocked: faults it must take itself, and the tty ones it ignores
const SIGNALS_FOR_TINI = [SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGTRAP, SIGSYS, SIGTTIN, SIGTTOU];
const ALL_SIGNALS = 0x7fffffff; // sigfillset over the kernel's signals 1–31

const REAPER_WARNING =
  "Tini is not running as PID 1 and isn't registered as a child subreaper.\n" +
  "Zombie processes will not be re-parented to Tini, so zombie reaping won't work.\n" +
  'To fix the problem, use the -s option or set the environment variable TINI_SUBREAPER to register Tini as a child subreaper, or run Tini as PID 1.';

const LICENSE = `The MIT License (MIT)

Copyright (c) 2015 Thomas Orozco <thomas@orozco.fr>

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
`;

function usage(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return `${base} (${VERSION})
Usage: ${base} [OPTIONS] PROGRAM -- [ARGS] | --version

Execute a program under the supervision of a valid init process (${base})

Command line options:

  --version: Show version and exit.
  -h: Show this help message and exit.
  -s: Register as a process subreaper (requires Linux >= 3.4).
  -p SIGNAL: Trigger SIGNAL when parent dies, e.g. "-p SIGKILL".
  -v: Generate more verbose output. Repeat up to 3 times.
  -w: Print a warning when processes are getting reaped.
  -g: Send signals to the child's process group.
  -e EXIT_CODE: Remap EXIT_CODE (from 0 to 255) to 0.
  -l: Show license and exit.

Environment variables:

  TINI_SUBREAPER: Register as a process subreaper (requires Linux >= 3.4).
  TINI_VERBOSITY: Set the verbosity level (default: 1).
  TINI_KILL_PROCESS_GROUP: Send signals to the child's process group.

`;
}

/** C atoi(): leading blanks, a sign, digits; 0 when there are none. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number.parseInt(m[1]!, 10) | 0 : 0;
}

class Tini {
  verbosity = 1;
  subreaper = 0;
  pdeathsig = 0;
  killProcessGroup = 0;
  warnOnReap = 0;
  readonly expectStatus = new Set<number>();

  // (the forked child runs methods of this same object: it holds settings only, never state)
  constructor(private readonly sys: Sys) {}

  /** PRINT_FATAL always; PRINT_WARNING/INFO/DEBUG/TRACE when verbosity exceeds min - 1. */
  private *log(level: 'FATAL' | 'WARN ' | 'INFO ' | 'DEBUG' | 'TRACE', min: number, msg: string): SysCall<void> {
    if (level !== 'FATAL' && this.verbosity < min) return;
    const fd = level === 'FATAL' || level === 'WARN ' ? 2 : 1;
    yield* writeAll(this.sys, fd, `[${level} tini (${yield* this.sys.getpid()})] ${msg}\n`);
  }
  fatal = (msg: string) => this.log('FATAL', 0, msg);
  warn = (msg: string) => this.log('WARN ', 1, msg);
  info = (msg: string) => this.log('INFO ', 2, msg);
  debug = (msg: string) => this.log('DEBUG', 3, msg);
  trace = (msg: string) => this.log('TRACE', 4, msg);

  /** The child: its own process group, in the foreground of the terminal if there is one; then exec. */
  *child(argv: string[], envp: string[], mask: number, ttin: SigAction, ttou: SigAction): Program {
    const sys = this.sys;
    const r = yield* sys.setpgid(0, 0);
    if (r < 0) {
      yield* this.fatal(`setpgid failed: ${strerror(-r)}`);
      return 1;
    }
    const t = (yield* sys.ioctl(0, TIOCSPGRP, yield* sys.getpgid(0))) as number;
    if (typeof t === 'number' && t < 0) {
      if (t === -ENOTTY) yield* this.debug('tcsetpgrp failed: no tty (ok to proceed)');
      else if (t === -ENXIO) yield* this.debug('tcsetpgrp failed: no such device (ok to proceed)');
      else {
        yield* this.fatal(`tcsetpgrp failed: ${strerror(-t)}`);
        return 1;
      }
    }
    yield* sys.sigprocmask(SIG_SETMASK, mask);
    yield* sys.sigaction(SIGTTIN, ttin);
    yield* sys.sigaction(SIGTTOU, ttou);
    const e = yield* execvp(sys, argv[0]!, argv, envp);
    const status = e === -ENOENT ? 127 : e === -EACCES ? 126 : 1;
    yield* this.fatal(`exec ${argv[0]!} failed: ${strerror(-e)}`);
    return status;
  }

  /** reap_zombies: the main child's exit code once it has been reaped, else -1; null on error. */
  *reap(childPid: number, code: number): SysCall<number | null> {
    for (;;) {
      const w = yield* this.sys.wait4(-1, WNOHANG);
      if (typeof w === 'number') {
        if (w === -ECHILD) {
          yield* this.trace('No child to wait');
          return code;
        }
        if (w === 0) {
          yield* this.trace('No child to reap');
          return code;
        }
        yield* this.fatal(`Error while waiting for pids: '${strerror(-w)}'`);
        return null;
      }
      if (w.pid === 0) {
        yield* this.trace('No child to reap');
        return code;
      }
      yield* this.debug(`Reaped child with pid: '${w.pid}'`);
      if (w.pid === childPid) {
        if (WIFEXITED(w.status)) {
          yield* this.info(`Main child exited normally (with status '${WEXITSTATUS(w.status)}')`);
          code = WEXITSTATUS(w.status);
        } else if (WIFSIGNALED(w.status)) {
          const sig = WTERMSIG(w.status);
          yield* this.info(`Main child exited with signal (with signal '${SIGNAL_TEXT[sig] ?? `Unknown signal ${sig}`}')`);
          code = 128 + sig;
        } else {
          yield* this.fatal('Main child exited for unknown reason');
          return null;
        }
        code %= 256;
        if (this.expectStatus.has(code)) code = 0;
      } else if (this.warnOnReap > 0) {
        yield* this.warn(`Reaped zombie process with pid=${w.pid}`);
      }
    }
  }
}

export function* tini(sys: Sys, argv: string[], envp: string[]): Program {
  const name = argv[0] ?? 'tini';
  const args = argv.slice(1);
  const ti = new Tini(sys);
  if (args.length === 1 && args[0] === '--version') {
    yield* writeAll(sys, 1, `${VERSION}\n`);
    return 0;
  }
  // glibc getopt permutes: options after PROGRAM are tini's unless "--" comes first
  const p = getopt(args, 'p:hvwgle:s');
  for (const [k, v] of p.opts) {
    switch (k) {
      case 'h':
        yield* writeAll(sys, 1, usage(name));
        return 0;
      case 's':
        ti.subreaper++;
        break;
      case 'p': {
        const sig = SIGNAL_NAMES.find(([n]) => n === v);
        if (!sig) {
          yield* ti.fatal(`Not a valid option for -p: ${v!}`);
          return 1;
        }
        ti.pdeathsig = sig[1];
        break;
      }
      case 'v':
        ti.verbosity++;
        break;
      case 'w':
        ti.warnOnReap++;
        break;
      case 'g':
        ti.killProcessGroup++;
        break;
      case 'e': {
        // strtol(arg, &end, 10) with *end == 0: the whole argument is a number ('' is 0)
        const ok = v === '' ? 0 : /^[ \t\n\v\f\r]*[+-]?\d+$/.test(v!) ? Number(v) : NaN;
        if (!(ok >= 0 && ok <= 255)) {
          yield* ti.fatal(`Not a valid option for -e: ${v!}`);
          return 1;
        }
        ti.expectStatus.add(ok);
        break;
      }
      case 'l':
        yield* writeAll(sys, 1, LICENSE);
        return 0;
    }
  }
  if ('message' in p) {
    // getopt printed "tini: invalid option -- 'x'"; tini then prints its usage to stderr
    yield* writeAll(sys, 2, `${name}: ${p.message}\n`);
    yield* writeAll(sys, 2, usage(name));
    return 1;
  }
  const childArgs = p.operands;
  if (childArgs.length === 0) {
    yield* writeAll(sys, 2, usage(name));
    return 1;
  }

  // parse_env
  if (envGet(envp, 'TINI_SUBREAPER') !== undefined) ti.subreaper++;
  if (envGet(envp, 'TINI_KILL_PROCESS_GROUP') !== undefined) ti.killProcessGroup++;
  const v = envGet(envp, 'TINI_VERBOSITY');
  if (v !== undefined) ti.verbosity = atoi(v);

  // configure_signals: collect everything in the main loop but faults and the tty signals
  let parentMask = ALL_SIGNALS;
  for (const s of SIGNALS_FOR_TINI) parentMask &= ~sigbit(s);
  const childMask = yield* sys.sigprocmask(SIG_SETMASK, parentMask);
  const ttin = (yield* sys.sigaction(SIGTTIN, { handler: 'ignore' })) as SigAction;
  const ttou = (yield* sys.sigaction(SIGTTOU, { handler: 'ignore' })) as SigAction;

  if (ti.pdeathsig && (yield* sys.prctl(PR_SET_PDEATHSIG, ti.pdeathsig)) !== 0) {
    yield* ti.fatal('Failed to set up parent death signal');
    return 1;
  }
  if (ti.subreaper > 0) {
    const r = yield* sys.prctl(PR_SET_CHILD_SUBREAPER, 1);
    if (r !== 0) {
      if (r === -EINVAL) yield* ti.fatal('PR_SET_CHILD_SUBREAPER is unavailable on this platform. Are you using Linux >= 3.4?');
      else yield* ti.fatal(`Failed to register as child subreaper: ${strerror(-(r as number))}`);
      return 1;
    }
    yield* ti.trace('Registered as child subreaper');
  }
  // reaper_check
  if ((yield* sys.getpid()) !== 1 && (yield* sys.prctl(PR_GET_CHILD_SUBREAPER)) !== 1) yield* ti.warn(REAPER_WARNING);

  // spawn
  const childPid = yield* sys.fork(() => ti.child(childArgs, envp, childMask, ttin, ttou));
  if (childPid < 0) {
    yield* ti.fatal(`fork failed: ${strerror(-childPid)}`);
    return 1;
  }
  yield* ti.info(`Spawned child process '${childArgs[0]!}' with pid '${childPid}'`);

  const waitMask = parentMask & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
  for (let code = -1; ;) {
    // wait_and_forward_signal
    const sig = yield* sys.sigtimedwait(waitMask, 1e9);
    if (sig < 0) {
      if (sig !== -EAGAIN && sig !== -EINTR) {
        yield* ti.fatal(`Unexpected error in sigtimedwait: '${strerror(-sig)}'`);
        return 1;
      }
    } else if (sig === SIGCHLD) {
      yield* ti.debug('Received SIGCHLD');
    } else {
      yield* ti.debug(`Passing signal: '${SIGNAL_TEXT[sig] ?? `Unknown signal ${sig}`}'`);
      const r = yield* sys.kill(ti.killProcessGroup ? -childPid : childPid, sig);
      if (r === -ESRCH) yield* ti.warn('Child was dead when forwarding signal');
      else if (r < 0) {
        yield* ti.fatal(`Unexpected error when forwarding signal: '${strerror(-r)}'`);
        return 1;
      }
    }
    const c = yield* ti.reap(childPid, code);
    if (c === null) return 1;
    code = c;
    if (code !== -1) {
      yield* ti.trace('Exiting: child has exited');
      return code;
    }
  }
}

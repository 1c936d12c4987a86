// The shell's state and executor: lists, pipelines, simple commands, compound commands,
// redirections, forking (with bash's fork-retry), job control and traps.
import type { Sys, Program, SigAction } from '../../kernel/syscall';
import {
  EAGAIN, EACCES, ECHILD, EINTR, ENOENT, ENOEXEC, ENOMEM, EISDIR, EBADF, F_DUPFD_CLOEXEC, O_APPEND, O_CREAT,
  O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, O_CLOEXEC, S_IFDIR, S_IFMT, S_IFREG, SIGCHLD, SIGCONT, SIGINT, SIGPIPE,
  SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH, SIGNAL_TEXT, SIG_SETMASK, TCGETS, TCSETS, TIOCSPGRP,
  CLOCK_MONOTONIC, WNOHANG, WUNTRACED, WCONTINUED, X_OK, WIFSIGNALED, WTERMSIG, WCOREDUMP, strerror,
} from '../../kernel/syscall';
import type { Termios } from '../../kernel/syscall';
import type { AndOr, Command, List, Pipeline, Redirect, SimpleCommand, Word } from './ast';
import { Expander, ExpandError, type ExpandHost, type Gen } from './expand';
import { parseAll, ParseError, isName } from './parser';
import { matchPattern } from './pattern';
import { JobTable, jobDone, jobStopped, statusToExit, type Job, type Proc } from './jobs';
import { readAll, readAllBytes } from '../lib/io';
import { decodeRaw } from '../lib/utf8';
import { writeAll } from './rawio';
import { decode } from '../lib/text';
import { BUILTINS } from './builtins';
import { globExpand } from './glob';
import { evalCond } from './cond';
import { evalArith, ArithError } from './arith';
import { jobText, commandText, pipelineText } from './printer';
import { formatTimes, DEFAULT_TIMEFORMAT, POSIX_TIMEFORMAT } from './timefmt';

// ---------- control flow ----------
export class ExitSignal {
  constructor(readonly status: number) {}
}
export class ReturnSignal {
  constructor(readonly status: number) {}
}
export class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    public n: number,
    /** the loop's status when not 0 (a stopped job: 128+sig) */
    readonly status = 0,
  ) {}
}
/** ^C in an interactive shell, a fatal expansion error, or a failed fork: back to the prompt. */
export class TopLevel {
  constructor(
    readonly status: number,
    /** print a newline first (^C interrupted the shell itself) */
    readonly newline = false,
  ) {}
}

export interface Var {
  /** the shell's varTok when it may change this object in place (copy-on-write after fork) */
  tok?: object;
  value?: string;
  arr?: string[];
  exported: boolean;
  readonly: boolean;
  /** declare -i: assignments are evaluated arithmetically */
  integer?: boolean;
  /** declare -l / -u: values are lower-/upper-cased on assignment */
  lower?: boolean;
  upper?: boolean;
  /** declare -t (only shown by declare -p) */
  trace?: boolean;
}

export interface Options {
  errexit: boolean;
  nounset: boolean;
  xtrace: boolean;
  pipefail: boolean;
  noglob: boolean;
  monitor: boolean;
  noclobber: boolean;
  verbose: boolean;
  allexport: boolean;
  hashall: boolean;
  notify: boolean;
  noexec: boolean;
  ignoreeof: boolean;
  emacs: boolean;
  history: boolean;
  posix: boolean;
}

/** Signals interactive bash catches (SigCgt 000000004b813efb) besides the ones it ignores. */
export const INTERACTIVE_CAUGHT = [1, 2, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 17, 24, 25, 26, 28, 31];
export const INTERACTIVE_IGNORED = [SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU];
const FATAL = [1, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 24, 25, 26, 31];

export const TTY_FD = 255;

/** The Expander's view of a shell: methods on a prototype, so a forked shell allocates no closures. */
class ShellHost implements ExpandHost {
  constructor(private readonly sh: Shell) {}
  getVar(n: string): string | undefined {
    return this.sh.getVar(n);
  }
  getArray(n: string): string[] | undefined {
    return this.sh.vars.get(n)?.arr;
  }
  setVar(n: string, v: string): void {
    if (!this.sh.setVar(n, v)) throw new ExpandError(`${n}: readonly variable`, 1);
  }
  positional(): string[] {
    return this.sh.positional;
  }
  special(c: string): string {
    return this.sh.special(c);
  }
  nounset(): boolean {
    return this.sh.opts.nounset;
  }
  noglob(): boolean {
    return this.sh.opts.noglob;
  }
  cmdSubst(src: string, line: number): Gen<string> {
    return this.sh.cmdSubst(src, line);
  }
  glob(pat: string): Gen<string[]> {
    return globExpand(this.sh.sys, pat);
  }
  home(user: string): Gen<string | undefined> {
    return this.sh.homeOf(user);
  }
}

const COW_BIT = { functions: 1, aliases: 2, shopts: 4 } as const;
const COW_ALL = 7;

export type SyntaxKind = 'interactive' | 'stdin' | '-c' | 'script' | 'eval' | 'PROMPT_COMMAND';

export class Shell {
  vars = new Map<string, Var>();
  localStack: Map<string, Var | undefined>[] = [];
  functions = new Map<string, Command & { t: 'func' }>();
  positional: string[] = [];
  opts: Options = {
    errexit: false, nounset: false, xtrace: false, pipefail: false, noglob: false, monitor: false,
    noclobber: false, verbose: false, allexport: false, hashall: true, notify: false, noexec: false,
    ignoreeof: false, emacs: false, history: false, posix: false,
  };
  traps = new Map<number, string>();
  /** signals a non-interactive shell found ignored at startup: trap cannot change them */
  ignoredOnEntry = new Set<number>();
  /**
   * Signals 1–31 whose disposition may not be SIG_DFL in this process (set through
   * setDisposition); null until known. Lets a child reset only those before exec instead of
   * asking the kernel about all 31 on every fork (a shell loop forks thousands of times).
   * Unknown at first because dispositions ignored before the shell was exec'd are inherited.
   */
  nonDefault: Set<number> | null = null;
  /** signals ignored when this shell was exec'd (learnInheritedDispositions) */
  inheritedIgnored = new Set<number>();
  entryChecked = new Set<number>();
  /** signals whose trap handler fired and has not run yet */
  pendingSigs: number[] = [];
  lastStatus = 0;
  lastBg = '';
  pid = 0;
  name = 'bash';
  /** "bash" or "sh": the prefix of messages */
  progName = 'bash';
  interactive = false;
  /** file being sourced (for messages) */
  srcFile: string | undefined;
  /** a subshell of an interactive shell: messages without "line N" */
  msgInteractive = false;
  login = false;
  /** -c or script: for "line N" in messages */
  lineno = 1;
  /** name used in syntax-error messages ("-c", script path), '' when interactive */
  source = '';
  jobs = new JobTable();
  subshell = 0;
  loopDepth = 0;
  funcDepth = 0;
  sourceDepth = 0;
  shellTermios: Termios | undefined;
  shellPgid = 0;
  stoppedWarned = false;
  aliases = new Map<string, string>();
  shopts = new Map<string, boolean>();
  history: string[] = [];
  dirStack: string[] = [];
  umaskOut = 0o022;
  /** errexit is ignored in conditions (if/while tests, && || lists, !) */
  private noErrexit = 0;
  exp: Expander;
  getoptsState = { optind: 1, sub: 0 };

  constructor(readonly sys: Sys) {
    this.exp = new Expander(this.host());
  }

  // ---------- messages ----------
  /** "bash: " interactively, "bash: line 3: " otherwise (as bash's error prefix). */
  errp(): string {
    if (this.srcFile !== undefined) return `${this.srcFile}: line ${this.lineno}: `;
    if (this.interactive || this.msgInteractive) return `${this.progName}: `;
    // Note: run without any terminal (no controlling tty, stdin not a tty), bash 5.2 leaves out
    // "line N" for commands read from stdin and in job-death reports; on the lab's console it is
    // always there (checked under a pty: `echo nosuch | bash` → "bash: line 1: nosuch: ...").
    return `${this.name}: line ${this.lineno}: `;
  }

  *err(msg: string): Gen<void> {
    yield* writeAll(this.sys, 2, this.errp() + msg + '\n');
  }

  *out(s: string): Gen<number> {
    return yield* writeAll(this.sys, 1, s);
  }

  // ---------- variables ----------
  private rand = 0;
  bashpid = 0;

  getVar(name: string): string | undefined {
    const v = this.vars.get(name);
    if (!v) {
      if (name === 'RANDOM') {
        // deterministic LCG seeded from the pid (bash's own generator is seeded from time+pid)
        if (this.rand === 0) this.rand = (this.bashpid || this.pid) * 1103515245 + 12345;
        this.rand = (Math.imul(this.rand, 1103515245) + 12345) >>> 0;
        return String((this.rand >>> 16) & 0x7fff);
      }
      if (name === 'LINENO') return String(this.lineno);
      if (name === 'BASHPID') return String(this.bashpid || this.pid);
      if (name === 'BASH_SUBSHELL') return String(this.subshell);
    }
    if (!v) return undefined;
    if (v.arr) return v.arr[0];
    return v.value;
  }

  /** The value an assignment stores in v given its attributes (-i, -l, -u); `old` for `+=`. */
  attrValue(v: Var, value: string, old?: string): string {
    if (v.integer) {
      const env = { get: (n: string) => this.getVar(n), set: (n: string, x: string) => void this.setVar(n, x) };
      try {
        let n = evalArith(value, env);
        if (old !== undefined) n = BigInt.asIntN(64, n + evalArith(old || '0', env));
        return String(n);
      } catch (e) {
        if (e instanceof ArithError) throw new ExpandError(e.toString(), 1);
        throw e;
      }
    }
    if (old !== undefined) value = old + value;
    if (v.upper) return value.toUpperCase();
    if (v.lower) return value.toLowerCase();
    return value;
  }

  setVar(name: string, value: string, opts: { exported?: boolean; append?: boolean } = {}): boolean {
    const v = this.ownVar(name);
    if (v?.readonly) return false;
    if (v && (v.integer || v.upper || v.lower || opts.append)) {
      value = this.attrValue(v, value, opts.append ? (v.arr ? v.arr[0] : v.value) ?? '' : undefined);
    } else if (opts.append) value = (v?.value ?? '') + value;
    if (v) {
      // name=value on an array sets element 0 and keeps the rest (bash: a=(x y); a=z → z y);
      // a new array: the old one may be shared with a forked shell
      if (v.arr) v.arr = [value, ...v.arr.slice(1)];
      else v.value = value;
      if (opts.exported) v.exported = true;
    } else this.vars.set(name, { tok: this.varTok, value, exported: !!opts.exported || this.opts.allexport, readonly: false });
    return true;
  }

  /**
   * Variables are shared with forked children (the Map is copied, not its Var objects): a Var
   * is changed in place only by the shell whose varTok it carries; else it is copied first.
   */
  varTok: object = {};

  /** bits of COW_BIT: Maps shared with a parent or child, to be copied before a change */
  cow = 0;

  /** functions / aliases / shopts, ready to be changed. */
  own<K extends keyof typeof COW_BIT>(which: K): this[K] {
    const bit = COW_BIT[which];
    if (this.cow & bit) {
      this.cow &= ~bit;
      (this as { [k in K]: unknown })[which] = new Map(this[which] as Map<unknown, unknown>);
    }
    return this[which];
  }

  /** The variable `name`, ready to be changed in place. */
  ownVar(name: string): Var | undefined {
    const v = this.vars.get(name);
    if (!v || v.tok === this.varTok) return v;
    const c: Var = { ...v, arr: v.arr?.slice(), tok: this.varTok };
    this.vars.set(name, c);
    return c;
  }

  unsetVar(name: string): boolean {
    const v = this.vars.get(name);
    if (v?.readonly) return false;
    this.vars.delete(name);
    return true;
  }

  envp(extra?: Map<string, string>): string[] {
    const out: string[] = [];
    for (const [k, v] of this.vars) {
      if (extra?.has(k)) continue;
      if (v.exported && v.value !== undefined && !v.arr) out.push(`${k}=${v.value}`);
    }
    if (extra) for (const [k, v] of extra) out.push(`${k}=${v}`);
    return out;
  }

  private host(): ExpandHost {
    return new ShellHost(this);
  }

  special(c: string): string {
    switch (c) {
      case '?': return String(this.lastStatus);
      case '$': return String(this.pid);
      case '!': return this.lastBg;
      case '#': return String(this.positional.length);
      case '0': return this.name;
      case '-': return this.flags();
      default: return '';
    }
  }

  flags(): string {
    let f = '';
    if (this.opts.errexit) f += 'e';
    if (this.opts.hashall) f += 'h';
    if (this.interactive) f += 'i';
    if (this.opts.monitor) f += 'm';
    if (this.opts.noglob) f += 'f';
    if (this.opts.nounset) f += 'u';
    if (this.opts.xtrace) f += 'x';
    f += 'B';
    if (this.opts.noclobber) f += 'C';
    if (this.opts.history) f += 'H';
    if (this.source === '-c') f += 'c';
    if (this.source === 'stdin') f += 's'; // interactive bash too: "himBHs"
    return f;
  }

  *homeOf(user: string): Gen<string | undefined> {
    const fd = yield* this.sys.open('/etc/passwd', O_RDONLY);
    if (fd < 0) return undefined;
    const text = yield* readAll(this.sys, fd);
    yield* this.sys.close(fd);
    if (typeof text === 'number') return undefined;
    const uid = user === '' ? yield* this.sys.getuid() : -1;
    for (const line of text.split('\n')) {
      const f = line.split(':');
      if (f.length < 7) continue;
      if ((user === '' && Number(f[2]) === uid) || f[0] === user) return f[5];
    }
    return undefined;
  }

  // ---------- cloning for fork ----------
  cloneForChild(): Shell {
    const c = new Shell(this.sys);
    c.vars = new Map(this.vars);
    this.varTok = {}; // the parent's Vars are now shared with the child too
    c.localStack = this.localStack.map((m) => new Map(m));
    // functions, aliases and shopts are shared until one side changes them (own())
    c.functions = this.functions;
    c.aliases = this.aliases;
    c.shopts = this.shopts;
    c.cow = this.cow = COW_ALL;
    c.positional = this.positional.slice();
    c.opts = { ...this.opts };
    // traps are reset in subshells except ignored signals (and EXIT is reset)
    for (const [s, t] of this.traps) if (t === '' && s !== 0) c.traps.set(s, t);
    c.lastStatus = this.lastStatus;
    c.lastBg = this.lastBg;
    c.pid = this.pid;
    c.name = this.name;
    c.progName = this.progName;
    c.interactive = false;
    c.msgInteractive = this.interactive || this.msgInteractive;
    c.lineno = this.lineno;
    c.source = this.source;
    c.jobs = new JobTable();
    c.traceLevel = this.traceLevel;
    c.subshell = this.subshell + 1;
    c.nonDefault = this.nonDefault && new Set(this.nonDefault);
    c.inheritedIgnored = this.inheritedIgnored;
    c.loopDepth = this.loopDepth;
    c.funcDepth = this.funcDepth;
    c.dirStack = this.dirStack.slice();
    c.srcFile = this.srcFile;
    c.sourceDepth = this.sourceDepth;
    c.login = this.login;
    c.shellPgid = this.shellPgid;
    c.opts.monitor = false;
    return c;
  }

  // ---------- fork ----------
  /** fork() with bash's retry on EAGAIN; throws TopLevel(254) / exits on failure. */
  *fork(child: (sh: Shell) => Gen<number>): Gen<number> {
    const c = this.cloneForChild();
    let delay = 1;
    for (let attempt = 0; ; attempt++) {
      const pid = yield* this.sys.fork(() => c.childMain(child));
      if (pid >= 0) return pid;
      if (pid === -EAGAIN && attempt < 4) {
        yield* writeAll(this.sys, 2, `${this.progName}: fork: retry: ${strerror(EAGAIN)}\n`);
        yield* this.sys.nanosleep(delay * 1_000_000_000);
        delay *= 2;
        continue;
      }
      yield* writeAll(this.sys, 2, `${this.progName}: fork: ${strerror(pid === -ENOMEM ? ENOMEM : -pid)}\n`);
      if (!this.interactive) throw new ExitSignal(254);
      throw new TopLevel(254);
    }
  }

  *childMain(body: (sh: Shell) => Gen<number>): Program {
    this.bashpid = yield* this.sys.getpid();
    let status: number;
    try {
      status = yield* body(this);
    } catch (e) {
      if (e instanceof ExitSignal) status = e.status;
      else if (e instanceof TopLevel) status = e.status;
      else if (e instanceof ReturnSignal) status = e.status;
      else if (e instanceof LoopSignal) status = this.lastStatus;
      else throw e;
    }
    status = yield* this.runExitTrap(status);
    return status & 0xff;
  }

  /** In a child: reset dispositions the parent shell changed, so exec'd programs get defaults. */
  *resetSignalsForExec(): Gen<void> {
    const candidates = this.nonDefault ?? Array.from({ length: 31 }, (_, i) => i + 1);
    const still = new Set<number>();
    for (const s of candidates) {
      if (s === 9 || s === 19) continue;
      const t = this.traps.get(s);
      // bash's restore_original_signals puts back the disposition found at startup, so a
      // signal ignored on entry stays ignored for the programs the shell runs
      if (t === '' || this.inheritedIgnored.has(s)) {
        if (t !== undefined && t !== '') yield* this.setDisposition(s, { handler: 'ignore' });
        still.add(s);
        continue;
      }
      const old = yield* this.sys.sigaction(s);
      if (typeof old !== 'number' && old.handler !== 'default') {
        yield* this.setDisposition(s, { handler: 'default' });
      }
    }
    this.nonDefault = still;
    yield* this.sys.sigprocmask(SIG_SETMASK, 0);
  }

  /**
   * Once, when the shell starts: which signals it inherited ignored across execve (the only
   * non-default disposition that survives exec). bash leaves them ignored for the commands it
   * runs (`trap '' HUP; bash -c 'sleep 9'` → sleep has SigIgn bit 0 set) unless a trap changes them.
   */
  *learnInheritedDispositions(): Gen<void> {
    const found = new Set<number>();
    for (let s = 1; s <= 31; s++) {
      if (s === 9 || s === 19) continue;
      const old = yield* this.sys.sigaction(s);
      if (typeof old !== 'number' && old.handler === 'ignore') found.add(s);
    }
    this.inheritedIgnored = found;
    this.nonDefault = new Set(found);
  }

  /** sigaction(sig, act), keeping `nonDefault` true. */
  *setDisposition(sig: number, act: SigAction): Gen<void> {
    yield* this.sys.sigaction(sig, act);
    if (act.handler === 'default') this.nonDefault?.delete(sig);
    else this.nonDefault?.add(sig);
  }

  // ---------- signals & traps ----------
  handler(): SigAction {
    return {
      handler: (sig: number) => this.onSignal(sig),
    };
  }

  *onSignal(sig: number): Generator<never, void, unknown> {
    if (!this.pendingSigs.includes(sig)) this.pendingSigs.push(sig);
  }

  /** Runs trap actions for signals received; SIGINT without a trap interrupts (TopLevel). */
  *checkSignals(): Gen<void> {
    while (this.pendingSigs.length) {
      const sig = this.pendingSigs.shift()!;
      if (sig === SIGCHLD) {
        const t = this.traps.get(sig);
        yield* this.reapBackground();
        if (t) yield* this.runTrap(t);
        continue;
      }
      if (sig === SIGWINCH) {
        const t = this.traps.get(sig);
        if (t) yield* this.runTrap(t);
        continue;
      }
      const t = this.traps.get(sig);
      if (t !== undefined && t !== '') {
        yield* this.runTrap(t);
        continue;
      }
      if (t === '') continue;
      if (sig === SIGINT) {
        if (this.interactive) {
          this.pendingSigs = [];
          throw new TopLevel(130, true);
        }
        yield* this.dieBySignal(sig);
      }
      if (FATAL.includes(sig)) yield* this.dieBySignal(sig);
    }
  }

  *dieBySignal(sig: number): Gen<never> {
    if (sig === 1 && this.interactive) {
      // bash passes SIGHUP on to its jobs (and wakes stopped ones so they see it)
      for (const j of this.jobs.jobs) {
        yield* this.sys.kill(-j.pgid, 1);
        if (jobStopped(j)) yield* this.sys.kill(-j.pgid, SIGCONT);
      }
    }
    yield* this.runExitTrap(128 + sig);
    yield* this.restoreTty();
    yield* this.setDisposition(sig, { handler: 'default' });
    yield* this.sys.sigprocmask(SIG_SETMASK, 0);
    yield* this.sys.kill(yield* this.sys.getpid(), sig);
    return yield* this.sys.exit_group(128 + sig);
  }

  *runTrap(action: string): Gen<void> {
    const saved = this.lastStatus;
    yield* this.evalString(action);
    this.lastStatus = saved;
  }

  private exitTrapRan = false;
  *runExitTrap(status: number): Gen<number> {
    const t = this.traps.get(0);
    if (t && !this.exitTrapRan) {
      this.exitTrapRan = true;
      this.lastStatus = status;
      try {
        yield* this.evalString(t);
      } catch (e) {
        if (e instanceof ExitSignal) return e.status;
        throw e;
      }
    }
    return status;
  }

  /** Installs the disposition that the trap table and the shell mode call for. */
  *applyTrapDisposition(sig: number): Gen<void> {
    if (sig === 0 || sig === 9 || sig === 19 || sig >= 100) return;
    const t = this.traps.get(sig);
    if (t === '') {
      yield* this.setDisposition(sig, { handler: 'ignore' });
      return;
    }
    if (t !== undefined) {
      yield* this.setDisposition(sig, this.handler());
      return;
    }
    // back to the shell's own disposition
    if (this.interactive && this.subshell === 0) {
      if (INTERACTIVE_IGNORED.includes(sig)) yield* this.setDisposition(sig, { handler: 'ignore' });
      else if (INTERACTIVE_CAUGHT.includes(sig)) yield* this.setDisposition(sig, this.handler());
      else yield* this.setDisposition(sig, { handler: 'default' });
    } else if ((sig === SIGINT || sig === SIGCHLD) && this.subshell === 0) {
      yield* this.setDisposition(sig, this.handler());
    } else yield* this.setDisposition(sig, { handler: 'default' });
  }

  *initSignals(): Gen<void> {
    if (this.nonDefault === null) yield* this.learnInheritedDispositions();
    if (this.interactive) {
      for (const s of INTERACTIVE_IGNORED) yield* this.setDisposition(s, { handler: 'ignore' });
      for (const s of INTERACTIVE_CAUGHT) yield* this.setDisposition(s, this.handler());
    } else {
      // SIGINT ignored on entry (e.g. started by a background job of a script) stays ignored and
      // shows as `trap -- '' SIGINT`
      const old = yield* this.sys.sigaction(SIGINT);
      if (typeof old !== 'number' && old.handler === 'ignore' && this.subshell === 0) {
        this.ignoredOnEntry.add(SIGINT);
        this.traps.set(SIGINT, '');
      } else yield* this.setDisposition(SIGINT, this.handler());
      yield* this.setDisposition(SIGCHLD, this.handler());
      // bash's initialize_shell_signals ignores SIGQUIT in every shell (SigIgn 0000000000000004
      // for `bash -c`/scripts); children get the default back before exec
      yield* this.setDisposition(SIGQUIT, { handler: 'ignore' });
    }
  }

  // ---------- terminal ----------
  *giveTerminal(pgid: number): Gen<void> {
    if (this.opts.monitor && this.interactive) yield* this.sys.ioctl(TTY_FD, TIOCSPGRP, pgid);
  }

  *restoreTty(): Gen<void> {
    if (!(this.opts.monitor && this.interactive)) return;
    yield* this.sys.ioctl(TTY_FD, TIOCSPGRP, this.shellPgid);
    if (this.shellTermios) yield* this.sys.ioctl(TTY_FD, TCSETS, this.shellTermios);
  }

  *saveTermios(): Gen<void> {
    if (!this.interactive) return;
    const t = yield* this.sys.ioctl(TTY_FD, TCGETS);
    if (t && typeof t === 'object') this.shellTermios = t as Termios;
  }

  // ---------- running source text ----------
  /** eval / trap actions / -c strings run through here; syntax errors are reported bash-style. */
  *evalString(src: string, kind: SyntaxKind = 'eval', execLast = false): Gen<number> {
    let lists;
    try {
      lists = parseAll(src, this.lineno);
    } catch (e) {
      if (e instanceof ParseError) {
        yield* this.syntaxError(e, src, kind, this.lineno);
        this.lastStatus = 2;
        return 2;
      }
      throw e;
    }
    if (execLast) this.markLast(lists);
    let status = 0;
    for (const l of lists) status = yield* this.runList(l);
    return status;
  }

  /** The simple command that may be exec'd without a fork (bash's last-command optimization). */
  execOk: SimpleCommand | undefined;

  markLast(lists: List[]): void {
    const l = lists[lists.length - 1];
    const item = l?.items[l.items.length - 1];
    if (!item || item.async) return;
    const p = item.cmd.rest.length ? item.cmd.rest[item.cmd.rest.length - 1]!.p : item.cmd.first;
    if (p.cmds.length === 1 && !p.bang && !p.time && p.cmds[0]!.t === 'simple') this.execOk = p.cmds[0];
  }

  /**
   * bash's syntax-error report. kind: where the text came from ('-c', a script file, stdin,
   * eval, or the interactive prompt).
   */
  *syntaxError(e: ParseError, src: string, kind: SyntaxKind, firstLine = 1): Gen<void> {
    const lines = src.split('\n');
    const text = lines[e.line - firstLine] ?? lines[lines.length - 1] ?? '';
    const near = e.msg.startsWith('syntax error near');
    let where: string;
    if (kind === 'interactive') {
      yield* writeAll(this.sys, 2, `${this.progName}: ${e.msg}\n`);
      return;
    }
    if (kind === '-c') where = `${this.progName}: -c: line ${e.line}: `;
    else if (kind === 'script') where = `${this.srcFile ?? this.name}: line ${e.line}: `;
    else if (kind === 'PROMPT_COMMAND') where = `${this.progName}: PROMPT_COMMAND: line ${e.line}: `;
    else where = `${this.progName}: `;
    let msg = where + e.msg + '\n';
    if (near) msg += where + '`' + text + "'\n";
    yield* writeAll(this.sys, 2, msg);
  }

  // ---------- lists ----------
  *runList(list: List): Gen<number> {
    let status = this.lastStatus;
    for (const item of list.items) {
      yield* this.checkSignals();
      if (item.async) {
        status = yield* this.runAsync(item.cmd, jobText(item.cmd));
      } else {
        status = yield* this.runAndOr(item.cmd);
      }
      this.lastStatus = status;
    }
    return status;
  }

  private *runAndOr(ao: AndOr): Gen<number> {
    const hasRest = ao.rest.length > 0;
    if (hasRest) this.noErrexit++;
    let status: number;
    try {
      status = yield* this.runPipeline(ao.first, false);
      this.lastStatus = status;
      for (let i = 0; i < ao.rest.length; i++) {
        const r = ao.rest[i]!;
        if ((r.op === '&&') !== (status === 0)) continue;
        if (i === ao.rest.length - 1) this.noErrexit--;
        try {
          status = yield* this.runPipeline(r.p, false);
        } finally {
          if (i === ao.rest.length - 1) this.noErrexit++;
        }
        this.lastStatus = status;
      }
    } finally {
      if (hasRest) this.noErrexit--;
    }
    return status;
  }

  *condition(list: List): Gen<number> {
    this.noErrexit++;
    try {
      return yield* this.runList(list);
    } finally {
      this.noErrexit--;
    }
  }

  private inErrTrap = false;
  private *checkErrexit(status: number): Gen<void> {
    if (status === 0 || this.noErrexit !== 0) return;
    const errTrap = this.traps.get(101);
    if (errTrap && !this.inErrTrap) {
      this.inErrTrap = true;
      this.lastStatus = status;
      try {
        yield* this.runTrap(errTrap);
      } finally {
        this.inErrTrap = false;
      }
      this.lastStatus = status;
    }
    if (this.opts.errexit) throw new ExitSignal(status);
  }

  private *runAsync(ao: AndOr, text: string): Gen<number> {
    const monitor = this.opts.monitor;
    const p0 = ao.first;
    if (!ao.rest.length && p0.cmds.length > 1 && !p0.time && !p0.bang) {
      // `a | b &`: like bash, the shell forks each element itself (no intermediate subshell);
      // $! and the "[1] pid" line name the last one
      const spawned = yield* this.spawnPipeline(p0, true);
      if (!spawned) return 1;
      const job = this.jobs.add(monitor ? spawned.pgid : this.shellPgid, spawned.procs, text, true);
      const last = spawned.procs[spawned.procs.length - 1]!.pid;
      this.lastBg = String(last);
      if (this.interactive) yield* writeAll(this.sys, 2, `[${job.id}] ${last}\n`);
      return 0;
    }
    const pid = yield* this.fork((sh) => sh.asyncChild(ao, monitor));
    if (monitor) yield* this.sys.setpgid(pid, pid);
    const proc: Proc = { pid, done: false, stopped: false, cmd: text };
    const job = this.jobs.add(monitor ? pid : this.shellPgid, [proc], text, true);
    this.lastBg = String(pid);
    if (this.interactive) yield* writeAll(this.sys, 2, `[${job.id}] ${pid}\n`);
    return 0;
  }

  private *asyncChild(ao: AndOr, monitor: boolean): Gen<number> {
    if (monitor) yield* this.sys.setpgid(0, 0);
    yield* this.resetSignalsForExec();
    if (!monitor) yield* this.asyncNoJobControl(true);
    const p = ao.first;
    const only = !ao.rest.length && p.cmds.length === 1 && !p.bang && !p.time ? p.cmds[0]! : undefined;
    if (only?.t === 'simple') this.asyncCmd = only;
    // `( list ) &`: this child is the subshell (bash forks once, and execs a last simple command)
    if (only?.t === 'subshell') {
      const body = only.body;
      return yield* this.withRedirs(only.redirs, () => {
        this.markLast([body]);
        return this.runList(body);
      });
    }
    return yield* this.runAndOr(ao);
  }

  /** Background commands of a shell without job control ignore SIGINT and SIGQUIT and read /dev/null. */
  private *asyncNoJobControl(devNull: boolean): Gen<void> {
    yield* this.setDisposition(SIGINT, { handler: 'ignore' });
    yield* this.setDisposition(SIGQUIT, { handler: 'ignore' });
    this.traps.set(SIGINT, '');
    this.traps.set(SIGQUIT, '');
    if (!devNull) return;
    const fd = yield* this.sys.open('/dev/null', O_RDONLY);
    if (fd >= 0 && fd !== 0) {
      yield* this.sys.dup2(fd, 0);
      yield* this.sys.close(fd);
    }
  }

  /** In the child of `cmd &`: the simple command to exec without another fork. */
  asyncCmd: SimpleCommand | undefined;

  // ---------- pipelines ----------
  *runPipeline(p: Pipeline, _async: boolean): Gen<number> {
    const t0 = p.time ? yield* this.timeSnap() : undefined;
    if (p.bang) this.noErrexit++;
    let status: number;
    try {
      if (p.cmds.length === 0) {
        status = 0; // bare `time`
      } else if (p.cmds.length === 1) {
        status = yield* this.runCommand(p.cmds[0]!);
        this.vars.set('PIPESTATUS', { arr: [String(status)], exported: false, readonly: false });
      } else {
        status = yield* this.runMulti(p);
      }
    } catch (e) {
      // ^C: bash still reports the time of the interrupted pipeline
      if (t0 && e instanceof TopLevel) {
        if (e.newline) yield* writeAll(this.sys, 2, '\n');
        yield* this.reportTime(p, t0);
        throw new TopLevel(e.status);
      }
      throw e;
    } finally {
      if (p.bang) this.noErrexit--;
    }
    if (p.bang) status = status === 0 ? 1 : 0;
    if (t0) yield* this.reportTime(p, t0);
    if (!p.bang) yield* this.checkErrexit(status);
    return status;
  }

  /** Elapsed time and the CPU times of the shell and its waited-for children, in ns. */
  private *timeSnap(): Gen<[number, number, number]> {
    const c = yield* this.sys.clock_gettime(CLOCK_MONOTONIC);
    const real = typeof c === 'number' ? 0 : c[0] * 1e9 + c[1];
    const self = yield* this.sys.getrusage(0);
    const kids = yield* this.sys.getrusage(-1);
    return [real, self.utimeNs + kids.utimeNs, self.stimeNs + kids.stimeNs];
  }

  /** The `time` report on the shell's stderr, in TIMEFORMAT (bash's default when unset). */
  private *reportTime(p: Pipeline, t0: [number, number, number]): Gen<void> {
    const t1 = yield* this.timeSnap();
    const fmt = p.timePosix ? POSIX_TIMEFORMAT : (this.getVar('TIMEFORMAT') ?? DEFAULT_TIMEFORMAT);
    if (fmt === '') return;
    const r = formatTimes(fmt, { realNs: t1[0] - t0[0], userNs: t1[1] - t0[1], sysNs: t1[2] - t0[2] });
    if (typeof r === 'string') yield* writeAll(this.sys, 2, r + '\n');
    else yield* this.err(`TIMEFORMAT: \`${r.bad}': invalid format character`);
  }

  private *runMulti(p: Pipeline): Gen<number> {
    const spawned = yield* this.spawnPipeline(p, false);
    if (!spawned) return 1;
    const job = this.jobs.add(this.opts.monitor ? spawned.pgid : this.shellPgid, spawned.procs, pipelineText(p), false);
    return yield* this.waitForeground(job);
  }

  /** Forks the elements of a pipeline, connected by pipes, in one process group. */
  private *spawnPipeline(p: Pipeline, async: boolean): Gen<{ procs: Proc[]; pgid: number } | null> {
    const monitor = this.opts.monitor;
    const procs: Proc[] = [];
    let pgid = 0;
    let prevRead = -1;
    for (let i = 0; i < p.cmds.length; i++) {
      const cmd = p.cmds[i]!;
      const last = i === p.cmds.length - 1;
      let pr = -1;
      let pw = -1;
      if (!last) {
        const r = yield* this.sys.pipe(O_CLOEXEC);
        if (typeof r === 'number') {
          yield* this.err(`pipe error: ${strerror(r)}`);
          if (prevRead >= 0) yield* this.sys.close(prevRead);
          return null;
        }
        [pr, pw] = r;
      }
      const inFd = prevRead;
      const myPgid = pgid;
      let pid: number;
      try {
        // bash keeps the job table for `jobs` in a pipeline (`jobs | cat`, `jobs -p | wc -l`)
        const keepJobs = cmd.t === 'simple' && cmd.words[0]?.text === 'jobs' ? this.jobs.clone() : undefined;
        pid = yield* this.fork((sh) => {
          if (keepJobs) sh.jobs = keepJobs;
          return sh.pipeChild(cmd, inFd, pw, myPgid, monitor, async);
        });
      } finally {
        if (prevRead >= 0) yield* this.sys.close(prevRead);
        if (pw >= 0) yield* this.sys.close(pw);
      }
      if (pgid === 0) pgid = pid;
      if (monitor) yield* this.sys.setpgid(pid, pgid);
      procs.push({ pid, done: false, stopped: false, cmd: commandText(cmd) });
      prevRead = pr;
    }
    return { procs, pgid };
  }

  private *pipeChild(cmd: Command, inFd: number, outFd: number, pgid: number, monitor: boolean, async = false): Gen<number> {
    if (monitor) {
      yield* this.sys.setpgid(0, pgid);
      if (pgid === 0 && !async) yield* this.giveTerminalChild(yield* this.sys.getpid());
    }
    if (async && !monitor) yield* this.asyncNoJobControl(inFd < 0);
    if (inFd >= 0) {
      yield* this.sys.dup2(inFd, 0);
      yield* this.sys.close(inFd);
    }
    if (outFd >= 0) {
      yield* this.sys.dup2(outFd, 1);
      yield* this.sys.close(outFd);
    }
    yield* this.resetSignalsForExec();
    if (cmd.t === 'simple') return yield* this.runSimple(cmd, true);
    return yield* this.runCommand(cmd);
  }

  private *giveTerminalChild(pgid: number): Gen<void> {
    yield* this.sys.ioctl(TTY_FD, TIOCSPGRP, pgid);
  }

  /** Waits for a foreground job; handles stop (job stays in the table) and signal deaths. */
  *waitForeground(job: Job): Gen<number> {
    const monitor = this.opts.monitor && this.interactive;
    if (monitor) yield* this.giveTerminal(job.pgid);
    let sigintSeen = false;
    for (;;) {
      if (jobDone(job) || jobStopped(job)) break;
      const r = yield* this.sys.wait4(-1, WUNTRACED);
      if (typeof r === 'number') {
        if (r === -EINTR) {
          if (this.pendingSigs.includes(SIGINT)) sigintSeen = true;
          // a fatal signal without a trap (SIGHUP when the terminal hangs up) kills the shell at
          // once, as bash's waitchld does (CHECK_TERMSIG), passing SIGHUP on to its jobs first
          const fatal = this.pendingSigs.find((s) => FATAL.includes(s) && !this.traps.has(s));
          if (fatal !== undefined) yield* this.dieBySignal(fatal);
          // trapped signals run after the job finishes (bash), except CHLD reaping
          continue;
        }
        if (r === -ECHILD) {
          for (const p of job.procs) if (!p.done) p.done = true;
          break;
        }
        break;
      }
      this.jobs.update(r.pid, r.status);
    }
    // bash's wait_for(): take the terminal back; a job that stopped or died of a signal may have
    // left it in a mess, so restore the shell's modes; a job that exited normally (stty -echo,
    // stty raw) changed them on purpose, so the shell adopts them (get_tty_state)
    if (jobStopped(job) || job.procs.some((p) => p.status !== undefined && WIFSIGNALED(p.status))) yield* this.restoreTty();
    else {
      if (this.opts.monitor && this.interactive) yield* this.sys.ioctl(TTY_FD, TIOCSPGRP, this.shellPgid);
      yield* this.saveTermios();
    }
    const last = job.procs[job.procs.length - 1]!;
    if (jobStopped(job)) {
      job.async = true;
      job.notified = true;
      job.changed = false;
      this.jobs.makeCurrent(job);
      const st = statusToExit(job.procs.find((p) => p.stopped)?.status ?? 0x147f);
      if (this.interactive) {
        yield* writeAll(this.sys, 2, '\n' + this.jobs.format(job, false) + '\n');
        yield* this.notifyJobs();
        // bash leaves every enclosing loop (not functions, not the rest of the list)
        if (this.loopDepth > 0) {
          this.lastStatus = st;
          throw new LoopSignal('break', this.loopDepth, st);
        }
      }
      return st;
    }
    this.jobs.remove(job);
    this.vars.set('PIPESTATUS', { arr: job.procs.map((p) => String(statusToExit(p.status ?? 0))), exported: false, readonly: false });
    let status = statusToExit(last.status ?? 0);
    if (this.opts.pipefail) {
      for (const p of job.procs) {
        const s = statusToExit(p.status ?? 0);
        if (s !== 0) status = s;
      }
    }
    // report signal deaths like bash
    const st = last.status ?? 0;
    if (!this.interactive && !(WIFSIGNALED(st) && WTERMSIG(st) === SIGINT) && !this.traps.has(SIGINT)) {
      // the child handled ^C itself and exited normally: bash keeps going (cooperative exit)
      this.pendingSigs = this.pendingSigs.filter((s) => s !== SIGINT);
    }
    if (WIFSIGNALED(st)) {
      const sig = WTERMSIG(st);
      if (sig === SIGINT) {
        if (this.interactive) {
          yield* writeAll(this.sys, 2, '\n');
          // bash abandons the rest of the command line (loops included)
          throw new TopLevel(130);
        } else if (sigintSeen || this.pendingSigs.includes(SIGINT)) {
          if (!this.traps.has(SIGINT)) yield* this.dieBySignal(SIGINT);
        }
      } else if (sig !== SIGPIPE) {
        const text = (SIGNAL_TEXT[sig] ?? `Unknown signal ${sig}`) + (WCOREDUMP(st) ? ' (core dumped)' : '');
        if (this.interactive || sig === SIGTERM) yield* writeAll(this.sys, 2, text + '\n');
        else yield* this.reportJobDeath(job);
      }
    }
    // bash's wait_for → notify_and_cleanup: background jobs that changed state are reported as
    // soon as a foreground job finishes, not only before the next prompt
    if (this.interactive) yield* this.notifyJobs();
    return status;
  }

  /** Non-interactive bash's report of a job killed by a signal ("bash: line 3:  1234 Killed  cmd"). */
  *reportJobDeath(job: Job): Gen<void> {
    const pfx = this.errp();
    let msg = '';
    job.procs.forEach((p, i) => {
      const st = p.status ?? 0;
      const t = WIFSIGNALED(st)
        ? (SIGNAL_TEXT[WTERMSIG(st)] ?? '') + (WCOREDUMP(st) ? ' (core dumped)' : '')
        : statusToExit(st) === 0 ? 'Done' : `Exit ${statusToExit(st)}`;
      const cmd = job.procs.length > 1 ? (i > 0 ? '| ' : '') + p.cmd : job.text;
      msg += `${i === 0 ? pfx : '     '}${String(p.pid).padStart(5)} ${t.padEnd(24)}${cmd}\n`;
    });
    yield* writeAll(this.sys, 2, msg);
  }

  /** Non-blocking reap of background children; marks jobs changed (notified before the prompt). */
  *reapBackground(): Gen<void> {
    for (;;) {
      const r = yield* this.sys.wait4(-1, WNOHANG | WUNTRACED | WCONTINUED);
      if (typeof r === 'number' || r.pid <= 0) break;
      this.jobs.update(r.pid, r.status);
    }
  }

  /** Prints "[1]+  Done  ..." for jobs that changed state; drops finished jobs. */
  *notifyJobs(): Gen<void> {
    yield* this.reapBackground();
    let out = '';
    for (const j of this.jobs.jobs.slice()) {
      if (jobDone(j)) {
        if (this.interactive && j.async) out += this.jobs.format(j, false) + '\n';
        this.jobs.remove(j);
      } else if (j.changed && jobStopped(j) && !j.notified) {
        // bash's notify_of_job_status: a newline before each "Stopped" line
        if (this.interactive) out += '\n' + this.jobs.format(j, false) + '\n';
        j.notified = true;
        j.changed = false;
      }
    }
    if (out) yield* writeAll(this.sys, 2, out);
  }

  // ---------- commands ----------
  *runCommand(cmd: Command): Gen<number> {
    switch (cmd.t) {
      case 'simple':
        return yield* this.runSimple(cmd, false);
      case 'func':
        this.own('functions').set(cmd.name, cmd);
        return 0;
      default:
        break;
    }
    const saved = yield* this.applyRedirs(cmd.redirs, true);
    if (saved === null) return 1;
    try {
      return yield* this.runCompound(cmd);
    } finally {
      yield* this.restoreRedirs(saved);
    }
  }

  private *runCompound(cmd: Command): Gen<number> {
    switch (cmd.t) {
      case 'group':
        return yield* this.runList(cmd.body);
      case 'subshell': {
        const monitor = this.opts.monitor && this.interactive;
        const pid = yield* this.fork((sh) => sh.subshellChild(cmd.body, monitor));
        if (monitor) yield* this.sys.setpgid(pid, pid);
        const job = this.jobs.add(monitor ? pid : this.shellPgid, [{ pid, done: false, stopped: false, cmd: commandText(cmd) }], commandText(cmd), false);
        return yield* this.waitForeground(job);
      }
      case 'if': {
        for (const c of cmd.clauses) {
          if ((yield* this.condition(c.cond)) === 0) return yield* this.runList(c.body);
        }
        if (cmd.elseBody) return yield* this.runList(cmd.elseBody);
        return 0;
      }
      case 'while': {
        let status = 0;
        this.loopDepth++;
        try {
          for (;;) {
            let c: number;
            try {
              c = yield* this.condition(cmd.cond);
            } catch (e) {
              // break/continue (or a stopped job) inside the condition list
              if (!(e instanceof LoopSignal)) throw e;
              if (e.n > 1) {
                e.n--;
                throw e;
              }
              status = e.status;
              if (e.kind === 'break') break;
              continue;
            }
            if ((c === 0) === cmd.until) break;
            const r = yield* this.loopBody(cmd.body);
            status = r.status;
            if (r.brk) break;
          }
        } finally {
          this.loopDepth--;
        }
        return status;
      }
      case 'for': {
        yield* this.debugTrap(`for ${cmd.name}${cmd.items ? ' in ' + cmd.items.map((w) => w.text).join(' ') : ''}`);
        const items = cmd.items ? yield* this.exp.words(cmd.items) : this.positional.slice();
        let status = 0;
        this.loopDepth++;
        try {
          for (const it of items) {
            if (!this.setVar(cmd.name, it)) {
              yield* this.err(`${cmd.name}: readonly variable`);
              return 1;
            }
            const r = yield* this.loopBody(cmd.body);
            status = r.status;
            if (r.brk) break;
          }
        } finally {
          this.loopDepth--;
        }
        return status;
      }
      case 'arithfor': {
        let status = 0;
        this.loopDepth++;
        try {
          if (cmd.init.trim()) yield* this.exp.arith(cmd.init);
          for (;;) {
            if (cmd.cond.trim() && (yield* this.exp.arith(cmd.cond)) === 0n) break;
            const r = yield* this.loopBody(cmd.body);
            status = r.status;
            if (r.brk) break;
            if (cmd.step.trim()) yield* this.exp.arith(cmd.step);
          }
        } finally {
          this.loopDepth--;
        }
        return status;
      }
      case 'case': {
        const w = yield* this.exp.string(cmd.word);
        let status = 0;
        let fall = false;
        for (let i = 0; i < cmd.items.length; i++) {
          const it = cmd.items[i]!;
          let hit = fall;
          if (!hit) {
            for (const p of it.patterns) {
              if (matchPattern(yield* this.exp.pattern(p), w)) {
                hit = true;
                break;
              }
            }
          }
          if (!hit) continue;
          status = yield* this.runList(it.body);
          if (it.term === ';;') return status;
          fall = it.term === ';&';
        }
        return status;
      }
      case 'arith': {
        yield* this.compute();
        const v = yield* this.exp.arith(cmd.expr);
        return v !== 0n ? 0 : 1;
      }
      case 'cond': {
        yield* this.compute();
        return yield* evalCond(this, cmd.tokens);
      }
      default:
        return 0;
    }
  }

  private *subshellChild(body: List, monitor: boolean): Gen<number> {
    if (monitor) {
      yield* this.sys.setpgid(0, 0);
      yield* this.giveTerminalChild(yield* this.sys.getpid());
    }
    yield* this.resetSignalsForExec();
    this.markLast([body]);
    return yield* this.runList(body);
  }

  private *loopBody(body: List): Gen<{ status: number; brk: boolean }> {
    try {
      return { status: yield* this.runList(body), brk: false };
    } catch (e) {
      if (e instanceof LoopSignal) {
        if (e.n > 1) {
          e.n--;
          throw e;
        }
        return { status: e.status, brk: e.kind === 'break' };
      }
      throw e;
    }
  }

  *compute(): Gen<void> {
    yield* this.sys.compute(2_000);
  }

  // ---------- simple commands ----------
  *runSimple(cmd: SimpleCommand, inChild: boolean): Gen<number> {
    this.lineno = cmd.line;
    yield* this.compute();
    yield* this.checkSignals();
    yield* this.debugTrap(argvText(cmd));
    let argv: string[];
    const subBefore = this.cmdSubstStatus;
    this.cmdSubstStatus = -1;
    try {
      argv = yield* this.exp.words(cmd.words);
    } catch (e) {
      if (e instanceof ExpandError) return yield* this.expandFailed(e);
      throw e;
    }
    if (argv.length === 0) {
      // assignments only (and redirections)
      let st = 0;
      try {
        for (const a of cmd.assigns) {
          if (!(yield* this.assign(a))) st = 1;
        }
      } catch (e) {
        if (e instanceof ExpandError) return yield* this.expandFailed(e);
        throw e;
      }
      if (cmd.redirs.length) {
        const saved = yield* this.applyRedirs(cmd.redirs, true);
        if (saved === null) return 1;
        yield* this.restoreRedirs(saved);
      }
      const cs = this.cmdSubstStatus;
      this.cmdSubstStatus = subBefore;
      return st !== 0 ? st : cs >= 0 ? cs : 0;
    }
    this.cmdSubstStatus = subBefore;
    // temporary environment for this command
    const env = new Map<string, string>();
    try {
      for (const a of cmd.assigns) env.set(a.name, yield* this.assignValue(a));
    } catch (e) {
      if (e instanceof ExpandError) return yield* this.expandFailed(e);
      throw e;
    }
    if (this.opts.xtrace) {
      const ps4 = this.ps4();
      const parts = [...[...env].map(([k, v]) => `${k}=${quoteForTrace(v)}`), ...argv.map(quoteForTrace)];
      yield* writeAll(this.sys, 2, ps4 + parts.join(' ') + '\n');
    }
    const name = argv[0]!;
    const fn = this.functions.get(name);
    if (fn && !inChild) return yield* this.withRedirs(cmd.redirs, () => this.callFunction(fn, argv, env));
    if (fn) {
      const saved = yield* this.applyRedirs(cmd.redirs, false);
      if (saved === null) return 1;
      return yield* this.callFunction(fn, argv, env);
    }
    // `%1` alone is `fg %1` (bash)
    if (name.startsWith('%') && argv.length === 1 && this.opts.monitor && !inChild) {
      return yield* BUILTINS.get('fg')!.run(this, ['fg', name]);
    }
    const bi = BUILTINS.get(name);
    if (bi) {
      if (name === 'exec') return yield* this.execBuiltin(argv, env, cmd.redirs);
      return yield* this.withRedirs(cmd.redirs, () => this.withTempEnv(env, bi.special, () => bi.run(this, argv)));
    }
    // bash's last-command exec optimisation: not with traps that have commands (EXIT, handlers)
    if (cmd === this.execOk && ![...this.traps.values()].some((t) => t !== '')) inChild = true;
    // an async simple command: this child (forked once by `cmd &`) execs the command itself
    if (cmd === this.asyncCmd) inChild = true;
    if (inChild) {
      const saved = yield* this.applyRedirs(cmd.redirs, false);
      if (saved === null) return 1;
      // `bash -c 'cmd'` execs cmd in place: the shell's own SIGQUIT ignore must not leak into it
      yield* this.resetSignalsForExec();
      return yield* this.execExternal(argv, env);
    }
    // external: fork + exec
    const monitor = this.opts.monitor && this.interactive;
    const pid = yield* this.fork((sh) => sh.externalChild(argv, env, cmd.redirs, monitor));
    if (monitor) yield* this.sys.setpgid(pid, pid);
    const text = argvText(cmd);
    const job = this.jobs.add(monitor ? pid : this.shellPgid, [{ pid, done: false, stopped: false, cmd: text }], text, false);
    return yield* this.waitForeground(job);
  }

  cmdSubstStatus = -1;

  private inDebugTrap = false;
  /** The DEBUG trap, before each simple command and `for` (functions do not inherit it). */
  *debugTrap(text: string): Gen<void> {
    const t = this.traps.get(100);
    if (!t || this.inDebugTrap || this.funcDepth > 0) return;
    this.vars.set('BASH_COMMAND', { value: text, exported: false, readonly: false });
    this.inDebugTrap = true;
    try {
      yield* this.runTrap(t);
    } finally {
      this.inDebugTrap = false;
    }
  }

  /** command substitution and eval nesting: PS4's first character is repeated once per level */
  traceLevel = 0;

  ps4(): string {
    const p = this.getVar('PS4') ?? '+ ';
    return p ? p[0]!.repeat(this.traceLevel) + p : p;
  }

  private *expandFailed(e: ExpandError): Gen<number> {
    yield* this.err(e.msg);
    if (!this.interactive && e.fatal) throw new ExitSignal(e.status);
    // interactively the rest of the line is abandoned and $? is 1
    if (e.fatal) throw new TopLevel(1);
    return e.status;
  }

  private *externalChild(argv: string[], env: Map<string, string>, redirs: Redirect[], monitor: boolean): Gen<number> {
    if (monitor) {
      yield* this.sys.setpgid(0, 0);
      yield* this.giveTerminalChild(yield* this.sys.getpid());
    }
    yield* this.resetSignalsForExec();
    const saved = yield* this.applyRedirs(redirs, false);
    if (saved === null) return 1;
    return yield* this.execExternal(argv, env);
  }

  /** Search PATH like bash: first executable file; remembers a non-executable candidate. */
  *findCommand(name: string): Gen<{ path?: string; denied?: string }> {
    if (name.includes('/')) return { path: name };
    const PATH = this.getVar('PATH') ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
    let denied: string | undefined;
    for (const dir of PATH.split(':')) {
      const p = (dir === '' ? '.' : dir) + '/' + name;
      const st = yield* this.sys.stat(p);
      if (typeof st === 'number') continue;
      if ((st.mode & S_IFMT) === S_IFDIR) continue;
      if ((yield* this.sys.access(p, X_OK)) === 0) return { path: p };
      if (!denied) denied = p;
    }
    return { denied };
  }

  /** execve in a child (or `exec`); on failure prints bash's message and returns 126/127. */
  *execExternal(argv: string[], env: Map<string, string>, viaExec = false): Gen<number> {
    let name = argv[0]!;
    const found = yield* this.findCommand(name);
    const path = found.path ?? found.denied;
    if (!path) {
      yield* this.err(viaExec ? `exec: ${name}: not found` : `${name}: command not found`);
      return 127;
    }
    // the exec builtin names a relative path by its full name in its messages
    if (viaExec && name.includes('/') && !name.startsWith('/')) name = normalizePath((this.getVar('PWD') ?? '/') + '/' + name);
    const execFail = function* (this: Shell, err: number): Gen<void> {
      if (viaExec) yield* this.err(`exec: ${name}: cannot execute: ${strerror(err)}`);
    }.bind(this);
    const envp = this.envp(env);
    const r = yield* this.sys.execve(path, argv, envp);
    if (r === -ENOEXEC) {
      // a text file without #!: bash runs it itself
      const fd = yield* this.sys.open(path, O_RDONLY);
      if (fd >= 0) {
        const text = yield* readAll(this.sys, fd);
        yield* this.sys.close(fd);
        if (typeof text === 'string') {
          this.positional = argv.slice(1);
          this.name = name;
          this.own('functions').clear();
          for (const [k, v] of env) this.setVar(k, v, { exported: true });
          this.lineno = 1;
          return yield* this.evalString(text, 'script');
        }
      }
      yield* this.err(`${name}: cannot execute binary file: Exec format error`);
      return 126;
    }
    const st = yield* this.sys.stat(path);
    if (typeof st !== 'number' && (st.mode & S_IFMT) === S_IFDIR) {
      yield* this.err(`${name}: Is a directory`);
      yield* execFail(EISDIR);
      return 126;
    }
    if (r === -ENOENT) {
      if (typeof st !== 'number') {
        // the file exists: its #! interpreter does not
        const fd = yield* this.sys.open(path, O_RDONLY);
        let interp = '';
        if (fd >= 0) {
          const head = yield* this.sys.read(fd, 256);
          yield* this.sys.close(fd);
          if (typeof head !== 'number') {
            const m = /^#![ \t]*([^ \t\n]*)/.exec(decode(head));
            if (m) interp = m[1]!;
          }
        }
        yield* this.err(interp ? `${name}: ${interp}: bad interpreter: ${strerror(ENOENT)}` : `${name}: ${strerror(ENOENT)}`);
        return 127;
      }
      yield* this.err(`${name}: No such file or directory`);
      return 127;
    }
    if (r === -EACCES) {
      yield* this.err(`${name}: Permission denied`);
      yield* execFail(EACCES);
      return 126;
    }
    yield* this.err(`${name}: ${strerror(r)}`);
    return 126;
  }

  private *execBuiltin(argv: string[], env: Map<string, string>, redirs: Redirect[]): Gen<number> {
    const args = argv.slice(1);
    if (args[0] === '--') args.shift();
    if (args.length === 0) {
      // exec >file: permanent redirections
      const saved = yield* this.applyRedirs(redirs, false);
      return saved === null ? 1 : 0;
    }
    const saved = yield* this.applyRedirs(redirs, true);
    if (saved === null) return 1;
    yield* this.restoreTty();
    yield* this.resetSignalsForExec();
    const status = yield* this.execExternal(args, env, true);
    // exec failed: non-interactive shells exit
    if (!this.interactive) throw new ExitSignal(status);
    yield* this.initSignals();
    yield* this.restoreRedirs(saved);
    return status;
  }

  *withTempEnv(env: Map<string, string>, keep: boolean, body: () => Gen<number>): Gen<number> {
    if (env.size === 0) return yield* body();
    if (keep) {
      for (const [k, v] of env) this.setVar(k, v);
      return yield* body();
    }
    const old = new Map<string, Var | undefined>();
    for (const [k, v] of env) {
      const o = this.vars.get(k);
      old.set(k, o ? { ...o } : undefined);
      this.vars.set(k, { value: v, exported: true, readonly: false });
    }
    try {
      return yield* body();
    } finally {
      for (const [k, o] of old) {
        if (o) this.vars.set(k, o);
        else this.vars.delete(k);
      }
    }
  }

  *withRedirs(redirs: Redirect[], body: () => Gen<number>): Gen<number> {
    if (!redirs.length) return yield* body();
    const saved = yield* this.applyRedirs(redirs, true);
    if (saved === null) return 1;
    try {
      return yield* body();
    } finally {
      yield* this.restoreRedirs(saved);
    }
  }

  *callFunction(fn: Command & { t: 'func' }, argv: string[], env: Map<string, string>): Gen<number> {
    if (this.funcDepth > 1000) {
      yield* this.err(`${argv[0]}: maximum function nesting level exceeded (1000)`);
      return 1;
    }
    const savedPos = this.positional;
    this.positional = argv.slice(1);
    this.localStack.push(new Map());
    this.funcDepth++;
    const savedFn = this.vars.get('FUNCNAME');
    this.vars.set('FUNCNAME', { value: argv[0], exported: false, readonly: false });
    const savedLoop = this.loopDepth;
    this.loopDepth = 0;
    try {
      return yield* this.withTempEnv(env, false, () => this.runFuncBody(fn));
    } finally {
      if (savedFn) this.vars.set('FUNCNAME', savedFn);
      else this.vars.delete('FUNCNAME');
      this.loopDepth = savedLoop;
      this.funcDepth--;
      const frame = this.localStack.pop()!;
      for (const [k, o] of frame) {
        if (o) this.vars.set(k, o);
        else this.vars.delete(k);
      }
      this.positional = savedPos;
    }
  }

  private *runFuncBody(fn: Command & { t: 'func' }): Gen<number> {
    try {
      return yield* this.runCommand(fn.body);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.status;
      throw e;
    }
  }

  /** `local name[=value]` */
  makeLocal(name: string): void {
    const frame = this.localStack[this.localStack.length - 1];
    if (!frame) return;
    if (!frame.has(name)) {
      const o = this.vars.get(name);
      frame.set(name, o ? { ...o, arr: o.arr?.slice() } : undefined);
    }
  }

  makeLocalIf(cmdName: string, name: string): void {
    if (cmdName === 'local' || (this.funcDepth > 0 && (cmdName === 'declare' || cmdName === 'typeset'))) this.makeLocal(name);
  }

  /** `command name args`: run an external command, skipping functions. */
  *runExternalArgv(argv: string[]): Gen<number> {
    const monitor = this.opts.monitor && this.interactive;
    const env = new Map<string, string>();
    const pid = yield* this.fork((sh) => sh.externalChild(argv, env, [], monitor));
    if (monitor) yield* this.sys.setpgid(pid, pid);
    const text = argv.join(' ');
    const job = this.jobs.add(monitor ? pid : this.shellPgid, [{ pid, done: false, stopped: false, cmd: text }], text, false);
    return yield* this.waitForeground(job);
  }

  private *assignValue(a: { name: string; value: Word; append: boolean }): Gen<string> {
    let v = yield* this.exp.string(a.value, true);
    const cur = this.vars.get(a.name);
    if (cur && (cur.integer || cur.upper || cur.lower)) v = this.attrValue(cur, v, a.append ? (this.getVar(a.name) ?? '') : undefined);
    else if (a.append) v = (this.getVar(a.name) ?? '') + v;
    return v;
  }

  /** name=value as a command: returns false (after a message) for readonly variables. */
  *assign(a: SimpleCommand['assigns'][number]): Gen<boolean> {
    if (a.array) {
      const items = yield* this.exp.words(a.array);
      const cur = this.vars.get(a.name);
      if (cur?.readonly) {
        yield* this.err(`${a.name}: readonly variable`);
        return false;
      }
      const base = a.append ? (cur?.arr ?? (cur?.value !== undefined ? [cur.value] : [])) : [];
      this.vars.set(a.name, { arr: [...base, ...items], exported: cur?.exported ?? false, readonly: false });
      return true;
    }
    const v = yield* this.assignValue(a);
    if (this.opts.xtrace) yield* writeAll(this.sys, 2, this.ps4() + `${a.name}=${quoteForTrace(v)}\n`);
    if (!this.setVar(a.name, v)) throw new ExpandError(`${a.name}: readonly variable`, 1);
    return true;
  }

  // ---------- command substitution ----------
  *cmdSubst(src: string, line: number): Gen<string> {
    const r = yield* this.sys.pipe(O_CLOEXEC);
    if (typeof r === 'number') {
      yield* this.err(`cannot make pipe for command substitution: ${strerror(r)}`);
      return '';
    }
    const [pr, pw] = r;
    let pid: number;
    try {
      pid = yield* this.fork((sh) => sh.substChild(src, line, pw));
    } finally {
      yield* this.sys.close(pw);
    }
    const raw = yield* readAllBytes(this.sys, pr);
    const text = typeof raw === 'number' ? raw : decodeRaw(raw);
    yield* this.sys.close(pr);
    let status = 0;
    for (;;) {
      const w = yield* this.sys.wait4(pid, 0);
      if (typeof w === 'number') {
        if (w === -EINTR) continue;
        break;
      }
      status = statusToExit(w.status);
      break;
    }
    this.lastStatus = status;
    this.cmdSubstStatus = status;
    if (typeof text === 'number') return '';
    return text.replace(/\n+$/, '');
  }

  private *substChild(src: string, line: number, pw: number): Gen<number> {
    yield* this.sys.dup2(pw, 1);
    yield* this.sys.close(pw);
    yield* this.resetSignalsForExec();
    // trailing comments / redirections inside are handled by the parser
    this.lineno = line;
    this.traceLevel++;
    return yield* this.evalString(src, this.source === '-c' ? '-c' : this.source === 'stdin' ? 'stdin' : 'script', true);
  }

  // ---------- redirections ----------
  /**
   * Applies redirections. With `save`, the old fds are kept (dup'd above 10) for restoreRedirs.
   * Returns null after printing bash's message on failure.
   */
  *applyRedirs(redirs: Redirect[], save: boolean): Gen<[number, number][] | null> {
    const saved: [number, number][] = [];
    for (const r of redirs) {
      const ok = yield* this.applyOne(r, save ? saved : undefined);
      if (!ok) {
        yield* this.restoreRedirs(saved);
        return null;
      }
    }
    return saved;
  }

  private *saveFd(fd: number, saved: [number, number][] | undefined): Gen<void> {
    if (!saved) return;
    if (saved.some(([f]) => f === fd)) return;
    const copy = yield* this.sys.fcntl(fd, F_DUPFD_CLOEXEC, 10);
    saved.push([fd, copy]);
  }

  private *applyOne(r: Redirect, saved: [number, number][] | undefined): Gen<boolean> {
    const op = r.op;
    let target: string;
    try {
      if (r.heredoc) target = yield* this.exp.heredoc(r.heredoc.body, r.heredoc.quoted);
      else if (op === '<<<') target = (yield* this.exp.string(r.target)) + '\n';
      else {
        const t = yield* this.exp.redirTarget(r.target);
        if (typeof t !== 'string') {
          yield* this.err(`${r.target.text}: ambiguous redirect`);
          return false;
        }
        target = t;
      }
    } catch (e) {
      if (e instanceof ExpandError) {
        yield* this.err(e.msg);
        return false;
      }
      throw e;
    }
    const place = function* (this: Shell, newFd: number, fd: number): Gen<void> {
      yield* this.saveFd(fd, saved);
      if (newFd !== fd) {
        yield* this.sys.dup2(newFd, fd);
        yield* this.sys.close(newFd);
      }
    }.bind(this);
    if (r.heredoc || op === '<<<') {
      const fd = r.fd ?? 0;
      const p = yield* this.sys.pipe(0);
      if (typeof p === 'number') {
        yield* this.err(`cannot create temp file for here-document: ${strerror(p)}`);
        return false;
      }
      const [pr, pw] = p;
      if (target.length <= 4096) {
        yield* writeAll(this.sys, pw, target);
        yield* this.sys.close(pw);
      } else {
        // large body: a writer child feeds the pipe
        const body = target;
        const pid = yield* this.sys.fork(() => heredocWriter(this.sys, pw, pr, body));
        yield* this.sys.close(pw);
        void pid;
      }
      yield* place(pr, fd);
      return true;
    }
    if (op === '<&' || op === '>&') {
      const fd = r.fd ?? (op === '<&' ? 0 : 1);
      if (target === '-') {
        yield* this.saveFd(fd, saved);
        yield* this.sys.close(fd);
        return true;
      }
      const m = /^([0-9]+)(-?)$/.exec(target);
      if (m) {
        const src = Number(m[1]);
        if (src === fd) return true;
        yield* this.saveFd(fd, saved);
        const d = yield* this.sys.dup2(src, fd);
        if (d < 0) {
          yield* this.err(`${src}: ${strerror(EBADF)}`);
          return false;
        }
        if (m[2]) yield* this.sys.close(src);
        return true;
      }
      if (op === '<&' || r.fd !== undefined) {
        yield* this.err(`${target}: ambiguous redirect`);
        return false;
      }
      // >&file == &>file
      return yield* this.applyOne({ ...r, op: '&>' }, saved);
    }
    let flags: number;
    let fd: number;
    switch (op) {
      case '<': flags = O_RDONLY; fd = r.fd ?? 0; break;
      case '>': case '>|': flags = O_WRONLY | O_CREAT | O_TRUNC; fd = r.fd ?? 1; break;
      case '>>': flags = O_WRONLY | O_CREAT | O_APPEND; fd = r.fd ?? 1; break;
      case '<>': flags = O_RDWR | O_CREAT; fd = r.fd ?? 0; break;
      case '&>': flags = O_WRONLY | O_CREAT | O_TRUNC; fd = 1; break;
      case '&>>': flags = O_WRONLY | O_CREAT | O_APPEND; fd = 1; break;
      default: return false;
    }
    if (this.opts.noclobber && op === '>') {
      const st = yield* this.sys.stat(target);
      if (typeof st !== 'number' && (st.mode & S_IFMT) === S_IFREG) {
        yield* this.err(`${target}: cannot overwrite existing file`);
        return false;
      }
    }
    const nfd = yield* this.sys.open(target, flags, 0o666);
    if (nfd < 0) {
      yield* this.err(`${target}: ${strerror(nfd === -EISDIR ? EISDIR : -nfd)}`);
      return false;
    }
    if (op === '&>' || op === '&>>') {
      yield* this.saveFd(2, saved);
      yield* this.sys.dup2(nfd, 2);
    }
    yield* place(nfd, fd);
    return true;
  }

  *restoreRedirs(saved: [number, number][]): Gen<void> {
    for (let i = saved.length - 1; i >= 0; i--) {
      const [fd, copy] = saved[i]!;
      if (copy >= 0) {
        yield* this.sys.dup2(copy, fd);
        yield* this.sys.close(copy);
      } else yield* this.sys.close(fd);
    }
    saved.length = 0;
  }

  // ---------- job control helpers for builtins ----------
  /** Continue a job in the foreground (fg). */
  *foreground(job: Job): Gen<number> {
    yield* writeAll(this.sys, 1, job.text + '\n');
    job.async = false;
    for (const p of job.procs) p.stopped = false;
    yield* this.giveTerminal(job.pgid);
    yield* this.sys.kill(-job.pgid, SIGCONT);
    return yield* this.waitForeground(job);
  }

  *background(job: Job): Gen<void> {
    job.async = true;
    for (const p of job.procs) p.stopped = false;
    this.jobs.makeCurrent(job);
    yield* writeAll(this.sys, 1, `[${job.id}]${this.jobs.mark(job)} ${job.text} &\n`);
    yield* this.sys.kill(-job.pgid, SIGCONT);
  }

  /** `wait` for one pid: returns its status, or 128+sig if a trapped signal interrupts. */
  *waitPid(pid: number): Gen<number> {
    for (;;) {
      const f = this.jobs.findPid(pid);
      if (f?.proc.done) {
        const raw = f.proc.status ?? 0;
        const st = statusToExit(raw);
        if (jobDone(f.job)) {
          // interactive: the job stays for notifyJobs ("[1]+  Done ...") after the wait
          if (this.interactive) f.job.async = true;
          else this.jobs.remove(f.job);
          const sig = WIFSIGNALED(raw) ? WTERMSIG(raw) : 0;
          if (!this.interactive && sig && sig !== SIGINT && sig !== SIGPIPE && sig !== SIGTERM) yield* this.reportJobDeath(f.job);
        }
        return st;
      }
      const r = yield* this.sys.wait4(pid, 0);
      if (typeof r === 'number') {
        if (r === -EINTR) {
          const trapped = this.pendingSigs.find((s) => this.traps.has(s) && this.traps.get(s) !== '');
          if (trapped !== undefined) return 128 + trapped;
          if (this.pendingSigs.includes(SIGINT)) return 130;
          continue;
        }
        return 127;
      }
      const job = this.jobs.update(r.pid, r.status);
      if (!job) return statusToExit(r.status);
    }
  }

  /** `wait` with no arguments. */
  *waitAll(): Gen<number> {
    // bash's wait_for_background_pids: stopped jobs are not waited for, only warned about
    for (const j of this.jobs.jobs) {
      if (jobStopped(j)) yield* this.err(`wait: warning: job ${j.id}[${j.procs[j.procs.length - 1]!.pid}] stopped`);
    }
    for (;;) {
      // only while some job can still finish (a job that stops meanwhile ends the wait for it)
      if (this.jobs.jobs.length > 0 && this.jobs.jobs.every((j) => jobDone(j) || jobStopped(j))) break;
      const r = yield* this.sys.wait4(-1, WUNTRACED);
      if (typeof r === 'number') {
        if (r === -EINTR) {
          const trapped = this.pendingSigs.find((s) => this.traps.has(s) && this.traps.get(s) !== '');
          if (trapped !== undefined) return 128 + trapped;
          if (this.pendingSigs.includes(SIGINT) && this.interactive) return 130;
          continue;
        }
        break;
      }
      this.jobs.update(r.pid, r.status);
    }
    if (this.interactive) yield* this.notifyJobs();
    else for (const j of this.jobs.jobs.slice()) if (jobDone(j)) this.jobs.remove(j);
    return 0;
  }

  /** `wait -n`: the status of the next job (of `among`, or any) to finish; 127 if none. */
  *waitAny(among?: Job[]): Gen<{ status: number; pid: number }> {
    const cands = (): Job[] => (among ?? this.jobs.jobs).filter((j) => this.jobs.jobs.includes(j));
    for (;;) {
      const list = cands();
      if (list.length === 0) return { status: 127, pid: 0 };
      const done = list.find((j) => jobDone(j));
      if (done) {
        const last = done.procs[done.procs.length - 1]!;
        if (!this.interactive) this.jobs.remove(done);
        else done.async = true;
        return { status: statusToExit(last.status ?? 0), pid: last.pid };
      }
      const r = yield* this.sys.wait4(-1, 0);
      if (typeof r === 'number') {
        if (r === -EINTR) {
          const trapped = this.pendingSigs.find((s) => this.traps.has(s) && this.traps.get(s) !== '');
          if (trapped !== undefined) return { status: 128 + trapped, pid: 0 };
          if (this.pendingSigs.includes(SIGINT) && this.interactive) return { status: 130, pid: 0 };
          continue;
        }
        return { status: 127, pid: 0 };
      }
      this.jobs.update(r.pid, r.status);
    }
  }

  /** Tell the user about stopped jobs on exit (once). Returns true if exit should be refused. */
  *checkStoppedOnExit(): Gen<boolean> {
    if (!this.interactive || this.stoppedWarned) return false;
    yield* this.reapBackground();
    if (this.jobs.jobs.some((j) => jobStopped(j))) {
      this.stoppedWarned = true;
      yield* writeAll(this.sys, 2, 'There are stopped jobs.\n');
      return true;
    }
    return false;
  }
}

function* heredocWriter(sys: Sys, pw: number, pr: number, body: string): Program {
  yield* sys.close(pr);
  yield* writeAll(sys, pw, body);
  return 0;
}

/** Collapses `.`, `..` and repeated slashes of an absolute path. */
function normalizePath(p: string): string {
  const out: string[] = [];
  for (const c of p.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return '/' + out.join('/');
}

export function quoteForTrace(s: string): string {
  if (s === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

function argvText(cmd: SimpleCommand): string {
  return [...cmd.assigns.map((a) => `${a.name}=${a.value.text}`), ...cmd.words.map((w) => w.text), ...cmd.redirs.map(redirText)].join(' ');
}

function redirText(r: Redirect): string {
  return `${r.fd ?? ''}${r.op}${r.op.startsWith('<<') && r.op !== '<<<' ? '' : ' '}${r.target.text}`.replace(/([<>&]) (\d)$/, '$1$2');
}


export { isName, SIGTSTP, SIGTERM };

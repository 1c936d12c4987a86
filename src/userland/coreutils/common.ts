// Plumbing shared by the coreutils programs: program context, GNU-style diagnostics,
// --help/--version, option parsing, buffered stdout.
import type { Sys, SysCall, Stat } from '../../kernel/syscall';
import { EPIPE, strerror, TCGETS, TIOCGWINSZ } from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { getopt, isGetoptError, type LongOpt, type ParsedOpts } from '../lib/getopt';
import { HELP, VERSION } from './gnu-texts';

export interface Ctx {
  sys: Sys;
  /** argv[0] as invoked: GNU prefixes diagnostics with it ("/usr/bin/ls: ...") */
  prog: string;
  /** the program's canonical name (key of HELP/VERSION) */
  name: string;
  envp: string[];
  /** true when the message locale's charset is UTF-8 (quote() then uses ‘curly’ quotes) */
  utf8: boolean;
}

export function getenv(envp: readonly string[], name: string): string | undefined {
  const p = name + '=';
  for (let i = envp.length - 1; i >= 0; i--) if (envp[i]!.startsWith(p)) return envp[i]!.slice(p.length);
  return undefined;
}

export function makeCtx(sys: Sys, argv: readonly string[], envp: string[], name: string): Ctx {
  const loc = getenv(envp, 'LC_ALL') || getenv(envp, 'LC_MESSAGES') || getenv(envp, 'LANG') || '';
  return { sys, prog: argv[0] ?? name, name, envp, utf8: /utf-?8/i.test(loc) };
}

/** gnulib quote(): locale quotes, ‘x’ in a UTF-8 locale and 'x' in C/POSIX. */
export function q(ctx: Ctx, s: string): string {
  return ctx.utf8 ? `‘${s}’` : `'${s}'`;
}

/** "prog: msg" on stderr. */
export function* fail(ctx: Ctx, msg: string): SysCall<number> {
  return yield* writeAll(ctx.sys, 2, `${ctx.prog}: ${msg}\n`);
}

/** "prog: what: strerror" on stderr. */
export function* failErrno(ctx: Ctx, what: string, errno: number): SysCall<number> {
  return yield* writeAll(ctx.sys, 2, `${ctx.prog}: ${what}: ${strerror(errno)}\n`);
}

/** Usage error: optional message, then "Try 'prog --help' for more information.". */
export function* usageError(ctx: Ctx, msg?: string): SysCall<void> {
  const pre = msg !== undefined ? `${ctx.prog}: ${msg}\n` : '';
  yield* writeAll(ctx.sys, 2, `${pre}Try '${ctx.prog} --help' for more information.\n`);
}

export function helpText(ctx: Ctx): string {
  return (HELP[ctx.name] ?? '').split(`/usr/bin/${ctx.name}`).join(ctx.prog).split(`/usr/sbin/${ctx.name}`).join(ctx.prog);
}

export function* printHelp(ctx: Ctx): SysCall<number> {
  yield* writeAll(ctx.sys, 1, helpText(ctx));
  return 0;
}

export function* printVersion(ctx: Ctx): SysCall<number> {
  yield* writeAll(ctx.sys, 1, VERSION[ctx.name] ?? '');
  return 0;
}

export const HELP_VERSION: LongOpt[] = [
  { name: 'help', arg: 'none', key: 'help' },
  { name: 'version', arg: 'none', key: 'version' },
];

/**
 * getopt_long with --help/--version handled as GNU does (printed, exit 0). Returns the parsed
 * options, or an exit status when the program must stop (usage error → failStatus).
 */
export function* parseArgs(
  ctx: Ctx,
  args: readonly string[],
  shortSpec: string,
  longOpts: readonly LongOpt[],
  failStatus = 1,
  posixly = false,
): SysCall<ParsedOpts | number> {
  const r = getopt(args, shortSpec, [...longOpts, ...HELP_VERSION], posixly);
  if (isGetoptError(r)) {
    // an earlier --help/--version still wins, as getopt_long handles options in order
    for (const a of args) {
      if (a === '--') break;
      if (a === '--help') return yield* printHelp(ctx);
      if (a === '--version') return yield* printVersion(ctx);
    }
    yield* usageError(ctx, r.message);
    return failStatus;
  }
  for (const [k] of r.opts) {
    if (k === 'help') return yield* printHelp(ctx);
    if (k === 'version') return yield* printVersion(ctx);
  }
  return r;
}

/** Buffered output: collects text and writes it in large chunks. */
export class Out {
  private buf = '';
  /** -errno of the first failed write (e.g. -EPIPE when SIGPIPE is ignored), else 0 */
  error = 0;
  constructor(
    private readonly sys: Sys,
    private readonly fd = 1,
  ) {}
  *write(s: string): SysCall<void> {
    if (this.error) return;
    this.buf += s;
    if (this.buf.length >= 65536) yield* this.flush();
  }
  *flush(): SysCall<number> {
    if (this.error || this.buf.length === 0) {
      this.buf = '';
      return this.error;
    }
    const r = yield* writeAll(this.sys, this.fd, this.buf);
    this.buf = '';
    if (r < 0) this.error = r;
    return r;
  }
  /** Flush; on a write error print "prog: write error: ..." and return failStatus, else status. */
  *finish(ctx: Ctx, status: number, failStatus = 1): SysCall<number> {
    yield* this.flush();
    if (this.error) {
      yield* fail(ctx, `write error${this.error === -EPIPE ? '' : ''}: ${strerror(-this.error)}`);
      return failStatus;
    }
    return status;
  }
}

/** isatty(fd) */
export function* isatty(sys: Sys, fd: number): SysCall<boolean> {
  const r = yield* sys.ioctl(fd, TCGETS);
  return !(typeof r === 'number' && r < 0);
}

/** Terminal width of fd, or undefined. */
export function* termCols(sys: Sys, fd: number): SysCall<number | undefined> {
  const r = yield* sys.ioctl(fd, TIOCGWINSZ);
  if (r && typeof r === 'object' && 'cols' in r) {
    const c = (r as { cols: number }).cols;
    return c > 0 ? c : undefined;
  }
  return undefined;
}

export function isStat(r: Stat | number): r is Stat {
  return typeof r !== 'number';
}

/** Join a directory and a name as file_name_concat does (no doubled slash). */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : dir + '/' + name;
}

/** basename(3) as coreutils' last_component with trailing slashes removed. */
export function baseName(p: string): string {
  const t = p.replace(/\/+$/, '');
  if (t === '') return p.startsWith('/') ? '/' : '';
  return t.slice(t.lastIndexOf('/') + 1);
}

/** dirname(1) semantics. */
export function dirName(p: string): string {
  const t = p.replace(/\/+$/, '');
  if (t === '') return p.startsWith('/') ? '/' : '.';
  const i = t.lastIndexOf('/');
  if (i < 0) return '.';
  const d = t.slice(0, i).replace(/\/+$/, '');
  return d === '' ? '/' : d;
}

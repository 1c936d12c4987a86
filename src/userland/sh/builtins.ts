// Shell builtins with bash's messages and exit statuses.
import {
  SIGNAL_NAMES, SIGNAL_ALIASES, ESRCH, EINTR, RLIMIT_CORE, RLIMIT_DATA, RLIMIT_FSIZE, RLIMIT_NICE,
  RLIMIT_SIGPENDING, RLIMIT_MEMLOCK, RLIMIT_RSS, RLIMIT_NOFILE, RLIMIT_MSGQUEUE, RLIMIT_RTPRIO, RLIMIT_STACK,
  RLIMIT_CPU, RLIMIT_NPROC, RLIMIT_AS, RLIMIT_LOCKS, RLIMIT_RTTIME, S_IFMT, S_IFDIR, strerror, O_RDONLY,
} from '../../kernel/syscall';
import type { Rlimit, Termios } from '../../kernel/syscall';
import { TCGETS, TCSETS, ECHO } from '../../kernel/syscall';
import type { Gen } from './expand';
import { ExpandError } from './expand';
import type { Shell, Var } from './shell';
import { ExitSignal, ReturnSignal, LoopSignal, isName, TopLevel } from './shell';
import { readAll } from '../lib/io';
import { writeAll } from './rawio';
import { testCommand } from './cond';
import { formatPrintf, echoEscapes } from './printf';
import { jobDone, type Job } from './jobs';
import { decode } from '../lib/text';
import { printFunction } from './printer';
import { parseAll } from './parser';
import { HELP_TOPICS } from './help-texts';
import { matchPattern } from './pattern';
import type { Command } from './ast';

export interface Builtin {
  run: (sh: Shell, argv: string[]) => Gen<number>;
  special: boolean;
}

export const BUILTINS = new Map<string, Builtin>();
const def = (names: string[], run: Builtin['run'], special = false): void => {
  for (const n of names) BUILTINS.set(n, { run, special });
};

function* usage(sh: Shell, name: string, opt: string, text: string): Gen<number> {
  yield* sh.err(`${name}: ${opt}: invalid option`);
  yield* writeAll(sh.sys, 2, `${name}: usage: ${text}\n`);
  return 2;
}

/** Writes to stdout; on failure prints "bash: NAME: write error: ..." and returns 1. */
function* put(sh: Shell, name: string, s: string): Gen<number> {
  if (!s) return 0;
  const r = yield* writeAll(sh.sys, 1, s);
  if (r < 0) {
    yield* sh.err(`${name}: write error: ${strerror(r)}`);
    return 1;
  }
  return 0;
}

/** bash's name for a signal (29 is IO, not POLL). */
export function sigName(n: number): string {
  return n === 29 ? 'IO' : (SIGNAL_NAMES[n] ?? String(n));
}

/** trap's pseudo-signals, stored as 100+index */
export const PSEUDO = ['DEBUG', 'ERR', 'RETURN'];
const SIGQUIT_NR = 3;
export const TRAP_ERR = 101;

export function signalNumber(s: string): number | undefined {
  if (/^[0-9]+$/.test(s)) {
    const n = Number(s);
    return n >= 0 && n <= 64 ? n : undefined;
  }
  let u = s.toUpperCase();
  if (u.startsWith('SIG')) u = u.slice(3);
  if (u === 'EXIT') return 0;
  if (u === 'POLL') return undefined;
  const i = SIGNAL_NAMES.indexOf(u);
  if (i > 0) return i;
  return SIGNAL_ALIASES[u];
}

def([':', 'true'], function* () {
  return 0;
}, true);
def(['false'], function* () {
  return 1;
});

def(['echo'], function* (sh, argv) {
  let nl = true;
  let esc = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (!/^-[neE]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === 'n') nl = false;
      else if (c === 'e') esc = true;
      else esc = false;
    }
  }
  let s = argv.slice(i).join(' ');
  if (esc) {
    const r = echoEscapes(s);
    s = r.text;
    if (r.stop) nl = false;
  }
  return yield* put(sh, 'echo', s + (nl ? '\n' : ''));
});

def(['printf'], function* (sh, argv) {
  let args = argv.slice(1);
  let varName: string | undefined;
  if (args[0] === '-v') {
    varName = args[1];
    args = args.slice(2);
  }
  if (args[0] === '--') args = args.slice(1);
  if (args.length === 0) {
    yield* writeAll(sh.sys, 2, 'printf: usage: printf [-v var] format [arguments]\n');
    return 2;
  }
  if (args[0]!.startsWith('-') && args[0] !== '-' && args[0]!.length > 1 && argv[1] !== '--') {
    return yield* usage(sh, 'printf', args[0]!.slice(0, 2), 'printf [-v var] format [arguments]');
  }
  const r = formatPrintf(args[0]!, args.slice(1));
  for (const e of r.errors) yield* sh.err(`printf: ${e}`);
  if (varName) {
    sh.setVar(varName, r.out);
    return r.errors.length ? 1 : 0;
  }
  const w = yield* put(sh, 'printf', r.out);
  return w || (r.errors.length ? 1 : 0);
});

def(['pwd'], function* (sh, argv) {
  const physical = argv.includes('-P');
  for (const a of argv.slice(1)) {
    if (a !== '-P' && a !== '-L') return yield* usage(sh, 'pwd', a.slice(0, 2), 'pwd [-LP]');
  }
  let p = sh.getVar('PWD');
  if (physical || !p) {
    const c = yield* sh.sys.getcwd();
    if (typeof c === 'number') {
      yield* sh.err(`pwd: error retrieving current directory: getcwd: cannot access parent directories: ${strerror(c)}`);
      return 1;
    }
    p = c;
  }
  return yield* put(sh, 'pwd', p + '\n');
});

function normalize(path: string): string {
  const out: string[] = [];
  for (const c of path.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return '/' + out.join('/');
}

def(['cd'], function* (sh, argv) {
  let args = argv.slice(1);
  let physical = false;
  while (args[0] && /^-[LPe@]+$/.test(args[0])) {
    if (args[0].includes('P')) physical = true;
    args = args.slice(1);
  }
  if (args[0] === '--') args = args.slice(1);
  if (args.length > 1) {
    yield* sh.err('cd: too many arguments');
    return 1;
  }
  let dir: string | undefined = args[0];
  let print = false;
  if (dir === undefined) {
    const home = sh.getVar('HOME');
    if (home === undefined) {
      yield* sh.err('cd: HOME not set');
      return 1;
    }
    dir = home;
  } else if (dir === '-') {
    const old = sh.getVar('OLDPWD');
    if (old === undefined) {
      yield* sh.err('cd: OLDPWD not set');
      return 1;
    }
    dir = old;
    print = true;
  }
  if (dir === '') return 0;
  let target = dir;
  const cdpath = sh.getVar('CDPATH');
  if (cdpath && !dir.startsWith('/') && !dir.startsWith('.')) {
    for (const c of cdpath.split(':')) {
      const cand = (c || '.') + '/' + dir;
      const st = yield* sh.sys.stat(cand);
      if (typeof st !== 'number' && (st.mode & S_IFMT) === S_IFDIR) {
        target = cand;
        if (c) print = true;
        break;
      }
    }
  }
  const oldPwd = sh.getVar('PWD') ?? '';
  const logical = target.startsWith('/') ? normalize(target) : normalize((oldPwd || '/') + '/' + target);
  const r = yield* sh.sys.chdir(physical ? target : logical);
  if (r < 0) {
    const r2 = physical ? r : yield* sh.sys.chdir(target);
    if (r2 < 0) {
      yield* sh.err(`cd: ${dir}: ${strerror(r)}`);
      return 1;
    }
  }
  let newPwd = logical;
  if (physical) {
    const c = yield* sh.sys.getcwd();
    if (typeof c === 'string') newPwd = c;
  }
  sh.setVar('OLDPWD', oldPwd);
  sh.setVar('PWD', newPwd);
  if (print) return yield* put(sh, 'cd', newPwd + '\n');
  return 0;
});

function quoteValue(v: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]*$/.test(v) && v !== '') return v;
  if (/^[\x20-\x7e]*$/.test(v)) return "'" + v.replace(/'/g, "'\\''") + "'";
  return "$'" + v.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\x1b/g, '\\E')
    .replace(/[\x00-\x1f\x7f]/g, (c) => '\\' + c.charCodeAt(0).toString(8).padStart(3, '0')) + "'";
}

function declareLine(sh: Shell, name: string): string {
  const v = sh.vars.get(name)!;
  let flags = '';
  // bash's attribute order
  if (v.arr) flags += 'a';
  if (v.integer) flags += 'i';
  if (v.readonly) flags += 'r';
  if (v.trace) flags += 't';
  if (v.exported) flags += 'x';
  if (v.lower) flags += 'l';
  if (v.upper) flags += 'u';
  const head = `declare -${flags || '-'} ${name}`;
  if (v.arr && v.arr.length === 0) return head;
  if (v.arr) return `${head}=(${v.arr.map((x, i) => `[${i}]="${x.replace(/(["\\$`])/g, '\\$1')}"`).join(' ')})`;
  if (v.value === undefined) return head;
  return `${head}="${v.value.replace(/(["\\$`])/g, '\\$1')}"`;
}

function* assignArgs(sh: Shell, name: string, args: string[], apply: (n: string) => void): Gen<number> {
  let st = 0;
  for (const a of args) {
    const eq = a.indexOf('=');
    const n = eq >= 0 ? a.slice(0, eq).replace(/\+$/, '') : a;
    if (!isName(n)) {
      yield* sh.err(`${name}: \`${a}': not a valid identifier`);
      st = 1;
      continue;
    }
    if (eq >= 0) {
      let val = a.slice(eq + 1);
      if (a[eq - 1] === '+') val = (sh.getVar(n) ?? '') + val;
      if (sh.vars.get(n)?.readonly) {
        yield* sh.err(`${n}: readonly variable`);
        st = 1;
        continue;
      }
      if (name === 'local' || name === 'declare' || name === 'typeset') sh.makeLocalIf(name, n);
      sh.setVar(n, val);
    } else if (!sh.vars.has(n)) {
      if (name === 'local') sh.makeLocalIf(name, n);
      sh.vars.set(n, { value: undefined, exported: false, readonly: false });
    } else if (name === 'local') {
      sh.makeLocalIf(name, n);
    }
    apply(n);
  }
  return st;
}

def(['export'], function* (sh, argv) {
  let args = argv.slice(1);
  let unexport = false;
  while (args[0]?.startsWith('-') && args[0] !== '-' ) {
    if (args[0] === '--') {
      args = args.slice(1);
      break;
    }
    for (const c of args[0].slice(1)) {
      if (c === 'n') unexport = true;
      else if (c !== 'p' && c !== 'f') return yield* usage(sh, 'export', '-' + c, 'export [-fn] [name[=value] ...] or export -p');
    }
    args = args.slice(1);
  }
  if (args.length === 0) {
    const names = [...sh.vars.keys()].filter((k) => sh.vars.get(k)!.exported).sort();
    return yield* put(sh, 'export', names.map((n) => declareLine(sh, n) + '\n').join(''));
  }
  return yield* assignArgs(sh, 'export', args, (n) => {
    const v = sh.ownVar(n);
    if (v) v.exported = !unexport;
  });
}, true);

def(['readonly'], function* (sh, argv) {
  let args = argv.slice(1);
  // -a/-A/-f (readonly arrays, functions) are not implemented: rejected like unknown options
  while (args[0] && /^-./.test(args[0])) {
    const a = args.shift()!;
    if (a === '--') break;
    for (const c of a.slice(1)) {
      if (c !== 'p') return yield* usage(sh, 'readonly', '-' + c, 'readonly [-aAf] [name[=value] ...] or readonly -p');
    }
  }
  args = args.filter((a) => a !== '--');
  if (args.length === 0) {
    const names = [...sh.vars.keys()].filter((k) => sh.vars.get(k)!.readonly).sort();
    return yield* put(sh, 'readonly', names.map((n) => declareLine(sh, n) + '\n').join(''));
  }
  return yield* assignArgs(sh, 'readonly', args, (n) => {
    const v = sh.ownVar(n);
    if (v) v.readonly = true;
  });
}, true);

const DECLARE_USAGE: Record<string, string> = {
  declare: 'declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p [-aAfFilnrtux] [name ...]',
  typeset: 'typeset [-aAfFgiIlnrtux] name[=value] ... or typeset -p [-aAfFilnrtux] [name ...]',
  local: 'local [option] name[=value] ...',
};
/** The attribute options implemented; -A (associative arrays), -n (namerefs), -I are rejected. */
const DECLARE_OPTS = 'afFgilprtux';

/** Does variable v have all the attributes in `want` (letters of declare)? */
function hasAttrs(v: Var, want: Set<string>): boolean {
  for (const c of want) {
    if (c === 'a' && !v.arr) return false;
    if (c === 'i' && !v.integer) return false;
    if (c === 'r' && !v.readonly) return false;
    if (c === 'x' && !v.exported) return false;
    if (c === 't' && !v.trace) return false;
    if (c === 'l' && !v.lower) return false;
    if (c === 'u' && !v.upper) return false;
  }
  return true;
}

function* declareBuiltin(sh: Shell, argv: string[]): Gen<number> {
  const cmd = argv[0]!;
  if (cmd === 'local' && sh.funcDepth === 0) {
    yield* sh.err('local: can only be used in a function');
    return 1;
  }
  let args = argv.slice(1);
  const on = new Set<string>();
  const off = new Set<string>();
  while (args.length && /^[-+]./.test(args[0]!)) {
    const a = args[0]!;
    args = args.slice(1);
    if (a === '--') break;
    for (const c of a.slice(1)) {
      if (!DECLARE_OPTS.includes(c)) return yield* usage(sh, cmd, a[0] + c, DECLARE_USAGE[cmd]!);
      (a[0] === '-' ? on : off).add(c);
    }
  }
  if (on.has('f') || on.has('F')) {
    let out = '';
    let st = 0;
    const names = args.length ? args : [...sh.functions.keys()].sort();
    for (const n of names) {
      const f = sh.functions.get(n);
      if (!f) {
        st = 1;
        continue;
      }
      if (on.has('F')) out += args.length ? `${n}\n` : `declare -f ${n}\n`;
      else out += funcText(f) + '\n';
    }
    return (yield* put(sh, cmd, out)) || st;
  }
  const attrs = new Set([...on].filter((c) => c !== 'p' && c !== 'g'));
  if (args.length === 0 && attrs.size === 0 && off.size === 0 && !on.has('p')) {
    // plain `declare`: the variables as `set` lists them, then the functions
    return yield* put(sh, cmd, setListing(sh, true));
  }
  if (args.length === 0 || (on.has('p') && !args.some((a) => a.includes('=')))) {
    let st = 0;
    let out = '';
    const names = args.length ? args : [...sh.vars.keys()].sort().filter((n) => hasAttrs(sh.vars.get(n)!, attrs));
    for (const n of names) {
      if (sh.vars.has(n)) out += declareLine(sh, n) + '\n';
      else {
        yield* put(sh, cmd, out);
        out = '';
        yield* sh.err(`${cmd}: ${n}: not found`);
        st = 1;
      }
    }
    return (yield* put(sh, cmd, out)) || st;
  }
  const makeLocal = cmd === 'local' || (sh.funcDepth > 0 && !on.has('g'));
  let st = 0;
  for (const a of args) {
    const eq = a.indexOf('=');
    const append = eq > 0 && a[eq - 1] === '+';
    const n = eq >= 0 ? a.slice(0, append ? eq - 1 : eq) : a;
    if (!isName(n)) {
      yield* sh.err(`${cmd}: \`${a}': not a valid identifier`);
      st = 1;
      continue;
    }
    const cur = sh.vars.get(n);
    if (cur?.readonly && (eq >= 0 || off.has('r'))) {
      yield* sh.err(`${cmd}: ${n}: readonly variable`);
      st = 1;
      continue;
    }
    const frame = sh.localStack[sh.localStack.length - 1];
    if (makeLocal && frame && !frame.has(n)) {
      // a new local starts unset, without the attributes of the variable it shadows
      sh.makeLocal(n);
      sh.vars.delete(n);
    }
    let v = sh.ownVar(n);
    if (!v) {
      v = { tok: sh.varTok, value: undefined, exported: sh.opts.allexport, readonly: false };
      sh.vars.set(n, v);
    }
    for (const c of on) {
      if (c === 'a' && !v.arr) v.arr = v.value === undefined ? [] : [v.value];
      if (c === 'i') v.integer = true;
      if (c === 'x') v.exported = true;
      if (c === 't') v.trace = true;
      if (c === 'l') [v.lower, v.upper] = [true, false];
      if (c === 'u') [v.upper, v.lower] = [true, false];
    }
    for (const c of off) {
      if (c === 'i') v.integer = false;
      if (c === 'x') v.exported = false;
      if (c === 't') v.trace = false;
      if (c === 'l') v.lower = false;
      if (c === 'u') v.upper = false;
    }
    if (eq >= 0) {
      const val = a.slice(eq + 1);
      const m = /^\(([\s\S]*)\)$/.exec(val);
      if (m && (v.arr || on.has('a'))) {
        // compound assignment: re-parsed and expanded as `name=(...)`, as bash does
        const items = yield* compoundItems(sh, m[1]!);
        if (items === null) return 1;
        const base = append ? (v.arr ?? []) : [];
        v.arr = [...base, ...items.map((x) => sh.attrValue(v!, x))];
        v.value = undefined;
      } else if (v.arr) {
        v.arr[0] = sh.attrValue(v, append ? (v.arr[0] ?? '') + val : val, append ? v.arr[0] : undefined);
      } else {
        try {
          sh.setVar(n, val, { append });
        } catch (e) {
          if (e instanceof ExpandError) {
            yield* sh.err(e.msg);
            return 1;
          }
          throw e;
        }
      }
    }
    if (on.has('r')) v.readonly = true;
  }
  return st;
}

function* compoundItems(sh: Shell, inner: string): Gen<string[] | null> {
  let lists;
  try {
    lists = parseAll(`__x=(${inner})`);
  } catch {
    return null;
  }
  const arr = lists[0]?.items[0]?.cmd.first.cmds[0];
  if (!arr || arr.t !== 'simple' || !arr.assigns[0]?.array) return null;
  return yield* sh.exp.words(arr.assigns[0].array);
}

def(['local'], declareBuiltin);
def(['declare', 'typeset'], declareBuiltin);

def(['unset'], function* (sh, argv) {
  let args = argv.slice(1);
  let mode: 'v' | 'f' | '' = '';
  while (args[0]?.startsWith('-') && args[0].length > 1) {
    if (args[0] === '--') {
      args = args.slice(1);
      break;
    }
    for (const c of args[0].slice(1)) {
      if (c === 'f') mode = 'f';
      else if (c === 'v') mode = 'v';
      else if (c !== 'n') return yield* usage(sh, 'unset', '-' + c, 'unset [-f] [-v] [-n] [name ...]');
    }
    args = args.slice(1);
  }
  let st = 0;
  for (const a of args) {
    if (mode === 'f') {
      sh.own('functions').delete(a);
      continue;
    }
    if (!isName(a)) {
      yield* sh.err(`unset: \`${a}': not a valid identifier`);
      st = 1;
      continue;
    }
    if (sh.vars.has(a)) {
      if (!sh.unsetVar(a)) {
        yield* sh.err(`unset: ${a}: cannot unset: readonly variable`);
        st = 1;
      }
    } else if (mode === '') sh.own('functions').delete(a);
  }
  return st;
}, true);

const SET_OPTS: [string, string | undefined][] = [
  ['allexport', 'a'], ['braceexpand', 'B'], ['emacs', undefined], ['errexit', 'e'], ['errtrace', 'E'],
  ['functrace', 'T'], ['hashall', 'h'], ['histexpand', 'H'], ['history', undefined], ['ignoreeof', undefined],
  ['interactive-comments', undefined], ['keyword', 'k'], ['monitor', 'm'], ['noclobber', 'C'], ['noexec', 'n'],
  ['noglob', 'f'], ['nolog', undefined], ['notify', 'b'], ['nounset', 'u'], ['onecmd', 't'], ['physical', 'P'],
  ['pipefail', undefined], ['posix', undefined], ['privileged', 'p'], ['verbose', 'v'], ['vi', undefined],
  ['xtrace', 'x'],
];

function optGet(sh: Shell, name: string): boolean {
  switch (name) {
    case 'braceexpand': case 'interactive-comments': return true;
    case 'histexpand': return sh.opts.history && sh.interactive;
    default: return (sh.opts as unknown as Record<string, boolean>)[name] ?? false;
  }
}

/** What `set` (and a plain `declare`) lists: NAME=value lines, then the functions. */
function setListing(sh: Shell, _declare: boolean): string {
  let out = '';
  for (const n of [...sh.vars.keys()].sort()) {
    const v = sh.vars.get(n)!;
    if (v.arr) out += `${n}=(${v.arr.map((x, i) => `[${i}]="${x}"`).join(' ')})\n`;
    else if (v.value !== undefined) out += `${n}=${quoteValue(v.value)}\n`;
  }
  for (const [, f] of [...sh.functions].sort()) out += funcText(f) + '\n';
  return out;
}

function optSet(sh: Shell, name: string, on: boolean): void {
  const o = sh.opts as unknown as Record<string, boolean>;
  if (name in o) o[name] = on;
}

def(['set'], function* (sh, argv) {
  const args = argv.slice(1);
  if (args.length === 0) return yield* put(sh, 'set', setListing(sh, false));
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      sh.positional = args.slice(i + 1);
      return 0;
    }
    if (a === '-') {
      sh.opts.xtrace = false;
      sh.opts.verbose = false;
      i++;
      break;
    }
    if ((a[0] !== '-' && a[0] !== '+') || a.length < 2) break;
    const on = a[0] === '-';
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (c === 'o') {
        const name = args[i + 1];
        if (name === undefined) {
          let out = '';
          for (const [n] of SET_OPTS) {
            out += on ? `${n.padEnd(15)}\t${optGet(sh, n) ? 'on' : 'off'}\n` : `set ${optGet(sh, n) ? '-o' : '+o'} ${n}\n`;
          }
          return yield* put(sh, 'set', out);
        }
        if (!SET_OPTS.some(([n]) => n === name)) {
          yield* sh.err(`set: ${name}: invalid option name`);
          return 2;
        }
        optSet(sh, name, on);
        i++;
        continue;
      }
      const e = SET_OPTS.find(([, l]) => l === c);
      if (!e) return yield* usage(sh, 'set', a[0] + c, 'set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]');
      optSet(sh, e[0], on);
    }
  }
  if (i < args.length) sh.positional = args.slice(i);
  return 0;
}, true);

// shopt: options are recorded (only nullglob/dotglob-like behaviour is not modelled yet)
const SHOPT_DEFAULTS = 'autocd:off assoc_expand_once:off cdable_vars:off cdspell:off checkhash:off checkjobs:off checkwinsize:on cmdhist:on compat31:off compat32:off compat40:off compat41:off compat42:off compat43:off compat44:off complete_fullquote:on direxpand:off dirspell:off dotglob:off execfail:off expand_aliases:off extdebug:off extglob:off extquote:on failglob:off force_fignore:on globasciiranges:on globskipdots:on globstar:off gnu_errfmt:off histappend:off histreedit:off histverify:off hostcomplete:on huponexit:off inherit_errexit:off interactive_comments:on lastpipe:off lithist:off localvar_inherit:off localvar_unset:off login_shell:off mailwarn:off no_empty_cmd_completion:off nocaseglob:off nocasematch:off noexpand_translation:off nullglob:off patsub_replacement:on progcomp:on progcomp_alias:off promptvars:on restricted_shell:off shift_verbose:off sourcepath:on varredir_close:off xpg_echo:off';

def(['shopt'], function* (sh, argv) {
  if (sh.shopts.size === 0) {
    for (const kv of SHOPT_DEFAULTS.split(' ')) {
      const [k, v] = kv.split(':');
      sh.own('shopts').set(k!, v === 'on');
    }
    sh.own('shopts').set('expand_aliases', sh.interactive);
    sh.own('shopts').set('login_shell', sh.login);
  }
  let args = argv.slice(1);
  let mode: 's' | 'u' | '' = '';
  let quiet = false;
  let print = false;
  while (args[0]?.startsWith('-') && args[0].length > 1) {
    for (const c of args[0].slice(1)) {
      if (c === 's' || c === 'u') mode = c;
      else if (c === 'q') quiet = true;
      else if (c === 'p') print = true;
      else if (c !== 'o') return yield* usage(sh, 'shopt', '-' + c, 'shopt [-pqsu] [-o] [optname ...]');
    }
    args = args.slice(1);
  }
  const line = (k: string): string => (print ? `shopt ${sh.shopts.get(k) ? '-s' : '-u'} ${k}\n` : `${k.padEnd(15)}\t${sh.shopts.get(k) ? 'on' : 'off'}\n`);
  let st = 0;
  for (const a of args) {
    if (!sh.shopts.has(a)) {
      yield* sh.err(`shopt: ${a}: invalid shell option name`);
      st = 1;
    }
  }
  const names = args.filter((a) => sh.shopts.has(a));
  if (mode) {
    if (!args.length) {
      let out = '';
      for (const [k, v] of sh.shopts) if (v === (mode === 's')) out += line(k);
      return yield* put(sh, 'shopt', out);
    }
    for (const a of names) sh.own('shopts').set(a, mode === 's');
    return st;
  }
  let out = '';
  for (const k of names.length || args.length ? names : [...sh.shopts.keys()]) {
    if (!sh.shopts.get(k)) st = 1;
    out += line(k);
  }
  if (quiet) return st;
  return (yield* put(sh, 'shopt', out)) || st;
});

def(['shift'], function* (sh, argv) {
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!Number.isInteger(n)) {
    yield* sh.err(`shift: ${argv[1]}: numeric argument required`);
    return 1;
  }
  if (n < 0) {
    yield* sh.err(`shift: ${argv[1]}: shift count out of range`);
    return 1;
  }
  if (n > sh.positional.length) return 1;
  sh.positional = sh.positional.slice(n);
  return 0;
}, true);

function* exitArg(sh: Shell, name: string, arg: string | undefined): Gen<number> {
  if (arg === undefined) return sh.lastStatus;
  if (!/^\s*[-+]?[0-9]+\s*$/.test(arg)) {
    yield* sh.err(`${name}: ${arg}: numeric argument required`);
    return 2;
  }
  return Number(BigInt.asUintN(8, BigInt(arg.trim())));
}

def(['exit'], function* (sh, argv) {
  if (argv.length > 2) {
    yield* sh.err('exit: too many arguments');
    return 1;
  }
  if (sh.interactive && sh.subshell === 0) yield* writeAll(sh.sys, 2, sh.login ? 'logout\n' : 'exit\n');
  if (yield* sh.checkStoppedOnExit()) return 1;
  throw new ExitSignal(yield* exitArg(sh, 'exit', argv[1]));
}, true);

def(['logout'], function* (sh, argv) {
  if (!sh.login) {
    yield* sh.err('logout: not login shell: use `exit\'');
    return 1;
  }
  if (sh.interactive) yield* writeAll(sh.sys, 2, 'logout\n');
  throw new ExitSignal(yield* exitArg(sh, 'logout', argv[1]));
});

def(['return'], function* (sh, argv) {
  if (sh.funcDepth === 0 && sh.sourceDepth === 0) {
    yield* sh.err("return: can only `return' from a function or sourced script");
    return 2;
  }
  throw new ReturnSignal(yield* exitArg(sh, 'return', argv[1]));
}, true);

for (const kind of ['break', 'continue'] as const) {
  def([kind], function* (sh, argv) {
    const n = argv[1] === undefined ? 1 : Number(argv[1]);
    if (!Number.isInteger(n)) {
      yield* sh.err(`${kind}: ${argv[1]}: numeric argument required`);
      return 1;
    }
    if (n < 1) {
      yield* sh.err(`${kind}: ${argv[1]}: loop count out of range`);
      return 1;
    }
    if (sh.loopDepth === 0) {
      yield* sh.err(`${kind}: only meaningful in a \`for', \`while', or \`until' loop`);
      return 0;
    }
    throw new LoopSignal(kind, Math.min(n, sh.loopDepth));
  }, true);
}

def(['eval'], function* (sh, argv) {
  const src = argv.slice(1).join(' ');
  if (!src.trim()) return 0;
  sh.traceLevel++;
  try {
    return yield* sh.evalString(src, 'eval');
  } finally {
    sh.traceLevel--;
  }
}, true);

def(['source', '.'], function* (sh, argv) {
  const file = argv[1];
  if (file === undefined) {
    yield* sh.err(`${argv[0]}: filename argument required`);
    yield* writeAll(sh.sys, 2, `${argv[0]}: usage: ${argv[0]} filename [arguments]\n`);
    return 2;
  }
  let path = file;
  if (!file.includes('/')) {
    for (const d of (sh.getVar('PATH') ?? '').split(':')) {
      const st = yield* sh.sys.stat(`${d || '.'}/${file}`);
      if (typeof st !== 'number' && (st.mode & S_IFMT) !== S_IFDIR) {
        path = `${d || '.'}/${file}`;
        break;
      }
    }
  }
  const fd = yield* sh.sys.open(path, O_RDONLY);
  if (fd < 0) {
    yield* sh.err(`${file}: ${strerror(fd)}`);
    return 1;
  }
  const text = yield* readAll(sh.sys, fd);
  yield* sh.sys.close(fd);
  if (typeof text === 'number') {
    yield* sh.err(`${file}: ${strerror(text)}`);
    return 1;
  }
  const savedPos = sh.positional;
  if (argv.length > 2) sh.positional = argv.slice(2);
  const savedLine = sh.lineno;
  sh.sourceDepth++;
  const savedName = sh.name;
  const savedSrc = sh.srcFile;
  try {
    sh.lineno = 1;
    sh.srcFile = file;
    return yield* sh.evalString(text, 'script');
  } catch (e) {
    if (e instanceof ReturnSignal) return e.status;
    throw e;
  } finally {
    sh.name = savedName;
    sh.srcFile = savedSrc;
    sh.sourceDepth--;
    sh.lineno = savedLine;
    if (argv.length > 2) sh.positional = savedPos;
  }
}, true);

def(['trap'], function* (sh, argv) {
  let args = argv.slice(1);
  let printMode = false;
  if (args[0] === '-l') {
    return yield* put(sh, 'trap', killList());
  }
  if (args[0] === '-p') {
    printMode = true;
    args = args.slice(1);
  }
  if (args[0] === '--') args = args.slice(1);
  if (args[0]?.startsWith('-') && args[0] !== '-' && !printMode) {
    return yield* usage(sh, 'trap', args[0].slice(0, 2), 'trap [-lp] [[arg] signal_spec ...]');
  }
  const show = (sig: number): string => {
    const t = sh.traps.get(sig);
    if (t === undefined) return '';
    const name = sig === 0 ? 'EXIT' : sig >= 100 ? PSEUDO[sig - 100]! : 'SIG' + sigName(sig);
    return `trap -- '${t.replace(/'/g, "'\\''")}' ${name}\n`;
  };
  if (args.length === 0 || printMode) {
    let out = '';
    if (args.length === 0) for (const s of [...sh.traps.keys()].sort((a, b) => a - b)) out += show(s);
    else {
      for (const a of args) {
        const pi = PSEUDO.indexOf(a.toUpperCase());
        const n = pi >= 0 ? 100 + pi : signalNumber(a);
        if (n === undefined) {
          yield* sh.err(`trap: ${a}: invalid signal specification`);
          return 1;
        }
        out += show(n);
      }
    }
    return yield* put(sh, 'trap', out);
  }
  let action: string | undefined = args[0];
  let sigs = args.slice(1);
  // `trap SIG` alone (a number or signal name): reset
  if (sigs.length === 0 || (/^[0-9]+$/.test(action!) && signalNumber(action!) !== undefined)) {
    if (sigs.length === 0) sigs = [action!];
    else sigs = args;
    action = '-';
  }
  let st = 0;
  for (const s of sigs) {
    const pi = PSEUDO.indexOf(s.toUpperCase());
    const n = pi >= 0 ? 100 + pi : signalNumber(s);
    if (n === undefined) {
      yield* sh.err(`trap: ${s}: invalid signal specification`);
      st = 1;
      continue;
    }
    // a non-interactive shell cannot trap or reset signals ignored when it started (POSIX, bash)
    if (!sh.interactive && n >= 1 && n <= 31 && n !== SIGQUIT_NR && !sh.traps.has(n) && !sh.entryChecked.has(n)) {
      sh.entryChecked.add(n);
      const old = yield* sh.sys.sigaction(n);
      if (typeof old !== 'number' && old.handler === 'ignore') sh.ignoredOnEntry.add(n);
    }
    if (sh.ignoredOnEntry.has(n)) continue;
    if (action === '-') {
      // resetting a signal that was never trapped leaves the shell's own disposition alone
      // (a non-interactive bash keeps ignoring SIGQUIT after `trap - QUIT`)
      if (!sh.traps.has(n)) continue;
      sh.traps.delete(n);
    } else sh.traps.set(n, action!);
    yield* sh.applyTrapDisposition(n);
  }
  return st;
}, true);

function killList(): string {
  let out = '';
  const cells: string[] = [];
  for (let i = 1; i <= 31; i++) cells.push(`${String(i).padStart(2)}) SIG${sigName(i)}`);
  const rt = ['RTMIN', 'RTMIN+1', 'RTMIN+2', 'RTMIN+3', 'RTMIN+4', 'RTMIN+5', 'RTMIN+6', 'RTMIN+7', 'RTMIN+8', 'RTMIN+9', 'RTMIN+10', 'RTMIN+11', 'RTMIN+12', 'RTMIN+13', 'RTMIN+14', 'RTMIN+15', 'RTMAX-14', 'RTMAX-13', 'RTMAX-12', 'RTMAX-11', 'RTMAX-10', 'RTMAX-9', 'RTMAX-8', 'RTMAX-7', 'RTMAX-6', 'RTMAX-5', 'RTMAX-4', 'RTMAX-3', 'RTMAX-2', 'RTMAX-1', 'RTMAX'];
  rt.forEach((n, i) => cells.push(`${String(34 + i).padStart(2)}) SIG${n}`));
  for (let i = 0; i < cells.length; i += 5) out += cells.slice(i, i + 5).join('\t') + (i + 5 >= cells.length ? '\t' : '') + '\n';
  return out;
}

def(['kill'], function* (sh, argv) {
  let args = argv.slice(1);
  let sig = 15;
  if (args.length === 0) {
    yield* writeAll(sh.sys, 2, 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n');
    return 2;
  }
  if (args[0] === '-l' || args[0] === '-L') {
    if (args.length === 1) return yield* put(sh, 'kill', killList());
    let out = '';
    for (const a of args.slice(1)) {
      if (/^[0-9]+$/.test(a)) {
        let n = Number(a);
        if (n > 128) n -= 128;
        const name = n >= 1 && n <= 31 ? sigName(n) : undefined;
        if (!name) {
          yield* sh.err(`kill: ${a}: invalid signal specification`);
          return 1;
        }
        out += name + '\n';
      } else {
        const n = signalNumber(a);
        if (n === undefined) {
          yield* sh.err(`kill: ${a}: invalid signal specification`);
          return 1;
        }
        out += n + '\n';
      }
    }
    return yield* put(sh, 'kill', out);
  }
  if (args[0] === '-s' || args[0] === '-n') {
    if (args[1] === undefined) {
      yield* sh.err(`kill: ${args[0]}: option requires an argument`);
      return 1;
    }
    const n = signalNumber(args[1]);
    if (n === undefined) {
      yield* sh.err(`kill: ${args[1] ?? ''}: invalid signal specification`);
      return 1;
    }
    sig = n;
    args = args.slice(2);
  } else if (args[0]!.startsWith('-') && args[0] !== '-' && args[0] !== '--') {
    const n = signalNumber(args[0]!.slice(1));
    if (n === undefined) {
      yield* sh.err(`kill: ${args[0]!.slice(1)}: invalid signal specification`);
      return 1;
    }
    sig = n;
    args = args.slice(1);
  }
  if (args[0] === '--') args = args.slice(1);
  if (args.length === 0) {
    yield* writeAll(sh.sys, 2, 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n');
    return 2;
  }
  let st = 0;
  for (const a of args) {
    if (a.startsWith('%')) {
      const j = sh.jobs.find(a);
      if (!j || j === 'ambiguous') {
        yield* sh.err(j === 'ambiguous' ? `kill: ${a.slice(1)}: ambiguous job spec` : `kill: ${a}: no such job`);
        st = 1;
        continue;
      }
      // without job control the job shares the shell's process group: signal its processes
      let r = 0;
      if (j.pgid === sh.shellPgid || !sh.opts.monitor) {
        for (const p of j.procs) if (!p.done) r = yield* sh.sys.kill(p.pid, sig);
      } else r = yield* sh.sys.kill(-j.pgid, sig);
      if (r < 0) {
        yield* sh.err(`kill: (${j.pgid}) - ${strerror(r)}`);
        st = 1;
      } else if (sig === 15 || sig === 9 || sig === 1) {
        // continue stopped jobs so they can die (bash does this)
        if (j.procs.some((p) => p.stopped)) yield* sh.sys.kill(-j.pgid, 18);
      }
      continue;
    }
    if (!/^-?[0-9]+$/.test(a)) {
      yield* sh.err(`kill: ${a}: arguments must be process or job IDs`);
      st = 1;
      continue;
    }
    const r = yield* sh.sys.kill(Number(a), sig);
    if (r < 0) {
      yield* sh.err(`kill: (${a}) - ${strerror(r === -ESRCH ? ESRCH : r)}`);
      st = 1;
    }
  }
  return st;
});

def(['jobs'], function* (sh, argv) {
  let long = false;
  let pids = false;
  let args = argv.slice(1);
  while (args[0]?.startsWith('-') && args[0].length > 1) {
    for (const c of args[0].slice(1)) {
      if (c === 'l') long = true;
      else if (c === 'p') pids = true;
      else if (c !== 'n' && c !== 'r' && c !== 's') return yield* usage(sh, 'jobs', '-' + c, 'jobs [-lnprs] [jobspec ...] or jobs -x command [args]');
    }
    args = args.slice(1);
  }
  yield* sh.reapBackground();
  let list = sh.jobs.jobs.slice().sort((a, b) => a.id - b.id);
  if (args.length) {
    const sel = [];
    for (const a of args) {
      const j = sh.jobs.find(a);
      if (!j || j === 'ambiguous') {
        if (j === 'ambiguous') yield* sh.err(`jobs: ${a.replace(/^%/, '')}: ambiguous job spec`);
        yield* sh.err(`jobs: ${a}: no such job`);
        return 1;
      }
      sel.push(j);
    }
    list = sel;
  }
  let out = '';
  for (const j of list) {
    out += pids ? `${j.pgid}\n` : sh.jobs.format(j, long) + '\n';
    if (jobDone(j)) {
      sh.jobs.remove(j);
    } else j.notified = true;
  }
  return yield* put(sh, 'jobs', out);
});

function* jobArg(sh: Shell, name: string, spec: string | undefined): Gen<Job | undefined> {
  if (!sh.opts.monitor) {
    yield* sh.err(`${name}: no job control`);
    return undefined;
  }
  const j = sh.jobs.find(spec ?? '%+');
  if (!j || j === 'ambiguous') {
    if (j === 'ambiguous') yield* sh.err(`${name}: ${spec!.replace(/^%/, '')}: ambiguous job spec`);
    else yield* sh.err(`${name}: ${spec ?? 'current'}: no such job`);
    return undefined;
  }
  return j;
}

def(['fg'], function* (sh, argv) {
  const j = yield* jobArg(sh, 'fg', argv[1]);
  if (!j) return 1;
  if (jobDone(j)) {
    yield* sh.err(`fg: job has terminated`);
    sh.jobs.remove(j);
    return 1;
  }
  return yield* sh.foreground(j);
});

def(['bg'], function* (sh, argv) {
  const j = yield* jobArg(sh, 'bg', argv[1]);
  if (!j) return 1;
  if (!j.procs.some((p) => p.stopped)) {
    yield* sh.err(`bg: job ${j.id} already in background`);
    return 0;
  }
  yield* sh.background(j);
  return 0;
});

def(['wait'], function* (sh, argv) {
  const args = argv.slice(1);
  let nflag = false;
  let pvar: string | undefined;
  // -f (wait for termination, not a status change) is what this wait always does
  while (args[0] && /^-./.test(args[0])) {
    const a = args.shift()!;
    if (a === '--') break;
    for (let i = 1; i < a.length; i++) {
      const c = a[i]!;
      if (c === 'n') nflag = true;
      else if (c === 'p') {
        pvar = a.slice(i + 1) || args.shift();
        if (pvar === undefined) {
          yield* sh.err('wait: -p: option requires an argument');
          yield* writeAll(sh.sys, 2, 'wait: usage: wait [-fn] [-p var] [id ...]\n');
          return 2;
        }
        break;
      } else if (c !== 'f') return yield* usage(sh, 'wait', '-' + c, 'wait [-fn] [-p var] [id ...]');
    }
  }
  if (pvar !== undefined) sh.unsetVar(pvar);
  if (nflag) {
    const want: Job[] = [];
    for (const a of args) {
      const j = a.startsWith('%') ? sh.jobs.find(a) : sh.jobs.findPid(Number(a))?.job;
      if (j && j !== 'ambiguous') want.push(j);
    }
    const r = yield* sh.waitAny(args.length ? want : undefined);
    if (r.pid && pvar !== undefined) sh.setVar(pvar, String(r.pid));
    if (sh.interactive) yield* sh.notifyJobs();
    return r.status;
  }
  if (args.length === 0) return yield* sh.waitAll();
  let st = 0;
  for (const a of args) {
    if (a.startsWith('%')) {
      const j = sh.jobs.find(a);
      if (!j || j === 'ambiguous') {
        yield* sh.err(j === 'ambiguous' ? `wait: ${a.slice(1)}: ambiguous job spec` : `wait: ${a}: no such job`);
        st = 127;
        continue;
      }
      for (const p of j.procs) st = yield* sh.waitPid(p.pid);
      continue;
    }
    if (!/^[0-9]+$/.test(a)) {
      yield* sh.err(`wait: \`${a}': not a pid or valid job spec`);
      st = 2;
      continue;
    }
    const pid = Number(a);
    if (!sh.jobs.findPid(pid)) {
      yield* sh.err(`wait: pid ${pid} is not a child of this shell`);
      st = 127;
      continue;
    }
    st = yield* sh.waitPid(pid);
    if (pvar !== undefined) sh.setVar(pvar, String(pid));
  }
  // interactive bash reports the jobs that ended (notify_and_cleanup)
  if (sh.interactive) yield* sh.notifyJobs();
  return st;
});

function funcText(f: { name: string; body: Command }): string {
  return printFunction(f);
}

const KEYWORDS = ['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]', 'coproc'];

def(['type'], function* (sh, argv) {
  let args = argv.slice(1);
  let tflag = false;
  let pflag = false;
  let all = false;
  while (args[0]?.startsWith('-') && args[0].length > 1) {
    for (const c of args[0].slice(1)) {
      if (c === 't') tflag = true;
      else if (c === 'p' || c === 'P') pflag = true;
      else if (c === 'a') all = true;
      else if (c !== 'f') return yield* usage(sh, 'type', '-' + c, 'type [-afptP] name [name ...]');
    }
    args = args.slice(1);
  }
  let st = 0;
  let out = '';
  for (const n of args) {
    let found = false;
    if (!pflag) {
      if (sh.aliases.has(n)) {
        out += tflag ? 'alias\n' : `${n} is aliased to \`${sh.aliases.get(n)}'\n`;
        found = true;
        if (!all) continue;
      }
      if (KEYWORDS.includes(n)) {
        out += tflag ? 'keyword\n' : `${n} is a shell keyword\n`;
        found = true;
        if (!all) continue;
      }
      const f = sh.functions.get(n);
      if (f) {
        out += tflag ? 'function\n' : `${n} is a function\n${funcText(f)}\n`;
        found = true;
        if (!all) continue;
      }
      if (BUILTINS.has(n)) {
        out += tflag ? 'builtin\n' : `${n} is a shell builtin\n`;
        found = true;
        if (!all) continue;
      }
    }
    const c = yield* sh.findCommand(n);
    if (c.path && (n.includes('/') ? typeof (yield* sh.sys.stat(n)) !== 'number' : true)) {
      out += tflag ? 'file\n' : pflag ? `${c.path}\n` : `${n} is ${c.path}\n`;
      found = true;
    }
    if (!found) {
      if (!tflag && !pflag) {
        yield* put(sh, 'type', out);
        out = '';
        yield* sh.err(`type: ${n}: not found`);
      }
      st = 1;
    }
  }
  const w = yield* put(sh, 'type', out);
  return st || w;
});

def(['command'], function* (sh, argv) {
  let args = argv.slice(1);
  let v = false;
  let V = false;
  while (args[0]?.startsWith('-') && args[0].length > 1) {
    if (args[0] === '--') {
      args = args.slice(1);
      break;
    }
    for (const c of args[0].slice(1)) {
      if (c === 'v') v = true;
      else if (c === 'V') V = true;
      else if (c !== 'p') return yield* usage(sh, 'command', '-' + c, 'command [-pVv] command [arg ...]');
    }
    args = args.slice(1);
  }
  if (args.length === 0) return 0;
  if (v || V) {
    let st = 0;
    for (const n of args) {
      if (sh.functions.has(n) || BUILTINS.has(n) || KEYWORDS.includes(n)) {
        yield* put(sh, 'command', V ? `${n} is ${sh.functions.has(n) ? 'a function' : KEYWORDS.includes(n) ? 'a shell keyword' : 'a shell builtin'}\n` : `${n}\n`);
        continue;
      }
      const c = yield* sh.findCommand(n);
      if (c.path) yield* put(sh, 'command', V ? `${n} is ${c.path}\n` : `${c.path}\n`);
      else {
        if (V) yield* sh.err(`command: ${n}: not found`);
        st = 1;
      }
    }
    return st;
  }
  const bi = BUILTINS.get(args[0]!);
  if (bi) return yield* bi.run(sh, args);
  return yield* sh.runExternalArgv(args);
});

def(['builtin'], function* (sh, argv) {
  const n = argv[1];
  if (n === undefined) return 0;
  const bi = BUILTINS.get(n);
  if (!bi) {
    yield* sh.err(`builtin: ${n}: not a shell builtin`);
    return 1;
  }
  return yield* bi.run(sh, argv.slice(1));
});

def(['test'], function* (sh, argv) {
  return yield* testCommand(sh, argv.slice(1), 'test');
});
def(['['], function* (sh, argv) {
  if (argv[argv.length - 1] !== ']') {
    yield* sh.err("[: missing `]'");
    return 2;
  }
  return yield* testCommand(sh, argv.slice(1, -1), '[');
});

def(['let'], function* (sh, argv) {
  if (argv.length < 2) {
    yield* sh.err('let: expression expected');
    return 1;
  }
  let v = 0n;
  try {
    for (const e of argv.slice(1)) v = yield* sh.exp.arith(e);
  } catch (e) {
    if (e instanceof ExpandError) {
      yield* sh.err(`let: ${e.msg}`);
      return 1;
    }
    throw e;
  }
  return v !== 0n ? 0 : 1;
});

def(['read'], function* (sh, argv) {
  let args = argv.slice(1);
  let raw = false;
  let prompt = '';
  let silent = false;
  let timeout: number | undefined;
  let nchars: number | undefined;
  let delim = '\n';
  let arrName: string | undefined;
  let fd = 0;
  while (args[0]?.startsWith('-') && args[0].length > 1) {
    const a = args[0];
    if (a === '--') {
      args = args.slice(1);
      break;
    }
    let consumed = 1;
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (c === 'r') raw = true;
      else if (c === 's') silent = true;
      else if ('ptndau'.includes(c)) {
        const val = a.length > j + 1 ? a.slice(j + 1) : args[1];
        if (a.length <= j + 1) consumed = 2;
        if (val === undefined) {
          yield* sh.err(`read: -${c}: option requires an argument`);
          yield* writeAll(sh.sys, 2, 'read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n');
          return 2;
        }
        if (c === 'p') prompt = val;
        else if (c === 't') timeout = Number(val);
        else if (c === 'n') nchars = Number(val);
        else if (c === 'd') delim = val[0] ?? '\0';
        else if (c === 'a') arrName = val;
        else if (c === 'u') fd = Number(val);
        break;
      } else return yield* usage(sh, 'read', '-' + c, 'read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]');
    }
    args = args.slice(consumed);
  }
  const tio = yield* sh.sys.ioctl(fd, TCGETS);
  const isTty = typeof tio === 'object' && tio !== null;
  if (prompt && isTty) yield* writeAll(sh.sys, 2, prompt);
  if (silent && isTty) {
    const t = tio as Termios;
    yield* sh.sys.ioctl(fd, TCSETS, { ...t, cc: t.cc.slice(), lflag: t.lflag & ~ECHO });
  }
  try {
    return yield* readBody();
  } finally {
    if (silent && isTty) yield* sh.sys.ioctl(fd, TCSETS, tio);
  }
  function* readBody(): Gen<number> {
  let line: string;
  let gotDelim = false;
  const bytes: number[] = [];
  let deadline: number | undefined;
  if (timeout !== undefined) {
    const now = yield* sh.sys.clock_gettime(1);
    if (typeof now !== 'number') deadline = now[0] * 1e9 + now[1] + timeout * 1e9;
  }
  for (;;) {
    if (nchars !== undefined && Array.from(decode(new Uint8Array(bytes))).length >= nchars) break;
    if (deadline !== undefined) {
      const now = yield* sh.sys.clock_gettime(1);
      const left = typeof now === 'number' ? 0 : deadline - (now[0] * 1e9 + now[1]);
      if (left <= 0) return 142;
      const pr = yield* sh.sys.poll([{ fd, events: 1 }], left);
      if (pr === -EINTR) {
        const trapped = sh.pendingSigs.find((s) => sh.traps.has(s));
        if (trapped !== undefined) return 128 + trapped;
        if (sh.pendingSigs.includes(2)) return 130;
        continue;
      }
      if (typeof pr !== 'number' && pr[0] === 0) return 142;
    }
    const r = yield* sh.sys.read(fd, 1);
    if (typeof r === 'number') {
      if (r === -EINTR) {
        const trapped = sh.pendingSigs.find((s) => sh.traps.has(s) && sh.traps.get(s) !== '');
        if (trapped !== undefined) return 128 + trapped;
        if (sh.pendingSigs.includes(2)) {
          if (sh.interactive) throw new TopLevel(130, true);
          return 130;
        }
        continue;
      }
      yield* sh.err(`read: read error: ${fd}: ${strerror(r)}`);
      return 1;
    }
    if (r.length === 0) break;
    const b = r[0]!;
    if (String.fromCharCode(b) === delim && !(bytes.length && bytes[bytes.length - 1] === 92 && !raw)) {
      gotDelim = true;
      break;
    }
    if (b === 10 && !raw && bytes.length && bytes[bytes.length - 1] === 92) {
      bytes.pop();
      continue;
    }
    bytes.push(b);
  }
  line = decode(new Uint8Array(bytes));
  if (!raw) line = line.replace(/\\(.)/g, '$1').replace(/\\$/, '');
  const ifs = sh.getVar('IFS') ?? ' \t\n';
  const names = args.length ? args : arrName ? [] : ['REPLY'];
  if (arrName) {
    const ws = ifs.split('').filter((c) => ' \t\n'.includes(c)).join('');
    const fields = splitIfs(line, ifs, ws, Infinity);
    sh.vars.set(arrName, { arr: fields, exported: false, readonly: false });
  } else if (names.length === 1 && names[0] === 'REPLY' && !args.length) {
    sh.setVar('REPLY', line);
  } else {
    const ws = ifs.split('').filter((c) => ' \t\n'.includes(c)).join('');
    const fields = splitIfs(line, ifs, ws, names.length);
    for (let i = 0; i < names.length; i++) {
      if (!isName(names[i]!)) {
        yield* sh.err(`read: \`${names[i]}': not a valid identifier`);
        return 1;
      }
      sh.setVar(names[i]!, fields[i] ?? '');
    }
  }
  return gotDelim || (bytes.length > 0 && nchars !== undefined) ? 0 : 1;
  }
});

function splitIfs(line: string, ifs: string, ws: string, max: number): string[] {
  const out: string[] = [];
  let s = line.replace(new RegExp(`^[${escCls(ws)}]+`), '');
  while (s.length && out.length < max - 1) {
    let i = 0;
    while (i < s.length && !ifs.includes(s[i]!)) i++;
    out.push(s.slice(0, i));
    s = s.slice(i);
    // consume one delimiter (ws* nonws? ws*)
    s = s.replace(new RegExp(`^[${escCls(ws)}]*`), '');
    if (s.length && ifs.includes(s[0]!) && !ws.includes(s[0]!)) {
      s = s.slice(1).replace(new RegExp(`^[${escCls(ws)}]*`), '');
    }
  }
  if (s.length) out.push(max === Infinity ? s : s.replace(new RegExp(`[${escCls(ws)}]+$`), ''));
  return out;
}

function escCls(s: string): string {
  return s.replace(/[\]\\^-]/g, '\\$&') || '\\s\\S&&[^\\s\\S]';
}

def(['umask'], function* (sh, argv) {
  const args = argv.slice(1);
  const sym = args[0] === '-S';
  const arg = sym ? args[1] : args[0];
  if (arg === undefined) {
    const cur = yield* sh.sys.umask(0);
    yield* sh.sys.umask(cur);
    if (sym) {
      const p = (shift: number): string => {
        const bits = ~(cur >> shift) & 7;
        return (bits & 4 ? 'r' : '') + (bits & 2 ? 'w' : '') + (bits & 1 ? 'x' : '');
      };
      return yield* put(sh, 'umask', `u=${p(6)},g=${p(3)},o=${p(0)}\n`);
    }
    return yield* put(sh, 'umask', cur.toString(8).padStart(4, '0') + '\n');
  }
  if (!/^[0-7]+$/.test(arg)) {
    yield* sh.err(`umask: ${arg}: octal number out of range`);
    return 1;
  }
  yield* sh.sys.umask(parseInt(arg, 8) & 0o777);
  return 0;
});

const ULIMITS: [string, string, number, number][] = [
  // letter, description, resource, divisor (bytes per unit; 0 = count)
  ['R', 'real-time non-blocking time  (microseconds, -R)', RLIMIT_RTTIME, 1],
  ['c', 'core file size              (blocks, -c)', RLIMIT_CORE, 512],
  ['d', 'data seg size               (kbytes, -d)', RLIMIT_DATA, 1024],
  ['e', 'scheduling priority                 (-e)', RLIMIT_NICE, 1],
  ['f', 'file size                   (blocks, -f)', RLIMIT_FSIZE, 512],
  ['i', 'pending signals                     (-i)', RLIMIT_SIGPENDING, 1],
  ['l', 'max locked memory           (kbytes, -l)', RLIMIT_MEMLOCK, 1024],
  ['m', 'max memory size             (kbytes, -m)', RLIMIT_RSS, 1024],
  ['n', 'open files                          (-n)', RLIMIT_NOFILE, 1],
  ['p', 'pipe size                (512 bytes, -p)', -1, 1],
  ['q', 'POSIX message queues         (bytes, -q)', RLIMIT_MSGQUEUE, 1],
  ['r', 'real-time priority                  (-r)', RLIMIT_RTPRIO, 1],
  ['s', 'stack size                  (kbytes, -s)', RLIMIT_STACK, 1024],
  ['t', 'cpu time                   (seconds, -t)', RLIMIT_CPU, 1],
  ['u', 'max user processes                  (-u)', RLIMIT_NPROC, 1],
  ['v', 'virtual memory              (kbytes, -v)', RLIMIT_AS, 1024],
  ['x', 'file locks                          (-x)', RLIMIT_LOCKS, 1],
];

def(['ulimit'], function* (sh, argv) {
  let args = argv.slice(1);
  let which: string[] = [];
  let all = false;
  let soft = true;
  let hard = true;
  let setHardOnly = false;
  let value: string | undefined;
  while (args.length) {
    const a = args[0]!;
    if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (c === 'a') all = true;
        else if (c === 'S') {
          soft = true;
          hard = false;
        } else if (c === 'H') {
          hard = true;
          soft = false;
          setHardOnly = true;
        } else if (ULIMITS.some(([l]) => l === c)) which.push(c);
        else return yield* usage(sh, 'ulimit', '-' + c, 'ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]');
      }
      args = args.slice(1);
    } else {
      value = a;
      args = args.slice(1);
    }
  }
  if (which.length === 0 && !all) which = ['f'];
  const fmt = (lim: Rlimit, div: number, useHard: boolean): string => {
    const v = useHard ? lim.max : lim.cur;
    return v === Infinity ? 'unlimited' : String(Math.floor(v / div));
  };
  const getLim = function* (res: number): Gen<Rlimit> {
    if (res < 0) return { cur: 8, max: 8 };
    const r = yield* sh.sys.prlimit(0, res);
    return typeof r === 'number' ? { cur: Infinity, max: Infinity } : r;
  };
  if (all) {
    let out = '';
    for (const [, desc, res, div] of ULIMITS) out += `${desc} ${fmt(yield* getLim(res), div, setHardOnly)}\n`;
    return yield* put(sh, 'ulimit', out);
  }
  if (value === undefined) {
    let out = '';
    for (const w of which) {
      const [, desc, res, div] = ULIMITS.find(([l]) => l === w)!;
      const v = fmt(yield* getLim(res), div, setHardOnly);
      out += which.length > 1 ? `${desc} ${v}\n` : `${v}\n`;
    }
    return yield* put(sh, 'ulimit', out);
  }
  const w = which[which.length - 1]!;
  const [, , res, div] = ULIMITS.find(([l]) => l === w)!;
  const cur = yield* getLim(res);
  let n: number;
  if (value === 'unlimited') n = Infinity;
  else if (value === 'hard') n = cur.max;
  else if (value === 'soft') n = cur.cur;
  else if (/^[0-9]+$/.test(value)) n = Number(value) * div;
  else {
    yield* sh.err(`ulimit: ${value}: invalid number`);
    return 1;
  }
  if (res < 0) {
    yield* sh.err(`ulimit: pipe size: cannot modify limit: Invalid argument`);
    return 1;
  }
  const next: Rlimit = { cur: soft ? n : cur.cur, max: hard ? n : cur.max };
  if (soft && !hard && n > cur.max) next.cur = n;
  const r = yield* sh.sys.prlimit(0, res, next);
  if (typeof r === 'number' && r < 0) {
    const desc = ULIMITS.find(([l]) => l === w)![1].replace(/\s*\(.*$/, '');
    yield* sh.err(`ulimit: ${desc}: cannot modify limit: ${strerror(r)}`);
    return 1;
  }
  return 0;
});

def(['alias'], function* (sh, argv) {
  const args = argv.slice(1).filter((a) => a !== '-p');
  if (!args.length) {
    let out = '';
    for (const [k, v] of [...sh.aliases].sort()) out += `alias ${k}='${v.replace(/'/g, "'\\''")}'\n`;
    return yield* put(sh, 'alias', out);
  }
  let st = 0;
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq > 0) sh.own('aliases').set(a.slice(0, eq), a.slice(eq + 1));
    else if (sh.aliases.has(a)) yield* put(sh, 'alias', `alias ${a}='${sh.aliases.get(a)}'\n`);
    else {
      yield* sh.err(`alias: ${a}: not found`);
      st = 1;
    }
  }
  return st;
});

def(['unalias'], function* (sh, argv) {
  let st = 0;
  for (const a of argv.slice(1)) {
    if (a === '-a') sh.own('aliases').clear();
    else if (!sh.own('aliases').delete(a)) {
      yield* sh.err(`unalias: ${a}: not found`);
      st = 1;
    }
  }
  return st;
});

def(['history'], function* (sh, argv) {
  if (argv[1] === '-c') {
    sh.history.length = 0;
    return 0;
  }
  let list = sh.history.map((h, i) => ({ h, i }));
  if (argv[1] && /^[0-9]+$/.test(argv[1])) list = list.slice(-Number(argv[1]));
  return yield* put(sh, 'history', list.map(({ h, i }) => `${String(i + 1).padStart(5)}  ${h}\n`).join(''));
});

def(['getopts'], function* (sh, argv) {
  const spec = argv[1];
  const name = argv[2];
  if (spec === undefined || name === undefined) {
    yield* writeAll(sh.sys, 2, 'getopts: usage: getopts optstring name [arg ...]\n');
    return 2;
  }
  const args = argv.length > 3 ? argv.slice(3) : sh.positional;
  let optind = Number(sh.getVar('OPTIND') ?? '1') || 1;
  const silent = spec.startsWith(':');
  if (optind !== sh.getoptsState.optind) sh.getoptsState = { optind, sub: 0 };
  const arg = args[optind - 1];
  if (arg === undefined || !arg.startsWith('-') || arg === '-' || (arg === '--' && sh.getoptsState.sub === 0)) {
    if (arg === '--') optind++;
    sh.setVar('OPTIND', String(optind));
    sh.getoptsState = { optind, sub: 0 };
    sh.setVar(name, '?');
    return 1;
  }
  const sub = sh.getoptsState.sub || 1;
  const c = arg[sub]!;
  let nextSub = sub + 1;
  const advance = (): void => {
    if (nextSub >= arg.length) {
      optind++;
      nextSub = 0;
    }
  };
  const idx = spec.indexOf(c);
  sh.unsetVar('OPTARG');
  if (idx < 0 || c === ':') {
    advance();
    if (silent) sh.setVar('OPTARG', c);
    else yield* writeAll(sh.sys, 2, `${sh.name}: illegal option -- ${c}\n`);
    sh.setVar(name, '?');
  } else if (spec[idx + 1] === ':') {
    if (nextSub < arg.length) {
      sh.setVar('OPTARG', arg.slice(nextSub));
      optind++;
      nextSub = 0;
    } else {
      const val = args[optind];
      optind += 1;
      nextSub = 0;
      if (val === undefined) {
        optind = Math.min(optind, args.length + 1);
        if (silent) {
          sh.setVar('OPTARG', c);
          sh.setVar(name, ':');
        } else {
          yield* writeAll(sh.sys, 2, `${sh.name}: option requires an argument -- ${c}\n`);
          sh.setVar(name, '?');
        }
        sh.setVar('OPTIND', String(optind));
        sh.getoptsState = { optind, sub: 0 };
        return 0;
      }
      sh.setVar('OPTARG', val);
      optind++;
    }
    sh.setVar(name, c);
  } else {
    advance();
    sh.setVar(name, c);
  }
  sh.setVar('OPTIND', String(optind));
  sh.getoptsState = { optind, sub: nextSub };
  return 0;
});

def(['times'], function* (sh) {
  const t = yield* sh.sys.times();
  const f = (ticks: number): string => {
    const s = ticks / 100;
    return `${Math.floor(s / 60)}m${(s % 60).toFixed(3)}s`;
  };
  return yield* put(sh, 'times', `${f(t.utime)} ${f(t.stime)}\n${f(t.cutime)} ${f(t.cstime)}\n`);
}, true);

def(['exec'], function* () {
  return 0; // handled by the executor (needs the redirections)
}, true);

def(['hash'], function* (sh, argv) {
  if (argv.length === 1) {
    yield* sh.err('hash: hash table empty');
    return 0;
  }
  for (const n of argv.slice(1)) {
    if (n === '-r') continue;
    const c = yield* sh.findCommand(n);
    if (!c.path) {
      yield* sh.err(`hash: ${n}: not found`);
      return 1;
    }
  }
  return 0;
});

// `help` with no arguments: bash 5.2's list, verbatim.
const HELP_TEXT = "GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)\nThese shell commands are defined internally.  Type `help' to see this list.\nType `help name' to find out more about the function `name'.\nUse `info bash' to find out more about the shell in general.\nUse `man -k' or `info' to find out more about commands not in this list.\n\nA star (*) next to a name means that the command is disabled.\n\n job_spec [&]                            history [-c] [-d offset] [n] or hist>\n (( expression ))                        if COMMANDS; then COMMANDS; [ elif C>\n . filename [arguments]                  jobs [-lnprs] [jobspec ...] or jobs >\n :                                       kill [-s sigspec | -n signum | -sigs>\n [ arg... ]                              let arg [arg ...]\n [[ expression ]]                        local [option] name[=value] ...\n alias [-p] [name[=value] ... ]          logout [n]\n bg [job_spec ...]                       mapfile [-d delim] [-n count] [-O or>\n bind [-lpsvPSVX] [-m keymap] [-f file>  popd [-n] [+N | -N]\n break [n]                               printf [-v var] format [arguments]\n builtin [shell-builtin [arg ...]]       pushd [-n] [+N | -N | dir]\n caller [expr]                           pwd [-LP]\n case WORD in [PATTERN [| PATTERN]...)>  read [-ers] [-a array] [-d delim] [->\n cd [-L|[-P [-e]] [-@]] [dir]            readarray [-d delim] [-n count] [-O >\n command [-pVv] command [arg ...]        readonly [-aAf] [name[=value] ...] o>\n compgen [-abcdefgjksuv] [-o option] [>  return [n]\n complete [-abcdefgjksuv] [-pr] [-DEI]>  select NAME [in WORDS ... ;] do COMM>\n compopt [-o|+o option] [-DEI] [name .>  set [-abefhkmnptuvxBCEHPT] [-o optio>\n continue [n]                            shift [n]\n coproc [NAME] command [redirections]    shopt [-pqsu] [-o] [optname ...]\n declare [-aAfFgiIlnrtux] [name[=value>  source filename [arguments]\n dirs [-clpv] [+N] [-N]                  suspend [-f]\n disown [-h] [-ar] [jobspec ... | pid >  test [expr]\n echo [-neE] [arg ...]                   time [-p] pipeline\n enable [-a] [-dnps] [-f filename] [na>  times\n eval [arg ...]                          trap [-lp] [[arg] signal_spec ...]\n exec [-cl] [-a name] [command [argume>  true\n exit [n]                                type [-afptP] name [name ...]\n export [-fn] [name[=value] ...] or ex>  typeset [-aAfFgiIlnrtux] name[=value>\n false                                   ulimit [-SHabcdefiklmnpqrstuvxPRT] [>\n fc [-e ename] [-lnr] [first] [last] o>  umask [-p] [-S] [mode]\n fg [job_spec]                           unalias [-a] name [name ...]\n for NAME [in WORDS ... ] ; do COMMAND>  unset [-f] [-v] [-n] [name ...]\n for (( exp1; exp2; exp3 )); do COMMAN>  until COMMANDS; do COMMANDS-2; done\n function name { COMMANDS ; } or name >  variables - Names and meanings of so>\n getopts optstring name [arg ...]        wait [-fn] [-p var] [id ...]\n hash [-lr] [-p pathname] [-dt] [name >  while COMMANDS; do COMMANDS-2; done\n help [-dms] [pattern ...]               { COMMANDS ; }\n";

/** help [-dms] [pattern ...]: bash's help_builtin (exact or glob match first, then prefix match). */
def(['help'], function* (sh, argv) {
  const args = argv.slice(1);
  let d = false;
  let m = false;
  let sflag = false;
  while (args[0] && /^-./.test(args[0])) {
    const a = args.shift()!;
    if (a === '--') break;
    for (const c of a.slice(1)) {
      if (c === 'd') d = true;
      else if (c === 'm') m = true;
      else if (c === 's') sflag = true;
      else return yield* usage(sh, 'help', '-' + c, 'help [-dms] [pattern ...]');
    }
  }
  if (args.length === 0) return yield* put(sh, 'help', HELP_TEXT);
  const isGlob = (p: string): boolean => /[*?[]/.test(p);
  let out = '';
  if (isGlob(args[0]!)) {
    out += `Shell commands matching keyword${args.length > 1 ? 's' : ''} \`${args.join(', ')}'\n\n`;
  }
  let found = 0;
  for (const pat of args) {
    for (let pass = 1; pass <= 2; pass++) {
      let thisFound = false;
      for (const [name, desc, text] of HELP_TOPICS) {
        const hit = pass === 1 ? name === pat || (isGlob(pat) && matchPattern(pat, name)) : name.startsWith(pat);
        if (!hit) continue;
        thisFound = true;
        found++;
        const lines = text.replace(/\n$/, '').split('\n');
        if (d) out += `${name} - ${desc}\n`;
        else if (m) {
          out += `NAME\n    ${name} - ${desc}\n\nSYNOPSIS\n    ${lines[0]!.slice(name.length + 2)}\n\nDESCRIPTION\n`;
          out += lines.slice(1).join('\n') + '\n\nSEE ALSO\n    bash(1)\n\nIMPLEMENTATION\n';
          out += '    GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)\n';
          out += '    Copyright (C) 2022 Free Software Foundation, Inc.\n';
          out += '    License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n\n';
        } else out += sflag ? lines[0] + '\n' : text;
      }
      if (pass === 1 && thisFound) break;
    }
  }
  if (found === 0) {
    const p = args[args.length - 1]!;
    yield* sh.err(`help: no help topics match \`${p}'.  Try \`help help' or \`man -k ${p}' or \`info ${p}'.`);
    return 1;
  }
  return yield* put(sh, 'help', out);
});

def(['dirs'], function* (sh) {
  const home = sh.getVar('HOME');
  const pwd = sh.getVar('PWD') ?? '/';
  const t = (p: string): string => (home && (p === home || p.startsWith(home + '/')) ? '~' + p.slice(home.length) : p);
  return yield* put(sh, 'dirs', [pwd, ...sh.dirStack].map(t).join(' ') + '\n');
});

def(['disown'], function* (sh, argv) {
  const j = sh.jobs.find(argv[1] ?? '%+');
  if (!j || j === 'ambiguous') {
    yield* sh.err(`disown: ${argv[1] ?? 'current'}: no such job`);
    return 1;
  }
  sh.jobs.remove(j);
  return 0;
});

def(['suspend'], function* (sh) {
  yield* sh.err('suspend: cannot suspend a login shell');
  return 1;
});

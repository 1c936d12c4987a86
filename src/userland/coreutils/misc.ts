// sleep, true, false, yes, env, id, whoami, uname, pwd, xargs.
import type { Sys, SysCall, Program } from '../../kernel/syscall';
import {
  CLOCK_MONOTONIC, EINTR, ENOENT, strerror,
  WIFEXITED, WEXITSTATUS, WIFSIGNALED, WTERMSIG,
} from '../../kernel/syscall';
import { writeAll, readAllBytes } from '../lib/io';
import { decode } from '../lib/text';
import { loadIdDb } from '../lib/passwd';
import { execvp } from '../lib/execvp';
import { makeCtx, parseArgs, q, fail, usageError, printHelp, printVersion, getenv, type Ctx } from './common';

// ---------------------------------------------------------------- sleep
/** Parse one sleep operand ("1.5", "2m", "0.1h", "inf") into seconds; undefined if invalid. */
export function parseInterval(s: string): number | undefined {
  const m = /^([+]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+]?inf(?:inity)?|0[xX][0-9a-fA-F]+(?:\.[0-9a-fA-F]*)?)([smhd]?)$/i.exec(s);
  if (!m) return undefined;
  const v = /inf/i.test(m[1]!) ? Infinity : /^0x/i.test(m[1]!) ? parseInt(m[1]!, 16) : Number(m[1]);
  if (Number.isNaN(v)) return undefined;
  const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!.toLowerCase() as '' | 's' | 'm' | 'h' | 'd'];
  return v * mult;
}

export function* sleep(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'sleep');
  // sleep accepts no options besides --help/--version; "-1" is an invalid interval, "-x" an option
  const p = yield* parseArgs(ctx, argv.slice(1), '', [], 1);
  if (typeof p === 'number') return p;
  const ops = p.operands;
  if (ops.length === 0) {
    yield* usageError(ctx, 'missing operand');
    return 1;
  }
  let total = 0;
  let bad = false;
  for (const a of ops) {
    const v = parseInterval(a);
    if (v === undefined) {
      yield* fail(ctx, `invalid time interval ${q(ctx, a)}`);
      bad = true;
    } else total += v;
  }
  if (bad) {
    yield* usageError(ctx);
    return 1;
  }
  const ns = Math.min(total * 1e9, Number.MAX_SAFE_INTEGER);
  const t0 = yield* sys.clock_gettime(CLOCK_MONOTONIC);
  const start = typeof t0 === 'number' ? 0 : t0[0] * 1e9 + t0[1];
  let left = ns;
  while (left > 0) {
    const r = yield* sys.nanosleep(left);
    if (r !== -EINTR) break;
    const t = yield* sys.clock_gettime(CLOCK_MONOTONIC);
    if (typeof t === 'number') break;
    left = start + ns - (t[0] * 1e9 + t[1]);
  }
  return 0;
}

// ---------------------------------------------------------------- true / false
function trueFalse(name: string, status: number) {
  return function* (sys: Sys, argv: string[], envp: string[]): Program {
    if (argv.length === 2) {
      const ctx = makeCtx(sys, argv, envp, name);
      if (argv[1] === '--help') {
        yield* printHelp(ctx);
        return status;
      }
      if (argv[1] === '--version') {
        yield* printVersion(ctx);
        return status;
      }
    }
    return status;
  };
}
export const trueProg = trueFalse('true', 0);
export const falseProg = trueFalse('false', 1);

// ---------------------------------------------------------------- yes
export function* yes(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'yes');
  const p = yield* parseArgs(ctx, argv.slice(1), '', [], 1, true);
  if (typeof p === 'number') return p;
  const line = (p.operands.length ? p.operands.join(' ') : 'y') + '\n';
  let buf = line;
  while (buf.length + line.length <= 8192) buf += line;
  for (;;) {
    const r = yield* writeAll(sys, 1, buf);
    if (r < 0) {
      yield* fail(ctx, `standard output: ${strerror(-r)}`);
      return 1;
    }
  }
}

// ---------------------------------------------------------------- env
export function* env(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'env');
  const p = yield* parseArgs(ctx, argv.slice(1), '+iu:0C:v', [
    { name: 'ignore-environment', arg: 'none', key: 'i' },
    { name: 'unset', arg: 'required', key: 'u' },
    { name: 'null', arg: 'none', key: '0' },
    { name: 'chdir', arg: 'required', key: 'C' },
    { name: 'debug', arg: 'none', key: 'v' },
  ], 125, true);
  if (typeof p === 'number') return p;
  let vars = envp.slice();
  let nul = false;
  let dir: string | undefined;
  const ops = p.operands.slice();
  // a lone "-" means -i
  if (ops[0] === '-') {
    vars = [];
    ops.shift();
  }
  for (const [k, v] of p.opts) {
    if (k === 'i') vars = [];
    else if (k === 'u') {
      if (v === '' || v!.includes('=')) {
        yield* fail(ctx, `cannot unset ${q(ctx, v!)}: Invalid argument`);
        return 125;
      }
      vars = vars.filter((e) => !e.startsWith(v + '='));
    } else if (k === '0') nul = true;
    else if (k === 'C') dir = v;
  }
  while (ops.length && ops[0]!.includes('=') && !ops[0]!.startsWith('=')) {
    const a = ops.shift()!;
    const name = a.slice(0, a.indexOf('='));
    vars = vars.filter((e) => !e.startsWith(name + '='));
    vars.push(a);
  }
  if (ops.length === 0) {
    if (dir !== undefined) {
      yield* usageError(ctx, 'must specify command with --chdir (-C)');
      return 125;
    }
    const text = vars.map((e) => e + (nul ? '\0' : '\n')).join('');
    if (text) yield* writeAll(sys, 1, text);
    return 0;
  }
  if (nul) {
    yield* usageError(ctx, 'cannot specify --null (-0) with command');
    return 125;
  }
  if (dir !== undefined) {
    const r = yield* sys.chdir(dir);
    if (r < 0) {
      yield* fail(ctx, `cannot change directory to ${q(ctx, dir)}: ${strerror(-r)}`);
      return 125;
    }
  }
  const r = yield* execvp(sys, ops[0]!, ops, vars);
  yield* fail(ctx, `${q(ctx, ops[0]!)}: ${strerror(-r)}`);
  return r === -ENOENT ? 127 : 126;
}

// ---------------------------------------------------------------- id
export function* id(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'id');
  const p = yield* parseArgs(ctx, argv.slice(1), 'agGnruzZ', [
    { name: 'group', arg: 'none', key: 'g' },
    { name: 'groups', arg: 'none', key: 'G' },
    { name: 'name', arg: 'none', key: 'n' },
    { name: 'real', arg: 'none', key: 'r' },
    { name: 'user', arg: 'none', key: 'u' },
    { name: 'zero', arg: 'none', key: 'z' },
    { name: 'context', arg: 'none', key: 'Z' },
  ]);
  if (typeof p === 'number') return p;
  const f = new Set(p.opts.map(([k]) => k));
  const only = ['u', 'g', 'G'].filter((k) => f.has(k)).length;
  if (only > 1) {
    yield* fail(ctx, 'cannot print "only" of more than one choice');
    return 1;
  }
  if (f.has('Z')) {
    yield* fail(ctx, '--context (-Z) works only on an SELinux-enabled kernel');
    return 1;
  }
  if (only === 0 && (f.has('n') || f.has('r'))) {
    yield* fail(ctx, 'cannot print only names or real IDs in default format');
    return 1;
  }
  if (only === 0 && f.has('z')) {
    yield* fail(ctx, 'option --zero not permitted in default format');
    return 1;
  }
  const db = yield* loadIdDb(sys);
  const users = p.operands.length ? p.operands : [undefined];
  let status = 0;
  let text = '';
  for (const u of users) {
    let ruid: number, euid: number, rgid: number, egid: number, groups: number[];
    if (u === undefined) {
      ruid = yield* sys.getuid();
      euid = yield* sys.geteuid();
      rgid = yield* sys.getgid();
      egid = yield* sys.getegid();
      const sup = yield* sys.getgroups();
      groups = [egid, ...sup.filter((g) => g !== egid)];
      if (rgid !== egid && !groups.includes(rgid)) groups.splice(1, 0, rgid);
    } else {
      const pw = /^\+?\d+$/.test(u) ? (db.userByName(u) ?? db.userByUid(Number(u))) : db.userByName(u);
      if (!pw) {
        yield* fail(ctx, `${q(ctx, u)}: no such user`);
        status = 1;
        continue;
      }
      ruid = euid = pw.uid;
      rgid = egid = pw.gid;
      groups = db.groupList(pw.name, pw.gid);
    }
    const un = (x: number): string => db.userByUid(x)?.name ?? String(x);
    const gn = (x: number): string => db.groupByGid(x)?.name ?? String(x);
    const end = f.has('z') ? '\0' : '\n';
    if (f.has('u')) {
      const x = f.has('r') ? ruid : euid;
      text += (f.has('n') ? un(x) : String(x)) + end;
    } else if (f.has('g')) {
      const x = f.has('r') ? rgid : egid;
      text += (f.has('n') ? gn(x) : String(x)) + end;
    } else if (f.has('G')) {
      text += groups.map((g) => (f.has('n') ? gn(g) : String(g))).join(f.has('z') ? '\0' : ' ') + end;
    } else {
      const nm = (x: number, fn: (x: number) => string): string => (fn(x) !== String(x) ? `${x}(${fn(x)})` : String(x));
      let s = `uid=${nm(ruid, un)} gid=${nm(rgid, gn)}`;
      if (euid !== ruid) s += ` euid=${nm(euid, un)}`;
      if (egid !== rgid) s += ` egid=${nm(egid, gn)}`;
      s += ` groups=${groups.map((g) => nm(g, gn)).join(',')}`;
      text += s + '\n';
    }
  }
  if (text) yield* writeAll(sys, 1, text);
  return status;
}

// ---------------------------------------------------------------- whoami
export function* whoami(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'whoami');
  const p = yield* parseArgs(ctx, argv.slice(1), '', []);
  if (typeof p === 'number') return p;
  if (p.operands.length) {
    yield* usageError(ctx, `extra operand ${q(ctx, p.operands[0]!)}`);
    return 1;
  }
  const uid = yield* sys.geteuid();
  const db = yield* loadIdDb(sys);
  const u = db.userByUid(uid);
  if (!u) {
    yield* fail(ctx, `cannot find name for user ID ${uid}`);
    return 1;
  }
  yield* writeAll(sys, 1, u.name + '\n');
  return 0;
}

// ---------------------------------------------------------------- uname
export function* uname(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'uname');
  const p = yield* parseArgs(ctx, argv.slice(1), 'asnrvmpio', [
    { name: 'all', arg: 'none', key: 'a' },
    { name: 'kernel-name', arg: 'none', key: 's' },
    { name: 'nodename', arg: 'none', key: 'n' },
    { name: 'kernel-release', arg: 'none', key: 'r' },
    { name: 'kernel-version', arg: 'none', key: 'v' },
    { name: 'machine', arg: 'none', key: 'm' },
    { name: 'processor', arg: 'none', key: 'p' },
    { name: 'hardware-platform', arg: 'none', key: 'i' },
    { name: 'operating-system', arg: 'none', key: 'o' },
  ]);
  if (typeof p === 'number') return p;
  if (p.operands.length) {
    yield* usageError(ctx, `extra operand ${q(ctx, p.operands[0]!)}`);
    return 1;
  }
  const f = new Set(p.opts.map(([k]) => k));
  const all = f.has('a');
  if (f.size === 0) f.add('s');
  const u = yield* sys.uname();
  const parts: string[] = [];
  if (all || f.has('s')) parts.push(u.sysname);
  if (all || f.has('n')) parts.push(u.nodename);
  if (all || f.has('r')) parts.push(u.release);
  if (all || f.has('v')) parts.push(u.version);
  if (all || f.has('m')) parts.push(u.machine);
  if (!all && f.has('p')) parts.push('unknown');
  if (!all && f.has('i')) parts.push('unknown');
  if (all || f.has('o')) parts.push('GNU/Linux');
  yield* writeAll(sys, 1, parts.join(' ') + '\n');
  return 0;
}

// ---------------------------------------------------------------- pwd
export function* pwd(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'pwd');
  const p = yield* parseArgs(ctx, argv.slice(1), 'LP', [
    { name: 'logical', arg: 'none', key: 'L' },
    { name: 'physical', arg: 'none', key: 'P' },
  ]);
  if (typeof p === 'number') return p;
  let logical = getenv(envp, 'POSIXLY_CORRECT') !== undefined;
  for (const [k] of p.opts) logical = k === 'L';
  if (p.operands.length) yield* fail(ctx, 'ignoring non-option arguments');
  if (logical) {
    const w = getenv(envp, 'PWD');
    if (w && w.startsWith('/') && !/(^|\/)\.\.?(\/|$)/.test(w)) {
      const a = yield* sys.stat(w);
      const b = yield* sys.stat('.');
      if (typeof a !== 'number' && typeof b !== 'number' && a.ino === b.ino && a.dev === b.dev) {
        yield* writeAll(sys, 1, w + '\n');
        return 0;
      }
    }
  }
  const cwd = yield* sys.getcwd();
  if (typeof cwd === 'number') {
    yield* fail(ctx, `couldn't find directory entry in ${q(ctx, '..')} with matching i-node`);
    return 1;
  }
  yield* writeAll(sys, 1, cwd + '\n');
  return 0;
}

// ---------------------------------------------------------------- xargs
/** Split xargs input into items with its quoting rules. Returns items or an error message. */
export function xargsItems(text: string): string[] | string {
  const items: string[] = [];
  let cur = '';
  let have = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (have) items.push(cur);
      cur = '';
      have = false;
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (end < 0 || (nl >= 0 && nl < end))
        return `unmatched ${c === '"' ? 'double' : 'single'} quote; by default quotes are special to xargs unless you use the -0 option`;
      cur += text.slice(i + 1, end);
      have = true;
      i = end + 1;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      cur += text[i + 1];
      have = true;
      i += 2;
      continue;
    }
    cur += c;
    have = true;
    i++;
  }
  if (have) items.push(cur);
  return items;
}

export function* xargs(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'xargs');
  const p = yield* parseArgs(ctx, argv.slice(1), '+0d:E:I:i::L:l::n:P:prs:tx', [
    { name: 'null', arg: 'none', key: '0' },
    { name: 'delimiter', arg: 'required', key: 'd' },
    { name: 'eof', arg: 'optional', key: 'e' },
    { name: 'replace', arg: 'optional', key: 'i' },
    { name: 'max-lines', arg: 'optional', key: 'l' },
    { name: 'max-args', arg: 'required', key: 'n' },
    { name: 'max-procs', arg: 'required', key: 'P' },
    { name: 'interactive', arg: 'none', key: 'p' },
    { name: 'no-run-if-empty', arg: 'none', key: 'r' },
    { name: 'max-chars', arg: 'required', key: 's' },
    { name: 'verbose', arg: 'none', key: 't' },
    { name: 'exit', arg: 'none', key: 'x' },
  ], 1, true);
  if (typeof p === 'number') return p;
  let nul = false;
  let delim: string | undefined;
  let replace: string | undefined;
  let maxArgs = Infinity;
  let maxLines = 0;
  let noEmpty = false;
  let trace = false;
  let eof: string | undefined;
  for (const [k, v] of p.opts) {
    if (k === '0') nul = true;
    else if (k === 'd') delim = v!.length === 1 ? v : v === '\\n' ? '\n' : v === '\\t' ? '\t' : v![0];
    else if (k === 'I' || k === 'i') {
      replace = v ?? '{}';
      maxLines = 1;
    } else if (k === 'L' || k === 'l') {
      maxLines = v === undefined ? 1 : Number(v);
      replace = undefined;
    } else if (k === 'n') {
      const n = Number(v);
      if (!/^\d+$/.test(v!) || n < 1) {
        yield* fail(ctx, `value ${v} for -n option should be >= 1`);
        return 1;
      }
      maxArgs = n;
    } else if (k === 'r') noEmpty = true;
    else if (k === 't') trace = true;
    else if (k === 'E' || k === 'e') eof = v;
  }
  const cmd = p.operands.length ? p.operands : ['echo'];
  const input = yield* readAllBytes(sys, 0);
  if (typeof input === 'number') {
    yield* fail(ctx, `read error: ${strerror(-input)}`);
    return 1;
  }
  const text = decode(input);
  // collect units: items, or lines (for -L / -I)
  let groups: string[][];
  let quoteErr: string | undefined;
  if (nul || delim !== undefined) {
    const d = nul ? '\0' : delim!;
    const items = text.split(d);
    if (items[items.length - 1] === '') items.pop();
    groups = chunk(items, replace !== undefined ? 1 : maxLines > 0 ? maxLines : maxArgs);
  } else if (replace !== undefined || maxLines > 0) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const perLine: string[][] = [];
    for (const l of lines) {
      if (replace !== undefined) {
        const t = l.replace(/^[ \t]+/, '');
        if (t === '') continue;
        const r = xargsItems(t);
        if (typeof r === 'string') {
          quoteErr = r;
          break;
        }
        perLine.push([r.join(' ')]);
      } else {
        const r = xargsItems(l);
        if (typeof r === 'string') {
          quoteErr = r;
          break;
        }
        if (r.length) perLine.push(r);
      }
    }
    groups = [];
    const n = replace !== undefined ? 1 : maxLines;
    for (let i = 0; i < perLine.length; i += n) groups.push(perLine.slice(i, i + n).flat());
  } else {
    const r = xargsItems(text);
    let items: string[];
    if (typeof r === 'string') {
      quoteErr = r;
      // items before the bad quote still run
      const cut = xargsItems(text.slice(0, Math.max(text.lastIndexOf('\n', text.search(/["']/)), 0)));
      items = typeof cut === 'string' ? [] : cut;
    } else items = r;
    if (eof !== undefined && eof !== '') {
      const k = items.indexOf(eof);
      if (k >= 0) items = items.slice(0, k);
    }
    groups = chunk(items, maxArgs);
  }
  if (groups.length === 0 && !noEmpty && replace === undefined && !quoteErr) groups = [[]];
  let status = 0;
  for (const g of groups) {
    const args = replace !== undefined ? cmd.map((a) => a.split(replace!).join(g[0] ?? '')) : [...cmd, ...g];
    if (trace) yield* writeAll(sys, 2, args.join(' ') + '\n');
    const r = yield* runCmd(ctx, args);
    if (r.fatal !== undefined) return r.fatal;
    if (r.status !== 0) status = 123;
  }
  if (quoteErr) {
    yield* fail(ctx, quoteErr);
    return 1;
  }
  return status;
}

function chunk(items: string[], n: number): string[][] {
  const out: string[][] = [];
  if (!Number.isFinite(n)) return items.length ? [items] : [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

function* runCmd(ctx: Ctx, args: string[]): SysCall<{ status: number; fatal?: number }> {
  const sys = ctx.sys;
  const envp = ctx.envp;
  const prog = ctx.prog;
  const pid = yield* sys.fork(function* (): Program {
    const r = yield* execvp(sys, args[0]!, args, envp);
    yield* writeAll(sys, 2, `${prog}: ${args[0]}: ${strerror(-r)}\n`);
    return r === -ENOENT ? 127 : 126;
  });
  if (pid < 0) {
    yield* fail(ctx, `cannot fork: ${strerror(-pid)}`);
    return { status: 1, fatal: 126 };
  }
  for (;;) {
    const w = yield* sys.wait4(pid, 0);
    if (w === -EINTR) continue;
    if (typeof w === 'number') return { status: 1 };
    const s = w.status;
    if (WIFEXITED(s)) {
      const code = WEXITSTATUS(s);
      if (code === 255) {
        yield* fail(ctx, `${args[0]}: exited with status 255; aborting`);
        return { status: code, fatal: 124 };
      }
      if (code === 126 || code === 127) return { status: code, fatal: code };
      return { status: code };
    }
    if (WIFSIGNALED(s)) {
      const sig = WTERMSIG(s);
      if (sig === 13) return { status: 1, fatal: 125 }; // SIGPIPE: quietly
      yield* fail(ctx, `${args[0]}: terminated by signal ${sig}`);
      return { status: 1, fatal: 125 };
    }
  }
}


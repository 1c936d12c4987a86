// chmod, chown, chgrp, truncate and chroot (coreutils 9.1): file attributes and the root
// directory. Messages, verbose lines and exit statuses follow chmod.c, chown-core.c, chgrp.c,
// truncate.c and chroot.c; user/group specs are parsed like gnulib's parse_user_spec.
import type { Sys, SysCall, Program, Stat } from '../../kernel/syscall';
import {
  O_WRONLY, O_CREAT, O_NONBLOCK, S_IFMT, S_IFDIR, S_IFLNK, S_IFREG, ENOENT, EOPNOTSUPP, EOVERFLOW,
  strerror,
} from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { quoteAlways as qa, quoteShellEscape, modeString } from '../lib/format';
import { loadIdDb, type IdDb } from '../lib/passwd';
import { execvp } from '../lib/execvp';
import { makeCtx, parseArgs, q, fail, usageError, getenv, type Ctx } from './common';
import { compileMode, type ModeChange } from './mode';
import { ftsWalk, type FtsEnt } from './fts';

const isDir = (st: Stat): boolean => (st.mode & S_IFMT) === S_IFDIR;
const isLnk = (st: Stat): boolean => (st.mode & S_IFMT) === S_IFLNK;
const CHMOD_MODE_BITS = 0o7777;

/** quotef(): shell-escape quoting that also quotes ':' (error() prefixes a file name with it). */
function quotef(s: string): string {
  return s.includes(':') ? qa(s) : quoteShellEscape(s);
}

function* errno(ctx: Ctx, msg: string, e: number): SysCall<void> {
  yield* writeAll(ctx.sys, 2, `${ctx.prog}: ${msg}: ${strerror(e)}\n`);
}

/** The dev/ino of "/" for --preserve-root, or undefined. */
function* rootDevIno(sys: Sys): SysCall<Stat | undefined> {
  const st = yield* sys.stat('/');
  return typeof st === 'number' ? undefined : st;
}

function* rootWarn(ctx: Ctx, file: string): SysCall<void> {
  if (file === '/') yield* fail(ctx, `it is dangerous to operate recursively on ${qa('/')}`);
  else yield* fail(ctx, `it is dangerous to operate recursively on ${qa(file)} (same as ${qa('/')})`);
  yield* fail(ctx, 'use --no-preserve-root to override this failsafe');
}

const isRoot = (root: Stat | undefined, st: Stat | undefined): boolean =>
  !!root && !!st && root.dev === st.dev && root.ino === st.ino;

// ---------------------------------------------------------------------------------------- chmod
export function* chmod(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'chmod');
  const args = argv.slice(1);
  const p = yield* parseArgs(ctx, args, 'Rcfvr::w::x::X::s::t::u::g::o::a::,::+::=::0::1::2::3::4::5::6::7::', [
    { name: 'changes', arg: 'none', key: 'c' },
    { name: 'recursive', arg: 'none', key: 'R' },
    { name: 'no-preserve-root', arg: 'none', key: 'no-preserve-root' },
    { name: 'preserve-root', arg: 'none', key: 'preserve-root' },
    { name: 'quiet', arg: 'none', key: 'f' },
    { name: 'reference', arg: 'required', key: 'reference' },
    { name: 'silent', arg: 'none', key: 'f' },
    { name: 'verbose', arg: 'none', key: 'v' },
  ]);
  if (typeof p === 'number') return p;
  let mode: string | undefined;
  let reference: string | undefined;
  let recurse = false;
  let silent = false;
  let preserveRoot = false;
  let verbosity: 'off' | 'changes' | 'high' = 'off';
  let diagnoseSurprises = false;
  for (let i = 0; i < p.opts.length; i++) {
    const [k] = p.opts[i]!;
    if (k === 'R') recurse = true;
    else if (k === 'c') verbosity = 'changes';
    else if (k === 'v') verbosity = 'high';
    else if (k === 'f') silent = true;
    else if (k === 'reference') reference = p.opts[i]![1];
    else if (k === 'preserve-root') preserveRoot = true;
    else if (k === 'no-preserve-root') preserveRoot = false;
    else {
      // "chmod -w FILE": the whole argument holding the option is a mode (several are joined by ',')
      const arg = args[p.optind[i]! - 1]!;
      mode = mode === undefined ? arg : `${mode},${arg}`;
      diagnoseSurprises = true;
    }
  }
  const ops = p.operands.slice();
  if (reference !== undefined) {
    if (mode !== undefined) {
      yield* usageError(ctx, 'cannot combine mode and --reference options');
      return 1;
    }
  } else if (mode === undefined) mode = ops.shift();
  if (ops.length === 0) {
    if (mode === undefined || p.operands.length === 0 || mode !== p.operands[0]) yield* usageError(ctx, 'missing operand');
    else yield* usageError(ctx, `missing operand after ${q(ctx, mode)}`);
    return 1;
  }
  let change: ModeChange;
  let umask = 0;
  if (reference !== undefined) {
    const st = yield* sys.stat(reference);
    if (typeof st === 'number') {
      yield* errno(ctx, `failed to get attributes of ${qa(reference)}`, -st);
      return 1;
    }
    change = compileMode((st.mode & CHMOD_MODE_BITS).toString(8).padStart(5, '0'))!;
  } else {
    const c = compileMode(mode!);
    if (!c) {
      yield* usageError(ctx, `invalid mode: ${q(ctx, mode!)}`);
      return 1;
    }
    change = c;
    umask = yield* sys.umask(0);
  }
  const root = recurse && preserveRoot ? yield* rootDevIno(sys) : undefined;
  let out = '';
  const flushOut = function* (): SysCall<void> {
    if (out) yield* writeAll(sys, 1, out);
    out = '';
  };
  const visit = function* (e: FtsEnt): SysCall<{ ok: boolean; skip?: boolean }> {
    if (e.info === 'DP') return { ok: true };
    let status: 'nostat' | 'notapplied' | 'succeeded' | 'failed' | 'nochange' = 'nostat';
    if (e.info === 'NS') {
      yield* flushOut();
      if (!silent) yield* errno(ctx, `cannot access ${qa(e.path)}`, e.errno);
    } else if (e.info === 'DNR') {
      yield* flushOut();
      if (!silent) yield* errno(ctx, `cannot read directory ${qa(e.path)}`, e.errno);
      return { ok: false };
    } else if (e.info === 'SLNONE') {
      yield* flushOut();
      if (!silent) yield* fail(ctx, `cannot operate on dangling symlink ${qa(e.path)}`);
    } else status = 'notapplied';
    if (status === 'notapplied' && isRoot(root, e.st)) {
      yield* flushOut();
      yield* rootWarn(ctx, e.path);
      return { ok: false, skip: true };
    }
    const st = e.st;
    let oldMode = 0;
    let newMode = 0;
    if (status === 'notapplied' && st && !isLnk(st)) {
      oldMode = st.mode;
      newMode = change.apply(oldMode, isDir(st), umask) | (oldMode & S_IFMT);
      const r = yield* sys.chmod(e.path, newMode & CHMOD_MODE_BITS);
      if (r === 0) status = 'succeeded';
      else if (r !== -EOPNOTSUPP) {
        yield* flushOut();
        if (!silent) yield* errno(ctx, `changing permissions of ${qa(e.path)}`, -r);
        status = 'failed';
      }
    }
    if (verbosity !== 'off') {
      if (status === 'succeeded') {
        let actual = newMode;
        if (newMode & 0o7000) {
          const ns = yield* sys.stat(e.path);
          if (typeof ns !== 'number') actual = ns.mode;
        }
        if (((oldMode ^ actual) & CHMOD_MODE_BITS) === 0) status = 'nochange';
      }
      if (status === 'succeeded' || verbosity === 'high') out += describeMode(e.path, status, oldMode, newMode);
    }
    if ((status === 'succeeded' || status === 'nochange') && diagnoseSurprises) {
      const naive = change.apply(oldMode, isDir(st!), 0);
      if (newMode & CHMOD_MODE_BITS & ~naive) {
        yield* flushOut();
        yield* fail(ctx, `${quotef(e.path)}: new permissions are ${modeString(newMode).slice(1)}, not ${modeString(naive | S_IFREG).slice(1)}`);
        return { ok: false, skip: !recurse };
      }
    }
    return { ok: status === 'notapplied' || status === 'succeeded' || status === 'nochange', skip: !recurse };
  };
  let ok = true;
  for (const f of ops) if (!(yield* ftsWalk(ctx, f, { comfollow: true, logical: false, recurse }, visit))) ok = false;
  yield* flushOut();
  return ok ? 0 : 1;
}

function describeMode(file: string, status: string, oldMode: number, newMode: number): string {
  const f = qa(file);
  if (status === 'notapplied') return `neither symbolic link ${f} nor referent has been changed\n`;
  if (status === 'nostat') return `${f} could not be accessed\n`;
  const o = (oldMode & CHMOD_MODE_BITS).toString(8).padStart(4, '0');
  const n = (newMode & CHMOD_MODE_BITS).toString(8).padStart(4, '0');
  const op = modeString(oldMode).slice(1);
  const np = modeString(newMode).slice(1);
  if (status === 'succeeded') return `mode of ${f} changed from ${o} (${op}) to ${n} (${np})\n`;
  if (status === 'failed') return `failed to change mode of ${f} from ${o} (${op}) to ${n} (${np})\n`;
  return `mode of ${f} retained as ${n} (${np})\n`;
}

// ------------------------------------------------------------------------------ chown / chgrp
interface UserSpec {
  uid: number;
  gid: number;
  user: string | undefined;
  group: string | undefined;
}

const MAXID = 0xfffffffe;

/** xstrtoul(s, 10) as userspec uses it: digits only (an optional '+'), within range. */
function parseId(s: string): number | undefined {
  if (!/^\s*\+?\d+$/.test(s)) return undefined;
  const n = Number(s.trim().replace(/^\+/, ''));
  return Number.isSafeInteger(n) && n <= MAXID ? n : undefined;
}

/** gnulib parse_with_separator. Returns the spec or an error message. */
function parseWithSeparator(db: IdDb, spec: string, sep: number): UserSpec | string {
  let uid = -1;
  let gid = -1;
  let user: string | undefined;
  let group: string | undefined;
  const u = sep < 0 ? (spec !== '' ? spec : undefined) : sep > 0 ? spec.slice(0, sep) : undefined;
  const g = sep < 0 || sep === spec.length - 1 ? undefined : spec.slice(sep + 1);
  if (u !== undefined) {
    const pw = u.startsWith('+') ? undefined : db.userByName(u);
    if (!pw) {
      if (sep >= 0 && g === undefined) return 'invalid spec';
      const n = parseId(u);
      if (n === undefined) return 'invalid user';
      uid = n;
    } else {
      uid = pw.uid;
      user = u;
      if (g === undefined && sep >= 0) {
        gid = pw.gid;
        group = db.groupByGid(gid)?.name ?? String(gid);
      }
    }
  }
  if (g !== undefined) {
    const gr = g.startsWith('+') ? undefined : db.groupByName(g);
    if (!gr) {
      const n = parseId(g);
      if (n === undefined) return 'invalid group';
      gid = n;
    } else {
      gid = gr.gid;
      group = g;
    }
  }
  return { uid, gid, user, group };
}

/** parse_user_spec_warn: "user[:group]", with "user.group" accepted after a warning. */
function parseUserSpec(db: IdDb, spec: string): { spec?: UserSpec; error?: string; warn?: boolean } {
  const colon = spec.indexOf(':');
  const r = parseWithSeparator(db, spec, colon);
  if (typeof r !== 'string') return { spec: r };
  if (colon < 0) {
    const dot = spec.indexOf('.');
    if (dot >= 0) {
      const r2 = parseWithSeparator(db, spec, dot);
      if (typeof r2 !== 'string') return { spec: r2, error: "warning: '.' should be ':'", warn: true };
    }
  }
  return { error: r };
}

interface ChownOpts {
  verbosity: 'off' | 'changes' | 'high';
  silent: boolean;
  recurse: boolean;
  derefReferent: boolean;
  root: Stat | undefined;
  user: string | undefined;
  group: string | undefined;
}

function specStr(user: string | undefined, group: string | undefined): string | undefined {
  if (user !== undefined) return group !== undefined ? `${user}:${group}` : user;
  return group;
}

function describeOwner(
  file: string, status: 'succeeded' | 'failed' | 'nochange' | 'notapplied',
  oldUser: string | undefined, oldGroup: string | undefined,
  user: string | undefined, group: string | undefined,
): string {
  const f = qa(file);
  if (status === 'notapplied') return `neither symbolic link ${f} nor referent has been changed\n`;
  let spec = specStr(user, group);
  let oldSpec = specStr(user !== undefined ? oldUser : undefined, group !== undefined ? oldGroup : undefined);
  let fmt: string;
  if (status === 'succeeded') {
    fmt = user !== undefined ? 'changed ownership of %f from %o to %n' : group !== undefined ? 'changed group of %f from %o to %n' : 'no change to ownership of %f';
  } else if (status === 'failed') {
    if (oldSpec !== undefined) {
      fmt = user !== undefined ? 'failed to change ownership of %f from %o to %n' : group !== undefined ? 'failed to change group of %f from %o to %n' : 'failed to change ownership of %f';
    } else {
      fmt = user !== undefined ? 'failed to change ownership of %f to %o' : group !== undefined ? 'failed to change group of %f to %o' : 'failed to change ownership of %f';
      oldSpec = spec;
      spec = undefined;
    }
  } else {
    fmt = user !== undefined ? 'ownership of %f retained as %o' : group !== undefined ? 'group of %f retained as %o' : 'ownership of %f retained';
  }
  return fmt.replace('%f', f).replace('%o', oldSpec ?? '').replace('%n', spec ?? '') + '\n';
}

function* chownFiles(
  ctx: Ctx, db: IdDb, files: readonly string[], uid: number, gid: number,
  reqUid: number, reqGid: number, o: ChownOpts, comfollow: boolean, logical: boolean,
): SysCall<boolean> {
  const sys = ctx.sys;
  let out = '';
  const flushOut = function* (): SysCall<void> {
    if (out) yield* writeAll(sys, 1, out);
    out = '';
  };
  const visit = function* (e: FtsEnt): SysCall<{ ok: boolean; skip?: boolean }> {
    let ok = true;
    // directories are changed after their contents when recursing (FTS_DP), before otherwise
    if (e.info === 'D' && o.recurse) {
      if (isRoot(o.root, e.st)) {
        yield* flushOut();
        yield* rootWarn(ctx, e.path);
        return { ok: false, skip: true };
      }
      return { ok: true };
    }
    if (e.info === 'DP' && !o.recurse) return { ok: true };
    if (e.info === 'NS') {
      yield* flushOut();
      if (!o.silent) yield* errno(ctx, `cannot access ${qa(e.path)}`, e.errno);
      ok = false;
    } else if (e.info === 'DNR') {
      yield* flushOut();
      if (!o.silent) yield* errno(ctx, `cannot read directory ${qa(e.path)}`, e.errno);
      ok = false;
    }
    let st: Stat | undefined = ok ? e.st : undefined;
    let doChown = false;
    if (ok && st) {
      if (o.derefReferent && isLnk(st)) {
        const r = yield* sys.stat(e.path);
        if (typeof r === 'number') {
          yield* flushOut();
          if (!o.silent) yield* errno(ctx, `cannot dereference ${qa(e.path)}`, -r);
          ok = false;
          st = undefined;
        } else st = r;
      }
      doChown = ok && (reqUid === -1 || reqUid === st!.uid) && (reqGid === -1 || reqGid === st!.gid);
    }
    if (doChown) {
      const r = yield* sys.chown(e.path, uid, gid, !o.derefReferent);
      if (r < 0) {
        ok = false;
        yield* flushOut();
        if (!o.silent) yield* errno(ctx, uid !== -1 ? `changing ownership of ${qa(e.path)}` : `changing group of ${qa(e.path)}`, -r);
      }
    }
    if (o.verbosity !== 'off') {
      const changed = doChown && ok && !((uid === -1 || uid === st!.uid) && (gid === -1 || gid === st!.gid));
      if (changed || o.verbosity === 'high') {
        const status = !ok ? 'failed' : !changed ? 'nochange' : 'succeeded';
        const oldUser = st ? db.userName(st.uid) : undefined;
        const oldGroup = st ? db.groupName(st.gid) : undefined;
        const newUser = o.user ?? (uid !== -1 ? String(uid) : undefined);
        const newGroup = o.group ?? (gid !== -1 ? String(gid) : undefined);
        out += describeOwner(e.path, status, oldUser, oldGroup, newUser, newGroup);
      }
    }
    return { ok, skip: !o.recurse };
  };
  let ok = true;
  for (const f of files) if (!(yield* ftsWalk(ctx, f, { comfollow, logical, recurse: o.recurse }, visit))) ok = false;
  yield* flushOut();
  return ok;
}

const CHOWN_LONG = [
  { name: 'changes', arg: 'none', key: 'c' },
  { name: 'dereference', arg: 'none', key: 'dereference' },
  { name: 'no-dereference', arg: 'none', key: 'h' },
  { name: 'no-preserve-root', arg: 'none', key: 'no-preserve-root' },
  { name: 'preserve-root', arg: 'none', key: 'preserve-root' },
  { name: 'quiet', arg: 'none', key: 'f' },
  { name: 'silent', arg: 'none', key: 'f' },
  { name: 'reference', arg: 'required', key: 'reference' },
  { name: 'recursive', arg: 'none', key: 'R' },
  { name: 'verbose', arg: 'none', key: 'v' },
] as const;

interface Common {
  o: ChownOpts;
  reference: string | undefined;
  from: string | undefined;
  comfollow: boolean;
  logical: boolean;
  preserveRoot: boolean;
  dereference: number;
}

function commonOpts(opts: Array<[string, string | undefined]>): Common {
  const c: Common = {
    o: { verbosity: 'off', silent: false, recurse: false, derefReferent: true, root: undefined, user: undefined, group: undefined },
    reference: undefined, from: undefined, comfollow: false, logical: false, preserveRoot: false, dereference: -1,
  };
  let bits: 'H' | 'L' | 'P' = 'P';
  for (const [k, v] of opts) {
    if (k === 'H' || k === 'L' || k === 'P') bits = k;
    else if (k === 'h') c.dereference = 0;
    else if (k === 'dereference') c.dereference = 1;
    else if (k === 'no-preserve-root') c.preserveRoot = false;
    else if (k === 'preserve-root') c.preserveRoot = true;
    else if (k === 'reference') c.reference = v;
    else if (k === 'from') c.from = v;
    else if (k === 'R') c.o.recurse = true;
    else if (k === 'c') c.o.verbosity = 'changes';
    else if (k === 'f') c.o.silent = true;
    else if (k === 'v') c.o.verbosity = 'high';
  }
  if (c.o.recurse) {
    c.comfollow = bits === 'H';
    c.logical = bits === 'L';
    if (bits === 'P') c.dereference = c.dereference === 1 ? 1 : 0;
  } else {
    c.comfollow = false;
    c.logical = false;
  }
  c.o.derefReferent = c.dereference !== 0;
  return c;
}

export function* chown(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'chown');
  const p = yield* parseArgs(ctx, argv.slice(1), 'HLPRcfhv', [...CHOWN_LONG, { name: 'from', arg: 'required', key: 'from' }]);
  if (typeof p === 'number') return p;
  const c = commonOpts(p.opts);
  if (c.o.recurse && c.dereference === 1 && !c.comfollow && !c.logical) {
    yield* fail(ctx, '-R --dereference requires either -H or -L');
    return 1;
  }
  const db = yield* loadIdDb(sys);
  let reqUid = -1;
  let reqGid = -1;
  if (c.from !== undefined) {
    const r = parseUserSpec(db, c.from);
    if (r.error) {
      yield* fail(ctx, `${r.error}: ${q(ctx, c.from)}`);
      if (!r.warn) return 1;
    }
    reqUid = r.spec!.uid;
    reqGid = r.spec!.gid;
  }
  const ops = p.operands;
  if (ops.length < (c.reference !== undefined ? 1 : 2)) {
    if (ops.length === 0) yield* usageError(ctx, 'missing operand');
    else yield* usageError(ctx, `missing operand after ${q(ctx, ops[ops.length - 1]!)}`);
    return 1;
  }
  let uid: number;
  let gid: number;
  let files: string[];
  if (c.reference !== undefined) {
    const st = yield* sys.stat(c.reference);
    if (typeof st === 'number') {
      yield* errno(ctx, `failed to get attributes of ${qa(c.reference)}`, -st);
      return 1;
    }
    uid = st.uid;
    gid = st.gid;
    c.o.user = db.userName(st.uid);
    c.o.group = db.groupName(st.gid);
    files = ops;
  } else {
    const r = parseUserSpec(db, ops[0]!);
    if (r.error) {
      yield* fail(ctx, `${r.error}: ${q(ctx, ops[0]!)}`);
      if (!r.warn) return 1;
    }
    uid = r.spec!.uid;
    gid = r.spec!.gid;
    c.o.user = r.spec!.user;
    c.o.group = r.spec!.group;
    if (c.o.user === undefined && c.o.group !== undefined) c.o.user = '';
    files = ops.slice(1);
  }
  if (c.o.recurse && c.preserveRoot) c.o.root = yield* rootDevIno(sys);
  const ok = yield* chownFiles(ctx, db, files, uid, gid, reqUid, reqGid, c.o, c.comfollow, c.logical);
  return ok ? 0 : 1;
}

export function* chgrp(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'chgrp');
  const p = yield* parseArgs(ctx, argv.slice(1), 'HLPRcfhv', [...CHOWN_LONG]);
  if (typeof p === 'number') return p;
  const c = commonOpts(p.opts);
  if (c.o.recurse && c.dereference === 1 && !c.comfollow && !c.logical) {
    yield* fail(ctx, '-R --dereference requires either -H or -L');
    return 1;
  }
  const ops = p.operands;
  if (ops.length < (c.reference !== undefined ? 1 : 2)) {
    if (ops.length === 0) yield* usageError(ctx, 'missing operand');
    else yield* usageError(ctx, `missing operand after ${q(ctx, ops[ops.length - 1]!)}`);
    return 1;
  }
  const db = yield* loadIdDb(sys);
  let gid = -1;
  let files: string[];
  if (c.reference !== undefined) {
    const st = yield* sys.stat(c.reference);
    if (typeof st === 'number') {
      yield* errno(ctx, `failed to get attributes of ${qa(c.reference)}`, -st);
      return 1;
    }
    gid = st.gid;
    c.o.group = db.groupName(st.gid);
    files = ops;
  } else {
    const name = ops[0]!;
    c.o.group = name !== '' ? name : undefined;
    if (name !== '') {
      const gr = db.groupByName(name);
      if (gr) gid = gr.gid;
      else {
        const n = parseId(name);
        if (n === undefined) {
          yield* fail(ctx, `invalid group: ${q(ctx, name)}`);
          return 1;
        }
        gid = n;
      }
    }
    files = ops.slice(1);
  }
  if (c.o.recurse && c.preserveRoot) c.o.root = yield* rootDevIno(sys);
  const ok = yield* chownFiles(ctx, db, files, -1, gid, -1, -1, c.o, c.comfollow, c.logical);
  return ok ? 0 : 1;
}

// ------------------------------------------------------------------------------------ truncate
const OFF_MAX = 2n ** 63n - 1n;
const OFF_MIN = -(2n ** 63n);

/** xdectoimax(s, OFF_T_MIN, OFF_T_MAX, "EgGkKmMPtTYZ0"): a decimal with an optional size suffix. */
export function parseTruncSize(s: string): bigint | 'overflow' | undefined {
  const m = /^\s*([-+]?\d+)(.*)$/.exec(s);
  if (!m) return undefined;
  let n = BigInt(m[1]!);
  const suf = m[2]!;
  if (suf !== '') {
    const sm = /^([EgGkKmMPtTYZ])(B|iB)?$/.exec(suf);
    if (!sm) return undefined;
    const base = sm[2] === 'B' ? 1000n : 1024n;
    const exp = { k: 1, K: 1, m: 2, M: 2, g: 3, G: 3, t: 4, T: 4, P: 5, E: 6, Z: 7, Y: 8 }[sm[1] as 'k'];
    n *= base ** BigInt(exp);
  }
  if (n > OFF_MAX || n < OFF_MIN) return 'overflow';
  return n;
}

export function* truncate(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'truncate');
  const p = yield* parseArgs(ctx, argv.slice(1), 'cor:s:', [
    { name: 'no-create', arg: 'none', key: 'c' },
    { name: 'io-blocks', arg: 'none', key: 'o' },
    { name: 'reference', arg: 'required', key: 'r' },
    { name: 'size', arg: 'required', key: 's' },
  ]);
  if (typeof p === 'number') return p;
  let noCreate = false;
  let blockMode = false;
  let ref: string | undefined;
  let size = 0n;
  let gotSize = false;
  let rel: '' | 'max' | 'min' | 'rdn' | 'rup' | 'rel' = '';
  for (const [k, v] of p.opts) {
    if (k === 'c') noCreate = true;
    else if (k === 'o') blockMode = true;
    else if (k === 'r') ref = v;
    else if (k === 's') {
      let a = v!.replace(/^\s+/, '');
      rel = '';
      const c = a[0];
      if (c === '<') rel = 'max';
      else if (c === '>') rel = 'min';
      else if (c === '/') rel = 'rdn';
      else if (c === '%') rel = 'rup';
      if (rel) a = a.slice(1);
      a = a.replace(/^\s+/, '');
      if (a[0] === '+' || a[0] === '-') {
        if (rel) {
          yield* usageError(ctx, 'multiple relative modifiers specified');
          return 1;
        }
        rel = 'rel';
      }
      const n = parseTruncSize(a);
      if (n === undefined || n === 'overflow') {
        yield* fail(ctx, `Invalid number: ${q(ctx, a)}${n ? `: ${strerror(EOVERFLOW)}` : ''}`);
        return 1;
      }
      if ((rel === 'rup' || rel === 'rdn') && n === 0n) {
        yield* fail(ctx, 'division by zero');
        return 1;
      }
      size = n;
      gotSize = true;
    }
  }
  const files = p.operands;
  if (ref === undefined && !gotSize) {
    yield* usageError(ctx, `you must specify either ${q(ctx, '--size')} or ${q(ctx, '--reference')}`);
    return 1;
  }
  if (ref !== undefined && gotSize && !rel) {
    yield* usageError(ctx, `you must specify a relative ${q(ctx, '--size')} with ${q(ctx, '--reference')}`);
    return 1;
  }
  if (blockMode && !gotSize) {
    yield* usageError(ctx, `${q(ctx, '--io-blocks')} was specified but ${q(ctx, '--size')} was not`);
    return 1;
  }
  if (files.length === 0) {
    yield* usageError(ctx, 'missing file operand');
    return 1;
  }
  let rsize = -1n;
  if (ref !== undefined) {
    const st = yield* sys.stat(ref);
    if (typeof st === 'number') {
      yield* errno(ctx, `cannot stat ${qa(ref)}`, -st);
      return 1;
    }
    if (gotSize) rsize = BigInt(st.size);
    else size = BigInt(st.size);
  }
  let errors = false;
  for (const f of files) {
    const fd = yield* sys.open(f, O_WRONLY | (noCreate ? 0 : O_CREAT) | O_NONBLOCK, 0o666);
    if (fd < 0) {
      if (!(noCreate && fd === -ENOENT)) {
        yield* errno(ctx, `cannot open ${qa(f)} for writing`, -fd);
        errors = true;
      }
      continue;
    }
    let ssize = size;
    let st: Stat | undefined;
    if (blockMode || (rel && rsize < 0n)) {
      const s = yield* sys.fstat(fd);
      if (typeof s === 'number') {
        yield* errno(ctx, `cannot fstat ${qa(f)}`, -s);
        errors = true;
        yield* sys.close(fd);
        continue;
      }
      st = s;
    }
    if (blockMode) {
      const blk = BigInt(st!.blksize);
      if (ssize * blk > OFF_MAX || ssize * blk < OFF_MIN) {
        yield* fail(ctx, `overflow in ${ssize} * ${blk} byte blocks for file ${qa(f)}`);
        errors = true;
        yield* sys.close(fd);
        continue;
      }
      ssize *= blk;
    }
    let nsize: bigint;
    if (rel) {
      const fsize = rsize >= 0n ? rsize : BigInt(st!.size);
      if (rel === 'min') nsize = fsize > ssize ? fsize : ssize;
      else if (rel === 'max') nsize = fsize < ssize ? fsize : ssize;
      else if (rel === 'rdn') nsize = (fsize / ssize) * ssize;
      else if (rel === 'rup') {
        const r = fsize % ssize;
        nsize = r === 0n ? fsize : fsize + ssize - r;
      } else nsize = fsize + ssize;
      if (nsize > OFF_MAX) {
        yield* fail(ctx, `overflow extending size of file ${qa(f)}`);
        errors = true;
        yield* sys.close(fd);
        continue;
      }
    } else nsize = ssize;
    if (nsize < 0n) nsize = 0n;
    const r = yield* sys.ftruncate(fd, Number(nsize));
    if (r < 0) {
      yield* errno(ctx, `failed to truncate ${qa(f)} at ${nsize} bytes`, -r);
      errors = true;
    }
    yield* sys.close(fd);
  }
  return errors ? 1 : 0;
}

// -------------------------------------------------------------------------------------- chroot
const EXIT_CANCELED = 125;

export function* chroot(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'chroot');
  const p = yield* parseArgs(ctx, argv.slice(1), '+', [
    { name: 'groups', arg: 'required', key: 'groups' },
    { name: 'userspec', arg: 'required', key: 'userspec' },
    { name: 'skip-chdir', arg: 'none', key: 'skip-chdir' },
  ], EXIT_CANCELED, true);
  if (typeof p === 'number') return p;
  let userspec: string | undefined;
  let groups: string | undefined;
  let skipChdir = false;
  for (const [k, v] of p.opts) {
    if (k === 'userspec') userspec = v;
    else if (k === 'groups') groups = v;
    else if (k === 'skip-chdir') skipChdir = true;
  }
  if (p.operands.length === 0) {
    yield* usageError(ctx, 'missing operand');
    return EXIT_CANCELED;
  }
  const newroot = p.operands[0]!;
  // is_root(): NEWROOT names the current root directory
  const rs = yield* sys.stat('/');
  const ns = yield* sys.stat(newroot);
  const isOldRoot = typeof rs !== 'number' && typeof ns !== 'number' && rs.dev === ns.dev && rs.ino === ns.ino;
  if (!isOldRoot && skipChdir) {
    yield* usageError(ctx, `option --skip-chdir only permitted if NEWROOT is old ${qa('/')}`);
    return EXIT_CANCELED;
  }
  let uid = -1;
  let gid = -1;
  let gids: number[] | undefined;
  if (!isOldRoot) {
    const r = yield* sys.chroot(newroot);
    if (r < 0) {
      yield* errno(ctx, `cannot change root directory to ${qa(newroot)}`, -r);
      return EXIT_CANCELED;
    }
    if (!skipChdir) {
      const c = yield* sys.chdir('/');
      if (c < 0) {
        yield* errno(ctx, 'cannot chdir to root directory', -c);
        return EXIT_CANCELED;
      }
    }
  }
  let cmd: string[];
  if (p.operands.length === 1) cmd = [getenv(envp, 'SHELL') ?? '/bin/sh', '-i'];
  else cmd = p.operands.slice(1);
  // users and groups are looked up inside the new root, as chroot does after chroot(2)
  if (userspec !== undefined || groups !== undefined) {
    const db = yield* loadIdDb(sys);
    let username: string | undefined;
    if (userspec !== undefined) {
      const r = parseUserSpec(db, userspec);
      if (r.error && !r.warn) {
        yield* fail(ctx, r.error);
        return EXIT_CANCELED;
      }
      uid = r.spec!.uid;
      gid = r.spec!.gid;
    }
    if (uid !== -1 && (groups === undefined || gid === -1)) {
      const pw = db.userByUid(uid);
      if (pw) {
        if (gid === -1) gid = pw.gid;
        username = pw.name;
      } else if (gid === -1) {
        yield* fail(ctx, `no group specified for unknown uid: ${uid}`);
        return EXIT_CANCELED;
      }
    }
    if (groups !== undefined && groups !== '') {
      gids = [];
      for (const g of groups.split(',')) {
        if (g === '') continue;
        const gr = db.groupByName(g);
        const n = gr ? gr.gid : /^\d+$/.test(g) ? Number(g) : undefined;
        if (n === undefined) {
          yield* fail(ctx, `invalid group ${q(ctx, g)}`);
          return EXIT_CANCELED;
        }
        gids.push(n);
      }
      if (gid === -1 && gids.length) gid = gids[0]!;
    } else if (groups === undefined && gid !== -1 && username !== undefined) {
      gids = db.groupList(username, gid);
    }
    if (uid !== -1 || gids) {
      const r = yield* sys.setgroups(gids ?? []);
      if (r < 0) {
        yield* errno(ctx, 'failed to set supplemental groups', -r);
        return EXIT_CANCELED;
      }
    }
    if (gid !== -1) {
      const r = yield* sys.setgid(gid);
      if (r < 0) {
        yield* errno(ctx, 'failed to set group-ID', -r);
        return EXIT_CANCELED;
      }
    }
    if (uid !== -1) {
      const r = yield* sys.setuid(uid);
      if (r < 0) {
        yield* errno(ctx, 'failed to set user-ID', -r);
        return EXIT_CANCELED;
      }
    }
  }
  const r = yield* execvp(sys, cmd[0]!, cmd, envp);
  yield* fail(ctx, `failed to run command ${q(ctx, cmd[0]!)}: ${strerror(-r)}`);
  return r === -ENOENT ? 127 : 126;
}

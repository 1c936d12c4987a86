// libcgroup 2.0.2 (Debian 12 `libcgroup2`): the library the cgroup-tools programs link against,
// ported function by function from src/api.c, src/wrapper.c and src/tools/tools-common.c. It knows
// nothing the real library does not: the controllers come from /proc/cgroups, the hierarchies from
// /proc/mounts (cgroup v1 mounts by their options, the cgroup2 mount by its cgroup.controllers),
// groups are made with mkdir, tasks are moved by writing pids to `tasks` (v1) or `cgroup.procs`
// (v2), and values are read and written through the control files.
//
// Error codes are libcgroup's (ECGROUPNOTCOMPILED = 50000...); a tool that returns one exits with
// its low byte, as the real ones do (ECGOTHER 50016 -> 96). Library log messages (cgroup_err,
// cgroup_warn) go to stdout, like the default logger's vfprintf(stdout); CGROUP_LOGLEVEL selects
// the level (ERROR by default; the debug messages are not modelled).
import type { Sys, SysCall, Stat, Dirent } from '../../kernel/syscall';
import {
  O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_CLOEXEC, O_DIRECTORY, ENOENT, EEXIST, EPERM, ESRCH, EBUSY,
  DT_DIR, DT_REG, DT_UNKNOWN, S_IFMT, S_IFDIR, S_IFLNK, S_ISUID, S_ISGID, S_ISVTX, TCGETS, SIGSEGV, strerror,
} from '../../kernel/syscall';
import { writeAll, readAllBytes } from '../lib/io';
import { decode } from '../lib/text';
import { envGet } from '../lib/execvp';

// ------------------------------------------------------------------ error codes (libcgroup/error.h)

export const ECGROUPNOTCOMPILED = 50000;
export const ECGROUPNOTMOUNTED = 50001;
export const ECGROUPNOTEXIST = 50002;
export const ECGROUPNOTCREATED = 50003;
export const ECGROUPSUBSYSNOTMOUNTED = 50004;
export const ECGROUPNOTOWNER = 50005;
export const ECGROUPMULTIMOUNTED = 50006;
export const ECGROUPNOTALLOWED = 50007;
export const ECGMAXVALUESEXCEEDED = 50008;
export const ECGCONTROLLEREXISTS = 50009;
export const ECGVALUEEXISTS = 50010;
export const ECGINVAL = 50011;
export const ECGCONTROLLERCREATEFAILED = 50012;
export const ECGFAIL = 50013;
export const ECGROUPNOTINITIALIZED = 50014;
export const ECGROUPVALUENOTEXIST = 50015;
export const ECGOTHER = 50016;
export const ECGROUPNOTEQUAL = 50017;
export const ECGCONTROLLERNOTEQUAL = 50018;
export const ECGROUPPARSEFAIL = 50019;
export const ECGRULESPARSEFAIL = ECGROUPPARSEFAIL;
export const ECGROUPNORULES = 50020;
export const ECGMOUNTFAIL = 50021;
export const ECGEOF = 50023;
export const ECGNONEMPTY = 50030;

/** cgroup_strerror_codes[] of api.c, indexed by code % ECGROUPNOTCOMPILED. */
const STRERROR_CODES = [
  'Cgroup is not compiled in',
  'Cgroup is not mounted',
  'Cgroup does not exist',
  'Cgroup has not been created',
  'Cgroup one of the needed subsystems is not mounted',
  'Cgroup, request came in from non owner',
  'Cgroup controllers are bound to different mount points',
  'Cgroup, operation not allowed',
  'Cgroup value set exceeds maximum',
  'Cgroup controller already exists',
  'Cgroup value already exists',
  'Cgroup invalid operation',
  'Cgroup, creation of controller failed',
  'Cgroup operation failed',
  'Cgroup not initialized',
  'Cgroup, requested group parameter does not exist',
  'Cgroup generic error',
  'Cgroup values are not equal',
  'Cgroup controllers are different',
  'Cgroup parsing failed',
  'Cgroup, rules file does not exist',
  'Cgroup mounting failed',
  'End of File or iterator',
  'Failed to parse config file',
  'Have multiple paths for the same namespace',
  'Controller in namespace does not exist',
  'Either mount or namespace keyword has to be specified in the configuration file',
  'This kernel does not support this feature',
  'Value setting does not succeed',
  'Failed to remove a non-empty group',
];

/** The exit status a C `return ret;` from main gives. */
export function exitCode(ret: number): number {
  return ret & 0xff;
}

// ------------------------------------------------------------------ constants of libcgroup

/** (uid_t)-1: "not set"; cg_chown() substitutes getuid()/getgid(). */
export const NO_UID_GID = -1;
/** (mode_t)-1: "leave the mode alone". */
export const NO_PERMS = -1;
/** Debian builds libcgroup with --enable-opaque-hierarchy=name=systemd. */
const OPAQUE_HIERARCHY = 'name=systemd';
const CG_CONTROLLER_MAX = 100;
/** CG_CONTROL_VALUE_MAX: cg_rd_ctrl_file reads at most this minus one byte. */
const CG_CONTROL_VALUE_MAX = 4096;
/** LL_MAX of cgget.c / api.c: fgets buffer for cgroup_read_value_* and cgroup.controllers. */
export const LL_MAX = 100;

export const CGFLAG_DELETE_IGNORE_MIGRATION = 1;
export const CGFLAG_DELETE_RECURSIVE = 2;
export const CGFLAG_DELETE_EMPTY_ONLY = 4;

const LOG_ERROR = 1;
const LOG_WARNING = 2;

// ------------------------------------------------------------------ data structures

export interface ControlValue {
  name: string;
  value: string;
  /** cgget's indented form of a value read over several lines */
  multiline?: string;
  dirty: boolean;
}

export interface CgController {
  name: string;
  values: ControlValue[];
}

/** struct cgroup */
export interface Cgroup {
  name: string;
  controllers: CgController[];
  tasksUid: number;
  tasksGid: number;
  controlUid: number;
  controlGid: number;
  controlDperm: number;
  controlFperm: number;
  taskFperm: number;
}

/** struct cgroup_group_spec: `-g controllers:path` */
export interface GroupSpec {
  controllers: string[];
  path: string;
}

interface MountEntry {
  name: string;
  path: string;
  version: 1 | 2;
}

export function newCgroup(name: string): Cgroup {
  return {
    name,
    controllers: [],
    tasksUid: NO_UID_GID,
    tasksGid: NO_UID_GID,
    controlUid: NO_UID_GID,
    controlGid: NO_UID_GID,
    controlDperm: NO_PERMS,
    controlFperm: NO_PERMS,
    taskFperm: NO_PERMS,
  };
}

/** cgroup_add_controller: null if the group already has it (the real one does not check mounts). */
export function addController(cg: Cgroup, name: string): CgController | null {
  if (cg.controllers.length >= CG_CONTROLLER_MAX) return null;
  if (cg.controllers.some((c) => c.name === name)) return null;
  const c: CgController = { name, values: [] };
  cg.controllers.push(c);
  return c;
}

export function getController(cg: Cgroup, name: string): CgController | undefined {
  return cg.controllers.find((c) => c.name === name);
}

/** cgroup_add_value_string: ECGVALUEEXISTS for a name already set. */
export function addValue(c: CgController, name: string, value: string): number {
  if (c.values.some((v) => v.name === name)) return ECGVALUEEXISTS;
  c.values.push({ name, value, dirty: true });
  return 0;
}

/** cgroup_copy_cgroup: dst gets copies of src's controllers and values (its name stays). */
export function copyCgroup(dst: Cgroup, src: Cgroup): void {
  dst.controllers = src.controllers.map((c) => ({ name: c.name, values: c.values.map((v) => ({ ...v })) }));
}

// ------------------------------------------------------------------ small libc helpers

/** strtok(s, delims) over a whole string: the non-empty tokens. */
export function strtokAll(s: string, delims: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (delims.includes(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** dirname(3). */
export function dirname(p: string): string {
  let s = p;
  while (s.length > 1 && s.endsWith('/')) s = s.slice(0, -1);
  const i = s.lastIndexOf('/');
  if (i < 0) return '.';
  s = s.slice(0, i);
  while (s.length > 1 && s.endsWith('/')) s = s.slice(0, -1);
  return s === '' ? '/' : s;
}

/** strtol(s, &end, 10): the value and whether the whole string was consumed (*end == '\0'). */
export function strtol(s: string): { value: number; complete: boolean } {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
  if (!m) return { value: 0, complete: s.length === 0 };
  let v = Number(m[2]);
  if (m[1] === '-') v = -v;
  return { value: v, complete: m[0].length === s.length };
}

/** printf("%d", (int)x) of a long. */
export function asInt(v: number): number {
  if (!Number.isFinite(v)) return v > 0 ? -1 : 0;
  return Number(BigInt.asIntN(32, BigInt(Math.trunc(Math.max(Math.min(v, 9.2e18), -9.2e18)))));
}

/** fgets(buf, max, fp) over a whole file: the successive buffers (each with its '\n' if it fitted). */
export function fgetsAll(text: string, max: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    let end = nl < 0 ? text.length : nl + 1;
    if (end - i > max - 1) end = i + max - 1;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

// ------------------------------------------------------------------ stdio

/**
 * stdout as glibc buffers it (line-buffered on a terminal, fully buffered otherwise) and an
 * unbuffered stderr, so the two interleave as they do with the real tools.
 */
export class Stdio {
  private buf = '';
  private constructor(
    private readonly sys: Sys,
    private readonly tty: boolean,
  ) {}

  static *open(sys: Sys): SysCall<Stdio> {
    const r = yield* sys.ioctl(1, TCGETS);
    return new Stdio(sys, typeof r !== 'number');
  }

  *out(s: string): SysCall<void> {
    this.buf += s;
    if (this.tty) {
      const nl = this.buf.lastIndexOf('\n');
      if (nl >= 0) {
        const chunk = this.buf.slice(0, nl + 1);
        this.buf = this.buf.slice(nl + 1);
        yield* writeAll(this.sys, 1, chunk);
      }
    } else if (this.buf.length >= 4096) {
      const n = this.buf.length - (this.buf.length % 4096);
      const chunk = this.buf.slice(0, n);
      this.buf = this.buf.slice(n);
      yield* writeAll(this.sys, 1, chunk);
    }
  }

  *err(s: string): SysCall<void> {
    yield* writeAll(this.sys, 2, s);
  }

  *flush(): SysCall<void> {
    if (this.buf) {
      const chunk = this.buf;
      this.buf = '';
      yield* writeAll(this.sys, 1, chunk);
    }
  }
}

/** What a tool's main returns: flush stdout, exit with the low byte of ret. */
export function* finish(io: Stdio, ret: number): SysCall<number> {
  yield* io.flush();
  return exitCode(ret);
}

/** A crash the real tool has (a NULL dereference): die of SIGSEGV as it does. */
export function* segfault(sys: Sys, io: Stdio): SysCall<number> {
  yield* io.flush();
  const pid = yield* sys.getpid();
  yield* sys.kill(pid, SIGSEGV);
  return 128 + SIGSEGV;
}

// ------------------------------------------------------------------ tools-common.c

/**
 * parse_cgroup_spec: "ctrl1,ctrl2:path". strtok(optarg, ":") takes the controllers (leading ':'
 * skipped), strtok(NULL, ":") the path (up to the next ':'). null when either is missing.
 */
export function parseCgroupSpec(arg: string): GroupSpec | null {
  let i = 0;
  while (i < arg.length && arg[i] === ':') i++;
  if (i >= arg.length) return null;
  let j = arg.indexOf(':', i);
  if (j < 0) return null;
  const ctrls = arg.slice(i, j);
  let k = j + 1;
  while (k < arg.length && arg[k] === ':') k++;
  if (k >= arg.length) return null;
  j = arg.indexOf(':', k);
  const path = j < 0 ? arg.slice(k) : arg.slice(k, j);
  return { controllers: strtokAll(ctrls, ','), path };
}

/** What optarg reads as after parse_cgroup_spec's strtok wrote a NUL over the first ':' it cut at. */
export function specArgAfterStrtok(arg: string): string {
  let i = 0;
  while (i < arg.length && arg[i] === ':') i++;
  const j = arg.indexOf(':', i);
  return j < 0 ? arg : arg.slice(0, j);
}

// ------------------------------------------------------------------ the library state

export interface FtsEnt {
  path: string;
  name: string;
  level: number;
  /** FTS_D, FTS_DP (directory after its children), FTS_F, FTS_NSOK (not stat'ed), FTS_NS (stat failed) */
  info: 'D' | 'DP' | 'F' | 'NSOK' | 'NS';
}

export class Libcgroup {
  private table: MountEntry[] = [];
  private initialized = false;
  lastErrno = 0;
  private logLevel = 0;

  constructor(
    readonly sys: Sys,
    readonly io: Stdio,
    private readonly envp: readonly string[],
  ) {}

  // ---------------------------------------------------------------- logging

  private *log(level: number, msg: string): SysCall<void> {
    if (level > this.logLevel) return;
    yield* this.io.out(msg);
  }

  *cgErr(msg: string): SysCall<void> {
    yield* this.log(LOG_ERROR, msg);
  }

  *cgWarn(msg: string): SysCall<void> {
    yield* this.log(LOG_WARNING, msg);
  }

  /** cgroup_set_default_logger(-1): the level from CGROUP_LOGLEVEL. */
  private setDefaultLogger(): void {
    const s = envGet(this.envp, 'CGROUP_LOGLEVEL');
    if (s === undefined) {
      this.logLevel = LOG_ERROR;
      return;
    }
    const n = strtol(s);
    if (/^[ \t\n\v\f\r]*[+-]?\d/.test(s) && n.complete) {
      this.logLevel = n.value;
      return;
    }
    const names: Record<string, number> = { ERROR: 1, WARNING: 2, INFO: 3, DEBUG: 4 };
    this.logLevel = names[s.toUpperCase()] ?? LOG_ERROR;
  }

  /** cgroup_strerror */
  strerror(code: number): string {
    if (code === ECGOTHER) return strerror(this.lastErrno);
    const idx = code % ECGROUPNOTCOMPILED;
    return STRERROR_CODES[idx] ?? 'Invalid error code';
  }

  // ---------------------------------------------------------------- file helpers (fopen & co)

  /** fopen(path, "re") + read everything: text or -errno. */
  *readText(path: string): SysCall<string | number> {
    const fd = yield* this.sys.open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fd;
    const r = yield* readAllBytes(this.sys, fd);
    yield* this.sys.close(fd);
    return typeof r === 'number' ? r : decode(r);
  }

  /** opendir + readdir: the entries without "." and "..", or -errno. */
  *readDir(path: string): SysCall<Dirent[] | number> {
    const fd = yield* this.sys.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return fd;
    const ents = yield* this.sys.getdents(fd);
    yield* this.sys.close(fd);
    if (typeof ents === 'number') return ents;
    return ents.filter((e) => e.name !== '.' && e.name !== '..');
  }

  /** fopen(path, "we"): O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC. */
  *fopenWrite(path: string): SysCall<number> {
    return yield* this.sys.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666);
  }

  // ---------------------------------------------------------------- fts(3)

  /**
   * fts_open + fts_read over one root, calling visit for each entry in fts order (a directory as
   * FTS_D before its children and FTS_DP after them; children in readdir order). `physical` is
   * FTS_PHYSICAL|FTS_NOSTAT (non-directories come back as FTS_NSOK without a stat), otherwise
   * FTS_LOGICAL. visit returns true to stop the walk; the walk returns true if it was stopped.
   */
  *fts(root: string, physical: boolean, visit: (e: FtsEnt) => SysCall<boolean>): SysCall<boolean> {
    const st = physical ? yield* this.sys.lstat(root) : yield* this.sys.stat(root);
    const name = root.replace(/\/+$/, '').split('/').pop() ?? root;
    if (typeof st === 'number') return yield* visit({ path: root, name, level: 0, info: 'NS' });
    return yield* this.ftsNode(root, name, 0, st, physical, visit);
  }

  private *ftsNode(
    path: string,
    name: string,
    level: number,
    st: Stat,
    physical: boolean,
    visit: (e: FtsEnt) => SysCall<boolean>,
  ): SysCall<boolean> {
    if ((st.mode & S_IFMT) !== S_IFDIR) return yield* visit({ path, name, level, info: 'F' });
    if (yield* visit({ path, name, level, info: 'D' })) return true;
    const ents = yield* this.readDir(path);
    if (typeof ents !== 'number') {
      const base = path.endsWith('/') ? path : path + '/';
      for (const e of ents) {
        const cp = base + e.name;
        if (e.type === DT_REG || (physical && e.type !== DT_DIR && e.type !== DT_UNKNOWN)) {
          if (yield* visit({ path: cp, name: e.name, level: level + 1, info: physical ? 'NSOK' : 'F' })) return true;
          continue;
        }
        const cst = physical ? yield* this.sys.lstat(cp) : yield* this.sys.stat(cp);
        if (typeof cst === 'number') {
          if (yield* visit({ path: cp, name: e.name, level: level + 1, info: 'NS' })) return true;
          continue;
        }
        if ((cst.mode & S_IFMT) === S_IFLNK && physical) {
          if (yield* visit({ path: cp, name: e.name, level: level + 1, info: 'F' })) return true;
          continue;
        }
        if (yield* this.ftsNode(cp, e.name, level + 1, cst, physical, visit)) return true;
      }
    }
    return yield* visit({ path, name, level, info: 'DP' });
  }

  // ---------------------------------------------------------------- cgroup_init

  /** cgroup_init: controllers from /proc/cgroups, hierarchies from /proc/mounts. */
  *init(): SysCall<number> {
    this.setDefaultLogger();
    this.table = [];
    const pc = yield* this.readText('/proc/cgroups');
    if (typeof pc === 'number') {
      yield* this.cgErr(`Error: cannot open /proc/cgroups: ${strerror(-pc)}\n`);
      this.lastErrno = -pc;
      return ECGOTHER;
    }
    const nl = pc.indexOf('\n');
    if (pc.length === 0) {
      yield* this.cgErr(`Error: cannot read /proc/cgroups: ${strerror(0)}\n`);
      return ECGOTHER;
    }
    const controllers: string[] = [];
    for (const line of (nl < 0 ? '' : pc.slice(nl + 1)).split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f[0]) controllers.push(f[0]);
    }
    const pm = yield* this.readText('/proc/mounts');
    if (typeof pm === 'number') {
      yield* this.cgErr(`Error: cannot open /proc/mounts: ${strerror(-pm)}\n`);
      this.lastErrno = -pm;
      return ECGOTHER;
    }
    for (const ent of parseMounts(pm)) {
      if (ent.type === 'cgroup') {
        const r = this.processV1Mount(controllers, ent);
        if (r) {
          yield* this.cgErr('Error: Mount points exceeds CG_CONTROLLER_MAX\n');
          return r;
        }
      } else if (ent.type === 'cgroup2') {
        const r = yield* this.processV2Mount(ent);
        if (r === ECGEOF) continue;
        if (r) return r;
      }
    }
    if (this.table.length === 0) return ECGROUPNOTMOUNTED;
    this.initialized = true;
    return 0;
  }

  private processV1Mount(controllers: string[], ent: MntEnt): number {
    for (const c of controllers) {
      if (!hasmntopt(ent.opts, c)) continue;
      if (this.table.some((t) => t.name === c)) continue; // a duplicate mount of the same hierarchy
      this.table.push({ name: c, path: ent.dir, version: 1 });
      if (this.table.length >= CG_CONTROLLER_MAX) return ECGMAXVALUESEXCEEDED;
    }
    const named = hasmntopt(ent.opts, 'name');
    if (named) {
      if (named === OPAQUE_HIERARCHY) return 0;
      if (this.table.some((t) => t.name === named)) return 0;
      this.table.push({ name: named, path: ent.dir, version: 1 });
      if (this.table.length >= CG_CONTROLLER_MAX) return ECGMAXVALUESEXCEEDED;
    }
    return 0;
  }

  private *processV2Mount(ent: MntEnt): SysCall<number> {
    const r = yield* this.readText(`${ent.dir}/cgroup.controllers`);
    if (typeof r === 'number') return ECGOTHER;
    const first = fgetsAll(r, LL_MAX)[0];
    if (first === undefined) return ECGEOF;
    const ctrls = strtokAll(first.slice(0, -1), ' ');
    // a cgroup2 mount without controllers (the hybrid layout's "unified") adds nothing
    if (ctrls.length === 0) return ECGEOF;
    for (const c of ctrls) {
      if (this.table.some((t) => t.name === c)) continue;
      this.table.push({ name: c, path: ent.dir, version: 2 });
      if (this.table.length >= CG_CONTROLLER_MAX) return ECGMAXVALUESEXCEEDED;
    }
    return 0;
  }

  /** cg_test_mounted_fs: is any cgroup or cgroup2 file system in /proc/mounts? */
  private *testMountedFs(): SysCall<boolean> {
    const pm = yield* this.readText('/proc/mounts');
    if (typeof pm === 'number') return false;
    return parseMounts(pm).some((e) => e.type === 'cgroup' || e.type === 'cgroup2');
  }

  /** cgroup_get_controller_begin/next: the mount table, in order. */
  controllersInOrder(): ReadonlyArray<{ name: string; path: string }> {
    return this.table;
  }

  /** cgroup_test_subsys_mounted */
  testSubsysMounted(name: string): boolean {
    for (const t of this.table) {
      if (t.name === name) return true;
      if (name.startsWith('cgroup') && t.version === 2) return true;
    }
    return false;
  }

  /** cgroup_get_controller_version */
  private versionOf(ctrl: string): 1 | 2 | undefined {
    return this.table.find((t) => t.name === ctrl)?.version;
  }

  /** cg_build_path: the mount point of `type` + "/" + name (with a trailing '/'), or null. */
  buildPath(name: string | null, type: string): string | null {
    for (const t of this.table) {
      if (t.name === type || (type === 'cgroup' && t.version === 2)) {
        const path = t.path + '/';
        return name === null ? path : concatPath(path, name);
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- attach (tasks / cgroup.procs)

  /** cgroup_get_cg_type: cgroup.procs, or cgroup.threads in a threaded v2 subtree. */
  private *cgType(path: string): SysCall<string | number> {
    const tp = `${path}cgroup.type`;
    const st = yield* this.sys.stat(tp);
    if (typeof st === 'number') return 'cgroup.procs';
    const r = yield* this.readText(tp);
    if (typeof r === 'number') {
      yield* this.cgWarn(`Warning: failed to open file ${tp}: ${strerror(-r)}\n`);
      return ECGOTHER;
    }
    const line = fgetsAll(r, LL_MAX)[0];
    if (line === undefined) {
      yield* this.cgWarn(`Warning: failed to read file ${tp}: ${strerror(0)}\n`);
      return ECGOTHER;
    }
    const len = line.length - 1;
    // strncmp(cg_type, x, len) with len = strlen(cg_type) - 1
    const ncmp = (a: string, b: string) => a.slice(0, len) === b.slice(0, len);
    if (ncmp(line, 'domain') || ncmp(line, 'domain threaded')) return 'cgroup.procs';
    if (ncmp(line, 'threaded')) return 'cgroup.threads';
    yield* this.cgWarn(`Warning: invalid ${path}cgroup.type: ${line}`);
    return ECGOTHER;
  }

  /** cgroup_build_tasks_procs_path: <group>/tasks (v1) or <group>/cgroup.procs (v2). */
  *tasksProcsPath(name: string, ctrl: string): SysCall<string | number> {
    const path = this.buildPath(name, ctrl);
    if (path === null) return ECGOTHER;
    const v = this.versionOf(ctrl);
    if (v === undefined) return ECGROUPNOTEXIST;
    if (v === 1) return path + 'tasks';
    const t = yield* this.cgType(path);
    if (typeof t === 'number') return t;
    return path + t;
  }

  /** cgroupv2_get_subtree_control: is ctrl listed in <path>/cgroup.subtree_control? */
  private *v2SubtreeHas(path: string, ctrl: string): SysCall<number> {
    const r = yield* this.readText(`${path}/cgroup.subtree_control`);
    if (typeof r === 'number') {
      yield* this.cgWarn('Warning: fopen failed\n');
      this.lastErrno = -r;
      return ECGROUPNOTMOUNTED;
    }
    const line = fgetsAll(r, 4096)[0];
    if (line === undefined) return ECGROUPNOTMOUNTED;
    return strtokAll(line.slice(0, -1), ' ').includes(ctrl) ? 0 : ECGROUPNOTMOUNTED;
  }

  /** cgroupv2_controller_enabled: a v2 controller must be enabled in the group's parent. */
  private *v2ControllerEnabled(name: string, ctrl: string): SysCall<number> {
    const v = this.versionOf(ctrl);
    if (v === undefined) return ECGROUPNOTEXIST;
    if (v !== 2) return 0;
    if ('/'.startsWith(name)) return 0; // strncmp(name, "/", strlen(name)): the root group
    const path = this.buildPath(name, ctrl);
    if (path === null) return 0;
    return yield* this.v2SubtreeHas(dirname(path), ctrl);
  }

  /** __cgroup_attach_task_pid: write the id to a tasks/cgroup.procs file. */
  private *attachPidTo(path: string, tid: number): SysCall<number> {
    const fd = yield* this.fopenWrite(path);
    if (fd < 0) {
      const ret = fd === -EPERM ? ECGROUPNOTOWNER : fd === -ENOENT ? ECGROUPNOTEXIST : ECGROUPNOTALLOWED;
      yield* this.cgWarn(`Warning: cannot write tid ${tid} to ${path}:${strerror(-fd)}\n`);
      return ret;
    }
    const w = yield* this.sys.write(fd, String(tid));
    yield* this.sys.close(fd);
    if (w < 0) {
      this.lastErrno = -w;
      yield* this.cgWarn(`Warning: cannot write tid ${tid} to ${path}:${strerror(-w)}\n`);
      return ECGOTHER;
    }
    return 0;
  }

  /** cgroup_attach_task_pid */
  *attachTaskPid(cg: Cgroup, tid: number): SysCall<number> {
    if (!this.initialized) {
      yield* this.cgWarn('Warning: libcgroup is not initialized\n');
      return ECGROUPNOTINITIALIZED;
    }
    for (const c of cg.controllers) {
      if (!this.testSubsysMounted(c.name)) {
        yield* this.cgWarn(`Warning: subsystem ${c.name} is not mounted\n`);
        return ECGROUPSUBSYSNOTMOUNTED;
      }
    }
    for (const c of cg.controllers) {
      let ret = yield* this.v2ControllerEnabled(cg.name, c.name);
      if (ret) return ret;
      const path = yield* this.tasksProcsPath(cg.name, c.name);
      if (typeof path === 'number') return path;
      ret = yield* this.attachPidTo(path, tid);
      if (ret) return ret;
    }
    return 0;
  }

  /** cgroup_change_cgroup_path: move a process and all its threads into dest. */
  *changeCgroupPath(dest: string, pid: number, controllers: readonly string[]): SysCall<number> {
    if (!this.initialized) {
      yield* this.cgWarn('Warning: libcgroup is not initialized\n');
      return ECGROUPNOTINITIALIZED;
    }
    const cg = newCgroup(dest);
    for (const ctrl of controllers) {
      if (ctrl === '*') {
        for (const t of this.table) {
          if (!addController(cg, t.name)) {
            yield* this.cgWarn(`Warning: adding controller '${t.name}' failed\n`);
            return ECGROUPNOTALLOWED;
          }
        }
        break;
      }
      if (!addController(cg, ctrl)) {
        yield* this.cgWarn(`Warning: adding controller '${ctrl}' failed\n`);
        return ECGROUPNOTALLOWED;
      }
    }
    let ret = yield* this.attachTaskPid(cg, pid);
    if (ret) {
      yield* this.cgWarn(`Warning: cgroup_attach_task_pid failed: ${ret}\n`);
      return ret;
    }
    const ents = yield* this.readDir(`/proc/${pid}/task/`);
    if (typeof ents === 'number') {
      this.lastErrno = -ents;
      return ECGOTHER;
    }
    for (const e of ents) {
      const m = /^[ \t]*([+-]?\d+)/.exec(e.name);
      if (!m) continue;
      const tid = Number(m[1]);
      if (tid === pid) continue;
      ret = yield* this.attachTaskPid(cg, tid);
      if (ret) {
        yield* this.cgWarn(`Warning: cgroup_attach_task_pid failed: ${ret}\n`);
        break;
      }
    }
    return ret;
  }

  // ---------------------------------------------------------------- creating groups

  /** cg_mkdir_p: mkdir every component of path (0775), existing ones are fine. */
  private *mkdirP(path: string): SysCall<number> {
    let i = 0;
    for (;;) {
      while (i < path.length && path[i] === '/') i++;
      if (i >= path.length) break;
      while (i < path.length && path[i] !== '/') i++;
      const prefix = path.slice(0, i);
      const r = yield* this.sys.mkdir(prefix, 0o775);
      if (r < 0 && r !== -EEXIST) {
        if (r === -EPERM) return ECGROUPNOTOWNER;
        const st = yield* this.sys.stat(prefix);
        if (typeof st === 'number') return ECGROUPNOTALLOWED;
      }
      if (i >= path.length) break;
    }
    return 0;
  }

  /** cg_create_control_group */
  private *createControlGroup(path: string): SysCall<number> {
    if (!(yield* this.testMountedFs())) return ECGROUPNOTMOUNTED;
    return yield* this.mkdirP(path);
  }

  /** cg_set_control_value: write a value (line by line) to a control file. */
  *setControlValue(path: string, val: string): SysCall<number> {
    if (!(yield* this.testMountedFs())) return ECGROUPNOTMOUNTED;
    const fd = yield* this.sys.open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
      if (fd === -EPERM) {
        // (api.c means to look for the group's tasks file but appends "/tasks" to the file path)
        const t = yield* this.sys.open(`${path}/tasks`, O_RDONLY | O_CLOEXEC);
        if (t < 0) {
          if (t === -ENOENT) return ECGROUPSUBSYSNOTMOUNTED;
        } else yield* this.sys.close(t);
        return ECGROUPNOTALLOWED;
      }
      return ECGROUPVALUENOTEXIST;
    }
    for (const line of val.split('\n')) {
      if (line.length > 0) {
        const w = yield* this.sys.write(fd, line);
        if (w < 0) {
          this.lastErrno = -w;
          yield* this.sys.close(fd);
          return ECGOTHER;
        }
      } else yield* this.cgWarn(`Warning: skipping empty line for ${path}\n`);
    }
    const c = yield* this.sys.close(fd);
    if (c < 0) {
      this.lastErrno = -c;
      return ECGOTHER;
    }
    return 0;
  }

  /** cgroup_set_values_recursive: write a controller's values under base. */
  private *setValues(base: string, c: CgController, ignoreNonDirty: boolean): SysCall<number> {
    for (const v of c.values) {
      const err = yield* this.setControlValue(base + v.name, v.value);
      if (err && ignoreNonDirty && !v.dirty) continue;
      if (err) return err;
      v.dirty = false;
    }
    return 0;
  }

  /** cg_chown: NO_UID_GID means the caller's own id. */
  private *chown(path: string, uid: number, gid: number): SysCall<number> {
    const u = uid === NO_UID_GID ? yield* this.sys.getuid() : uid;
    const g = gid === NO_UID_GID ? yield* this.sys.getgid() : gid;
    return yield* this.sys.chown(path, u, g);
  }

  /** cg_chown_recursive (fts_open(FTS_PHYSICAL|FTS_NOCHDIR|FTS_NOSTAT)): ret of the last entry. */
  private *chownRecursive(path: string, uid: number, gid: number): SysCall<number> {
    let ret = 0;
    yield* this.fts(path, true, function* (this: Libcgroup, e: FtsEnt): SysCall<boolean> {
      const r = yield* this.chown(e.path, uid, gid);
      ret = 0;
      if (r < 0) {
        yield* this.cgWarn(`Warning: cannot change owner of file ${e.path}: ${strerror(-r)}\n`);
        this.lastErrno = -r;
        ret = ECGOTHER;
      }
      return false;
    }.bind(this));
    return ret;
  }

  /** cg_chmod_path: with ownerIsUmask, group/other bits never exceed what the owner has. */
  private *chmodPath(path: string, mode: number, ownerIsUmask: boolean): SysCall<number> {
    let mask = 0o7777;
    if (ownerIsUmask) {
      const st = yield* this.sys.stat(path);
      if (typeof st === 'number') {
        yield* this.cgWarn(`Warning: cannot change permissions of file ${path}: ${strerror(-st)}\n`);
        this.lastErrno = -st;
        return ECGOTHER;
      }
      const u = st.mode & 0o700;
      const g = u >> 3;
      const o = g >> 3;
      mask = u | g | o | S_ISUID | S_ISGID | S_ISVTX;
    }
    const r = yield* this.sys.chmod(path, mode & mask);
    if (r < 0) {
      yield* this.cgWarn(`Warning: cannot change permissions of file ${path}: ${strerror(-r)}\n`);
      this.lastErrno = -r;
      return ECGOTHER;
    }
    return 0;
  }

  /** cg_chmod_recursive_controller (directories and control files; "tasks" is left alone). */
  private *chmodRecursive(
    path: string,
    dirMode: number,
    dirmChange: boolean,
    fileMode: number,
    filemChange: boolean,
    ignore: readonly string[],
  ): SysCall<number> {
    let finalRet = 0;
    yield* this.fts(path, true, function* (this: Libcgroup, e: FtsEnt): SysCall<boolean> {
      if (ignore.includes(e.name)) return false;
      let r = 0;
      if (e.info === 'D' || e.info === 'DP') {
        if (dirmChange) r = yield* this.chmodPath(e.path, dirMode, true);
      } else if (filemChange) r = yield* this.chmodPath(e.path, fileMode, true);
      if (r) {
        yield* this.cgWarn(`Warning: cannot change file mode ${path}: ${strerror(this.lastErrno)}\n`);
        finalRet = ECGOTHER;
      }
      return false;
    }.bind(this));
    return finalRet;
  }

  /** cgroupv2_subtree_control_recursive: "+ctrl" into cgroup.subtree_control on the way down. */
  private *v2SubtreeControlRecursive(path: string, ctrl: string): SysCall<number> {
    const t = this.table.find((e) => e.name === ctrl);
    if (!t) return ECGROUPSUBSYSNOTMOUNTED;
    const mountLen = t.path.length;
    let copy = path.slice(0, mountLen);
    const toks = strtokAll(path.slice(mountLen), '/');
    let k = 0;
    do {
      const tok = toks[k];
      if (tok !== undefined) copy += '/' + tok;
      let err = yield* this.createControlGroup(copy);
      if (err) return err;
      err = yield* this.setControlValue(`${copy}/cgroup.subtree_control`, `+${ctrl}`);
      if (err) return err;
      k++;
    } while (k < toks.length);
    return 0;
  }

  /** cgroup_create_cgroup(cgroup, ignore_ownership = 0) */
  *createCgroup(cg: Cgroup): SysCall<number> {
    if (!this.initialized) return ECGROUPNOTINITIALIZED;
    for (const c of cg.controllers) if (!this.testSubsysMounted(c.name)) return ECGROUPSUBSYSNOTMOUNTED;
    for (const c of cg.controllers) {
      const path = this.buildPath(cg.name, c.name);
      if (path === null) continue;
      const version = this.versionOf(c.name);
      if (version === undefined) return ECGROUPNOTEXIST;
      let err: number;
      if (version === 2) {
        err = yield* this.v2SubtreeControlRecursive(dirname(path), c.name);
        if (err) return err;
      }
      err = yield* this.createControlGroup(path);
      if (err) return err;
      err = yield* this.chownRecursive(path, cg.controlUid, cg.controlGid);
      if (!err) {
        err = yield* this.chmodRecursive(
          path,
          cg.controlDperm,
          cg.controlDperm !== NO_PERMS,
          cg.controlFperm,
          cg.controlFperm !== NO_PERMS,
          ['tasks'],
        );
      }
      if (err) return err;
      err = yield* this.setValues(path, c, false);
      if (err) return err;
      if (version === 1) {
        // cgroup_chown_chmod_tasks
        const tp = `${path}/tasks`;
        const r = yield* this.chown(tp, cg.tasksUid, cg.tasksGid);
        let e2 = r < 0 ? ECGOTHER : 0;
        if (r < 0) this.lastErrno = -r;
        if (!e2 && cg.taskFperm !== NO_PERMS) e2 = yield* this.chmodPath(tp, cg.taskFperm, true);
        if (e2) return ECGOTHER;
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------- modifying groups

  /** cgroup_modify_cgroup: write the (dirty) values of every controller. */
  *modifyCgroup(cg: Cgroup): SysCall<number> {
    if (!this.initialized) return ECGROUPNOTINITIALIZED;
    for (const c of cg.controllers) {
      if (!this.testSubsysMounted(c.name)) {
        yield* this.cgWarn(`Warning: subsystem ${c.name} is not mounted\n`);
        return ECGROUPSUBSYSNOTMOUNTED;
      }
    }
    for (const c of cg.controllers) {
      const base = this.buildPath(cg.name, c.name);
      if (base === null) continue;
      const err = yield* this.setValues(base, c, true);
      if (err) return err;
    }
    return 0;
  }

  // ---------------------------------------------------------------- reading groups

  /** cg_rd_ctrl_file: a control file's value without its final newline (at most 4095 bytes). */
  private *readCtrlFile(subsys: string, cgroup: string, file: string): SysCall<string | number> {
    const path = this.buildPath(cgroup, subsys);
    if (path === null) return ECGFAIL;
    const r = yield* this.readText(path + file);
    if (typeof r === 'number') return ECGROUPVALUENOTEXIST;
    let v = r.slice(0, CG_CONTROL_VALUE_MAX - 1);
    if (v.endsWith('\n')) v = v.slice(0, -1);
    return v;
  }

  /**
   * cgroup_fill_cgc: if the directory entry is a file of the controller at table index idx ("cpu."
   * files for cpu), read it into cgc. Returns 0 or an error code.
   */
  *fillCgc(d: Dirent, cg: Cgroup, cgc: CgController, ctrlName: string): SysCall<number> {
    if (d.name === '.' || d.name === '..') return ECGINVAL;
    const base = this.buildPath(cg.name, ctrlName) ?? '';
    const st = yield* this.sys.stat(base + d.name);
    if (typeof st === 'number') return ECGFAIL;
    const toks = strtokAll(d.name, '.');
    if (toks.length === 0) return ECGFAIL;
    if (toks.length < 2) return ECGINVAL;
    if (toks[0] !== ctrlName) return 0;
    const v = yield* this.readCtrlFile(ctrlName, cg.name, d.name);
    if (typeof v === 'number') return v;
    if (addValue(cgc, d.name, v)) return ECGFAIL;
    return 0;
  }

  /** The group's directory for a controller, if the controller is mounted and the group exists. */
  *groupDir(cgName: string, ctrl: string): SysCall<string | null> {
    const root = this.buildPath(null, ctrl);
    if (root === null) return null;
    if ((yield* this.sys.access(root + cgName, 0)) < 0) return null;
    return this.buildPath(cgName, ctrl);
  }

  /** cgroup_get_cgroup: read every controller's values of an existing group. */
  *getCgroup(cg: Cgroup): SysCall<number> {
    if (!this.initialized) return ECGROUPNOTINITIALIZED;
    for (const t of this.table) {
      const path = yield* this.groupDir(cg.name, t.name);
      if (path === null) continue;
      if (t.version === 1) {
        const st = yield* this.sys.stat(`${path}/tasks`);
        if (typeof st === 'number') {
          this.lastErrno = -st;
          cg.controllers = [];
          return ECGOTHER;
        }
        cg.tasksUid = st.uid;
        cg.tasksGid = st.gid;
      }
      const cgc = addController(cg, t.name);
      if (!cgc) {
        cg.controllers = [];
        return ECGINVAL;
      }
      const ents = yield* this.readDir(path);
      if (typeof ents === 'number') {
        this.lastErrno = -ents;
        cg.controllers = [];
        return ECGOTHER;
      }
      for (const e of ents) {
        if (e.type !== DT_REG) continue;
        const err = yield* this.fillCgc(e, cg, cgc, t.name);
        for (const v of cgc.values) v.dirty = false;
        if (err === ECGFAIL) {
          cg.controllers = [];
          return err;
        }
      }
      if (cgc.name === 'memory') {
        // memory.limit_in_bytes must be set before memory.memsw.limit_in_bytes
        const sw = cgc.values.findIndex((v) => v.name === 'memory.memsw.limit_in_bytes');
        const lim = cgc.values.findIndex((v) => v.name === 'memory.limit_in_bytes');
        if (sw >= 0 && sw < lim) [cgc.values[sw], cgc.values[lim]] = [cgc.values[lim]!, cgc.values[sw]!];
      }
    }
    if (cg.controllers.length === 0) return ECGROUPNOTEXIST;
    return 0;
  }

  // ---------------------------------------------------------------- deleting groups

  /** cgroup_find_parent: the parent group's name, null for a hierarchy root, or an error code. */
  private *findParent(cg: Cgroup, ctrl: string): SysCall<string | null | number> {
    const child = this.buildPath(cg.name, ctrl);
    if (child === null) return ECGFAIL;
    const sc = yield* this.sys.stat(child);
    if (typeof sc === 'number') {
      this.lastErrno = -sc;
      return ECGOTHER;
    }
    const sp = yield* this.sys.stat(`${child}/..`);
    if (typeof sp === 'number') {
      this.lastErrno = -sp;
      return ECGOTHER;
    }
    if (sp.dev !== sc.dev) return null;
    const pdir = dirname(cg.name);
    if (cg.name.length === 0 || cg.name === pdir) return null;
    return pdir;
  }

  /** cg_delete_cgroup_controller: move the group's tasks to the open target, then rmdir. */
  private *deleteOne(name: string, ctrl: string, targetFd: number, flags: number): SysCall<number> {
    let ret = 0;
    if (!(flags & CGFLAG_DELETE_EMPTY_ONLY)) {
      const path = yield* this.tasksProcsPath(name, ctrl);
      if (typeof path === 'number') return ECGROUPSUBSYSNOTMOUNTED;
      const r = yield* this.readText(path);
      if (typeof r !== 'number') {
        for (const tok of r.split(/\s+/)) {
          if (!/^[+-]?\d+$/.test(tok)) continue;
          const w = yield* this.sys.write(targetFd, String(Number(tok)));
          if (w < 0 && w !== -ESRCH) {
            this.lastErrno = -w;
            ret = ECGOTHER;
            break;
          }
        }
        if (ret) yield* this.cgWarn(`Warning: removing tasks from ${path} failed: ${this.strerror(ret)}\n`);
      } else if (r !== -ENOENT) {
        yield* this.cgErr(`Error: cannot open ${path}: ${strerror(-r)}\n`);
        this.lastErrno = -r;
        ret = ECGOTHER;
      }
      if (ret !== 0 && !(flags & CGFLAG_DELETE_IGNORE_MIGRATION)) return ret;
    }
    const path = this.buildPath(name, ctrl);
    if (path === null) return ECGROUPSUBSYSNOTMOUNTED;
    const r = yield* this.sys.rmdir(path);
    if (r === 0 || r === -ENOENT) return 0;
    if (flags & CGFLAG_DELETE_EMPTY_ONLY && r === -EBUSY) return ECGNONEMPTY;
    yield* this.cgWarn(`Warning: cannot remove directory ${path}: ${strerror(-r)}\n`);
    this.lastErrno = -r;
    return ECGOTHER;
  }

  /** cg_delete_cgroup_controller_recursive: children first (post-order), then the group itself. */
  private *deleteRecursive(name: string, ctrl: string, targetFd: number, flags: number, deleteRoot: boolean): SysCall<number> {
    const root = this.buildPath(name, ctrl);
    if (root === null) return ECGOTHER;
    const groupLen = root.length;
    let ret = 0;
    let first = true;
    yield* this.fts(root, false, function* (this: Libcgroup, e: FtsEnt): SysCall<boolean> {
      if (first) {
        first = false; // the root itself, returned by cgroup_walk_tree_begin
        return false;
      }
      if (e.info === 'DP' || e.info === 'NS') {
        if (e.level > 0) {
          ret = yield* this.deleteOne(`${name}/${e.path.slice(groupLen)}`, ctrl, targetFd, flags);
          if (ret) return true;
        }
      }
      return false;
    }.bind(this));
    if (ret) return ret;
    if (deleteRoot) return yield* this.deleteOne(name, ctrl, targetFd, flags);
    return 0;
  }

  /** cgroup_delete_cgroup_ext */
  *deleteCgroup(cg: Cgroup, flags: number): SysCall<number> {
    if (!this.initialized) return ECGROUPNOTINITIALIZED;
    if (flags & CGFLAG_DELETE_RECURSIVE && flags & CGFLAG_DELETE_EMPTY_ONLY) return ECGINVAL;
    for (const c of cg.controllers) if (!this.testSubsysMounted(c.name)) return ECGROUPSUBSYSNOTMOUNTED;
    let firstError = 0;
    let firstErrno = 0;
    for (const c of cg.controllers) {
      let parent: string | null = null;
      let deleteGroup = true;
      if (!(flags & CGFLAG_DELETE_EMPTY_ONLY)) {
        const p = yield* this.findParent(cg, c.name);
        if (typeof p === 'number') {
          if (firstError === 0) {
            firstErrno = this.lastErrno;
            firstError = p;
          }
          continue;
        }
        parent = p;
        if (parent === null) {
          if (!(flags & CGFLAG_DELETE_RECURSIVE)) continue; // the root group is never removed
          parent = '.';
          deleteGroup = false;
        }
      }
      let targetFd = -1;
      if (parent !== null) {
        const pp = yield* this.tasksProcsPath(parent, c.name);
        if (typeof pp === 'number') {
          if (firstError === 0) firstError = ECGFAIL;
          continue;
        }
        targetFd = yield* this.fopenWrite(pp);
        if (targetFd < 0) {
          if (firstError === 0) {
            yield* this.cgWarn(`Warning: cannot open tasks file ${pp}: ${strerror(-targetFd)}\n`);
            firstErrno = -targetFd;
            firstError = ECGOTHER;
          }
          continue;
        }
      }
      const ret =
        flags & CGFLAG_DELETE_RECURSIVE
          ? yield* this.deleteRecursive(cg.name, c.name, targetFd, flags, deleteGroup)
          : yield* this.deleteOne(cg.name, c.name, targetFd, flags);
      if (targetFd >= 0) yield* this.sys.close(targetFd);
      // (ECGNONEMPTY is "more or less not an error": it is not remembered)
      if (ret !== 0 && firstError === 0 && ret !== ECGNONEMPTY) {
        firstErrno = this.lastErrno;
        firstError = ret;
      }
    }
    if (firstErrno !== 0) this.lastErrno = firstErrno;
    return firstError;
  }

  // ---------------------------------------------------------------- /proc/cgroups

  /** cgroup_get_all_controller_begin/next: (name, hierarchy) rows of /proc/cgroups. */
  *allControllers(): SysCall<Array<{ name: string; hierarchy: number }> | number> {
    const r = yield* this.readText('/proc/cgroups');
    if (typeof r === 'number') {
      this.lastErrno = -r;
      return ECGOTHER;
    }
    const out: Array<{ name: string; hierarchy: number }> = [];
    const lines = r.split('\n').slice(1);
    for (const l of lines) {
      const f = l.trim().split(/\s+/);
      if (f.length < 4 || !/^-?\d+$/.test(f[1]!)) break;
      out.push({ name: f[0]!, hierarchy: Number(f[1]) });
    }
    return out;
  }

  /** cgroup_add_all_controllers (wrapper.c): every controller attached to a hierarchy. */
  *addAllControllers(cg: Cgroup): SysCall<number> {
    const all = yield* this.allControllers();
    if (typeof all === 'number') {
      yield* this.io.err(`cannot read controller data: ${this.strerror(all)}\n`);
      return all;
    }
    let ret = 0;
    for (const c of all) {
      if (c.hierarchy === 0) continue;
      if (!addController(cg, c.name)) {
        ret = ECGINVAL;
        yield* this.io.err(`controller ${c.name} can't be add\n`);
      }
    }
    return ret;
  }

  // ---------------------------------------------------------------- cgrules.conf

  /**
   * cgroup_change_cgroup_flags without the daemon's cache: find the first rule of
   * /etc/cgrules.conf (then /etc/cgrules.d/*) matching uid/gid/procname and move pid as it says.
   */
  *changeCgroupByRules(uid: number, gid: number, procname: string | null, pid: number): SysCall<number> {
    if (!this.initialized) {
      yield* this.cgWarn('Warning: libcgroup is not initialized\n');
      return ECGROUPNOTINITIALIZED;
    }
    const rules = yield* this.parseRules(uid, gid, procname);
    if (typeof rules === 'number') {
      yield* this.cgErr('Error: failed to parse the configuration rules\n');
      return rules;
    }
    if (rules.length === 0 || rules[0]!.ignore) return 0;
    for (const r of rules) {
      const dest = yield* this.substituteDest(r.destination, uid, gid, pid, procname);
      const ret = yield* this.changeCgroupPath(dest, pid, r.controllers);
      if (ret) {
        yield* this.cgWarn(`Warning: failed to apply the rule. Error was: ${ret}\n`);
        return ret;
      }
    }
    return 0;
  }

  private *substituteDest(dest: string, uid: number, gid: number, pid: number, procname: string | null): SysCall<string> {
    if (!dest.includes('%') && !dest.includes('\\')) return dest;
    let db: { users: Array<{ name: string; uid: number }>; groups: Array<{ name: string; gid: number }> } | null = null;
    const ids = function* (this: Libcgroup): SysCall<NonNullable<typeof db>> {
      if (!db) db = yield* this.idDb();
      return db;
    }.bind(this);
    let out = '';
    for (let i = 0; i < dest.length; i++) {
      const ch = dest[i]!;
      if (ch === '%') {
        const k = dest[++i];
        if (k === 'U') out += String(uid);
        else if (k === 'u') out += (yield* ids()).users.find((u) => u.uid === uid)?.name ?? String(uid);
        else if (k === 'G') out += String(gid);
        else if (k === 'g') out += (yield* ids()).groups.find((g) => g.gid === gid)?.name ?? String(gid);
        else if (k === 'P') out += String(pid);
        else if (k === 'p') out += procname ?? String(pid);
        else out += '%' + (k ?? '');
      } else if (ch === '\\') out += dest[++i] ?? '';
      else out += ch;
    }
    return out;
  }

  private *idDb(): SysCall<{ users: Array<{ name: string; uid: number }>; groups: Array<{ name: string; gid: number; members: string[] }> }> {
    const users: Array<{ name: string; uid: number }> = [];
    const groups: Array<{ name: string; gid: number; members: string[] }> = [];
    const p = yield* this.readText('/etc/passwd');
    if (typeof p === 'string')
      for (const l of p.split('\n')) {
        const f = l.split(':');
        if (f.length >= 7 && /^\d+$/.test(f[2]!)) users.push({ name: f[0]!, uid: Number(f[2]) });
      }
    const g = yield* this.readText('/etc/group');
    if (typeof g === 'string')
      for (const l of g.split('\n')) {
        const f = l.split(':');
        if (f.length >= 4 && /^\d+$/.test(f[2]!)) groups.push({ name: f[0]!, gid: Number(f[2]), members: f[3] ? f[3].split(',') : [] });
      }
    return { users, groups };
  }

  /** cgroup_parse_rules(false, uid, gid, procname): the matching rule and its '%' continuations. */
  private *parseRules(
    uid: number,
    gid: number,
    procname: string | null,
  ): SysCall<Array<{ controllers: string[]; destination: string; ignore: boolean }> | number> {
    const files = ['/etc/cgrules.conf'];
    const first = yield* this.readText(files[0]!);
    if (typeof first === 'number') {
      yield* this.cgWarn(`Warning: failed to open configuration file ${files[0]}: ${strerror(-first)}\n`);
      return ECGRULESPARSEFAIL;
    }
    const texts = [first];
    const d = yield* this.readDir('/etc/cgrules.d');
    if (typeof d !== 'number') {
      for (const e of d) {
        if (e.type !== DT_REG && e.type !== 10) continue;
        const t = yield* this.readText(`/etc/cgrules.d/${e.name}`);
        if (typeof t === 'string') texts.push(t);
      }
    }
    const db = yield* this.idDb();
    const user = db.users.find((u) => u.uid === uid);
    const base = procname ? procname.slice(procname.lastIndexOf('/') + 1) : null;
    for (const text of texts) {
      const out: Array<{ controllers: string[]; destination: string; ignore: boolean }> = [];
      let matched = false;
      let skipped = false;
      for (const raw of text.split('\n')) {
        const line = raw.replace(/#.*/, '').trim();
        if (!line) continue;
        if (skipped && line.startsWith('%')) continue;
        skipped = false;
        const f = line.split(/\s+/);
        if (f.length < 3) return ECGRULESPARSEFAIL;
        const [key, ctrls, dest, opts] = f as [string, string, string, string | undefined];
        const colon = key.indexOf(':');
        const who = colon >= 0 ? key.slice(0, colon) : key;
        const proc = colon >= 0 ? key.slice(colon + 1) : '';
        if (matched && !who.startsWith('%')) return out;
        let hit: boolean;
        if (who.startsWith('%')) hit = matched;
        else if (who.startsWith('@')) {
          const g = db.groups.find((x) => x.name === who.slice(1));
          if (!g) {
            skipped = true;
            continue;
          }
          hit = g.gid === gid || (user !== undefined && g.members.includes(user.name));
        } else if (who === '*') hit = true;
        else {
          const u = db.users.find((x) => x.name === who);
          if (!u) {
            skipped = true;
            continue;
          }
          hit = u.uid === uid;
        }
        if (!hit) continue;
        if (proc && !who.startsWith('%')) {
          const wild = proc.endsWith('*') && procname !== null && procname.startsWith(proc.slice(0, -1));
          if (!procname || (procname !== proc && base !== proc && !wild)) continue;
        }
        matched = true;
        out.push({ controllers: strtokAll(ctrls, ','), destination: dest, ignore: opts === 'ignore' });
      }
      if (matched) return out;
    }
    return [];
  }
}

// ------------------------------------------------------------------ helpers outside the class

/** cg_concat_path: prefix + suffix without its leading '/', ending in '/'. */
function concatPath(pref: string, suf: string): string {
  const s = suf.startsWith('/') ? suf.slice(1) : suf;
  if (suf.endsWith('/') || (suf.length === 0 && pref.endsWith('/'))) return pref + s;
  return pref + s + '/';
}

interface MntEnt {
  fsname: string;
  dir: string;
  type: string;
  opts: string;
}

/** getmntent over /proc/mounts text (octal escapes decoded). */
function parseMounts(text: string): MntEnt[] {
  const un = (s: string) => s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
  const out: MntEnt[] = [];
  for (const line of text.split('\n')) {
    const t = line.trimStart();
    if (!t || t.startsWith('#')) continue;
    const f = t.split(/[ \t]+/);
    if (f.length < 4) continue;
    out.push({ fsname: un(f[0]!), dir: un(f[1]!), type: un(f[2]!), opts: un(f[3]!) });
  }
  return out;
}

/** hasmntopt: the matching option ("name=systemd" for "name"), or null. */
function hasmntopt(opts: string, opt: string): string | null {
  for (const o of opts.split(',')) if (o === opt || o.startsWith(opt + '=')) return o;
  return null;
}

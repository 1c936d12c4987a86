// cgcreate (cgroup-tools 2.0.2): create control groups in the named hierarchies.
//   cgcreate [-h] [-f mode] [-d mode] [-s mode] [-t <tuid>:<tgid>] [-a <agid>:<auid>] -g <controllers>:<path> [-g ...]
// Each group is made with mkdir in every controller's hierarchy (for a cgroup v2 controller, the
// controller is first enabled with "+ctrl" in the parent's cgroup.subtree_control, as libcgroup
// does), then chowned to -a (files) and -t (tasks file) and chmodded by -d/-f/-s.
import type { Sys, Program, SysCall } from '../../kernel/syscall';
import { getopt, isGetoptError } from '../lib/getopt';
import { loadIdDb, type IdDb } from '../lib/passwd';
import {
  Libcgroup, Stdio, finish, newCgroup, addController, parseCgroupSpec, strtokAll, NO_UID_GID, NO_PERMS, ECGINVAL,
  type GroupSpec,
} from './lib';
import { helpText } from './texts';

/** parse_mode (tools-common.c): 3 or 4 octal digits. */
function parseMode(s: string): number | null {
  if (s.length < 3 || s.length > 4) return null;
  if (!/^[ \t\n\v\f\r]*[+-]?[0-7]+$/.test(s)) return null;
  return parseInt(s.trim(), 8);
}

/** parse_uid_gid (tools-common.c): "user:group", ":group" or "user"; names only. */
function* parseUidGid(
  io: Stdio,
  db: IdDb,
  prog: string,
  s: string,
): SysCall<{ uid: number; gid: number } | null> {
  let user: string | undefined;
  let group: string | undefined;
  if (s.startsWith(':')) group = strtokAll(s, ':')[0];
  else {
    const t = strtokAll(s, ':');
    user = t[0];
    if (user !== undefined) group = t[1];
  }
  let uid = NO_UID_GID;
  let gid = NO_UID_GID;
  if (user !== undefined) {
    const u = db.userByName(user);
    if (!u) {
      yield* io.err(`${prog}: can't find uid of user ${user}.\n`);
      return null;
    }
    uid = u.uid;
  }
  if (group !== undefined) {
    const g = db.groupByName(group);
    if (!g) {
      yield* io.err(`${prog}: can't find gid of group ${group}.\n`);
      return null;
    }
    gid = g.gid;
  }
  return { uid, gid };
}

export function* cgcreate(sys: Sys, argv: string[], envp: string[]): Program {
  const prog = argv[0] ?? 'cgcreate';
  const io = yield* Stdio.open(sys);
  const usageErr = () => io.err(`Wrong input parameters, try ${prog} -h' for more information.\n`);
  if (argv.length < 2) {
    yield* usageErr();
    return yield* finish(io, -1);
  }
  const args = argv.slice(1);
  const p = getopt(args, 'a:t:g:hd:f:s:', [
    { name: 'help', arg: 'none', key: 'h' },
    { name: 'task', arg: 'required', key: 't' },
    { name: 'admin', arg: 'required', key: 'a' },
    { name: 'dperm', arg: 'required', key: 'd' },
    { name: 'fperm', arg: 'required', key: 'f' },
    { name: 'tperm', arg: 'required', key: 's' },
  ]);
  const opts = p.opts;
  const optind = p.optind;
  let db: IdDb | undefined;
  let tuid = NO_UID_GID;
  let tgid = NO_UID_GID;
  let auid = NO_UID_GID;
  let agid = NO_UID_GID;
  let dirMode = NO_PERMS;
  let fileMode = NO_PERMS;
  let tasksMode = NO_PERMS;
  let dirmChange = false;
  let filemChange = false;
  const specs: GroupSpec[] = [];
  for (let k = 0; k < opts.length; k++) {
    const [key, val] = opts[k]!;
    const v = val ?? '';
    switch (key) {
      case 'h':
        yield* io.out(helpText('cgcreate', prog));
        return yield* finish(io, 0);
      case 'a':
      case 't': {
        db ??= yield* loadIdDb(sys);
        const r = yield* parseUidGid(io, db, prog, v);
        if (!r) return yield* finish(io, 0);
        if (key === 'a') [auid, agid] = [r.uid, r.gid];
        else [tuid, tgid] = [r.uid, r.gid];
        break;
      }
      case 'g': {
        const s = parseCgroupSpec(v);
        if (!s) {
          const next = args[optind[k]!];
          yield* io.err(`${prog}: cgroup controller and pathparsing failed (${next ?? '(null)'})\n`);
          return yield* finish(io, -1);
        }
        specs.push(s);
        break;
      }
      case 'd':
      case 'f':
      case 's': {
        if (key === 'd') dirmChange = true;
        else filemChange = true;
        const m = parseMode(v);
        if (m === null) {
          yield* io.out(`${prog} wrong mode format ${v}\n`);
          return yield* finish(io, -1);
        }
        if (key === 'd') dirMode = m;
        else if (key === 'f') fileMode = m;
        else tasksMode = m;
        break;
      }
    }
  }
  if (isGetoptError(p)) {
    yield* io.err(`${prog}: ${p.message}\n`);
    yield* usageErr();
    return yield* finish(io, -1);
  }
  if (p.operands.length > 0) {
    yield* io.err(`${prog}: wrong arguments (${p.operands[0]})\n`);
    return yield* finish(io, -1);
  }
  const L = new Libcgroup(sys, io, envp);
  let ret = yield* L.init();
  if (ret) {
    yield* io.err(`${prog}: libcgroup initialization failed: ${L.strerror(ret)}\n`);
    return yield* finish(io, ret);
  }
  for (const s of specs) {
    const cg = newCgroup(s.path);
    cg.tasksUid = tuid;
    cg.tasksGid = tgid;
    cg.controlUid = auid;
    cg.controlGid = agid;
    for (const c of s.controllers) {
      if (c === '*') {
        if ((yield* L.addAllControllers(cg)) !== 0) {
          yield* io.err(`${prog}: can't add all controllers\n`);
          return yield* finish(io, ECGINVAL);
        }
      } else if (!addController(cg, c)) {
        yield* io.err(`${prog}: controller ${c}can't be add\n`);
        return yield* finish(io, ECGINVAL);
      }
    }
    if (dirmChange || filemChange) {
      cg.controlDperm = dirMode;
      cg.controlFperm = fileMode;
      cg.taskFperm = tasksMode;
    }
    ret = yield* L.createCgroup(cg);
    if (ret) {
      yield* io.err(`${prog}: can't create cgroup ${cg.name}: ${L.strerror(ret)}\n`);
      return yield* finish(io, ret);
    }
  }
  return yield* finish(io, ret);
}

// cgdelete (cgroup-tools 2.0.2): remove control groups.
//   cgdelete [-h] [-r] [[-g] <controllers>:<path>] ...
// The group's tasks are first moved to its parent (written one by one to the parent's tasks or
// cgroup.procs file), then its directory is removed with rmdir; -r does the same for every
// subgroup, deepest first. A controller is skipped when the same path was already named with
// another controller (libcgroup 2.0.2's skip_add_controller compares the /proc/cgroups hierarchy
// of the *path*, so `cgdelete cpu,pids:/x` removes /x from cpu only, as the real tool does).
import type { Sys, Program } from '../../kernel/syscall';
import { getopt, isGetoptError } from '../lib/getopt';
import {
  Libcgroup, Stdio, finish, newCgroup, addController, parseCgroupSpec, specArgAfterStrtok, CGFLAG_DELETE_RECURSIVE, ECGFAIL,
  type GroupSpec,
} from './lib';
import { helpText } from './texts';

export function* cgdelete(sys: Sys, argv: string[], envp: string[]): Program {
  const prog = argv[0] ?? 'cgdelete';
  const io = yield* Stdio.open(sys);
  const L = new Libcgroup(sys, io, envp);
  let ret = yield* L.init();
  if (ret) {
    yield* io.err(`${prog}: libcgroup initialization failed: ${L.strerror(ret)}\n`);
    return yield* finish(io, ret);
  }
  const p = getopt(argv.slice(1), 'rhg:', [
    { name: 'recursive', arg: 'none', key: 'r' },
    { name: 'help', arg: 'none', key: 'h' },
    { name: 'group', arg: 'required', key: 'g' },
  ]);
  let flags = 0;
  const specs: GroupSpec[] = [];
  for (const [key, val] of p.opts) {
    if (key === 'r') flags |= CGFLAG_DELETE_RECURSIVE;
    else if (key === 'g') {
      const s = parseCgroupSpec(val ?? '');
      if (!s) {
        yield* io.err(`${prog}: error parsing cgroup '${specArgAfterStrtok(val ?? '')}'\n`);
        return yield* finish(io, -1);
      }
      specs.push(s);
    } else if (key === 'h') {
      yield* io.out(helpText('cgdelete', prog));
      return yield* finish(io, 0);
    }
  }
  if (isGetoptError(p)) {
    yield* io.err(`${prog}: ${p.message}\n`);
    yield* io.err(`Wrong input parameters, try ${prog} --help' for more information.\n`);
    return yield* finish(io, -1);
  }
  for (const a of p.operands) {
    const s = parseCgroupSpec(a);
    if (!s) {
      yield* io.err(`${prog}: error parsing cgroup '${specArgAfterStrtok(a)}'\n`);
      return yield* finish(io, -1);
    }
    specs.push(s);
  }
  // ecg_list of cgdelete.c: (path, controller, hierarchy) of every controller named so far
  const seen: Array<{ path: string; controller: string; h: number }> = [];
  let procCgroups: Array<{ name: string; hierarchy: number }> | null = null;
  let finalRet = 0;
  for (const s of specs) {
    const cg = newCgroup(s.path);
    for (const c of s.controllers) {
      if (procCgroups === null) {
        const all = yield* L.allControllers();
        if (typeof all === 'number') {
          yield* io.err(`cgroup_get_controller_begin/next failed(${L.strerror(all)})\n`);
          return yield* finish(io, all);
        }
        procCgroups = all;
      }
      // the hierarchy number is looked up by the group's path, which is never a controller name
      const h = procCgroups.find((x) => x.name === s.path)?.hierarchy ?? 0;
      let skip = false;
      for (const e of seen) {
        if (e.path === s.path && e.h === h) {
          if (e.controller !== c) skip = true;
          else {
            skip = false;
            break;
          }
        }
      }
      seen.push({ path: s.path, controller: c, h });
      if (skip) continue;
      if (!addController(cg, c)) {
        yield* io.err(`${prog}: controller ${c} can't be added\n`);
        return yield* finish(io, ECGFAIL);
      }
    }
    ret = yield* L.deleteCgroup(cg, flags);
    if (ret !== 0) {
      yield* io.err(`${prog}: cannot remove group '${cg.name}': ${L.strerror(ret)}\n`);
      finalRet = ret;
    }
  }
  return yield* finish(io, finalRet);
}

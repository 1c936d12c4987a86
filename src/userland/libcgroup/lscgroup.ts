// lscgroup (cgroup-tools 2.0.2): list control groups.
//   lscgroup [-h] [[-g] <controllers>:<path>] [...]
// Without arguments every hierarchy of the mount table is walked (fts, directories in readdir
// order, parents first) and each group printed as "controllers:/path"; controllers sharing a
// mount point are printed together ("cpuset,cpu,io,memory,pids:/" on cgroup v2). With
// controllers:path only the first matching hierarchy is listed, its first line with a '/' at the
// end, as the real tool prints it.
import type { Sys, Program, SysCall } from '../../kernel/syscall';
import { getopt, isGetoptError } from '../lib/getopt';
import {
  Libcgroup, Stdio, finish, parseCgroupSpec, specArgAfterStrtok, ECGEOF, ECGFAIL, ECGOTHER, type GroupSpec, type FtsEnt,
} from './lib';
import { helpText } from './texts';

/** trim_filepath: drop trailing slashes. */
function trim(p: string): string {
  return p.replace(/\/+$/, '');
}

/** display_controller_data: walk controller:inputPath and print its directories as name:path. */
function* displayControllerData(L: Libcgroup, inputPath: string, controller: string, name: string): SysCall<number> {
  const root = L.buildPath(inputPath, controller);
  if (root === null) return ECGOTHER;
  const pref = trim(root).length - trim(inputPath).length;
  let out = '';
  yield* L.fts(root, false, function* (e: FtsEnt): SysCall<boolean> {
    if (e.info === 'D') {
      const rest = e.path.slice(Math.max(0, pref));
      out += rest.startsWith('/') ? `${name}:${rest}\n` : `${name}:/${rest}\n`;
    }
    return false;
  });
  yield* L.io.out(out);
  return 0;
}

/** print_cgroup: go through the mount table, listing each mount point (or the first matching one). */
function* printCgroup(L: Libcgroup, spec: GroupSpec, list: boolean): SysCall<number> {
  let path = '';
  let conName = '';
  let allConts = '';
  let output = false;
  const table = L.controllersInOrder();
  if (table.length === 0) return ECGEOF;
  for (const c of table) {
    if (path === c.path) {
      allConts += ',' + c.name;
    } else {
      if (output) {
        const ret = yield* displayControllerData(L, spec.path, conName, allConts);
        if (ret) return ret;
        if (list) return 0;
      }
      output = false;
      allConts = c.name;
      conName = c.name;
      path = c.path;
    }
    if (!output && (!list || spec.controllers.includes(c.name))) output = true;
  }
  if (output) return yield* displayControllerData(L, spec.path, conName, allConts);
  return ECGEOF;
}

export function* lscgroup(sys: Sys, argv: string[], envp: string[]): Program {
  const prog = argv[0] ?? 'lscgroup';
  const io = yield* Stdio.open(sys);
  const p = getopt(argv.slice(1), 'hg:', [
    { name: 'help', arg: 'none', key: 'h' },
    { name: 'group', arg: 'required', key: 'g' },
  ]);
  const specs: GroupSpec[] = [];
  for (const [key, val] of p.opts) {
    if (key === 'h') {
      yield* io.out(helpText('lscgroup', prog));
      return yield* finish(io, 0);
    }
    const s = parseCgroupSpec(val ?? '');
    if (!s) {
      yield* io.err(`${prog}: cgroup controller and path parsing failed (${specArgAfterStrtok(val ?? '')})\n`);
      return yield* finish(io, -1);
    }
    specs.push(s);
  }
  if (isGetoptError(p)) {
    yield* io.err(`${prog}: ${p.message}\n`);
    yield* io.err(`Wrong input parameters, try ${prog} -h' for more information.\n`);
    return yield* finish(io, 1);
  }
  for (const a of p.operands) {
    const s = parseCgroupSpec(a);
    if (!s) {
      yield* io.err(`${prog}: cgroup controller and path parsing failed (${specArgAfterStrtok(a)})\n`);
      return yield* finish(io, -1);
    }
    specs.push(s);
  }
  // cgroup_list_cgroups
  const L = new Libcgroup(sys, io, envp);
  let ret = yield* L.init();
  if (ret) {
    yield* io.err(`cgroups can't be listed: ${L.strerror(ret)}\n`);
    return yield* finish(io, ret);
  }
  let finalRet = 0;
  if (specs.length === 0) {
    ret = yield* printCgroup(L, { controllers: [], path: '' }, false);
    if (ret) {
      finalRet = ret;
      yield* io.err(`cgroups can't be listed: ${L.strerror(ret)}\n`);
    }
  } else {
    ret = 0;
    for (const s of specs) {
      if (ret !== 0 && ret !== ECGEOF) break;
      ret = yield* printCgroup(L, s, true);
      if (ret !== 0) {
        finalRet = ret === ECGEOF ? ECGFAIL : ret;
        yield* io.err(`${prog}: cannot find group ${s.controllers[0] ?? '(null)'}..:${s.path}: ${L.strerror(finalRet)}\n`);
      }
    }
  }
  return yield* finish(io, finalRet);
}

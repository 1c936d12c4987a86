// cgclassify (cgroup-tools 2.0.2): move running processes into control groups.
//   cgclassify [[-g] <controllers>:<path>] [--sticky | --cancel-sticky] <list of pids>
// Each pid is written to the group's tasks file (v1) or cgroup.procs (v2) in every hierarchy,
// then every other thread listed in /proc/PID/task is moved the same way. Without -g the groups
// come from /etc/cgrules.conf.
import type { Sys, Program, SysCall } from '../../kernel/syscall';
import { getopt, isGetoptError } from '../lib/getopt';
import { Libcgroup, Stdio, finish, parseCgroupSpec, strtol, asInt, type GroupSpec } from './lib';
import { helpText } from './texts';

/** cgroup_get_uid_gid_from_procfs: effective uid and gid from /proc/PID/status. */
function* uidGidOf(L: Libcgroup, pid: number): SysCall<{ euid: number; egid: number } | null> {
  const r = yield* L.readText(`/proc/${pid}/status`);
  if (typeof r === 'number') return null;
  const u = /^Uid:\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)/m.exec(r);
  const g = /^Gid:\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)/m.exec(r);
  if (!u || !g) return null;
  return { euid: Number(u[2]), egid: Number(g[2]) };
}

/** cgroup_get_procname_from_procfs: the executable's path (or the Name: of /proc/PID/status). */
function* procnameOf(L: Libcgroup, pid: number): SysCall<string | null> {
  const r = yield* L.readText(`/proc/${pid}/status`);
  if (typeof r === 'number') return null;
  const m = /^Name:\t(.*)$/m.exec(r);
  if (!m) return null;
  const name = m[1]!;
  const exe = yield* L.sys.readlink(`/proc/${pid}/exe`);
  if (typeof exe !== 'string') return name;
  return exe;
}

export function* cgclassify(sys: Sys, argv: string[], envp: string[]): Program {
  const prog = argv[0] ?? 'cgclassify';
  const io = yield* Stdio.open(sys);
  const usageErr = () => io.err(`Wrong input parameters, try ${prog} -h' for more information.\n`);
  if (argv.length < 2) {
    yield* usageErr();
    return yield* finish(io, 2);
  }
  const p = getopt(
    argv.slice(1),
    '+g:sh',
    [
      { name: 'sticky', arg: 'none', key: 's' },
      { name: 'cancel-sticky', arg: 'none', key: 'c' },
      { name: 'help', arg: 'none', key: 'h' },
    ],
    true,
  );
  const specs: GroupSpec[] = [];
  for (const [key, val] of p.opts) {
    if (key === 'g') {
      const s = parseCgroupSpec(val ?? '');
      if (!s) {
        yield* io.err('cgroup controller and path parsing failed\n');
        return yield* finish(io, -1);
      }
      specs.push(s);
    } else if (key === 'h') {
      yield* io.out(helpText('cgclassify', prog));
      return yield* finish(io, 0);
    }
    // --sticky / --cancel-sticky talk to the cgred daemon, which does not run here
  }
  if (isGetoptError(p)) {
    yield* io.err(`${prog}: ${p.message}\n`);
    yield* usageErr();
    return yield* finish(io, 2);
  }
  const L = new Libcgroup(sys, io, envp);
  const ret = yield* L.init();
  if (ret) {
    yield* io.err(`${prog}: libcgroup initialization failed: ${L.strerror(ret)}\n`);
    return yield* finish(io, ret);
  }
  let exitCode = 0;
  for (const a of p.operands) {
    const n = strtol(a);
    if (!n.complete) {
      yield* io.err(`Error: ${a} is not valid pid.\n`);
      exitCode = 2;
      continue;
    }
    const pid = asInt(n.value);
    if (specs.length > 0) {
      // change_group_path: stop at the first group that fails
      for (const s of specs) {
        const r = yield* L.changeCgroupPath(s.path, pid, s.controllers);
        if (r) {
          yield* io.err(`Error changing group of pid ${pid}: ${L.strerror(r)}\n`);
          exitCode = 1;
          break;
        }
      }
    } else {
      const ids = yield* uidGidOf(L, pid);
      if (!ids) {
        yield* io.err(`Error in determining euid/egid of pid ${pid}\n`);
        exitCode = 1;
        continue;
      }
      const procname = yield* procnameOf(L, pid);
      if (procname === null) {
        yield* io.err(`Error in determining process name of pid ${pid}\n`);
        exitCode = 1;
        continue;
      }
      const r = yield* L.changeCgroupByRules(ids.euid, ids.egid, procname, pid);
      if (r) {
        yield* io.err(`Error: change of cgroup failed for pid ${pid}: ${L.strerror(r)}\n`);
        exitCode = 1;
      }
    }
  }
  return yield* finish(io, exitCode);
}

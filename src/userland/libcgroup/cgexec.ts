// cgexec (cgroup-tools 2.0.2): run a command in given control groups.
//   cgexec [-h] [-g <controllers>:<path>] [--sticky] command [arguments] ...
// cgexec does not fork: it moves itself (its pid, then its other threads) into each group by
// writing to the group's tasks file (v1) or cgroup.procs (v2), then execvp()s the command, which
// therefore starts inside the groups. Without -g the destination comes from /etc/cgrules.conf.
import type { Sys, Program } from '../../kernel/syscall';
import { strerror } from '../../kernel/syscall';
import { getopt, isGetoptError } from '../lib/getopt';
import { execvp } from '../lib/execvp';
import { Libcgroup, Stdio, finish, parseCgroupSpec, type GroupSpec } from './lib';
import { helpText } from './texts';

export function* cgexec(sys: Sys, argv: string[], envp: string[]): Program {
  const prog = argv[0] ?? 'cgexec';
  const io = yield* Stdio.open(sys);
  const usageErr = () => io.err(`Wrong input parameters, try ${prog} --help' for more information.\n`);
  const p = getopt(
    argv.slice(1),
    '+g:sh',
    [
      { name: 'sticky', arg: 'none', key: 's' },
      { name: 'help', arg: 'none', key: 'h' },
    ],
    true,
  );
  const specs: GroupSpec[] = [];
  for (const [key, val] of p.opts) {
    if (key === 'g') {
      const s = parseCgroupSpec(val ?? '');
      if (!s) {
        yield* io.err('cgroup controller and pathparsing failed\n');
        return yield* finish(io, -1);
      }
      specs.push(s);
    } else if (key === 'h') {
      yield* io.out(helpText('cgexec', prog));
      return yield* finish(io, 0);
    }
    // --sticky: asks the cgred daemon (cgrulesengd) to leave the process alone; there is none
  }
  if (isGetoptError(p)) {
    yield* io.err(`${prog}: ${p.message}\n`);
    yield* usageErr();
    return yield* finish(io, 1);
  }
  const cmd = p.operands;
  if (cmd.length === 0) {
    yield* usageErr();
    return yield* finish(io, 1);
  }
  const L = new Libcgroup(sys, io, envp);
  let ret = yield* L.init();
  if (ret) {
    yield* io.err(`libcgroup initialization failed: ${L.strerror(ret)}\n`);
    return yield* finish(io, ret);
  }
  const uid = yield* sys.getuid();
  const gid = yield* sys.getgid();
  const pid = yield* sys.getpid();
  if (specs.length > 0) {
    for (const s of specs) {
      ret = yield* L.changeCgroupPath(s.path, pid, s.controllers);
      if (ret) {
        yield* io.err('cgroup change of group failed\n');
        return yield* finish(io, ret);
      }
    }
  } else {
    ret = yield* L.changeCgroupByRules(uid, gid, cmd[0]!, pid);
    if (ret) {
      yield* io.err('cgroup change of group failed\n');
      return yield* finish(io, ret);
    }
  }
  yield* io.flush();
  const r = yield* execvp(sys, cmd[0]!, cmd, envp);
  yield* io.err(strerror(-r));
  return yield* finish(io, -1);
}

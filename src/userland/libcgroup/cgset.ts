// cgset (cgroup-tools 2.0.2): set parameters of control groups.
//   cgset [-r <name=value>] <cgroup_path> ...
//   cgset --copy-from <source_cgroup_path> <cgroup_path> ...
// Each value is written to <mount of its controller>/<path>/<name> (opened O_RDWR, one write per
// line), controllers in the order their first -r named them; the first failure stops everything
// ("cgset: cgroup modify error: Invalid argument" for a value the kernel refuses).
import type { Sys, Program } from '../../kernel/syscall';
import { getopt, isGetoptError } from '../lib/getopt';
import {
  Libcgroup, Stdio, finish, segfault, newCgroup, addController, getController, addValue, copyCgroup, type Cgroup,
} from './lib';
import { helpText } from './texts';

export function* cgset(sys: Sys, argv: string[], envp: string[]): Program {
  const prog = argv[0] ?? 'cgset';
  const io = yield* Stdio.open(sys);
  const usageErr = () => io.err(`Wrong input parameters, try ${prog} --help' for more information.\n`);
  if (argv.length < 2) {
    yield* io.err(`Usage is ${prog} -r <name=value> <relative path to cgroup>\n`);
    return yield* finish(io, -1);
  }
  const p = getopt(argv.slice(1), 'r:h', [
    { name: 'rule', arg: 'required', key: 'r' },
    { name: 'help', arg: 'none', key: 'h' },
    { name: 'copy-from', arg: 'required', key: 'C' },
  ]);
  let rules = false;
  let copy = false;
  let srcPath = '';
  const nv: Array<{ name: string; value: string }> = [];
  for (const [key, val] of p.opts) {
    const v = val ?? '';
    if (key === 'h') {
      yield* io.out(helpText('cgset', prog));
      return yield* finish(io, 0);
    }
    if (key === 'r') {
      if (copy) {
        yield* usageErr();
        return yield* finish(io, -1);
      }
      rules = true;
      // parse_r_flag: name = strtok(copy, "="), value = after the first '='
      let i = 0;
      while (i < v.length && v[i] === '=') i++;
      if (i >= v.length) {
        yield* io.err(`${prog}: wrong parameter of option -r: ${v}\n`);
        return yield* finish(io, -1);
      }
      const e = v.indexOf('=', i);
      const name = e < 0 ? v.slice(i) : v.slice(i, e);
      const eq = v.indexOf('=');
      if (eq < 0) return yield* segfault(sys, io); // strchr(optarg, '=') is NULL and is dereferenced
      const value = v.slice(eq + 1);
      if (value.length === 0) {
        yield* io.err(`${prog}: wrong parameter of option -r: ${v}\n`);
        return yield* finish(io, -1);
      }
      nv.push({ name, value });
    } else if (key === 'C') {
      if (rules || copy) {
        yield* usageErr();
        return yield* finish(io, -1);
      }
      copy = true;
      srcPath = v;
    }
  }
  if (isGetoptError(p)) {
    yield* io.err(`${prog}: ${p.message}\n`);
    yield* usageErr();
    return yield* finish(io, -1);
  }
  if (p.operands.length === 0) {
    yield* io.err(`${prog}: no cgroup specified\n`);
    return yield* finish(io, -1);
  }
  if (!rules && !copy) {
    yield* io.err(`${prog}: no name-value pair was set\n`);
    return yield* finish(io, -1);
  }
  const L = new Libcgroup(sys, io, envp);
  let ret = yield* L.init();
  if (ret) {
    yield* io.err(`${prog}: libcgroup initialization failed: ${L.strerror(ret)}\n`);
    return yield* finish(io, ret);
  }
  let src: Cgroup;
  if (rules) {
    // create_cgroup_from_name_value_pairs
    src = newCgroup('tmp');
    for (const { name, value } of nv) {
      const dot = name.indexOf('.');
      if (dot < 0) {
        yield* io.err(`wrong -r  parameter (${name}=${value})\n`);
        return yield* finish(io, ret);
      }
      const con = name.slice(0, dot);
      const cgc = getController(src, con) ?? addController(src, con);
      if (!cgc) {
        yield* io.err(`controller ${con} can't be add\n`);
        return yield* finish(io, ret);
      }
      if (addValue(cgc, name, value)) {
        yield* io.err(`name-value pair ${name}=${value} can't be set\n`);
        return yield* finish(io, ret);
      }
    }
  } else {
    // copy_name_value_from_cgroup
    src = newCgroup(srcPath);
    const r = yield* L.getCgroup(src);
    if (r) {
      yield* io.err(`cgroup ${srcPath} error: ${L.strerror(r)} \n`);
      return yield* finish(io, ret);
    }
  }
  for (const name of p.operands) {
    const cg = newCgroup(name);
    copyCgroup(cg, src);
    ret = yield* L.modifyCgroup(cg);
    if (ret) {
      yield* io.err(`${prog}: cgroup modify error: ${L.strerror(ret)} \n`);
      return yield* finish(io, ret);
    }
  }
  return yield* finish(io, 0);
}

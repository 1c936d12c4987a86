// cgget (cgroup-tools 2.0.2): print parameters of control groups.
//   cgget [-nv] [-r <name>] [-g <controllers>] [-a] <path> ...
//   cgget [-nv] [-r <name>] -g <controllers>:<path> ...
// Output: "path:" then "name: value" lines and an empty line per group; a value read over several
// lines continues on lines indented with a tab. -n drops the headers, -v the names. Without -r,
// every file of the group's directory whose name starts with "<controller>." is printed, in
// readdir order. All values are read before anything is printed, so one failure prints nothing.
import type { Sys, Program, SysCall } from '../../kernel/syscall';
import { DT_REG } from '../../kernel/syscall';
import { getopt, isGetoptError } from '../lib/getopt';
import {
  Libcgroup, Stdio, finish, newCgroup, addController, getController, addValue, copyCgroup, strtokAll, fgetsAll, LL_MAX,
  ECGOTHER, ECGINVAL, ECGEOF, ECGFAIL, ECGMAXVALUESEXCEEDED, type Cgroup, type CgController,
  type ControlValue,
} from './lib';
import { helpText } from './texts';

const MODE_SHOW_HEADERS = 1;
const MODE_SHOW_NAMES = 2;

/** Thrown for the tool's exit() calls inside option parsing. */
class Exit {
  constructor(readonly code: number) {}
}

/** get_cv_value: read one named value (line by line, 99 bytes at a time, as fgets does). */
function* getCvValue(L: Libcgroup, cv: ControlValue, cgName: string, ctrl: string): SysCall<number> {
  // cgroup_read_value_begin
  let ret = 0;
  let lines: string[] = [];
  const path = L.buildPath(cgName, ctrl);
  if (path === null) ret = ECGOTHER;
  else {
    const r = yield* L.readText(`${path}/${cv.name}`);
    if (typeof r === 'number') {
      yield* L.cgWarn('Warning: fopen failed\n');
      L.lastErrno = -r;
      ret = ECGOTHER;
    } else {
      lines = fgetsAll(r, LL_MAX);
      if (lines.length === 0) ret = ECGEOF;
    }
  }
  if (ret === ECGEOF) return 0;
  if (ret !== 0) {
    if (ret === ECGOTHER) {
      if (!L.testSubsysMounted(ctrl)) yield* L.io.err(`cgget: cannot find controller '${ctrl}' in group '${cgName}'\n`);
      else yield* L.io.err(`variable file read failed ${L.strerror(ret)}\n`);
    }
    return ret;
  }
  const cut = (s: string) => {
    const i = s.indexOf('\n');
    return i < 0 ? s : s.slice(0, i);
  };
  cv.value = cut(lines[0]!);
  let multi = cv.value;
  for (const l of lines.slice(1)) {
    cv.value = '';
    multi += '\n\t' + cut(l);
  }
  cv.multiline = lines.length > 1 ? multi : undefined;
  return 0;
}

/** fill_empty_controller: every "<controller>." file of the group, with multi-line values indented. */
function* fillEmptyController(L: Libcgroup, cg: Cgroup, cgc: CgController): SysCall<number> {
  const mounted = L.controllersInOrder().some((t) => t.name === cgc.name);
  if (!mounted) return 0;
  const path = yield* L.groupDir(cg.name, cgc.name);
  if (path === null) return 0;
  const ents = yield* L.readDir(path);
  if (typeof ents === 'number') {
    L.lastErrno = -ents;
    return ECGOTHER;
  }
  for (const e of ents) {
    if (e.type !== DT_REG) continue;
    // (the real loop returns whatever the last file gave: ECGINVAL for "tasks" or
    // "notify_on_release" if one of them were last in readdir order; only ECGFAIL matters here)
    const ret = yield* L.fillCgc(e, cg, cgc, cgc.name);
    if (ret === ECGFAIL) return ret;
    const last = cgc.values[cgc.values.length - 1];
    if (last) {
      last.dirty = false;
      if (last.value.includes('\n')) last.multiline = strtokAll(last.value, '\n').join('\n\t');
    }
  }
  return 0;
}

function printCgroup(cg: Cgroup, mode: number): string {
  let s = '';
  if (mode & MODE_SHOW_HEADERS) s += `${cg.name}:\n`;
  for (const c of cg.controllers) {
    for (const v of c.values) {
      if (mode & MODE_SHOW_NAMES) s += `${v.name}: `;
      s += `${v.multiline ?? v.value}\n`;
    }
  }
  if (mode & MODE_SHOW_HEADERS) s += '\n';
  return s;
}

export function* cgget(sys: Sys, argv: string[], envp: string[]): Program {
  const prog = argv[0] ?? 'cgget';
  const io = yield* Stdio.open(sys);
  const usageErr = () => io.err(`Wrong input parameters, try ${prog} -h' for more information.\n`);
  if (argv.length < 2) {
    yield* usageErr();
    return yield* finish(io, 1);
  }
  const L = new Libcgroup(sys, io, envp);
  let ret = yield* L.init();
  if (ret) {
    yield* io.err(`${prog}: libcgroup initialization failed: ${L.strerror(ret)}\n`);
    return yield* finish(io, ret);
  }

  let mode = MODE_SHOW_NAMES | MODE_SHOW_HEADERS;
  const list: Cgroup[] = [];
  const createCg = () => {
    const cg = newCgroup('');
    list.push(cg);
    return cg;
  };

  // parse_a_flag: every mounted controller on the first group
  function* parseA(): SysCall<number> {
    const cg = list[0] ?? createCg();
    for (const t of L.controllersInOrder()) {
      if (!getController(cg, t.name) && !addController(cg, t.name)) {
        yield* io.err(`cgget: cannot find controller '${t.name}'\n`);
        return ECGOTHER;
      }
    }
    return 0;
  }

  function* parseOpts(): SysCall<number> {
    const p = getopt(argv.slice(1), 'r:hnvg:a', [
      { name: 'variable', arg: 'required', key: 'r' },
      { name: 'help', arg: 'none', key: 'h' },
      { name: 'all', arg: 'none', key: 'a' },
      { name: 'values-only', arg: 'none', key: 'v' },
    ]);
    let doNotFill = false;
    let firstIsDummy = false;
    let fill = false;
    for (const [key, val] of p.opts) {
      const v = val ?? '';
      switch (key) {
        case 'h':
          yield* io.out(helpText('cgget', prog));
          throw new Exit(0);
        case 'n':
          mode &= ~MODE_SHOW_HEADERS;
          break;
        case 'v':
          mode &= ~MODE_SHOW_NAMES;
          break;
        case 'r': {
          doNotFill = true;
          firstIsDummy = true;
          // parse_r_flag
          const cg = list[0] ?? createCg();
          const dot = v.indexOf('.');
          if (dot < 0) {
            yield* io.err('cgget: error parsing parameter name\n');
            yield* io.err(` '${v}'`);
            return ECGINVAL;
          }
          const ctrl = v.slice(0, dot);
          const cgc = getController(cg, ctrl) ?? addController(cg, ctrl);
          if (!cgc) {
            yield* io.err(`cgget: cannot find controller '${ctrl}'\n`);
            return ECGOTHER;
          }
          const r = addValue(cgc, v, '');
          if (r) return r;
          break;
        }
        case 'g':
          fill = true;
          if (!v.includes(':')) {
            // parse_g_flag_no_colon: controllers for the paths given as arguments
            firstIsDummy = true;
            if (list.length > 1) return ECGMAXVALUESEXCEEDED;
            const cg = list[0] ?? createCg();
            if (!getController(cg, v) && !addController(cg, v)) {
              yield* io.err(`cgget: cannot find controller '${v}'\n`);
              return ECGOTHER;
            }
          } else {
            // parse_g_flag_with_colon: a group of its own
            const cg = createCg();
            const colon = v.indexOf(':');
            cg.name = v.slice(colon + 1);
            for (const c of strtokAll(v.slice(0, colon), ',')) {
              if (!getController(cg, c) && !addController(cg, c)) {
                yield* io.err(`cgget: cannot find controller '${c}'\n`);
                return ECGOTHER;
              }
            }
          }
          break;
        case 'a': {
          fill = true;
          const r = yield* parseA();
          if (r) return r;
          break;
        }
      }
    }
    if (isGetoptError(p)) {
      yield* io.err(`${prog}: ${p.message}\n`);
      yield* usageErr();
      throw new Exit(1);
    }
    if (fill && doNotFill) {
      yield* usageErr();
      throw new Exit(1);
    }
    // parse_opt_args
    const ops = p.operands;
    if (ops.length === 0 && firstIsDummy) {
      yield* usageErr();
      throw new Exit(-1);
    }
    if (ops.length > 0 && list.length > 0 && list[0]!.name !== '') {
      yield* usageErr();
      throw new Exit(-1);
    }
    for (const name of ops) {
      const cg = list[list.length - 1];
      if (!cg) {
        const r = yield* parseA();
        if (r) return r;
        list[list.length - 1]!.name = name;
      } else if (cg.name.length === 0) cg.name = name;
      else {
        const n = createCg();
        copyCgroup(n, list[list.length - 2]!);
        n.name = name;
      }
    }
    return 0;
  }

  try {
    ret = yield* parseOpts();
  } catch (e) {
    if (e instanceof Exit) return yield* finish(io, e.code);
    throw e;
  }
  if (ret) return yield* finish(io, ret);

  // get_values
  for (const cg of list) {
    for (const c of cg.controllers) {
      for (const v of c.values) {
        ret = yield* getCvValue(L, v, cg.name, c.name);
        if (ret) return yield* finish(io, ret);
      }
      if (c.values.length === 0) {
        ret = yield* fillEmptyController(L, cg, c);
        if (ret) return yield* finish(io, ret);
      }
    }
  }
  let out = '';
  for (const cg of list) out += printCgroup(cg, mode);
  yield* io.out(out);
  return yield* finish(io, 0);
}

// nice (GNU coreutils 9.1) and renice (util-linux 2.38.1). Installed from the procps folder.
import type { Sys, Program, SysCall } from '../../kernel/syscall';
import { strerror, PRIO_PROCESS, PRIO_PGRP, PRIO_USER, ENOENT, EPERM, EACCES } from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { execvp } from '../lib/execvp';
import { loadIdDb } from '../lib/passwd';
import { getenv } from '../lib/procfs';

export const NICE_HELP = `Usage: nice [OPTION] [COMMAND [ARG]...]
Run COMMAND with an adjusted niceness, which affects process scheduling.
With no COMMAND, print the current niceness.  Niceness values range from
-20 (most favorable to the process) to 19 (least favorable to the process).

Mandatory arguments to long options are mandatory for short options too.
  -n, --adjustment=N   add integer N to the niceness (default 10)
      --help        display this help and exit
      --version     output version information and exit

NOTE: your shell may have its own version of nice, which usually supersedes
the version described here.  Please refer to your shell's documentation
for details about the options it supports.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/nice>
or available locally via: info '(coreutils) nice invocation'
`;

export const NICE_VERSION = `nice (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by David MacKenzie.
`;

/** getpriority(2) as glibc wraps it: the raw syscall returns 20 - nice, or -errno. */
function* getNice(sys: Sys, which: number, who: number): SysCall<number | { errno: number }> {
  const r = yield* sys.getpriority(which, who);
  if (r < 0) return { errno: -r };
  return 20 - r;
}

export function* nice(sys: Sys, argv: string[], envp: string[]): Program {
  const prog = argv[0] ?? 'nice';
  const loc = getenv(envp, 'LC_ALL') || getenv(envp, 'LC_MESSAGES') || getenv(envp, 'LANG') || '';
  const q = (s: string) => (/utf-?8/i.test(loc) ? `‘${s}’` : `'${s}'`);
  const tryHelp = `Try '${prog} --help' for more information.\n`;
  let adjustment: string | undefined;
  let i = 1;
  while (i < argv.length) {
    const s = argv[i]!;
    if (s[0] === '-' && /[0-9]/.test(s[1 + (s[1] === '-' || s[1] === '+' ? 1 : 0)] ?? '')) {
      adjustment = s.slice(1);
      i++;
      continue;
    }
    if (s === '--') {
      i++;
      break;
    }
    if (s.startsWith('--') && s.length > 2) {
      const eq = s.indexOf('=');
      const name = eq >= 0 ? s.slice(2, eq) : s.slice(2);
      const all = ['adjustment', 'help', 'version'];
      const c = all.filter((x) => x.startsWith(name));
      const o = all.includes(name) ? name : c.length === 1 ? c[0] : undefined;
      if (!o) {
        yield* writeAll(sys, 2, (c.length > 1 ? `${prog}: option '${s}' is ambiguous; possibilities:${c.map((x) => ` '--${x}'`).join('')}\n` : `${prog}: unrecognized option '${s}'\n`) + tryHelp);
        return 125;
      }
      if (o === 'help') {
        yield* writeAll(sys, 1, NICE_HELP.replace('Usage: nice', `Usage: ${prog}`));
        return 0;
      }
      if (o === 'version') {
        yield* writeAll(sys, 1, NICE_VERSION);
        return 0;
      }
      const v = eq >= 0 ? s.slice(eq + 1) : argv[++i];
      if (v === undefined) {
        yield* writeAll(sys, 2, `${prog}: option '--adjustment' requires an argument\n${tryHelp}`);
        return 125;
      }
      adjustment = v;
      i++;
      continue;
    }
    if (s[0] === '-' && s.length > 1) {
      if (s[1] !== 'n') {
        yield* writeAll(sys, 2, `${prog}: invalid option -- '${s[1]}'\n${tryHelp}`);
        return 125;
      }
      const v = s.length > 2 ? s.slice(2) : argv[++i];
      if (v === undefined) {
        yield* writeAll(sys, 2, `${prog}: option requires an argument -- 'n'\n${tryHelp}`);
        return 125;
      }
      adjustment = v;
      i++;
      continue;
    }
    break;
  }
  let adj = 10;
  if (adjustment !== undefined) {
    if (!/^\s*[+-]?[0-9]+$/.test(adjustment)) {
      yield* writeAll(sys, 2, `${prog}: invalid adjustment ${q(adjustment)}\n`);
      return 125;
    }
    adj = Math.max(-39, Math.min(39, parseInt(adjustment, 10)));
  }
  if (i >= argv.length) {
    if (adjustment !== undefined) {
      yield* writeAll(sys, 2, `${prog}: a command must be given with an adjustment\n${tryHelp}`);
      return 125;
    }
    const cur = yield* getNice(sys, PRIO_PROCESS, 0);
    if (typeof cur !== 'number') {
      yield* writeAll(sys, 2, `${prog}: cannot get niceness: ${strerror(cur.errno)}\n`);
      return 125;
    }
    yield* writeAll(sys, 1, `${cur}\n`);
    return 0;
  }
  const cur = yield* getNice(sys, PRIO_PROCESS, 0);
  const base = typeof cur === 'number' ? cur : 0;
  const r = yield* sys.setpriority(PRIO_PROCESS, 0, base + adj);
  if (r < 0) {
    yield* writeAll(sys, 2, `${prog}: cannot set niceness: ${strerror(-r)}\n`);
    if (r !== -EPERM && r !== -EACCES) return 125;
  }
  const e = yield* execvp(sys, argv[i]!, argv.slice(i), envp);
  yield* writeAll(sys, 2, `${prog}: ${q(argv[i]!)}: ${strerror(-e)}\n`);
  return e === -ENOENT ? 127 : 126;
}

export const RENICE_HELP = `
Usage:
 renice [-n] <priority> [-p|--pid] <pid>...
 renice [-n] <priority>  -g|--pgrp <pgid>...
 renice [-n] <priority>  -u|--user <user>...

Alter the priority of running processes.

Options:
 -n, --priority <num>   specify the nice value
 -p, --pid              interpret arguments as process ID (default)
 -g, --pgrp             interpret arguments as process group ID
 -u, --user             interpret arguments as username or user ID

 -h, --help             display this help
 -V, --version          display version

For more details see renice(1).
`;

export function* renice(sys: Sys, argv: string[]): Program {
  const prog = 'renice';
  let args = argv.slice(1);
  const tryHelp = `Try '${prog} --help' for more information.\n`;
  if (args.length === 1) {
    if (args[0] === '-h' || args[0] === '--help') {
      yield* writeAll(sys, 1, RENICE_HELP);
      return 0;
    }
    if (args[0] === '-v' || args[0] === '-V' || args[0] === '--version') {
      yield* writeAll(sys, 1, 'renice from util-linux 2.38.1\n');
      return 0;
    }
  }
  if (args[0] === '-n' || args[0] === '--priority') args = args.slice(1);
  if (args.length < 2) {
    yield* writeAll(sys, 2, `${prog}: not enough arguments\n${tryHelp}`);
    return 1;
  }
  const pstr = args[0]!;
  if (!/^\s*[+-]?[0-9]*$/.test(pstr)) {
    yield* writeAll(sys, 2, `${prog}: invalid priority '${pstr}'\n${tryHelp}`);
    return 1;
  }
  const prio = parseInt(pstr, 10) || 0;
  const idtype = ['process ID', 'process group ID', 'user ID'];
  let which = PRIO_PROCESS;
  let errs = 0;
  let out = '';
  const ids = yield* loadIdDb(sys);
  for (const a of args.slice(1)) {
    if (a === '-g' || a === '--pgrp') {
      which = PRIO_PGRP;
      continue;
    }
    if (a === '-u' || a === '--user') {
      which = PRIO_USER;
      continue;
    }
    if (a === '-p' || a === '--pid') {
      which = PRIO_PROCESS;
      continue;
    }
    let who: number;
    if (which === PRIO_USER) {
      const u = ids.userByName(a);
      who = u ? u.uid : /^\s*[+-]?[0-9]+$/.test(a) ? parseInt(a, 10) : -1;
      if (who < 0) {
        yield* writeAll(sys, 1, out);
        out = '';
        yield* writeAll(sys, 2, `${prog}: unknown user ${a}\n`);
        errs = 1;
        continue;
      }
    } else {
      who = /^\s*[+-]?[0-9]*$/.test(a) ? parseInt(a, 10) || 0 : -1;
      if (who < 0) {
        yield* writeAll(sys, 1, out);
        out = '';
        yield* writeAll(sys, 2, `${prog}: bad ${idtype[which]} value: ${a}\n`);
        errs = 1;
        continue;
      }
    }
    const old = yield* getNice(sys, which, who);
    if (typeof old !== 'number') {
      yield* writeAll(sys, 1, out);
      out = '';
      yield* writeAll(sys, 2, `${prog}: failed to get priority for ${who} (${idtype[which]}): ${strerror(old.errno)}\n`);
      errs = 1;
      continue;
    }
    const r = yield* sys.setpriority(which, who, prio);
    if (r < 0) {
      yield* writeAll(sys, 1, out);
      out = '';
      yield* writeAll(sys, 2, `${prog}: failed to set priority for ${who} (${idtype[which]}): ${strerror(-r)}\n`);
      errs = 1;
      continue;
    }
    const nw = yield* getNice(sys, which, who);
    out += `${who} (${idtype[which]}) old priority ${old}, new priority ${typeof nw === 'number' ? nw : prio}\n`;
  }
  if (out) yield* writeAll(sys, 1, out);
  return errs ? 1 : 0;
}


// kill (procps-ng 4.0.2 src/kill.c): /usr/bin/kill, not the bash builtin.
import type { Sys, Program } from '../../kernel/syscall';
import { strerror, SIGTERM } from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { getopt, isGetoptError, type LongOpt } from '../lib/getopt';
import { signalNameToNumber, strtosig, unixPrintSignals, prettyPrintSignals } from './signals';

export const KILL_USAGE = (short: string) => `
Usage:
 ${short} [options] <pid> [...]

Options:
 <pid> [...]            send signal to every <pid> listed
 -<signal>, -s, --signal <signal>
                        specify the <signal> to be sent
 -q, --queue <value>    integer value to be sent with the signal
 -l, --list=[<signal>]  list all signal names, or convert one to a name
 -L, --table            list all signal names in a nice table

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see kill(1).
`;

/** strtol_or_err: a whole base-10 long, or undefined. */
export function strtolOrUndef(s: string): number | undefined {
  if (!/^\s*[+-]?[0-9]+$/.test(s)) return undefined;
  const v = parseInt(s, 10);
  if (!Number.isSafeInteger(v)) return undefined;
  return v;
}

const KILL_LONGS: LongOpt[] = [
  { name: 'list', arg: 'optional', key: 'l' },
  { name: 'table', arg: 'none', key: 'L' },
  { name: 'signal', arg: 'required', key: 's' },
  { name: 'help', arg: 'none', key: 'h' },
  { name: 'version', arg: 'none', key: 'V' },
  { name: 'queue', arg: 'required', key: 'q' },
];

export function* kill(sys: Sys, argv: string[]): Program {
  const prog = argv[0] ?? 'kill';
  const short = prog.slice(prog.lastIndexOf('/') + 1);
  const usage = KILL_USAGE(short);
  let args = argv.slice(1);
  if (args.length < 1) {
    yield* writeAll(sys, 2, usage);
    return 1;
  }
  // skill_sig_option: the first "-SIG" argument that parses as a signal is taken out
  let signo = -1;
  for (let i = 0; i < args.length; i++) {
    if (args[i]![0] === '-') {
      signo = signalNameToNumber(args[i]!.slice(1));
      if (signo > -1) {
        args = [...args.slice(0, i), ...args.slice(i + 1)];
        break;
      }
    }
  }
  if (signo < 0) signo = SIGTERM;

  let exitvalue = 0;
  const doKill = (pid: number, sig: number) => sys.kill(pid, sig);
  const listOne = function* (s: string): Program {
    const r = strtosig(s);
    if (r !== undefined) yield* writeAll(sys, 1, r + '\n');
    else yield* writeAll(sys, 2, `${prog}: unknown signal name ${s}\n`);
    return 0;
  };
  // kill.c: opterr = 0 (it prints its own "invalid argument %c"); -l's optional argument may also be the next word
  const parsed = getopt(args, 'l::Ls:hVq:', KILL_LONGS);
  for (let k = 0; k < parsed.opts.length; k++) {
    const [c, v] = parsed.opts[k]!;
    switch (c) {
      case 'l': {
        const next = args[parsed.optind[k]!];
        const s = v ?? (next !== undefined && next[0] !== '-' ? next : undefined);
        if (s !== undefined) return yield* listOne(s);
        yield* writeAll(sys, 1, unixPrintSignals());
        return 0;
      }
      case 'L':
        yield* writeAll(sys, 1, prettyPrintSignals());
        return 0;
      case 'h':
        yield* writeAll(sys, 1, usage);
        return 0;
      case 'V':
        yield* writeAll(sys, 1, 'kill from procps-ng 4.0.2\n');
        return 0;
      case 's':
        signo = signalNameToNumber(v!);
        break;
      case 'q':
        if (strtolOrUndef(v!) === undefined) {
          yield* writeAll(sys, 2, `${prog}: must be an integer value to be passed with the signal.: '${v}'\n`);
          return 1;
        }
        break;
    }
  }
  if (isGetoptError(parsed)) {
    const c = parsed.optopt;
    if (c >= '0' && c <= '9' && c.length === 1) {
      // "kill -9 -123": getopt sees -1 as an unknown option; procps signals pid -(digit)
      const r = yield* doKill(-Number(c), signo);
      return r === 0 ? 1 : exitvalue;
    }
    // printf("%c", optopt) writes a NUL byte when glibc leaves optopt 0 (unrecognized/ambiguous long option)
    yield* writeAll(sys, 2, `${prog}: invalid argument ${c || '\0'}\n${usage}`);
    return 1;
  }
  const { operands } = parsed;
  if (operands.length < 1) {
    yield* writeAll(sys, 2, usage);
    return 1;
  }
  let errs = '';
  for (const o of operands) {
    const pid = strtolOrUndef(o);
    if (pid === undefined) {
      if (errs) yield* writeAll(sys, 2, errs);
      yield* writeAll(sys, 2, `${prog}: failed to parse argument: '${o}'\n`);
      return 1;
    }
    const r = yield* doKill(pid, signo);
    if (r === 0) continue;
    errs += `${prog}: (${pid}): ${strerror(-r)}\n`;
    exitvalue = 1;
  }
  if (errs) yield* writeAll(sys, 2, errs);
  return exitvalue;
}

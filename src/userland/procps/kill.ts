// kill (procps-ng 4.0.2 src/kill.c): /usr/bin/kill, not the bash builtin.
import type { Sys, Program } from '../../kernel/syscall';
import { strerror, SIGTERM } from '../../kernel/syscall';
import { writeAll } from '../lib/io';
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

  const operands: string[] = [];
  let exitvalue = 0;
  const doKill = (pid: number, sig: number) => sys.kill(pid, sig);
  const listOne = function* (s: string): Program {
    const r = strtosig(s);
    if (r !== undefined) yield* writeAll(sys, 1, r + '\n');
    else yield* writeAll(sys, 2, `${prog}: unknown signal name ${s}\n`);
    return 0;
  };
  const longs = ['list', 'table', 'signal', 'help', 'version', 'queue'];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const val = eq >= 0 ? a.slice(eq + 1) : undefined;
      const cands = longs.filter((l) => l.startsWith(name));
      const opt = longs.includes(name) ? name : cands.length === 1 ? cands[0] : undefined;
      if (!opt) {
        yield* writeAll(sys, 2, `${prog}: invalid argument \n${usage}`);
        return 1;
      }
      switch (opt) {
        case 'list': {
          const s = val ?? (args[i + 1] !== undefined && args[i + 1]![0] !== '-' ? args[i + 1] : undefined);
          if (s !== undefined) return yield* listOne(s);
          yield* writeAll(sys, 1, unixPrintSignals());
          return 0;
        }
        case 'table':
          yield* writeAll(sys, 1, prettyPrintSignals());
          return 0;
        case 'help':
          yield* writeAll(sys, 1, usage);
          return 0;
        case 'version':
          yield* writeAll(sys, 1, 'kill from procps-ng 4.0.2\n');
          return 0;
        case 'signal': case 'queue': {
          const v = val ?? args[++i];
          if (v === undefined) {
            yield* writeAll(sys, 2, `${prog}: invalid argument \n${usage}`);
            return 1;
          }
          if (opt === 'signal') signo = signalNameToNumber(v);
          else if (strtolOrUndef(v) === undefined) {
            yield* writeAll(sys, 2, `${prog}: must be an integer value to be passed with the signal.: '${v}'\n`);
            return 1;
          }
          break;
        }
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const rest = a.slice(j + 1);
        if (c === 'l') {
          const s = rest || (args[i + 1] !== undefined && args[i + 1]![0] !== '-' ? args[i + 1] : undefined);
          if (s) return yield* listOne(s);
          yield* writeAll(sys, 1, unixPrintSignals());
          return 0;
        }
        if (c === 'L') {
          yield* writeAll(sys, 1, prettyPrintSignals());
          return 0;
        }
        if (c === 'h') {
          yield* writeAll(sys, 1, usage);
          return 0;
        }
        if (c === 'V') {
          yield* writeAll(sys, 1, 'kill from procps-ng 4.0.2\n');
          return 0;
        }
        if (c === 's' || c === 'q') {
          const v = rest || args[++i];
          if (v === undefined) {
            yield* writeAll(sys, 2, `${prog}: invalid argument ${c}\n${usage}`);
            return 1;
          }
          if (c === 's') signo = signalNameToNumber(v);
          else if (strtolOrUndef(v) === undefined) {
            yield* writeAll(sys, 2, `${prog}: must be an integer value to be passed with the signal.: '${v}'\n`);
            return 1;
          }
          break;
        }
        if (c >= '0' && c <= '9') {
          // "kill -9 -123": getopt sees -1 as an unknown option; procps signals pid -(digit)
          const pid = -Number(c);
          const r = yield* doKill(pid, signo);
          return r === 0 ? 1 : exitvalue;
        }
        yield* writeAll(sys, 2, `${prog}: invalid argument ${c}\n${usage}`);
        return 1;
      }
      continue;
    }
    operands.push(a);
  }
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

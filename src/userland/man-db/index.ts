// man (man-db 2.11): prints pre-formatted pages from /usr/share/man/manN/NAME.N. The pager is not
// modelled: the page is written straight to stdout, as `man NAME | cat` would show it.
import type { Sys, Program } from '../../kernel/syscall';
import { writeAll, readFile } from '../lib/io';
import { getopt, isGetoptError } from '../lib/getopt';
import type { BuiltinProgram } from '../lib/registry';
import { MAN } from './man-texts';

// man-db's default section search order (SECTION in man_db.conf), restricted to real sections
const ORDER = ['1', 'n', 'l', '8', '3', '0', '2', '5', '4', '9', '6', '7'];

export function* man(sys: Sys, argv: string[], envp: string[]): Program {
  void envp;
  const prog = argv[0] ?? 'man';
  const p = getopt(argv.slice(1), 'wWaPS:s:hV', [
    { name: 'where', arg: 'none', key: 'w' },
    { name: 'path', arg: 'none', key: 'w' },
    { name: 'all', arg: 'none', key: 'a' },
    { name: 'pager', arg: 'required', key: 'P' },
    { name: 'sections', arg: 'required', key: 'S' },
    { name: 'help', arg: 'none', key: 'h' },
    { name: 'version', arg: 'none', key: 'V' },
  ]);
  if (isGetoptError(p)) {
    yield* writeAll(sys, 2, `${prog}: ${p.message}\nTry '${prog} --help' or '${prog} --usage' for more information.\n`);
    return 2;
  }
  let where = false;
  let all = false;
  let sections = ORDER;
  for (const [k, v] of p.opts) {
    if (k === 'w' || k === 'W') where = true;
    else if (k === 'a') all = true;
    else if (k === 'S' || k === 's') sections = v!.split(/[:,]/);
    else if (k === 'V') {
      yield* writeAll(sys, 1, 'man 2.11.2\n');
      return 0;
    } else if (k === 'h') {
      yield* writeAll(sys, 1, 'Usage: man [OPTION...] [SECTION] PAGE...\n\n  -a, --all                  find all matching manual pages\n  -w, --where, --path, --location\n                             print physical location of man page(s)\n  -S, -s, --sections=LIST    use colon separated section list\n  -P, --pager=PAGER          use program PAGER to display output\n  -?, --help                 give this help list\n  -V, --version              print program version\n');
      return 0;
    }
  }
  const ops = p.operands.slice();
  let section: string | undefined;
  if (ops.length > 1 && /^[0-9n](\w*)$/.test(ops[0]!)) section = ops.shift();
  if (ops.length === 0) {
    if (section !== undefined) {
      yield* writeAll(sys, 2, `No manual entry for ${section}\n`);
      return 16;
    }
    yield* writeAll(sys, 2, "What manual page do you want?\nFor example, try 'man man'.\n");
    return 1;
  }
  let status = 0;
  let first = true;
  for (const name of ops) {
    const secs = section !== undefined ? [section] : sections;
    let found = false;
    for (const s of secs) {
      const path = `/usr/share/man/man${s[0]}/${name}.${s}`;
      const text = yield* readFile(sys, path);
      if (typeof text === 'number') continue;
      found = true;
      if (where) yield* writeAll(sys, 1, path + '\n');
      else {
        yield* writeAll(sys, 1, (first ? '' : '\n') + text);
        first = false;
      }
      if (!all) break;
    }
    if (!found) {
      yield* writeAll(sys, 2, section !== undefined ? `No manual entry for ${name} in section ${section}\n` : `No manual entry for ${name}\n`);
      status = 16;
    }
  }
  return status;
}

export const programs: BuiltinProgram[] = [
  { name: 'man', main: man, vszKb: 8560, rssKb: 4300, paths: ['/usr/bin/man'], man: MAN['man'] },
];

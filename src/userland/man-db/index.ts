// man (man-db 2.11): prints pre-formatted pages from /usr/share/man/manN/NAME.N. The pager is not
// modelled: the page is written straight to stdout, as `man NAME | cat` would show it.
import type { Sys, SysCall, Program } from '../../kernel/syscall';
import { O_RDONLY, O_DIRECTORY } from '../../kernel/syscall';
import { writeAll, readFile } from '../lib/io';
import { getopt, isGetoptError } from '../lib/getopt';
import type { BuiltinProgram } from '../lib/registry';
import { MAN, MAN_HELP } from './man-texts';

// man-db's default section search order (SECTION in man_db.conf), restricted to real sections
const ORDER = ['1', 'n', 'l', '8', '3', '0', '2', '5', '4', '9', '6', '7'];

export function* man(sys: Sys, argv: string[], envp: string[]): Program {
  void envp;
  const prog = argv[0] ?? 'man';
  const p = getopt(argv.slice(1), 'wWaP:S:s:hVkf', [
    { name: 'apropos', arg: 'none', key: 'k' },
    { name: 'whatis', arg: 'none', key: 'f' },
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
  let lookup: 'k' | 'f' | undefined;
  let all = false;
  let sections = ORDER;
  for (const [k, v] of p.opts) {
    if (k === 'w' || k === 'W') where = true;
    else if (k === 'k' || k === 'f') lookup = k;
    else if (k === 'a') all = true;
    else if (k === 'S' || k === 's') sections = v!.split(/[:,]/);
    else if (k === 'V') {
      yield* writeAll(sys, 1, 'man 2.11.2\n');
      return 0;
    } else if (k === 'h') {
      yield* writeAll(sys, 1, MAN_HELP);
      return 0;
    }
  }
  if (lookup) return yield* whatisApropos(sys, lookup, p.operands);
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

/** The NAME lines of every installed page: [name, section, description]. */
function* whatisDb(sys: Sys): SysCall<Array<[string, string, string]>> {
  const db: Array<[string, string, string]> = [];
  for (const sec of ['1', '2', '3', '4', '5', '6', '7', '8']) {
    const dir = `/usr/share/man/man${sec}`;
    const fd = yield* sys.open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) continue;
    const ents = yield* sys.getdents(fd);
    yield* sys.close(fd);
    if (typeof ents === 'number') continue;
    for (const e of ents) {
      const m = /^(.+)\.(\d\w*)$/.exec(e.name);
      if (!m) continue;
      const text = yield* readFile(sys, `${dir}/${e.name}`);
      if (typeof text === 'number') continue;
      // the NAME section: "       ls - list directory contents" (possibly continued on more lines)
      const nm = /^NAME\n((?: {7}.*\n)+)/m.exec(text);
      if (!nm) continue;
      const line = nm[1]!.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
      const dash = line.indexOf(' - ');
      if (dash < 0) continue;
      const desc = line.slice(dash + 3);
      for (const n of line.slice(0, dash).split(/,\s*/)) db.push([n.trim(), m[2]!, desc]);
    }
  }
  const key = (x: string): string => x.toLowerCase().replace(/[^a-z0-9]/g, '');
  db.sort((a, b) => (key(a[0]) < key(b[0]) ? -1 : key(a[0]) > key(b[0]) ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return db;
}

/** man -k (apropos: regex on names and descriptions) and man -f (whatis: exact name). */
function* whatisApropos(sys: Sys, mode: 'k' | 'f', words: string[]): Program {
  if (words.length === 0) {
    yield* writeAll(sys, 2, `${mode === 'k' ? 'apropos' : 'whatis'} what?\n`);
    return 1;
  }
  const db = yield* whatisDb(sys);
  let out = '';
  let status = 0;
  const hits = new Set<number>();
  for (const w of words) {
    let re: RegExp | undefined;
    if (mode === 'k') {
      try {
        re = new RegExp(w, 'i');
      } catch {
        re = new RegExp(w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
      }
    }
    let found = false;
    db.forEach(([n, , d], i) => {
      const ok = re ? re.test(n) || re.test(d) : n.toLowerCase() === w.toLowerCase();
      if (!ok) return;
      found = true;
      if (mode === 'f') out += fmtWhatis(db[i]!);
      else hits.add(i);
    });
    if (!found) {
      yield* writeAll(sys, 1, out);
      out = '';
      yield* writeAll(sys, 2, `${w}: nothing appropriate.\n`);
      status = 16;
    }
  }
  for (const i of [...hits].sort((a, b) => a - b)) out += fmtWhatis(db[i]!);
  yield* writeAll(sys, 1, out);
  return status;
}

function fmtWhatis([n, s, d]: [string, string, string]): string {
  return `${`${n} (${s})`.padEnd(20)} - ${d}\n`;
}

export const programs: BuiltinProgram[] = [
  { name: 'man', main: man, vszKb: 8560, rssKb: 4300, paths: ['/usr/bin/man'], man: MAN['man'] },
];

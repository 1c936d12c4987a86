// Programs that describe the simulator itself (not Linux tools): `lab-syscalls` prints the
// syscall table with each entry's support level, so a student can see what is modelled.
import type { BuiltinProgram } from '../userland/lib/registry';
import type { Sys, Program } from '../kernel/syscall/api';
import { SYSCALL_TABLE } from '../kernel/syscall/table';
import { writeAll } from '../userland/lib/io';

function renderTable(filter?: string): string {
  const rows = Object.entries(SYSCALL_TABLE)
    .filter(([name]) => !filter || name.includes(filter))
    .sort((a, b) => a[0].localeCompare(b[0]));
  let out = `${'SYSCALL'.padEnd(18)}${'SUPPORT'.padEnd(9)}NOTES\n`;
  for (const [name, e] of rows) out += `${name.padEnd(18)}${e.support.padEnd(9)}${e.note}\n`;
  return out;
}

const HELP = `Usage: lab-syscalls [NAME]
Print the simulated kernel's syscall table: each syscall, how faithfully it is
modelled (full, partial, stub) and what it ignores. With NAME, only the
syscalls whose name contains NAME.
`;

function* labSyscalls(sys: Sys, argv: string[]): Program {
  const a = argv.slice(1);
  if (a[0] === '-h' || a[0] === '--help') {
    yield* writeAll(sys, 1, HELP);
    return 0;
  }
  if (a.length > 1 || (a[0] !== undefined && a[0].startsWith('-'))) {
    yield* writeAll(sys, 2, `lab-syscalls: invalid argument '${a[a.length - 1]}'\n${HELP}`);
    return 2;
  }
  yield* writeAll(sys, 1, renderTable(a[0]));
  return 0;
}

export const labPrograms: BuiltinProgram[] = [
  {
    name: 'lab-syscalls',
    paths: ['/usr/local/bin/lab-syscalls'],
    main: labSyscalls,
    vszKb: 2400,
    rssKb: 900,
    man: `LAB-SYSCALLS(1)\n\nNAME\n       lab-syscalls - list the simulated kernel's system calls\n\nSYNOPSIS\n       lab-syscalls [NAME]\n\nDESCRIPTION\n${HELP.split('\n').slice(1).map((l) => (l ? '       ' + l : '')).join('\n')}`,
  },
];

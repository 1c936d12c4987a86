// procps-ng 4.0.2 as installed on Debian 12 (plus nice from coreutils 9.1 and renice from
// util-linux 2.38.1, kept here because they are the "process priority" tools of the lab).
import type { ProgramMain } from '../../kernel/syscall';
import type { BuiltinProgram } from '../lib/registry';
import { ps } from './ps';
import { top } from './top';
import { kill } from './kill';
import { pgrep, pkill } from './pgrep';
import { free } from './free';
import { uptime } from './uptime';
import { nice, renice } from './nice';
import { watch } from './watch';
import { MAN } from './man-texts';

// [name, main, VSZ KiB, RSS KiB, install paths] — footprints measured on Debian 12 after exec
const TABLE: Array<[string, ProgramMain, number, number, string[]]> = [
  ['ps', ps, 8548, 4636, ['/usr/bin/ps']],
  ['top', top, 9056, 5180, ['/usr/bin/top']],
  ['kill', (sys, argv) => kill(sys, argv), 6464, 2816, ['/usr/bin/kill']],
  ['pgrep', (sys, argv) => pgrep(sys, argv), 7080, 3328, ['/usr/bin/pgrep']],
  ['pkill', (sys, argv) => pkill(sys, argv), 7080, 3328, ['/usr/bin/pkill']],
  ['free', (sys, argv) => free(sys, argv), 6568, 2900, ['/usr/bin/free']],
  ['uptime', (sys, argv) => uptime(sys, argv), 6568, 2880, ['/usr/bin/uptime']],
  ['watch', watch, 3472, 2708, ['/usr/bin/watch']],
  ['nice', nice, 2920, 1752, ['/usr/bin/nice']],
  ['renice', (sys, argv) => renice(sys, argv), 3076, 1924, ['/usr/bin/renice']],
];

export const programs: BuiltinProgram[] = TABLE.map(([name, main, vszKb, rssKb, paths]) => ({
  name,
  main,
  vszKb,
  rssKb,
  paths,
  man: MAN[name],
}));

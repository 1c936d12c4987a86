// GNU coreutils 9.1 as installed on Debian 12.
import type { ProgramMain } from '../../kernel/syscall';
import type { BuiltinProgram } from '../lib/registry';
import { ls } from './ls';
import { cat, head, tail, wc, tee } from './files';
import { mkdir, mkfifo, rmdir, rm, touch, cp, mv, ln, readlink, stat } from './fsops';
import { echo, printf, sort, uniq, cut, tr, seq } from './text';
import { sleep, trueProg, falseProg, yes, env, id, whoami, uname, pwd, xargs } from './misc';
import { MAN } from './man-texts';
import { date } from './date';
import { stty } from './stty';
import { chmod, chown, chgrp, truncate, chroot } from './attrs';
import { du, df } from './diskusage';

// [name, main, VSZ KiB, RSS KiB] — footprints measured on Debian 12 right after exec
const TABLE: Array<[string, ProgramMain, number, number]> = [
  ['ls', ls, 4236, 2304],
  ['cat', cat, 3060, 1852],
  ['echo', echo, 2920, 1664],
  ['printf', printf, 2924, 1680],
  ['mkdir', mkdir, 2940, 1700],
  ['mkfifo', mkfifo, 2924, 1700],
  ['rmdir', rmdir, 2920, 1660],
  ['rm', rm, 2920, 1720],
  ['touch', touch, 2932, 1720],
  ['cp', cp, 3980, 2048],
  ['mv', mv, 4012, 2060],
  ['ln', ln, 2924, 1700],
  ['stat', stat, 3060, 1900],
  ['head', head, 2928, 1692],
  ['tail', tail, 2952, 1784],
  ['wc', wc, 2932, 1700],
  ['sort', sort, 11316, 1840],
  ['uniq', uniq, 2928, 1612],
  ['cut', cut, 2928, 1708],
  ['tr', tr, 2944, 1652],
  ['seq', seq, 2940, 1744],
  ['tee', tee, 2924, 1736],
  ['xargs', xargs, 3216, 1860],
  ['sleep', sleep, 2920, 1796],
  ['date', date, 5704, 1928],
  ['stty', stty, 5692, 1956],
  ['true', trueProg, 2920, 1600],
  ['false', falseProg, 2920, 1600],
  ['yes', yes, 2920, 1748],
  ['env', env, 2920, 1700],
  ['id', id, 3284, 1900],
  ['whoami', whoami, 2920, 1664],
  ['uname', uname, 2920, 1664],
  ['pwd', pwd, 2920, 1652],
  ['readlink', readlink, 2924, 1680],
  ['chmod', chmod, 2944, 1764],
  ['chown', chown, 2948, 1968],
  ['chgrp', chgrp, 2948, 1968],
  ['truncate', truncate, 2924, 1736],
  ['chroot', chroot, 2928, 1936],
  ['du', du, 3052, 1972],
  ['df', df, 2980, 2060],
];

/** Programs Debian installs in /usr/sbin rather than /usr/bin. */
const SBIN = new Set(['chroot']);

export const programs: BuiltinProgram[] = TABLE.map(([name, main, vszKb, rssKb]) => ({
  name,
  main,
  vszKb,
  rssKb,
  paths: [SBIN.has(name) ? `/usr/sbin/${name}` : `/usr/bin/${name}`],
  man: MAN[name],
}));

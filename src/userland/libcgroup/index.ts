// cgroup-tools 2.0.2 (Debian 12, libcgroup): create, list, inspect, change and remove control
// groups, and run or move processes into them, all through the cgroup file systems.
import type { BuiltinProgram } from '../lib/registry';
import { cgcreate } from './cgcreate';
import { cgexec } from './cgexec';
import { cgclassify } from './cgclassify';
import { cgdelete } from './cgdelete';
import { lscgroup } from './lscgroup';
import { cgget } from './cgget';
import { cgset } from './cgset';
import { MAN } from './texts';

const SIZE = { vszKb: 5560, rssKb: 2600 };

export const programs: BuiltinProgram[] = [
  { name: 'cgcreate', main: cgcreate, ...SIZE, paths: ['/usr/bin/cgcreate'], man: MAN['cgcreate'] },
  { name: 'cgexec', main: cgexec, ...SIZE, paths: ['/usr/bin/cgexec'], man: MAN['cgexec'] },
  { name: 'cgclassify', main: cgclassify, ...SIZE, paths: ['/usr/bin/cgclassify'], man: MAN['cgclassify'] },
  { name: 'cgdelete', main: cgdelete, ...SIZE, paths: ['/usr/bin/cgdelete'], man: MAN['cgdelete'] },
  { name: 'lscgroup', main: lscgroup, ...SIZE, paths: ['/usr/bin/lscgroup'], man: MAN['lscgroup'] },
  { name: 'cgget', main: cgget, ...SIZE, paths: ['/usr/bin/cgget'], man: MAN['cgget'] },
  { name: 'cgset', main: cgset, ...SIZE, paths: ['/usr/bin/cgset'], man: MAN['cgset'] },
];

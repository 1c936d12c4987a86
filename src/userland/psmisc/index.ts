// psmisc 23.6 as installed on Debian 12: pstree.
import type { BuiltinProgram } from '../lib/registry';
import { pstree } from './pstree';
import { MAN } from './man-texts';

export const programs: BuiltinProgram[] = [
  { name: 'pstree', main: pstree, vszKb: 6252, rssKb: 3044, paths: ['/usr/bin/pstree'], man: MAN.pstree },
];

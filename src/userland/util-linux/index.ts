// util-linux 2.38 (Debian 12). Only dmesg so far.
import type { BuiltinProgram } from '../lib/registry';
import { dmesg } from './dmesg';
import { MAN } from './man-texts';

export const programs: BuiltinProgram[] = [
  { name: 'dmesg', main: dmesg, vszKb: 3168, rssKb: 2100, paths: ['/usr/bin/dmesg'], man: MAN['dmesg'] },
];

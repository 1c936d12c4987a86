// stress 1.0.7 as installed on Debian 12 (package "stress").
import type { BuiltinProgram } from '../lib/registry';
import { stress } from './stress';
import { MAN } from './man-texts';

export const programs: BuiltinProgram[] = [
  { name: 'stress', main: (sys, argv) => stress(sys, argv), vszKb: 3384, rssKb: 2024, paths: ['/usr/bin/stress'], man: MAN.stress },
];

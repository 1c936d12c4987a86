// Container runtimes and their helpers (ARCHITECTURE.md: runc, containerd, dockerd, docker CLI and
// tini live here). So far: tini, as Debian 12's package installs it.
import type { BuiltinProgram } from '../lib/registry';
import { tini } from './tini';

export const programs: BuiltinProgram[] = [
  // a small static-ish C program: a few hundred KiB resident
  { name: 'tini', main: tini, vszKb: 2392, rssKb: 904, paths: ['/usr/bin/tini'] },
];

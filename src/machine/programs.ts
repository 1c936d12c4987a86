// Every userland package's programs, installed into the machine as `#!builtin NAME` binaries.
import type { BuiltinProgram } from '../userland/lib/registry';
import { programs as init } from '../userland/init';
import { programs as sh } from '../userland/sh';
import { programs as coreutils } from '../userland/coreutils';
import { programs as grep } from '../userland/grep';
import { programs as hostname } from '../userland/hostname';
import { programs as manDb } from '../userland/man-db';
import { programs as ncursesBin } from '../userland/ncurses-bin';
import { programs as utilLinux } from '../userland/util-linux';
import { programs as procps } from '../userland/procps';
import { programs as psmisc } from '../userland/psmisc';
import { programs as stress } from '../userland/stress';
import { programs as libcgroup } from '../userland/libcgroup';
import { programs as attr } from '../userland/attr';
import { programs as container } from '../userland/container';
import { labPrograms } from './lab-tools';

export const PACKAGES: ReadonlyArray<readonly BuiltinProgram[]> = [
  init, sh, coreutils, grep, hostname, manDb, ncursesBin, utilLinux, procps, psmisc, stress, libcgroup, attr, container, labPrograms,
];

export function allPrograms(): BuiltinProgram[] {
  return PACKAGES.flat();
}

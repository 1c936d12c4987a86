// Every userland package's programs, installed into the machine as `#!builtin NAME` binaries.
import type { BuiltinProgram } from '../userland/lib/registry';
import { programs as init } from '../userland/init';
import { programs as sh } from '../userland/sh';
import { programs as coreutils } from '../userland/coreutils';
import { labPrograms } from './lab-tools';

export const PACKAGES: ReadonlyArray<readonly BuiltinProgram[]> = [init, sh, coreutils, labPrograms];

export function allPrograms(): BuiltinProgram[] {
  return PACKAGES.flat();
}

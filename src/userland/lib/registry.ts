// How userland packages describe their programs to the machine that installs them.
import type { BuiltinImage } from '../../kernel/syscall';

export interface BuiltinProgram extends BuiltinImage {
  /** name written after `#!builtin` in the binary file */
  name: string;
  /** absolute paths where the binary is installed (Debian 12 layout: /usr/bin, /usr/sbin) */
  paths: string[];
  /**
   * Short manual page, already formatted as `man` prints it (NAME, SYNOPSIS, DESCRIPTION, OPTIONS).
   * The machine installs it as /usr/share/man/man1/NAME.1 (man8 for /usr/sbin programs); `man` reads it.
   */
  man?: string;
}

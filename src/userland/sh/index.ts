// The shell package: one program registered as `bash` and as `sh`.
// We model /bin/sh as bash in POSIX mode (messages say "sh:"); Debian's real /bin/sh is dash.
import type { BuiltinProgram } from '../lib/registry';
import { makeShellMain } from './main';

const MAN_BASH = `BASH(1)                     General Commands Manual                    BASH(1)

NAME
       bash - GNU Bourne-Again SHell

SYNOPSIS
       bash [options] [command_string | file]

DESCRIPTION
       Bash  is  an  sh-compatible  command language interpreter that executes
       commands read from the standard input or from a file.

OPTIONS
       -c        Commands are read from the first non-option argument
                 command_string.
       -i        The shell is interactive.
       -l        Make bash act as if it had been invoked as a login shell.
       -s        Commands are read from the standard input.
       -e -u -x  As for the set builtin.
       --login   Equivalent to -l.
       --norc    Do not read ~/.bashrc.
       --version Show version information and exit.
       --help    Display a usage message and exit.

GNU Bash 5.2                    2022 September 19                       BASH(1)
`;

const MAN_SH = MAN_BASH.replace(/BASH\(1\)/g, 'SH(1)').replace('bash - GNU Bourne-Again SHell', 'sh - command interpreter (shell)');

export const programs: BuiltinProgram[] = [
  { name: 'bash', paths: ['/usr/bin/bash'], vszKb: 7236, rssKb: 4000, main: makeShellMain('bash'), man: MAN_BASH },
  { name: 'sh', paths: ['/usr/bin/sh'], vszKb: 7236, rssKb: 4000, main: makeShellMain('sh'), man: MAN_SH },
];

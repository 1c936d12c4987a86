// GNU grep 3.8 as installed on Debian 12 (grep, plus the egrep/fgrep wrapper scripts' behaviour).
import type { Sys, Program } from '../../kernel/syscall';
import type { BuiltinProgram } from '../lib/registry';
import { grep } from './grep';
import { MAN } from './man-texts';

/** egrep / fgrep: Debian 12 ships them as `exec grep -E "$@"` scripts (no warning). */
function wrapper(flag: string) {
  return function* (sys: Sys, argv: string[], envp: string[]): Program {
    return yield* grep(sys, ['grep', flag, ...argv.slice(1)], envp);
  };
}

export const programs: BuiltinProgram[] = [
  { name: 'grep', main: grep, vszKb: 3892, rssKb: 2112, paths: ['/usr/bin/grep'], man: MAN['grep'] },
  { name: 'egrep', main: wrapper('-E'), vszKb: 2576, rssKb: 1000, paths: ['/usr/bin/egrep'] },
  { name: 'fgrep', main: wrapper('-F'), vszKb: 2576, rssKb: 1000, paths: ['/usr/bin/fgrep'] },
];

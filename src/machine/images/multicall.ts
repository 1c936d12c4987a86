// /bin/busybox of the busybox and alpine images: a multi-call binary. Its applets are hard links
// (busybox image) or symlinks (alpine) to it, so every one of them execs the same
// `#!builtin busybox` file, and the program picks the applet from the name it was invoked as
// (the basename of argv[0]), or from argv[1] when run as `busybox APPLET ...`, as BusyBox does.
//
// BusyBox's own implementations are not modelled: an applet runs the simulator's program of that
// name (see applets.ts) — `sh`/`ash` is the simulator's shell in sh mode, `ls` is the GNU-style
// ls — so options and output formats are those of the Debian tools.
import type { BuiltinProgram } from '../../userland/lib/registry';
import type { Program, Sys } from '../../kernel/syscall/api';
import { writeAll } from '../../userland/lib/io';
import { ALL_APPLETS, appletProgram } from './applets';

const HEADER = `BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.
BusyBox is copyrighted by many authors between 1998-2015.
Licensed under GPLv2. See source distribution for detailed
copyright notices.

Usage: busybox [function [arguments]...]
   or: busybox --list[-full]
   or: busybox --show SCRIPT
   or: busybox --install [-s] [DIR]
   or: function [arguments]...

\tBusyBox is a multi-call binary that combines many common Unix
\tutilities into a single executable.  Most people will create a
\tlink to busybox for each function they wish to use and BusyBox
\twill act like whatever it was invoked as.
`;

/** The applet list as `busybox --help` wraps it: tab-indented, comma-separated, under 80 columns. */
function wrapList(names: string[]): string {
  let out = '';
  let line = '';
  for (let i = 0; i < names.length; i++) {
    const item = names[i] + (i < names.length - 1 ? ',' : '');
    if (line && 8 + line.length + 1 + item.length > 79) {
      out += `\t${line}\n`;
      line = item;
    } else line = line ? `${line} ${item}` : item;
  }
  if (line) out += `\t${line}\n`;
  return out;
}

/** The `busybox` program, dispatching to the simulator's programs. */
export function busyboxProgram(programs: ReadonlyMap<string, BuiltinProgram>): BuiltinProgram {
  const runnable = (applet: string): BuiltinProgram | undefined => (ALL_APPLETS.has(applet) ? programs.get(appletProgram(applet)) : undefined);
  const defined = (): string[] => [...ALL_APPLETS].filter((a) => runnable(a)).sort();

  function* main(sys: Sys, argv: string[], envp: string[]): Program {
    const argv0 = argv[0] ?? 'busybox';
    let name = argv0.slice(argv0.lastIndexOf('/') + 1);
    let args = argv;
    if (name === 'busybox') {
      const a1 = argv[1];
      if (a1 === undefined || a1 === '--help') {
        yield* writeAll(sys, a1 === undefined ? 2 : 1, `${HEADER}\nCurrently defined functions:\n${wrapList(defined())}`);
        return a1 === undefined ? 1 : 0;
      }
      if (a1 === '--list') {
        yield* writeAll(sys, 1, defined().map((a) => `${a}\n`).join(''));
        return 0;
      }
      name = a1;
      args = argv.slice(1);
    }
    const prog = runnable(name);
    if (!prog) {
      yield* writeAll(sys, 2, `${name}: applet not found\n`);
      return 127;
    }
    return yield* prog.main(sys, args, envp);
  }

  return { name: 'busybox', paths: [], main, vszKb: 1680, rssKb: 1024 };
}

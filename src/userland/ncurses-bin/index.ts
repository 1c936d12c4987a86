// clear (ncurses 6.4): clears the screen using the terminal's clear capability.
import type { Sys, Program } from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { getopt, isGetoptError } from '../lib/getopt';
import type { BuiltinProgram } from '../lib/registry';
import { MAN } from './man-texts';

/** The terminfo "clear" (+ E3 to clear scrollback) sequences of the terminals the lab knows. */
const CLEAR: Record<string, { clear: string; e3?: string }> = {
  xterm: { clear: '\x1b[H\x1b[2J', e3: '\x1b[3J' },
  'xterm-256color': { clear: '\x1b[H\x1b[2J', e3: '\x1b[3J' },
  'xterm-color': { clear: '\x1b[H\x1b[2J' },
  screen: { clear: '\x1b[H\x1b[J' },
  'screen-256color': { clear: '\x1b[H\x1b[J' },
  'tmux-256color': { clear: '\x1b[H\x1b[J', e3: '\x1b[3J' },
  linux: { clear: '\x1b[H\x1b[J', e3: '\x1b[3J' },
  vt100: { clear: '\x1b[H\x1b[J' },
  vt220: { clear: '\x1b[H\x1b[J' },
  ansi: { clear: '\x1b[H\x1b[J' },
};

const USAGE = 'Usage: clear [options]\n\nOptions:\n  -T TERM     use this instead of $TERM\n  -V          print curses-version\n  -x          do not try to clear scrollback\n';

export function* clear(sys: Sys, argv: string[], envp: string[]): Program {
  const prog = argv[0] ?? 'clear';
  const p = getopt(argv.slice(1), 'T:Vx', []);
  if (isGetoptError(p)) {
    yield* writeAll(sys, 2, `${prog}: ${p.message}\n${USAGE}`);
    return 1;
  }
  let term = envp.find((e) => e.startsWith('TERM='))?.slice(5);
  let noScrollback = false;
  for (const [k, v] of p.opts) {
    if (k === 'V') {
      yield* writeAll(sys, 1, 'ncurses 6.4.20221231\n');
      return 0;
    }
    if (k === 'T') term = v;
    if (k === 'x') noScrollback = true;
  }
  if (p.operands.length) {
    yield* writeAll(sys, 2, USAGE);
    return 1;
  }
  if (term === undefined || term === '') {
    yield* writeAll(sys, 2, 'TERM environment variable not set.\n');
    return 1;
  }
  const caps = CLEAR[term];
  if (!caps) {
    if (term === 'dumb') return 1;
    yield* writeAll(sys, 2, `'${term}': unknown terminal type.\n`);
    return 1;
  }
  yield* writeAll(sys, 1, caps.clear + (noScrollback ? '' : (caps.e3 ?? '')));
  return 0;
}

export const programs: BuiltinProgram[] = [
  { name: 'clear', main: clear, vszKb: 2600, rssKb: 1440, paths: ['/usr/bin/clear'], man: MAN['clear'] },
];

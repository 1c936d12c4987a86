// watch (procps-ng 4.0.2): runs `sh -c COMMAND` every -n seconds with its stdout+stderr on a
// pipe and draws the result full-screen (alternate screen, like ncurses' smcup/rmcup). ^C ends it.
import type { Sys, Program, SysCall, Winsize, Termios } from '../../kernel/syscall';
import { TIOCGWINSZ, TCGETS, TCSETS, ECHO, SIGINT, SIGTERM, SIGHUP, SIGWINCH, EINTR, WIFEXITED, WEXITSTATUS } from '../../kernel/syscall';
import { writeAll, readAllBytes } from '../lib/io';
import { decode } from '../lib/text';
import { execvp } from '../lib/execvp';
import { gmtime, strftime } from '../lib/time-format';
import { getenv } from '../lib/procfs';

export const WATCH_USAGE = `
Usage:
 watch [options] command

Options:
  -b, --beep             beep if command has a non-zero exit
  -c, --color            interpret ANSI color and style sequences
  -d, --differences[=<permanent>]
                         highlight changes between updates
  -e, --errexit          exit if command has a non-zero exit
  -g, --chgexit          exit when output from command changes
  -q, --equexit <cycles>
                         exit when output from command does not change
  -n, --interval <secs>  seconds to wait between updates
  -p, --precise          attempt run command in precise intervals
  -t, --no-title         turn off header
  -w, --no-wrap          turn off line wrapping
  -x, --exec             pass command to exec instead of "sh -c"

 -h, --help     display this help and exit
 -v, --version  output version information and exit

For more details see watch(1).
`;

/** The title line: "Every 2.0s: CMD" left, "HOST: ctime" right-aligned one column short of the edge. */
export function watchHeader(interval: number, cmd: string, host: string, nowSec: number, cols: number): string {
  const right = `${host}: ${strftime('%a %b %e %H:%M:%S %Y', gmtime(nowSec))}`;
  let left = `Every ${interval.toFixed(1)}s: ${cmd}`;
  const room = cols - right.length - 2;
  if (left.length > room) left = room > 0 ? left.slice(0, room) : '';
  const pad = Math.max(1, cols - 1 - right.length - left.length);
  return (left + ' '.repeat(pad) + right).slice(0, Math.max(0, cols - 1));
}

/** Lay command output out on the screen rows below the header: wrap (or cut) and clip. */
export function layoutOutput(text: string, cols: number, rows: number, wrap: boolean): string[] {
  const out: string[] = [];
  for (const raw of text.replace(/\n$/, '').split('\n')) {
    let line = raw.replace(/\t/g, (_m, off: number) => ' '.repeat(8 - (off % 8))).replace(/\r/g, '');
    if (!wrap) {
      out.push(line.slice(0, cols));
    } else {
      do {
        out.push(line.slice(0, cols));
        line = line.slice(cols);
      } while (line.length > 0);
    }
    if (out.length >= rows) break;
  }
  return out.slice(0, rows);
}

export function* watch(sys: Sys, argv: string[], envp: string[]): Program {
  let interval = 2;
  const envI = getenv(envp, 'WATCH_INTERVAL');
  if (envI && Number.isFinite(Number(envI))) interval = Number(envI);
  let title = true;
  let useExec = false;
  let errexit = false;
  let chgexit = false;
  let wrap = true;
  let beep = false;
  let diff = false;
  let equexit = 0;
  const args = argv.slice(1);
  let i = 0;
  const usageErr = function* (msg: string): Program {
    yield* writeAll(sys, 2, `watch: ${msg}\n${WATCH_USAGE}`);
    return 1;
  };
  const longs: Record<string, string> = {
    beep: 'b', color: 'c', differences: 'd', errexit: 'e', chgexit: 'g', equexit: 'q', interval: 'n', precise: 'p',
    'no-title': 't', 'no-wrap': 'w', exec: 'x', help: 'h', version: 'v',
  };
  const setOpt = function* (k: string, v: string | undefined): SysCall<number | null> {
    switch (k) {
      case 'b': beep = true; break;
      case 'c': break;
      case 'd': diff = true; break;
      case 'e': errexit = true; break;
      case 'g': chgexit = true; break;
      case 'p': break;
      case 't': title = false; break;
      case 'w': wrap = false; break;
      case 'x': useExec = true; break;
      case 'n': case 'q': {
        const n = /^[0-9]*\.?[0-9]+$|^[0-9]+\.$/.test(v!) ? Number(v) : NaN;
        if (!Number.isFinite(n)) {
          yield* writeAll(sys, 2, `watch: failed to parse argument: '${v}': Invalid argument\n`);
          return 1;
        }
        if (k === 'n') interval = Math.max(0.1, n);
        else equexit = Math.floor(n);
        break;
      }
      case 'h':
        yield* writeAll(sys, 1, WATCH_USAGE);
        return 0;
      case 'v':
        yield* writeAll(sys, 1, 'watch from procps-ng 4.0.2\n');
        return 0;
    }
    return null;
  };
  // options stop at the first non-option (the command), like getopt with "+"
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const c = Object.keys(longs).filter((x) => x.startsWith(name));
      const key = longs[name] ?? (c.length === 1 ? longs[c[0]!] : undefined);
      if (!key) return yield* usageErr(`unrecognized option '${a}'`);
      let v = eq >= 0 ? a.slice(eq + 1) : undefined;
      if ((key === 'n' || key === 'q') && v === undefined) {
        v = args[++i];
        if (v === undefined) return yield* usageErr(`option '--${name}' requires an argument`);
      }
      const r = yield* setOpt(key, v);
      if (r !== null) return r;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        if (!'bcdegnpqtwxhv'.includes(ch)) return yield* usageErr(`invalid option -- '${ch}'`);
        let v: string | undefined;
        if (ch === 'n' || ch === 'q') {
          v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return yield* usageErr(`option requires an argument -- '${ch}'`);
        }
        const r = yield* setOpt(ch, v);
        if (r !== null) return r;
        if (v !== undefined) break;
      }
      continue;
    }
    break;
  }
  const cmdArgv = args.slice(i);
  if (cmdArgv.length === 0) {
    yield* writeAll(sys, 2, WATCH_USAGE);
    return 1;
  }
  const cmdText = cmdArgv.join(' ');
  const host = (yield* sys.uname()).nodename;

  let rows = 24;
  let cols = 80;
  const getSize = function* (): SysCall<void> {
    const ws = (yield* sys.ioctl(1, TIOCGWINSZ)) as Winsize | number;
    if (typeof ws !== 'number' && ws && ws.cols > 0) {
      rows = ws.rows;
      cols = ws.cols;
    }
  };
  yield* getSize();
  let stop = false;
  let resized = false;
  for (const s of [SIGINT, SIGTERM, SIGHUP]) yield* sys.sigaction(s, { handler: function* () { stop = true; } });
  yield* sys.sigaction(SIGWINCH, { handler: function* () { resized = true; } });

  const runOnce = function* (): SysCall<{ text: string; status: number }> {
    const p = yield* sys.pipe();
    if (typeof p === 'number') return { text: `watch: unable to create IPC pipes\n`, status: 2 };
    const [rfd, wfd] = p;
    const pid = yield* sys.fork(function* (): Program {
      yield* sys.close(rfd);
      yield* sys.dup2(wfd, 1);
      yield* sys.dup2(wfd, 2);
      yield* sys.close(wfd);
      for (const sg of [SIGINT, SIGTERM, SIGHUP, SIGWINCH]) yield* sys.sigaction(sg, { handler: 'default' });
      const r = useExec ? yield* execvp(sys, cmdArgv[0]!, cmdArgv, envp) : yield* sys.execve('/bin/sh', ['sh', '-c', cmdText], envp);
      yield* writeAll(sys, 2, `watch: unable to execute '${useExec ? cmdArgv[0] : '/bin/sh'}'\n`);
      void r;
      return 127;
    });
    yield* sys.close(wfd);
    if (pid < 0) {
      yield* sys.close(rfd);
      return { text: 'watch: fork failed\n', status: 2 };
    }
    const bytes = yield* readAllBytes(sys, rfd);
    yield* sys.close(rfd);
    let status = 0;
    for (;;) {
      const w = yield* sys.wait4(pid, 0);
      if (typeof w === 'number') {
        if (w === -EINTR) continue;
        break;
      }
      status = w.status;
      break;
    }
    return { text: typeof bytes === 'number' ? '' : decode(bytes), status };
  };

  // curses noecho(): typed keys (and ^C) are not echoed over the display
  const saved = (yield* sys.ioctl(0, TCGETS)) as Termios | number;
  if (typeof saved !== 'number') yield* sys.ioctl(0, TCSETS, { ...saved, cc: [...saved.cc], lflag: saved.lflag & ~ECHO });
  yield* writeAll(sys, 1, '\x1b[?1049h\x1b[H\x1b[2J');
  let prev: string[] | undefined;
  let last: string | undefined;
  let same = 0;
  let exitCode = 0;
  while (!stop) {
    if (resized) {
      resized = false;
      yield* getSize();
    }
    const { text, status } = yield* runOnce();
    if (stop) break;
    const ts = yield* sys.clock_gettime(0);
    const now = typeof ts === 'number' ? 0 : ts[0];
    const top = title ? 2 : 0;
    const lines = layoutOutput(text, cols, Math.max(0, rows - top), wrap);
    let screen = '\x1b[H\x1b[2J';
    if (title) screen += watchHeader(interval, cmdText, host, now, cols) + '\n\n';
    screen += lines
      .map((l, idx) => {
        if (!diff || !prev) return l;
        const old = prev[idx] ?? '';
        let s = '';
        for (let c = 0; c < l.length; c++) s += l[c] !== old[c] ? `\x1b[7m${l[c]}\x1b[27m` : l[c];
        return s;
      })
      .join('\n');
    yield* writeAll(sys, 1, screen);
    prev = lines;
    const failed = !WIFEXITED(status) || WEXITSTATUS(status) !== 0;
    if (failed && beep) yield* writeAll(sys, 1, '\x07');
    if (failed && errexit) {
      yield* writeAll(sys, 1, `\x1b[${rows};1H\ncommand exit with a non-zero status, press a key to exit`);
      yield* sys.read(0, 1);
      exitCode = 8;
      break;
    }
    if (chgexit && last !== undefined && last !== text) break;
    if (equexit) {
      same = last === text ? same + 1 : 0;
      if (same >= equexit) break;
    }
    last = text;
    const r = yield* sys.nanosleep(Math.round(interval * 1e9));
    void r;
  }
  yield* writeAll(sys, 1, '\x1b[?1049l');
  if (typeof saved !== 'number') yield* sys.ioctl(0, TCSETS, saved);
  return exitCode;
}

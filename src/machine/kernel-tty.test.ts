// The console tty as a student meets it: ^C and ^Z on a foreground job, canonical-mode line
// editing, ^D, the window size and SIGWINCH.
import { describe, it, expect } from 'vitest';
import type { Program, Winsize } from '../kernel/syscall';
import { TIOCGWINSZ, SIGWINCH, EINTR, TCGETS, ICANON, ECHO, ISIG } from '../kernel/syscall';
import type { Termios } from '../kernel/abi/termios';
import { runWith, testProgram, boot, advanceUntil, typeWhenReading, rawOutput, SEC } from './test-programs';
import { taskState } from '../kernel/task/state';

const dec = new TextDecoder();

/** A program that reads fd 0 once per argv count (default once) and records what read() returned. */
function reader(reads: Array<string | number>) {
  return testProgram('ktest-read', function* (sys, argv): Program {
    const n = Number(argv[1] ?? 1);
    for (let i = 0; i < n; i++) {
      const r = yield* sys.read(0, 4096);
      // a read of 0 bytes (EOF) is recorded as the number 0
      reads.push(typeof r === 'number' ? r : r.length === 0 ? 0 : dec.decode(r));
    }
    return 0;
  });
}

function findTasks(m: ReturnType<typeof boot>['m'], comm: string) {
  return [...m.k.allTasks()].filter((t) => t.comm === comm);
}

describe('job control keys', () => {
  it('^C kills the foreground sleep: $? is 130', async () => {
    const run = runWith([], 'sleep 100\n^C\necho status=$?\n');
    expect(run.crashes).toEqual([]);
    expect(run.timedOut).toBe(false);
    const text = await run.transcript();
    expect(text).toContain('root@lab:~# sleep 100\n^C\nroot@lab:~# echo status=$?\nstatus=130\n');
    expect(findTasks(run.m, 'sleep')).toEqual([]);
    // it died well before its 100 s
    expect(run.m.now).toBeLessThan(10 * SEC);
  });

  it('^Z stops the foreground sleep; the shell prints the Stopped line', async () => {
    const run = runWith([], 'sleep 100\n^Z\necho status=$?\n');
    expect(run.crashes).toEqual([]);
    const text = await run.transcript();
    expect(text).toContain('sleep 100\n^Z\n[1]+  Stopped                 sleep 100\nroot@lab:~# echo status=$?\nstatus=148\n');
    const sleeps = findTasks(run.m, 'sleep');
    expect(sleeps.length).toBe(1);
    expect(taskState(sleeps[0]!)).toBe('T');
  });

  it('a background job reading the terminal is stopped by SIGTTIN', async () => {
    const reads: Array<string | number> = [];
    const run = runWith([reader(reads)], 'ktest-read &\nsleep 1\njobs\n');
    expect(run.crashes).toEqual([]);
    const text = await run.transcript();
    expect(text).toContain('[1]+  Stopped                 ktest-read\n');
    const t = findTasks(run.m, 'ktest-read');
    expect(t.length).toBe(1);
    expect(taskState(t[0]!)).toBe('T');
    expect(t[0]!.sig.stopSignal).toBe(21);
    expect(reads).toEqual([]);
  });
});

describe('canonical mode', () => {
  it('erase (DEL) removes the last character of the line', () => {
    const reads: Array<string | number> = [];
    const run = runWith([reader(reads)], 'ktest-read\nabx\x7fc\n');
    expect(run.crashes).toEqual([]);
    expect(reads).toEqual(['abc\n']);
    // echoed as "abx", then backspace-space-backspace, then "c"
    expect(rawOutput(run.output)).toContain('abx\b \bc\r\n');
  });

  it('^U kills the whole line', () => {
    const reads: Array<string | number> = [];
    const run = runWith([reader(reads)], 'ktest-read\njunk\x15hello\n');
    expect(run.crashes).toEqual([]);
    expect(reads).toEqual(['hello\n']);
  });

  it('the foreground program gets a canonical, echoing, signal-generating terminal', () => {
    const seen: Termios[] = [];
    const run = runWith(
      [
        testProgram('ktest-tc', function* (sys): Program {
          seen.push((yield* sys.ioctl(0, TCGETS)) as Termios);
          return 0;
        }),
      ],
      'ktest-tc\n',
    );
    expect(run.crashes).toEqual([]);
    expect(seen.length).toBe(1);
    const l = seen[0]!.lflag;
    expect([!!(l & ICANON), !!(l & ECHO), !!(l & ISIG)]).toEqual([true, true, true]);
  });

  it('^D on an empty line makes read() return 0; after text it ends the read without a newline', () => {
    const reads: Array<string | number> = [];
    const { m, crashes } = boot([reader(reads)]);
    typeWhenReading(m, 'ktest-read 3\r');
    advanceUntil(m, () => reads.length === 0 && findTasks(m, 'ktest-read').length === 1 && m.consoleReaderWaiting(), SEC);
    m.input(new Uint8Array([4]));
    advanceUntil(m, () => reads.length === 1, SEC);
    m.input('abc\x04');
    advanceUntil(m, () => reads.length === 2, SEC);
    m.input('x\r');
    advanceUntil(m, () => reads.length === 3, SEC);
    expect(crashes).toEqual([]);
    expect(reads).toEqual([0, 'abc', 'x\n']);
  });
});

describe('window size', () => {
  it('TIOCGWINSZ returns the console size', () => {
    const got: unknown[] = [];
    const run = runWith(
      [
        testProgram('ktest-ws', function* (sys): Program {
          got.push(yield* sys.ioctl(0, TIOCGWINSZ));
          got.push(yield* sys.ioctl(1, TIOCGWINSZ));
          return 0;
        }),
      ],
      'ktest-ws\n',
      { rows: 30, cols: 100 },
    );
    expect(run.crashes).toEqual([]);
    expect(got).toEqual([
      { rows: 30, cols: 100 },
      { rows: 30, cols: 100 },
    ]);
  });

  it('a resize sends SIGWINCH to the foreground process group, and TIOCGWINSZ sees the new size', () => {
    const log: unknown[] = [];
    const prog = testProgram('ktest-winch', function* (sys): Program {
      yield* sys.sigaction(SIGWINCH, {
        handler: function* (sig) {
          log.push(['sig', sig, yield* sys.ioctl(0, TIOCGWINSZ)]);
        },
      });
      log.push('ready');
      log.push(['pause', yield* sys.pause()]);
      return 0;
    });
    const { m, crashes } = boot([prog]);
    typeWhenReading(m, 'ktest-winch\r');
    expect(advanceUntil(m, () => log.includes('ready'), SEC)).toBe(true);
    advanceUntil(m, () => false, 10_000_000);
    m.resize(40, 120);
    expect(advanceUntil(m, () => log.length === 3, SEC)).toBe(true);
    expect(crashes).toEqual([]);
    const ws: Winsize = { rows: 40, cols: 120 };
    expect(log).toEqual(['ready', ['sig', SIGWINCH, ws], ['pause', -EINTR]]);
    // the same size again is no change: no signal
    const before = log.length;
    m.resize(40, 120);
    advanceUntil(m, () => false, 10_000_000);
    expect(log.length).toBe(before);
  });
});

describe('non-canonical reads and more keys', () => {
  /** A program that switches the console to raw mode with VMIN/VTIME, reads once, restores it. */
  function rawReader(vmin: number, vtime: number, log: unknown[]) {
    return testProgram('ktest-raw', function* (sys): Program {
      const saved = (yield* sys.ioctl(0, TCGETS)) as Termios;
      const raw: Termios = { ...saved, cc: [...saved.cc], lflag: saved.lflag & ~(ICANON | ECHO) };
      raw.cc[6] = vmin; // VMIN
      raw.cc[5] = vtime; // VTIME
      yield* sys.ioctl(0, 0x5402, raw); // TCSETS
      log.push('raw');
      const [s0, n0] = (yield* sys.clock_gettime(1)) as readonly [number, number];
      const r = yield* sys.read(0, 100);
      const [s1, n1] = (yield* sys.clock_gettime(1)) as readonly [number, number];
      log.push([typeof r === 'number' ? r : r.length === 0 ? 0 : dec.decode(r), Math.round(((s1 - s0) * 1e9 + n1 - n0) / 1e6)]);
      yield* sys.ioctl(0, 0x5402, saved);
      return 0;
    });
  }

  // KERNEL BUG: with VMIN=0, VTIME=5 read() returns 0 at once; Linux waits up to 0.5 s for a byte
  // (checked on a real pty: b'' after 0.50 s).
  it('VMIN=0, VTIME=5: read() times out after 0.5 s with 0', () => {
    const log: unknown[] = [];
    const { m, crashes } = boot([rawReader(0, 5, log)]);
    typeWhenReading(m, 'ktest-raw\r');
    advanceUntil(m, () => log.length === 2, 5 * SEC);
    expect(crashes).toEqual([]);
    expect(log).toEqual(['raw', [0, 500]]);
  });

  // KERNEL BUG: with VMIN=3, VTIME=0 read() returns as soon as one byte is there; Linux waits for
  // three (checked on a real pty: 'a' then 'bc' 0.3 s later → one read of b'abc' after 0.30 s).
  it('VMIN=3, VTIME=0: read() waits for three bytes', () => {
    const log: unknown[] = [];
    const { m, crashes } = boot([rawReader(3, 0, log)]);
    typeWhenReading(m, 'ktest-raw\r');
    advanceUntil(m, () => log.length === 1, SEC);
    m.input('a');
    advanceUntil(m, () => false, 300_000_000);
    m.input('bc');
    advanceUntil(m, () => log.length === 2, SEC);
    expect(crashes).toEqual([]);
    expect(log.length).toBe(2);
    expect((log[1] as [string, number])[0]).toBe('abc');
  });

  it('^\\ kills the foreground sleep with SIGQUIT: $? is 131', async () => {
    const run = runWith([], 'sleep 100\n^\\\necho status=$?\n');
    expect(run.crashes).toEqual([]);
    const text = await run.transcript();
    expect(text).toContain('status=131\n');
    expect(findTasks(run.m, 'sleep')).toEqual([]);
  });

  // Lines typed while `sleep 1` runs are read by bash's line editor one byte at a time (as
  // readline does) until its own line ends; the rest stays in the tty for the next program.
  // n_tty_set_termios gives the pending input ONE line boundary when ICANON comes back on, so the
  // next canonical read() returns both lines at once. Measured on Linux 6.18 with a pty: raw
  // reads take b'ktest\n', then one canonical read(4096) returns b'one\ntwo\n'.
  it('lines typed ahead while a program runs are read by the next reader', () => {
    const reads: Array<string | number> = [];
    const { m, crashes } = boot([reader(reads)]);
    typeWhenReading(m, 'sleep 1\r');
    m.input('ktest-read 1\r');
    m.input('one\rtwo\r');
    advanceUntil(m, () => reads.length === 1, 5 * SEC);
    expect(crashes).toEqual([]);
    expect(reads).toEqual(['one\ntwo\n']);
  });
});

describe('switching between canonical and raw mode', () => {
  // KERNEL BUG: Tty keeps its canonical line state (lineEnds, the unfinished `line`) across a
  // TCSETS that turns ICANON off or on. Lines typed in canonical mode and then read in raw mode
  // leave stale line ends, and the next canonical read() returns 0 (a false EOF) instead of
  // waiting; an unfinished line is not readable in raw mode. Linux (n_tty_set_termios) makes all
  // pending input readable when ICANON goes off, and pending raw input one line when it comes on
  // (checked on a real pty: raw read b'one\ntwo\nabc', then a canonical read blocks; raw-typed
  // b'xyz' is read whole after switching back to canonical).
  it('pending input follows ICANON changes as n_tty does', () => {
    const log: unknown[] = [];
    const prog = testProgram('ktest-modes', function* (sys): Program {
      const canon = (yield* sys.ioctl(0, TCGETS)) as Termios;
      const raw: Termios = { ...canon, cc: [...canon.cc], lflag: canon.lflag & ~(ICANON | ECHO) };
      raw.cc[6] = 1;
      raw.cc[5] = 0;
      const rd = function* (): Generator<never, unknown, unknown> {
        const r = (yield* sys.read(0, 100) as Generator<never, Uint8Array | number, unknown>);
        return typeof r === 'number' ? r : r.length === 0 ? 0 : dec.decode(r);
      };
      log.push('ready');
      yield* sys.nanosleep(200_000_000);
      yield* sys.ioctl(0, 0x5402, raw);
      log.push(yield* rd());
      yield* sys.ioctl(0, 0x5402, canon);
      log.push(yield* rd());
      yield* sys.ioctl(0, 0x5402, raw);
      log.push('raw2');
      yield* sys.nanosleep(200_000_000);
      yield* sys.ioctl(0, 0x5402, canon);
      log.push(yield* rd());
      return 0;
    });
    const { m, crashes } = boot([prog]);
    typeWhenReading(m, 'ktest-modes\r');
    advanceUntil(m, () => log.includes('ready'), SEC);
    m.input('one\rtwo\rabc');
    advanceUntil(m, () => log.length >= 2, SEC);
    advanceUntil(m, () => false, 100_000_000);
    const blocked = log.length === 2;
    m.input('three\r');
    advanceUntil(m, () => log.includes('raw2'), SEC);
    m.input('xyz');
    advanceUntil(m, () => log.length >= 5, SEC);
    expect(crashes).toEqual([]);
    expect(log).toEqual(['ready', 'one\ntwo\nabc', 'three\n', 'raw2', 'xyz']);
    expect(blocked).toBe(true);
  });
});

describe('^C and pending input', () => {
  it('^C discards lines typed ahead (no NOFLSH) for a program that handles SIGINT', () => {
    const log: unknown[] = [];
    const prog = testProgram('ktest-int', function* (sys): Program {
      yield* sys.sigaction(2, {
        handler: function* () {
          log.push('SIGINT');
        },
      });
      log.push('ready');
      for (let i = 0; i < 3 && log.length < 3; i++) yield* sys.nanosleep(200_000_000);
      const r = yield* sys.read(0, 100);
      log.push(typeof r === 'number' ? r : dec.decode(r));
      return 0;
    });
    const { m, crashes } = boot([prog]);
    typeWhenReading(m, 'ktest-int\r');
    advanceUntil(m, () => log.includes('ready'), SEC);
    m.input('lost line\rpartial');
    m.input(new Uint8Array([3]));
    advanceUntil(m, () => log.length >= 2, SEC);
    m.input('kept\r');
    advanceUntil(m, () => log.length >= 3, 2 * SEC);
    expect(crashes).toEqual([]);
    expect(log).toEqual(['ready', 'SIGINT', 'kept\n']);
  });
});

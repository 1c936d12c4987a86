// Resource limits: defaults as a Debian 12 root shell sees them and /proc/PID/limits' table.
import type { Rlimit } from '../syscall/api';

const NAMES: Array<[string, string]> = [
  ['Max cpu time', 'seconds'],
  ['Max file size', 'bytes'],
  ['Max data size', 'bytes'],
  ['Max stack size', 'bytes'],
  ['Max core file size', 'bytes'],
  ['Max resident set', 'bytes'],
  ['Max processes', 'processes'],
  ['Max open files', 'files'],
  ['Max locked memory', 'bytes'],
  ['Max address space', 'bytes'],
  ['Max file locks', 'locks'],
  ['Max pending signals', 'signals'],
  ['Max msgqueue size', 'bytes'],
  ['Max nice priority', ''],
  ['Max realtime priority', ''],
  ['Max realtime timeout', 'us'],
];

/** init's limits (INIT_RLIMITS with RLIMIT_NPROC/SIGPENDING = max_threads/2, as fork_init sets). */
export function defaultRlimits(maxThreads: number): Rlimit[] {
  const inf = Infinity;
  const half = Math.floor(maxThreads / 2);
  return [
    { cur: inf, max: inf },
    { cur: inf, max: inf },
    { cur: inf, max: inf },
    { cur: 8388608, max: inf },
    { cur: 0, max: inf },
    { cur: inf, max: inf },
    { cur: half, max: half },
    { cur: 1024, max: 1048576 },
    { cur: 8388608, max: 8388608 },
    { cur: inf, max: inf },
    { cur: inf, max: inf },
    { cur: half, max: half },
    { cur: 819200, max: 819200 },
    { cur: 0, max: 0 },
    { cur: 0, max: 0 },
    { cur: inf, max: inf },
  ];
}

export function rlimitTable(rlim: Rlimit[]): string {
  const v = (x: number): string => (Number.isFinite(x) ? String(x) : 'unlimited');
  let out = `${'Limit'.padEnd(26)}${'Soft Limit'.padEnd(21)}${'Hard Limit'.padEnd(21)}${'Units'.padEnd(10)}\n`;
  NAMES.forEach(([name, unit], i) => {
    const r = rlim[i] ?? { cur: Infinity, max: Infinity };
    out += `${name.padEnd(26)}${v(r.cur).padEnd(21)}${v(r.max).padEnd(21)}${unit.padEnd(10)}\n`;
  });
  return out;
}

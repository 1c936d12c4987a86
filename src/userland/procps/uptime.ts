// uptime (procps-ng 4.0.2 src/uptime.c + library/uptime.c): /proc/uptime, /proc/loadavg and the
// wall clock (UTC). The user count comes from utmp in the real tool; the lab keeps no utmp
// records (no login(1)), so it counts 0 — and procps 4.0.2 prints that as "0 user".
import type { Sys, Program, SysCall } from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { parseUptimeCs, parseLoadavg, readProcText } from '../lib/procfs';
import { gmtime } from '../lib/time-format';

export const UPTIME_USAGE = `
Usage:
 uptime [options]

Options:
 -p, --pretty   show uptime in pretty format
 -h, --help     display this help and exit
 -s, --since    system up since
 -V, --version  output version information and exit

For more details see uptime(1).
`;

const p2 = (n: number) => String(n).padStart(2, '0');

/** procps_uptime_sprint: " 00:11:52 up 5 min,  0 user,  load average: 0.00, 0.00, 0.00". */
export function uptimeLine(nowSec: number, uptimeSecs: number, users: number, load: [number, number, number]): string {
  const tm = gmtime(nowSec);
  const up = Math.floor(uptimeSecs);
  const updays = Math.floor(up / 86400);
  const uphours = Math.floor(up / 3600) % 24;
  const upminutes = Math.floor(up / 60) % 60;
  let s = ` ${p2(tm.hour)}:${p2(tm.min)}:${p2(tm.sec)} up `;
  if (updays) s += `${updays} ${updays > 1 ? 'days' : 'day'}, `;
  if (uphours) s += `${String(uphours).padStart(2)}:${p2(upminutes)}, `;
  else s += `${upminutes} min, `;
  s += `${String(users).padStart(2)} ${users > 1 ? 'users' : 'user'},  load average: ${load.map((x) => x.toFixed(2)).join(', ')}`;
  return s;
}

/** procps_uptime_sprint_short: "up 1 day, 2 hours, 5 minutes". */
export function uptimePretty(uptimeSecs: number): string {
  const up = Math.floor(uptimeSecs);
  const upminutes = Math.floor(up / 60) % 60;
  const uphours = Math.floor(up / 3600) % 24;
  const updays = Math.floor(up / 86400) % 7;
  const upweeks = Math.floor(up / (86400 * 7)) % 52;
  const upyears = Math.floor(up / (86400 * 365)) % 10;
  const updecades = Math.floor(up / (86400 * 365 * 10));
  let s = 'up ';
  let comma = 0;
  const part = (n: number, one: string, many: string, cond = n > 0, plural = n > 1) => {
    if (!cond) return;
    s += `${comma > 0 ? ', ' : ''}${n} ${plural ? many : one}`;
    comma++;
  };
  part(updecades, 'decade', 'decades');
  part(upyears, 'year', 'years');
  part(upweeks, 'week', 'weeks');
  part(updays, 'day', 'days');
  part(uphours, 'hour', 'hours');
  part(upminutes, 'minute', 'minutes', upminutes > 0 || uptimeSecs < 60, upminutes !== 1);
  return s;
}

/** The uptime line as top and uptime print it, read from /proc. */
export function* readUptimeLine(sys: Sys): SysCall<string> {
  const ts = yield* sys.clock_gettime(0);
  const now = typeof ts === 'number' ? 0 : ts[0];
  const [upCs] = parseUptimeCs(yield* readProcText(sys, '/proc/uptime'));
  const la = parseLoadavg(yield* readProcText(sys, '/proc/loadavg'));
  return uptimeLine(now, upCs / 100, 0, [la.one, la.five, la.fifteen]);
}

export function* uptime(sys: Sys, argv: string[]): Program {
  let mode: 'normal' | 'pretty' | 'since' = 'normal';
  const args = argv.slice(1);
  const usageErr = function* (msg: string): Program {
    yield* writeAll(sys, 2, (msg ? `uptime: ${msg}\n` : '') + UPTIME_USAGE);
    return 1;
  };
  const longs = ['pretty', 'help', 'since', 'version'];
  for (const a of args) {
    let keys: string[];
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0]!;
      const c = longs.filter((l) => l.startsWith(name));
      const exact = longs.includes(name) ? name : c.length === 1 ? c[0] : undefined;
      if (a === '--') continue;
      if (!exact) return yield* usageErr(c.length > 1 ? `option '${a}' is ambiguous; possibilities:${c.map((x) => ` '--${x}'`).join('')}` : `unrecognized option '${a}'`);
      if (a.includes('=')) return yield* usageErr(`option '--${exact}' doesn't allow an argument`);
      keys = [exact[0] === 'v' ? 'V' : exact[0]!];
    } else if (a.startsWith('-') && a.length > 1) {
      keys = a.slice(1).split('');
    } else return yield* usageErr('');
    for (const k of keys) {
      switch (k) {
        case 'p': mode = 'pretty'; break;
        case 's': mode = 'since'; break;
        case 'h':
          yield* writeAll(sys, 1, UPTIME_USAGE);
          return 0;
        case 'V':
          yield* writeAll(sys, 1, 'uptime from procps-ng 4.0.2\n');
          return 0;
        default:
          return yield* usageErr(`invalid option -- '${k}'`);
      }
    }
  }
  const ts = yield* sys.clock_gettime(0);
  const nowNs = typeof ts === 'number' ? 0 : ts[0] * 1e9 + ts[1];
  const [upCs] = parseUptimeCs(yield* readProcText(sys, '/proc/uptime'));
  if (mode === 'since') {
    const t = gmtime(Math.floor((nowNs / 1e9) - upCs / 100));
    yield* writeAll(sys, 1, `${t.year}-${p2(t.mon + 1)}-${p2(t.mday)} ${p2(t.hour)}:${p2(t.min)}:${p2(t.sec)}\n`);
    return 0;
  }
  if (mode === 'pretty') {
    yield* writeAll(sys, 1, uptimePretty(upCs / 100) + '\n');
    return 0;
  }
  yield* writeAll(sys, 1, (yield* readUptimeLine(sys)) + '\n');
  return 0;
}

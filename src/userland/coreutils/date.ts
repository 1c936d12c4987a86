// date (GNU coreutils 9.1): print the virtual wall clock (CLOCK_REALTIME), UTC since the lab has
// no time zone database. Supported: +FORMAT, -u/--utc/--universal, -d/--date with @SECONDS or
// "now", -R/--rfc-email, -I/--iso-8601[=date|hours|minutes|seconds|ns], -r/--reference FILE.
// Setting the clock is not modelled (no settimeofday): -s is rejected as an unknown option and a
// MMDDhhmm operand fails as it does in a container without CAP_SYS_TIME.
import type { Sys, Program } from '../../kernel/syscall';
import { CLOCK_REALTIME } from '../../kernel/syscall';
import { makeCtx, parseArgs, usageError, fail, failErrno, q } from './common';
import { writeAll } from '../lib/io';
import { gmtime, strftime } from '../lib/time-format';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** strftime plus the conversions date adds: %N (nanoseconds), %A, %B, %c, %x, %X, %P, %C, %:z. */
export function dateFormat(fmt: string, sec: number, nsec: number): string {
  const tm = gmtime(sec);
  let pre = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%' || i + 1 >= fmt.length) {
      pre += c;
      continue;
    }
    const f = fmt[i + 1]!;
    let rep: string | undefined;
    switch (f) {
      case 'N': rep = String(nsec).padStart(9, '0'); break;
      case 'A': rep = DAYS[tm.wday]; break;
      case 'B': rep = MONTHS[tm.mon]; break;
      case 'c': rep = strftime('%a %b %e %H:%M:%S %Y', tm, sec); break;
      case 'x': rep = strftime('%m/%d/%y', tm, sec); break;
      case 'X': rep = strftime('%H:%M:%S', tm, sec); break;
      case 'P': rep = tm.hour < 12 ? 'am' : 'pm'; break;
      case 'C': rep = String(Math.floor(tm.year / 100)).padStart(2, '0'); break;
      case ':': if (fmt[i + 2] === 'z') { rep = '+00:00'; i++; } break;
    }
    if (rep !== undefined) {
      pre += rep;
      i++;
    } else {
      pre += strftime(`%${f}`, tm, sec);
      i++;
    }
  }
  return pre;
}

const LONG = [
  { name: 'date', arg: 'required' as const, key: 'd' },
  { name: 'utc', arg: 'none' as const, key: 'u' },
  { name: 'universal', arg: 'none' as const, key: 'u' },
  { name: 'rfc-email', arg: 'none' as const, key: 'R' },
  { name: 'iso-8601', arg: 'optional' as const, key: 'I' },
  { name: 'reference', arg: 'required' as const, key: 'r' },
];

const ISO: Record<string, string> = {
  date: '%Y-%m-%d',
  hours: '%Y-%m-%dT%H%:z',
  minutes: '%Y-%m-%dT%H:%M%:z',
  seconds: '%Y-%m-%dT%H:%M:%S%:z',
  ns: '%Y-%m-%dT%H:%M:%S,%N%:z',
};

export function* date(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'date');
  const p = yield* parseArgs(ctx, argv.slice(1), 'd:uRI::r:', LONG, 1);
  if (typeof p === 'number') return p;
  let fmt = '%a %b %e %H:%M:%S %Z %Y';
  let when: [number, number] | null = null;
  for (const [k, v] of p.opts) {
    if (k === 'R') fmt = '%a, %d %b %Y %H:%M:%S %z';
    else if (k === 'I') {
      const spec = v ?? 'date';
      const key = Object.keys(ISO).find((x) => x.startsWith(spec) && spec.length > 0);
      if (!key) {
        yield* fail(ctx, `invalid argument ${q(ctx, spec)} for ${q(ctx, '--iso-8601')}`);
        yield* writeAll(sys, 2, "Valid arguments are:\n  - ‘hours’\n  - ‘minutes’\n  - ‘date’\n  - ‘seconds’\n  - ‘ns’\n");
        yield* usageError(ctx);
        return 1;
      }
      fmt = ISO[key]!;
    } else if (k === 'd') {
      const s = v!.trim();
      const m = /^@(-?\d+)(?:\.(\d{1,9}))?$/.exec(s);
      if (m) when = [Number(m[1]), Number((m[2] ?? '').padEnd(9, '0'))];
      else if (s === 'now' || s === '') when = null;
      else {
        // free-form dates ("next friday") need getdate's grammar: not modelled
        yield* fail(ctx, `invalid date ${q(ctx, v!)}`);
        return 1;
      }
    } else if (k === 'r') {
      const st = yield* sys.stat(v!);
      if (typeof st === 'number') {
        yield* failErrno(ctx, v!, -st);
        return 1;
      }
      when = [Math.floor(st.mtimeNs / 1e9), st.mtimeNs % 1e9];
    }
  }
  const ops = p.operands;
  if (ops.length > 0) {
    if (!ops[0]!.startsWith('+')) {
      // an operand without '+' sets the clock (MMDDhhmm[[CC]YY][.ss]). The virtual clock cannot
      // be set: answer as date does in a container without CAP_SYS_TIME
      yield* fail(ctx, 'cannot set date: Operation not permitted');
      return 1;
    }
    if (ops.length > 1) {
      yield* usageError(ctx, `extra operand ${q(ctx, ops[1]!)}`);
      return 1;
    }
    fmt = ops[0]!.slice(1);
  }
  if (!when) {
    const t = yield* sys.clock_gettime(CLOCK_REALTIME);
    when = typeof t === 'number' ? [0, 0] : [t[0], t[1]];
  }
  yield* writeAll(sys, 1, dateFormat(fmt, when[0], when[1]) + '\n');
  return 0;
}

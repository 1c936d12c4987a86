// The `time` reserved word's report: bash's TIMEFORMAT mini-language (print_formatted_time in
// bash's execute_cmd.c). Values are truncated to milliseconds, then to the requested precision.

export const DEFAULT_TIMEFORMAT = '\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS';
export const POSIX_TIMEFORMAT = 'real %2R\nuser %2U\nsys %2S';

export interface Times {
  /** elapsed, user and system time in nanoseconds */
  realNs: number;
  userNs: number;
  sysNs: number;
}

/** bash's mkfmt: [Nm]S[.fff][s] from whole milliseconds. */
function mkfmt(ms: number, prec: number, long: boolean): string {
  let sec = Math.floor(ms / 1000);
  const frac = ms % 1000;
  let out = '';
  if (long) {
    out += `${Math.floor(sec / 60)}m`;
    sec %= 60;
  }
  out += String(sec);
  if (prec > 0) out += '.' + String(frac).padStart(3, '0').slice(0, prec);
  if (long) out += 's';
  return out;
}

/**
 * Expands a TIMEFORMAT string. Returns the text (without the trailing newline bash adds) or
 * { bad } with the offending character for bash's "`X': invalid format character".
 */
export function formatTimes(fmt: string, t: Times): string | { bad: string } {
  const ms = (ns: number): number => Math.max(0, Math.floor(ns / 1e6));
  const vals: Record<string, number> = { R: ms(t.realNs), U: ms(t.userNs), S: ms(t.sysNs) };
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    if (i + 1 >= fmt.length) {
      out += c;
      break;
    }
    let j = i + 1;
    if (fmt[j] === '%') {
      out += '%';
      i = j;
      continue;
    }
    if (fmt[j] === 'P') {
      const r = vals.R!;
      const cpu = r === 0 ? 0 : Math.floor(((vals.U! + vals.S!) * 10000) / r);
      out += `${Math.floor(cpu / 100)}.${String(cpu % 100).padStart(2, '0')}`;
      i = j;
      continue;
    }
    let prec = 3;
    if (fmt[j] !== undefined && /[0-9]/.test(fmt[j]!)) {
      prec = Math.min(3, Number(fmt[j]));
      j++;
    }
    let long = false;
    if (fmt[j] === 'l') {
      long = true;
      j++;
    }
    const k = fmt[j];
    if (k === 'R' || k === 'U' || k === 'S') {
      out += mkfmt(vals[k]!, prec, long);
      i = j;
      continue;
    }
    return { bad: k ?? '\0' };
  }
  return out;
}

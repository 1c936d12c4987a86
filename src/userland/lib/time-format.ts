// Calendar arithmetic and time formatting for userland tools (ls, stat, ps, top, date...).
// Pure integer arithmetic on nanoseconds since the epoch: no Date object (lint forbids it).
// The lab runs in UTC, so every conversion here is UTC.

export const MONTHS_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
export const DAYS_ABBR = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** Broken-down UTC time, like glibc's struct tm (but year is the full year, mon 0..11). */
export interface Tm {
  year: number;
  mon: number; // 0..11
  mday: number; // 1..31
  hour: number;
  min: number;
  sec: number;
  wday: number; // 0 = Sunday
  yday: number; // 0..365
}

/** Howard Hinnant's civil_from_days: days since 1970-01-01 → [year, month 1..12, day 1..31]. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

/** days_from_civil: inverse of civilFromDays (month 1..12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** gmtime(3) of whole seconds since the epoch. */
export function gmtime(sec: number): Tm {
  const s = Math.floor(sec);
  const days = Math.floor(s / 86400);
  let rem = s - days * 86400;
  const hour = Math.floor(rem / 3600);
  rem -= hour * 3600;
  const min = Math.floor(rem / 60);
  const [year, month, mday] = civilFromDays(days);
  const yday = days - daysFromCivil(year, 1, 1);
  const wday = (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return { year, mon: month - 1, mday, hour, min, sec: rem - min * 60, wday, yday };
}

/** Split a nanosecond timestamp into [seconds, nanoseconds] (0 <= ns < 1e9). */
export function splitNs(ns: number): [number, number] {
  const sec = Math.floor(ns / 1e9);
  let frac = Math.round(ns - sec * 1e9);
  if (frac >= 1e9) frac = 999999999;
  if (frac < 0) frac = 0;
  return [sec, frac];
}

const pad = (n: number, w: number, c = '0'): string => String(n).padStart(w, c);

/**
 * A strftime(3) subset for UTC: %a %A? no; %b %h %d %e %H %I %j %k %l %m %M %p %S %T %R %F %D %y %Y
 * %s %u %w %Z (UTC) %z (+0000) %n %t %%. Unknown conversions are copied as is.
 */
export function strftime(fmt: string, tm: Tm, epochSec?: number): string {
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%' || i + 1 >= fmt.length) {
      out += c;
      continue;
    }
    const f = fmt[++i]!;
    switch (f) {
      case 'a': out += DAYS_ABBR[tm.wday]; break;
      case 'b': case 'h': out += MONTHS_ABBR[tm.mon]; break;
      case 'd': out += pad(tm.mday, 2); break;
      case 'e': out += pad(tm.mday, 2, ' '); break;
      case 'H': out += pad(tm.hour, 2); break;
      case 'I': out += pad(tm.hour % 12 === 0 ? 12 : tm.hour % 12, 2); break;
      case 'k': out += pad(tm.hour, 2, ' '); break;
      case 'l': out += pad(tm.hour % 12 === 0 ? 12 : tm.hour % 12, 2, ' '); break;
      case 'j': out += pad(tm.yday + 1, 3); break;
      case 'm': out += pad(tm.mon + 1, 2); break;
      case 'M': out += pad(tm.min, 2); break;
      case 'p': out += tm.hour < 12 ? 'AM' : 'PM'; break;
      case 'S': out += pad(tm.sec, 2); break;
      case 'T': out += `${pad(tm.hour, 2)}:${pad(tm.min, 2)}:${pad(tm.sec, 2)}`; break;
      case 'R': out += `${pad(tm.hour, 2)}:${pad(tm.min, 2)}`; break;
      case 'F': out += `${tm.year}-${pad(tm.mon + 1, 2)}-${pad(tm.mday, 2)}`; break;
      case 'D': out += `${pad(tm.mon + 1, 2)}/${pad(tm.mday, 2)}/${pad(tm.year % 100, 2)}`; break;
      case 'y': out += pad(tm.year % 100, 2); break;
      case 'Y': out += String(tm.year); break;
      case 's': out += String(epochSec ?? 0); break;
      case 'u': out += String(tm.wday === 0 ? 7 : tm.wday); break;
      case 'w': out += String(tm.wday); break;
      case 'Z': out += 'UTC'; break;
      case 'z': out += '+0000'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '%': out += '%'; break;
      default: out += '%' + f;
    }
  }
  return out;
}

/** Half a Gregorian year in seconds, as GNU ls uses for "recent". */
export const SIX_MONTHS_SEC = 31556952 / 2;

/**
 * GNU ls -l's date column: "Nov 28 00:11" if the time is within the past six months
 * (and not in the future), else "Nov 28  2025".
 */
export function lsDate(mtimeNs: number, nowNs: number): string {
  const recent = mtimeNs > nowNs - SIX_MONTHS_SEC * 1e9 && mtimeNs <= nowNs;
  const tm = gmtime(splitNs(mtimeNs)[0]);
  return strftime(recent ? '%b %e %H:%M' : '%b %e  %Y', tm);
}

/** stat(1)'s timestamp: "2026-11-28 00:21:56.431157569 +0000". */
export function statDate(ns: number): string {
  const [sec, frac] = splitNs(ns);
  return `${strftime('%F %T', gmtime(sec))}.${pad(frac, 9)} +0000`;
}

// free (procps-ng 4.0.2 src/free.c): memory totals from /proc/meminfo.
// used = MemTotal - MemAvailable; buff/cache = Buffers + Cached + SReclaimable (procps 4.0.2).
import type { Sys, Program } from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { getopt, isGetoptError, type LongOpt } from '../lib/getopt';
import { parseMeminfo, readProcText } from '../lib/procfs';

export const FREE_USAGE = `
Usage:
 free [options]

Options:
 -b, --bytes         show output in bytes
     --kilo          show output in kilobytes
     --mega          show output in megabytes
     --giga          show output in gigabytes
     --tera          show output in terabytes
     --peta          show output in petabytes
 -k, --kibi          show output in kibibytes
 -m, --mebi          show output in mebibytes
 -g, --gibi          show output in gibibytes
     --tebi          show output in tebibytes
     --pebi          show output in pebibytes
 -h, --human         show human-readable output
     --si            use powers of 1000 not 1024
 -l, --lohi          show detailed low and high memory statistics
 -t, --total         show total for RAM + swap
 -v, --committed     show committed memory and commit limit
 -s N, --seconds N   repeat printing every N seconds
 -c N, --count N     repeat printing N times, then exit
 -w, --wide          wide output

     --help     display this help and exit
 -V, --version  output version information and exit

For more details see free(1).
`;

interface FreeFlags {
  human: boolean;
  si: boolean;
  exponent: number; // 0 default (KiB), 1 bytes, 2 kilo/kibi, 3 mega...
}

/** scale_size from free.c. */
export function scaleSize(kb: number, f: FreeFlags): string {
  const base = f.si ? 1000 : 1024;
  const bytes = kb * 1024;
  if (!f.human) {
    if (f.exponent === 0) return String(Math.floor(bytes / base));
    if (f.exponent === 1) return String(bytes);
    return String(Math.floor(bytes / Math.pow(base, f.exponent - 1)));
  }
  const up = ['B', 'K', 'M', 'G', 'T', 'P'];
  let s = `${bytes}B`;
  if (s.length <= 4) return s;
  for (let i = 1; i < up.length; i++) {
    const v = Math.fround(bytes / Math.pow(base, i));
    if (f.si) {
      s = `${v.toFixed(1)}${up[i]}`;
      if (s.length <= 4) return s;
      s = `${Math.trunc(bytes / Math.pow(base, i))}${up[i]}`;
      if (s.length <= 4) return s;
    } else {
      s = `${v.toFixed(1)}${up[i]}i`;
      if (s.length <= 5) return s;
      s = `${Math.trunc(bytes / Math.pow(base, i))}${up[i]}i`;
      if (s.length <= 5) return s;
    }
  }
  return s;
}

/** The free report for one /proc/meminfo reading. */
export function freeReport(meminfo: string, f: FreeFlags & { wide: boolean; lohi: boolean; total: boolean; committed: boolean }): string {
  const m = parseMeminfo(meminfo);
  const g = (k: string) => m.get(k) ?? 0;
  const total = g('MemTotal');
  const free = g('MemFree');
  const available = m.has('MemAvailable') ? g('MemAvailable') : free;
  let used = total - available;
  if (used < 0) used = total - free;
  const cached = g('Cached') + g('SReclaimable');
  const buffers = g('Buffers');
  const shared = g('Shmem');
  const swapTotal = g('SwapTotal');
  const swapFree = g('SwapFree');
  const sc = (n: number) => scaleSize(n, f);
  const c = (n: number) => ' ' + sc(n).padStart(11);
  let out = f.wide
    ? '               total        used        free      shared     buffers       cache   available\n'
    : '               total        used        free      shared  buff/cache   available\n';
  out += 'Mem:'.padEnd(9) + sc(total).padStart(11) + c(used) + c(free) + c(shared);
  out += f.wide ? c(buffers) + c(cached) : c(buffers + cached);
  out += c(available) + '\n';
  if (f.lohi) {
    const lowTotal = m.has('LowTotal') ? g('LowTotal') : total;
    const lowFree = m.has('LowFree') ? g('LowFree') : free;
    const highTotal = g('HighTotal');
    const highFree = g('HighFree');
    out += 'Low:'.padEnd(9) + sc(lowTotal).padStart(11) + c(lowTotal - lowFree) + c(lowFree) + '\n';
    out += 'High:'.padEnd(9) + sc(highTotal).padStart(11) + c(highTotal - highFree) + c(highFree) + '\n';
  }
  out += 'Swap:'.padEnd(9) + sc(swapTotal).padStart(11) + c(swapTotal - swapFree) + c(swapFree) + '\n';
  if (f.total) {
    out += 'Total:'.padEnd(9) + sc(total + swapTotal).padStart(11) + c(used + swapTotal - swapFree) + c(free + swapFree) + '\n';
  }
  if (f.committed) {
    const lim = g('CommitLimit');
    const as = g('Committed_AS');
    out += 'Comm:'.padEnd(9) + sc(lim).padStart(11) + c(as) + c(lim - as) + '\n';
  }
  return out;
}

// free.c longopts, in its order (glibc lists ambiguous candidates in table order)
const LONGS: LongOpt[] = [
  ['bytes', 'b'], ['kilo', 'kilo'], ['mega', 'mega'], ['giga', 'giga'], ['tera', 'tera'], ['peta', 'peta'],
  ['kibi', 'k'], ['mebi', 'm'], ['gibi', 'g'], ['tebi', 'tebi'], ['pebi', 'pebi'], ['human', 'h'], ['si', 'si'],
  ['lohi', 'l'], ['total', 't'], ['committed', 'v'], ['seconds', 's', 'required'], ['count', 'c', 'required'],
  ['wide', 'w'], ['help', 'help'], ['version', 'V'],
].map(([name, key, arg]) => ({ name: name!, key: key!, arg: arg === 'required' ? 'required' : 'none' }));

export function* free(sys: Sys, argv: string[]): Program {
  const f = { human: false, si: false, exponent: 0, wide: false, lohi: false, total: false, committed: false };
  let unitSet = false;
  let delay = -1;
  let count = -1;
  const prog = 'free';
  const parsed = getopt(argv.slice(1), 'bkmghltvwVs:c:', LONGS);
  const { opts } = parsed;
  const unit = function* (e: number, si: boolean): Program {
    if (unitSet) {
      yield* writeAll(sys, 2, `${prog}: Multiple unit options don't make sense.\n`);
      return 1;
    }
    unitSet = true;
    f.exponent = e;
    if (si) f.si = true;
    return 0;
  };
  for (const [k, v] of opts) {
    let r = 0;
    switch (k) {
      case 'b': r = yield* unit(1, false); break;
      case 'kilo': r = yield* unit(2, true); break;
      case 'mega': r = yield* unit(3, true); break;
      case 'giga': r = yield* unit(4, true); break;
      case 'tera': r = yield* unit(5, true); break;
      case 'peta': r = yield* unit(6, true); break;
      case 'k': r = yield* unit(2, false); break;
      case 'm': r = yield* unit(3, false); break;
      case 'g': r = yield* unit(4, false); break;
      case 'tebi': r = yield* unit(5, false); break;
      case 'pebi': r = yield* unit(6, false); break;
      case 'h': f.human = true; break;
      case 'si': f.si = true; break;
      case 'l': f.lohi = true; break;
      case 't': f.total = true; break;
      case 'v': f.committed = true; break;
      case 'w': f.wide = true; break;
      case 'help':
        yield* writeAll(sys, 1, FREE_USAGE);
        return 0;
      case 'V':
        yield* writeAll(sys, 1, 'free from procps-ng 4.0.2\n');
        return 0;
      case 's': {
        const d = /^[0-9]*\.?[0-9]+$|^[0-9]+\.$/.test(v!) ? Number(v) : NaN;
        if (!Number.isFinite(d)) {
          yield* writeAll(sys, 2, `${prog}: seconds argument failed: '${v}': Invalid argument\n`);
          return 1;
        }
        if (d < 1 / 1e6) {
          yield* writeAll(sys, 2, `${prog}: seconds argument '${v}' is not positive number\n`);
          return 1;
        }
        delay = d;
        break;
      }
      case 'c': {
        const n = /^[0-9]+$/.test(v!) ? Number(v) : NaN;
        if (!Number.isFinite(n) || n < 1) {
          yield* writeAll(sys, 2, `${prog}: failed to parse count argument: '${v}'\n`);
          return 1;
        }
        count = n;
        break;
      }
    }
    if (r) return r;
  }
  if (isGetoptError(parsed)) {
    yield* writeAll(sys, 2, `${prog}: ${parsed.message}\n${FREE_USAGE}`);
    return 1;
  }
  if (parsed.operands.length) {
    yield* writeAll(sys, 2, FREE_USAGE);
    return 1;
  }
  if (count > 0 && delay < 0) delay = 1;
  for (let iter = 0; ; iter++) {
    const text = yield* readProcText(sys, '/proc/meminfo');
    yield* writeAll(sys, 1, freeReport(text, f));
    if (delay < 0) break;
    if (count > 0 && iter + 1 >= count) break;
    yield* writeAll(sys, 1, '\n');
    yield* sys.nanosleep(Math.round(delay * 1e9));
  }
  return 0;
}

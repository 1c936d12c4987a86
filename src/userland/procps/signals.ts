// procps lib/signals.c: signal name ↔ number conversions and the kill -l / -L listings.
// x86-64 Linux, glibc: SIGRTMIN is 34 as glibc reports it.
import { SIGNAL_NAMES } from '../../kernel/syscall';

export const SIGRTMIN = 34;

/** procps sigtable: the 31 standard signals (STKFLT present, no EMT), POLL for 29. */
const NAMES: readonly string[] = SIGNAL_NAMES; // index = number; [29] is 'POLL'

/** signal_name_to_number: -1 when invalid. Accepts SIG prefix, any case, numbers, RTMIN+n. */
export function signalNameToNumber(name: string): number {
  if (/^sig/i.test(name)) name = name.slice(3);
  const up = name.toUpperCase();
  if (up === 'CLD') return 17;
  if (up === 'IO') return 29;
  if (up === 'IOT') return 6;
  const idx = NAMES.indexOf(up);
  if (idx > 0) return idx;
  if (up === 'RTMIN') return SIGRTMIN;
  if (up === 'EXIT' || up === 'NULL') return 0;
  let offset = 0;
  if (up.startsWith('RTMIN+')) {
    name = name.slice(6);
    offset = SIGRTMIN;
  }
  const m = /^\s*[+-]?[0-9]+/.exec(name);
  if (!m || m[0].length !== name.length) return -1;
  const val = parseInt(name, 10);
  if (val + SIGRTMIN > 127) return -1;
  return val + offset;
}

/** signal_number_to_name. */
export function signalNumberToName(signo: number): string {
  signo &= 0x7f;
  if (signo >= 1 && signo <= 31) return NAMES[signo]!;
  if (signo === SIGRTMIN) return 'RTMIN';
  if (signo) return `RTMIN+${signo - SIGRTMIN}`;
  return '0';
}

/** strtosig: number → name or name → number (as text); undefined when unknown. */
export function strtosig(s: string): string | undefined {
  let p = s.toUpperCase();
  if (p.startsWith('SIG')) p = p.slice(3);
  let numsignal = 0;
  if (/^[0-9]/.test(p)) {
    const m = /^\s*[+-]?[0-9]+/.exec(s);
    if (!m || m[0].length !== s.length) return undefined;
    numsignal = parseInt(s, 10);
  }
  if (numsignal) {
    for (let i = 1; i <= 31; i++) if (i === numsignal) return NAMES[i];
    return undefined;
  }
  const idx = NAMES.indexOf(p);
  return idx > 0 ? String(idx) : undefined;
}

/** unix_print_signals: names separated by spaces, wrapped after column 73. */
export function unixPrintSignals(): string {
  let out = '';
  let pos = 0;
  for (let i = 1; i <= 31; i++) {
    if (i - 1) {
      if (pos > 73) {
        pos = 0;
        out += '\n';
      } else {
        pos++;
        out += ' ';
      }
    }
    const n = signalNumberToName(i);
    out += n;
    pos += n.length;
  }
  return out + '\n';
}

/** pretty_print_signals: the -L table, 7 per row. */
export function prettyPrintSignals(): string {
  let out = '';
  let i = 0;
  while (++i <= 31) {
    const cell = `${String(i).padStart(2)} ${signalNumberToName(i)}`;
    out += cell;
    if (i % 7) out += ' '.repeat(Math.max(0, 11 - cell.length));
    else out += '\n';
  }
  if ((i - 1) % 7) out += '\n';
  return out;
}

// A lab session as data: the machine's options and the log of every input (keystrokes,
// terminal resizes, terminals opened and closed) with the point in the machine's history where
// it arrived. The kernel is deterministic, so this record *is* the session (ARCHITECTURE.md §3:
// replay is the snapshot): local persistence, share links, exported files and rewind all
// rebuild a machine by replaying it (src/machine/replay.ts).
//
// This module is plain data and its validator: no kernel code, so the page can check a link or a
// file before any machine exists. Everything that arrives from outside (a link, a file, the
// page's storage) goes through validateRecord, which never throws and returns a fresh copy.

/** A terminal of the machine: the console or a pseudo-terminal the lab opened (a tab). */
export type TerminalId = 'console' | `pts/${number}`;

export const RECORD_FORMAT = 'container-lab-session';
export const RECORD_VERSION = 1;

/** Limits a record must stay within (a hostile link must not make the page replay for hours). */
export const RECORD_LIMITS = {
  entries: 200_000,
  /** UTF-8 bytes of one tty input */
  inputBytes: 1024 * 1024,
  /** all tty input of a record together, in UTF-16 units (a cheap bound) */
  totalInput: 8 * 1024 * 1024,
  /** virtual time of the last input: 24 hours */
  maxTimeNs: 24 * 3600e9,
  /** events run before the last input (a busy 24-hour session stays well below) */
  maxEvents: 1e11,
  cpus: 64,
  minRamBytes: 64 * 1024 ** 2,
  maxRamBytes: 64 * 1024 ** 3,
  rows: 1000,
  cols: 1000,
  images: 16,
  /** a lesson's setup lines (/etc/rc.local) */
  setupLines: 100,
  setupLineChars: 4096,
  /** the highest /dev/pts index a record may name */
  maxPts: 63,
} as const;

/** The serialisable options a machine was booted with. */
export interface RecordedMachine {
  seed: number;
  cpus: number;
  ramBytes: number;
  hostname: string;
  bootEpochSec: number;
  cgroupVersion: 1 | 2;
  images: string[];
  rows: number;
  cols: number;
  /** a lesson's setup lines, run at boot as /etc/rc.local (absent: none) */
  setup?: string[];
}

export type LogInput =
  | { kind: 'tty'; terminal: TerminalId; data: string }
  | { kind: 'resize'; terminal: TerminalId; rows: number; cols: number }
  /**
   * A terminal tab was asked for: the machine gave it `terminal` (replay checks it gets the same),
   * or no terminal when the open failed (a failed fork still counts in pids.events, so it is kept).
   */
  | { kind: 'open'; terminal?: TerminalId; rows: number; cols: number }
  /** the user closed a tab: the host closed the pty's master */
  | { kind: 'close'; terminal: TerminalId };

/**
 * One input and where it arrived: virtual time `t` (ns since boot) after exactly `n` kernel events
 * had run. Both are needed: events can share a nanosecond, and a host slice can stop between them.
 */
export interface LogEntry {
  t: number;
  n: number;
  input: LogInput;
}

export interface SessionRecord {
  format: typeof RECORD_FORMAT;
  version: typeof RECORD_VERSION;
  machine: RecordedMachine;
  log: LogEntry[];
}

type Obj = Record<string, unknown>;

function isPlainObject(x: unknown): x is Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function isInt(x: unknown, min: number, max: number): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
}

function extraKey(o: Obj, allowed: readonly string[]): string | null {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) return k.slice(0, 40);
  return null;
}

/** UTF-8 byte length, stopping early once over `limit`. */
function utf8Over(s: string, limit: number): boolean {
  if (s.length > limit) return true;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
    if (n > limit) return true;
  }
  return false;
}

/** 'console' or 'pts/N' (N without leading zeros, within the limit). */
export function isTerminalId(x: unknown): x is TerminalId {
  if (x === 'console') return true;
  if (typeof x !== 'string') return false;
  const m = /^pts\/(0|[1-9]\d{0,3})$/.exec(x);
  return m !== null && Number(m[1]) <= RECORD_LIMITS.maxPts;
}

/** RFC 1123 host name as sethostname(2) takes it (≤ 64 bytes), a conservative alphabet. */
function hostnameError(h: unknown): string | null {
  if (typeof h !== 'string' || h.length < 1 || h.length > 64) return 'hostname must be 1..64 characters';
  return /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(h) ? null : 'hostname may use letters, digits, dots and hyphens';
}

function machineError(m: unknown): string | null {
  if (!isPlainObject(m)) return 'machine must be an object';
  const L = RECORD_LIMITS;
  const extra = extraKey(m, ['seed', 'cpus', 'ramBytes', 'hostname', 'bootEpochSec', 'cgroupVersion', 'images', 'rows', 'cols', 'setup']);
  if (extra !== null) return `machine: unexpected field '${extra}'`;
  if (!isInt(m.seed, 0, 2 ** 32 - 1)) return 'machine.seed must be an integer 0..2^32-1';
  if (!isInt(m.cpus, 1, L.cpus)) return `machine.cpus must be an integer 1..${L.cpus}`;
  if (!isInt(m.ramBytes, L.minRamBytes, L.maxRamBytes) || m.ramBytes % 4096 !== 0) return 'machine.ramBytes must be a multiple of 4096 between 64 MiB and 64 GiB';
  const h = hostnameError(m.hostname);
  if (h) return `machine.${h}`;
  if (!isInt(m.bootEpochSec, 0, 2 ** 32 - 1)) return 'machine.bootEpochSec must be an integer 0..2^32-1';
  if (m.cgroupVersion !== 1 && m.cgroupVersion !== 2) return 'machine.cgroupVersion must be 1 or 2';
  if (!Array.isArray(m.images) || m.images.length > L.images) return `machine.images must be a list of at most ${L.images} names`;
  for (const i of m.images as unknown[]) {
    if (typeof i !== 'string' || !/^[a-z0-9][a-z0-9._/-]{0,62}(:[A-Za-z0-9._-]{1,64})?$/.test(i)) return 'machine.images: not an image name';
  }
  if (!isInt(m.rows, 1, L.rows)) return `machine.rows must be an integer 1..${L.rows}`;
  if (!isInt(m.cols, 1, L.cols)) return `machine.cols must be an integer 1..${L.cols}`;
  if (m.setup !== undefined) {
    if (!Array.isArray(m.setup) || m.setup.length > L.setupLines) return `machine.setup must be a list of at most ${L.setupLines} lines`;
    for (const l of m.setup as unknown[]) {
      if (typeof l !== 'string' || l.length > L.setupLineChars || /[\r\n\0]/.test(l)) return `machine.setup: each line is one line of at most ${L.setupLineChars} characters`;
    }
  }
  return null;
}

function inputOf(x: unknown): LogInput | string {
  if (!isPlainObject(x)) return 'input must be an object';
  const term = x.terminal;
  const failedOpen = x.kind === 'open' && term === undefined;
  if (!failedOpen && !isTerminalId(term)) return "input.terminal must be 'console' or 'pts/N'";
  switch (x.kind) {
    case 'tty': {
      const e = extraKey(x, ['kind', 'terminal', 'data']);
      if (e !== null) return `unexpected field '${e}'`;
      if (typeof x.data !== 'string' || x.data.length === 0) return 'tty input data must be a non-empty string';
      if (utf8Over(x.data, RECORD_LIMITS.inputBytes)) return `tty input larger than ${RECORD_LIMITS.inputBytes} bytes`;
      return { kind: 'tty', terminal: term as TerminalId, data: x.data };
    }
    case 'resize':
    case 'open': {
      const e = extraKey(x, ['kind', 'terminal', 'rows', 'cols']);
      if (e !== null) return `unexpected field '${e}'`;
      if (!isInt(x.rows, 1, RECORD_LIMITS.rows) || !isInt(x.cols, 1, RECORD_LIMITS.cols)) return 'rows and cols must be integers 1..1000';
      if (x.kind === 'resize') return { kind: 'resize', terminal: term as TerminalId, rows: x.rows, cols: x.cols };
      if (term === 'console') return 'the console is never opened';
      return failedOpen ? { kind: 'open', rows: x.rows, cols: x.cols } : { kind: 'open', terminal: term as TerminalId, rows: x.rows, cols: x.cols };
    }
    case 'close': {
      const e = extraKey(x, ['kind', 'terminal']);
      if (e !== null) return `unexpected field '${e}'`;
      if (term === 'console') return 'the console cannot be closed';
      return { kind: 'close', terminal: term as TerminalId };
    }
    default:
      return "input.kind must be 'tty', 'resize', 'open' or 'close'";
  }
}

export type RecordResult = { ok: true; record: SessionRecord } | { ok: false; error: string };

/**
 * Check a session record from outside (storage, link, file, message). Returns a fresh copy or the
 * first problem found, in words a user can act on. Never throws, even on getters or proxies.
 */
export function validateRecord(x: unknown): RecordResult {
  try {
    return check(x);
  } catch (_e) {
    return { ok: false, error: 'the session could not be read' };
  }
}

function check(x: unknown): RecordResult {
  const bad = (error: string): RecordResult => ({ ok: false, error });
  if (!isPlainObject(x)) return bad('not a Container Lab session (expected a JSON object)');
  if (x.format !== RECORD_FORMAT) return bad(`not a Container Lab session (format is not '${RECORD_FORMAT}')`);
  if (x.version !== RECORD_VERSION) return bad(`session format version ${String(x.version).slice(0, 20)} is not supported (this lab reads version ${RECORD_VERSION})`);
  const extra = extraKey(x, ['format', 'version', 'machine', 'log']);
  if (extra !== null) return bad(`unexpected field '${extra}'`);
  const me = machineError(x.machine);
  if (me) return bad(me);
  const m = x.machine as Obj;
  if (!Array.isArray(x.log)) return bad('log must be a list');
  const raw = x.log as unknown[];
  if (raw.length > RECORD_LIMITS.entries) return bad(`the log has more than ${RECORD_LIMITS.entries} inputs`);
  const log: LogEntry[] = [];
  let total = 0;
  let lastT = 0;
  let lastN = 0;
  for (let i = 0; i < raw.length; i++) {
    const e = raw[i];
    const where = `log entry ${i + 1}`;
    if (!isPlainObject(e)) return bad(`${where}: not an object`);
    const ex = extraKey(e, ['t', 'n', 'input']);
    if (ex !== null) return bad(`${where}: unexpected field '${ex}'`);
    const t = e.t;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > RECORD_LIMITS.maxTimeNs) return bad(`${where}: time must be 0..24 h of virtual time (ns)`);
    if (!isInt(e.n, 0, RECORD_LIMITS.maxEvents)) return bad(`${where}: n must be a count of events`);
    if (t < lastT || e.n < lastN) return bad(`${where}: inputs must be in the order they happened`);
    const input = inputOf(e.input);
    if (typeof input === 'string') return bad(`${where}: ${input}`);
    if (input.kind === 'tty') {
      total += input.data.length;
      if (total > RECORD_LIMITS.totalInput) return bad('the log holds more than 8 MiB of typing');
    }
    lastT = t;
    lastN = e.n;
    log.push({ t, n: e.n, input });
  }
  const machine: RecordedMachine = {
    seed: m.seed as number,
    cpus: m.cpus as number,
    ramBytes: m.ramBytes as number,
    hostname: m.hostname as string,
    bootEpochSec: m.bootEpochSec as number,
    cgroupVersion: m.cgroupVersion as 1 | 2,
    images: [...(m.images as string[])],
    rows: m.rows as number,
    cols: m.cols as number,
    ...(Array.isArray(m.setup) && m.setup.length ? { setup: [...(m.setup as string[])] } : {}),
  };
  return { ok: true, record: { format: RECORD_FORMAT, version: RECORD_VERSION, machine, log } };
}

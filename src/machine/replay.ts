// Replay: rebuild a machine's state from a session record (src/machine/session-record.ts) by
// booting the same machine and feeding it the same inputs at the same points of its history.
// The kernel is deterministic (one seeded PRNG, virtual time), so this reproduces every byte of
// every terminal; it is how the lab resets, rewinds, restores a reload and opens a share link
// (ARCHITECTURE.md §3). Work is done in bounded chunks so a host can keep answering messages.
import { type Machine, type MachineOptions } from './machine';
import type { LogEntry, LogInput, RecordedMachine, TerminalId } from './session-record';

/** A point in a machine's history: virtual time and events run since boot. */
export interface HistoryPoint {
  t: number;
  n: number;
}

export function machineOptionsOf(r: RecordedMachine, extra: MachineOptions = {}): MachineOptions {
  return { ...extra, ...r, images: [...r.images], setup: r.setup ? [...r.setup] : [] };
}

export function recordedMachineOf(m: Machine): RecordedMachine {
  const o = m.options;
  return {
    seed: o.seed,
    cpus: o.cpus,
    ramBytes: o.ramBytes,
    hostname: o.hostname,
    bootEpochSec: o.bootEpochSec,
    cgroupVersion: o.cgroupVersion,
    images: [...o.images],
    rows: o.rows,
    cols: o.cols,
    ...(o.setup.length ? { setup: [...o.setup] } : {}),
  };
}

export function pointOf(m: Machine): HistoryPoint {
  return { t: m.now, n: m.k.eventsRun };
}

/**
 * Feed one input to the machine, as the host does live. Returns what went differently from the
 * record (null: as recorded). An 'open' whose record has no terminal was an open that failed.
 */
export function applyInput(m: Machine, input: LogInput): string | null {
  switch (input.kind) {
    case 'tty':
      m.input(input.data, input.terminal);
      return null;
    case 'resize':
      m.resize(input.rows, input.cols, input.terminal);
      return null;
    case 'open': {
      const r = m.openTerminal(input.rows, input.cols);
      const got = typeof r === 'string' ? r : undefined;
      if (got === input.terminal) return null;
      return `a terminal opened as ${got ?? '(failed)'} where the record has ${input.terminal ?? '(failed)'}`;
    }
    case 'close':
      m.closeTerminal(input.terminal);
      return null;
  }
}

export type ReplayStatus = { state: 'more' } | { state: 'done' } | { state: 'failed'; error: string };

/**
 * Replays `log[0..upto)` on `m` (freshly booted with the record's options), then runs it on to
 * `stopAt` (the point where the next input arrived, for a rewind) if given. Call run() until it
 * says done; each call stops when `shouldStop()` turns true (checked every chunk of events).
 */
export class Replayer {
  private next = 0;
  private finished = false;

  constructor(
    readonly m: Machine,
    private readonly log: readonly LogEntry[],
    private readonly upto: number,
    private readonly stopAt: HistoryPoint | null,
    /** events run between two looks at shouldStop */
    private readonly chunk = 2048,
  ) {}

  /** inputs replayed so far */
  get applied(): number {
    return this.next;
  }

  get total(): number {
    return this.upto;
  }

  run(shouldStop: () => boolean): ReplayStatus {
    if (this.finished) return { state: 'done' };
    while (this.next < this.upto) {
      const e = this.log[this.next]!;
      const r = this.reach(e, shouldStop);
      if (r !== null) return r;
      const diff = applyInput(this.m, e.input);
      if (diff !== null) return this.fail(`input ${this.next + 1}: ${diff}`);
      this.next++;
      if (shouldStop() && this.next < this.upto) return { state: 'more' };
    }
    if (this.stopAt) {
      const r = this.reach(this.stopAt, shouldStop);
      if (r !== null) return r;
    }
    this.finished = true;
    return { state: 'done' };
  }

  /** Run events until the machine is at point p; null when there, else a status to return. */
  private reach(p: HistoryPoint, shouldStop: () => boolean): ReplayStatus | null {
    const m = this.m;
    const k = m.k;
    while (k.eventsRun < p.n) {
      if (k.panicked) return this.fail(`the kernel panicked during replay: ${k.panicked}`);
      const ran = m.runUntil(p.t, Math.min(p.n - k.eventsRun, this.chunk));
      if (ran === 0) return this.diverged(p);
      if (shouldStop() && k.eventsRun < p.n) return { state: 'more' };
    }
    // nothing due before p.t: runUntil with no event budget moves the clock there
    if (m.now < p.t) m.runUntil(p.t, 0);
    if (m.now !== p.t || k.eventsRun !== p.n) return this.diverged(p);
    return null;
  }

  private diverged(p: HistoryPoint): ReplayStatus {
    return this.fail(
      `the replay went differently from the record before input ${this.next + 1} ` +
        `(expected ${p.n} events at ${p.t} ns, the machine is at ${this.m.k.eventsRun} events, ${this.m.now} ns)`,
    );
  }

  private fail(error: string): ReplayStatus {
    this.finished = true;
    return { state: 'failed', error };
  }
}

/** Output of each terminal since boot, kept to its last `limit` bytes (cut at a line start). */
export class ScreenHistory {
  private chunks = new Map<TerminalId, { parts: Uint8Array[]; bytes: number }>();

  constructor(private readonly limit = 2 * 1024 * 1024) {}

  add(id: TerminalId, b: Uint8Array): void {
    let h = this.chunks.get(id);
    if (!h) this.chunks.set(id, (h = { parts: [], bytes: 0 }));
    h.parts.push(b.slice());
    h.bytes += b.length;
    while (h.bytes - h.parts[0]!.length >= this.limit) h.bytes -= h.parts.shift()!.length;
  }

  forget(id: TerminalId): void {
    this.chunks.delete(id);
  }

  /** The kept output of `id`; when older output was dropped, it starts after a newline. */
  of(id: TerminalId): Uint8Array {
    const h = this.chunks.get(id);
    if (!h) return new Uint8Array(0);
    const all = new Uint8Array(h.bytes);
    let off = 0;
    for (const p of h.parts) {
      all.set(p, off);
      off += p.length;
    }
    if (all.length <= this.limit) return all;
    const from = all.length - this.limit;
    const nl = all.indexOf(0x0a, from);
    return all.subarray(nl < 0 ? from : nl + 1);
  }
}

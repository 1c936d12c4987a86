// The same MachineHost driven in-process: for tests, and as the fallback where no module Worker
// can be created (one transport, two hosts). Messages are structured-cloned both ways, exactly as
// postMessage would, so code that works here works across a Worker boundary. Its shape follows
// Worker's (postMessage, onmessage, terminate) so the UI can hold either.
import { MachineHost, type MachineHostOptions } from './host';
import type { Inbound, Outbound } from './protocol';

export interface InProcessOptions extends Omit<MachineHostOptions, 'post'> {
  /** start the timer loop at once (default true); tests pass false and call tick() */
  autoStart?: boolean;
}

export class InProcessMachine {
  readonly host: MachineHost;
  onmessage: ((ev: { data: Outbound }) => void) | null = null;
  private listeners: Array<(m: Outbound) => void> = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerDelay = Infinity;
  private stopped = false;
  private readonly hostNow: () => number;

  constructor(opts: InProcessOptions = {}) {
    this.hostNow = opts.hostNow ?? (() => performance.now());
    this.host = new MachineHost({ ...opts, post: (m) => this.deliver(m) });
    if (opts.autoStart ?? true) this.start();
  }

  /** UI → machine (cloned, as a Worker would). */
  postMessage(msg: Inbound | unknown): void { // unknown: the host validates whatever it is given
    if (this.stopped) return;
    let copy: unknown;
    try {
      copy = structuredClone(msg);
    } catch (_e) {
      copy = { type: 'unclonable' }; // postMessage would throw DataCloneError; the host rejects it
    }
    this.host.receive(copy);
    if (this.timer !== null) this.schedule(0);
  }

  /** Listen to machine → UI messages (besides `onmessage`). Returns an unsubscribe function. */
  addListener(fn: (m: Outbound) => void): () => void {
    this.listeners.push(fn);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== fn);
    };
  }

  /** One host slice at wall time `wallMs` (default: now). For tests that drive time by hand. */
  tick(wallMs = this.hostNow()): ReturnType<MachineHost['tick']> {
    return this.host.tick(wallMs);
  }

  start(): void {
    if (this.stopped || this.timer !== null) return;
    this.schedule(0);
  }

  terminate(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.listeners = [];
    this.onmessage = null;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null && this.timerDelay <= delayMs) return; // a sooner tick is already due
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerDelay = delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDelay = Infinity;
      if (this.stopped) return;
      this.schedule(this.tick().delayMs);
    }, delayMs);
  }

  private deliver(m: Outbound): void {
    if (this.stopped) return;
    const copy = structuredClone(m);
    this.onmessage?.({ data: copy });
    for (const l of this.listeners) l(copy);
  }
}

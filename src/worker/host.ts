// The machine host: owns a Machine, takes (validated) messages from the UI, and advances virtual
// time against wall time in bounded slices (ARCHITECTURE.md §4, §9 "a bounded run loop"). It
// talks only through an injected `post`, so the same code runs in a Web Worker (worker.ts) and
// in-process (inprocess.ts): one transport, two hosts.
//
// Time: while running, virtual time follows wall time × speed from an anchor taken when the run
// (re)starts; 'max' runs events as fast as the slice budget allows. A slice never takes much more
// than `sliceMs` of host time; when the host cannot keep up, the anchor moves (the machine runs
// slower than asked rather than bursting later). Paused, time stands still but input is still
// delivered: it lands at the current virtual time and runs on resume (or on `step`). Idle
// (nothing runnable, no timers but housekeeping ones), time stands still too until input arrives.
import { Machine, type MachineOptions } from '../machine/machine';
import { FIXED_1 } from '../kernel/sched/loadavg';
import { ProcessesViewSource } from '../machine/views/processes';
import { CgroupsViewSource, type CgroupHierarchyName } from '../machine/views/cgroups';
import { OverlayViewSource, type CopyUpTraceEvent, type TreeLayer } from '../machine/views/overlay';
import {
  PROTOCOL_VERSION,
  validateInbound,
  isInvalid,
  type Inbound,
  type Outbound,
  type MachineInfo,
  type Speed,
  type ViewName,
  type ViewMsg,
  type SubscribeMsg,
  type ClockMsg,
  MAX_TRACE_BATCH,
} from './protocol';

export interface MachineHostOptions {
  /** where messages to the UI go (postMessage in a worker, a listener in-process) */
  post: (msg: Outbound) => void;
  /** options of the machine booted at start and on reset (reset may override the seed) */
  machine?: MachineOptions;
  /** the host clock for the slice budget, in ms (default performance.now) */
  hostNow?: () => number;
  /** host time one tick may spend running events (default 4 ms) */
  sliceMs?: number;
  /** events run between two looks at the host clock (default 64) */
  eventsPerCheck?: number;
  /** at most one view frame per subscribed view per this many wall ms (default one 60 Hz frame) */
  frameIntervalMs?: number;
  /** at most one clock message per this many wall ms (default 250) */
  clockIntervalMs?: number;
  /** run as fast as possible until the console first waits for input (default true) */
  fastBoot?: boolean;
}

/** A subscribed view: its frame source (remembering earlier frames for rates) and its options. */
type Subscription = {
  lastSentWall: number;
  /** host `version` when the last frame was sent (-1: changed, send at the next frame) */
  sentVersion: number;
  /**
   * Wall ms between two frames: one animation frame, or more for a view whose frames are costly
   * (the overlay view of a big image walks every layer), so no view takes more than about
   * 1/COST_SHARE of the host's time.
   */
  intervalMs: number;
} & (
  | { view: 'processes'; source: ProcessesViewSource; pid: number | null }
  | { view: 'cgroups'; source: CgroupsViewSource; hierarchy: CgroupHierarchyName | null; path: string | null }
  | { view: 'overlay'; source: OverlayViewSource; mount: number | null; expanded: string[]; layer: TreeLayer | null; file: string | null }
);

/** A view's frames may take at most one part in this many of the host's time. */
const COST_SHARE = 8;

function newSubscription(msg: SubscribeMsg): Subscription {
  const timing = { lastSentWall: -Infinity, sentVersion: -1, intervalMs: 0 };
  if (msg.view === 'overlay') {
    return {
      ...timing,
      view: 'overlay',
      source: new OverlayViewSource(),
      mount: msg.mount ?? null,
      expanded: msg.expanded ?? [],
      layer: msg.layer ?? null,
      file: msg.file ?? null,
    };
  }
  if (msg.view === 'cgroups') {
    return { ...timing, view: 'cgroups', source: new CgroupsViewSource(), hierarchy: msg.hierarchy ?? null, path: msg.path ?? null };
  }
  return { ...timing, view: 'processes', source: new ProcessesViewSource(), pid: msg.pid ?? null };
}

/** What the worker loop should do next: tick again after `delayMs`. */
export interface TickResult {
  /** suggested wall ms until the next tick (0: there is work, call again at once) */
  delayMs: number;
  /** virtual time is moving (running, not idle, not fatal) */
  advancing: boolean;
}

export class MachineHost {
  private m!: Machine;
  private readonly post: (msg: Outbound) => void;
  private readonly hostNow: () => number;
  private readonly sliceMs: number;
  private readonly eventsPerCheck: number;
  private readonly frameIntervalMs: number;
  private readonly clockIntervalMs: number;
  private readonly baseOptions: MachineOptions;
  private greeted = false;
  private running = true;
  private speed: Speed = 1;
  /** wall ms and virtual ns at which the current run at `speed` started (null: re-anchor) */
  private anchor: { wallMs: number; virtNs: number } | null = null;
  /** a `step` by ns in progress: run (paused) up to this virtual time */
  private stepTargetNs: number | null = null;
  private booting: boolean;
  private fatal = false;
  private out: Uint8Array[] = [];
  private outBytes = 0;
  private readonly subs = new Map<ViewName, Subscription>();
  /** bumped whenever something a view or the clock shows may have changed */
  private version = 0;
  private lastClockWall = -Infinity;
  private lastClockKey = '';
  private unhookOutput: (() => void) | null = null;
  /** the kernel trace subscription, held while a view that animates trace events is subscribed */
  private unhookTrace: (() => void) | null = null;
  private traceBatch: CopyUpTraceEvent[] = [];
  private traceDropped = 0;
  private lastTraceWall = -Infinity;

  constructor(opts: MachineHostOptions) {
    this.post = opts.post;
    this.hostNow = opts.hostNow ?? (() => performance.now());
    this.sliceMs = opts.sliceMs ?? 4;
    this.eventsPerCheck = opts.eventsPerCheck ?? 64;
    this.frameIntervalMs = opts.frameIntervalMs ?? 1000 / 60;
    this.clockIntervalMs = opts.clockIntervalMs ?? 250;
    this.baseOptions = { ...(opts.machine ?? {}) };
    this.booting = opts.fastBoot ?? true;
    this.boot(this.baseOptions);
  }

  /** The machine (tests and the in-process host may look; the UI never does). */
  get machine(): Machine {
    return this.m;
  }

  get isRunning(): boolean {
    return this.running;
  }

  get currentSpeed(): Speed {
    return this.speed;
  }

  private boot(opts: MachineOptions): void {
    this.unhookOutput?.();
    this.unhookTrace?.();
    this.unhookTrace = null;
    this.traceBatch = [];
    this.traceDropped = 0;
    this.m = new Machine(opts);
    this.unhookOutput = this.m.onOutput((b) => {
      this.out.push(b.slice());
      this.outBytes += b.length;
    });
    this.m.k.onProgramCrash = (t, err) => {
      const what = err instanceof Error ? err.message : String(err);
      this.post({ type: 'error', message: `program crashed (simulator bug): ${t.comm}[${t.pid.vnr}]: ${what}` });
    };
    this.fatal = false;
    this.anchor = null;
    this.stepTargetNs = null;
    for (const s of this.subs.values()) {
      if (s.view === 'cgroups') s.source = new CgroupsViewSource();
      else if (s.view === 'overlay') s.source = new OverlayViewSource();
      else s.source = new ProcessesViewSource();
      s.sentVersion = -1;
    }
    this.syncTrace();
    this.version++;
  }

  /**
   * Hold a subscription to the kernel's trace stream exactly while the overlay view is
   * subscribed (a kernel with no trace subscriber does not even build its events). Copy-ups go
   * to the overlay view's source (its recent list) and into the batch of the next `trace` message.
   */
  private syncTrace(): void {
    const want = this.subs.has('overlay');
    if (want && !this.unhookTrace) {
      this.unhookTrace = this.m.k.trace.subscribe((e) => {
        if (e.type !== 'copy-up') return;
        const s = this.subs.get('overlay');
        if (s?.view === 'overlay') s.source.noteCopyUp(e);
        if (this.traceBatch.length >= MAX_TRACE_BATCH) {
          this.traceBatch.shift();
          this.traceDropped++;
        }
        this.traceBatch.push({ ...e });
      });
    } else if (!want && this.unhookTrace) {
      this.unhookTrace();
      this.unhookTrace = null;
      this.traceBatch = [];
      this.traceDropped = 0;
    }
  }

  private info(): MachineInfo {
    const o = this.m.options;
    return { seed: o.seed, cpus: o.cpus, ramBytes: o.ramBytes, hostname: o.hostname, bootEpochSec: o.bootEpochSec, rows: o.rows, cols: o.cols };
  }

  // ---------------------------------------------------------------- inbound

  /** A message from the UI, as received (unvalidated). Never throws. */
  receive(raw: unknown): void {
    const msg = validateInbound(raw);
    if (isInvalid(msg)) {
      this.post({ type: 'error', message: msg.error });
      return;
    }
    try {
      this.handle(msg);
    } catch (e) {
      this.post({ type: 'error', message: `host error handling '${msg.type}': ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private handle(msg: Inbound): void {
    if (msg.type === 'hello') {
      if (msg.version !== PROTOCOL_VERSION) {
        this.post({ type: 'error', message: `protocol version ${msg.version} not supported (the machine speaks ${PROTOCOL_VERSION})` });
        return;
      }
      this.greeted = true;
      this.post({ type: 'ready', version: PROTOCOL_VERSION, machine: this.info() });
      this.lastClockKey = '';
      return;
    }
    if (!this.greeted) {
      this.post({ type: 'error', message: `'${msg.type}' before 'hello': say hello first` });
      return;
    }
    switch (msg.type) {
      case 'tty-input':
        this.m.input(msg.data);
        this.version++;
        this.flushOutput(); // the echo goes out at once, not at the next tick
        break;
      case 'resize':
        this.m.resize(msg.rows, msg.cols);
        this.version++;
        this.flushOutput();
        break;
      case 'run-control':
        this.running = msg.mode === 'run';
        if (msg.speed !== undefined) this.speed = msg.speed;
        if (this.running) this.stepTargetNs = null;
        this.anchor = null;
        this.version++;
        break;
      case 'step':
        // a step pauses the machine, then runs one event or a stretch of virtual time
        this.running = false;
        this.anchor = null;
        if (msg.by === 'event') {
          this.stepTargetNs = null;
          if (!this.fatal && Number.isFinite(this.m.nextEventTime())) this.guard(() => this.m.runUntil(this.m.nextEventTime(), 1));
          this.flushOutput();
        } else {
          this.stepTargetNs = (this.stepTargetNs ?? this.m.now) + msg.by;
        }
        this.version++;
        break;
      case 'subscribe': {
        const s = this.subs.get(msg.view);
        if (!s) this.subs.set(msg.view, newSubscription(msg));
        else {
          if (s.view === 'processes' && msg.view === 'processes' && msg.pid !== undefined) s.pid = msg.pid;
          if (s.view === 'cgroups' && msg.view === 'cgroups') {
            if (msg.hierarchy !== undefined) s.hierarchy = msg.hierarchy;
            if (msg.path !== undefined) s.path = msg.path;
          }
          if (s.view === 'overlay' && msg.view === 'overlay') {
            if (msg.mount !== undefined) s.mount = msg.mount;
            if (msg.expanded !== undefined) s.expanded = msg.expanded;
            if (msg.layer !== undefined) s.layer = msg.layer;
            if (msg.file !== undefined) s.file = msg.file;
          }
          s.sentVersion = -1;
          // new options (a click in the panel) are answered at once, whatever the frame cost
          s.lastSentWall = -Infinity;
        }
        this.syncTrace();
        break;
      }
      case 'unsubscribe':
        this.subs.delete(msg.view);
        this.syncTrace();
        break;
      case 'reset':
        this.out = [];
        this.outBytes = 0;
        this.booting = true;
        this.boot(msg.seed === undefined ? this.baseOptions : { ...this.baseOptions, seed: msg.seed });
        this.post({ type: 'ready', version: PROTOCOL_VERSION, machine: this.info() });
        this.lastClockKey = '';
        break;
    }
  }

  // ---------------------------------------------------------------- time

  /**
   * One slice of work at wall time `wallNowMs` (ms, any monotonic origin): run events for at
   * most about `sliceMs` of host time, then send batched output, due view frames and the clock.
   */
  tick(wallNowMs: number): TickResult {
    let more = false;
    if (this.greeted && !this.fatal) {
      try {
        more = this.advance(wallNowMs);
      } catch (e) {
        this.die(`simulator exception: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (this.m.k.panicked && !this.fatal) this.die(`Kernel panic - not syncing: ${this.m.k.panicked}`);
    }
    if (this.greeted) {
      this.flushOutput();
      try {
        this.sendViews(wallNowMs);
        this.sendTrace(wallNowMs);
        this.sendClock(wallNowMs);
      } catch (e) {
        // a view that cannot be computed is a simulator bug: report it, keep the loop alive
        this.post({ type: 'error', message: `view error: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    const advancing = this.greeted && !this.fatal && (this.stepTargetNs !== null || (this.running && this.m.k.busy()));
    return { delayMs: more ? 0 : advancing ? Math.min(4, this.frameIntervalMs) : 50, advancing };
  }

  /** Run events; true if there is more to do right away (budget ran out, 'max', a step). */
  private advance(wall: number): boolean {
    const m = this.m;
    const deadline = this.hostNow() + this.sliceMs;
    if (this.stepTargetNs !== null) {
      const reached = this.runToward(this.stepTargetNs, deadline, false);
      if (reached) this.stepTargetNs = null;
      return !reached;
    }
    if (!this.running || !m.k.busy()) {
      this.anchor = null; // paused or idle: virtual time stands still
      return false;
    }
    const max = this.speed === 'max' || (this.booting && !m.consoleReaderWaiting());
    if (this.booting && m.consoleReaderWaiting()) this.booting = false;
    if (max) {
      this.anchor = null;
      this.runToward(Infinity, deadline, true);
      if (this.booting && m.consoleReaderWaiting()) this.booting = false;
      return m.k.busy();
    }
    const speed = this.speed as number;
    if (this.anchor === null) this.anchor = { wallMs: wall, virtNs: m.now };
    const target = Math.max(m.now, this.anchor.virtNs + (wall - this.anchor.wallMs) * 1e6 * speed);
    const reached = this.runToward(target, deadline, true);
    if (!reached) {
      // the host cannot keep up: drop the lag instead of bursting to catch up later
      this.anchor = { wallMs: wall, virtNs: m.now };
      return true;
    }
    return false;
  }

  /**
   * Run events up to virtual time `target` until the host deadline. With `stopWhenIdle`, stop
   * (without moving the clock) once nothing but housekeeping is pending. True when the target
   * was reached or the machine went idle.
   */
  private runToward(target: number, deadline: number, stopWhenIdle: boolean): boolean {
    const m = this.m;
    for (;;) {
      if (m.k.panicked) return true;
      if (stopWhenIdle && !m.k.busy()) return true;
      const next = m.nextEventTime();
      if (next > target) {
        if (Number.isFinite(target) && target > m.now) {
          m.runUntil(target, this.eventsPerCheck); // nothing due: moves the clock to the target
          this.version++;
        }
        return true;
      }
      if (m.runUntil(next, this.eventsPerCheck) > 0) this.version++;
      if (this.hostNow() >= deadline) return false;
    }
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.die(`simulator exception: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private die(message: string): void {
    this.fatal = true;
    this.anchor = null;
    this.flushOutput();
    this.post({ type: 'error', message, fatal: true });
  }

  // ---------------------------------------------------------------- outbound

  private flushOutput(): void {
    if (!this.greeted || this.out.length === 0) return;
    let data: Uint8Array;
    if (this.out.length === 1) data = this.out[0]!;
    else {
      data = new Uint8Array(this.outBytes);
      let off = 0;
      for (const c of this.out) {
        data.set(c, off);
        off += c.length;
      }
    }
    this.out = [];
    this.outBytes = 0;
    this.post({ type: 'tty-output', terminal: 'console', data });
  }

  private sendViews(wall: number): void {
    for (const s of this.subs.values()) {
      if (s.sentVersion === this.version) continue; // nothing changed: coalesce
      if (wall - s.lastSentWall < Math.max(this.frameIntervalMs, s.intervalMs)) continue; // at most one per frame
      s.lastSentWall = wall;
      s.sentVersion = this.version;
      const t0 = this.hostNow();
      const msg = this.viewFrame(s);
      s.intervalMs = (this.hostNow() - t0) * COST_SHARE;
      this.post(msg);
    }
  }

  /** The trace events since the last batch, at most one message per frame. */
  private sendTrace(wall: number): void {
    if (this.traceBatch.length === 0 || wall - this.lastTraceWall < this.frameIntervalMs) return;
    this.lastTraceWall = wall;
    const events = this.traceBatch;
    const dropped = this.traceDropped;
    this.traceBatch = [];
    this.traceDropped = 0;
    this.post({ type: 'trace', events, dropped });
  }

  private viewFrame(s: Subscription): ViewMsg {
    const k = this.m.k;
    if (s.view === 'overlay') {
      return { type: 'view', view: 'overlay', frame: s.source.frame(k, { mount: s.mount, expanded: s.expanded, layer: s.layer, file: s.file }) };
    }
    if (s.view === 'cgroups') return { type: 'view', view: 'cgroups', frame: s.source.frame(k, { hierarchy: s.hierarchy, selectedPath: s.path }) };
    return { type: 'view', view: 'processes', frame: s.source.frame(k, s.pid) };
  }

  /** The clock as the UI shows it. */
  clock(): ClockMsg {
    const a = this.m.k.avenrun;
    return {
      type: 'clock',
      nowNs: this.m.now,
      loadavg: [a[0]! / FIXED_1, a[1]! / FIXED_1, a[2]! / FIXED_1],
      running: this.running && !this.fatal,
      speed: this.speed,
      idle: !this.m.k.busy(),
    };
  }

  private sendClock(wall: number): void {
    if (wall - this.lastClockWall < this.clockIntervalMs) return;
    const c = this.clock();
    const key = `${c.nowNs}|${c.loadavg.join(',')}|${c.running}|${c.speed}|${c.idle}`;
    if (key === this.lastClockKey) return;
    this.lastClockKey = key;
    this.lastClockWall = wall;
    this.post(c);
  }
}

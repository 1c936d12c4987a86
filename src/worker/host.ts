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
//
// Every input that changes the machine (keystrokes, resizes, terminals opened and closed) is
// recorded in the session log with the point of history it arrived at (src/machine/
// session-record.ts) and echoed to the UI. Rewind and restore build a new machine by replaying a
// log (src/machine/replay.ts) a slice at a time; the running machine stays until the new one is
// ready, so a restore that fails loses nothing.
import { Machine, type MachineOptions } from '../machine/machine';
import { Replayer, ScreenHistory, machineOptionsOf, pointOf, recordedMachineOf, applyInput, type HistoryPoint } from '../machine/replay';
import type { LogEntry, LogInput, SessionRecord, TerminalId } from '../machine/session-record';
import { FIXED_1 } from '../kernel/sched/loadavg';
import { ProcessesViewSource } from '../machine/views/processes';
import { CgroupsViewSource, type CgroupHierarchyName } from '../machine/views/cgroups';
import { OverlayViewSource, type TreeLayer } from '../machine/views/overlay';
import { evaluateChecks, type Check } from '../machine/lesson-checks';
import {
  PROTOCOL_VERSION,
  validateInbound,
  isInvalid,
  type CommandMsg,
  type Inbound,
  type Outbound,
  type MachineInfo,
  type Speed,
  type ViewName,
  type ViewMsg,
  type SubscribeMsg,
  type ClockMsg,
  type WireTraceEvent,
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
  /** host time one tick may spend replaying a log (default 50 ms: a replay has the host to itself) */
  replaySliceMs?: number;
}

/** A rewind or restore in progress: the new machine being built and what to do when it is. */
interface PendingReplay {
  reason: 'rewind' | 'restore';
  replayer: Replayer;
  screens: ScreenHistory;
  unhook: () => void;
  /** the log the new machine will have */
  log: LogEntry[];
  /** the rewound-to index (null: a restore, live at the end) */
  cursor: number | null;
  lastProgressWall: number;
}

/** A subscribed view: its frame source (remembering earlier frames for rates) and its options. */
type Subscription = TaskTraceSubscription | FrameSubscription;
/** The task trace has no frames: its events go out in `trace` messages. */
interface TaskTraceSubscription {
  view: 'task-trace';
}
type FrameSubscription = {
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
  if (msg.view === 'task-trace') return { view: 'task-trace' };
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
  /** output per terminal since the last flush */
  private out = new Map<TerminalId, Uint8Array[]>();
  /** every open terminal's output since boot (to redraw screens after a rewind) */
  private screens = new ScreenHistory();
  /** the session's inputs since boot (src/machine/session-record.ts) */
  private log: LogEntry[] = [];
  /** rewound: the machine stands just before log[cursor]; later entries are kept until continued */
  private cursor: number | null = null;
  /** where the live machine was when the first rewind left it (the end of the timeline) */
  private head: HistoryPoint | null = null;
  private replay: PendingReplay | null = null;
  private readonly replaySliceMs: number;
  private readonly subs = new Map<ViewName, Subscription>();
  /** bumped whenever something a view or the clock shows may have changed */
  private version = 0;
  private lastClockWall = -Infinity;
  private lastClockKey = '';
  private unhooks: Array<() => void> = [];
  /** the checks the UI watches (a lesson step's) and the results last sent */
  private watched: { id: number; checks: Check[]; sentKey: string | null } | null = null;
  /** re-evaluate the watched checks at the end of this tick (a command ended, the machine changed) */
  private checksDirty = false;
  /** machine version and wall time of the last evaluation: state changes without a command count too, 4×/s at most */
  private checksAt = { version: -1, wall: -Infinity };
  /** commands that ended, to announce */
  private endedCommands: CommandMsg[] = [];
  /** the kernel trace subscription, held while a view that animates trace events is subscribed */
  private unhookTrace: (() => void) | null = null;
  private traceBatch: WireTraceEvent[] = [];
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
    this.replaySliceMs = opts.replaySliceMs ?? 50;
    this.adopt(new Machine(this.baseOptions), new ScreenHistory());
  }

  /** The session so far as a record (what persistence and share links keep). */
  record(): SessionRecord {
    return { format: 'container-lab-session', version: 1, machine: recordedMachineOf(this.m), log: this.log.map((e) => ({ ...e, input: { ...e.input } })) };
  }

  get rewoundTo(): number | null {
    return this.cursor;
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

  /** Make `m` the machine: its output, closed terminals and crashes flow to the UI from now on. */
  private adopt(m: Machine, screens: ScreenHistory): void {
    for (const u of this.unhooks) u();
    this.unhookTrace?.();
    this.unhookTrace = null;
    this.traceBatch = [];
    this.traceDropped = 0;
    this.m = m;
    this.shellUp = false;
    this.screens = screens;
    this.out = new Map();
    this.unhooks = [
      m.onOutput((b, id = 'console') => {
        let q = this.out.get(id);
        if (!q) this.out.set(id, (q = []));
        q.push(b.slice());
        this.screens.add(id, b);
      }),
      m.onTerminalClosed((id) => {
        this.flushOutput();
        this.screens.forget(id);
        this.out.delete(id);
        if (this.greeted) this.post({ type: 'terminal-closed', terminal: id });
      }),
    ];
    // commands that end from now on (a replayed machine's were over before it was adopted)
    this.endedCommands = [];
    m.commands.onDone = (r) => {
      if (this.endedCommands.length < 100) this.endedCommands.push({ type: 'command', terminal: r.terminal, line: r.line, atNs: r.atNs, status: r.status });
      this.checksDirty = true;
    };
    this.checksDirty = true;
    this.m.k.onProgramCrash = (t, err) => {
      const what = err instanceof Error ? err.message : String(err);
      this.post({ type: 'error', message: `program crashed (simulator bug): ${t.comm}[${t.pid.vnr}]: ${what}` });
    };
    this.fatal = false;
    this.anchor = null;
    this.stepTargetNs = null;
    for (const s of this.subs.values()) {
      if (s.view === 'task-trace') continue;
      if (s.view === 'cgroups') s.source = new CgroupsViewSource();
      else if (s.view === 'overlay') s.source = new OverlayViewSource();
      else s.source = new ProcessesViewSource();
      s.sentVersion = -1;
    }
    this.syncTrace();
    this.version++;
  }

  private batchTrace(e: WireTraceEvent): void {
    if (this.traceBatch.length >= MAX_TRACE_BATCH) {
      this.traceBatch.shift();
      this.traceDropped++;
    }
    this.traceBatch.push(e);
  }

  /**
   * Hold a subscription to the kernel's trace stream exactly while a view that animates it is
   * subscribed (a kernel with no trace subscriber does not even build its events). Copy-ups go
   * to the overlay view's source (its recent list); they and task state changes go into the
   * batch of the next `trace` message.
   */
  private syncTrace(): void {
    const want = this.subs.has('overlay') || this.subs.has('task-trace');
    if (want && !this.unhookTrace) {
      this.unhookTrace = this.m.k.trace.subscribe((e) => {
        if (e.type === 'copy-up') {
          const s = this.subs.get('overlay');
          if (s?.view !== 'overlay') return;
          s.source.noteCopyUp(e);
          this.batchTrace({ ...e });
        } else if (e.type === 'state') {
          if (!this.subs.has('task-trace')) return;
          this.batchTrace({ type: 'task-state', timeNs: e.timeNs, pid: e.pid, comm: e.comm, from: e.from, to: e.to });
        }
      });
    } else if (!want && this.unhookTrace) {
      this.unhookTrace();
      this.unhookTrace = null;
      this.traceBatch = [];
      this.traceDropped = 0;
    }
  }

  private info(): MachineInfo {
    return recordedMachineOf(this.m);
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
    if (this.replay && msg.type !== 'subscribe' && msg.type !== 'unsubscribe' && msg.type !== 'reset') {
      // the machine is being rebuilt: a second rewind or restore replaces the first; input waits
      if (msg.type !== 'rewind' && msg.type !== 'restore') {
        this.post({ type: 'error', message: `'${msg.type}' ignored: the machine is being rebuilt by replay` });
        return;
      }
    }
    switch (msg.type) {
      case 'tty-input':
        this.recordInput({ kind: 'tty', terminal: msg.terminal, data: msg.data });
        this.flushOutput(); // the echo goes out at once, not at the next tick
        break;
      case 'resize':
        // TIOCSWINSZ with the size the tty already has changes nothing (no SIGWINCH): not an input
        if (this.sizeOf(msg.terminal) === `${msg.rows}x${msg.cols}`) return;
        this.recordInput({ kind: 'resize', terminal: msg.terminal, rows: msg.rows, cols: msg.cols });
        this.flushOutput();
        break;
      case 'open-terminal': {
        if (!this.continueHere()) return;
        const at = pointOf(this.m);
        const r = this.m.openTerminal(msg.rows, msg.cols);
        const id = typeof r === 'string' ? r : undefined;
        this.appendLog({ t: at.t, n: at.n, input: id ? { kind: 'open', terminal: id, rows: msg.rows, cols: msg.cols } : { kind: 'open', rows: msg.rows, cols: msg.cols } });
        this.version++;
        if (typeof r === 'string') this.post({ type: 'terminal-opened', terminal: r });
        else this.post({ type: 'error', message: `cannot open a terminal: ${r.error}` });
        this.flushOutput();
        break;
      }
      case 'close-terminal':
        if (!this.m.terminals().includes(msg.terminal)) return;
        this.recordInput({ kind: 'close', terminal: msg.terminal });
        this.flushOutput();
        break;
      case 'run-control':
        if (msg.mode === 'run' && !this.continueHere()) return;
        this.running = msg.mode === 'run';
        if (msg.speed !== undefined) this.speed = msg.speed;
        if (this.running) this.stepTargetNs = null;
        this.anchor = null;
        this.version++;
        break;
      case 'step':
        if (!this.continueHere()) return;
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
        else if (s.view !== 'task-trace') {
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
        this.dropReplay();
        this.booting = true;
        this.log = [];
        this.cursor = null;
        this.head = null;
        this.adopt(new Machine(msg.seed === undefined ? this.baseOptions : { ...this.baseOptions, seed: msg.seed }), new ScreenHistory());
        this.post({ type: 'ready', version: PROTOCOL_VERSION, machine: this.info() });
        this.lastClockKey = '';
        break;
      case 'checks':
        this.watched = msg.checks.length > 0 ? { id: msg.id, checks: msg.checks, sentKey: null } : null;
        this.checksDirty = true;
        if (!this.replay) this.sendChecks();
        break;
      case 'rewind': {
        const end = this.log.length;
        if (msg.index > end) {
          this.post({ type: 'restore-failed', reason: 'rewind', message: `no input ${msg.index} to rewind to (the log has ${end})` });
          return;
        }
        if (msg.index === end && this.cursor === null) return; // already at the end, live
        if (this.cursor === null) this.head = pointOf(this.m);
        const stopAt = msg.index < end ? { t: this.log[msg.index]!.t, n: this.log[msg.index]!.n } : this.head;
        this.startReplay('rewind', machineOptionsOf(this.info(), this.baseOptions), this.log, msg.index, stopAt, msg.index < end ? msg.index : null);
        break;
      }
      case 'restore': {
        let opts: MachineOptions;
        try {
          opts = machineOptionsOf(msg.record.machine, this.baseOptions);
        } catch (e) {
          this.post({ type: 'restore-failed', reason: 'restore', message: e instanceof Error ? e.message : String(e) });
          return;
        }
        this.startReplay('restore', opts, msg.record.log, msg.record.log.length, null, null);
        break;
      }
    }
  }

  /**
   * Input, run or step from a rewound point continues the session from there: the later inputs
   * are dropped (the UI asked the user first). False if nothing may happen (a replay is running).
   */
  private continueHere(): boolean {
    if (this.replay) return false;
    if (this.cursor !== null) {
      this.log.length = this.cursor;
      this.cursor = null;
      this.head = null;
      this.post({ type: 'log-truncated', length: this.log.length });
    }
    return true;
  }

  /** Record an input at the machine's current point of history and apply it. */
  private recordInput(input: LogInput): void {
    if (input.kind !== 'open' && input.terminal !== 'console' && !this.m.terminals().includes(input.terminal)) return;
    if (!this.continueHere()) return;
    const at = pointOf(this.m);
    this.appendLog({ t: at.t, n: at.n, input });
    applyInput(this.m, input);
    this.version++;
  }

  /** A terminal's window size as the log last set it ("ROWSxCOLS"). */
  private sizeOf(id: TerminalId): string {
    for (let i = this.log.length - 1; i >= 0; i--) {
      const inp = this.log[i]!.input;
      if ((inp.kind === 'resize' || inp.kind === 'open') && inp.terminal === id) return `${inp.rows}x${inp.cols}`;
    }
    return id === 'console' ? `${this.m.options.rows}x${this.m.options.cols}` : '';
  }

  private appendLog(entry: LogEntry): void {
    this.log.push(entry);
    this.post({ type: 'log', index: this.log.length - 1, entry: { ...entry, input: { ...entry.input } } });
  }

  /** Boot a machine with `opts` and replay `log[0..upto)` into it over the next ticks. */
  private startReplay(reason: 'rewind' | 'restore', opts: MachineOptions, log: readonly LogEntry[], upto: number, stopAt: HistoryPoint | null, cursor: number | null): void {
    this.dropReplay();
    let m: Machine;
    try {
      m = new Machine(opts);
    } catch (e) {
      this.post({ type: 'restore-failed', reason, message: e instanceof Error ? e.message : String(e) });
      return;
    }
    const screens = new ScreenHistory();
    const unhook = m.onOutput((b, id = 'console') => screens.add(id, b));
    const unhookClosed = m.onTerminalClosed((id) => screens.forget(id));
    this.replay = {
      reason,
      replayer: new Replayer(m, log, upto, stopAt),
      screens,
      unhook: () => {
        unhook();
        unhookClosed();
      },
      log: log.slice(),
      cursor,
      lastProgressWall: -Infinity,
    };
    this.post({ type: 'replay-progress', reason, done: 0, total: upto });
  }

  private dropReplay(): void {
    this.replay?.unhook();
    this.replay = null;
  }

  /** One slice of the replay in progress; swaps the machine in when it is done. */
  private advanceReplay(wall: number): boolean {
    const r = this.replay!;
    const deadline = this.hostNow() + this.replaySliceMs;
    let st;
    try {
      st = r.replayer.run(() => this.hostNow() >= deadline);
    } catch (e) {
      st = { state: 'failed' as const, error: `simulator exception: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (st.state === 'more') {
      if (wall - r.lastProgressWall >= this.clockIntervalMs) {
        r.lastProgressWall = wall;
        this.post({ type: 'replay-progress', reason: r.reason, done: r.replayer.applied, total: r.replayer.total });
      }
      return true;
    }
    this.dropReplay();
    if (st.state === 'failed') {
      this.post({ type: 'restore-failed', reason: r.reason, message: st.error });
      return false;
    }
    const m = r.replayer.m;
    this.adopt(m, r.screens);
    this.log = r.log;
    this.cursor = r.cursor;
    if (r.reason === 'restore') this.head = null;
    this.booting = false;
    // a rewound machine waits, paused, for the user to look around or continue
    if (r.cursor !== null) this.running = false;
    this.post({
      type: 'restored',
      reason: r.reason,
      machine: this.info(),
      log: this.log.map((e) => ({ ...e, input: { ...e.input } })),
      cursor: this.cursor,
      screens: m.terminals().map((terminal) => ({ terminal, data: this.screens.of(terminal) })),
    });
    this.lastClockKey = '';
    return false;
  }
  // ---------------------------------------------------------------- time

  /**
   * One slice of work at wall time `wallNowMs` (ms, any monotonic origin): run events for at
   * most about `sliceMs` of host time, then send batched output, due view frames and the clock.
   */
  tick(wallNowMs: number): TickResult {
    let more = false;
    if (this.greeted && this.replay) {
      more = this.advanceReplay(wallNowMs);
    } else if (this.greeted && !this.fatal) {
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
        if (!this.replay) {
          this.sendCommands();
          if (this.version !== this.checksAt.version && wallNowMs - this.checksAt.wall >= 250) this.checksDirty = true;
          if (this.checksDirty && this.watched) this.checksAt = { version: this.version, wall: wallNowMs };
          this.sendChecks();
        }
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

  private sendCommands(): void {
    for (const c of this.endedCommands) this.post(c);
    this.endedCommands = [];
  }

  /** Evaluate the watched checks if something happened since; post them if they changed. */
  private sendChecks(): void {
    const w = this.watched;
    if (!w || !this.checksDirty) return;
    this.checksDirty = false;
    const results = evaluateChecks(this.m.k, this.m.commands, w.checks);
    // what the student sees is pass/fail: a detail that changes (a count, a pid) is not news
    const key = results.map((r) => (r.passed ? 1 : 0)).join('');
    if (key === w.sentKey) return;
    w.sentKey = key;
    this.post({ type: 'check-results', id: w.id, results });
  }

  private flushOutput(): void {
    if (!this.greeted || this.out.size === 0) return;
    for (const [terminal, parts] of this.out) {
      if (parts.length === 0) continue;
      let data: Uint8Array;
      if (parts.length === 1) data = parts[0]!;
      else {
        data = new Uint8Array(parts.reduce((n, c) => n + c.length, 0));
        let off = 0;
        for (const c of parts) {
          data.set(c, off);
          off += c.length;
        }
      }
      this.post({ type: 'tty-output', terminal, data });
    }
    this.out = new Map();
  }

  private sendViews(wall: number): void {
    if (this.replay) return; // the views show the machine that is still running, unchanged
    for (const s of this.subs.values()) {
      if (s.view === 'task-trace') continue;
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

  private viewFrame(s: FrameSubscription): ViewMsg {
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
      booting: !this.consoleShellUp(),
    };
  }

  /** The console's login shell has prompted on this machine (latched: it stays up). */
  private shellUp = false;
  private consoleShellUp(): boolean {
    if (!this.shellUp && this.m.consoleReaderWaiting()) this.shellUp = true;
    return this.shellUp;
  }

  private sendClock(wall: number): void {
    if (wall - this.lastClockWall < this.clockIntervalMs) return;
    const c = this.clock();
    const key = `${c.nowNs}|${c.loadavg.join(',')}|${c.running}|${c.speed}|${c.idle}|${c.booting}`;
    if (key === this.lastClockKey) return;
    this.lastClockKey = key;
    this.lastClockWall = wall;
    this.post(c);
  }
}

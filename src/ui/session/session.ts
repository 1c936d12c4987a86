// One running machine as the UI sees it: the link, the handshake, the machine's status (a zustand
// store the shell renders) and fan-out of terminal output and view frames to the components that
// asked for them. "Restart machine" disposes the session and creates a new one on a fresh host.
// The store mirrors the machine's input log (the host records it), which the timeline shows and
// persistence saves; rewind and restore are asked of the host, which rebuilds by replay.
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  PROTOCOL_VERSION,
  type CgroupHierarchyName,
  type CgroupsFrame,
  type CopyUpTraceEvent,
  type TaskStateTraceEvent,
  type Check,
  type CheckResultsMsg,
  type CommandMsg,
  type Inbound,
  type LogEntry,
  type SessionRecord,
  type TerminalId,
  type MachineInfo,
  type Outbound,
  type OverlayFrame,
  type ProcessesFrame,
  type Speed,
  type TreeLayer,
} from '../../worker/protocol';
import type { MachineLink } from './link';

export type { TerminalId } from '../../worker/protocol';

export interface ClockState {
  nowNs: number;
  loadavg: [number, number, number];
  running: boolean;
  speed: Speed;
  idle: boolean;
  /** the console's login shell has not prompted yet (the machine is booting, setup running) */
  booting: boolean;
}

export interface MachineState {
  status: 'booting' | 'ready' | 'failed';
  /** why the machine failed (status 'failed') */
  failure: string | null;
  /** the last non-fatal error the machine reported (a rejected message) */
  warning: string | null;
  machine: MachineInfo | null;
  clock: ClockState | null;
  /** open terminals, the console first */
  terminals: TerminalId[];
  /** every input since boot (the host's log, mirrored) */
  log: LogEntry[];
  /** rewound: the machine stands just before log[cursor] (null: live at the end) */
  cursor: number | null;
  /** a rewind or restore being replayed */
  replay: { reason: 'rewind' | 'restore'; done: number; total: number } | null;
  /** why the last rewind or restore failed (the machine went on unchanged) */
  replayError: string | null;
  /** bumps when a rewind or restore replaced the machine (terminals redraw, panels reset) */
  epoch: number;
}

export interface TaskTraceBatch {
  events: TaskStateTraceEvent[];
  dropped: number;
}

type TtyListener = (data: Uint8Array | string, reset: boolean) => void;

/** How long the handshake may take before the page says the machine did not start. */
export const READY_TIMEOUT_MS = 15_000;

export interface ViewSubscription {
  /** processes view: change the pid whose /proc/PID/status frames carry */
  setPid(pid: number | null): void;
  close(): void;
}

/** Options of the cgroups view: the hierarchy shown and the cgroup whose tasks frames list. */
export interface CgroupsViewOptions {
  hierarchy: CgroupHierarchyName | null;
  path: string | null;
}

export interface CgroupsSubscription {
  setOptions(opts: CgroupsViewOptions): void;
  close(): void;
}

/** Options of the overlay view: the mount shown, expanded directories, the tree's layer, a file. */
export interface OverlayViewOptions {
  mount: number | null;
  expanded: readonly string[];
  layer: TreeLayer | null;
  file: string | null;
}

export interface OverlaySubscription {
  setOptions(opts: OverlayViewOptions): void;
  close(): void;
}

const NO_OVERLAY_OPTS: OverlayViewOptions = { mount: null, expanded: [], layer: null, file: null };

function sameOverlayOpts(a: OverlayViewOptions, b: OverlayViewOptions): boolean {
  return (
    a.mount === b.mount &&
    a.layer === b.layer &&
    a.file === b.file &&
    a.expanded.length === b.expanded.length &&
    a.expanded.every((p, i) => p === b.expanded[i])
  );
}

export class MachineSession {
  readonly store: StoreApi<MachineState>;
  private ttyListeners = new Map<TerminalId, Set<TtyListener>>();
  /** output that arrived before its terminal listened (the boot banner, the first prompt) */
  private ttyBacklog = new Map<TerminalId, Array<{ data: Uint8Array | string; reset: boolean }>>();
  private taskTraceListeners = new Set<(b: TaskTraceBatch) => void>();
  private viewListeners = new Set<(f: ProcessesFrame) => void>();
  private viewPid: number | null = null;
  private cgroupListeners = new Set<(f: CgroupsFrame) => void>();
  private cgroupOpts: CgroupsViewOptions = { hierarchy: null, path: null };
  private overlayListeners = new Set<(f: OverlayFrame) => void>();
  private overlayOpts: OverlayViewOptions = NO_OVERLAY_OPTS;
  private traceListeners = new Set<(events: CopyUpTraceEvent[]) => void>();
  private checkListeners = new Set<(m: CheckResultsMsg) => void>();
  private commandListeners = new Set<(m: CommandMsg) => void>();
  /** messages posted before the handshake completed */
  private pending: Inbound[] = [];
  private readyTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(private readonly link: MachineLink) {
    this.store = createStore<MachineState>(() => ({
      status: 'booting',
      failure: null,
      warning: null,
      machine: null,
      clock: null,
      terminals: ['console'],
      log: [],
      cursor: null,
      replay: null,
      replayError: null,
      epoch: 0,
    }));
    link.onMessage((m) => this.receive(m));
    link.onFailure((why) => this.fail(why));
    link.post({ type: 'hello', version: PROTOCOL_VERSION });
    this.readyTimer = setTimeout(() => this.fail(`the machine did not start within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
  }

  get status(): MachineState['status'] {
    return this.store.getState().status;
  }

  send(msg: Inbound): void {
    if (this.disposed || this.status === 'failed') return;
    if (this.status === 'booting') this.pending.push(msg);
    else this.link.post(msg);
  }

  input(data: string, terminal: TerminalId = 'console'): void {
    this.send({ type: 'tty-input', terminal, data });
  }

  resize(rows: number, cols: number, terminal: TerminalId = 'console'): void {
    // only the latest size matters while the machine boots
    this.pending = this.pending.filter((m) => m.type !== 'resize' || m.terminal !== terminal);
    this.send({ type: 'resize', terminal, rows, cols });
  }

  /** A terminal's output; `reset` says the screen was rebuilt (a rewind): clear it first. */
  onTty(terminal: TerminalId, fn: TtyListener): () => void {
    let set = this.ttyListeners.get(terminal);
    if (!set) this.ttyListeners.set(terminal, (set = new Set()));
    set.add(fn);
    const backlog = this.ttyBacklog.get(terminal);
    if (backlog) {
      this.ttyBacklog.delete(terminal);
      for (const d of backlog) fn(d.data, d.reset);
    }
    return () => set.delete(fn);
  }

  openTerminal(rows: number, cols: number): void {
    this.send({ type: 'open-terminal', rows, cols });
  }

  closeTerminal(terminal: TerminalId): void {
    this.send({ type: 'close-terminal', terminal });
  }

  run(speed?: Speed): void {
    this.send(speed === undefined ? { type: 'run-control', mode: 'run' } : { type: 'run-control', mode: 'run', speed });
  }

  pause(): void {
    this.send({ type: 'run-control', mode: 'pause' });
  }

  setSpeed(speed: Speed): void {
    const c = this.store.getState().clock;
    this.send({ type: 'run-control', mode: c && !c.running ? 'pause' : 'run', speed });
  }

  /** Run one event, or `ns` of virtual time, then stay paused. */
  step(by: 'event' | number): void {
    this.send({ type: 'step', by });
  }

  /** Go to the point just before input `index` (log length: the end the first rewind left). */
  rewind(index: number): void {
    this.store.setState({ replayError: null });
    this.send({ type: 'rewind', index });
  }

  /** Rebuild a saved or shared session (validated by the caller and again by the host). */
  restore(record: SessionRecord): void {
    this.store.setState({ replayError: null });
    this.send({ type: 'restore', record });
  }

  /** A fresh machine: the log starts empty. */
  reset(): void {
    this.send({ type: 'reset' });
  }

  /**
   * Watch checks (a lesson step's): the machine evaluates them at once, after every command and
   * when the state changes, and `fn` hears the results when pass/fail changes. Calling it again
   * with the same checks asks for a fresh answer; [] stops watching.
   */
  watchChecks(id: number, checks: Check[]): void {
    this.send({ type: 'checks', id, checks });
  }

  onCheckResults(fn: (m: CheckResultsMsg) => void): () => void {
    this.checkListeners.add(fn);
    return () => this.checkListeners.delete(fn);
  }

  /** Commands typed at a shell prompt, as they end. */
  onCommand(fn: (m: CommandMsg) => void): () => void {
    this.commandListeners.add(fn);
    return () => this.commandListeners.delete(fn);
  }

  /** The session as data (null until the machine said what it is). */
  record(): SessionRecord | null {
    const { machine, log } = this.store.getState();
    if (!machine) return null;
    return { format: 'container-lab-session', version: 1, machine: { ...machine, images: [...machine.images] }, log: log.slice() };
  }

  /** Every task state change, batched per frame, while subscribed (the state-machine panel). */
  subscribeTaskTrace(fn: (b: TaskTraceBatch) => void): () => void {
    const first = this.taskTraceListeners.size === 0;
    this.taskTraceListeners.add(fn);
    if (first) this.send({ type: 'subscribe', view: 'task-trace' });
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.taskTraceListeners.delete(fn);
      if (this.taskTraceListeners.size === 0) this.send({ type: 'unsubscribe', view: 'task-trace' });
    };
  }

  /** Frames of the processes view while subscribed; the last subscriber's close unsubscribes. */
  subscribeProcesses(fn: (f: ProcessesFrame) => void, pid: number | null = null): ViewSubscription {
    const first = this.viewListeners.size === 0;
    this.viewListeners.add(fn);
    if (first || pid !== this.viewPid) {
      this.viewPid = pid;
      this.send({ type: 'subscribe', view: 'processes', pid });
    }
    let open = true;
    return {
      setPid: (p) => {
        if (!open || p === this.viewPid) return;
        this.viewPid = p;
        this.send({ type: 'subscribe', view: 'processes', pid: p });
      },
      close: () => {
        if (!open) return;
        open = false;
        this.viewListeners.delete(fn);
        if (this.viewListeners.size === 0) {
          this.viewPid = null;
          this.send({ type: 'unsubscribe', view: 'processes' });
        }
      },
    };
  }

  /** Frames of the cgroups view while subscribed; the last subscriber's close unsubscribes. */
  subscribeCgroups(fn: (f: CgroupsFrame) => void, opts: CgroupsViewOptions = { hierarchy: null, path: null }): CgroupsSubscription {
    const first = this.cgroupListeners.size === 0;
    this.cgroupListeners.add(fn);
    const same = (o: CgroupsViewOptions) => o.hierarchy === this.cgroupOpts.hierarchy && o.path === this.cgroupOpts.path;
    const send = (o: CgroupsViewOptions) => {
      this.cgroupOpts = { ...o };
      this.send({ type: 'subscribe', view: 'cgroups', hierarchy: o.hierarchy, path: o.path });
    };
    if (first || !same(opts)) send(opts);
    let open = true;
    return {
      setOptions: (o) => {
        if (open && !same(o)) send(o);
      },
      close: () => {
        if (!open) return;
        open = false;
        this.cgroupListeners.delete(fn);
        if (this.cgroupListeners.size === 0) {
          this.cgroupOpts = { hierarchy: null, path: null };
          this.send({ type: 'unsubscribe', view: 'cgroups' });
        }
      },
    };
  }

  /**
   * Frames of the overlay view while subscribed; the last subscriber's close unsubscribes. While
   * it is subscribed the machine also sends copy-up trace events (see onTrace).
   */
  subscribeOverlay(fn: (f: OverlayFrame) => void, opts: OverlayViewOptions = NO_OVERLAY_OPTS): OverlaySubscription {
    const first = this.overlayListeners.size === 0;
    this.overlayListeners.add(fn);
    const send = (o: OverlayViewOptions) => {
      this.overlayOpts = { ...o, expanded: [...o.expanded] };
      this.send({ type: 'subscribe', view: 'overlay', mount: o.mount, expanded: [...o.expanded], layer: o.layer, file: o.file });
    };
    if (first || !sameOverlayOpts(opts, this.overlayOpts)) send(opts);
    let open = true;
    return {
      setOptions: (o) => {
        if (open && !sameOverlayOpts(o, this.overlayOpts)) send(o);
      },
      close: () => {
        if (!open) return;
        open = false;
        this.overlayListeners.delete(fn);
        if (this.overlayListeners.size === 0) {
          this.overlayOpts = NO_OVERLAY_OPTS;
          this.send({ type: 'unsubscribe', view: 'overlay' });
        }
      },
    };
  }

  /** Batches of copy-up trace events, which arrive while the overlay view is subscribed. */
  onTrace(fn: (events: CopyUpTraceEvent[]) => void): () => void {
    this.traceListeners.add(fn);
    return () => this.traceListeners.delete(fn);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.link.dispose();
  }

  private receive(m: Outbound): void {
    if (this.disposed) return;
    switch (m.type) {
      case 'ready': {
        if (m.version !== PROTOCOL_VERSION) {
          this.fail(`the machine speaks protocol version ${m.version}, this page ${PROTOCOL_VERSION}`);
          return;
        }
        if (this.readyTimer) clearTimeout(this.readyTimer);
        this.readyTimer = null;
        // a ready after the first is a reset: a fresh machine, an empty log, only the console
        const again = this.store.getState().machine !== null;
        this.store.setState((s) => ({
          status: 'ready',
          machine: m.machine,
          log: [],
          cursor: null,
          replay: null,
          terminals: ['console'],
          epoch: again ? s.epoch + 1 : s.epoch,
        }));
        if (again) {
          this.ttyBacklog.clear();
          for (const [id, set] of this.ttyListeners) for (const l of set) if (id === 'console') l('', true);
        }
        const queued = this.pending;
        this.pending = [];
        for (const q of queued) this.link.post(q);
        return;
      }
      case 'tty-output':
        this.deliver(m.terminal, m.data, false);
        return;
      case 'terminal-opened':
        this.store.setState((s) => (s.terminals.includes(m.terminal) ? s : { terminals: [...s.terminals, m.terminal] }));
        return;
      case 'terminal-closed':
        this.ttyBacklog.delete(m.terminal);
        this.store.setState((s) => ({ terminals: s.terminals.filter((t) => t !== m.terminal) }));
        return;
      case 'log':
        this.store.setState((s) => ({ log: [...s.log.slice(0, m.index), m.entry] }));
        return;
      case 'log-truncated':
        this.store.setState((s) => ({ log: s.log.slice(0, m.length), cursor: null }));
        return;
      case 'replay-progress':
        this.store.setState({ replay: { reason: m.reason, done: m.done, total: m.total } });
        return;
      case 'restore-failed':
        this.store.setState({ replay: null, replayError: m.message });
        return;
      case 'restored': {
        const terminals = m.screens.map((x) => x.terminal);
        this.ttyBacklog.clear();
        this.store.setState((s) => ({
          machine: m.machine,
          log: m.log,
          cursor: m.cursor,
          replay: null,
          replayError: null,
          terminals: terminals.includes('console') ? terminals : ['console', ...terminals],
          epoch: s.epoch + 1,
          // the clock so far was the old machine's: the new one has not said it booted yet
          clock: s.clock ? { ...s.clock, booting: true } : null,
        }));
        for (const x of m.screens) this.deliver(x.terminal, x.data, true);
        return;
      }
      case 'view':
        if (m.view === 'processes') for (const l of this.viewListeners) l(m.frame);
        else if (m.view === 'cgroups') for (const l of this.cgroupListeners) l(m.frame);
        else if (m.view === 'overlay') for (const l of this.overlayListeners) l(m.frame);
        return;
      case 'trace': {
        const copyUps: CopyUpTraceEvent[] = [];
        const states: TaskStateTraceEvent[] = [];
        for (const e of m.events) (e.type === 'copy-up' ? copyUps : states).push(e as never);
        if (copyUps.length > 0) for (const l of this.traceListeners) l(copyUps);
        if (states.length > 0 || m.dropped > 0) for (const l of this.taskTraceListeners) l({ events: states, dropped: m.dropped });
        return;
      }
      case 'check-results':
        for (const l of this.checkListeners) l(m);
        return;
      case 'command':
        for (const l of this.commandListeners) l(m);
        return;
      case 'clock':
        this.store.setState({ clock: { nowNs: m.nowNs, loadavg: m.loadavg, running: m.running, speed: m.speed, idle: m.idle, booting: m.booting } });
        return;
      case 'error':
        if (m.fatal) this.fail(m.message);
        else {
          console.warn(`machine: ${m.message}`);
          this.store.setState({ warning: m.message });
        }
        return;
    }
  }

  private deliver(terminal: TerminalId, data: Uint8Array | string, reset: boolean): void {
    const set = this.ttyListeners.get(terminal);
    if (set && set.size > 0) {
      for (const l of set) l(data, reset);
      return;
    }
    let q = this.ttyBacklog.get(terminal);
    if (!q) this.ttyBacklog.set(terminal, (q = []));
    if (reset) q.length = 0;
    q.push({ data, reset });
  }

  private fail(why: string): void {
    if (this.disposed || this.status === 'failed') return;
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.readyTimer = null;
    this.store.setState({ status: 'failed', failure: why });
  }
}

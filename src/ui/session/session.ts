// One running machine as the UI sees it: the link, the handshake, the machine's status (a zustand
// store the shell renders) and fan-out of terminal output and view frames to the components that
// asked for them. "Restart machine" disposes the session and creates a new one on a fresh host.
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  PROTOCOL_VERSION,
  type CgroupHierarchyName,
  type CgroupsFrame,
  type CopyUpTraceEvent,
  type Inbound,
  type MachineInfo,
  type Outbound,
  type OverlayFrame,
  type ProcessesFrame,
  type Speed,
  type TreeLayer,
} from '../../worker/protocol';
import type { MachineLink } from './link';

export interface ClockState {
  nowNs: number;
  loadavg: [number, number, number];
  running: boolean;
  speed: Speed;
  idle: boolean;
}

export interface MachineState {
  status: 'booting' | 'ready' | 'failed';
  /** why the machine failed (status 'failed') */
  failure: string | null;
  /** the last non-fatal error the machine reported (a rejected message) */
  warning: string | null;
  machine: MachineInfo | null;
  clock: ClockState | null;
}

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
  private ttyListeners = new Set<(data: Uint8Array | string) => void>();
  /** output that arrived before a terminal listened (the boot banner, the first prompt) */
  private ttyBacklog: Array<Uint8Array | string> = [];
  private viewListeners = new Set<(f: ProcessesFrame) => void>();
  private viewPid: number | null = null;
  private cgroupListeners = new Set<(f: CgroupsFrame) => void>();
  private cgroupOpts: CgroupsViewOptions = { hierarchy: null, path: null };
  private overlayListeners = new Set<(f: OverlayFrame) => void>();
  private overlayOpts: OverlayViewOptions = NO_OVERLAY_OPTS;
  private traceListeners = new Set<(events: CopyUpTraceEvent[]) => void>();
  /** messages posted before the handshake completed */
  private pending: Inbound[] = [];
  private readyTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(private readonly link: MachineLink) {
    this.store = createStore<MachineState>(() => ({ status: 'booting', failure: null, warning: null, machine: null, clock: null }));
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

  input(data: string): void {
    this.send({ type: 'tty-input', terminal: 'console', data });
  }

  resize(rows: number, cols: number): void {
    // only the latest size matters while the machine boots
    this.pending = this.pending.filter((m) => m.type !== 'resize');
    this.send({ type: 'resize', terminal: 'console', rows, cols });
  }

  onTty(fn: (data: Uint8Array | string) => void): () => void {
    this.ttyListeners.add(fn);
    if (this.ttyBacklog.length > 0) {
      for (const d of this.ttyBacklog) fn(d);
      this.ttyBacklog = [];
    }
    return () => this.ttyListeners.delete(fn);
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

  /** Batches of kernel trace events (copy-ups), which arrive while the overlay view is subscribed. */
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
        this.store.setState({ status: 'ready', machine: m.machine });
        const queued = this.pending;
        this.pending = [];
        for (const q of queued) this.link.post(q);
        return;
      }
      case 'tty-output':
        if (this.ttyListeners.size === 0) this.ttyBacklog.push(m.data);
        else for (const l of this.ttyListeners) l(m.data);
        return;
      case 'view':
        if (m.view === 'processes') for (const l of this.viewListeners) l(m.frame);
        else if (m.view === 'cgroups') for (const l of this.cgroupListeners) l(m.frame);
        else if (m.view === 'overlay') for (const l of this.overlayListeners) l(m.frame);
        return;
      case 'trace':
        for (const l of this.traceListeners) l(m.events);
        return;
      case 'clock':
        this.store.setState({ clock: { nowNs: m.nowNs, loadavg: m.loadavg, running: m.running, speed: m.speed, idle: m.idle } });
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

  private fail(why: string): void {
    if (this.disposed || this.status === 'failed') return;
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.readyTimer = null;
    this.store.setState({ status: 'failed', failure: why });
  }
}

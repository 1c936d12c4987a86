// A fake machine for component tests: records what the UI posts and lets a test push messages
// (ready, view frames, clock, errors) as the host would.
import type {
  CgroupNode,
  CgroupsFrame,
  CopyUpTraceEvent,
  Inbound,
  OverlayDetail,
  OverlayDirListing,
  OverlayEntry,
  OverlayFrame,
  OverlayLayerInfo,
  OverlayMountInfo,
  Outbound,
  ProcessesFrame,
  ProcessRow,
  TreeLayer,
} from '../../worker/protocol';
import type { MachineLink } from '../session/link';
import { PROTOCOL_VERSION } from '../../worker/protocol';

export class FakeLink implements MachineLink {
  posted: Inbound[] = [];
  disposed = false;
  private message: (m: Outbound) => void = () => {};
  private failure: (why: string) => void = () => {};

  post(msg: Inbound): void {
    this.posted.push(msg);
  }
  onMessage(fn: (m: Outbound) => void): void {
    this.message = fn;
  }
  onFailure(fn: (why: string) => void): void {
    this.failure = fn;
  }
  dispose(): void {
    this.disposed = true;
  }

  emit(m: Outbound): void {
    this.message(m);
  }
  die(why: string): void {
    this.failure(why);
  }
  ready(): void {
    this.emit({
      type: 'ready',
      version: PROTOCOL_VERSION,
      machine: { seed: 1, cpus: 2, ramBytes: 4 * 1024 ** 3, hostname: 'lab', bootEpochSec: 1795824000, cgroupVersion: 1, images: ['busybox', 'alpine', 'ubuntu'], rows: 24, cols: 80 },
    });
  }
  frame(processes: ProcessRow[], selected: ProcessesFrame['selected'] = null, nowNs = 1e9): void {
    this.emit({ type: 'view', view: 'processes', frame: { nowNs, ncpus: 2, processes, selected } });
  }
  cgroups(frame: CgroupsFrame): void {
    this.emit({ type: 'view', view: 'cgroups', frame });
  }
  overlay(frame: OverlayFrame): void {
    this.emit({ type: 'view', view: 'overlay', frame });
  }
  trace(events: CopyUpTraceEvent[], dropped = 0): void {
    this.emit({ type: 'trace', events, dropped });
  }
  /** the messages of one type posted so far */
  sent<T extends Inbound['type']>(type: T): Array<Extract<Inbound, { type: T }>> {
    return this.posted.filter((m): m is Extract<Inbound, { type: T }> => m.type === type);
  }
}

export function proc(pid: number, ppid: number, state: string, command: string, extra: Partial<ProcessRow> = {}): ProcessRow {
  const comm = command.split(' ')[0].replace(/^-/, '').split('/').pop()!.slice(0, 15);
  return {
    pid,
    ppid,
    pgid: pid,
    sid: 1,
    uid: 0,
    comm,
    args: state === 'Z' ? [] : command.split(' '),
    command: state === 'Z' ? `[${comm}]` : command,
    tty: null,
    state: state as ProcessRow['state'],
    stopped: state === 'T',
    zombie: state === 'Z',
    nice: 0,
    cpuNs: 0,
    cpuPercent: 0,
    rssKb: 1000,
    vszKb: 2000,
    threads: 1,
    startNs: pid * 1e6,
    ...extra,
  };
}

const V1 = ['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids'] as const;

/** A v1 cgroups frame of the cpu hierarchy (or `hierarchy`) with these nodes. */
export function cgFrame(nodes: CgroupNode[], extra: Partial<CgroupsFrame> = {}): CgroupsFrame {
  const info = (name: (typeof V1)[number], i: number) => ({ name, id: i + 1, controllers: [name], mountPath: `/sys/fs/cgroup/${name}` });
  return {
    nowNs: 5e9,
    ncpus: 2,
    version: 1,
    hierarchies: V1.map(info),
    hierarchy: info('cpu', 0),
    nodes,
    selected: null,
    ...extra,
  };
}

/** A cgroup node at `path` with no limits and no tasks, unless `extra` says otherwise. */
export function cg(path: string, extra: Partial<CgroupNode> = {}): CgroupNode {
  const parts = path.split('/').filter(Boolean);
  return {
    path,
    name: parts.at(-1) ?? '',
    parent: parts.length === 0 ? null : '/' + parts.slice(0, -1).join('/'),
    depth: parts.length,
    controllers: ['cpu'],
    nrTasks: 0,
    nrProcs: 0,
    nrTasksSubtree: 0,
    pids: [],
    cpu: { quotaUs: null, periodUs: 100000, quotaPercent: null, shares: 1024, weight: 100 },
    cpuCap: null,
    cpuStat: { throttledNow: false, nrPeriods: 0, nrThrottled: 0, throttledTimeNs: 0, nrThrottledDelta: 0, throttledPercent: 0 },
    throttledBy: null,
    pidsLimit: null,
    cpuset: null,
    memoryLimit: null,
    cpuPercent: 0,
    usageSource: 'cpuacct',
    usageNs: 0,
    history: [],
    ...extra,
  };
}

// ---------------------------------------------------------------- overlay frames

/** The walkthrough's overlay mount (lower1:lower2, upper, work on /tmp/ov/merged). */
export function ovlMount(extra: Partial<OverlayMountInfo> = {}): OverlayMountInfo {
  return {
    id: 37,
    dev: 38,
    mountPoint: '/tmp/ov/merged',
    source: 'overlay',
    options: 'rw,relatime,lowerdir=lower1:lower2,upperdir=upper,workdir=work,uuid=on',
    readOnly: false,
    lowerdirs: ['/tmp/ov/lower1', '/tmp/ov/lower2'],
    upperdir: '/tmp/ov/upper',
    workdir: '/tmp/ov/work',
    mntNs: 4026531840,
    hostNs: true,
    ...extra,
  };
}

export function ovlLayer(ref: TreeLayer, extra: Partial<OverlayLayerInfo> = {}): OverlayLayerInfo {
  const name = ref === 'upper' || ref === 'merged' ? ref : `lower${ref + 1}`;
  return {
    ref,
    label: ref === 'upper' || ref === 'merged' ? ref : `lower ${ref + 1}`,
    path: `/tmp/ov/${name}`,
    bytes: 0,
    files: 0,
    dirs: 0,
    symlinks: 0,
    whiteouts: 0,
    opaqueDirs: 0,
    partial: false,
    ...extra,
  };
}

/** An entry at `path`: a file from lower 1 unless `extra` says otherwise. */
export function ovlEntry(path: string, extra: Partial<OverlayEntry> = {}): OverlayEntry {
  const from = extra.from ?? 0;
  return {
    name: path.slice(path.lastIndexOf('/') + 1),
    path,
    kind: 'file',
    size: 0,
    mode: 0o644,
    from,
    layers: [from],
    hidden: [],
    opaque: false,
    hasChildren: false,
    ...extra,
  };
}

export function ovlDir(path: string, entries: OverlayEntry[], more = 0): OverlayDirListing {
  return { path, exists: true, entries, more };
}

/** A frame of the walkthrough's overlay showing these directories of the merged tree. */
export function ovlFrame(dirs: OverlayDirListing[], extra: Partial<OverlayDetail> = {}, mounts?: OverlayMountInfo[]): OverlayFrame {
  const mount = extra.mount ?? ovlMount();
  const detail: OverlayDetail = {
    mount,
    layers: [
      ovlLayer(1, { bytes: 16, files: 4, dirs: 2 }),
      ovlLayer(0, { bytes: 7, files: 1, dirs: 1 }),
      ovlLayer('upper'),
      ovlLayer('merged', { path: mount.mountPoint, bytes: 16, files: 4, dirs: 2 }),
    ],
    tree: { layer: 'merged', dirs },
    file: null,
    copyUps: [],
    ...extra,
  };
  return { nowNs: 1e9, mounts: mounts ?? [mount], detail };
}

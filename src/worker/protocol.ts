// The protocol between the UI and the machine host (ARCHITECTURE.md §5): a versioned
// discriminated union of plain, structured-clonable messages. The same messages flow through a
// Web Worker (worker.ts) and in-process (inprocess.ts). Everything that comes from the UI side is
// validated field by field before the host acts on it (validateInbound): never trust the sender.
// Pure TypeScript: no DOM, worker or Node globals, so both sides and the tests can import it.
import type { ProcessesFrame } from '../machine/views/processes';
import type { CgroupHierarchyName, CgroupsFrame } from '../machine/views/cgroups';
import type { CopyUpTraceEvent, OverlayFrame, TreeLayer } from '../machine/views/overlay';
import { isTerminalId, validateRecord, type LogEntry, type RecordedMachine, type SessionRecord, type TerminalId } from '../machine/session-record';
import type { StateLetter } from '../kernel/task/state';
import { validateCheck, type Check, type CheckResult } from '../machine/lesson-checks-schema';
export type { Check, CheckResult, CheckKind, CheckFieldType, ProcessCheck, FileCheck, MountCheck, CgroupCheck, CounterCheck, OutputCheck, CommandCheck } from '../machine/lesson-checks-schema';
export { CHECK_FIELDS, CHECK_REQUIRED, CHECK_KINDS, checkFieldError } from '../machine/lesson-checks-schema';

export type { ProcessesFrame, ProcessRow } from '../machine/views/processes';
export type {
  CgroupsFrame,
  CgroupNode,
  CgroupTask,
  CgroupHierarchyInfo,
  CgroupHierarchyName,
  CgroupCpuLimits,
  CgroupCpuStat,
} from '../machine/views/cgroups';
export type {
  OverlayFrame,
  OverlayDetail,
  OverlayMountInfo,
  OverlayLayerInfo,
  OverlayEntry,
  OverlayDirListing,
  OverlayTree,
  OverlayContent,
  OverlayFileDetail,
  OverlayFileVersion,
  OverlayCopyUp,
  EntryKind,
  LayerRef,
  TreeLayer,
  VersionStatus,
  CopyUpTraceEvent,
} from '../machine/views/overlay';

export type { TerminalId, LogEntry, LogInput, RecordedMachine, SessionRecord, RecordResult } from '../machine/session-record';
// the record's validator and limits: the page checks links and files before any machine exists
export { validateRecord, isTerminalId, RECORD_LIMITS, RECORD_FORMAT, RECORD_VERSION } from '../machine/session-record';
export type { StateLetter } from '../kernel/task/state';

export const PROTOCOL_VERSION = 2;

/**
 * Views with frames, and 'task-trace': no frames, but while it is subscribed the machine sends
 * `trace` messages with every task state transition (the state-machine panel's tokens).
 */
export type ViewName = 'processes' | 'cgroups' | 'overlay' | 'task-trace';
export type Speed = number | 'max';

export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;
/** Largest tty-input accepted, in UTF-8 bytes (a paste bigger than this is rejected). */
export const MAX_TTY_INPUT_BYTES = 1024 * 1024;
export const MAX_ROWS = 1000;
export const MAX_COLS = 1000;
/** Largest single `step` in virtual ns (one hour). */
export const MAX_STEP_NS = 3600e9;
export const MAX_PID = 4194304;
/** Longest cgroup or file path accepted (PATH_MAX). */
export const MAX_CGROUP_PATH = 4096;
export const MAX_PATH = 4096;
/** Most expanded directories the overlay view takes. */
export const MAX_EXPANDED = 512;
/** overlayfs takes at most 500 lower layers: indexes 0..499. */
export const MAX_LOWER_INDEX = 499;
/** Largest mount id accepted. */
export const MAX_MOUNT_ID = 2 ** 31 - 1;
/** Most trace events in one `trace` message (the rest are counted as dropped). */
export const MAX_TRACE_BATCH = 256;

// ---------------------------------------------------------------- UI → machine

export interface HelloMsg {
  type: 'hello';
  version: number;
}
export interface TtyInputMsg {
  type: 'tty-input';
  terminal: TerminalId;
  data: string;
}
export interface ResizeMsg {
  type: 'resize';
  terminal: TerminalId;
  rows: number;
  cols: number;
}
export interface RunControlMsg {
  type: 'run-control';
  mode: 'run' | 'pause';
  /** virtual seconds per wall second (0.1..100), or 'max'; absent: keep the current speed */
  speed?: Speed;
}
export interface StepMsg {
  type: 'step';
  /** one event, or this many virtual nanoseconds (runs while paused) */
  by: 'event' | number;
}
/**
 * Subscribe to a view, or change its options: subscribing again to a view already subscribed
 * replaces the options given and sends a fresh frame.
 */
export type SubscribeMsg = ProcessesSubscribeMsg | CgroupsSubscribeMsg | OverlaySubscribeMsg | TaskTraceSubscribeMsg;
export interface ProcessesSubscribeMsg {
  type: 'subscribe';
  view: 'processes';
  /** the pid whose /proc/PID/status to include (null: none) */
  pid?: number | null;
}
export interface CgroupsSubscribeMsg {
  type: 'subscribe';
  view: 'cgroups';
  /** v1: the hierarchy of this controller; 'unified' or null: the default (cpu in v1, the v2 tree) */
  hierarchy?: CgroupHierarchyName | null;
  /** the cgroup (path in the hierarchy, "/db/mysql") whose tasks to list (null: none) */
  path?: string | null;
}
/**
 * The overlay layer view. While it is subscribed the machine also sends `trace` messages with the
 * kernel's copy-up events.
 */
export interface OverlaySubscribeMsg {
  type: 'subscribe';
  view: 'overlay';
  /** mount id of the overlay to show (null: the newest overlay mount) */
  mount?: number | null;
  /** directories (paths from the overlay's root, "/etc") whose children to list; "/" always is */
  expanded?: string[];
  /** the tree to show: 'merged' (null: the same), 'upper', or a lower by its index in lowerdir= */
  layer?: TreeLayer | null;
  /** a path (from the overlay's root) whose content and versions per layer to include */
  file?: string | null;
}
export interface TaskTraceSubscribeMsg {
  type: 'subscribe';
  view: 'task-trace';
}
export interface UnsubscribeMsg {
  type: 'unsubscribe';
  view: ViewName;
}
/** A fresh machine with the host's options (and this seed): the input log starts empty. */
export interface ResetMsg {
  type: 'reset';
  seed?: number;
}
/** Open a terminal tab: a new pty with a login shell (answered by terminal-opened or an error). */
export interface OpenTerminalMsg {
  type: 'open-terminal';
  rows: number;
  cols: number;
}
/** Close a tab: the host closes the pty's master (the session gets SIGHUP). */
export interface CloseTerminalMsg {
  type: 'close-terminal';
  terminal: TerminalId;
}
/**
 * Go back (or forward) to the point just before input `index` of the log (index = log length:
 * where the machine was when the first rewind left it). The machine is rebuilt by replay and
 * paused there; later inputs are kept until new input, run or step continues from there.
 */
export interface RewindMsg {
  type: 'rewind';
  index: number;
}
/** Rebuild a saved or shared session: boot its machine and replay its whole log. */
export interface RestoreMsg {
  type: 'restore';
  record: SessionRecord;
}

/**
 * The checks to watch (a lesson step's), or [] for none: the host evaluates them at once, after
 * every command that ends, and after a rewind or restore, and answers with check-results when
 * the results change. Sending the same checks again asks for a fresh evaluation ("Check my work").
 */
export interface ChecksMsg {
  type: 'checks';
  /** the UI's id for this set (echoed in check-results) */
  id: number;
  checks: Check[];
}

export type Inbound =
  | ChecksMsg
  | HelloMsg
  | TtyInputMsg
  | ResizeMsg
  | RunControlMsg
  | StepMsg
  | SubscribeMsg
  | UnsubscribeMsg
  | ResetMsg
  | OpenTerminalMsg
  | CloseTerminalMsg
  | RewindMsg
  | RestoreMsg;

// ---------------------------------------------------------------- machine → UI

/** The serialisable part of MachineOptions (what a session record keeps). */
export type MachineInfo = RecordedMachine;

export interface ReadyMsg {
  type: 'ready';
  version: number;
  machine: MachineInfo;
}
export interface TtyOutputMsg {
  type: 'tty-output';
  terminal: TerminalId;
  data: Uint8Array | string;
}
export type ViewMsg = ProcessesViewMsg | CgroupsViewMsg | OverlayViewMsg;
export interface ProcessesViewMsg {
  type: 'view';
  view: 'processes';
  frame: ProcessesFrame;
}
export interface CgroupsViewMsg {
  type: 'view';
  view: 'cgroups';
  frame: CgroupsFrame;
}
export interface OverlayViewMsg {
  type: 'view';
  view: 'overlay';
  frame: OverlayFrame;
}
/** A task's state letter changed (from null: a new task, fork → R; to X: reaped). */
export interface TaskStateTraceEvent {
  type: 'task-state';
  timeNs: number;
  /** pid in the initial pid namespace */
  pid: number;
  comm: string;
  from: StateLetter | null;
  to: StateLetter;
}
export type WireTraceEvent = CopyUpTraceEvent | TaskStateTraceEvent;
/**
 * Kernel trace events for animations, batched (at most one message per frame), sent only while a
 * view that animates them is subscribed (the overlay view: copy-ups; task-trace: state changes).
 */
export interface TraceMsg {
  type: 'trace';
  events: WireTraceEvent[];
  /** events left out of this batch (more than MAX_TRACE_BATCH since the last one) */
  dropped: number;
}
export interface ClockMsg {
  type: 'clock';
  /** virtual ns since boot */
  nowNs: number;
  /** 1, 5 and 15 minute load averages (as /proc/loadavg, unrounded) */
  loadavg: [number, number, number];
  running: boolean;
  speed: Speed;
  /** nothing will happen without input: virtual time stands still */
  idle: boolean;
  /** the machine is still booting: the console's login shell has not prompted yet */
  booting: boolean;
}
export interface ErrorMsg {
  type: 'error';
  message: string;
  /** the machine cannot continue (kernel panic, simulator exception): offer a reset */
  fatal?: boolean;
}

export interface TerminalOpenedMsg {
  type: 'terminal-opened';
  terminal: TerminalId;
}
/** A tab's session ended (its shell exited, or the tab was closed): the UI closes the tab. */
export interface TerminalClosedMsg {
  type: 'terminal-closed';
  terminal: TerminalId;
}
/** An input was recorded: entry `index` of the session's log. */
export interface LogMsg {
  type: 'log';
  index: number;
  entry: LogEntry;
}
/** Continuing from a rewound point dropped the inputs from `length` on. */
export interface LogTruncatedMsg {
  type: 'log-truncated';
  length: number;
}
/** A rewind or restore is replaying: `done` of `total` inputs so far. */
export interface ReplayProgressMsg {
  type: 'replay-progress';
  reason: 'rewind' | 'restore';
  done: number;
  total: number;
}
/**
 * A rewind or restore finished: the machine is the replayed one. `screens` is each open
 * terminal's output since boot (the last MiBs), to redraw it from scratch; `log` the whole log;
 * `cursor` the index rewound to (null: at the end, live).
 */
export interface RestoredMsg {
  type: 'restored';
  reason: 'rewind' | 'restore';
  machine: MachineInfo;
  log: LogEntry[];
  cursor: number | null;
  screens: Array<{ terminal: TerminalId; data: Uint8Array }>;
}
/** A rewind or restore could not be done; the machine that was running goes on unchanged. */
export interface RestoreFailedMsg {
  type: 'restore-failed';
  reason: 'rewind' | 'restore';
  message: string;
}

export interface CheckResultsMsg {
  type: 'check-results';
  id: number;
  results: CheckResult[];
}
/** A command typed at a shell prompt has ended (its shell prompted again). */
export interface CommandMsg {
  type: 'command';
  terminal: TerminalId;
  line: string;
  /** virtual ns since boot when Enter was pressed */
  atNs: number;
  /** the exit status the shell reported (OSC 133;D from PROMPT_COMMAND), null if none */
  status: number | null;
}

export type Outbound =
  | CheckResultsMsg
  | CommandMsg
  | ReadyMsg
  | TtyOutputMsg
  | ViewMsg
  | TraceMsg
  | ClockMsg
  | ErrorMsg
  | TerminalOpenedMsg
  | TerminalClosedMsg
  | LogMsg
  | LogTruncatedMsg
  | ReplayProgressMsg
  | RestoredMsg
  | RestoreFailedMsg;

// ---------------------------------------------------------------- validation

const MAX_CHECKS = 50;

type Obj = Record<string, unknown>;
type Invalid = { error: string };

function isPlainObject(x: unknown): x is Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Only these own keys (besides `type`); anything else is a malformed message. */
function onlyKeys(o: Obj, allowed: readonly string[]): string | null {
  for (const k of Object.keys(o)) if (k !== 'type' && !allowed.includes(k)) return `unexpected field '${k.slice(0, 40)}'`;
  return null;
}

function isInt(x: unknown, min: number, max: number): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
}

/** UTF-8 length of a string, stopping early once it exceeds `limit`. */
function utf8LengthOver(s: string, limit: number): boolean {
  if (s.length > limit) return true; // every UTF-16 unit is at least one byte
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
    if (n > limit) return true;
  }
  return false;
}

const VIEWS: readonly string[] = ['processes', 'cgroups', 'overlay', 'task-trace'] satisfies ViewName[];
/** The cgroups view's hierarchy names (a list here: the UI must not load machine code). */
export const CGROUP_HIERARCHIES = [
  'cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids', 'unified',
] as const satisfies readonly CgroupHierarchyName[];
const HIERARCHIES: readonly string[] = CGROUP_HIERARCHIES;

/** A cgroup path as the cgroups view takes it: absolute, at most PATH_MAX, no NUL. */
function cgroupPathError(p: unknown): string | null {
  if (p === undefined || p === null) return null;
  if (typeof p !== 'string' || !p.startsWith('/')) return "path must be null or an absolute path ('/db')";
  if (p.length > MAX_CGROUP_PATH) return `path longer than ${MAX_CGROUP_PATH}`;
  if (p.includes('\0')) return 'path must not contain NUL';
  return null;
}

/** A path inside an overlay as the overlay view takes it: absolute, at most PATH_MAX, no NUL. */
function filePathError(what: string, p: unknown, nullable: boolean): string | null {
  if (nullable && (p === undefined || p === null)) return null;
  if (typeof p !== 'string' || !p.startsWith('/')) return `${what} must be ${nullable ? 'null or ' : ''}an absolute path ('/etc')`;
  if (p.length > MAX_PATH) return `${what} longer than ${MAX_PATH}`;
  if (p.includes('\0')) return `${what} must not contain NUL`;
  return null;
}

function expandedError(x: unknown): string | null {
  if (x === undefined) return null;
  if (!Array.isArray(x)) return 'expanded must be an array of paths';
  if (x.length > MAX_EXPANDED) return `expanded has more than ${MAX_EXPANDED} paths`;
  for (const p of x as unknown[]) {
    const e = filePathError('expanded paths', p, false);
    if (e) return e;
  }
  return null;
}

function layerError(x: unknown): string | null {
  if (x === undefined || x === null || x === 'merged' || x === 'upper' || isInt(x, 0, MAX_LOWER_INDEX)) return null;
  return `layer must be null, 'merged', 'upper' or a lower index 0..${MAX_LOWER_INDEX}`;
}

function terminalError(o: Obj): string | null {
  return isTerminalId(o.terminal) ? null : "terminal must be 'console' or 'pts/N'";
}

/**
 * Check a message from the UI side. Returns a fresh, typed copy of the message (no field of the
 * original is kept), or what is wrong with it. Never throws, even on getters or proxies.
 */
export function validateInbound(x: unknown): Inbound | Invalid {
  try {
    return validate(x);
  } catch (_e) {
    return { error: 'invalid message: unreadable' };
  }
}

function validate(x: unknown): Inbound | Invalid {
  const bad = (why: string): Invalid => ({ error: `invalid message: ${why}` });
  if (!isPlainObject(x)) return bad('not an object');
  const type = x.type;
  if (typeof type !== 'string') return bad('missing type');
  const check = (allowed: readonly string[], ...errs: Array<string | null>): Invalid | null => {
    const e = onlyKeys(x, allowed) ?? errs.find((s) => s !== null) ?? null;
    return e === null ? null : bad(`${type}: ${e}`);
  };
  let err: Invalid | null;
  switch (type) {
    case 'hello':
      err = check(['version'], isInt(x.version, 0, 2 ** 31) ? null : 'version must be a non-negative integer');
      return err ?? { type, version: x.version as number };
    case 'tty-input': {
      err = check(
        ['terminal', 'data'],
        terminalError(x),
        typeof x.data !== 'string'
          ? 'data must be a string'
          : utf8LengthOver(x.data, MAX_TTY_INPUT_BYTES)
            ? `data larger than ${MAX_TTY_INPUT_BYTES} bytes`
            : null,
      );
      return err ?? { type, terminal: x.terminal as TerminalId, data: x.data as string };
    }
    case 'resize':
      err = check(
        ['terminal', 'rows', 'cols'],
        terminalError(x),
        isInt(x.rows, 1, MAX_ROWS) ? null : `rows must be an integer 1..${MAX_ROWS}`,
        isInt(x.cols, 1, MAX_COLS) ? null : `cols must be an integer 1..${MAX_COLS}`,
      );
      return err ?? { type, terminal: x.terminal as TerminalId, rows: x.rows as number, cols: x.cols as number };
    case 'run-control': {
      const s = x.speed;
      const speedOk = s === undefined || s === 'max' || (typeof s === 'number' && Number.isFinite(s) && s >= MIN_SPEED && s <= MAX_SPEED);
      err = check(
        ['mode', 'speed'],
        x.mode === 'run' || x.mode === 'pause' ? null : "mode must be 'run' or 'pause'",
        speedOk ? null : `speed must be a number ${MIN_SPEED}..${MAX_SPEED} or 'max'`,
      );
      if (err) return err;
      const msg: RunControlMsg = { type, mode: x.mode as 'run' | 'pause' };
      if (s !== undefined) msg.speed = s as Speed;
      return msg;
    }
    case 'step':
      err = check(['by'], x.by === 'event' || isInt(x.by, 1, MAX_STEP_NS) ? null : `by must be 'event' or an integer 1..${MAX_STEP_NS} (ns)`);
      return err ?? { type, by: x.by as 'event' | number };
    case 'subscribe': {
      if (x.view === 'overlay') {
        const mountOk = x.mount === undefined || x.mount === null || isInt(x.mount, 1, MAX_MOUNT_ID);
        err = check(
          ['view', 'mount', 'expanded', 'layer', 'file'],
          mountOk ? null : `mount must be null or a mount id 1..${MAX_MOUNT_ID}`,
          expandedError(x.expanded),
          layerError(x.layer),
          filePathError('file', x.file, true),
        );
        if (err) return err;
        const msg: OverlaySubscribeMsg = { type, view: 'overlay' };
        if (x.mount !== undefined) msg.mount = x.mount as number | null;
        if (x.expanded !== undefined) msg.expanded = [...(x.expanded as string[])];
        if (x.layer !== undefined) msg.layer = x.layer as TreeLayer | null;
        if (x.file !== undefined) msg.file = x.file as string | null;
        return msg;
      }
      if (x.view === 'cgroups') {
        const h = x.hierarchy;
        err = check(
          ['view', 'hierarchy', 'path'],
          h === undefined || h === null || (typeof h === 'string' && HIERARCHIES.includes(h)) ? null : 'unknown cgroup hierarchy',
          cgroupPathError(x.path),
        );
        if (err) return err;
        const msg: CgroupsSubscribeMsg = { type, view: 'cgroups' };
        if (h !== undefined) msg.hierarchy = h as CgroupHierarchyName | null;
        if (x.path !== undefined) msg.path = x.path as string | null;
        return msg;
      }
      if (x.view === 'task-trace') {
        err = check(['view']);
        return err ?? { type, view: 'task-trace' };
      }
      const pidOk = x.pid === undefined || x.pid === null || isInt(x.pid, 1, MAX_PID);
      err = check(
        ['view', 'pid'],
        x.view === 'processes' ? null : 'unknown view',
        pidOk ? null : `pid must be null or an integer 1..${MAX_PID}`,
      );
      if (err) return err;
      const msg: ProcessesSubscribeMsg = { type, view: 'processes' };
      if (x.pid !== undefined) msg.pid = x.pid as number | null;
      return msg;
    }
    case 'unsubscribe':
      err = check(['view'], typeof x.view === 'string' && VIEWS.includes(x.view) ? null : 'unknown view');
      return err ?? { type, view: x.view as ViewName };
    case 'reset': {
      err = check(['seed'], x.seed === undefined || isInt(x.seed, 0, 2 ** 32 - 1) ? null : 'seed must be an integer 0..2^32-1');
      if (err) return err;
      const msg: ResetMsg = { type };
      if (x.seed !== undefined) msg.seed = x.seed as number;
      return msg;
    }
    case 'open-terminal':
      err = check(
        ['rows', 'cols'],
        isInt(x.rows, 1, MAX_ROWS) ? null : `rows must be an integer 1..${MAX_ROWS}`,
        isInt(x.cols, 1, MAX_COLS) ? null : `cols must be an integer 1..${MAX_COLS}`,
      );
      return err ?? { type, rows: x.rows as number, cols: x.cols as number };
    case 'close-terminal':
      err = check(['terminal'], terminalError(x), x.terminal === 'console' ? 'the console cannot be closed' : null);
      return err ?? { type, terminal: x.terminal as TerminalId };
    case 'rewind':
      err = check(['index'], isInt(x.index, 0, 2 ** 31) ? null : 'index must be a non-negative integer');
      return err ?? { type, index: x.index as number };
    case 'checks': {
      err = check(
        ['id', 'checks'],
        isInt(x.id, 0, 2 ** 31) ? null : 'id must be a non-negative integer',
        Array.isArray(x.checks) && x.checks.length <= MAX_CHECKS ? null : `checks must be a list of at most ${MAX_CHECKS}`,
      );
      if (err) return err;
      const checks: Check[] = [];
      for (const c of x.checks as unknown[]) {
        const r = validateCheck(c);
        if (!r.ok) return bad(`checks: ${r.error}`);
        checks.push(r.check);
      }
      return { type, id: x.id as number, checks };
    }
    case 'restore': {
      err = check(['record']);
      if (err) return err;
      const r = validateRecord(x.record);
      return r.ok ? { type, record: r.record } : bad(`restore: ${r.error}`);
    }
    default:
      return bad(`unknown type '${type.slice(0, 40)}'`);
  }
}

export function isInvalid(r: Inbound | Invalid): r is Invalid {
  return 'error' in r;
}

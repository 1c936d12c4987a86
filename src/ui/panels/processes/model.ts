// The process panel's model: UI rows built from a `processes` view frame, state labels, sorting
// and the pstree-like tree. Pure functions, no React, so they are tested directly.
import { t, type Translate } from '../../i18n';

/** A row as the panel shows it (a projection of the view frame's ProcessRow). */
export interface ProcRow {
  pid: number;
  ppid: number;
  /** field 3 of /proc/PID/stat: R S D T t Z X I */
  state: string;
  uid: number;
  user: string;
  cpuPercent: number;
  comm: string;
  command: string;
}

export interface StateInfo {
  letter: string;
  /** the state in words, in the UI's language ("sleeping", "睡眠") */
  label: string;
  /** CSS class naming the colour; always shown together with the letter and label */
  tone: 'running' | 'sleeping' | 'disk' | 'stopped' | 'zombie' | 'dead' | 'idle' | 'unknown';
}

/** Each state letter: its catalogue key (proc.state.<word>) and its colour. */
const STATES: Record<string, { word: string; tone: StateInfo['tone'] }> = {
  R: { word: 'running', tone: 'running' },
  S: { word: 'sleeping', tone: 'sleeping' },
  D: { word: 'disk', tone: 'disk' },
  T: { word: 'stopped', tone: 'stopped' },
  t: { word: 'tracing', tone: 'stopped' },
  Z: { word: 'zombie', tone: 'zombie' },
  X: { word: 'dead', tone: 'dead' },
  I: { word: 'idle', tone: 'idle' },
};

/** A state letter with its label (in `tr`'s language; the current one by default) and colour. */
export function stateInfo(letter: string, tr: Translate = t): StateInfo {
  const s = STATES[letter];
  return s ? { letter, label: tr(`proc.state.${s.word}`), tone: s.tone } : { letter, label: tr('proc.state.unknown'), tone: 'unknown' };
}

/** The users the default rootfs knows; anything else is shown by number, as ps does. */
const USERS: Record<number, string> = { 0: 'root', 1: 'daemon', 2: 'bin', 3: 'sys', 65534: 'nobody' };
export function userName(uid: number): string {
  return USERS[uid] ?? String(uid);
}

export type SortKey = 'pid' | 'ppid' | 'state' | 'user' | 'cpu' | 'command';
export type SortDir = 'asc' | 'desc';

export const COLUMNS: ReadonlyArray<{ key: SortKey; title: string; numeric: boolean }> = [
  { key: 'pid', title: 'PID', numeric: true },
  { key: 'ppid', title: 'PPID', numeric: true },
  { key: 'state', title: 'S', numeric: false },
  { key: 'user', title: 'USER', numeric: false },
  { key: 'cpu', title: '%CPU', numeric: true },
  { key: 'command', title: 'COMMAND', numeric: false },
];

function field(r: ProcRow, key: SortKey): number | string {
  switch (key) {
    case 'pid':
      return r.pid;
    case 'ppid':
      return r.ppid;
    case 'state':
      return r.state;
    case 'user':
      return r.user;
    case 'cpu':
      return r.cpuPercent;
    case 'command':
      return r.command;
  }
}

/** A stable sort by one column; ties fall back to pid order. */
export function sortRows(rows: readonly ProcRow[], key: SortKey, dir: SortDir): ProcRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = field(a, key);
    const y = field(b, key);
    const c =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
    return c !== 0 ? sign * c : a.pid - b.pid;
  });
}

export interface TreeLine {
  row: ProcRow;
  /** box-drawing prefix, as pstree draws it: "│ ├─", "└─" */
  prefix: string;
  depth: number;
}

/**
 * The process tree in depth-first order, children by pid. A process whose parent is not in the
 * table (pid 1's parent 0, or a parent that just vanished) is a root.
 */
export function buildTree(rows: readonly ProcRow[]): TreeLine[] {
  const byPid = new Map(rows.map((r) => [r.pid, r]));
  const children = new Map<number, ProcRow[]>();
  const roots: ProcRow[] = [];
  for (const r of rows) {
    if (r.ppid !== r.pid && byPid.has(r.ppid)) {
      const list = children.get(r.ppid);
      if (list) list.push(r);
      else children.set(r.ppid, [r]);
    } else roots.push(r);
  }
  const out: TreeLine[] = [];
  const seen = new Set<number>();
  const walk = (r: ProcRow, indent: string, last: boolean, depth: number): void => {
    if (seen.has(r.pid)) return; // a cycle cannot happen in a kernel, but a view must never hang
    seen.add(r.pid);
    out.push({ row: r, prefix: depth === 0 ? '' : `${indent}${last ? '└─' : '├─'}`, depth });
    const kids = (children.get(r.pid) ?? []).sort((a, b) => a.pid - b.pid);
    const next = depth === 0 ? '' : `${indent}${last ? '  ' : '│ '}`;
    kids.forEach((k, i) => walk(k, next, i === kids.length - 1, depth + 1));
  };
  for (const r of [...roots].sort((a, b) => a.pid - b.pid)) walk(r, '', true, 0);
  // a parent cycle (impossible in a kernel): show the rest rather than hide it or hang
  for (const r of rows) if (!seen.has(r.pid)) walk(r, '', true, 0);
  return out;
}

/** /proc/PID/status text → [field, value] pairs, in file order. */
export function parseStatus(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    out.push([line.slice(0, i), line.slice(i + 1).trim()]);
  }
  return out;
}

// The state-machine panel's model: the diagram of Linux task states (nodes, the transitions the
// kernel really makes, their geometry), counting the tasks of a `processes` frame per state, and
// turning batches of `task-state` trace events into edge hits and a bounded number of tokens to
// animate. d3 lays the diagram out (scales place the states, d3-path draws the arrows); React
// renders it. Pure functions, no React, no DOM: tested directly.
import { path as d3path, scaleLinear } from 'd3';
import type { StateLetter, TaskStateTraceEvent } from '../../../worker/protocol';

/** The states drawn, in the order the keyboard visits them. */
export const STATES: readonly StateLetter[] = ['R', 'S', 'D', 'T', 't', 'Z', 'X'];
export type NodeId = StateLetter | 'fork';

/** Colour of each state: the same tones (and CSS custom properties) as the process panel's badges. */
export const TONE: Record<NodeId, string> = {
  fork: 'fork',
  R: 'running',
  S: 'sleeping',
  D: 'disk',
  T: 'stopped',
  t: 'stopped',
  Z: 'zombie',
  X: 'dead',
};

/** A transition the diagram draws. `R-S`: from R to S; `fork-R`: a new task. */
export type EdgeId = 'fork-R' | 'R-S' | 'S-R' | 'R-D' | 'D-R' | 'R-T' | 'S-T' | 'T-R' | 'R-t' | 't-R' | 'R-Z' | 'Z-X';

export interface EdgeDef {
  id: EdgeId;
  from: NodeId;
  to: StateLetter;
  /** sideways bow of the arrow (px, to the left of its direction); a pair A→B, B→A bows apart */
  bow: number;
  /** no task takes it in this lab yet (ptrace is not modelled) */
  unmodelled?: boolean;
}

/**
 * The real transitions. A task must run to change its own state in most of them: a sleeping or
 * stopped task that is killed is woken first and exits from R, so only R → Z is drawn; a
 * sleeping task that gets a stop signal wakes just long enough to stop (S → T, via a brief R).
 */
export const EDGES: readonly EdgeDef[] = [
  { id: 'fork-R', from: 'fork', to: 'R', bow: 0 },
  { id: 'R-S', from: 'R', to: 'S', bow: 12 },
  { id: 'S-R', from: 'S', to: 'R', bow: 12 },
  { id: 'R-D', from: 'R', to: 'D', bow: 12 },
  { id: 'D-R', from: 'D', to: 'R', bow: 12 },
  { id: 'R-T', from: 'R', to: 'T', bow: 12 },
  { id: 'T-R', from: 'T', to: 'R', bow: 12 },
  { id: 'S-T', from: 'S', to: 'T', bow: 34 },
  { id: 'R-t', from: 'R', to: 't', bow: 12, unmodelled: true },
  { id: 't-R', from: 't', to: 'R', bow: 12, unmodelled: true },
  { id: 'R-Z', from: 'R', to: 'Z', bow: 0 },
  { id: 'Z-X', from: 'Z', to: 'X', bow: 0 },
];

const EDGE_IDS = new Set<string>(EDGES.map((e) => e.id));

/** The edge a (from, to) pair of a trace event takes; null for a pair the diagram does not draw. */
export function edgeFor(from: StateLetter | null, to: StateLetter): EdgeId | null {
  const id = `${from ?? 'fork'}-${to}`;
  return EDGE_IDS.has(id) ? (id as EdgeId) : null;
}

// ---------------------------------------------------------------- geometry

export const VIEW_W = 520;
// wider than tall: the panel usually shares a column with others and gets more width than height
export const VIEW_H = 300;
export const NODE_R = 27;
export const FORK_R = 9;

/** Where each state sits, on a unit grid (d3 scales map it into the view box). */
const GRID: Record<NodeId, { gx: number; gy: number; label: 'above' | 'below' | 'below-right' }> = {
  fork: { gx: 0, gy: 0.5, label: 'below' },
  T: { gx: 0.22, gy: 0, label: 'above' },
  t: { gx: 0.22, gy: 1, label: 'below' },
  // R's arrows leave in every direction but between R → Z and R → D
  R: { gx: 0.5, gy: 0.5, label: 'below-right' },
  S: { gx: 0.76, gy: 0, label: 'above' },
  D: { gx: 1, gy: 0.5, label: 'below' },
  Z: { gx: 0.5, gy: 1, label: 'below' },
  X: { gx: 0.84, gy: 1, label: 'below' },
};

export interface NodeGeom {
  id: NodeId;
  x: number;
  y: number;
  r: number;
  /** where the state's name goes */
  labelX: number;
  labelY: number;
  labelAnchor: 'middle' | 'start';
}

export interface Point {
  x: number;
  y: number;
}

export interface EdgeGeom extends EdgeDef {
  /** quadratic Bézier from the rim of `from` to the rim of `to` */
  p0: Point;
  c: Point;
  p1: Point;
  /** SVG path data */
  d: string;
  /** where the edge's count sits (the curve's middle, pushed out to its bowed side) */
  label: Point;
}

export interface Diagram {
  width: number;
  height: number;
  nodes: Record<NodeId, NodeGeom>;
  edges: EdgeGeom[];
}

const unit = (dx: number, dy: number): Point => {
  const len = Math.hypot(dx, dy) || 1;
  return { x: dx / len, y: dy / len };
};

/** A point of the quadratic Bézier (p0, c, p1) at t ∈ [0, 1]. */
export function pointAt(e: Pick<EdgeGeom, 'p0' | 'c' | 'p1'>, t: number): Point {
  const u = 1 - t;
  return {
    x: u * u * e.p0.x + 2 * u * t * e.c.x + t * t * e.p1.x,
    y: u * u * e.p0.y + 2 * u * t * e.c.y + t * t * e.p1.y,
  };
}

const round = (n: number): number => Math.round(n * 10) / 10;

/** The diagram laid out in a VIEW_W × VIEW_H box. */
export function layoutDiagram(width = VIEW_W, height = VIEW_H): Diagram {
  const x = scaleLinear().domain([0, 1]).range([40, width - 80]);
  const y = scaleLinear().domain([0, 1]).range([56, height - 50]);
  const nodes = {} as Record<NodeId, NodeGeom>;
  for (const [id, g] of Object.entries(GRID) as Array<[NodeId, (typeof GRID)[NodeId]]>) {
    const r = id === 'fork' ? FORK_R : NODE_R;
    const cy = y(g.gy);
    const cx = round(x(g.gx));
    nodes[id] = {
      id,
      x: cx,
      y: round(cy),
      r,
      labelX: g.label === 'below-right' ? cx + 8 : cx,
      labelY: round(g.label === 'above' ? cy - r - 9 : cy + r + 17),
      labelAnchor: g.label === 'below-right' ? 'start' : 'middle',
    };
  }
  const edges = EDGES.map((def): EdgeGeom => {
    const a = nodes[def.from];
    const b = nodes[def.to];
    const dir = unit(b.x - a.x, b.y - a.y);
    // the bow is to the left of the direction of travel, so A→B and B→A bow to opposite sides
    const normal = { x: dir.y, y: -dir.x };
    const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    const c = { x: mid.x + normal.x * def.bow * 2, y: mid.y + normal.y * def.bow * 2 };
    const out = unit(c.x - a.x, c.y - a.y);
    const inn = unit(c.x - b.x, c.y - b.y);
    const p0 = { x: round(a.x + out.x * (a.r + 2)), y: round(a.y + out.y * (a.r + 2)) };
    const p1 = { x: round(b.x + inn.x * (b.r + 4)), y: round(b.y + inn.y * (b.r + 4)) };
    const cc = { x: round(c.x), y: round(c.y) };
    const p = d3path();
    p.moveTo(p0.x, p0.y);
    p.quadraticCurveTo(cc.x, cc.y, p1.x, p1.y);
    const m = pointAt({ p0, c: cc, p1 }, 0.5);
    const side = def.bow === 0 ? 10 : 11;
    return { ...def, p0, c: cc, p1, d: p.toString(), label: { x: round(m.x + normal.x * side), y: round(m.y + normal.y * side) } };
  });
  return { width, height, nodes, edges };
}

// ---------------------------------------------------------------- live counts

/** A row of the processes frame, as far as this panel cares. */
export interface TaskRow {
  pid: number;
  comm: string;
  state: string;
}

/** How many processes are in each state (letters ps may show that the diagram lacks are left out). */
export function countByState(rows: readonly TaskRow[]): Record<StateLetter, number> {
  const n: Record<StateLetter, number> = { R: 0, S: 0, D: 0, T: 0, t: 0, Z: 0, X: 0 };
  for (const r of rows) if (r.state in n) n[r.state as StateLetter]++;
  return n;
}

/** The processes in one state, by pid; at most `limit` of them, and how many more there are. */
export function tasksIn(rows: readonly TaskRow[], state: StateLetter, limit = 200): { tasks: TaskRow[]; more: number } {
  const all = rows.filter((r) => r.state === state).sort((a, b) => a.pid - b.pid);
  return { tasks: all.slice(0, limit), more: Math.max(0, all.length - limit) };
}

// ---------------------------------------------------------------- trace batches → hits and tokens

/** Most tokens alive at once. */
export const MAX_TOKENS = 30;
/** A wake-up followed this soon by a stop is drawn as S → T (the brief R in between is not). */
export const WAKE_TO_STOP_NS = 1_000_000;

export interface PlannedToken {
  edge: EdgeId;
  /** "42 sleep", or "×12" for a coalesced group */
  label: string;
  /** transitions it stands for */
  count: number;
  /** the task it stands for when count is 1 */
  pid: number | null;
  /** it is (or includes) the selected task */
  selected: boolean;
}

export interface BatchPlan {
  /** transitions per edge in this batch (every mapped event, animated or not) */
  hits: Map<EdgeId, number>;
  /** tokens to launch, at most `slots`, the selected task's first */
  tokens: PlannedToken[];
  /** events whose (from, to) the diagram does not draw (a thread killed while asleep: S → Z) */
  unmapped: number;
  /** the selected task's last transition in the batch */
  selectedMove: { pid: number; comm: string; from: StateLetter | null; to: StateLetter } | null;
}

interface Move {
  edge: EdgeId;
  pid: number;
  comm: string;
}

/**
 * Map a batch to edges. Per pid, a wake-up (S → R) followed within WAKE_TO_STOP_NS by a stop
 * (R → T) becomes one S → T: the task only woke to stop itself.
 */
export function movesOf(events: readonly TaskStateTraceEvent[]): { moves: Move[]; unmapped: number } {
  const moves: Move[] = [];
  let unmapped = 0;
  /** index in `moves` of each pid's last S → R of this batch, with its time */
  const woke = new Map<number, { i: number; timeNs: number }>();
  for (const e of events) {
    if (e.from === 'R' && e.to === 'T') {
      const w = woke.get(e.pid);
      if (w && e.timeNs - w.timeNs <= WAKE_TO_STOP_NS && moves[w.i]!.edge === 'S-R') {
        moves[w.i] = { edge: 'S-T', pid: e.pid, comm: e.comm };
        woke.delete(e.pid);
        continue;
      }
    }
    const edge = edgeFor(e.from, e.to);
    if (!edge) {
      unmapped++;
      continue;
    }
    if (edge === 'S-R') woke.set(e.pid, { i: moves.length, timeNs: e.timeNs });
    else woke.delete(e.pid);
    moves.push({ edge, pid: e.pid, comm: e.comm });
  }
  return { moves, unmapped };
}

/**
 * What a batch of trace events shows: hits per edge, and tokens to animate. An edge taken once
 * gets a token named after its task ("42 sleep"); an edge taken several times gets one token
 * "×N" (the selected task keeps a token of its own). At most `slots` tokens, the selected
 * task's first, then the busiest edges; the rest only count.
 */
export function planBatch(events: readonly TaskStateTraceEvent[], opts: { selectedPid: number | null; slots: number }): BatchPlan {
  const { moves, unmapped } = movesOf(events);
  const hits = new Map<EdgeId, number>();
  const byEdge = new Map<EdgeId, Move[]>();
  for (const m of moves) {
    hits.set(m.edge, (hits.get(m.edge) ?? 0) + 1);
    const list = byEdge.get(m.edge);
    if (list) list.push(m);
    else byEdge.set(m.edge, [m]);
  }
  const tokens: PlannedToken[] = [];
  for (const [edge, list] of byEdge) {
    const mine = opts.selectedPid === null ? [] : list.filter((m) => m.pid === opts.selectedPid);
    const rest = mine.length > 0 ? list.filter((m) => m.pid !== opts.selectedPid) : list;
    if (mine.length > 0) {
      const m = mine[mine.length - 1]!;
      tokens.push({ edge, label: mine.length === 1 ? `${m.pid} ${m.comm}` : `${m.pid} ${m.comm} ×${mine.length}`, count: mine.length, pid: m.pid, selected: true });
    }
    if (rest.length === 1) tokens.push({ edge, label: `${rest[0]!.pid} ${rest[0]!.comm}`, count: 1, pid: rest[0]!.pid, selected: false });
    else if (rest.length > 1) tokens.push({ edge, label: `×${rest.length}`, count: rest.length, pid: null, selected: false });
  }
  tokens.sort((a, b) => Number(b.selected) - Number(a.selected) || b.count - a.count);
  let selectedMove: BatchPlan['selectedMove'] = null;
  if (opts.selectedPid !== null)
    for (const e of events) if (e.pid === opts.selectedPid) selectedMove = { pid: e.pid, comm: e.comm, from: e.from, to: e.to };
  return { hits, tokens: tokens.slice(0, Math.max(0, opts.slots)), unmapped, selectedMove };
}

/** Running totals per edge (since the panel was shown). */
export type EdgeTotals = Readonly<Partial<Record<EdgeId, number>>>;

export function addHits(totals: EdgeTotals, hits: ReadonlyMap<EdgeId, number>): EdgeTotals {
  if (hits.size === 0) return totals;
  const out: Partial<Record<EdgeId, number>> = { ...totals };
  for (const [e, n] of hits) out[e] = (out[e] ?? 0) + n;
  return out;
}

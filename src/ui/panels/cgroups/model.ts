// The cgroup panel's model: pure functions from a `cgroups` view frame to what the panel draws.
// d3 computes the layout (d3-hierarchy: the tree, depth-first order; d3-path/d3-shape: the
// connectors and the sparklines); React renders it. No React here, so it is tested directly.
import { hierarchy, line, area, path as d3path, scaleLinear, type HierarchyNode } from 'd3';
import type { CgroupNode, CgroupsFrame } from '../../../worker/protocol';
import { plural, t, type Translate } from '../../i18n';

/** Layout constants (px). */
export const ROW_H = 64;
/** height of a node's card (the rest of a row is the gap to the next) */
export const CARD_H = 58;
/** where a connector meets a card: the middle of its first line */
const LINK_Y = 14;
export const INDENT = 22;
export const GUTTER = 12;
export const SPARK_W = 64;
export const SPARK_H = 18;

export interface LaidOutNode {
  node: CgroupNode;
  /** row index (depth-first order) and indentation */
  index: number;
  depth: number;
  x: number;
  y: number;
  hasChildren: boolean;
}

export interface TreeLayout {
  rows: LaidOutNode[];
  /** elbow connectors parent → child, as SVG path data, keyed by the child's path */
  links: Array<{ key: string; d: string }>;
  height: number;
}

/**
 * The indented tree: d3.hierarchy over the frame's nodes (parents by path), children by name,
 * each row at its depth-first index. Nodes whose parent is missing (cannot happen in a frame, but
 * a view must never throw) hang off the root.
 */
export function layoutTree(nodes: readonly CgroupNode[]): TreeLayout {
  if (nodes.length === 0) return { rows: [], links: [], height: 0 };
  const byPath = new Map(nodes.map((n) => [n.path, n]));
  const root = nodes.find((n) => n.parent === null) ?? nodes[0]!;
  const kids = new Map<string, CgroupNode[]>();
  for (const n of nodes) {
    if (n === root) continue;
    const p = n.parent !== null && byPath.has(n.parent) && n.parent !== n.path ? n.parent : root.path;
    const list = kids.get(p);
    if (list) list.push(n);
    else kids.set(p, [n]);
  }
  const seen = new Set<string>();
  const h: HierarchyNode<CgroupNode> = hierarchy(root, (n) => {
    if (seen.has(n.path)) return undefined; // a cycle cannot happen; never loop on one
    seen.add(n.path);
    return (kids.get(n.path) ?? []).slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  });
  const rows: LaidOutNode[] = [];
  const at = new Map<HierarchyNode<CgroupNode>, LaidOutNode>();
  h.eachBefore((d) => {
    const r: LaidOutNode = {
      node: d.data,
      index: rows.length,
      depth: d.depth,
      x: GUTTER + d.depth * INDENT,
      y: rows.length * ROW_H,
      hasChildren: (d.children?.length ?? 0) > 0,
    };
    rows.push(r);
    at.set(d, r);
  });
  const links: TreeLayout['links'] = [];
  for (const d of h.descendants()) {
    if (!d.parent) continue;
    const p = at.get(d.parent)!;
    const c = at.get(d)!;
    const px = p.x + INDENT / 2;
    const path = d3path();
    path.moveTo(px, p.y + CARD_H);
    path.lineTo(px, c.y + LINK_Y);
    path.lineTo(c.x, c.y + LINK_Y);
    links.push({ key: d.data.path, d: path.toString() });
  }
  return { rows, links, height: rows.length * ROW_H };
}

/** The capacity a group's CPU use is measured against: its cap, else every CPU (% of one CPU). */
export function capacity(n: CgroupNode, ncpus: number): number {
  const all = Math.max(1, ncpus) * 100;
  return n.cpuCap ? Math.max(1, Math.min(all, n.cpuCap.percent)) : all;
}

/** Headroom above the capacity in a sparkline, so a group running at its cap shows as a line on the cap. */
const SPARK_HEADROOM = 1.2;

/**
 * Sparkline paths over the history, scaled 0..capacity (plus headroom); `capY` is where the
 * capacity line is drawn.
 */
export function sparkline(
  history: readonly number[],
  cap: number,
  length: number,
  w = SPARK_W,
  h = SPARK_H,
): { line: string; area: string; capY: number } {
  const y = scaleLinear().domain([0, cap * SPARK_HEADROOM]).range([h - 1, 1]).clamp(true);
  const capY = Math.round(y(cap)) + 0.5;
  if (history.length === 0) return { line: '', area: '', capY };
  const n = Math.max(length, history.length, 2);
  const x = scaleLinear().domain([n - 1, 0]).range([w, 0]);
  const offset = n - history.length; // the newest sample is always at the right edge
  const pts = history.map((v, i) => [x(offset + i), y(v)] as [number, number]);
  if (pts.length === 1) pts.unshift([pts[0]![0] - 1, pts[0]![1]]);
  return {
    line: line()(pts) ?? '',
    area: area()
      .y0(h)
      .y1((p) => p[1])(pts) ?? '',
    capY,
  };
}

export function formatPercent(p: number | null): string {
  if (p === null) return '–';
  return p >= 100 ? `${Math.round(p)}%` : `${p.toFixed(1)}%`;
}

function trimNum(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** Bytes as the lab writes limits: 256M, 1.5G. */
export function formatBytes(b: number): string {
  const units: Array<[number, string]> = [[1024 ** 4, 'T'], [1024 ** 3, 'G'], [1024 ** 2, 'M'], [1024, 'K']];
  for (const [size, u] of units) if (b >= size) return `${trimNum(Math.round((b / size) * 10) / 10)}${u}`;
  return `${b}B`;
}

export interface Chip {
  key: string;
  text: string;
  /** what the chip means, for the tooltip and the accessible name */
  title: string;
  tone: 'limit' | 'inherited' | 'info' | 'warn' | 'alert';
}

/**
 * The limits a node shows, as chips ("20% CPU", "≤20% via /db", "pids 3/5", "cpus 0-1"), in
 * `tr`'s language (the current one by default).
 */
export function limitChips(n: CgroupNode, version: 1 | 2, ncpus: number, tr: Translate = t): Chip[] {
  const out: Chip[] = [];
  const cpu = n.cpu;
  if (cpu && cpu.quotaPercent !== null) {
    const file = version === 2 ? `cpu.max "${cpu.quotaUs} ${cpu.periodUs}"` : `cpu.cfs_quota_us ${cpu.quotaUs} / cpu.cfs_period_us ${cpu.periodUs}`;
    out.push({ key: 'quota', text: tr('cg.chip.quota', { pct: trimNum(cpu.quotaPercent) }), title: tr('cg.chip.quota.title', { file }), tone: 'limit' });
  }
  if (n.cpuCap && n.cpuCap.from !== n.path) {
    const p = { pct: trimNum(n.cpuCap.percent), from: n.cpuCap.from };
    out.push({
      key: 'cap',
      text: tr('cg.chip.cap', p),
      title: tr(n.cpuCap.by === 'quota' ? 'cg.chip.cap.quota' : 'cg.chip.cap.cpuset', p),
      tone: 'inherited',
    });
  }
  if (cpu && cpu.shares !== 1024) {
    out.push(
      version === 2
        ? { key: 'weight', text: tr('cg.chip.weight', { n: cpu.weight }), title: tr('cg.chip.weight.title', { n: cpu.weight }), tone: 'info' }
        : { key: 'shares', text: tr('cg.chip.shares', { n: cpu.shares }), title: tr('cg.chip.shares.title', { n: cpu.shares }), tone: 'info' },
    );
  }
  if (n.pidsLimit && (n.pidsLimit.max !== null || n.parent !== null)) {
    const { current, max } = n.pidsLimit;
    const full = max !== null && current >= max;
    const p = { current, max: max ?? 'max' };
    out.push({
      key: 'pids',
      text: tr('cg.chip.pids', p),
      title: tr(full ? 'cg.chip.pids.full' : 'cg.chip.pids.title', p),
      tone: full ? 'alert' : max !== null ? 'limit' : 'info',
    });
  }
  if (n.cpuset && n.parent !== null) {
    const { cpus, effective } = n.cpuset;
    const all = ncpus > 1 ? `0-${ncpus - 1}` : '0';
    if (cpus === '' && version === 1) {
      out.push({ key: 'cpuset', text: tr('cg.chip.cpusNone'), title: tr('cg.chip.cpusNone.title'), tone: 'warn' });
    } else if (effective !== all) {
      out.push({ key: 'cpuset', text: tr('cg.chip.cpus', { cpus: effective }), title: tr('cg.chip.cpus.title', { cpus: effective }), tone: 'limit' });
    }
  }
  if (n.memoryLimit !== null) {
    out.push({
      key: 'mem',
      text: tr('cg.chip.mem', { size: formatBytes(n.memoryLimit) }),
      title: tr('cg.chip.mem.title', { bytes: n.memoryLimit }),
      tone: 'limit',
    });
  }
  return out;
}

/** Is the group being throttled (itself, within the usage window or now)? */
export function isThrottled(n: CgroupNode): boolean {
  return n.throttledBy === n.path;
}

/** A node's name as the tree shows it: the root is the hierarchy's mount point. */
export function displayName(n: CgroupNode, frame: Pick<CgroupsFrame, 'hierarchy'>): string {
  return n.parent === null ? frame.hierarchy.mountPath : n.name;
}

/** What a screen reader says for a node (in `tr`'s language). */
export function nodeLabel(n: CgroupNode, frame: Pick<CgroupsFrame, 'hierarchy' | 'version' | 'ncpus'>, tr: Translate = t): string {
  const parts = [tr('cg.node.cgroup', { path: n.path }), plural(tr, 'cg.node.procs', n.nrProcs), plural(tr, 'cg.tasks', n.nrTasks)];
  if (n.cpuPercent !== null) parts.push(tr('cg.node.cpu', { pct: formatPercent(n.cpuPercent) }));
  for (const c of limitChips(n, frame.version, frame.ncpus, tr)) parts.push(c.text);
  if (isThrottled(n) && n.cpuStat) parts.push(tr('cg.node.throttled', { pct: trimNum(n.cpuStat.throttledPercent) }));
  else if (n.throttledBy) parts.push(tr('cg.node.heldBy', { by: n.throttledBy }));
  return parts.join(tr('cg.node.sep'));
}

/** The pids to highlight for a selected node: its processes. */
export function highlightPids(n: CgroupNode | undefined): number[] {
  return n ? n.pids.slice() : [];
}

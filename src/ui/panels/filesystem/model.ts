// The layer panel's model: pure functions from an `overlay` view frame to what the panel draws
// (labels, colours, the flattened tree rows, sizes, what a version's status means). No React
// here, so it is tested directly.
import type {
  EntryKind,
  LayerRef,
  OverlayDetail,
  OverlayEntry,
  OverlayLayerInfo,
  OverlayMountInfo,
  OverlayTree,
  TreeLayer,
  VersionStatus,
} from '../../../worker/protocol';

/** "upper", "merged", "lower 2" (lowers by their place in lowerdir=, 1 = the leftmost, the top). */
export function layerLabel(r: TreeLayer): string {
  return r === 'upper' || r === 'merged' ? r : `lower ${r + 1}`;
}

/** A CSS modifier per layer: upper and merged have their own colours; lowers cycle through six. */
export function layerTone(r: TreeLayer): string {
  if (r === 'upper' || r === 'merged') return r;
  return `l${r % 6}`;
}

/** The data-layer attribute value of a layer row ("upper", "merged", "0", "1"…). */
export function layerKey(r: TreeLayer): string {
  return String(r);
}


/** Sizes as a person reads them: "14 B", "4.0 KiB", "12 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "4 files · 16 B", with whiteouts and opaque directories when a layer has any. */
export function layerSummary(l: OverlayLayerInfo): string {
  const parts = [plural(l.files, 'file'), formatBytes(l.bytes)];
  if (l.whiteouts > 0) parts.push(plural(l.whiteouts, 'whiteout'));
  if (l.opaqueDirs > 0 && l.ref !== 'merged') parts.push(plural(l.opaqueDirs, 'opaque dir'));
  return (l.partial ? '≥ ' : '') + parts.join(' · ');
}

/** The layers as the stack draws them, top to bottom: merged, upper, lower 1 … lower N. */
export function stackTopDown(d: OverlayDetail): OverlayLayerInfo[] {
  return d.layers.slice().reverse();
}

/** A mount as the picker lists it. */
export function mountLabel(m: OverlayMountInfo): string {
  const lowers = plural(m.lowerdirs.length, 'lower');
  const where = m.hostNs ? '' : ` (mnt ns ${m.mntNs})`;
  return `${m.mountPoint}${where} — ${lowers}${m.upperdir ? ' + upper' : ', read-only'}`;
}

export function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1) || '/';
}

export function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export interface TreeRow {
  entry: OverlayEntry;
  depth: number;
  /** a directory the user expanded */
  expanded: boolean;
  /** expanded, but the frame does not list it yet */
  loading: boolean;
}

/**
 * The tree as rows, depth first: the root's entries, and under every expanded directory its
 * entries (when the frame lists it). Directories listed by the frame but not expanded (or under
 * a collapsed parent) stay folded.
 */
export function treeRows(tree: OverlayTree, expanded: ReadonlySet<string>): TreeRow[] {
  const dirs = new Map(tree.dirs.map((d) => [d.path, d]));
  const rows: TreeRow[] = [];
  const visit = (path: string, depth: number, guard: number): void => {
    const d = dirs.get(path);
    if (!d || guard > 256) return;
    for (const e of d.entries) {
      const isOpen = e.kind === 'dir' && expanded.has(e.path);
      const listed = dirs.has(e.path);
      rows.push({ entry: e, depth, expanded: isOpen, loading: isOpen && !listed && e.hasChildren });
      if (isOpen && listed) visit(e.path, depth + 1, guard + 1);
    }
  };
  visit('/', 0, 0);
  return rows;
}

/** How many entries the frame left out under each listed directory. */
export function moreUnder(tree: OverlayTree): Map<string, number> {
  return new Map(tree.dirs.filter((d) => d.more > 0).map((d) => [d.path, d.more]));
}

const KIND_WORDS: Record<EntryKind, string> = {
  dir: 'directory',
  file: 'file',
  symlink: 'symbolic link',
  whiteout: 'whiteout',
  device: 'device',
  fifo: 'fifo',
  socket: 'socket',
};

export function kindWord(k: EntryKind): string {
  return KIND_WORDS[k];
}

/** One glyph per kind, for the tree's icon column. */
export function kindGlyph(e: OverlayEntry): string {
  switch (e.kind) {
    case 'dir':
      return '▸';
    case 'symlink':
      return '↪';
    case 'whiteout':
      return '⊘';
    case 'file':
      return '·';
    default:
      return '◆';
  }
}

export function layerList(rs: readonly LayerRef[]): string {
  return rs.map(layerLabel).join(', ');
}

/** What a version's status means, in words ("shadowed by upper"). */
export function statusText(status: VersionStatus, by: LayerRef | null | undefined): string {
  const who = by === null || by === undefined ? '' : ` by ${layerLabel(by)}`;
  switch (status) {
    case 'visible':
      return 'visible in merged';
    case 'merged':
      return 'merged into the directory above';
    case 'whiteout':
      return 'whiteout: deletes the name below';
    case 'shadowed':
      return `shadowed${who}`;
    case 'deleted':
      return `deleted${by === null || by === undefined ? '' : ` by a whiteout in ${layerLabel(by)}`}`;
    case 'hidden':
      return `hidden${by === null || by === undefined ? '' : ` by an opaque directory in ${layerLabel(by)}`}`;
  }
}

/** The tree row's accessible name. */
export function entryLabel(e: OverlayEntry, view: TreeLayer): string {
  const parts = [e.name, kindWord(e.kind)];
  if (e.kind === 'file') parts.push(plural(e.size, 'byte'));
  if (e.kind === 'symlink' && e.target !== undefined) parts.push(`to ${e.target}`);
  if (view === 'merged') {
    if (e.kind === 'whiteout') parts.push(`in ${layerLabel(e.from)}`, `deletes ${e.hidden.length > 0 ? layerList(e.hidden) : 'nothing below'}`);
    else if (e.layers.length > 1) parts.push(`merged from ${layerList(e.layers)}`);
    else parts.push(`from ${layerLabel(e.from)}`);
    if (e.kind !== 'whiteout' && e.hidden.length > 0) parts.push(`${e.opaque ? 'hides' : 'over'} ${layerList(e.hidden)}`);
  } else if (e.status) {
    parts.push(statusText(e.status, e.by));
  }
  if (e.opaque) parts.push('opaque');
  return parts.join(', ');
}

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
import { plural as pluralKey, t, type Translate } from '../../i18n';

/**
 * "upper", "merged", "lower 2" (lowers by their place in lowerdir=, 1 = the leftmost, the top).
 * overlayfs's own words: the same in every language.
 */
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

/** "4 files · 16 B", with whiteouts and opaque directories when a layer has any. */
export function layerSummary(l: OverlayLayerInfo, tr: Translate = t): string {
  const parts = [pluralKey(tr, 'ovl.summary.files', l.files), formatBytes(l.bytes)];
  if (l.whiteouts > 0) parts.push(pluralKey(tr, 'ovl.summary.whiteouts', l.whiteouts));
  if (l.opaqueDirs > 0 && l.ref !== 'merged') parts.push(pluralKey(tr, 'ovl.summary.opaque', l.opaqueDirs));
  return (l.partial ? '≥ ' : '') + parts.join(' · ');
}

/** The layers as the stack draws them, top to bottom: merged, upper, lower 1 … lower N. */
export function stackTopDown(d: OverlayDetail): OverlayLayerInfo[] {
  return d.layers.slice().reverse();
}

/** A mount as the picker lists it. */
export function mountLabel(m: OverlayMountInfo, tr: Translate = t): string {
  return tr('ovl.mount.label', {
    mountPoint: m.mountPoint,
    ns: m.hostNs ? '' : tr('ovl.mount.ns', { ns: m.mntNs }),
    lowers: pluralKey(tr, 'ovl.mount.lowers', m.lowerdirs.length),
    upper: tr(m.upperdir ? 'ovl.mount.upper' : 'ovl.mount.readonly'),
  });
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

export function kindWord(k: EntryKind, tr: Translate = t): string {
  return tr(`ovl.kind.${k}`);
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
export function statusText(status: VersionStatus, by: LayerRef | null | undefined, tr: Translate = t): string {
  const who = by === null || by === undefined ? null : { by: layerLabel(by) };
  switch (status) {
    case 'visible':
      return tr('ovl.status.visible');
    case 'merged':
      return tr('ovl.status.merged');
    case 'whiteout':
      return tr('ovl.status.whiteout');
    case 'shadowed':
      return who ? tr('ovl.status.shadowedBy', who) : tr('ovl.status.shadowed');
    case 'deleted':
      return who ? tr('ovl.status.deletedBy', who) : tr('ovl.status.deleted');
    case 'hidden':
      return who ? tr('ovl.status.hiddenBy', who) : tr('ovl.status.hidden');
  }
}

/** The tree row's accessible name. */
export function entryLabel(e: OverlayEntry, view: TreeLayer, tr: Translate = t): string {
  const parts = [e.name, kindWord(e.kind, tr)];
  if (e.kind === 'file') parts.push(pluralKey(tr, 'ovl.label.bytes', e.size));
  if (e.kind === 'symlink' && e.target !== undefined) parts.push(tr('ovl.label.to', { target: e.target }));
  if (view === 'merged') {
    if (e.kind === 'whiteout') {
      parts.push(
        tr('ovl.label.in', { layer: layerLabel(e.from) }),
        e.hidden.length > 0 ? tr('ovl.label.deletes', { layers: layerList(e.hidden) }) : tr('ovl.label.deletesNothing'),
      );
    } else if (e.layers.length > 1) parts.push(tr('ovl.label.mergedFrom', { layers: layerList(e.layers) }));
    else parts.push(tr('ovl.label.from', { layer: layerLabel(e.from) }));
    if (e.kind !== 'whiteout' && e.hidden.length > 0) parts.push(tr(e.opaque ? 'ovl.label.hides' : 'ovl.label.over', { layers: layerList(e.hidden) }));
  } else if (e.status) {
    parts.push(statusText(e.status, e.by, tr));
  }
  if (e.opaque) parts.push(tr('ovl.label.opaque'));
  return parts.join(tr('ovl.label.sep'));
}

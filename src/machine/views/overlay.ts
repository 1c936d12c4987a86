// The overlay layer view ("in the spirit of dive"): a plain, serialisable projection of the
// kernel's overlay mounts, computed on demand (ARCHITECTURE.md §1, §5).
//
// Everything here is read from the real inodes of each layer directory — the upper and lower
// directories the overlay superblock was mounted with — through their own filesystem's
// dirOps.lookup/list, never through the overlay's dirOps: looking through the overlay would fill
// its lookup caches and build overlay inodes, i.e. change kernel state by looking. The merged
// tree is therefore computed here from the layers with the rules overlayfs applies (ovl_lookup):
// layers top-down (upper, then lowerdir left to right), same-name directories merge until a
// whiteout, a non-directory or an opaque directory stops the merge, and the first entry found is
// the one the merged view shows. Nothing is ever written: no copy-up, no cached state in the kernel.
//
// The view remembers nothing but the last copy-up events it was told about (by the host, from the
// kernel's trace stream), so a panel opened after a write still shows where the file came from.
import type { Kernel } from '../../kernel/kernel';
import type { Inode } from '../../kernel/fs/inode';
import type { Mount, MountNamespace, Path } from '../../kernel/fs/path';
import { overlayOf, isOpaque, isWhiteout, OvlLookup, type OverlayFs } from '../../kernel/fs/overlayfs';
import { pathName } from '../../kernel/fs/namei';
import { S_IFMT, S_IFDIR, S_IFREG, S_IFLNK, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK } from '../../kernel/abi/flags';
import type { TraceEvent } from '../../kernel/trace/trace';

/** A layer of an overlay: 'upper', or a lower by its index in lowerdir= (0: the leftmost, the top lower). */
export type LayerRef = 'upper' | number;
/** What the file tree shows: the merged view, or one layer's own directory. */
export type TreeLayer = LayerRef | 'merged';

/** The kernel's copy-up trace event, as forwarded to the UI (sb: the overlay's st_dev). */
export type CopyUpTraceEvent = Extract<TraceEvent, { type: 'copy-up' }>;

/** Bytes of a file's content a frame carries. */
export const CONTENT_BYTES = 4096;
/** Entries listed per directory (the rest are counted in `more`). */
export const MAX_DIR_ENTRIES = 1000;
/** Entries a layer's size walk visits before it gives up (and says `partial`). */
export const MAX_WALK_ENTRIES = 200_000;
/** Copy-up events remembered. */
export const MAX_COPY_UPS = 32;
/** Versions of one file whose content a frame carries. */
export const MAX_VERSION_CONTENTS = 8;

export interface OverlayMountInfo {
  /** mount id (mountinfo's first field) */
  id: number;
  /** st_dev of the overlay (copy-up events name it) */
  dev: number;
  /** where it is mounted, as seen from its mount namespace's root */
  mountPoint: string;
  /** the source field ("overlay") */
  source: string;
  /** options as /proc/mounts prints them ("rw,relatime,lowerdir=...") */
  options: string;
  readOnly: boolean;
  /** the layer directories, absolute (lowerdir= may have been relative) */
  lowerdirs: string[];
  upperdir: string | null;
  workdir: string | null;
  /** inode number of the mount namespace it is in, and whether that is the host's */
  mntNs: number;
  hostNs: boolean;
}

export interface OverlayLayerInfo {
  ref: TreeLayer;
  /** "lower 2", "upper", "merged" */
  label: string;
  /** its directory (the mount point for merged) */
  path: string;
  /** sum of its regular files' sizes */
  bytes: number;
  /** regular files */
  files: number;
  dirs: number;
  symlinks: number;
  /** whiteouts (character devices 0,0) in this layer */
  whiteouts: number;
  /** directories marked trusted.overlay.opaque="y" */
  opaqueDirs: number;
  /** the walk stopped at MAX_WALK_ENTRIES: the figures are lower bounds */
  partial: boolean;
}

export type EntryKind = 'dir' | 'file' | 'symlink' | 'whiteout' | 'device' | 'fifo' | 'socket';

/**
 * How a layer's version of a path relates to the merged view:
 *  visible  — the merged view shows this one;
 *  merged   — a directory merged into the visible one;
 *  whiteout — this version is the whiteout that deletes the name;
 *  shadowed — a version above (`by`) wins;
 *  deleted  — a whiteout above (`by`) deletes it (or one of its parent directories);
 *  hidden   — an opaque directory above (`by`) hides it.
 */
export type VersionStatus = 'visible' | 'merged' | 'whiteout' | 'shadowed' | 'deleted' | 'hidden';

export interface OverlayEntry {
  name: string;
  /** path from the overlay's root ("/etc/motd") — the same path in every layer */
  path: string;
  kind: EntryKind;
  /** regular files: bytes; symlinks: the target's length; otherwise 0 */
  size: number;
  /** permission bits (mode & 07777) */
  mode: number;
  /** the layer this entry comes from (merged: the top-most version) */
  from: LayerRef;
  /** merged directories: every layer merged into it, top first; otherwise [from] */
  layers: LayerRef[];
  /** layers below with an entry of this name that the merged view does not show */
  hidden: LayerRef[];
  /** a directory marked opaque: nothing below it shows through */
  opaque: boolean;
  /** a directory with entries (to draw an expander) */
  hasChildren: boolean;
  /** symlinks */
  target?: string;
  /** layer views: how this layer's entry fares in the merged view (and which layer decides) */
  status?: VersionStatus;
  by?: LayerRef | null;
}

export interface OverlayDirListing {
  path: string;
  /** the directory exists in the tree shown */
  exists: boolean;
  /** entries sorted by name (C locale, as ls with LC_ALL=C) */
  entries: OverlayEntry[];
  /** entries left out past MAX_DIR_ENTRIES */
  more: number;
}

export interface OverlayTree {
  layer: TreeLayer;
  /** the root and every expanded directory that exists, parents before children */
  dirs: OverlayDirListing[];
}

export type OverlayContent =
  | { kind: 'text'; text: string; truncated: boolean }
  | { kind: 'binary' }
  | { kind: 'symlink'; target: string }
  | { kind: 'dir'; entries: number }
  | { kind: 'whiteout' }
  | { kind: 'special' };

export interface OverlayFileVersion {
  layer: LayerRef;
  kind: EntryKind;
  size: number;
  mode: number;
  status: VersionStatus;
  /** the layer that shadows, deletes or hides it (null when visible or merged) */
  by: LayerRef | null;
  /** the first CONTENT_BYTES (null past MAX_VERSION_CONTENTS versions) */
  content: OverlayContent | null;
}

export interface OverlayFileDetail {
  path: string;
  /** the merged view shows it (false: deleted, hidden or never there) */
  inMerged: boolean;
  /** every layer that has an entry at this path, top first */
  versions: OverlayFileVersion[];
}

export interface OverlayCopyUp {
  /** increasing per view source: tells a new event from one already seen */
  seq: number;
  timeNs: number;
  path: string;
  /** the lower layer (index in lowerdir=) the file was copied from */
  fromLayer: number;
}

export interface OverlayDetail {
  mount: OverlayMountInfo;
  /** bottom-up: lowers from the last lowerdir to the first, upper, merged */
  layers: OverlayLayerInfo[];
  tree: OverlayTree;
  /** the selected path, when one was asked for */
  file: OverlayFileDetail | null;
  /** recent copy-ups on this overlay, oldest first */
  copyUps: OverlayCopyUp[];
}

export interface OverlayFrame {
  nowNs: number;
  /** every overlay mount, by mount id */
  mounts: OverlayMountInfo[];
  /** the picked one (the asked-for id, else the newest); null when there is none */
  detail: OverlayDetail | null;
}

export interface OverlayFrameOptions {
  /** mount id to show (null/absent or gone: the newest overlay mount) */
  mount?: number | null;
  /** directories (paths from the overlay root) whose children to list; '/' always is */
  expanded?: readonly string[];
  /** the tree to show: 'merged' (default) or one layer's own contents */
  layer?: TreeLayer | null;
  /** a path whose content and versions to include */
  file?: string | null;
}

// ---------------------------------------------------------------- layers

/** A directory of one layer taking part in a merged directory. */
interface LayerDir {
  ref: LayerRef;
  ino: Inode;
}

/** Why a merge stopped at a layer: everything below is cut off by it. */
interface Stop {
  ref: LayerRef;
  why: 'whiteout' | 'file' | 'opaque';
}

interface Step {
  /** the top-most entry of the name (may be a whiteout), or null */
  top: { ref: LayerRef; ino: Inode } | null;
  /** directories merged into the result (top first); empty unless top is a directory */
  contrib: LayerDir[];
  stop: Stop | null;
}

export function layerLabel(r: TreeLayer): string {
  return r === 'upper' || r === 'merged' ? r : `lower ${r + 1}`;
}

function lookup(dir: Inode, name: string): Inode | undefined {
  return dir.sb.dirOps.lookup(dir, name);
}

function listNames(dir: Inode): string[] {
  if (dir.entries) return [...dir.entries.keys()];
  return dir.sb.dirOps.list(dir).map((e) => e.name);
}

function dirIsEmpty(dir: Inode): boolean {
  if (dir.entries) return dir.entries.size === 0;
  return dir.sb.dirOps.list(dir).length === 0;
}

/** ovl_lookup of one name over the directories merged at a level (the kernel's own rule). */
function step(dirs: readonly LayerDir[], name: string): Step {
  const acc = new OvlLookup<LayerRef>();
  for (const d of dirs) {
    if (!acc.open) break;
    acc.add(lookup(d.ino, name), d.ref);
  }
  return { top: acc.top, contrib: acc.contrib, stop: acc.stop };
}

function splitPath(p: string): string[] {
  return p.split('/').filter((c) => c !== '' && c !== '.');
}

function kindOf(ino: Inode): EntryKind {
  if (isWhiteout(ino)) return 'whiteout';
  switch (ino.mode & S_IFMT) {
    case S_IFDIR: return 'dir';
    case S_IFREG: return 'file';
    case S_IFLNK: return 'symlink';
    case S_IFCHR:
    case S_IFBLK: return 'device';
    case S_IFIFO: return 'fifo';
    case S_IFSOCK: return 'socket';
    default: return 'file';
  }
}

function sizeOf(ino: Inode): number {
  if (ino.isDir() || isWhiteout(ino)) return 0;
  return ino.size();
}

/** C-locale order, as `LC_ALL=C ls` sorts. */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The overlay a mount shows, its layer directories by ref, and the root's merged directories. */
class Layers {
  readonly ovl: OverlayFs;
  /** top first: upper (if any), then lowers in lowerdir order */
  readonly all: LayerDir[];

  constructor(ovl: OverlayFs) {
    this.ovl = ovl;
    const l = ovl.layers;
    this.all = [...(l.upper ? [{ ref: 'upper' as const, ino: l.upper.inode }] : []), ...l.lowers.map((p, i) => ({ ref: i, ino: p.inode }))];
  }

  /** The root's merged directories (ovl_fill_super: an opaque upper root hides every lower). */
  rootDirs(): LayerDir[] {
    const up = this.all[0];
    if (up && up.ref === 'upper' && isOpaque(up.ino)) return [up];
    return this.all;
  }

  /** The layer directory of one ref. */
  root(ref: LayerRef): Inode | null {
    return this.all.find((d) => d.ref === ref)?.ino ?? null;
  }

  /** The merged directories of a merged path, or null when it is not a directory in merged. */
  mergedDirs(path: string): LayerDir[] | null {
    let dirs = this.rootDirs();
    for (const c of splitPath(path)) {
      const s = step(dirs, c);
      if (!s.top || s.contrib.length === 0) return null;
      dirs = s.contrib;
    }
    return dirs;
  }

  /** The entry at `path` inside one layer's own directory (no merging), or null. */
  inLayer(ref: LayerRef, path: string): Inode | null {
    let cur = this.root(ref);
    for (const c of splitPath(path)) {
      if (!cur || !cur.isDir()) return null;
      cur = lookup(cur, c) ?? null;
    }
    return cur;
  }

  /** How `ref`'s version of `path` (which exists in that layer) fares in the merged view. */
  status(ref: LayerRef, path: string): { status: VersionStatus; by: LayerRef | null } {
    const parts = splitPath(path);
    if (parts.length === 0) {
      const dirs = this.rootDirs();
      if (dirs.some((d) => d.ref === ref)) return { status: ref === dirs[0]!.ref ? 'visible' : 'merged', by: null };
      return { status: 'hidden', by: 'upper' };
    }
    let dirs = this.rootDirs();
    if (!dirs.some((d) => d.ref === ref)) return { status: 'hidden', by: 'upper' };
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      const s = step(dirs, parts[i]!);
      if (s.top && s.top.ref === ref) {
        if (last) return { status: isWhiteout(s.top.ino) ? 'whiteout' : 'visible', by: null };
        if (s.contrib.length === 0) return { status: 'hidden', by: null }; // not a directory here
        dirs = s.contrib;
        continue;
      }
      if (s.contrib.some((d) => d.ref === ref)) {
        if (last) return { status: 'merged', by: null };
        dirs = s.contrib;
        continue;
      }
      // cut off: by the top entry (a file above shadows, a whiteout deletes), or by the layer the
      // merge stopped at (a whiteout, a file or an opaque directory between)
      const stop = s.stop;
      if (stop && stop.ref === ref && stop.why !== 'opaque') {
        // this layer's own entry ended the merge below a directory above: the directory wins
        if (last && stop.why === 'whiteout') return { status: 'whiteout', by: null };
        return { status: 'shadowed', by: s.top ? s.top.ref : null };
      }
      if (!stop) return { status: 'shadowed', by: s.top ? s.top.ref : null };
      const why = stop.why === 'whiteout' ? 'deleted' : stop.why === 'opaque' ? 'hidden' : 'shadowed';
      return { status: why, by: stop.ref };
    }
    return { status: 'visible', by: null };
  }
}

// ---------------------------------------------------------------- entries

function entryOf(name: string, path: string, ino: Inode, from: LayerRef, layers: LayerRef[], hidden: LayerRef[], hasChildren: boolean): OverlayEntry {
  const e: OverlayEntry = {
    name,
    path,
    kind: kindOf(ino),
    size: sizeOf(ino),
    mode: ino.mode & 0o7777,
    from,
    layers,
    hidden,
    opaque: ino.isDir() && isOpaque(ino),
    hasChildren,
  };
  if (ino.isLink()) e.target = ino.target ?? '';
  return e;
}

const join = (dir: string, name: string): string => (dir === '/' ? `/${name}` : `${dir}/${name}`);

function limitEntries(names: string[]): { names: string[]; more: number } {
  names.sort(byName);
  if (names.length <= MAX_DIR_ENTRIES) return { names, more: 0 };
  return { names: names.slice(0, MAX_DIR_ENTRIES), more: names.length - MAX_DIR_ENTRIES };
}

/** What the merge of one name over a level's directories found. */
/** A name of a merged directory: ovl_lookup's result, with the layers it hides. */
type Merged = OvlLookup<LayerRef> & { top: { ref: LayerRef; ino: Inode } };

/** The entries of one layer directory (tmpfs keeps a Map: no array per call). */
function entriesOf(dir: Inode): Iterable<[string, Inode]> {
  if (dir.entries) return dir.entries;
  return dir.sb.dirOps.list(dir).map((e) => [e.name, e.inode] as [string, Inode]);
}

/**
 * ovl_lookup of every name of a merged directory at once, one pass over each layer's entries
 * (the same rules as step(), without a lookup per name per layer).
 */
function mergeDir(dirs: readonly LayerDir[]): Map<string, Merged> {
  const out = new Map<string, Merged>();
  for (const d of dirs) {
    for (const [name, c] of entriesOf(d.ino)) {
      let m = out.get(name);
      if (!m) out.set(name, (m = new OvlLookup<LayerRef>() as Merged));
      m.add(c, d.ref);
    }
  }
  return out;
}

/** A merged directory's entries (whiteouts included: the merged view draws what they delete). */
function mergedListing(L: Layers, path: string): OverlayDirListing {
  const dirs = L.mergedDirs(path);
  if (!dirs) return { path, exists: false, entries: [], more: 0 };
  const merged = mergeDir(dirs);
  const { names, more } = limitEntries([...merged.keys()]);
  const entries: OverlayEntry[] = [];
  for (const name of names) {
    const m = merged.get(name)!;
    const isDir = m.contrib.length > 0;
    const layers = isDir ? m.contrib.map((d) => d.ref) : [m.top.ref];
    const hasChildren = isDir && m.contrib.some((d) => !dirIsEmpty(d.ino));
    entries.push(entryOf(name, join(path, name), m.top.ino, m.top.ref, layers, m.hidden, hasChildren));
  }
  return { path, exists: true, entries, more };
}

/** One layer's own directory, each entry with its fate in the merged view. */
function layerListing(L: Layers, ref: LayerRef, path: string): OverlayDirListing {
  const dir = L.inLayer(ref, path);
  if (!dir || !dir.isDir()) return { path, exists: false, entries: [], more: 0 };
  const { names, more } = limitEntries(listNames(dir));
  const entries: OverlayEntry[] = [];
  for (const name of names) {
    const ino = lookup(dir, name);
    if (!ino) continue;
    const p = join(path, name);
    const e = entryOf(name, p, ino, ref, [ref], [], ino.isDir() && !dirIsEmpty(ino));
    const st = L.status(ref, p);
    e.status = st.status;
    e.by = st.by;
    entries.push(e);
  }
  return { path, exists: true, entries, more };
}

function tree(L: Layers, layer: TreeLayer, expanded: readonly string[]): OverlayTree {
  // parents before children; a directory under a collapsed or missing parent is not listed
  const want = [...new Set(['/', ...expanded.map(normalise)])].sort((a, b) => splitPath(a).length - splitPath(b).length || byName(a, b));
  const listed = new Map<string, OverlayDirListing>();
  const dirs: OverlayDirListing[] = [];
  for (const p of want) {
    if (p !== '/') {
      const parent = parentPath(p);
      const pl = listed.get(parent);
      if (!pl || !pl.entries.some((e) => e.path === p && e.kind === 'dir')) continue;
    }
    const l = layer === 'merged' ? mergedListing(L, p) : layerListing(L, layer, p);
    listed.set(p, l);
    dirs.push(l);
  }
  return { layer, dirs };
}

function normalise(p: string): string {
  return '/' + splitPath(p).join('/');
}

function parentPath(p: string): string {
  const parts = splitPath(p);
  return '/' + parts.slice(0, -1).join('/');
}

// ---------------------------------------------------------------- sizes

interface Tally {
  bytes: number;
  files: number;
  dirs: number;
  symlinks: number;
  whiteouts: number;
  opaqueDirs: number;
  visited: number;
  /**
   * A hash of what was visited, in walk order (inode numbers, sizes, whiteouts, opaque marks):
   * when every layer's hash is the same as before, the merged view is too.
   */
  hash: number;
}

function newTally(): Tally {
  return { bytes: 0, files: 0, dirs: 0, symlinks: 0, whiteouts: 0, opaqueDirs: 0, visited: 0, hash: 17 };
}

function count(t: Tally, ino: Inode): void {
  t.visited++;
  t.hash = (Math.imul(t.hash, 31) + ino.ino * 8 + (ino.mode & S_IFMT) + (ino.data?.size ?? 0) + (ino.xattrs?.size ?? 0)) | 0;
  if (isWhiteout(ino)) t.whiteouts++;
  else if (ino.isDir()) {
    t.dirs++;
    if (isOpaque(ino)) t.opaqueDirs++;
  } else if (ino.isReg()) {
    t.files++;
    t.bytes += ino.data?.size ?? 0;
  } else if (ino.isLink()) t.symlinks++;
}

/** One layer directory, recursively (its own contents: whiteouts are counted, not followed). */
function tallyLayer(root: Inode): Tally {
  const t = newTally();
  const stack: Inode[] = [root];
  while (stack.length > 0 && t.visited < MAX_WALK_ENTRIES) {
    const dir = stack.pop()!;
    const kids = dir.entries ? dir.entries.values() : dir.sb.dirOps.list(dir).map((e) => e.inode);
    for (const c of kids) {
      count(t, c);
      if (c.isDir() && c.sb === root.sb) stack.push(c);
      if (t.visited >= MAX_WALK_ENTRIES) break;
    }
  }
  return t;
}

/** The merged view, recursively (what `du` of the mount point would add up). */
function tallyMerged(L: Layers): Tally {
  const t = newTally();
  const stack: LayerDir[][] = [L.rootDirs()];
  while (stack.length > 0 && t.visited < MAX_WALK_ENTRIES) {
    const dirs = stack.pop()!;
    for (const m of mergeDir(dirs).values()) {
      if (isWhiteout(m.top.ino)) continue;
      count(t, m.top.ino);
      if (m.contrib.length > 0) stack.push(m.contrib);
      if (t.visited >= MAX_WALK_ENTRIES) break;
    }
  }
  return t;
}

function layerInfo(ref: TreeLayer, path: string, t: Tally): OverlayLayerInfo {
  return {
    ref,
    label: layerLabel(ref),
    path,
    bytes: t.bytes,
    files: t.files,
    dirs: t.dirs,
    symlinks: t.symlinks,
    whiteouts: t.whiteouts,
    opaqueDirs: t.opaqueDirs,
    partial: t.visited >= MAX_WALK_ENTRIES,
  };
}

// ---------------------------------------------------------------- content

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The first CONTENT_BYTES of an inode, as text when it is text (no NUL, valid UTF-8). */
export function contentOf(ino: Inode): OverlayContent {
  if (isWhiteout(ino)) return { kind: 'whiteout' };
  if (ino.isDir()) return { kind: 'dir', entries: listNames(ino).length };
  if (ino.isLink()) return { kind: 'symlink', target: ino.target ?? '' };
  if (!ino.isReg()) return { kind: 'special' };
  const size = ino.data?.size ?? 0;
  const bytes = ino.data ? ino.data.read(0, CONTENT_BYTES) : new Uint8Array(0);
  const truncated = size > bytes.length;
  if (bytes.includes(0)) return { kind: 'binary' };
  // a multi-byte character cut at the 4 KiB boundary is not a sign of binary data
  for (let cut = 0; cut <= (truncated ? 3 : 0); cut++) {
    try {
      return { kind: 'text', text: utf8.decode(bytes.subarray(0, bytes.length - cut)), truncated };
    } catch (_e) {
      // try a shorter tail
    }
  }
  return { kind: 'binary' };
}

function fileDetail(L: Layers, path: string): OverlayFileDetail {
  const p = normalise(path);
  const versions: OverlayFileVersion[] = [];
  let inMerged = false;
  for (const d of L.all) {
    const ino = L.inLayer(d.ref, p);
    if (!ino) continue;
    const st = L.status(d.ref, p);
    if (st.status === 'visible' || st.status === 'merged') inMerged = true;
    versions.push({
      layer: d.ref,
      kind: kindOf(ino),
      size: sizeOf(ino),
      mode: ino.mode & 0o7777,
      status: st.status,
      by: st.by,
      content: versions.length < MAX_VERSION_CONTENTS ? contentOf(ino) : null,
    });
  }
  return { path: p, inMerged, versions };
}

// ---------------------------------------------------------------- mounts

interface Found {
  mnt: Mount;
  ns: MountNamespace;
  ovl: OverlayFs;
}

/** Mount namespaces in use: the host's first, then those of live tasks by inode number. */
function namespaces(k: Kernel): MountNamespace[] {
  const seen = new Set<MountNamespace>([k.vfs.rootNs]);
  const out: MountNamespace[] = [];
  for (const t of k.allTasks()) {
    const ns = t.nsproxy?.mnt;
    if (ns && !seen.has(ns)) {
      seen.add(ns);
      out.push(ns);
    }
  }
  return [k.vfs.rootNs, ...out.sort((a, b) => a.inum - b.inum)];
}

/** Every overlay mount, one per overlay superblock (the host's mount wins over propagated copies). */
function findOverlays(k: Kernel): Found[] {
  const bySb = new Map<OverlayFs, Found>();
  for (const ns of namespaces(k)) {
    for (const m of ns.list()) {
      if (m.sb.fstype !== 'overlay') continue;
      const ovl = overlayOf(m.sb);
      if (!ovl || bySb.has(ovl)) continue;
      bySb.set(ovl, { mnt: m, ns, ovl });
    }
  }
  return [...bySb.values()].sort((a, b) => a.mnt.id - b.mnt.id);
}

function nsRoot(ns: MountNamespace): Path {
  return { mnt: ns.root, inode: ns.root.root };
}

function mountInfo(k: Kernel, f: Found): OverlayMountInfo {
  const root = nsRoot(f.ns);
  const at = (p: Path): string => pathName(p, root);
  const l = f.ovl.layers;
  return {
    id: f.mnt.id,
    dev: f.mnt.sb.dev,
    mountPoint: at({ mnt: f.mnt, inode: f.mnt.root }),
    source: f.mnt.devname,
    options: [...f.mnt.flags, ...(f.mnt.fsopts ? [f.mnt.fsopts] : [])].join(','),
    readOnly: f.mnt.readOnly,
    lowerdirs: l.lowers.map(at),
    upperdir: l.upper ? at(l.upper) : null,
    workdir: l.work ? at(l.work) : null,
    mntNs: f.ns.inum,
    hostNs: f.ns === k.vfs.rootNs,
  };
}

// ---------------------------------------------------------------- the frame

/** The merged tally of an overlay, kept while its layers hash the same (a merged walk costs most). */
type MergedCache = WeakMap<OverlayFs, { key: string; tally: Tally }>;

function detailOf(
  k: Kernel,
  f: Found,
  opts: OverlayFrameOptions,
  copyUps: readonly (OverlayCopyUp & { dev: number })[],
  cache: MergedCache | null,
): OverlayDetail {
  const info = mountInfo(k, f);
  const L = new Layers(f.ovl);
  const layers: OverlayLayerInfo[] = [];
  const keys: string[] = [];
  const add = (ref: LayerRef, path: string, root: Inode): void => {
    const t = tallyLayer(root);
    keys.push(`${t.hash}:${t.visited}:${t.bytes}`);
    layers.push(layerInfo(ref, path, t));
  };
  for (let i = f.ovl.layers.lowers.length - 1; i >= 0; i--) add(i, info.lowerdirs[i]!, f.ovl.layers.lowers[i]!.inode);
  if (f.ovl.layers.upper) add('upper', info.upperdir!, f.ovl.layers.upper.inode);
  const key = keys.join(' ');
  let merged = cache?.get(f.ovl);
  if (!merged || merged.key !== key) {
    merged = { key, tally: tallyMerged(L) };
    cache?.set(f.ovl, merged);
  }
  layers.push(layerInfo('merged', info.mountPoint, merged.tally));

  let shown: TreeLayer = opts.layer ?? 'merged';
  if (shown !== 'merged' && !L.root(shown)) shown = 'merged';
  return {
    mount: info,
    layers,
    tree: tree(L, shown, opts.expanded ?? []),
    file: opts.file != null ? fileDetail(L, opts.file) : null,
    copyUps: copyUps.filter((c) => c.dev === info.dev).map(({ dev: _dev, ...c }) => c),
  };
}

function build(k: Kernel, opts: OverlayFrameOptions, copyUps: readonly (OverlayCopyUp & { dev: number })[], cache: MergedCache | null): OverlayFrame {
  const found = findOverlays(k);
  const mounts = found.map((f) => mountInfo(k, f));
  const pick = found.find((f) => f.mnt.id === opts.mount) ?? found.at(-1) ?? null;
  return { nowNs: k.timers.now, mounts, detail: pick ? detailOf(k, pick, opts, copyUps, cache) : null };
}

/** One frame on its own (no copy-up history). */
export function overlayFrame(k: Kernel, opts: OverlayFrameOptions = {}): OverlayFrame {
  return build(k, opts, [], null);
}

/**
 * Frames for one subscriber. It remembers the last MAX_COPY_UPS copy-up events it was given
 * (`noteCopyUp`, fed by the host from the kernel's trace stream while the view is subscribed).
 */
export class OverlayViewSource {
  private copyUps: Array<OverlayCopyUp & { dev: number }> = [];
  private seq = 0;
  private readonly merged: MergedCache = new WeakMap();

  noteCopyUp(e: CopyUpTraceEvent): void {
    this.copyUps.push({ seq: ++this.seq, timeNs: e.timeNs, path: e.path, fromLayer: e.fromLayer, dev: e.sb });
    if (this.copyUps.length > MAX_COPY_UPS) this.copyUps.splice(0, this.copyUps.length - MAX_COPY_UPS);
  }

  frame(k: Kernel, opts: OverlayFrameOptions = {}): OverlayFrame {
    return build(k, opts, this.copyUps, this.merged);
  }
}

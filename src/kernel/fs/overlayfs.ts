// overlayfs (fs/overlayfs, Documentation/filesystems/overlayfs.rst): a merged view of read-only
// lower directories (the leftmost lowerdir on top) and an optional writable upper directory.
//
// Modelled as Linux documents it: lookups walk the layers top-down; same-name directories merge
// until a layer has a whiteout or a non-directory of that name or the directory is opaque
// (trusted.overlay.opaque="y"); a lower file is copied up whole (with its parent directories and
// metadata) before its data or attributes change; deleting a lower entry leaves a whiteout — a
// character device 0/0, all whiteouts hard links of one inode kept in workdir/work; re-creating a
// removed directory makes it opaque; renaming a lower directory fails with EXDEV (redirect_dir is
// off). A copied-up file keeps the inode number it had through the overlay.
// Not modelled: index/metacopy/xino, trusted.overlay.origin handles, copy-up through workdir
// (the result is the same; the temporary file in work/ is never visible to a student).
import type { Kernel } from '../kernel';
import { Inode, SuperBlock, type DirOps } from './inode';
import type { Path } from './path';
import { S_IFCHR, S_IFDIR, S_IFMT } from '../abi/flags';
import { EEXIST, ENOENT, ENOTEMPTY, EROFS, EXDEV, EISDIR, ENOTDIR, EIO } from '../abi/errno';

const OPAQUE = 'trusted.overlay.opaque';
const IMPURE = 'trusted.overlay.impure';
const Y = new Uint8Array([0x79]);

/** What an overlay inode stands for: its upper inode (once copied up or created) and lower ones. */
interface OvlNode {
  upper: Inode | null;
  /** lower inodes, top-most first (directories: every layer merged into this one) */
  lowers: Inode[];
  /** the lowerdir index (0 = leftmost) of each entry of `lowers` */
  lowerLayers: number[];
  parent: Inode | null;
  name: string;
  children?: Map<string, Inode>;
  /** the overlay generation `children` (and `listing`) were computed at */
  gen?: number;
  /** merged directory listing cache */
  listing?: string[];
  /** names looked up (found or not) in this generation */
  valid?: Set<string>;
}

export interface OverlayLayers {
  lowers: Path[];
  upper: Path | null;
  work: Path | null;
}

const overlays = new WeakMap<SuperBlock, OverlayFs>();

/** The overlay a superblock belongs to (for views and the copy-up hooks). */
export function overlayOf(sb: SuperBlock): OverlayFs | undefined {
  return overlays.get(sb);
}

export function isWhiteout(ino: Inode): boolean {
  return (ino.mode & S_IFMT) === S_IFCHR && ino.rdev === 0;
}

export function isOpaque(ino: Inode): boolean {
  const v = ino.xattrs?.get(OPAQUE);
  return !!v && v.length === 1 && v[0] === 0x79;
}

export type OvlStopWhy = 'whiteout' | 'file' | 'opaque';

/**
 * ovl_lookup's rules for one name, fed the name's entry in each layer top-down (R names a layer):
 * the first entry found is the top (a whiteout hides the name); a non-directory on top, or a
 * whiteout or non-directory below a directory, stops the merge; same-name directories merge until
 * one of them is opaque. The kernel's lookups and the layer panel's view both use this one rule.
 */
export class OvlLookup<R> {
  /** the top-most entry (possibly a whiteout), or null */
  top: { ref: R; ino: Inode } | null = null;
  /** directories merged into the result, top first (empty unless the top is a directory) */
  readonly contrib: Array<{ ref: R; ino: Inode }> = [];
  /** where and why the merge stopped (everything below is cut off) */
  stop: { ref: R; why: OvlStopWhy } | null = null;
  /** layers below the top whose entry of this name the merged view does not show */
  readonly hidden: R[] = [];

  get open(): boolean {
    return this.stop === null;
  }

  add(c: Inode | undefined, ref: R): void {
    if (!c) return;
    if (this.stop) {
      this.hidden.push(ref);
      return;
    }
    const first = this.top === null;
    if (first) this.top = { ref, ino: c };
    if (isWhiteout(c) || !c.isDir()) {
      if (!first) this.hidden.push(ref);
      this.stop = { ref, why: isWhiteout(c) ? 'whiteout' : 'file' };
      return;
    }
    this.contrib.push({ ref, ino: c });
    if (isOpaque(c)) this.stop = { ref, why: 'opaque' };
  }
}

/** The layers one name resolves to in the kernel's terms (ref -1 = upper, i = lowerdir i). */
interface NameLayers {
  upper: Inode | null;
  lowers: Inode[];
  lowerLayers: number[];
}

function nameLayers(acc: OvlLookup<number>): NameLayers | null {
  const top = acc.top;
  if (!top || isWhiteout(top.ino)) return null;
  const entries = acc.contrib.length > 0 ? acc.contrib : [top];
  const lower = entries.filter((e) => e.ref >= 0);
  return { upper: entries[0]!.ref < 0 ? entries[0]!.ino : null, lowers: lower.map((e) => e.ino), lowerLayers: lower.map((e) => e.ref) };
}

export class OverlayFs {
  readonly sb: SuperBlock;
  private whiteoutIno: Inode | null = null;
  /**
   * ovl_tempname's counter: temporary names in work/work are "#<hex>"; the mount-time check of the
   * upper filesystem takes #1, every copy-up one more, and the shared whiteout keeps its number
   */
  private tempSeq = 1;
  /**
   * Bumped by every change made through the overlay. Lookups and listings are cached per
   * generation: changing a layer underneath a mounted overlay is undefined in Linux too
   * ("changes to the underlying filesystems ... are not allowed"), so the cache is faithful.
   */
  private gen = 0;
  /** upper inode → inode number of the lower file it was copied up from */
  private readonly origin = new WeakMap<Inode, number>();
  private workWork: Inode | null = null;

  constructor(
    private readonly k: Kernel,
    readonly layers: OverlayLayers,
    dev: number,
  ) {
    this.sb = new SuperBlock('overlay', dev, this.dirOps(), 1);
    this.sb.readOnly = layers.upper === null;
    const upperRoot = layers.upper?.inode ?? null;
    const lowerRoots = layers.lowers.map((p) => p.inode);
    const rootLowers = upperRoot && isOpaque(upperRoot) ? [] : lowerRoots;
    const root = this.makeInode({ upper: upperRoot, lowers: rootLowers, lowerLayers: rootLowers.map((_, i) => i), parent: null, name: '' });
    this.sb.root = root;
    this.sb.copyUp = (ino) => this.copyUp(ino);
    this.sb.syncAttrs = (ino) => this.syncAttrs(ino);
    this.sb.realInode = (ino) => this.realOf(ino);
    overlays.set(this.sb, this);
    if (layers.work) {
      // ovl_workdir_create: workdir/work, mode 000
      const w = layers.work.inode;
      const ops = w.sb.dirOps;
      const existing = ops.lookup(w, 'work');
      const r = existing ?? ops.create!(w, 'work', S_IFDIR, 0, 0, 0);
      if (typeof r !== 'number') this.workWork = r;
    }
  }

  private node(ino: Inode): OvlNode {
    return ino.priv as OvlNode;
  }

  /** The real inode an overlay inode shows: upper if any, else the top-most lower. */
  realOf(ino: Inode): Inode {
    const n = this.node(ino);
    return n.upper ?? n.lowers[0]!;
  }

  private makeInode(n: OvlNode): Inode {
    const real = n.upper ?? n.lowers[0]!;
    // a copied-up file keeps the inode number of its lower origin (trusted.overlay.origin)
    const ino = new Inode(this.sb, this.origin.get(real) ?? real.ino, real.mode, real.uid, real.gid, real.mtimeNs, real.rdev);
    ino.priv = n;
    if (n.parent) ino.parent = n.parent;
    this.refresh(ino);
    return ino;
  }

  /** Attributes and content follow the real inode (after a copy-up, the upper one). */
  private refresh(ino: Inode): void {
    const real = this.realOf(ino);
    ino.mode = real.mode;
    ino.uid = real.uid;
    ino.gid = real.gid;
    ino.atimeNs = real.atimeNs;
    ino.mtimeNs = real.mtimeNs;
    ino.ctimeNs = real.ctimeNs;
    ino.nlink = real.isDir() ? 2 : real.nlink;
    ino.data = real.data;
    ino.target = real.target;
    // overlay's own xattrs (trusted.overlay.*) are hidden in the merged view
    if (real.xattrs && real.xattrs.size > 0) {
      ino.xattrs = new Map([...real.xattrs].filter(([k]) => !k.startsWith('trusted.overlay.')));
    } else ino.xattrs = undefined;
  }

  /**
   * The layers that hold `name` under the directory node `dn` (ovl_lookup): upper first, then
   * lowers, stopping at a whiteout, a non-directory below a directory, or an opaque directory.
   */
  private resolveName(dn: OvlNode, name: string): NameLayers | null {
    const acc = new OvlLookup<number>();
    if (dn.upper) acc.add(dn.upper.sb.dirOps.lookup(dn.upper, name), -1);
    for (let i = 0; acc.open && i < dn.lowers.length; i++) {
      const l = dn.lowers[i]!;
      acc.add(l.sb.dirOps.lookup(l, name), dn.lowerLayers[i]!);
    }
    return nameLayers(acc);
  }

  /** The (cached) overlay inode for a resolved name: its identity survives copy-up. */
  private childFor(dir: Inode, dn: OvlNode, name: string, r: NameLayers): Inode {
    dn.children ??= new Map();
    const cached = dn.children.get(name);
    const real = r.upper ?? r.lowers[0]!;
    if (cached && (cached.mode & S_IFMT) === (real.mode & S_IFMT)) {
      const cn = this.node(cached);
      cn.upper = r.upper;
      cn.lowers = r.lowers;
      cn.lowerLayers = r.lowerLayers;
      this.refresh(cached);
      return cached;
    }
    const ino = this.makeInode({ upper: r.upper, lowers: r.lowers, lowerLayers: r.lowerLayers, parent: dir, name });
    dn.children.set(name, ino);
    return ino;
  }

  private lookup(dir: Inode, name: string): Inode | undefined {
    const dn = this.node(dir);
    this.revalidate(dn);
    if (dn.valid!.has(name)) return dn.children?.get(name);
    dn.valid!.add(name);
    const r = this.resolveName(dn, name);
    if (!r) {
      dn.children?.delete(name);
      return undefined;
    }
    return this.childFor(dir, dn, name, r);
  }

  /** A new generation: cached lookups and the listing of this directory must be redone. */
  private revalidate(dn: OvlNode): void {
    if (dn.gen === this.gen && dn.valid) return;
    dn.gen = this.gen;
    dn.valid = new Set();
    dn.listing = undefined;
  }

  /**
   * A merged directory's entries (ovl_iterate): one pass over the layers, top-down, applying the
   * lookup rules to every name at once; upper's names first, then the new ones of each lower.
   */
  private list(dir: Inode): Array<{ name: string; inode: Inode }> {
    const dn = this.node(dir);
    this.revalidate(dn);
    if (!dn.listing) {
      const acc = new Map<string, OvlLookup<number>>();
      const offer = (layer: Inode, ref: number): void => {
        for (const e of layer.sb.dirOps.list(layer)) {
          let a = acc.get(e.name);
          if (!a) acc.set(e.name, (a = new OvlLookup<number>()));
          a.add(e.inode, ref);
        }
      };
      if (dn.upper) offer(dn.upper, -1);
      dn.lowers.forEach((l, i) => offer(l, dn.lowerLayers[i]!));
      const names: string[] = [];
      for (const [name, a] of acc) {
        dn.valid!.add(name);
        const r = nameLayers(a);
        if (r) {
          this.childFor(dir, dn, name, r);
          names.push(name);
        } else dn.children?.delete(name);
      }
      dn.listing = names;
    }
    const out: Array<{ name: string; inode: Inode }> = [];
    for (const n of dn.listing) {
      const ino = dn.children?.get(n);
      if (ino) out.push({ name: n, inode: ino });
    }
    return out;
  }

  // ------------------------------------------------------------------ copy-up

  /** ovl_copy_up: give the inode (and its parents) an upper copy. 0 or -errno. */
  copyUp(ino: Inode): number {
    const n = this.node(ino);
    if (n.upper) return 0;
    this.gen++;
    if (!this.layers.upper) return -EROFS;
    const parent = n.parent;
    if (!parent) return -EIO;
    const pr = this.copyUp(parent);
    if (pr < 0) return pr;
    const pu = this.node(parent).upper!;
    const lower = n.lowers[0]!;
    const ops = pu.sb.dirOps;
    let up: Inode | number;
    if (lower.isLink()) up = ops.symlink!(pu, n.name, lower.target ?? '', lower.uid, lower.gid);
    else up = ops.create!(pu, n.name, lower.mode, lower.uid, lower.gid, lower.rdev);
    if (typeof up === 'number') return up;
    this.tempSeq++;
    if (lower.isReg() && lower.data) up.data = lower.data.clone();
    up.atimeNs = lower.atimeNs;
    up.mtimeNs = lower.mtimeNs;
    up.ctimeNs = this.k.realtimeNs();
    if (lower.xattrs) up.xattrs = new Map([...lower.xattrs].map(([k, v]) => [k, v.slice()]));
    // the parent now holds a copied-up entry (ovl_set_impure)
    if (this.node(parent).lowers.length > 0) (pu.xattrs ??= new Map()).set(IMPURE, Y);
    n.upper = up;
    this.origin.set(up, ino.ino);
    if (!lower.isDir()) {
      n.lowers = n.lowers.slice(0, 1);
      n.lowerLayers = n.lowerLayers.slice(0, 1);
    }
    this.refresh(ino);
    if (this.k.trace.active) this.k.trace.emit({ type: 'copy-up', timeNs: this.k.timers.now, sb: this.sb.dev, path: this.pathOf(ino), fromLayer: n.lowerLayers[0] ?? 0 });
    return 0;
  }

  /** After chmod/chown/utimes/xattr changes on the merged inode: write them to the upper inode. */
  private syncAttrs(ino: Inode): void {
    const n = this.node(ino);
    const up = n.upper;
    if (!up) return;
    up.mode = (up.mode & S_IFMT) | (ino.mode & 0o7777);
    up.uid = ino.uid;
    up.gid = ino.gid;
    up.atimeNs = ino.atimeNs;
    up.mtimeNs = ino.mtimeNs;
    up.ctimeNs = ino.ctimeNs;
    const keep = [...(up.xattrs ?? new Map<string, Uint8Array>())].filter(([k]) => k.startsWith('trusted.overlay.'));
    up.xattrs = new Map([...keep, ...(ino.xattrs ?? new Map<string, Uint8Array>())]);
  }

  /** Path of an overlay inode from the overlay's root ("/dir/file"). */
  pathOf(ino: Inode): string {
    const parts: string[] = [];
    for (let x: Inode | null = ino; x && this.node(x).parent; x = this.node(x).parent) parts.push(this.node(x).name);
    return '/' + parts.reverse().join('/');
  }

  // ------------------------------------------------------------------ whiteouts

  /**
   * A whiteout for `name` in an upper directory. Removals link the shared whiteout inode kept in
   * work/work (ovl_whiteout), so their link count grows; a rename leaves a fresh one
   * (RENAME_WHITEOUT of the upper filesystem).
   */
  private whiteout(upperDir: Inode, name: string, shared = true): number {
    const ops = upperDir.sb.dirOps;
    if (shared && !this.whiteoutIno && this.workWork) {
      const w = this.workWork.sb.dirOps.create!(this.workWork, `#${(++this.tempSeq).toString(16)}`, S_IFCHR, 0, 0, 0);
      if (typeof w !== 'number') this.whiteoutIno = w;
    }
    if (shared && this.whiteoutIno && ops.link && this.whiteoutIno.sb === upperDir.sb) return ops.link(upperDir, name, this.whiteoutIno);
    const r = ops.create!(upperDir, name, S_IFCHR, 0, 0, 0);
    return typeof r === 'number' ? r : 0;
  }

  /** Remove a whiteout (or nothing) at `name` in an upper directory before creating there. */
  private clearWhiteout(upperDir: Inode, name: string): boolean {
    const c = upperDir.sb.dirOps.lookup(upperDir, name);
    if (c && isWhiteout(c)) {
      upperDir.sb.dirOps.unlink!(upperDir, name);
      return true;
    }
    return false;
  }

  /** Does some lower layer below `dn` have an entry `name` (so deleting it needs a whiteout)? */
  private inLower(dn: OvlNode, name: string): boolean {
    for (const l of dn.lowers) {
      const c = l.sb.dirOps.lookup(l, name);
      if (c) return !isWhiteout(c);
    }
    return false;
  }

  // ------------------------------------------------------------------ directory operations

  private dirOps(): DirOps {
    const ro = (): boolean => !this.layers.upper;
    const prepDir = (dir: Inode): Inode | number => {
      if (ro()) return -EROFS;
      this.gen++;
      const r = this.copyUp(dir);
      return r < 0 ? r : this.node(dir).upper!;
    };
    return {
      lookup: (dir, name) => this.lookup(dir, name),
      list: (dir) => this.list(dir),
      create: (dir, name, mode, uid, gid, rdev) => {
        if (this.lookup(dir, name)) return -EEXIST;
        const pu = prepDir(dir);
        if (typeof pu === 'number') return pu;
        const hadWhiteout = this.clearWhiteout(pu, name);
        const r = pu.sb.dirOps.create!(pu, name, mode, uid, gid, rdev);
        if (typeof r === 'number') return r;
        // a directory re-created where a lower one was deleted must not show the old contents
        if ((mode & S_IFMT) === S_IFDIR && (hadWhiteout || this.inLower(this.node(dir), name))) (r.xattrs ??= new Map()).set(OPAQUE, Y);
        return this.lookup(dir, name) ?? -ENOENT;
      },
      symlink: (dir, name, target, uid, gid) => {
        if (this.lookup(dir, name)) return -EEXIST;
        const pu = prepDir(dir);
        if (typeof pu === 'number') return pu;
        this.clearWhiteout(pu, name);
        const r = pu.sb.dirOps.symlink!(pu, name, target, uid, gid);
        if (typeof r === 'number') return r;
        return this.lookup(dir, name) ?? -ENOENT;
      },
      link: (dir, name, target) => {
        if (target.sb !== this.sb) return -EXDEV;
        if (this.lookup(dir, name)) return -EEXIST;
        const cu = this.copyUp(target);
        if (cu < 0) return cu;
        const pu = prepDir(dir);
        if (typeof pu === 'number') return pu;
        this.clearWhiteout(pu, name);
        const r = pu.sb.dirOps.link!(pu, name, this.node(target).upper!);
        this.lookup(dir, name);
        return r;
      },
      unlink: (dir, name) => {
        const victim = this.lookup(dir, name);
        if (!victim) return -ENOENT;
        const vn = this.node(victim);
        if (victim.isDir() && this.list(victim).length > 0) return -ENOTEMPTY;
        const pu = prepDir(dir);
        if (typeof pu === 'number') return pu;
        // a lower entry of that name (hidden by the upper one or not) must stay hidden
        const needWhiteout = vn.lowers.length > 0 || this.inLower(this.node(dir), name);
        if (vn.upper) {
          if (victim.isDir()) {
            // the upper directory may still hold whiteouts of lower entries: they go with it
            const uops = vn.upper.sb.dirOps;
            for (const e of uops.list(vn.upper)) if (isWhiteout(e.inode)) uops.unlink!(vn.upper, e.name);
          }
          const r = pu.sb.dirOps.unlink!(pu, name);
          if (r < 0) return r;
        }
        if (needWhiteout) {
          const r = this.whiteout(pu, name);
          if (r < 0) return r;
        }
        this.node(dir).children?.delete(name);
        return 0;
      },
      rename: (odir, oname, ndir, nname) => {
        const src = this.lookup(odir, oname);
        if (!src) return -ENOENT;
        const sn = this.node(src);
        // without redirect_dir a directory that exists in a lower layer cannot be renamed
        if (src.isDir() && sn.lowers.length > 0) return -EXDEV;
        const dst = this.lookup(ndir, nname);
        if (dst === src) return 0;
        if (dst) {
          if (dst.isDir() && !src.isDir()) return -EISDIR;
          if (!dst.isDir() && src.isDir()) return -ENOTDIR;
          if (dst.isDir() && this.list(dst).length > 0) return -ENOTEMPTY;
        }
        const cu = this.copyUp(src);
        if (cu < 0) return cu;
        const opu = prepDir(odir);
        if (typeof opu === 'number') return opu;
        const npu = prepDir(ndir);
        if (typeof npu === 'number') return npu;
        const srcHadLower = this.inLower(this.node(odir), oname);
        const dstInLower = this.inLower(this.node(ndir), nname);
        this.clearWhiteout(npu, nname);
        const r = opu.sb.dirOps.rename!(opu, oname, npu, nname);
        if (r < 0) return r;
        if (src.isDir() && dstInLower) (this.node(src).upper!.xattrs ??= new Map()).set(OPAQUE, Y);
        if (srcHadLower) {
          const w = this.whiteout(opu, oname, false);
          if (w < 0) return w;
        }
        this.node(odir).children?.delete(oname);
        this.node(ndir).children?.delete(nname);
        return 0;
      },
    };
  }
}

/** ovl options as /proc/mounts shows them. */
export function overlayOptions(lowerdir: string, upperdir: string | null, workdir: string | null): string {
  return [`lowerdir=${lowerdir}`, ...(upperdir ? [`upperdir=${upperdir}`] : []), ...(workdir ? [`workdir=${workdir}`] : []), 'uuid=on'].join(',');
}

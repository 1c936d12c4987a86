// mount(2) and umount2(2) (fs/namespace.c do_mount, path_umount) for the filesystems the lab has:
// proc, tmpfs, sysfs, devpts, cgroup (v1), cgroup2; bind mounts; remounts of per-mount flags;
// propagation changes. overlay comes with the overlayfs issue (until then ENODEV).
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import { Mount, type Path } from '../fs/path';
import { resolve } from '../fs/namei';
import { nsCapable } from '../task/cred';
import {
  MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_MOVE, MS_REC, MS_PRIVATE, MS_SLAVE, MS_SHARED,
  MS_UNBINDABLE, MS_NOATIME, MS_STRICTATIME, MS_SILENT, MNT_DETACH, MNT_FORCE, UMOUNT_NOFOLLOW, X_OK,
} from '../abi/flags';
import { EPERM, EINVAL, ENODEV, ENOTDIR, EBUSY, EFAULT, EACCES, ELOOP, EROFS } from '../abi/errno';
import { permission } from '../fs/perm';
import { attachMount, detachMount, changePropagation, subtree, type Propagation } from '../fs/namespace';
import { ProcFs } from '../fs/procfs/procfs';
import { makeTmpfs } from '../fs/tmpfs';
import { CgroupFs } from '../fs/cgroupfs';
import { OverlayFs, overlayOptions } from '../fs/overlayfs';
import type { Inode } from '../fs/inode';
import type { CgroupRoot, ControllerName } from '../cgroup/cgroup';
import { V1_ORDER } from '../cgroup/cgroup';
import type { SuperBlock } from '../fs/inode';

const isStr = (x: unknown): x is string => typeof x === 'string';

/** Per-mount flags as /proc/mounts prints them, from MS_* flags. */
export function mountFlagNames(flags: number): string[] {
  const out = [flags & MS_RDONLY ? 'ro' : 'rw'];
  if (flags & MS_NOSUID) out.push('nosuid');
  if (flags & MS_NODEV) out.push('nodev');
  if (flags & MS_NOEXEC) out.push('noexec');
  out.push(flags & MS_NOATIME ? 'noatime' : flags & MS_STRICTATIME ? 'strictatime' : 'relatime');
  return out;
}

/** The cgroupfs superblock of a hierarchy (one per hierarchy: a second mount shows the same tree). */
export function cgroupSb(k: Kernel, hier: CgroupRoot): CgroupFs {
  if (!hier.sb) hier.sb = new CgroupFs(k, hier, k.allocAnonDev());
  return hier.sb as CgroupFs;
}

/** tmpfs size=: "64m", "1g", "512k", "50%" (of RAM), rounded up to pages; NaN if malformed. */
function parseSize(v: string, ram: number): number {
  const m = /^(\d+)([kmgKMG%]?)$/.exec(v);
  if (!m) return NaN;
  const n = Number(m[1]);
  const mult: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, '%': ram / 100 };
  return Math.ceil((n * mult[m[2]!.toLowerCase()]!) / 4096) * 4096;
}

interface NewFs {
  sb: SuperBlock;
  devname: string;
  fsopts: string;
}

function makeFs(k: Kernel, t: Task, fstype: string, source: string, data: string): NewFs | number {
  const opts = data.split(',').filter(Boolean);
  switch (fstype) {
    case 'proc': {
      // proc shows the pid namespace of the mounting task (proc_fill_super: task_active_pid_ns)
      if (!nsCapable(t.cred, t.pidNs.owner)) return -EPERM;
      const p = new ProcFs(k, t.pidNs, k.allocAnonDev());
      return { sb: p.sb, devname: source, fsopts: '' };
    }
    case 'tmpfs': {
      let mode = 0o1777;
      const keep: string[] = [];
      for (const o of opts) {
        const [key, val] = o.split('=') as [string, string | undefined];
        if (key === 'mode' && val && /^[0-7]+$/.test(val)) mode = parseInt(val, 8);
        else if (key === 'size' || key === 'nr_inodes' || key === 'uid' || key === 'gid' || key === 'inode64' || key === 'mode') {
          if (key !== 'mode' && key !== 'inode64' && !val) return -EINVAL;
        } else if (key !== 'rw' && key !== 'ro' && key !== 'defaults') return -EINVAL;
        if (key === 'nr_inodes') keep.push(o);
      }
      const sb = makeTmpfs({ realtimeNs: () => k.realtimeNs() }, k.allocAnonDev(), 'tmpfs', mode);
      k.tmpfsSbs.push(sb);
      // size=: bytes with k/m/g, or a percentage of RAM; the default is half of RAM
      const sizeOpt = opts.find((o) => o.startsWith('size='))?.slice(5);
      sb.sizeBytes = sizeOpt ? parseSize(sizeOpt, k.config.ramBytes) : Math.floor(k.config.ramBytes / 2);
      if (!(sb.sizeBytes >= 0)) return -EINVAL;
      // shmem_show_options: size in KiB when given, then nr_inodes, mode (if not 1777), inode64
      const sizeShown = sizeOpt ? [`size=${sb.sizeBytes / 1024}k`] : [];
      const fsopts = [...sizeShown, ...keep, ...(mode !== 0o1777 ? [`mode=${mode.toString(8)}`] : []), 'inode64'].join(',');
      return { sb, devname: source, fsopts };
    }
    case 'sysfs':
      return { sb: k.sysfsSb, devname: source, fsopts: '' };
    case 'devtmpfs':
      // one devtmpfs instance: every mount shows the same /dev tree
      return { sb: k.devtmpfsSb, devname: source, fsopts: `size=${Math.floor(k.devtmpfsSb.sizeBytes / 1024)}k,nr_inodes=${Math.floor(k.config.ramBytes / 16384)},mode=755,inode64` };
    case 'devpts':
      return { sb: k.devpts.sb, devname: source, fsopts: 'gid=5,mode=620,ptmxmode=000' };
    case 'cgroup': {
      // v1: the controllers named in the options (all of them by default) must be exactly one
      // existing hierarchy's; controllers bound elsewhere (or to the v2 hierarchy) → EBUSY
      const want = opts.filter((o) => !['rw', 'ro', 'nosuid', 'nodev', 'noexec', 'relatime', 'noprefix', 'none', 'xattr', 'defaults'].includes(o) && !o.startsWith('name=') && !o.startsWith('release_agent='));
      for (const c of want) if (!V1_ORDER.includes(c as ControllerName)) return -EINVAL;
      const ctrls = want.length ? want : [...V1_ORDER];
      const hiers = new Set(ctrls.map((c) => k.cgroups.rootOf(c as ControllerName)));
      const [h] = [...hiers];
      if (hiers.size !== 1 || !h || h.v2 || h.controllers.length !== ctrls.length) return -EBUSY;
      const fs = cgroupSb(k, h);
      return { sb: fs.sb, devname: source, fsopts: fs.options };
    }
    case 'cgroup2': {
      const h = k.cgroups.dfl;
      h.visible = true;
      const fs = cgroupSb(k, h);
      return { sb: fs.sb, devname: source, fsopts: opts.filter((o) => ['nsdelegate', 'memory_recursiveprot', 'favordynmods', 'memory_localevents'].includes(o)).join(',') };
    }
    case 'overlay':
      return makeOverlay(k, t, source, opts);
    default:
      return -ENODEV;
  }
}

/**
 * overlay: lowerdir=A:B (leftmost on top, at most 500), upperdir and workdir (both or neither,
 * on the same filesystem, neither inside the other). Errors as fs/overlayfs/params.c logs them.
 */
function makeOverlay(k: Kernel, t: Task, source: string, opts: string[]): NewFs | number {
  let lower: string | null = null;
  let upper: string | null = null;
  let work: string | null = null;
  const fail = (msg: string, err = EINVAL): number => {
    k.log.log(`overlayfs: ${msg}`, 3);
    return -err;
  };
  for (const o of opts) {
    const eq = o.indexOf('=');
    const key = eq < 0 ? o : o.slice(0, eq);
    const val = eq < 0 ? '' : o.slice(eq + 1);
    if (key === 'lowerdir') lower = val;
    else if (key === 'upperdir') upper = val;
    else if (key === 'workdir') work = val;
    else if (['rw', 'ro', 'index', 'redirect_dir', 'metacopy', 'xino', 'uuid', 'nfs_export', 'userxattr', 'volatile', 'default_permissions'].includes(key)) continue;
    else return fail(`unrecognized mount option "${o}" or missing value`);
  }
  if (!lower) return fail("missing 'lowerdir'");
  const lowerNames = lower.split(':').filter(Boolean);
  if (lowerNames.length > 500) return fail('too many lower directories, limit is 500');
  if (upper && !work) return fail("missing 'workdir'");
  if (!upper && lowerNames.length < 2) return fail('at least 2 lowerdir are needed while upperdir nonexistent');
  const dirOf = (name: string): Path | number => {
    const p = resolve(t.fs, t.cred, name, true);
    if (typeof p === 'number') {
      fail(`failed to resolve '${name}': ${p}`);
      return p;
    }
    if (!p.inode.isDir()) {
      fail(`failed to resolve '${name}': -20`);
      return -ENOTDIR;
    }
    return p;
  };
  const lowers: Path[] = [];
  for (const n of lowerNames) {
    const p = dirOf(n);
    if (typeof p === 'number') return p;
    lowers.push(p);
  }
  let up: Path | null = null;
  let wk: Path | null = null;
  if (upper && work) {
    const u = dirOf(upper);
    if (typeof u === 'number') return u;
    const w = dirOf(work);
    if (typeof w === 'number') return w;
    if (u.mnt.readOnly) return fail(`upper fs is r/o, try multi-lower layers mount`, EROFS);
    if (u.mnt !== w.mnt) return fail('workdir and upperdir must reside under the same mount');
    const inside = (a: Inode, b: Inode): boolean => {
      for (let x: Inode | undefined = a; x; x = x.parent === x ? undefined : x.parent) if (x === b) return true;
      return false;
    };
    if (inside(w.inode, u.inode) || inside(u.inode, w.inode)) return fail('workdir and upperdir must be separate subtrees');
    up = u;
    wk = w;
  }
  const ovl = new OverlayFs(k, { lowers, upper: up, work: wk }, k.allocAnonDev());
  return { sb: ovl.sb, devname: source, fsopts: overlayOptions(lower, upper, work) };
}

export function sys_mount(k: Kernel, t: Task, source: unknown, target: unknown, fstype: unknown, flags: unknown, data: unknown): unknown {
  if (!isStr(target) || !isStr(source) || typeof flags !== 'number' || (fstype !== null && !isStr(fstype))) return -EFAULT;
  const opts = isStr(data) ? data : '';
  const mntns = t.nsproxy.mnt;
  if (!nsCapable(t.cred, mntns.owner)) return -EPERM;
  const p = resolve(t.fs, t.cred, target, true);
  if (typeof p === 'number') return p;
  const f = flags & ~MS_SILENT;
  const isMountRoot = (x: Path): boolean => x.inode === x.mnt.root;

  // propagation change: exactly one type, on a mount point
  const prop = f & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE);
  if (prop) {
    if ((prop & (prop - 1)) !== 0 || !isMountRoot(p)) return -EINVAL;
    const type: Propagation = prop === MS_SHARED ? 'shared' : prop === MS_PRIVATE ? 'private' : prop === MS_SLAVE ? 'slave' : 'unbindable';
    changePropagation(k, p.mnt, type, (f & MS_REC) !== 0);
    return 0;
  }
  if (f & MS_REMOUNT) {
    if (!isMountRoot(p)) return -EINVAL;
    p.mnt.flags = mountFlagNames(f);
    return 0;
  }
  if (f & MS_MOVE) {
    // do_move_mount: the source must be a mount point; it moves with its submounts
    const src = resolve(t.fs, t.cred, source, true);
    if (typeof src === 'number') return src;
    if (src.inode !== src.mnt.root || !src.mnt.parent) return -EINVAL;
    if (src.mnt.parent.peers) return -EINVAL;
    if (mountUnder(p.mnt, src.mnt)) return -ELOOP;
    const m = src.mnt;
    const par = m.parent!;
    if (par.children.get(m.mountpoint!) === m) par.children.delete(m.mountpoint!);
    m.parent = null;
    m.mountpoint = null;
    attachMount(k, p.mnt, p.inode, m);
    return 0;
  }
  if (f & MS_BIND) {
    const src = resolve(t.fs, t.cred, source, true);
    if (typeof src === 'number') return src;
    if (src.mnt.unbindable) return -EINVAL;
    if (src.inode.isDir() !== p.inode.isDir()) return -ENOTDIR;
    const attachTree = (from: Mount, root: typeof src.inode, parent: Mount, at: typeof p.inode): Mount => {
      const m = k.vfs.register(new Mount(from.sb, root, null, null, from.devname, from.flags.slice(), from.fsopts));
      attachMount(k, parent, at, m);
      return m;
    };
    const top = attachTree(src.mnt, src.inode, p.mnt, p.inode);
    if (f & MS_REC) {
      // rbind: the submounts below the source come along
      const copyKids = (from: Mount, to: Mount): void => {
        for (const [mp, child] of from.children) {
          if (child.unbindable) continue;
          const c = attachTree(child, child.root, to, mp);
          copyKids(child, c);
        }
      };
      copyKids(src.mnt, top);
    }
    return 0;
  }
  if (!isStr(fstype)) return -EINVAL;
  if (!p.inode.isDir()) return -ENOTDIR;
  const fs = makeFs(k, t, fstype, source, opts);
  if (typeof fs === 'number') return fs;
  const m = k.vfs.register(new Mount(fs.sb, fs.sb.root, null, null, fs.devname, mountFlagNames(f), fs.fsopts));
  attachMount(k, p.mnt, p.inode, m);
  return 0;
}

export function sys_umount2(k: Kernel, t: Task, target: unknown, flags: unknown): unknown {
  if (!isStr(target) || typeof flags !== 'number') return -EFAULT;
  if (flags & ~(MNT_DETACH | MNT_FORCE | UMOUNT_NOFOLLOW | 4)) return -EINVAL;
  if (!nsCapable(t.cred, t.nsproxy.mnt.owner)) return -EPERM;
  const p = resolve(t.fs, t.cred, target, !(flags & UMOUNT_NOFOLLOW));
  if (typeof p === 'number') return p;
  const m = p.mnt;
  if (p.inode !== m.root || !m.parent) return -EINVAL;
  const tree = subtree(m);
  if (!(flags & MNT_DETACH)) {
    if (tree.length > 1) return -EBUSY;
    if (mountInUse(k, m)) return -EBUSY;
  }
  for (const x of tree.reverse()) if (x !== m) detachMount(x);
  detachMount(m);
  return 0;
}

/** Something holds the mount: a task's root or cwd is in it, or a file is open through it. */
function mountInUse(k: Kernel, m: Mount): boolean {
  for (const t of k.allTasks()) {
    if (!t.alive) continue;
    if (t.fs.cwd.mnt === m || t.fs.root.mnt === m) return true;
    for (const e of t.files.fds) if (e && e.file.path.mnt === m) return true;
  }
  return false;
}

/** chroot(2): needs CAP_SYS_CHROOT in the caller's user namespace. */
export function sys_chroot(_k: Kernel, t: Task, path: unknown): unknown {
  if (!isStr(path)) return -EFAULT;
  const p = resolve(t.fs, t.cred, path, true);
  if (typeof p === 'number') return p;
  if (!p.inode.isDir()) return -ENOTDIR;
  if (!permission(p.inode, X_OK, t.cred)) return -EACCES;
  if (!nsCapable(t.cred, t.cred.userNs)) return -EPERM;
  t.fs.root = p;
  return 0;
}

/** Is mount `a` the same as or below mount `b`? */
function mountUnder(a: Mount, b: Mount): boolean {
  for (let m: Mount | null = a; m; m = m.parent) if (m === b) return true;
  return false;
}

/**
 * pivot_root(2): the mount at `newRoot` becomes the root of the caller's mount namespace and the
 * old root is moved to `putOld` (at or under newRoot). Linux's conditions: both directories
 * (ENOTDIR); neither on the current root's mount (EBUSY); newRoot a mount point other than the
 * root, the current root a mount point, putOld under newRoot, and none of the mounts involved
 * shared (EINVAL). Tasks whose root or cwd was the old root follow to the new one.
 */
export function sys_pivot_root(k: Kernel, t: Task, newRoot: unknown, putOld: unknown): unknown {
  if (!isStr(newRoot) || !isStr(putOld)) return -EFAULT;
  if (!nsCapable(t.cred, t.nsproxy.mnt.owner)) return -EPERM;
  const nw = resolve(t.fs, t.cred, newRoot, true);
  if (typeof nw === 'number') return nw;
  const old = resolve(t.fs, t.cred, putOld, true);
  if (typeof old === 'number') return old;
  if (!nw.inode.isDir() || !old.inode.isDir()) return -ENOTDIR;
  const root = t.fs.root;
  const rootMnt = root.mnt;
  if (nw.mnt === rootMnt || old.mnt === rootMnt) return -EBUSY;
  if (root.inode !== rootMnt.root) return -EINVAL; // the root is not a mount point
  if (nw.inode !== nw.mnt.root || !nw.mnt.parent) return -EINVAL; // new_root is not a mount point
  if (!mountUnder(old.mnt, nw.mnt)) return -EINVAL; // put_old is not under new_root
  if (!mountUnder(nw.mnt, rootMnt)) return -EINVAL; // new_root is outside the current root
  if (old.mnt.peers || nw.mnt.parent.peers || rootMnt.parent?.peers) return -EINVAL;
  const ns = t.nsproxy.mnt;
  const rootParent = rootMnt.parent;
  const rootMp = rootMnt.mountpoint;
  // detach new_root from where it is mounted
  const np = nw.mnt.parent;
  const nmp = nw.mnt.mountpoint!;
  if (np.children.get(nmp) === nw.mnt) np.children.delete(nmp);
  // the old root goes onto put_old
  rootMnt.parent = old.mnt;
  rootMnt.mountpoint = old.inode;
  old.mnt.children.set(old.inode, rootMnt);
  // new_root takes the old root's place
  if (rootParent && rootMp) {
    nw.mnt.parent = rootParent;
    nw.mnt.mountpoint = rootMp;
    rootParent.children.set(rootMp, nw.mnt);
  } else {
    nw.mnt.parent = null;
    nw.mnt.mountpoint = null;
    ns.root = nw.mnt;
  }
  // chroot_fs_refs: everyone whose root or cwd was the old root follows
  const newPath: Path = { mnt: nw.mnt, inode: nw.mnt.root };
  for (const x of k.allTasks()) {
    if (!x.alive || x.nsproxy.mnt !== ns) continue;
    if (x.fs.root.mnt === rootMnt && x.fs.root.inode === root.inode) x.fs.root = newPath;
    if (x.fs.cwd.mnt === rootMnt && x.fs.cwd.inode === root.inode) x.fs.cwd = newPath;
  }
  return 0;
}

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
  MS_UNBINDABLE, MS_NOATIME, MS_STRICTATIME, MS_SILENT, MNT_DETACH, MNT_FORCE, UMOUNT_NOFOLLOW,
} from '../abi/flags';
import { EPERM, EINVAL, ENODEV, ENOTDIR, EBUSY, EFAULT } from '../abi/errno';
import { attachMount, detachMount, changePropagation, subtree, type Propagation } from '../fs/namespace';
import { ProcFs } from '../fs/procfs/procfs';
import { makeTmpfs } from '../fs/tmpfs';
import { CgroupFs } from '../fs/cgroupfs';
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
        if (key === 'size' || key === 'nr_inodes') keep.push(o);
      }
      const sb = makeTmpfs({ realtimeNs: () => k.realtimeNs() }, k.allocAnonDev(), 'tmpfs', mode);
      k.tmpfsSbs.push(sb);
      const fsopts = [...keep, ...(mode !== 0o1777 ? [`mode=${mode.toString(8)}`] : []), 'inode64'].join(',');
      return { sb, devname: source, fsopts };
    }
    case 'sysfs':
      return { sb: k.sysfsSb, devname: source, fsopts: '' };
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
    default:
      return -ENODEV;
  }
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
  if (f & MS_MOVE) return -EINVAL; // not modelled yet (the overlayfs/rootfs issue)
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

// cgroupfs (kernfs under kernel/cgroup): one superblock per hierarchy; a directory per cgroup
// with the core files and those of the controllers bound to (v1) or enabled in (v2) it. Files are
// rendered from the cgroup objects at open and parsed on write, as seq_file/kernfs do; mkdir and
// rmdir create and remove cgroups. Mode and owner of files can be changed (delegation).
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import { Inode, SuperBlock, type DirOps } from './inode';
import type { FileOps } from './file';
import { S_IFDIR, S_IFREG, S_IFMT } from '../abi/flags';
import { EACCES, EINVAL, ENODEV, EPERM, ESRCH, EEXIST } from '../abi/errno';
import { utf8, fromUtf8 } from '../lib/text';
import type { Cgroup, CgroupRoot } from '../cgroup/cgroup';
import { cgroupFiles, type CgFile } from '../cgroup/files';

interface CgPriv {
  cg: Cgroup;
  file?: CgFile;
}

export class CgroupFs {
  readonly sb: SuperBlock;
  private readonly fileInodes = new WeakMap<Cgroup, Map<string, Inode>>();
  constructor(
    private readonly k: Kernel,
    readonly hier: CgroupRoot,
    dev: number,
  ) {
    this.sb = new SuperBlock(hier.v2 ? 'cgroup2' : 'cgroup', dev, this.dirOps(), 1);
    this.sb.root = this.dirInode(hier.root);
  }

  /** fsopts as /proc/mounts shows them ("cpu" for a v1 hierarchy; v2 has none by default). */
  get options(): string {
    return this.hier.v2 ? '' : this.hier.controllers.join(',');
  }

  private now(): number {
    return this.k.realtimeNs();
  }

  dirInode(cg: Cgroup): Inode {
    if (cg.inode) return cg.inode;
    const ino = new Inode(this.sb, this.sb.allocIno(), S_IFDIR | 0o755, 0, 0, this.now());
    ino.priv = { cg } satisfies CgPriv;
    ino.nlink = 2;
    if (cg.parent) ino.parent = this.dirInode(cg.parent);
    cg.inode = ino;
    return ino;
  }

  private fileInode(cg: Cgroup, f: CgFile): Inode {
    let m = this.fileInodes.get(cg);
    if (!m) {
      m = new Map();
      this.fileInodes.set(cg, m);
    }
    let ino = m.get(f.name);
    if (!ino) {
      ino = new Inode(this.sb, this.sb.allocIno(), S_IFREG | f.mode, 0, 0, this.now());
      ino.priv = { cg, file: f } satisfies CgPriv;
      ino.parent = this.dirInode(cg);
      ino.fops = cgroupFileOps;
      m.set(f.name, ino);
    }
    return ino;
  }

  private dirOps(): DirOps {
    const files = (cg: Cgroup): CgFile[] => cgroupFiles(this.k, cg);
    return {
      lookup: (dir, name) => {
        const { cg } = dir.priv as CgPriv;
        if (cg.dead) return undefined;
        const child = cg.children.get(name);
        if (child) return this.dirInode(child);
        const f = files(cg).find((x) => x.name === name);
        return f ? this.fileInode(cg, f) : undefined;
      },
      list: (dir) => {
        const { cg } = dir.priv as CgPriv;
        if (cg.dead) return [];
        const out = files(cg).map((f) => ({ name: f.name, inode: this.fileInode(cg, f) }));
        for (const c of cg.children.values()) out.push({ name: c.name, inode: this.dirInode(c) });
        return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      },
      create: (dir, name, mode, uid, gid) => {
        const { cg } = dir.priv as CgPriv;
        // kernfs directories have no create(): files cannot be made, only cgroups (mkdir)
        if ((mode & S_IFMT) !== S_IFDIR) return -EACCES;
        if (files(cg).some((f) => f.name === name)) return -EEXIST;
        const r = this.k.cgroups.mkdir(cg, name);
        if (typeof r === 'number') return r;
        const ino = this.dirInode(r);
        ino.uid = uid;
        ino.gid = gid;
        dir.nlink++;
        dir.mtimeNs = dir.ctimeNs = this.now();
        return ino;
      },
      unlink: (dir, name) => {
        const { cg } = dir.priv as CgPriv;
        const child = cg.children.get(name);
        if (!child) return -EPERM; // cgroup files cannot be removed
        const r = this.k.cgroups.rmdir(child);
        if (r < 0) return r;
        dir.nlink--;
        dir.mtimeNs = dir.ctimeNs = this.now();
        return 0;
      },
      rename: () => -EPERM,
    };
  }
}

/** Reading renders the whole file at open; each write(2) is parsed as one value (kernfs). */
export const cgroupFileOps: FileOps = {
  seekable: true,
  open(k, t, f) {
    const pv = f.inode.priv as CgPriv;
    if (pv.cg.dead) return -ENODEV;
    if (f.readable) {
      if (!pv.file!.read) return -EINVAL;
      f.snapshot = utf8(pv.file!.read(k, pv.cg, t));
    }
    return 0;
  },
  read(_k, _t, f, count) {
    const s = f.snapshot ?? new Uint8Array(0);
    const out = s.subarray(f.pos, f.pos + count);
    f.pos += out.length;
    return out;
  },
  write(k, t, f, data) {
    const pv = f.inode.priv as CgPriv;
    if (pv.cg.dead) return -ENODEV;
    const w = pv.file!.write;
    if (!w) return -EINVAL;
    const r = w(k, pv.cg, fromUtf8(data), t);
    return r < 0 ? r : data.length;
  },
};

/** Parse a pid written to cgroup.procs/tasks in the writer's pid namespace; 0 = the writer. */
export function taskFromPid(t: Task, text: string): Task | number {
  const s = text.trim();
  if (!/^\d+$/.test(s)) return -EINVAL;
  const n = Number(s);
  if (n === 0) return t;
  const pid = t.pidNs.pids.get(n);
  const target = pid?.task;
  if (!target || !target.alive) return -ESRCH;
  return target;
}

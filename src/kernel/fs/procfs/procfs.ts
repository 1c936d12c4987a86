// procfs (fs/proc): files are rendered from kernel objects when opened (seq_file), never
// copied. Directories are computed on lookup: /proc lists the pids of the pid namespace the
// filesystem was mounted in; /proc/self follows the caller.
import type { Kernel } from '../../kernel';
import type { Task } from '../../task/task';
import { Inode, SuperBlock, type DirOps } from '../inode';
import type { FileOps } from '../file';
import type { Path } from '../path';
import { S_IFDIR, S_IFREG, S_IFLNK } from '../../abi/flags';
import { EACCES, EINVAL } from '../../abi/errno';
import { utf8, fromUtf8 } from '../../lib/text';
import type { PidNamespace } from '../../task/pid';
import { ExitState } from '../../task/task';
import { pidEntries } from './pid';
import { visibleProcesses } from '../../task/cputime';
import { globalEntries } from './global';

/** A proc entry: a file (render/write), a directory (children), or a symlink (target). */
export type ProcEntry =
  | { kind: 'file'; mode?: number; render: (k: Kernel, viewer: Task) => string; write?: (k: Kernel, t: Task, text: string) => number }
  | { kind: 'dir'; mode?: number; children: (k: Kernel, viewer: Task) => Array<[string, ProcEntry]> }
  | { kind: 'link'; target: (k: Kernel, viewer: Task) => string | null; follow?: (k: Kernel, viewer: Task) => Path | number };

interface ProcPriv {
  entry: ProcEntry;
  /** the task a per-pid entry belongs to */
  task?: Task;
  /** cache of child inodes by name (stable inode numbers across lookups) */
  cache?: Map<string, Inode>;
}

const childIndex = new WeakMap<ReadonlyArray<[string, ProcEntry]>, Map<string, ProcEntry>>();

export class ProcFs {
  readonly sb: SuperBlock;
  constructor(
    readonly k: Kernel,
    readonly pidNs: PidNamespace,
    dev: number,
  ) {
    this.sb = new SuperBlock('proc', dev, this.dirOps(), 1);
    const root = this.makeInode({ kind: 'dir', children: () => [] }, undefined, S_IFDIR | 0o555);
    (root.priv as ProcPriv).entry = { kind: 'dir', children: (kk, viewer) => this.rootChildren(kk, viewer) };
    this.sb.root = root;
  }

  private viewer(): Task {
    return this.k.current ?? this.k.init!;
  }

  private rootChildren(k: Kernel, viewer: Task): Array<[string, ProcEntry]> {
    const out: Array<[string, ProcEntry]> = globalEntries(k, this.pidNs);
    void viewer;
    return out;
  }

  private makeInode(entry: ProcEntry, task: Task | undefined, mode?: number, parent?: Inode): Inode {
    const m =
      mode ??
      (entry.kind === 'dir' ? S_IFDIR | (entry.mode ?? 0o555) : entry.kind === 'link' ? S_IFLNK | 0o777 : S_IFREG | (entry.mode ?? 0o444));
    const uid = task ? task.cred.euid : 0;
    const gid = task ? task.cred.egid : 0;
    const ino = new Inode(this.sb, this.sb.allocIno(), m, uid, gid, task ? this.k.config.bootEpochSec * 1e9 + task.startTimeNs : this.k.realtimeNs());
    ino.priv = { entry, task } satisfies ProcPriv;
    if (parent) ino.parent = parent;
    if (entry.kind === 'dir') ino.nlink = 2;
    if (entry.kind === 'file') ino.fops = procFileOps;
    return ino;
  }

  /** The inode of /proc/PID for a task (cached on the task so its inode number is stable). */
  private pidDir(t: Task, parent: Inode): Inode {
    const cache = (t.procCache ??= new Map<ProcFs, Inode>()) as Map<ProcFs, Inode>;
    let ino = cache.get(this);
    if (!ino) {
      let entries: Array<[string, ProcEntry]> | null = null;
      ino = this.makeInode({ kind: 'dir', children: (k) => (entries ??= pidEntries(k, t, this.pidNs)) }, t, undefined, parent);
      cache.set(this, ino);
    }
    // /proc/PID belongs to the process's effective ids (task_dump_owner)
    ino.uid = t.cred.euid;
    ino.gid = t.cred.egid;
    return ino;
  }

  private dirOps(): DirOps {
    const lookup = (dir: Inode, name: string): Inode | undefined => {
      const pv = dir.priv as ProcPriv;
      if (dir === this.sb.root) {
        if (/^[1-9][0-9]*$/.test(name)) {
          const pid = this.pidNs.pids.get(Number(name));
          const t = pid?.task;
          if (t && t.exitState !== ExitState.Dead) return this.pidDir(t, dir);
          return undefined;
        }
      }
      if (pv.entry.kind !== 'dir') return undefined;
      const kids = pv.entry.children(this.k, this.viewer());
      // per-pid entry lists are built once per task: index them by name once too
      let index = childIndex.get(kids);
      if (!index) {
        index = new Map(kids);
        childIndex.set(kids, index);
      }
      const hit = index.get(name);
      if (!hit) return undefined;
      return this.childInode(dir, name, hit, pv.task);
    };
    return {
      lookup,
      list: (dir) => {
        const pv = dir.priv as ProcPriv;
        if (pv.entry.kind !== 'dir') return [];
        const out: Array<{ name: string; inode: Inode }> = [];
        for (const [name, e] of pv.entry.children(this.k, this.viewer())) {
          out.push({ name, inode: this.childInode(dir, name, e, pv.task) });
        }
        if (dir === this.sb.root) {
          for (const [n, t] of visibleProcesses(this.pidNs)) out.push({ name: String(n), inode: this.pidDir(t, dir) });
        }
        return out;
      },
    };
  }

  private childInode(dir: Inode, name: string, e: ProcEntry, task: Task | undefined): Inode {
    const pv = dir.priv as ProcPriv;
    if (e.kind === 'link') {
      // symlinks are rebuilt on each lookup: their target depends on the caller (/proc/self)
      const ino = this.makeInode(e, task, undefined, dir);
      ino.target = e.target(this.k, this.viewer()) ?? '';
      const follow = e.follow;
      if (follow) ino.followLink = () => follow(this.k, this.viewer());
      return ino;
    }
    pv.cache ??= new Map();
    let ino = pv.cache.get(name);
    if (!ino || (ino.priv as ProcPriv).entry.kind !== e.kind) {
      ino = this.makeInode(e, task, undefined, dir);
      pv.cache.set(name, ino);
    } else {
      (ino.priv as ProcPriv).entry = e;
    }
    return ino;
  }
}

/** Reading a proc file: the whole text is rendered at open; writes go to the entry's handler. */
export const procFileOps: FileOps = {
  seekable: true,
  open(k, t, f) {
    const pv = f.inode.priv as ProcPriv;
    if (pv.entry.kind !== 'file') return -EINVAL;
    if (f.writable && !pv.entry.write) return -EACCES;
    if (f.readable) f.snapshot = utf8(pv.entry.render(k, t));
    return 0;
  },
  read(_k, _t, f, count) {
    const s = f.snapshot ?? new Uint8Array(0);
    const out = s.subarray(f.pos, f.pos + count);
    f.pos += out.length;
    return out;
  },
  write(k, t, f, data) {
    const pv = f.inode.priv as ProcPriv;
    if (pv.entry.kind !== 'file' || !pv.entry.write) return -EINVAL;
    const r = pv.entry.write(k, t, fromUtf8(data));
    return r < 0 ? r : data.length;
  },
};

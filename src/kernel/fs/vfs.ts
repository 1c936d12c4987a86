// The VFS layer: open/close, regular-file and directory I/O, creation and removal through the
// filesystems' DirOps, with the permission, read-only and type checks Linux makes.
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import { File, type FileOps } from './file';
import { type Inode, dtype, prepareChange } from './inode';
import { type Path, type MountNamespace, type Mount, PeerGroup } from './path';
import { resolve, resolveParent, pathName } from './namei';
import { permission } from './perm';
import {
  O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY, O_NOFOLLOW, O_ACCMODE, O_RDONLY, O_WRONLY, O_RDWR,
  S_IFREG, S_IFDIR, R_OK, W_OK, O_PATH, SEEK_SET, SEEK_CUR, SEEK_END,
} from '../abi/flags';
import { EEXIST, EISDIR, ENOTDIR, EROFS, EACCES, ENOENT, ELOOP, EINVAL, EBADF, EMFILE, ESPIPE, ENXIO } from '../abi/errno';
import type { Dirent, Stat } from '../syscall/api';
import { RLIMIT_NOFILE } from '../abi/flags';

export class Vfs {
  rootNs!: MountNamespace;
  private nextMountId = 21;
  private nextPeerId = 1;
  /** Give a new mount its id (mount ids are per kernel, as the kernel's mnt_id_ida hands them out). */
  register(m: Mount): Mount {
    m.id = this.nextMountId++;
    return m;
  }
  newPeerGroup(): PeerGroup {
    return new PeerGroup(this.nextPeerId++);
  }
}

/** Regular files: read and write at the file position over FileData. */
export const regularFileOps: FileOps = {
  seekable: true,
  read(k, _t, f, count) {
    const data = f.inode.data;
    if (!data) return new Uint8Array(0);
    const out = data.read(f.pos, count);
    f.pos += out.length;
    void k;
    return out;
  },
  write(k, _t, f, bytes) {
    const data = f.inode.data;
    if (!data) return -EINVAL;
    if (f.flags & O_APPEND) f.pos = data.size;
    data.write(f.pos, bytes);
    f.pos += bytes.length;
    f.inode.mtimeNs = f.inode.ctimeNs = k.realtimeNs();
    return bytes.length;
  },
};

/** Directories: read() fails with EISDIR; getdents lists entries. */
export const dirFileOps: FileOps = {
  seekable: true,
  read() {
    return -EISDIR;
  },
};

export function isReadOnly(p: Path): boolean {
  return p.mnt.readOnly;
}

/** open(2). Returns the open file description or -errno. */
/** If dir/name is a symlink, the path its target names (relative targets from the link's directory). */
function danglingLinkTarget(t: Task, dir: Path, name: string): string | null {
  const ino = dir.inode.sb.dirOps.lookup(dir.inode, name);
  if (!ino?.isLink() || ino.target === undefined) return null;
  if (ino.target.startsWith('/')) return ino.target;
  return `${pathName(dir, t.fs.root).replace(/\/$/, '')}/${ino.target}`;
}

export function openPath(k: Kernel, t: Task, path: string, flags: number, mode: number, depth = 0): File | number {
  const acc = flags & O_ACCMODE;
  let p: Path | number;
  if (flags & O_CREAT) {
    const pr = resolveParent(t.fs, t.cred, path);
    if (typeof pr === 'number') return pr;
    if (pr.name === '' || pr.name === '.' || pr.name === '..') {
      p = resolve(t.fs, t.cred, path, true);
      if (typeof p === 'number') return p;
      if (p.inode.isDir()) return -EISDIR;
    } else {
      const existing = resolve(t.fs, t.cred, path, !(flags & O_NOFOLLOW) && !(flags & O_EXCL));
      if (typeof existing !== 'number') {
        if (flags & O_EXCL) return -EEXIST;
        if (existing.inode.isDir()) return -EISDIR;
        p = existing;
      } else if (existing !== -ENOENT) {
        return existing;
      } else if (!(flags & (O_EXCL | O_NOFOLLOW)) && danglingLinkTarget(t, pr.dir, pr.name) !== null) {
        // O_CREAT follows a dangling symlink and creates its target (as Linux does)
        if (depth >= 40) return -ELOOP;
        return openPath(k, t, danglingLinkTarget(t, pr.dir, pr.name)!, flags, mode, depth + 1);
      } else {
        if (pr.trailingSlash) return -EISDIR;
        if (!permission(pr.dir.inode, W_OK, t.cred)) return -EACCES;
        if (isReadOnly(pr.dir)) return -EROFS;
        const ops = pr.dir.inode.sb.dirOps;
        if (!ops.create) return -EACCES;
        const ino = ops.create(pr.dir.inode, pr.name, S_IFREG | (mode & 0o7777 & ~t.fs.umask), t.cred.fsuid, t.cred.fsgid, 0);
        if (typeof ino === 'number') return ino;
        const f = new File(ino, { mnt: pr.dir.mnt, inode: ino }, flags, regularFileOps);
        return f;
      }
    }
  } else {
    p = resolve(t.fs, t.cred, path, !(flags & O_NOFOLLOW));
    if (typeof p === 'number') return p;
  }
  const inode = p.inode;
  if (inode.isLink()) return flags & O_PATH ? new File(inode, p, flags, {}) : -ELOOP;
  if ((flags & O_DIRECTORY) && !inode.isDir()) return -ENOTDIR;
  if (inode.isDir() && (acc === O_WRONLY || acc === O_RDWR || flags & O_TRUNC)) return -EISDIR;
  if (flags & O_PATH) return new File(inode, p, flags, {});
  const want = (acc === O_RDONLY ? R_OK : acc === O_WRONLY ? W_OK : R_OK | W_OK);
  if (!permission(inode, want, t.cred)) return -EACCES;
  if ((acc !== O_RDONLY || flags & O_TRUNC) && isReadOnly(p) && (inode.isReg() || inode.isDir())) return -EROFS;
  // overlayfs copies a lower file up when it is opened for writing
  if ((acc !== O_RDONLY || flags & O_TRUNC) && inode.isReg()) {
    const cu = prepareChange(inode);
    if (cu < 0) return cu;
  }
  const ops = inode.fops ?? (inode.isDir() ? dirFileOps : inode.isReg() ? regularFileOps : null);
  if (!ops) return -ENXIO;
  // an overlay file is opened on its real (upper or lower) inode, as ovl_open does
  const fileInode = inode.isReg() && inode.sb.realInode ? inode.sb.realInode(inode) : inode;
  const f = new File(fileInode, p, flags, ops);
  if (ops.open) {
    const r = ops.open(k, t, f);
    if (r < 0) return r;
  }
  if (flags & O_TRUNC && fileInode.data && acc !== O_RDONLY) {
    fileInode.data.truncate(0);
    fileInode.mtimeNs = fileInode.ctimeNs = k.realtimeNs();
  }
  return f;
}

/** Install a file in the lowest free descriptor (>= min). */
export function installFd(t: Task, f: File, cloexec: boolean, min = 0): number {
  const fd = t.files.lowestFree(min);
  const lim = t.sig.rlim[RLIMIT_NOFILE]?.cur ?? 1024;
  if (fd >= lim) {
    if (f.refs === 0) f.ops.release?.(undefined as never, f);
    return -EMFILE;
  }
  t.files.install(fd, f, cloexec);
  return fd;
}

/** Drop one reference to a file description; the last one releases it. */
export function fput(k: Kernel, f: File): void {
  f.refs--;
  if (f.refs <= 0) f.ops.release?.(k, f);
}

export function closeFd(k: Kernel, t: Task, fd: number): number {
  const f = t.files.remove(fd);
  if (!f) return -EBADF;
  fput(k, f);
  return 0;
}

/** exit_files(): the last task using a descriptor table closes everything in it. */
export function closeAllFiles(k: Kernel, t: Task): void {
  const ft = t.files;
  ft.users--;
  if (ft.users > 0) return;
  ft.fds.forEach((e, fd) => {
    if (e) {
      ft.fds[fd] = undefined;
      fput(k, e.file);
    }
  });
  ft.fds = [];
}

/** execve(): close-on-exec descriptors go. */
export function closeOnExec(k: Kernel, t: Task): void {
  const fds = t.files.fds;
  fds.forEach((e, fd) => {
    if (e?.cloexec) {
      fds[fd] = undefined;
      fput(k, e.file);
    }
  });
  while (fds.length > 0 && fds[fds.length - 1] === undefined) fds.pop();
}

export function statOf(inode: Inode): Stat {
  const size = inode.size();
  // st_blocks in 512-byte units: data pages actually held; ext4 directories own their blocks
  // (an overlay directory reports its real directory's blocks)
  const real = inode.isDir() && inode.sb.realInode ? inode.sb.realInode(inode) : inode;
  const blocks = inode.data ? inode.data.allocatedPages * 8 : real.isDir() && real.sb.fstype === 'ext4' ? size / 512 : 0;
  return {
    dev: inode.sb.dev,
    ino: inode.ino,
    mode: inode.mode,
    nlink: inode.nlink,
    uid: inode.uid,
    gid: inode.gid,
    rdev: inode.rdev,
    size,
    blksize: 4096,
    blocks,
    atimeNs: inode.atimeNs,
    mtimeNs: inode.mtimeNs,
    ctimeNs: inode.ctimeNs,
  };
}

export function listDir(p: Path, root: Path): Dirent[] {
  const inode = p.inode;
  const parentIno = p.inode === root.inode && p.mnt === root.mnt ? inode : (inode.parent ?? inode);
  const out: Dirent[] = [
    { name: '.', ino: inode.ino, type: dtype(inode.mode) },
    { name: '..', ino: parentIno.ino, type: dtype(parentIno.mode) },
  ];
  for (const e of inode.sb.dirOps.list(inode)) out.push({ name: e.name, ino: e.inode.ino, type: dtype(e.inode.mode) });
  return out;
}

export function lseekFile(f: File, off: number, whence: number): number {
  if (!f.ops.seekable) return -ESPIPE;
  let base: number;
  if (whence === SEEK_SET) base = 0;
  else if (whence === SEEK_CUR) base = f.pos;
  else if (whence === SEEK_END) base = f.snapshot ? f.snapshot.length : f.inode.size();
  else return -EINVAL;
  const np = base + off;
  if (np < 0) return -EINVAL;
  f.pos = np;
  return np;
}

export function mkdirAt(k: Kernel, t: Task, path: string, mode: number): number {
  const pr = resolveParent(t.fs, t.cred, path);
  if (typeof pr === 'number') return pr;
  if (pr.name === '' || pr.name === '.' || pr.name === '..') return -EEXIST;
  if (pr.dir.inode.sb.dirOps.lookup(pr.dir.inode, pr.name)) return -EEXIST;
  if (!permission(pr.dir.inode, W_OK, t.cred)) return -EACCES;
  if (isReadOnly(pr.dir)) return -EROFS;
  const create = pr.dir.inode.sb.dirOps.create;
  if (!create) return -EACCES;
  const r = create(pr.dir.inode, pr.name, S_IFDIR | (mode & 0o7777 & ~t.fs.umask), t.cred.fsuid, t.cred.fsgid, 0);
  void k;
  return typeof r === 'number' ? r : 0;
}

export function pathOf(t: Task, p: Path): string {
  return pathName(p, t.fs.root);
}


// File syscalls (fs/open.c, read_write.c, namei.c, stat.c, fcntl.c, pipe.c, select.c).
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import { capable } from '../task/cred';
import { capableWrtInode } from '../fs/perm';
import { prepareChange, attrsChanged } from '../fs/inode';
import {
  openPath, installFd, closeFd, fput, statOf, listDir, lseekFile, mkdirAt, isReadOnly, pathOf,
} from '../fs/vfs';
import { resolve, resolveParent } from '../fs/namei';
import { permission } from '../fs/perm';
import { createPipe } from '../fs/pipe';
import { WouldBlock } from '../task/wait';
import type { Inode } from '../fs/inode';
import {
  EBADF, EINVAL, ENOTDIR, EISDIR, EEXIST, ENOENT, EACCES, EROFS, EPERM, EXDEV, EBUSY, ENOTEMPTY, EFAULT,
  ENOTTY, ENAMETOOLONG,
} from '../abi/errno';
import {
  O_CLOEXEC, O_NONBLOCK, F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL, FD_CLOEXEC,
  W_OK, R_OK, X_OK, S_IFMT, S_IFREG, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK, POLLNVAL, O_APPEND, RLIMIT_NOFILE,
} from '../abi/flags';
import { utf8 } from '../lib/text';
import type { PollFd, Stat } from './api';
import { EINTR_RESTART } from '../tty/tty';

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
const isStr = (x: unknown): x is string => typeof x === 'string';

function fileOf(t: Task, fd: unknown) {
  return isInt(fd) ? t.files.get(fd)?.file : undefined;
}

export function sys_open(k: Kernel, t: Task, path: unknown, flags: unknown, mode: unknown): unknown {
  if (!isStr(path) || !isInt(flags)) return -EFAULT;
  const f = openPath(k, t, path, flags, isInt(mode) ? mode : 0o666);
  if (typeof f === 'number') return f;
  return installFd(t, f, (flags & O_CLOEXEC) !== 0);
}

export function sys_close(k: Kernel, t: Task, fd: unknown): unknown {
  if (!isInt(fd)) return -EBADF;
  return closeFd(k, t, fd);
}

export function sys_read(k: Kernel, t: Task, fd: unknown, count: unknown): unknown {
  const f = fileOf(t, fd);
  if (!f || !f.readable) return -EBADF;
  if (!isInt(count) || count < 0) return -EINVAL;
  if (!f.ops.read) return -EINVAL;
  const n = Math.min(count, 1 << 20);
  const r = f.ops.read(k, t, f, n);
  if (r instanceof WouldBlock) return k.blockOn(t, r, () => sys_read(k, t, fd, count));
  return r;
}

export function sys_write(k: Kernel, t: Task, fd: unknown, data: unknown): unknown {
  const f = fileOf(t, fd);
  if (!f || !f.writable) return -EBADF;
  const bytes = typeof data === 'string' ? utf8(data) : data instanceof Uint8Array ? data : null;
  if (!bytes) return -EFAULT;
  if (!f.ops.write) return -EINVAL;
  if (bytes.length === 0) return 0;
  return writeLoop(k, t, f, bytes, 0);
}

/**
 * A blocking write returns only when everything is written (pipe_write waits for room again);
 * a signal after part of it was written makes it return the count so far.
 */
function writeLoop(k: Kernel, t: Task, f: NonNullable<ReturnType<typeof fileOf>>, bytes: Uint8Array, done: number): unknown {
  for (;;) {
    const r = f.ops.write!(k, t, f, done === 0 ? bytes : bytes.subarray(done));
    if (r instanceof WouldBlock) {
      return k.blockOn(t, r, () => writeLoop(k, t, f, bytes, done), 'sa_restart', done > 0 ? () => done : undefined);
    }
    if (r < 0) return done > 0 ? done : r;
    done += r;
    if (done >= bytes.length || f.flags & O_NONBLOCK || r === 0) return done;
  }
}

export function sys_lseek(_k: Kernel, t: Task, fd: unknown, off: unknown, whence: unknown): unknown {
  const f = fileOf(t, fd);
  if (!f) return -EBADF;
  if (!isInt(off) || !isInt(whence)) return -EINVAL;
  return lseekFile(f, off, whence);
}

export function sys_pipe(k: Kernel, t: Task, flags: unknown): unknown {
  const fl = isInt(flags) ? flags : 0;
  if (fl & ~(O_CLOEXEC | O_NONBLOCK)) return -EINVAL;
  const [r, w] = createPipe(k, k.pipeSb, t.fs.root, fl);
  const rfd = installFd(t, r, (fl & O_CLOEXEC) !== 0);
  if (rfd < 0) return rfd;
  const wfd = installFd(t, w, (fl & O_CLOEXEC) !== 0);
  if (wfd < 0) {
    closeFd(k, t, rfd);
    return wfd;
  }
  return [rfd, wfd];
}

export function sys_dup(_k: Kernel, t: Task, fd: unknown): unknown {
  const f = fileOf(t, fd);
  if (!f) return -EBADF;
  return installFd(t, f, false);
}

export function sys_dup2(k: Kernel, t: Task, oldfd: unknown, newfd: unknown, flags: unknown): unknown {
  const f = fileOf(t, oldfd);
  if (!f || !isInt(newfd) || newfd < 0) return -EBADF;
  const lim = t.sig.rlim[RLIMIT_NOFILE]?.cur ?? 1024;
  if (newfd >= lim) return -EBADF;
  if (oldfd === newfd) return newfd;
  const old = t.files.remove(newfd);
  t.files.install(newfd, f, ((isInt(flags) ? flags : 0) & O_CLOEXEC) !== 0);
  if (old) fput(k, old);
  return newfd;
}

export function sys_fcntl(_k: Kernel, t: Task, fd: unknown, cmd: unknown, arg: unknown): unknown {
  const e = isInt(fd) ? t.files.get(fd) : undefined;
  if (!e) return -EBADF;
  const a = isInt(arg) ? arg : 0;
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      return installFd(t, e.file, cmd === F_DUPFD_CLOEXEC, a);
    case F_GETFD:
      return e.cloexec ? FD_CLOEXEC : 0;
    case F_SETFD:
      e.cloexec = (a & FD_CLOEXEC) !== 0;
      return 0;
    case F_GETFL:
      return e.file.flags;
    case F_SETFL:
      e.file.flags = (e.file.flags & ~(O_APPEND | O_NONBLOCK)) | (a & (O_APPEND | O_NONBLOCK));
      return 0;
    default:
      return -EINVAL;
  }
}

export function sys_ioctl(k: Kernel, t: Task, fd: unknown, req: unknown, arg: unknown): unknown {
  const f = fileOf(t, fd);
  if (!f) return -EBADF;
  if (!f.ops.ioctl || !isInt(req)) return -ENOTTY;
  const r = f.ops.ioctl(k, t, f, req, arg);
  if (r === -EINTR_RESTART) {
    // a background job touched its terminal: it was sent SIGTTOU and retries once continued
    return k.block(t, { queues: [], retry: () => sys_ioctl(k, t, fd, req, arg), wchan: 'tty_check_change' });
  }
  return r;
}

function statPath(t: Task, path: unknown, follow: boolean): unknown {
  if (!isStr(path)) return -EFAULT;
  const p = resolve(t.fs, t.cred, path, follow);
  if (typeof p === 'number') return p;
  return statAs(t, statOf(p.inode));
}

export function sys_stat(_k: Kernel, t: Task, path: unknown): unknown {
  return statPath(t, path, true);
}

export function sys_lstat(_k: Kernel, t: Task, path: unknown): unknown {
  return statPath(t, path, false);
}

export function sys_fstat(_k: Kernel, t: Task, fd: unknown): unknown {
  const f = fileOf(t, fd);
  if (!f) return -EBADF;
  return statAs(t, statOf(f.inode));
}

export function sys_getdents(_k: Kernel, t: Task, fd: unknown): unknown {
  const f = fileOf(t, fd);
  if (!f) return -EBADF;
  if (!f.inode.isDir()) return -ENOTDIR;
  return listDir(f.path, t.fs.root);
}

export function sys_mkdir(k: Kernel, t: Task, path: unknown, mode: unknown): unknown {
  if (!isStr(path)) return -EFAULT;
  return mkdirAt(k, t, path, isInt(mode) ? mode : 0o777);
}

export function sys_mknod(k: Kernel, t: Task, path: unknown, mode: unknown, dev: unknown): unknown {
  if (!isStr(path) || !isInt(mode)) return -EFAULT;
  const type = mode & S_IFMT;
  if (![S_IFREG, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK, 0].includes(type)) return -EINVAL;
  if ((type === S_IFCHR || type === S_IFBLK) && !capable(t.cred)) return -EPERM;
  const pr = resolveParent(t.fs, t.cred, path);
  if (typeof pr === 'number') return pr;
  if (pr.dir.inode.sb.dirOps.lookup(pr.dir.inode, pr.name)) return -EEXIST;
  if (!permission(pr.dir.inode, W_OK, t.cred)) return -EACCES;
  if (isReadOnly(pr.dir)) return -EROFS;
  const create = pr.dir.inode.sb.dirOps.create;
  if (!create) return -EPERM;
  const r = create(pr.dir.inode, pr.name, (type || S_IFREG) | (mode & 0o7777 & ~t.fs.umask), t.cred.fsuid, t.cred.fsgid, isInt(dev) ? dev : 0);
  if (typeof r === 'number') return r;
  k.attachDeviceOps(r);
  return 0;
}

/** may_delete(): write+search on the directory, sticky-bit ownership rule. */
function mayDelete(t: Task, dir: Inode, victim: Inode): number {
  if (!permission(dir, W_OK | X_OK, t.cred)) return -EACCES;
  if (dir.mode & 0o1000 && !capableWrtInode(t.cred, victim) && t.cred.fsuid !== victim.uid && t.cred.fsuid !== dir.uid) return -EPERM;
  return 0;
}

function isMountpoint(k: Kernel, ino: Inode): boolean {
  return k.isMountpoint(ino);
}

export function sys_rmdir(k: Kernel, t: Task, path: unknown): unknown {
  if (!isStr(path)) return -EFAULT;
  const pr = resolveParent(t.fs, t.cred, path);
  if (typeof pr === 'number') return pr;
  if (pr.name === '.') return -EINVAL;
  if (pr.name === '..' || pr.name === '') return -ENOTEMPTY;
  const victim = pr.dir.inode.sb.dirOps.lookup(pr.dir.inode, pr.name);
  if (!victim) return -ENOENT;
  if (!victim.isDir()) return -ENOTDIR;
  const d = mayDelete(t, pr.dir.inode, victim);
  if (d) return d;
  if (isMountpoint(k, victim) || victim === t.fs.root.inode) return -EBUSY;
  if (isReadOnly(pr.dir)) return -EROFS;
  const un = pr.dir.inode.sb.dirOps.unlink;
  if (!un) return -EPERM;
  return un(pr.dir.inode, pr.name);
}

export function sys_unlink(k: Kernel, t: Task, path: unknown): unknown {
  if (!isStr(path)) return -EFAULT;
  const pr = resolveParent(t.fs, t.cred, path);
  if (typeof pr === 'number') return pr;
  const victim = pr.dir.inode.sb.dirOps.lookup(pr.dir.inode, pr.name);
  if (!victim) return -ENOENT;
  if (victim.isDir()) return -EISDIR;
  if (pr.trailingSlash) return -ENOTDIR;
  const d = mayDelete(t, pr.dir.inode, victim);
  if (d) return d;
  if (isMountpoint(k, victim)) return -EBUSY;
  if (isReadOnly(pr.dir)) return -EROFS;
  const un = pr.dir.inode.sb.dirOps.unlink;
  if (!un) return -EPERM;
  return un(pr.dir.inode, pr.name);
}

export function sys_rename(k: Kernel, t: Task, oldpath: unknown, newpath: unknown): unknown {
  if (!isStr(oldpath) || !isStr(newpath)) return -EFAULT;
  const o = resolveParent(t.fs, t.cred, oldpath);
  if (typeof o === 'number') return o;
  const n = resolveParent(t.fs, t.cred, newpath);
  if (typeof n === 'number') return n;
  if (['', '.', '..'].includes(o.name) || ['', '.', '..'].includes(n.name)) return -EBUSY;
  if (o.dir.mnt !== n.dir.mnt) return -EXDEV;
  const src = o.dir.inode.sb.dirOps.lookup(o.dir.inode, o.name);
  if (!src) return -ENOENT;
  const d = mayDelete(t, o.dir.inode, src);
  if (d) return d;
  if (!permission(n.dir.inode, W_OK | X_OK, t.cred)) return -EACCES;
  if (isMountpoint(k, src)) return -EBUSY;
  // a directory cannot move into its own subtree
  if (src.isDir()) for (let a: typeof src | undefined = n.dir.inode; a; a = a.parent === a ? undefined : a.parent) if (a === src) return -EINVAL;
  if (isReadOnly(o.dir)) return -EROFS;
  const rn = o.dir.inode.sb.dirOps.rename;
  if (!rn) return -EPERM;
  return rn(o.dir.inode, o.name, n.dir.inode, n.name);
}

export function sys_link(_k: Kernel, t: Task, oldpath: unknown, newpath: unknown): unknown {
  if (!isStr(oldpath) || !isStr(newpath)) return -EFAULT;
  const src = resolve(t.fs, t.cred, oldpath, false);
  if (typeof src === 'number') return src;
  const n = resolveParent(t.fs, t.cred, newpath);
  if (typeof n === 'number') return n;
  if (src.mnt !== n.dir.mnt) return -EXDEV;
  if (src.inode.isDir()) return -EPERM;
  if (n.dir.inode.sb.dirOps.lookup(n.dir.inode, n.name)) return -EEXIST;
  if (!permission(n.dir.inode, W_OK | X_OK, t.cred)) return -EACCES;
  if (isReadOnly(n.dir)) return -EROFS;
  const ln = n.dir.inode.sb.dirOps.link;
  if (!ln) return -EPERM;
  return ln(n.dir.inode, n.name, src.inode);
}

export function sys_symlink(_k: Kernel, t: Task, target: unknown, linkpath: unknown): unknown {
  if (!isStr(target) || !isStr(linkpath)) return -EFAULT;
  if (target.length === 0) return -ENOENT;
  if (target.length >= 4096) return -ENAMETOOLONG;
  const n = resolveParent(t.fs, t.cred, linkpath);
  if (typeof n === 'number') return n;
  if (n.dir.inode.sb.dirOps.lookup(n.dir.inode, n.name)) return -EEXIST;
  if (!permission(n.dir.inode, W_OK | X_OK, t.cred)) return -EACCES;
  if (isReadOnly(n.dir)) return -EROFS;
  const sl = n.dir.inode.sb.dirOps.symlink;
  if (!sl) return -EPERM;
  const r = sl(n.dir.inode, n.name, target, t.cred.fsuid, t.cred.fsgid);
  return typeof r === 'number' ? r : 0;
}

export function sys_readlink(_k: Kernel, t: Task, path: unknown): unknown {
  if (!isStr(path)) return -EFAULT;
  const p = resolve(t.fs, t.cred, path, false);
  if (typeof p === 'number') return p;
  if (!p.inode.isLink()) return -EINVAL;
  return p.inode.target ?? '';
}

export function sys_chmod(k: Kernel, t: Task, path: unknown, mode: unknown): unknown {
  if (!isStr(path) || !isInt(mode)) return -EFAULT;
  const p = resolve(t.fs, t.cred, path, true);
  if (typeof p === 'number') return p;
  if (!capableWrtInode(t.cred, p.inode) && t.cred.fsuid !== p.inode.uid) return -EPERM;
  if (isReadOnly(p)) return -EROFS;
  const cu = prepareChange(p.inode);
  if (cu < 0) return cu;
  p.inode.mode = (p.inode.mode & S_IFMT) | (mode & 0o7777);
  p.inode.ctimeNs = k.realtimeNs();
  attrsChanged(p.inode);
  return 0;
}

export function sys_chown(k: Kernel, t: Task, path: unknown, uid: unknown, gid: unknown, nofollow: unknown): unknown {
  if (!isStr(path) || !isInt(uid) || !isInt(gid)) return -EFAULT;
  const p = resolve(t.fs, t.cred, path, !nofollow);
  if (typeof p === 'number') return p;
  if (!capableWrtInode(t.cred, p.inode)) return -EPERM;
  if (isReadOnly(p)) return -EROFS;
  // ids are given in the caller's user namespace (make_kuid); an unmapped one is EINVAL
  const kuid = uid === -1 ? -1 : t.cred.userNs.toKuid(uid);
  const kgid = gid === -1 ? -1 : t.cred.userNs.toKgid(gid);
  if ((uid !== -1 && kuid < 0) || (gid !== -1 && kgid < 0)) return -EINVAL;
  const cu = prepareChange(p.inode);
  if (cu < 0) return cu;
  if (kuid !== -1) p.inode.uid = kuid;
  if (kgid !== -1) p.inode.gid = kgid;
  attrsChanged(p.inode);
  p.inode.ctimeNs = k.realtimeNs();
  return 0;
}

function doTruncate(k: Kernel, ino: Inode, len: number): number {
  if (len < 0) return -EINVAL;
  if (ino.isDir()) return -EISDIR;
  if (!ino.data) return -EINVAL;
  ino.data.truncate(len);
  ino.mtimeNs = ino.ctimeNs = k.realtimeNs();
  return 0;
}

export function sys_truncate(k: Kernel, t: Task, path: unknown, len: unknown): unknown {
  if (!isStr(path) || !isInt(len)) return -EFAULT;
  const p = resolve(t.fs, t.cred, path, true);
  if (typeof p === 'number') return p;
  if (!permission(p.inode, W_OK, t.cred)) return -EACCES;
  if (isReadOnly(p)) return -EROFS;
  const cu = prepareChange(p.inode);
  if (cu < 0) return cu;
  return doTruncate(k, p.inode, len);
}

export function sys_ftruncate(k: Kernel, t: Task, fd: unknown, len: unknown): unknown {
  const f = fileOf(t, fd);
  if (!f) return -EBADF;
  if (!f.writable) return -EINVAL;
  if (!isInt(len)) return -EINVAL;
  return doTruncate(k, f.inode, len);
}

export function sys_utimens(k: Kernel, t: Task, path: unknown, atime: unknown, mtime: unknown): unknown {
  if (!isStr(path)) return -EFAULT;
  const p = resolve(t.fs, t.cred, path, true);
  if (typeof p === 'number') return p;
  const now = k.realtimeNs();
  const explicit = typeof atime === 'number' || typeof mtime === 'number';
  if (!capableWrtInode(t.cred, p.inode) && t.cred.fsuid !== p.inode.uid && (explicit || !permission(p.inode, W_OK, t.cred))) return explicit ? -EPERM : -EACCES;
  if (isReadOnly(p)) return -EROFS;
  const cu = prepareChange(p.inode);
  if (cu < 0) return cu;
  p.inode.atimeNs = typeof atime === 'number' ? atime : now;
  p.inode.mtimeNs = typeof mtime === 'number' ? mtime : now;
  p.inode.ctimeNs = now;
  attrsChanged(p.inode);
  return 0;
}

export function sys_access(_k: Kernel, t: Task, path: unknown, mode: unknown): unknown {
  if (!isStr(path) || !isInt(mode)) return -EFAULT;
  // access() checks with the real uid
  const cred = t.cred.clone();
  cred.fsuid = cred.euid = t.cred.uid;
  cred.fsgid = t.cred.gid;
  const p = resolve(t.fs, cred, path, true);
  if (typeof p === 'number') return p;
  if (mode & W_OK && isReadOnly(p) && (p.inode.isReg() || p.inode.isDir())) return -EROFS;
  return permission(p.inode, mode & (R_OK | W_OK | X_OK), cred) ? 0 : -EACCES;
}

export function sys_chdir(_k: Kernel, t: Task, path: unknown): unknown {
  if (!isStr(path)) return -EFAULT;
  const p = resolve(t.fs, t.cred, path, true);
  if (typeof p === 'number') return p;
  if (!p.inode.isDir()) return -ENOTDIR;
  if (!permission(p.inode, X_OK, t.cred)) return -EACCES;
  t.fs.cwd = p;
  return 0;
}

export function sys_fchdir(_k: Kernel, t: Task, fd: unknown): unknown {
  const f = fileOf(t, fd);
  if (!f) return -EBADF;
  if (!f.inode.isDir()) return -ENOTDIR;
  t.fs.cwd = f.path;
  return 0;
}

export function sys_getcwd(_k: Kernel, t: Task): unknown {
  return pathOf(t, t.fs.cwd);
}

export function sys_umask(_k: Kernel, t: Task, mask: unknown): unknown {
  const old = t.fs.umask;
  if (isInt(mask)) t.fs.umask = mask & 0o777;
  return old;
}

export function sys_poll(k: Kernel, t: Task, fds: unknown, timeoutNs: unknown, deadline?: number): unknown {
  if (!Array.isArray(fds)) return -EFAULT;
  const list = fds as PollFd[];
  const timeout = isInt(timeoutNs) || typeof timeoutNs === 'number' ? (timeoutNs as number) : -1;
  const until = deadline ?? (timeout < 0 ? Infinity : k.timers.now + timeout);
  const revents: number[] = [];
  let ready = 0;
  const queues = [];
  for (const p of list) {
    const f = p && isInt(p.fd) ? t.files.get(p.fd)?.file : undefined;
    if (!f) {
      revents.push(p && p.fd < 0 ? 0 : POLLNVAL);
      if (p && p.fd >= 0) ready++;
      continue;
    }
    const ev = f.ops.poll ? f.ops.poll(k, f) : 0x5; // regular files are always ready
    const r = ev & ((p.events | 0) | 0x38); // POLLERR|POLLHUP|POLLNVAL always reported
    revents.push(r);
    if (r) ready++;
    if (f.ops.pollQueues) queues.push(...f.ops.pollQueues(f));
  }
  if (ready > 0 || k.timers.now >= until) return revents;
  return k.block(t, {
    queues,
    retry: () => sys_poll(k, t, fds, timeoutNs, until),
    timeoutAt: until,
    restart: 'never',
    wchan: 'do_sys_poll',
  });
}

/** st_uid/st_gid in the caller's user namespace (unmapped owners show as 65534). */
function statAs(t: Task, st: Stat): Stat {
  const ns = t.cred.userNs;
  if (!ns.parent) return st;
  return { ...st, uid: ns.fromKuid(st.uid), gid: ns.fromKgid(st.gid) };
}

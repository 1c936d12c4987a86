// Extended attributes (fs/xattr.c) and statfs(2). Namespaces: trusted.* needs CAP_SYS_ADMIN (and
// is invisible to others in listxattr), user.* needs the file's read/write permission and only
// exists on regular files and directories, security.* is stored as given; anything else is
// EOPNOTSUPP. procfs, sysfs, cgroupfs and devpts do not support xattrs.
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import type { Inode } from '../fs/inode';
import { prepareChange } from '../fs/inode';
import { resolve } from '../fs/namei';
import { permission } from '../fs/perm';
import { isReadOnly } from '../fs/vfs';
import { capable } from '../task/cred';
import { R_OK, W_OK } from '../abi/flags';
import { EFAULT, ENODATA, EOPNOTSUPP, EPERM, EACCES, EEXIST, EROFS, ERANGE, EINVAL } from '../abi/errno';
import { utf8 } from '../lib/text';
import type { Statfs } from './api';
import { overlayOf } from '../fs/overlayfs';

const isStr = (x: unknown): x is string => typeof x === 'string';
const XATTR_CREATE = 1;
const XATTR_REPLACE = 2;
const XATTR_SIZE_MAX = 65536;
const NO_XATTR_FS = new Set(['proc', 'sysfs', 'cgroup', 'cgroup2', 'devpts', 'nsfs', 'pipefs']);

/** xattr_permission: 0 or -errno for reading (write=false) or changing (write=true) `name`. */
function xattrPermission(t: Task, ino: Inode, name: string, write: boolean): number {
  if (NO_XATTR_FS.has(ino.sb.fstype)) return -EOPNOTSUPP;
  if (name.startsWith('trusted.')) return capable(t.cred) ? 0 : write ? -EPERM : -ENODATA;
  if (name.startsWith('security.')) return write && !capable(t.cred) ? -EPERM : 0;
  if (name.startsWith('user.')) {
    if (!ino.isReg() && !ino.isDir()) return write ? -EPERM : -ENODATA;
    return permission(ino, write ? W_OK : R_OK, t.cred) ? 0 : -EACCES;
  }
  return -EOPNOTSUPP;
}

function lookupPath(t: Task, path: unknown, nofollow: unknown): ReturnType<typeof resolve> {
  if (!isStr(path)) return -EFAULT;
  return resolve(t.fs, t.cred, path, !nofollow);
}

export function sys_getxattr(_k: Kernel, t: Task, path: unknown, name: unknown, nofollow: unknown): unknown {
  if (!isStr(name)) return -EFAULT;
  const p = lookupPath(t, path, nofollow);
  if (typeof p === 'number') return p;
  const perm = xattrPermission(t, p.inode, name, false);
  if (perm < 0) return perm;
  const v = p.inode.xattrs?.get(name);
  return v ? v.slice() : -ENODATA;
}

export function sys_setxattr(k: Kernel, t: Task, path: unknown, name: unknown, value: unknown, flags: unknown, nofollow: unknown): unknown {
  if (!isStr(name) || (typeof value !== 'string' && !(value instanceof Uint8Array))) return -EFAULT;
  if (name.length === 0 || name.length > 255) return -ERANGE;
  const f = typeof flags === 'number' ? flags : 0;
  if (f & ~(XATTR_CREATE | XATTR_REPLACE)) return -EINVAL;
  const bytes = typeof value === 'string' ? utf8(value) : value;
  if (bytes.length > XATTR_SIZE_MAX) return -ERANGE;
  const p = lookupPath(t, path, nofollow);
  if (typeof p === 'number') return p;
  const perm = xattrPermission(t, p.inode, name, true);
  if (perm < 0) return perm;
  if (isReadOnly(p)) return -EROFS;
  const has = p.inode.xattrs?.has(name) ?? false;
  if (f & XATTR_CREATE && has) return -EEXIST;
  if (f & XATTR_REPLACE && !has) return -ENODATA;
  const cu = prepareChange(p.inode);
  if (cu < 0) return cu;
  (p.inode.xattrs ??= new Map()).set(name, bytes.slice());
  p.inode.ctimeNs = k.realtimeNs();
  p.inode.sb.syncAttrs?.(p.inode);
  return 0;
}

export function sys_listxattr(_k: Kernel, t: Task, path: unknown, nofollow: unknown): unknown {
  const p = lookupPath(t, path, nofollow);
  if (typeof p === 'number') return p;
  if (NO_XATTR_FS.has(p.inode.sb.fstype)) return [];
  const out: string[] = [];
  for (const n of p.inode.xattrs?.keys() ?? []) if (!n.startsWith('trusted.') || capable(t.cred)) out.push(n);
  return out;
}

export function sys_removexattr(k: Kernel, t: Task, path: unknown, name: unknown, nofollow: unknown): unknown {
  if (!isStr(name)) return -EFAULT;
  const p = lookupPath(t, path, nofollow);
  if (typeof p === 'number') return p;
  const perm = xattrPermission(t, p.inode, name, true);
  if (perm < 0) return perm;
  if (isReadOnly(p)) return -EROFS;
  if (!p.inode.xattrs?.has(name)) return -ENODATA;
  const cu = prepareChange(p.inode);
  if (cu < 0) return cu;
  p.inode.xattrs!.delete(name);
  p.inode.ctimeNs = k.realtimeNs();
  p.inode.sb.syncAttrs?.(p.inode);
  return 0;
}

/** Bytes held by a filesystem's files (what df reports as used), counted in 4 KiB blocks. */
function usedBytes(root: Inode): { bytes: number; inodes: number } {
  let bytes = 0;
  let inodes = 0;
  const seen = new Set<Inode>();
  const walk = (ino: Inode): void => {
    if (seen.has(ino)) return;
    seen.add(ino);
    inodes++;
    if (ino.data) bytes += Math.ceil(ino.data.residentBytes / 4096) * 4096;
    else if (ino.isDir()) bytes += 4096;
    if (ino.entries) for (const c of ino.entries.values()) walk(c);
  };
  walk(root);
  return { bytes, inodes };
}

export function sys_statfs(_k: Kernel, t: Task, path: unknown): unknown {
  if (!isStr(path)) return -EFAULT;
  const p = resolve(t.fs, t.cred, path, true);
  if (typeof p === 'number') return p;
  const sb = p.inode.sb;
  // overlayfs reports the space of its upper filesystem (ovl_statfs), or of the top lower one
  const ovl = overlayOf(sb);
  const space = ovl ? (ovl.layers.upper ?? ovl.layers.lowers[0]!).inode.sb : sb;
  const bsize = 4096;
  const ro = p.mnt.readOnly;
  const flagBits = (ro ? 1 : 0) | (p.mnt.flags.includes('nosuid') ? 2 : 0) | (p.mnt.flags.includes('nodev') ? 4 : 0) | (p.mnt.flags.includes('noexec') ? 8 : 0) | (p.mnt.flags.includes('relatime') ? 0x1000 : 0);
  const st: Statfs = { type: sb.magic, bsize, blocks: 0, bfree: 0, bavail: 0, files: 0, ffree: 0, namelen: 255, frsize: bsize, flags: flagBits };
  if (space.sizeBytes > 0 && space.root.entries) {
    const used = usedBytes(space.root);
    st.blocks = Math.floor(space.sizeBytes / bsize);
    st.bfree = Math.max(0, st.blocks - Math.ceil(used.bytes / bsize));
    // ext4 keeps 5 % of the blocks for root
    st.bavail = space.fstype === 'ext4' ? Math.max(0, st.bfree - Math.floor(st.blocks * 0.05)) : st.bfree;
    st.files = Math.max(used.inodes, Math.floor(space.sizeBytes / 16384));
    st.ffree = st.files - used.inodes;
  }
  return st;
}

// Extended attributes (fs/xattr.c). Namespaces: trusted.* needs CAP_SYS_ADMIN (and
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

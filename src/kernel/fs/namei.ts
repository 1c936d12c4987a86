// Path resolution (fs/namei.c): walk components from the task's root or cwd, check search
// permission, cross mount points downwards and upwards, follow symlinks (at most 40, ELOOP).
import { ENOENT, ENOTDIR, ELOOP, EACCES, ENAMETOOLONG } from '../abi/errno';
import { X_OK } from '../abi/flags';
import type { Path } from './path';
import type { Inode } from './inode';
import type { Cred } from '../task/cred';
import { permission } from './perm';

export interface FsContext {
  root: Path;
  cwd: Path;
}

const MAXSYMLINKS = 40;
const PATH_MAX = 4096;
const NAME_MAX = 255;

/** Step into whatever is mounted on (mnt, inode), repeatedly (stacked mounts). */
export function followMountsDown(p: Path): Path {
  let cur = p;
  for (;;) {
    const m = cur.mnt.children.get(cur.inode);
    if (!m) return cur;
    cur = { mnt: m, inode: m.root };
  }
}

/** ".." of a path, staying inside `root` and climbing out of mounts (follow_dotdot). */
export function parentOf(p: Path, root: Path): Path {
  let cur = p;
  for (;;) {
    if (cur.mnt === root.mnt && cur.inode === root.inode) return cur;
    if (cur.inode === cur.mnt.root) {
      if (!cur.mnt.parent || !cur.mnt.mountpoint) return cur;
      cur = { mnt: cur.mnt.parent, inode: cur.mnt.mountpoint };
      continue;
    }
    const par = cur.inode.parent ?? cur.inode;
    return followMountsDown({ mnt: cur.mnt, inode: par });
  }
}

interface WalkState {
  links: number;
}

/**
 * Resolve `path`. With follow=false a final symlink is returned itself (lstat, unlink, readlink).
 * Returns the path or -errno.
 */
export function resolve(fs: FsContext, cred: Cred, path: string, follow = true): Path | number {
  if (path.length === 0) return -ENOENT;
  if (path.length >= PATH_MAX) return -ENAMETOOLONG;
  return walk(fs, cred, path.startsWith('/') ? fs.root : fs.cwd, path, follow, { links: 0 });
}

/**
 * Resolve all but the last component: returns the parent directory and the final name (for
 * create, unlink, rename, mkdir). The name is '' for "/" and may be "." or "..".
 */
export function resolveParent(fs: FsContext, cred: Cred, path: string): { dir: Path; name: string; trailingSlash: boolean } | number {
  if (path.length === 0) return -ENOENT;
  if (path.length >= PATH_MAX) return -ENAMETOOLONG;
  const trailingSlash = /[^/]\/+$/.test(path);
  const trimmed = path.replace(/\/+$/, '');
  const idx = trimmed.lastIndexOf('/');
  const name = idx >= 0 ? trimmed.slice(idx + 1) : trimmed;
  if (name.length > NAME_MAX) return -ENAMETOOLONG;
  const dirPart = idx > 0 ? trimmed.slice(0, idx) : idx === 0 ? '/' : '.';
  const dir = walk(fs, cred, path.startsWith('/') ? fs.root : fs.cwd, dirPart, true, { links: 0 });
  if (typeof dir === 'number') return dir;
  if (!dir.inode.isDir()) return -ENOTDIR;
  return { dir, name, trailingSlash };
}

function walk(fs: FsContext, cred: Cred, start: Path, path: string, follow: boolean, st: WalkState): Path | number {
  let cur = start;
  const comps = path.split('/');
  const mustBeDir = path.endsWith('/') && path.length > 1;
  // index of the last non-empty component ("a/b/" ends at b)
  let lastReal = comps.length - 1;
  while (lastReal > 0 && comps[lastReal] === '') lastReal--;
  for (let i = 0; i < comps.length; i++) {
    const c = comps[i]!;
    if (c === '' || c === '.') {
      if (c === '.' && !cur.inode.isDir()) return -ENOTDIR;
      continue;
    }
    if (!cur.inode.isDir()) return -ENOTDIR;
    if (!permission(cur.inode, X_OK, cred)) return -EACCES;
    if (c === '..') {
      cur = parentOf(cur, fs.root);
      continue;
    }
    if (c.length > NAME_MAX) return -ENAMETOOLONG;
    const child = lookupChild(cur.inode, c);
    if (!child) return -ENOENT;
    let next: Path = followMountsDown({ mnt: cur.mnt, inode: child });
    const isLast = i >= lastReal;
    if (next.inode.isLink() && (!isLast || follow || mustBeDir)) {
      if (++st.links > MAXSYMLINKS) return -ELOOP;
      // procfs "magic" links (/proc/PID/ns/*) lead to an object, not to a path name
      const magic = next.inode.followLink;
      if (magic) {
        const r = magic();
        if (typeof r === 'number') return r;
        cur = r;
        continue;
      }
      const target = next.inode.target ?? '';
      const r = walk(fs, cred, target.startsWith('/') ? fs.root : cur, target, true, st);
      if (typeof r === 'number') return r;
      next = r;
    }
    cur = next;
  }
  if (mustBeDir && !cur.inode.isDir()) return -ENOTDIR;
  return cur;
}

export function lookupChild(dir: Inode, name: string): Inode | undefined {
  return dir.sb.dirOps.lookup(dir, name);
}

/** The absolute path of `p` as seen from `root` (d_path); "(unreachable)" outside it. */
export function pathName(p: Path, root: Path): string {
  const parts: string[] = [];
  let cur = p;
  for (let guard = 0; guard < 4096; guard++) {
    if (cur.mnt === root.mnt && cur.inode === root.inode) return '/' + parts.reverse().join('/');
    if (cur.inode === cur.mnt.root) {
      if (!cur.mnt.parent || !cur.mnt.mountpoint) break;
      cur = { mnt: cur.mnt.parent, inode: cur.mnt.mountpoint };
      continue;
    }
    const par = cur.inode.parent;
    if (!par) break;
    const name = nameIn(par, cur.inode);
    if (name === undefined) return '/' + parts.reverse().join('/') + ' (deleted)';
    parts.push(name);
    cur = { mnt: cur.mnt, inode: par };
  }
  return '/' + parts.reverse().join('/');
}

function nameIn(dir: Inode, child: Inode): string | undefined {
  if (dir.entries) {
    for (const [n, i] of dir.entries) if (i === child) return n;
    return undefined;
  }
  for (const e of dir.sb.dirOps.list(dir)) if (e.inode === child || e.inode.ino === child.ino) return e.name;
  return undefined;
}

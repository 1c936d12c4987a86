// /proc/PID/mounts and /proc/PID/mountinfo (fs/proc_namespace.c show_vfsmnt, show_mountinfo),
// for the mount namespace of the task, with paths relative to the task's root.
import type { Task } from '../task/task';
import type { Mount } from './path';
import type { Inode } from './inode';
import { pathName } from './namei';
import { major, minor } from '../syscall/api';

/** Where a mount is mounted, as seen from the task's root ("/" for the root mount). */
function mountPoint(m: Mount, t: Task): string {
  return m.parent && m.mountpoint ? pathName({ mnt: m, inode: m.root }, t.fs.root) : '/';
}

/** The mounts a task can see: those at or below its root (a chroot hides the rest). */
function visibleMounts(t: Task): Mount[] {
  const all = t.nsproxy.mnt.list();
  const root = t.fs.root.mnt;
  const below = new Set<Mount>();
  for (const m of all) {
    for (let x: Mount | null = m; x; x = x.parent) {
      if (x === root) {
        below.add(m);
        break;
      }
    }
  }
  return all.filter((m) => below.has(m));
}

export function renderMounts(t: Task, viewer: Task): string {
  void viewer;
  let out = '';
  for (const m of visibleMounts(t)) {
    const opts = [...m.flags, ...(m.fsopts ? [m.fsopts] : [])].join(',');
    out += `${m.devname} ${escapeMount(mountPoint(m, t))} ${m.sb.fstype} ${opts} 0 0\n`;
  }
  return out;
}

/**
 * "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue": mount id,
 * parent id, st_dev, root of the mount within its filesystem, mount point, per-mount options,
 * optional fields (shared:N, master:N, unbindable), "-", fstype, source, superblock options.
 */
export function renderMountinfo(t: Task, viewer: Task): string {
  void viewer;
  let out = '';
  for (const m of visibleMounts(t)) {
    const parentId = m.parent ? m.parent.id : 1;
    const dev = m.sb.dev;
    const rootInFs = pathInFs(m.root);
    const optional: string[] = [];
    if (m.peers) optional.push(`shared:${m.peers.id}`);
    if (m.master) optional.push(`master:${m.master.id}`);
    if (m.unbindable) optional.push('unbindable');
    const superOpts = [m.sb.readOnly ? 'ro' : 'rw', ...(m.fsopts ? [m.fsopts] : [])].join(',');
    out += `${m.id} ${parentId} ${major(dev)}:${minor(dev)} ${escapeMount(rootInFs)} ${escapeMount(mountPoint(m, t))} ${m.flags.join(',')}${optional.length ? ' ' + optional.join(' ') : ''} - ${m.sb.fstype} ${m.devname} ${superOpts}\n`;
  }
  return out;
}

/** The path of an inode from its filesystem's root (the root field of a bind mount). */
function pathInFs(ino: Inode): string {
  // nsfs dentries are named "TYPE:[INUM]" (ns_dname)
  if (ino.sb.fstype === 'nsfs' && ino !== ino.sb.root) {
    const ref = ino.priv as { type: string; ns: { inum: number } } | undefined;
    if (ref) return `${ref.type}:[${ref.ns.inum}]`;
  }
  const parts: string[] = [];
  let cur = ino;
  for (let guard = 0; guard < 4096 && cur !== cur.sb.root && cur.parent; guard++) {
    const par: Inode = cur.parent;
    const hit = par.sb.dirOps.list(par).find((e) => e.inode === cur);
    parts.push(hit ? hit.name : '?');
    cur = par;
  }
  return '/' + parts.reverse().join('/');
}

/** Spaces, tabs, newlines and backslashes are octal-escaped in mount tables. */
function escapeMount(s: string): string {
  return s.replace(/[ \t\n\\]/g, (c) => '\\' + c.charCodeAt(0).toString(8).padStart(3, '0'));
}

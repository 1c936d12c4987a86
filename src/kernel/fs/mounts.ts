// /proc/PID/mounts (fs/proc_namespace.c show_vfsmnt): "device mountpoint fstype options 0 0".
import type { Task } from '../task/task';
import { pathName } from './namei';

export function renderMounts(t: Task, viewer: Task): string {
  void viewer;
  let out = '';
  for (const m of t.nsproxy.mnt.list()) {
    const where = m.parent && m.mountpoint ? pathName({ mnt: m, inode: m.root }, t.fs.root) : '/';
    const opts = [...m.flags, ...(m.fsopts ? [m.fsopts] : [])].join(',');
    out += `${m.devname} ${escapeMount(where)} ${m.sb.fstype} ${opts} 0 0\n`;
  }
  return out;
}

/** Spaces, tabs, newlines and backslashes are octal-escaped in mount tables. */
function escapeMount(s: string): string {
  return s.replace(/[ \t\n\\]/g, (c) => '\\' + c.charCodeAt(0).toString(8).padStart(3, '0'));
}

// statfs(2) (fs/statfs.c): a filesystem's capacity and use. Block counts come from the file sizes
// held in memory (4 KiB blocks); the capacity is the superblock's size (the root disk, tmpfs size=).
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import type { Inode } from '../fs/inode';
import { resolve } from '../fs/namei';
import { EFAULT } from '../abi/errno';
import type { Statfs } from './api';
import { overlayOf } from '../fs/overlayfs';

const isStr = (x: unknown): x is string => typeof x === 'string';

/** Bytes held by a filesystem's files (what df reports as used), counted in 4 KiB blocks. */
function usedBytes(root: Inode): { bytes: number; inodes: number } {
  let bytes = 0;
  let inodes = 0;
  const seen = new Set<Inode>();
  const walk = (ino: Inode): void => {
    if (seen.has(ino)) return;
    seen.add(ino);
    inodes++;
    // pages held, as st_blocks counts them (zero-filled writes allocate pages too); only ext4
    // directories own blocks (tmpfs directories take none, an empty tmpfs reports 0 used)
    if (ino.data) bytes += ino.data.allocatedPages * 4096;
    else if (ino.isDir() && ino.sb.fstype === 'ext4') bytes += 4096;
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

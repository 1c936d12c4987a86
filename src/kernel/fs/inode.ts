// Inodes and superblocks. An inode is one file object; a directory inode's entries are held by
// its filesystem (tmpfs keeps a Map, procfs computes them on lookup).
import { S_IFMT, S_IFDIR, S_IFREG, S_IFLNK, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK } from '../abi/flags';
import { DT_DIR, DT_REG, DT_LNK, DT_CHR, DT_BLK, DT_FIFO, DT_SOCK, DT_UNKNOWN } from '../abi/flags';
import type { FileData } from './filedata';
import type { FileOps } from './file';
import type { Path } from './path';

/** Directory operations a filesystem provides for its directory inodes. */
export interface DirOps {
  lookup(dir: Inode, name: string): Inode | undefined;
  /** entries except "." and "..", in the filesystem's order */
  list(dir: Inode): Array<{ name: string; inode: Inode }>;
  /** create a child; returns the inode or -errno */
  create?(dir: Inode, name: string, mode: number, uid: number, gid: number, rdev: number): Inode | number;
  link?(dir: Inode, name: string, target: Inode): number;
  unlink?(dir: Inode, name: string): number;
  symlink?(dir: Inode, name: string, target: string, uid: number, gid: number): Inode | number;
  rename?(odir: Inode, oname: string, ndir: Inode, nname: string): number;
}

const FS_MAGIC: Record<string, number> = {
  ext4: 0xef53, tmpfs: 0x01021994, devtmpfs: 0x01021994, proc: 0x9fa0, sysfs: 0x62656572,
  cgroup: 0x27e0eb, cgroup2: 0x63677270, devpts: 0x1cd1, overlay: 0x794c7630, nsfs: 0x6e736673,
  pipefs: 0x50495045,
};

export class SuperBlock {
  private nextIno: number;
  readOnly = false;
  constructor(
    readonly fstype: string,
    /** st_dev of every inode here */
    readonly dev: number,
    readonly dirOps: DirOps,
    firstIno = 1,
  ) {
    this.nextIno = firstIno;
    this.magic = FS_MAGIC[fstype] ?? 0;
  }
  allocIno(): number {
    return this.nextIno++;
  }
  root!: Inode;
  /**
   * overlayfs: called before an inode's data or attributes change (copy_up); 0 or -errno. The
   * VFS calls it on open for writing, truncate, chmod, chown, utimes, xattr changes and link.
   */
  copyUp?: (ino: Inode) => number;
  /** overlayfs: after an attribute change on a copied-up inode, mirror it onto the upper inode */
  syncAttrs?: (ino: Inode) => void;
  /** overlayfs: the real inode an open regular file reads and writes (ovl_open opens the real file) */
  realInode?: (ino: Inode) => Inode;
  /** filesystem magic number (statfs f_type, include/uapi/linux/magic.h) */
  readonly magic: number;
  /** size limit in bytes for statfs (tmpfs size=, a disk's capacity); 0 = report zeros */
  sizeBytes = 0;
}

export class Inode {
  nlink = 1;
  atimeNs: number;
  mtimeNs: number;
  ctimeNs: number;
  /** regular files */
  data?: FileData;
  /** symlinks */
  target?: string;
  /** tmpfs-style directories */
  entries?: Map<string, Inode>;
  /** parent directory (for "..") where the filesystem tracks it */
  parent?: Inode;
  /** how opening this inode behaves (devices, proc files, pipes); regular files use the fs default */
  fops?: FileOps;
  /** procfs magic symlinks (/proc/PID/ns/*): where following the link leads */
  followLink?: () => Path | number;
  /** extended attributes (trusted.*, user.*, security.*) */
  xattrs?: Map<string, Uint8Array>;
  /** procfs/devfs: content generator and per-inode private data */
  priv?: unknown;
  /** for procfs: a stable identity that survives re-lookups */
  constructor(
    readonly sb: SuperBlock,
    readonly ino: number,
    public mode: number,
    public uid: number,
    public gid: number,
    nowNs: number,
    public rdev = 0,
  ) {
    this.atimeNs = this.mtimeNs = this.ctimeNs = nowNs;
  }

  get type(): number {
    return this.mode & S_IFMT;
  }
  isDir(): boolean {
    return (this.mode & S_IFMT) === S_IFDIR;
  }
  isReg(): boolean {
    return (this.mode & S_IFMT) === S_IFREG;
  }
  isLink(): boolean {
    return (this.mode & S_IFMT) === S_IFLNK;
  }
  size(): number {
    if (this.data) return this.data.size;
    if (this.target !== undefined) return this.target.length;
    // an overlay directory reports its real directory's size
    if (this.sb.realInode && this.isDir()) return this.sb.realInode(this).size();
    if (this.isDir()) {
      // tmpfs counts BOGO_DIRENT_SIZE (20) per entry plus two for . and ..; ext4 directories
      // occupy whole 4 KiB blocks
      if (this.sb.fstype === 'tmpfs' || this.sb.fstype === 'devtmpfs') return 40 + 20 * (this.entries?.size ?? 0);
      if (this.sb.fstype === 'ext4') return 4096 * Math.max(1, Math.ceil(((this.entries?.size ?? 0) + 2) / 128));
      return 0;
    }
    return 0;
  }
}

export function dtype(mode: number): number {
  switch (mode & S_IFMT) {
    case S_IFDIR: return DT_DIR;
    case S_IFREG: return DT_REG;
    case S_IFLNK: return DT_LNK;
    case S_IFCHR: return DT_CHR;
    case S_IFBLK: return DT_BLK;
    case S_IFIFO: return DT_FIFO;
    case S_IFSOCK: return DT_SOCK;
    default: return DT_UNKNOWN;
  }
}

/** Copy up before a change (overlayfs); other filesystems change in place. Returns 0 or -errno. */
export function prepareChange(ino: Inode): number {
  return ino.sb.copyUp ? ino.sb.copyUp(ino) : 0;
}

/** After an attribute change: overlayfs mirrors it onto the upper inode. */
export function attrsChanged(ino: Inode): void {
  ino.sb.syncAttrs?.(ino);
}

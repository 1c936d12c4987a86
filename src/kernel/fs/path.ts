// Mounts and paths. A Path is (mount, inode): the same inode reached through two mounts (a bind
// mount) is two different paths, as in Linux. Mount points are keyed by the mounted-on inode.
import type { Inode, SuperBlock } from './inode';

export interface Path {
  readonly mnt: Mount;
  readonly inode: Inode;
}

let nextMountId = 21;

export class Mount {
  readonly id = nextMountId++;
  /** mounts attached on inodes inside this mount */
  readonly children = new Map<Inode, Mount>();
  constructor(
    readonly sb: SuperBlock,
    /** root of this mount (a subdirectory for bind mounts) */
    readonly root: Inode,
    public parent: Mount | null,
    public mountpoint: Inode | null,
    /** device name as /proc/mounts prints it ("proc", "tmpfs", "/dev/vda1") */
    readonly devname: string,
    /** per-mount flags: "rw"/"ro", "nosuid", "nodev", "noexec", "relatime" */
    public flags: string[],
    /** filesystem-specific options ("mode=755", "size=...") */
    public fsopts: string,
  ) {}

  get readOnly(): boolean {
    return this.flags.includes('ro') || this.sb.readOnly;
  }
}

/** A mount namespace: the tree of mounts a task sees. */
export class MountNamespace {
  constructor(public root: Mount) {}

  /** All mounts in tree order (what /proc/PID/mounts lists). */
  list(): Mount[] {
    const out: Mount[] = [];
    const walk = (m: Mount): void => {
      out.push(m);
      const kids = [...m.children.values()].sort((a, b) => a.id - b.id);
      for (const c of kids) walk(c);
    };
    walk(this.root);
    return out;
  }
}

export function samePath(a: Path, b: Path): boolean {
  return a.mnt === b.mnt && a.inode === b.inode;
}

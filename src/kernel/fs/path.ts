// Mounts and paths. A Path is (mount, inode): the same inode reached through two mounts (a bind
// mount) is two different paths, as in Linux. Mount points are keyed by the mounted-on inode.
// Mount namespaces are trees of Mount objects; copying a namespace copies the tree. Propagation
// (fs/pnode.c): mounts in a peer group are "shared" — a mount or unmount under one happens under
// every peer and every slave of the group; a slave receives but does not send.
import type { Inode, SuperBlock } from './inode';
import type { UserNamespace } from '../ns/user';

export interface Path {
  readonly mnt: Mount;
  readonly inode: Inode;
}

/** A peer group (shared:N in mountinfo) and the mounts that are its slaves (master:N). */
export class PeerGroup {
  readonly members = new Set<Mount>();
  readonly slaves = new Set<Mount>();
  constructor(readonly id: number) {}
}

export class Mount {
  /** mount id (mountinfo's first field), per kernel */
  id = 0;
  /** mounts attached on inodes inside this mount */
  readonly children = new Map<Inode, Mount>();
  /** shared: the peer group this mount belongs to */
  peers: PeerGroup | null = null;
  /** slave: the peer group it receives events from */
  master: PeerGroup | null = null;
  unbindable = false;
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

  /** A copy of this mount (same filesystem, root and options), not attached anywhere. */
  cloneDetached(): Mount {
    return new Mount(this.sb, this.root, null, null, this.devname, this.flags.slice(), this.fsopts);
  }

  setPrivate(): void {
    this.peers?.members.delete(this);
    this.master?.slaves.delete(this);
    this.peers = null;
    this.master = null;
  }
}

/** A mount namespace: the tree of mounts a task sees. */
export class MountNamespace {
  constructor(
    public root: Mount,
    readonly inum: number,
    /** the user namespace that owns it (capabilities over its mounts are checked there) */
    readonly owner: UserNamespace,
  ) {}

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

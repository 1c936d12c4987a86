// nsfs (fs/nsfs.c): every namespace is an inode whose number is the namespace's inum.
// /proc/PID/ns/TYPE are "magic" symlinks: readlink gives "TYPE:[INUM]", while open/stat follow
// them to the namespace's nsfs inode; an open descriptor names the namespace for setns(2).
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import { Inode, SuperBlock } from '../fs/inode';
import { Mount, type Path } from '../fs/path';
import { S_IFREG } from '../abi/flags';
import { EINVAL, ENOTTY, EPERM } from '../abi/errno';
import {
  O_RDONLY, NS_GET_USERNS, NS_GET_PARENT, NS_GET_NSTYPE, NS_GET_OWNER_UID,
  CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWCGROUP, CLONE_NEWTIME,
} from '../abi/flags';
import { File } from '../fs/file';
import { installFd } from '../fs/vfs';
import { makedev } from '../syscall/api';
import type { FileOps } from '../fs/file';
import type { UserNamespace } from './user';
import type { PidNamespace } from '../task/pid';
import type { MountNamespace } from '../fs/path';
import type { UtsNamespace } from '../task/uts';
import type { IpcNamespace, NetNamespace, TimeNamespace, CgroupNamespace } from './namespaces';

export type NsType = 'cgroup' | 'ipc' | 'mnt' | 'net' | 'pid' | 'time' | 'user' | 'uts';
export type AnyNamespace = UserNamespace | PidNamespace | MountNamespace | UtsNamespace | IpcNamespace | NetNamespace | TimeNamespace | CgroupNamespace;

export interface NsRef {
  type: NsType;
  ns: AnyNamespace;
}

/** Entries of /proc/PID/ns, in the order Linux lists them. */
export const NS_ENTRIES: ReadonlyArray<[string, NsType]> = [
  ['cgroup', 'cgroup'],
  ['ipc', 'ipc'],
  ['mnt', 'mnt'],
  ['net', 'net'],
  ['pid', 'pid'],
  ['pid_for_children', 'pid'],
  ['time', 'time'],
  ['time_for_children', 'time'],
  ['user', 'user'],
  ['uts', 'uts'],
];

/** The namespace a /proc/PID/ns entry names for task t (null: pid_for_children of a dead task…). */
export function taskNs(t: Task, entry: string): NsRef | null {
  const p = t.nsproxy;
  if (!p) return null;
  switch (entry) {
    case 'cgroup': return { type: 'cgroup', ns: p.cgroup };
    case 'ipc': return { type: 'ipc', ns: p.ipc };
    case 'mnt': return { type: 'mnt', ns: p.mnt };
    case 'net': return { type: 'net', ns: p.net };
    case 'pid': return { type: 'pid', ns: t.pidNs };
    case 'pid_for_children': return { type: 'pid', ns: p.pidForChildren };
    case 'time': return { type: 'time', ns: p.time };
    case 'time_for_children': return { type: 'time', ns: p.timeForChildren };
    case 'user': return { type: 'user', ns: t.cred.userNs };
    case 'uts': return { type: 'uts', ns: p.uts };
    default: return null;
  }
}

const NSTYPE_FLAG: Record<NsType, number> = {
  mnt: CLONE_NEWNS, uts: CLONE_NEWUTS, ipc: CLONE_NEWIPC, net: CLONE_NEWNET, pid: CLONE_NEWPID,
  user: CLONE_NEWUSER, cgroup: CLONE_NEWCGROUP, time: CLONE_NEWTIME,
};

/** The user namespace that owns a namespace (a user namespace's owner is its parent). */
function ownerOf(ref: NsRef): UserNamespace | null {
  if (ref.type === 'user') return (ref.ns as UserNamespace).parent;
  return (ref.ns as { owner: UserNamespace }).owner;
}

/** ns_ioctl (fs/nsfs.c): the owning user namespace, the parent (pid/user), the type, the owner uid. */
const nsFileOps: FileOps = {
  read: () => -EINVAL,
  write: () => -EINVAL,
  ioctl(k, t, f, req) {
    const ref = nsOfInode(f.inode);
    if (!ref) return -ENOTTY;
    const openNs = (target: NsRef): number => {
      const path = k.nsfs.pathOf(target);
      return installFd(t, new File(path.inode, path, O_RDONLY, nsFileOps), true);
    };
    // a user namespace is handed out only if it is the caller's or below it (ns_get_owner → EPERM)
    switch (req) {
      case NS_GET_USERNS: {
        const owner = ownerOf(ref);
        if (!owner || !t.cred.userNs.isAncestorOf(owner)) return -EPERM;
        return openNs({ type: 'user', ns: owner });
      }
      case NS_GET_PARENT: {
        if (ref.type === 'pid') {
          const parent = (ref.ns as PidNamespace).parent;
          if (!parent) return -EPERM;
          // only up to the caller's own pid namespace
          for (let n: PidNamespace | null = parent; n; n = n.parent) if (n === t.pidNs) return openNs({ type: 'pid', ns: parent });
          return -EPERM;
        }
        if (ref.type === 'user') {
          const parent = (ref.ns as UserNamespace).parent;
          if (!parent || !t.cred.userNs.isAncestorOf(parent)) return -EPERM;
          return openNs({ type: 'user', ns: parent });
        }
        return -EINVAL;
      }
      case NS_GET_NSTYPE:
        return NSTYPE_FLAG[ref.type];
      case NS_GET_OWNER_UID:
        if (ref.type !== 'user') return -EINVAL;
        return t.cred.userNs.fromKuid((ref.ns as UserNamespace).ownerKuid);
      default:
        return -ENOTTY;
    }
  },
};

/** The nsfs superblock and its internal mount (not attached to any namespace). */
export class NsFs {
  readonly sb: SuperBlock;
  readonly mnt: Mount;
  private readonly inodes = new WeakMap<object, Inode>();
  constructor(private readonly k: Kernel) {
    this.sb = new SuperBlock('nsfs', makedev(0, 4), { lookup: () => undefined, list: () => [] });
    const root = new Inode(this.sb, 1, 0o040555, 0, 0, 0);
    this.sb.root = root;
    this.mnt = new Mount(this.sb, root, null, null, 'nsfs', ['rw'], '');
  }

  /** The path a /proc/PID/ns link leads to. */
  pathOf(ref: NsRef): Path {
    let ino = this.inodes.get(ref.ns);
    if (!ino) {
      ino = new Inode(this.sb, ref.ns.inum, S_IFREG | 0o444, 0, 0, this.k.config.bootEpochSec * 1e9);
      ino.priv = ref;
      ino.fops = nsFileOps;
      this.inodes.set(ref.ns, ino);
    }
    return { mnt: this.mnt, inode: ino };
  }
}

/** The namespace an open nsfs file refers to. */
export function nsOfInode(ino: Inode): NsRef | null {
  return ino.sb.fstype === 'nsfs' && ino.priv ? (ino.priv as NsRef) : null;
}

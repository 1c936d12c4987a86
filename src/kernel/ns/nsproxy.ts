// copy_namespaces / unshare_nsproxy_namespaces / setns (kernel/nsproxy.c, kernel/fork.c
// ksys_unshare): which namespaces a task lives in after clone(CLONE_NEW*), unshare(2) and setns(2).
// A new user namespace is created first; every other new namespace is owned by the caller's
// (possibly new) user namespace and needs CAP_SYS_ADMIN there.
import type { Kernel } from '../kernel';
import type { Task, NsProxy } from '../task/task';
import type { Cred } from '../task/cred';
import { nsCapable } from '../task/cred';
import {
  CLONE_NEWUTS, CLONE_NEWPID, CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWUSER, CLONE_NEWCGROUP,
  CLONE_NEWTIME, CLONE_FS, CLONE_THREAD,
} from '../abi/flags';
import { EINVAL, EPERM, ENOSPC, EUSERS } from '../abi/errno';
import { PidNamespace, MAX_PID_NS_LEVEL } from '../task/pid';
import { UserNamespace } from './user';
import { IpcNamespace, NetNamespace, TimeNamespace, CgroupNamespace } from './namespaces';
import { copyMountNamespace, translatePath } from '../fs/namespace';
import type { FsStruct } from '../task/task';

/** user namespaces nest at most 32 deep (create_user_ns → EUSERS) */
const MAX_USER_NS_LEVEL = 32;

/** create_user_ns: the caller's credentials move into a new child user namespace with full caps. */
export function createUserNs(k: Kernel, cred: Cred): number {
  const parent = cred.userNs;
  if (parent.level + 1 > MAX_USER_NS_LEVEL) return -EUSERS;
  const ns = new UserNamespace(k.nsInums.alloc(), parent, cred.euid, cred.egid);
  cred.userNs = ns;
  cred.caps = true;
  return 0;
}

/**
 * The namespaces for a task after `flags` (CLONE_NEW* except CLONE_NEWUSER, which the caller
 * handled on `cred`). `fs` is the fs_struct whose root and cwd move into a new mount namespace.
 * `forUnshare`: CLONE_NEWPID changes only pid_for_children (as unshare(2) does; so does clone —
 * the child's pid comes from pid_for_children either way).
 */
export function newNamespaces(k: Kernel, t: Task, old: NsProxy, flags: number, cred: Cred, fs: FsStruct): NsProxy | number {
  const owner = cred.userNs;
  if (flags & ~CLONE_NEWUSER & (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWCGROUP | CLONE_NEWTIME)) {
    if (!nsCapable(cred, owner)) return -EPERM;
  }
  if (flags & CLONE_NEWPID) {
    // copy_pid_ns: only from the task's active namespace, at most 32 levels
    if (old.pidForChildren !== t.pidNs) return -EINVAL;
    if (old.pidForChildren.level + 1 >= MAX_PID_NS_LEVEL) return -ENOSPC;
  }
  const nsp: NsProxy = { ...old };
  // create_new_namespaces() order: mnt, uts, ipc, pid, cgroup, net, time (inode numbers follow it)
  if (flags & CLONE_NEWNS) {
    const { ns, map } = copyMountNamespace(k, old.mnt, k.nsInums.alloc(), owner);
    nsp.mnt = ns;
    fs.root = translatePath(fs.root, map);
    fs.cwd = translatePath(fs.cwd, map);
  }
  if (flags & CLONE_NEWUTS) nsp.uts = old.uts.clone(k.nsInums.alloc(), owner);
  if (flags & CLONE_NEWIPC) nsp.ipc = new IpcNamespace(k.nsInums.alloc(), owner);
  if (flags & CLONE_NEWPID) nsp.pidForChildren = new PidNamespace(old.pidForChildren, k.nsInums.alloc(), owner);
  if (flags & CLONE_NEWCGROUP) nsp.cgroup = new CgroupNamespace(k.nsInums.alloc(), owner, t.cgroups.slice());
  if (flags & CLONE_NEWNET) nsp.net = new NetNamespace(k.nsInums.alloc(), owner);
  if (flags & CLONE_NEWTIME) nsp.timeForChildren = new TimeNamespace(k.nsInums.alloc(), owner);
  return nsp;
}

/** copy_namespaces for clone(): also validates flag combinations. Returns the child's nsproxy. */
export function copyNamespaces(k: Kernel, parent: Task, flags: number, cred: Cred, fs: FsStruct): NsProxy | number {
  if ((flags & CLONE_NEWNS) && (flags & CLONE_FS)) return -EINVAL;
  if ((flags & (CLONE_NEWUSER | CLONE_NEWPID)) && (flags & CLONE_THREAD)) return -EINVAL;
  const nsp = newNamespaces(k, parent, parent.nsproxy, flags & ~CLONE_NEWUSER, cred, fs);
  if (typeof nsp === 'number') return nsp;
  // a child always starts in its parent's time_for_children
  return { ...nsp, time: nsp.timeForChildren };
}

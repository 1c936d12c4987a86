// unshare(2) and setns(2) (kernel/fork.c ksys_unshare, kernel/nsproxy.c setns).
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import { nsCapable } from '../task/cred';
import {
  CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWCGROUP, CLONE_NEWTIME,
  CLONE_FS, CLONE_FILES, CLONE_SYSVSEM, CLONE_THREAD, CLONE_VM, CLONE_SIGHAND,
} from '../abi/flags';
import { EINVAL, EPERM, EBADF } from '../abi/errno';
import { createUserNs, newNamespaces } from '../ns/nsproxy';
import { nsOfInode, type NsType } from '../ns/nsfs';
import type { UserNamespace } from '../ns/user';
import type { PidNamespace } from '../task/pid';
import type { MountNamespace } from '../fs/path';
import type { UtsNamespace } from '../task/uts';
import type { IpcNamespace, NetNamespace, TimeNamespace, CgroupNamespace } from '../ns/namespaces';

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

const UNSHARE_OK =
  CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWUSER | CLONE_NEWCGROUP | CLONE_NEWTIME |
  CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | CLONE_THREAD | CLONE_VM | CLONE_SIGHAND;

export function sys_unshare(k: Kernel, t: Task, flagsArg: unknown): unknown {
  if (!isInt(flagsArg)) return -EINVAL;
  let flags = flagsArg;
  if (flags & ~UNSHARE_OK) return -EINVAL;
  // check_unshare_flags: a new user namespace implies unsharing the thread group and fs
  if (flags & CLONE_NEWUSER) flags |= CLONE_THREAD | CLONE_FS;
  if (flags & CLONE_NEWNS) flags |= CLONE_FS;
  const live = t.groupLeader.threads.filter((x) => x.alive).length;
  if (flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM) && live > 1) return -EINVAL;
  const fsShared = [...t.groupLeader.threads].some((x) => x !== t && x.alive && x.fs === t.fs);
  if ((flags & CLONE_NEWUSER) && fsShared) return -EINVAL;
  // unshare_fs / unshare_fd
  const fs = flags & CLONE_FS && fsShared ? { ...t.fs } : t.fs;
  const cred = flags & CLONE_NEWUSER ? t.cred.clone() : t.cred;
  if (flags & CLONE_NEWUSER) {
    // a chrooted task may not create a user namespace (it could escape the chroot)
    const nsRoot = t.nsproxy.mnt.root;
    if (t.fs.root.mnt !== nsRoot || t.fs.root.inode !== nsRoot.root) return -EPERM;
    const r = createUserNs(k, cred);
    if (r < 0) return r;
  }
  const nsFlags = flags & (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWCGROUP | CLONE_NEWTIME);
  if (nsFlags) {
    const nsp = newNamespaces(k, t, t.nsproxy, nsFlags, cred, fs);
    if (typeof nsp === 'number') return nsp;
    t.nsproxy = nsp;
  }
  if (flags & CLONE_FILES && t.files.users > 1) {
    t.files.users--;
    t.files = t.files.clone();
  }
  t.fs = fs;
  t.cred = cred;
  return 0;
}

const NSTYPE_FLAG: Record<NsType, number> = {
  mnt: CLONE_NEWNS, uts: CLONE_NEWUTS, ipc: CLONE_NEWIPC, net: CLONE_NEWNET, pid: CLONE_NEWPID,
  user: CLONE_NEWUSER, cgroup: CLONE_NEWCGROUP, time: CLONE_NEWTIME,
};

/** setns(fd, nstype): join the namespace an nsfs descriptor names (ns->ops->install). */
export function sys_setns(k: Kernel, t: Task, fd: unknown, nstype: unknown): unknown {
  if (!isInt(fd) || !isInt(nstype)) return -EINVAL;
  const e = t.files.get(fd);
  if (!e) return -EBADF;
  const ref = nsOfInode(e.file.inode);
  if (!ref) return -EINVAL; // pidfds are not modelled
  if (nstype !== 0 && nstype !== NSTYPE_FLAG[ref.type]) return -EINVAL;
  const cred = t.cred;
  const adminIn = (owner: UserNamespace): boolean => nsCapable(cred, owner) && nsCapable(cred, cred.userNs);
  switch (ref.type) {
    case 'user': {
      const ns = ref.ns as UserNamespace;
      // userns_install: not our own, not multithreaded, not shared fs, CAP_SYS_ADMIN in the target
      if (ns === cred.userNs) return -EINVAL;
      if (t.groupLeader.threads.filter((x) => x.alive).length > 1) return -EINVAL;
      if (!nsCapable(cred, ns)) return -EPERM;
      const c = cred.clone();
      c.userNs = ns;
      c.caps = true;
      t.cred = c;
      return 0;
    }
    case 'mnt': {
      const ns = ref.ns as MountNamespace;
      if (!nsCapable(cred, ns.owner) || !nsCapable(cred, cred.userNs)) return -EPERM;
      if (t.groupLeader.threads.some((x) => x !== t && x.alive && x.fs === t.fs)) return -EINVAL;
      // mntns_install: root and cwd move to the namespace's root
      const root = { mnt: ns.root, inode: ns.root.root };
      t.nsproxy = { ...t.nsproxy, mnt: ns };
      t.fs = { ...t.fs, root, cwd: root };
      return 0;
    }
    case 'pid': {
      const ns = ref.ns as PidNamespace;
      if (!nsCapable(cred, ns.owner) || !nsCapable(cred, cred.userNs)) return -EPERM;
      // pidns_install: only the active namespace or one of its descendants
      let ok = false;
      for (let n: PidNamespace | null = ns; n; n = n.parent) if (n === t.pidNs) ok = true;
      if (!ok) return -EINVAL;
      t.nsproxy = { ...t.nsproxy, pidForChildren: ns };
      return 0;
    }
    case 'uts':
      if (!adminIn((ref.ns as UtsNamespace).owner)) return -EPERM;
      t.nsproxy = { ...t.nsproxy, uts: ref.ns as UtsNamespace };
      return 0;
    case 'ipc':
      if (!adminIn((ref.ns as IpcNamespace).owner)) return -EPERM;
      t.nsproxy = { ...t.nsproxy, ipc: ref.ns as IpcNamespace };
      return 0;
    case 'net':
      if (!adminIn((ref.ns as NetNamespace).owner)) return -EPERM;
      t.nsproxy = { ...t.nsproxy, net: ref.ns as NetNamespace };
      return 0;
    case 'cgroup':
      if (!adminIn((ref.ns as CgroupNamespace).owner)) return -EPERM;
      t.nsproxy = { ...t.nsproxy, cgroup: ref.ns as CgroupNamespace };
      return 0;
    case 'time':
      if (!adminIn((ref.ns as TimeNamespace).owner)) return -EPERM;
      t.nsproxy = { ...t.nsproxy, timeForChildren: ref.ns as TimeNamespace };
      return 0;
  }
  void k;
  return -EINVAL;
}

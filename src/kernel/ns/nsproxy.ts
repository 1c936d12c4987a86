// copy_namespaces(): which namespaces a new task lives in. Until the namespaces issue lands, the
// CLONE_NEW* flags are accepted and plumbed here but only CLONE_NEWUTS creates a namespace; the
// others are rejected with EINVAL so nothing pretends to be isolated when it is not.
import type { Kernel } from '../kernel';
import type { Task, NsProxy } from '../task/task';
import { CLONE_NEWUTS, CLONE_NEWPID, CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWUSER, CLONE_NEWCGROUP } from '../abi/flags';
import { EINVAL, EPERM } from '../abi/errno';

const NOT_YET = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUSER | CLONE_NEWCGROUP;

export function copyNamespaces(k: Kernel, parent: Task, flags: number): NsProxy | number {
  void k;
  if (flags & NOT_YET) return -EINVAL;
  const p = parent.nsproxy;
  if (!(flags & CLONE_NEWUTS)) return p;
  if (parent.cred.euid !== 0) return -EPERM;
  return { ...p, uts: p.uts.clone() };
}

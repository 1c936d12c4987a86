// struct cred: the identity a task acts with. Ids are global (kuid/kgid); a task sees them through
// its user namespace (ns/user.ts). Capabilities are all-or-nothing until the capabilities issue
// models the individual bits: `caps` is "every capability" in `userNs` (root's set, or a fresh
// user namespace's creator) or none.
import type { UserNamespace } from '../ns/user';

export class Cred {
  /** capabilities held in userNs (CapEff all ones / all zeros) */
  caps: boolean;
  constructor(
    public userNs: UserNamespace,
    public uid = 0,
    public gid = 0,
    public euid = 0,
    public egid = 0,
    public suid = 0,
    public sgid = 0,
    public fsuid = 0,
    public fsgid = 0,
    public groups: number[] = [],
  ) {
    this.caps = euid === 0;
  }
  clone(): Cred {
    const c = new Cred(this.userNs, this.uid, this.gid, this.euid, this.egid, this.suid, this.sgid, this.fsuid, this.fsgid, [...this.groups]);
    c.caps = this.caps;
    return c;
  }
}

/** ns_capable / cap_capable: does `cred` have capabilities in user namespace `ns`? */
export function nsCapable(cred: Cred, ns: UserNamespace): boolean {
  for (let n: UserNamespace | null = ns; n; n = n.parent) {
    if (n === cred.userNs) return cred.caps;
    if (n.level <= cred.userNs.level) return false;
    // the owner of a child namespace of its own has every capability in it
    if (n.parent === cred.userNs && n.ownerKuid === cred.euid) return true;
  }
  return false;
}

/** capable(): capabilities in the initial user namespace (system-wide privilege). */
export function capable(cred: Cred): boolean {
  let root = cred.userNs;
  while (root.parent) root = root.parent;
  return nsCapable(cred, root);
}

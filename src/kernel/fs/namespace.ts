// Mount-tree operations (fs/namespace.c, fs/pnode.c): attach and detach mounts with propagation
// to peers and slaves, change a mount's propagation type, copy a namespace's tree.
import type { Kernel } from '../kernel';
import type { Inode } from './inode';
import { type Mount, MountNamespace, type Path, type PeerGroup } from './path';
import type { UserNamespace } from '../ns/user';

/** Attach `m` on (parent, mountpoint) and propagate a copy to the same place under every peer and slave. */
export function attachMount(k: Kernel, parent: Mount, mountpoint: Inode, m: Mount): void {
  attachOne(parent, mountpoint, m);
  const targets = propagationTargets(parent);
  if (targets.length === 0) return;
  // propagated copies are peers of the new mount if it is shared, else private
  if (!m.peers && parent.peers) {
    m.peers = k.vfs.newPeerGroup();
    m.peers.members.add(m);
  }
  for (const { mnt, slave } of targets) {
    if (mnt.children.has(mountpoint) && mnt.children.get(mountpoint)!.sb === m.sb) continue;
    if (!containsInode(mnt, mountpoint)) continue;
    const c = k.vfs.register(m.cloneDetached());
    if (slave) {
      c.master = m.peers;
      m.peers?.slaves.add(c);
    } else if (m.peers) {
      c.peers = m.peers;
      m.peers.members.add(c);
    }
    attachOne(mnt, mountpoint, c);
  }
}

function attachOne(parent: Mount, mountpoint: Inode, m: Mount): void {
  const below = parent.children.get(mountpoint);
  m.parent = parent;
  m.mountpoint = mountpoint;
  parent.children.set(mountpoint, m);
  // a mount stacked on an occupied mountpoint hides the earlier one: the earlier one moves on
  // top of the new mount's root (as Linux re-parents it)
  if (below && below !== m) {
    below.parent = m;
    below.mountpoint = m.root;
    m.children.set(m.root, below);
  }
}

/** Is the inode reachable inside this mount (its root or below it)? */
function containsInode(m: Mount, ino: Inode): boolean {
  let i: Inode | undefined = ino;
  for (let guard = 0; i && guard < 4096; guard++) {
    if (i === m.root) return true;
    if (i.parent === i) break;
    i = i.parent;
  }
  return false;
}

/** Every mount that receives events from `m`: its peers, and (recursively) slaves of its groups. */
function propagationTargets(m: Mount): Array<{ mnt: Mount; slave: boolean }> {
  const out: Array<{ mnt: Mount; slave: boolean }> = [];
  const seen = new Set<Mount>([m]);
  const visitGroup = (g: PeerGroup, slave: boolean): void => {
    for (const p of g.members) {
      if (!seen.has(p)) {
        seen.add(p);
        out.push({ mnt: p, slave });
      }
    }
    for (const s of g.slaves) {
      if (seen.has(s)) continue;
      seen.add(s);
      out.push({ mnt: s, slave: true });
      if (s.peers) visitGroup(s.peers, true);
    }
  };
  if (m.peers) visitGroup(m.peers, false);
  return out;
}

/** Detach `m` (and propagate the unmount to the copies under peers and slaves of its parent). */
export function detachMount(m: Mount): void {
  const parent = m.parent;
  const mp = m.mountpoint;
  detachOne(m);
  if (!parent || !mp) return;
  for (const { mnt } of propagationTargets(parent)) {
    const c = mnt.children.get(mp);
    if (c && c.sb === m.sb && c.root === m.root && c.children.size === 0) detachOne(c);
  }
}

function detachOne(m: Mount): void {
  const parent = m.parent;
  const mp = m.mountpoint;
  if (parent && mp && parent.children.get(mp) === m) {
    parent.children.delete(mp);
    // a mount that was stacked on top of m's root goes back onto m's mountpoint
    const above = m.children.get(m.root);
    if (above) {
      m.children.delete(m.root);
      above.parent = parent;
      above.mountpoint = mp;
      parent.children.set(mp, above);
    }
  }
  m.setPrivate();
  m.parent = null;
  m.mountpoint = null;
}

/** All mounts of the subtree rooted at m (m first). */
export function subtree(m: Mount): Mount[] {
  const out: Mount[] = [m];
  for (const c of m.children.values()) out.push(...subtree(c));
  return out;
}

export type Propagation = 'shared' | 'private' | 'slave' | 'unbindable';

/** do_change_type: MS_SHARED / MS_PRIVATE / MS_SLAVE / MS_UNBINDABLE, with MS_REC for the subtree. */
export function changePropagation(k: Kernel, m: Mount, type: Propagation, rec: boolean): void {
  for (const x of rec ? subtree(m) : [m]) {
    switch (type) {
      case 'shared':
        x.unbindable = false;
        if (!x.peers) {
          x.peers = k.vfs.newPeerGroup();
          x.peers.members.add(x);
        }
        break;
      case 'private':
        x.unbindable = false;
        x.setPrivate();
        break;
      case 'slave':
        // a shared mount becomes a slave of its former peers; a private one stays private
        if (x.peers) {
          const g = x.peers;
          g.members.delete(x);
          x.peers = null;
          if (g.members.size > 0) {
            x.master = g;
            g.slaves.add(x);
          }
        }
        x.unbindable = false;
        break;
      case 'unbindable':
        x.setPrivate();
        x.unbindable = true;
        break;
    }
  }
}

/**
 * copy_mnt_ns: a new namespace with a copy of every mount. Shared mounts stay peers of their
 * originals, unless the new namespace belongs to a less privileged user namespace (then the copies
 * become slaves: CL_SHARED_TO_SLAVE). Returns the namespace and the old→new mount map, used to
 * move the caller's root and cwd into the copy.
 */
export function copyMountNamespace(k: Kernel, old: MountNamespace, inum: number, owner: UserNamespace): { ns: MountNamespace; map: Map<Mount, Mount> } {
  const map = new Map<Mount, Mount>();
  const toSlave = owner !== old.owner;
  const copy = (m: Mount, parent: Mount | null): Mount => {
    const c = k.vfs.register(m.cloneDetached());
    c.unbindable = m.unbindable;
    if (m.peers) {
      if (toSlave) {
        c.master = m.peers;
        m.peers.slaves.add(c);
      } else {
        c.peers = m.peers;
        m.peers.members.add(c);
      }
    } else if (m.master) {
      c.master = m.master;
      m.master.slaves.add(c);
    }
    map.set(m, c);
    if (parent && m.mountpoint) {
      c.parent = parent;
      c.mountpoint = m.mountpoint;
      parent.children.set(m.mountpoint, c);
    }
    for (const child of [...m.children.values()].sort((a, b) => a.id - b.id)) copy(child, c);
    return c;
  };
  const root = copy(old.root, null);
  return { ns: new MountNamespace(root, inum, owner), map };
}

/** The same place in a copied namespace (for fs root/cwd after CLONE_NEWNS). */
export function translatePath(p: Path, map: Map<Mount, Mount>): Path {
  const m = map.get(p.mnt);
  return m ? { mnt: m, inode: p.inode } : p;
}

// generic_permission(): owner/group/other bits; root (CAP_DAC_OVERRIDE) may read and write
// anything and execute anything that has at least one x bit (or is a directory).
import type { Inode } from './inode';
import { type Cred, nsCapable } from '../task/cred';
import { R_OK, W_OK, X_OK } from '../abi/flags';

/** capable_wrt_inode_uidgid: capabilities in the caller's namespace over an inode whose ids it maps. */
export function capableWrtInode(cred: Cred, inode: Inode): boolean {
  return nsCapable(cred, cred.userNs) && cred.userNs.uidMap.up(inode.uid) >= 0 && cred.userNs.gidMap.up(inode.gid) >= 0;
}

export function permission(inode: Inode, mask: number, cred: Cred): boolean {
  if (capableWrtInode(cred, inode)) {
    if (mask & X_OK) return inode.isDir() || (inode.mode & 0o111) !== 0;
    return true;
  }
  let bits: number;
  if (cred.fsuid === inode.uid) bits = (inode.mode >> 6) & 7;
  else if (cred.fsgid === inode.gid || cred.groups.includes(inode.gid)) bits = (inode.mode >> 3) & 7;
  else bits = inode.mode & 7;
  if (mask & R_OK && !(bits & 4)) return false;
  if (mask & W_OK && !(bits & 2)) return false;
  if (mask & X_OK && !(bits & 1)) return false;
  return true;
}

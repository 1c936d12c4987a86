// User namespaces (kernel/user_namespace.c). Credentials hold global ids (kuid/kgid); a namespace
// maps ranges of its ids onto its parent's. A task sees ids through its own namespace's maps, and
// an id with no mapping shows as the overflow id 65534. A task has capabilities in the namespace
// its credentials belong to (all of them right after creating it) and in every namespace whose
// ancestor it owns; never in an ancestor namespace, whatever its uid.
import { EPERM, EINVAL } from '../abi/errno';

export const OVERFLOW_UID = 65534;
export const OVERFLOW_GID = 65534;
/** uid_map/gid_map may hold at most this many lines (UID_GID_MAP_MAX_EXTENTS) */
export const MAX_EXTENTS = 340;

export interface IdExtent {
  /** first id inside the namespace */
  first: number;
  /** first global id (kuid/kgid) it maps to (map_write converts the parent's ids to global ones) */
  lowerFirst: number;
  count: number;
}

export class IdMap {
  extents: IdExtent[] = [];
  /** map_write() succeeds only once */
  written = false;

  /** map_id_range_down for one id: inside → global, or -1. */
  down(id: number): number {
    for (const e of this.extents) if (id >= e.first && id - e.first < e.count) return e.lowerFirst + (id - e.first);
    return -1;
  }
  /** map_id_up: global → inside, or -1. */
  up(kid: number): number {
    for (const e of this.extents) if (kid >= e.lowerFirst && kid - e.lowerFirst < e.count) return e.first + (kid - e.lowerFirst);
    return -1;
  }
}

export class UserNamespace {
  readonly level: number;
  readonly uidMap = new IdMap();
  readonly gidMap = new IdMap();
  /** /proc/PID/setgroups: "allow" until "deny" is written (before gid_map) */
  setgroupsAllowed = true;
  constructor(
    readonly inum: number,
    readonly parent: UserNamespace | null,
    /** euid/egid (kuid/kgid) of the creator: the owner has every capability in the namespace */
    readonly ownerKuid: number,
    readonly ownerKgid: number,
  ) {
    this.level = parent ? parent.level + 1 : 0;
    if (!parent) {
      // the initial namespace maps every id to itself
      this.uidMap.extents = [{ first: 0, lowerFirst: 0, count: 4294967295 }];
      this.gidMap.extents = [{ first: 0, lowerFirst: 0, count: 4294967295 }];
      this.uidMap.written = this.gidMap.written = true;
    }
  }

  /** make_kuid: an id inside this namespace → the global id, or -1 if unmapped. */
  toKuid(uid: number): number {
    return this.uidMap.down(uid);
  }
  toKgid(gid: number): number {
    return this.gidMap.down(gid);
  }

  /** from_kuid_munged: a global id as seen in this namespace (65534 if unmapped). */
  fromKuid(kuid: number): number {
    const r = this.uidMap.up(kuid);
    return r < 0 ? OVERFLOW_UID : r;
  }
  fromKgid(kgid: number): number {
    const r = this.gidMap.up(kgid);
    return r < 0 ? OVERFLOW_GID : r;
  }

  /** Is `ns` this namespace or a descendant of it? */
  isAncestorOf(ns: UserNamespace): boolean {
    for (let n: UserNamespace | null = ns; n; n = n.parent) if (n === this) return true;
    return false;
  }
}

/** uid_map/gid_map as read by a task of namespace `viewer` (map_seq_show). */
export function renderIdMap(ns: UserNamespace, viewer: UserNamespace, kind: 'uid' | 'gid'): string {
  const m = kind === 'uid' ? ns.uidMap : ns.gidMap;
  const lowerNs = viewer === ns && ns.parent ? ns.parent : viewer;
  const lm = kind === 'uid' ? lowerNs.uidMap : lowerNs.gidMap;
  let out = '';
  for (const e of m.extents) {
    const r = lm.up(e.lowerFirst);
    const lower = r < 0 ? 4294967295 : r;
    out += `${String(e.first).padStart(10)} ${String(lower).padStart(10)} ${String(e.count).padStart(10)}\n`;
  }
  return out;
}

/**
 * map_write(): parse and validate "ID-inside ID-outside length" lines (outside ids are in the
 * parent namespace). The writer must be in the parent namespace or the namespace itself; without
 * CAP_SET[UG]ID over the parent, only one line mapping the writer's own euid/egid is allowed
 * (gid_map then also needs setgroups "deny"). Returns 0 or -errno.
 */
export function writeIdMap(
  ns: UserNamespace,
  kind: 'uid' | 'gid',
  text: string,
  writer: { userNs: UserNamespace; euid: number; egid: number; privilegedInParent: boolean },
): number {
  const m = kind === 'uid' ? ns.uidMap : ns.gidMap;
  if (m.written || !ns.parent) return -EPERM;
  if (writer.userNs !== ns && writer.userNs !== ns.parent) return -EPERM;
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0 || lines.length > MAX_EXTENTS) return -EINVAL;
  const extents: IdExtent[] = [];
  for (const l of lines) {
    const f = l.trim().split(/\s+/);
    if (f.length !== 3 || !f.every((x) => /^\d+$/.test(x))) return -EINVAL;
    const [first, lowerFirst, count] = f.map(Number) as [number, number, number];
    if (count === 0 || first + count > 4294967295 || lowerFirst + count > 4294967295) return -EINVAL;
    for (const e of extents) {
      const overlap = (a: number, b: number, n: number): boolean => a < b + n && b < a + count;
      if (overlap(first, e.first, e.count) || overlap(lowerFirst, e.lowerFirst, e.count)) return -EINVAL;
    }
    extents.push({ first, lowerFirst, count });
  }
  const pm = kind === 'uid' ? ns.parent.uidMap : ns.parent.gidMap;
  const global: IdExtent[] = [];
  for (const e of extents) {
    const lo = pm.down(e.lowerFirst);
    const hi = pm.down(e.lowerFirst + e.count - 1);
    if (lo < 0 || hi < 0 || hi - lo !== e.count - 1) return -EPERM;
    global.push({ first: e.first, lowerFirst: lo, count: e.count });
  }
  if (!writer.privilegedInParent) {
    const own = kind === 'uid' ? writer.euid : writer.egid;
    const e = global[0]!;
    if (global.length !== 1 || e.count !== 1 || e.lowerFirst !== own) return -EPERM;
    if (kind === 'gid' && ns.setgroupsAllowed) return -EPERM;
  }
  m.extents = global;
  m.written = true;
  return 0;
}

// Process groups and sessions (kernel/sys.c setpgid/setsid, kernel/exit.c orphaned groups).
import type { Kernel } from '../kernel';
import type { Task } from './task';
import type { Pid } from './pid';

export function attachPgrp(t: Task, pgrp: Pid): void {
  if (t.pgrp === pgrp) return;
  if (t.pgrp) {
    t.pgrp.pgrpMembers.delete(t);
    t.pgrp.maybeFree();
  }
  t.pgrp = pgrp;
  pgrp.pgrpMembers.add(t);
}

export function attachSession(t: Task, sid: Pid): void {
  if (t.session === sid) return;
  if (t.session) {
    t.session.sessionMembers.delete(t);
    t.session.maybeFree();
  }
  t.session = sid;
  sid.sessionMembers.add(t);
}

/** Live process (group leader) members of a process group. */
export function pgrpMembers(pgrp: Pid): Task[] {
  return [...pgrp.pgrpMembers].filter((t) => t.alive);
}

/**
 * will_become_orphaned_pgrp(): a group is orphaned when no member (other than `ignore`) has a
 * parent in a different group of the same session. POSIX sends SIGHUP+SIGCONT to a newly
 * orphaned group that has stopped members, and discards terminal stop signals sent to one.
 */
export function isOrphanedPgrp(k: Kernel, pgrp: Pid, ignore: Task | null): boolean {
  void k;
  for (const t of pgrp.pgrpMembers) {
    if (t === ignore || !t.alive) continue;
    const p = t.realParent;
    if (!p || !p.alive || p === ignore) continue;
    if (p.pid.numbers[0] === 1 && p.pidNs.level === 0) continue; // the parent is init
    if (p.pgrp !== pgrp && p.session === t.session) return false;
  }
  return true;
}

export function hasStoppedJobs(pgrp: Pid): boolean {
  for (const t of pgrp.pgrpMembers) if (t.alive && t.sig.groupStopped) return true;
  return false;
}

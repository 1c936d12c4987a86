// The v1 cgroup freezer (kernel/cgroup/legacy_freezer.c), what `docker pause` uses on cgroup v1.
// Writing FROZEN to freezer.state freezes every task of the cgroup and of its descendants; THAWED
// lets them go on. A frozen task does not run, takes no signal (SIGKILL included: it stays pending
// until the thaw), and shows as D in ps (Linux 6.1+ puts it in TASK_FROZEN, which
// task_state_index() has reported as uninterruptible since 6.13 and its stable backports), with
// wchan __refrigerator. It does not count in the load average (task_contributes_to_load() leaves
// TASK_FROZEN out). freezer.state reads FREEZING until every task is frozen, then FROZEN.
//
// How tasks freeze (freeze_task): a task in an interruptible sleep gets a fake signal wake-up, runs
// (R) and enters the refrigerator (D) on its way back to user space, as does a task on a CPU or in
// a run queue when it next runs; its interrupted syscall is restarted after the thaw (D → R → S
// again). A stopped task freezes in place, and so does a vfork parent in its D wait (Linux 6.1+
// sleeps there TASK_KILLABLE|TASK_FREEZABLE; its wchan stays wait_for_vfork_done). (Linux 6.1+
// also freezes some interruptible sleeps in place, nanosleep among them, with no R in between;
// here they take the wake-up path and show __refrigerator.)
//
// Not modelled: v2's cgroup.freeze (the v2 freezer traps tasks in S state) is still accepted but
// inert; the system-wide suspend freezer.
import type { Kernel } from '../../kernel';
import type { Task } from '../../task/task';
import type { Cgroup } from '../cgroup';
import { noteState } from '../../task/state';

export class FreezerCg {
  /** v1 freezer.state was last written FROZEN (CGROUP_FREEZING_SELF) */
  selfFreezing = false;
  /** v2 cgroup.freeze: the value is kept; NOT ENFORCED */
  v2Frozen = false;
}

/** Is `cg` freezing: itself or an ancestor was set FROZEN (CGROUP_FREEZING_SELF | _PARENT)? */
export function cgroupFreezing(cg: Cgroup): boolean {
  for (let c: Cgroup | null = cg; c; c = c.parent) if (c.freezer?.selfFreezing) return true;
  return false;
}

/** freezer.parent_freezing */
export function parentFreezing(cg: Cgroup): boolean {
  return cg.parent !== null && cgroupFreezing(cg.parent);
}

/** The task is frozen: in the refrigerator or frozen in place (neither running nor queued). */
export function taskFrozen(t: Task): boolean {
  return t.frozen && !t.onCpu && !t.onRq;
}

/** freezer.state as update_if_frozen() computes it. */
export function freezerState(cg: Cgroup): 'THAWED' | 'FREEZING' | 'FROZEN' {
  if (!cgroupFreezing(cg)) return 'THAWED';
  const all = (c: Cgroup): boolean => {
    for (const t of c.tasks) if (t.alive && !taskFrozen(t)) return false;
    for (const ch of c.children.values()) if (!all(ch)) return false;
    return true;
  };
  return all(cg) ? 'FROZEN' : 'FREEZING';
}

/** freeze_task(): make `t` enter the refrigerator at its next way out to user space. */
export function freezeTask(k: Kernel, t: Task): void {
  if (!t.alive || t.frozen) return;
  if (t.onCpu) k.sched.interrupt(t);
  // fake_signal_wake_up(): an interruptible sleeper runs, to freeze and restart its syscall later
  else if (t.wait && !t.wait.uninterruptible && !t.stopped && !t.onRq) k.wakeTask(t);
  t.frozen = true;
  if (k.trace.active) noteState(k, t);
}

/** __thaw_task(): let `t` run again; the syscall it was woken from is retried (and may sleep again). */
export function thawTask(k: Kernel, t: Task): void {
  if (!t.frozen) return;
  t.frozen = false;
  if (!t.alive || t.onCpu || t.onRq || t.stopped) {
    if (k.trace.active) noteState(k, t);
    return;
  }
  if (t.wait) k.wakeTask(t);
  else k.sched.wake(t);
  if (k.trace.active) noteState(k, t);
}

/** Make every task under `cg` match its freezing state (after a write to freezer.state). */
export function freezerUpdate(k: Kernel, cg: Cgroup): void {
  const freezing = cgroupFreezing(cg);
  const walk = (c: Cgroup): void => {
    for (const t of c.tasks) {
      if (freezing) freezeTask(k, t);
      else if (!cgroupFreezing(c)) thawTask(k, t);
    }
    for (const ch of c.children.values()) walk(ch);
  };
  walk(cg);
}

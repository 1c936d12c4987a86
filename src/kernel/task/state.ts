// A task's state letter, derived from what it is doing (fs/proc/array.c task_state_array):
// R running or runnable, S interruptible sleep, D uninterruptible sleep, T stopped, t traced,
// Z exited but not reaped, X dead. Nothing ever assigns a state.
import { type Task, ExitState } from './task';

export type StateLetter = 'R' | 'S' | 'D' | 'T' | 't' | 'Z' | 'X';

export function taskState(t: Task): StateLetter {
  if (t.exitState === ExitState.Dead) return 'X';
  if (t.exitState === ExitState.Zombie) return 'Z';
  if (t.stopped) return 'T';
  if (t.onCpu || t.onRq) return 'R';
  if (t.inVfork) return 'D';
  if (t.wait) return t.wait.uninterruptible ? 'D' : 'S';
  return 'R';
}

export const STATE_NAME: Record<StateLetter, string> = {
  R: 'R (running)',
  S: 'S (sleeping)',
  D: 'D (disk sleep)',
  T: 'T (stopped)',
  t: 't (tracing stop)',
  Z: 'Z (zombie)',
  X: 'X (dead)',
};

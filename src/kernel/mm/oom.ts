// oom_badness() and /proc/PID/oom_score (mm/oom_kill.c, fs/proc/base.c). The OOM killer itself
// comes with the memory issue; the score is already what Linux prints: with oom_score_adj 0 a
// small task scores about 666, because proc_oom_score maps badness into 0..2000 * 2/3.
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import { PAGE_SIZE } from '../abi/flags';

export function oomBadness(k: Kernel, t: Task, totalPages: number): number | null {
  const adj = t.sig.oomScoreAdj;
  if (adj === -1000) return null;
  const rssPages = Math.floor(t.mm.rssBytes / PAGE_SIZE);
  const pgtables = Math.floor(t.mm.vszBytes / 512 / PAGE_SIZE);
  void k;
  return rssPages + pgtables + Math.trunc(adj * (totalPages / 1000));
}

export function oomScore(k: Kernel, t: Task): number {
  const totalPages = Math.floor(k.config.ramBytes / PAGE_SIZE);
  const b = oomBadness(k, t, totalPages);
  if (b === null) return 0;
  return Math.max(0, Math.trunc(((1000 + Math.trunc((b * 1000) / totalPages)) * 2) / 3));
}

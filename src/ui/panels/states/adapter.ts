// The state-machine panel's view adapter: the live process rows (the `processes` view, shared
// with the process panel: the same subscription and selected pid) for the counts and lists, and
// the machine's task-state trace for the animation. Both are held only while the panel is shown:
// a hidden panel unsubscribes, and with no trace subscriber the kernel does not build the events.
import { useEffect, useRef } from 'react';
import type { TaskStateTraceEvent } from '../../../worker/protocol';
import { useMachine } from '../../session/context';
import { useProcessesView } from '../processes/adapter';
import type { TaskRow } from './model';

/** A batch of task-state events (at most one per animation frame) and how many were dropped. */
export interface TaskTraceBatch {
  events: TaskStateTraceEvent[];
  dropped: number;
}

/** Where task-state batches come from: the MachineSession, or a fake in tests. */
export interface TaskTraceSource {
  subscribeTaskTrace(fn: (batch: TaskTraceBatch) => void): () => void;
}

/** Call `fn` with every batch while `enabled` (the latest `fn` is used); `source` defaults to the session. */
export function useTaskTrace(enabled: boolean, fn: (batch: TaskTraceBatch) => void, source?: TaskTraceSource): void {
  const session = useMachine();
  const src: TaskTraceSource = source ?? session;
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    if (!enabled) return;
    return src.subscribeTaskTrace((b) => latest.current(b));
  }, [src, enabled]);
}

export interface StatesRows {
  rows: TaskRow[];
  /** virtual time of the frame; null before the first */
  nowNs: number | null;
}

/** The processes as this panel needs them (pid, comm, state); `enabled` false unsubscribes. */
export function useStatesRows(enabled: boolean, selectedPid: number | null): StatesRows {
  const view = useProcessesView(enabled, selectedPid);
  return { rows: view.rows, nowNs: view.nowNs };
}

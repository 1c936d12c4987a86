// The process panel's view adapter: subscribes to the machine's `processes` view while the panel
// is shown (unsubscribes when it is hidden or unmounted, so a hidden panel costs nothing) and turns
// frames into the rows the panel renders.
import { useEffect, useRef, useState } from 'react';
import type { ProcessesFrame } from '../../../worker/protocol';
import { useMachine } from '../../session/context';
import type { ViewSubscription } from '../../session/session';
import { parseStatus, userName, type ProcRow } from './model';

export function frameToRows(frame: ProcessesFrame): ProcRow[] {
  return frame.processes.map((p) => ({
    pid: p.pid,
    ppid: p.ppid,
    state: p.state,
    uid: p.uid,
    user: userName(p.uid),
    cpuPercent: p.cpuPercent,
    comm: p.comm,
    command: p.command,
  }));
}

export interface ProcessesView {
  rows: ProcRow[];
  /** the selected pid's /proc/PID/status fields, when the frame carries them */
  status: { pid: number; fields: Array<[string, string]> } | null;
  /** virtual time of the frame, ns; null before the first frame */
  nowNs: number | null;
}

const EMPTY: ProcessesView = { rows: [], status: null, nowNs: null };

export function viewFromFrame(frame: ProcessesFrame): ProcessesView {
  return {
    rows: frameToRows(frame),
    status: frame.selected ? { pid: frame.selected.pid, fields: parseStatus(frame.selected.status) } : null,
    nowNs: frame.nowNs,
  };
}

/** The live processes view; `enabled` false (a hidden panel) unsubscribes. */
export function useProcessesView(enabled: boolean, selectedPid: number | null): ProcessesView {
  const session = useMachine();
  const [view, setView] = useState<ProcessesView>(EMPTY);
  const sub = useRef<ViewSubscription | null>(null);
  const pidRef = useRef(selectedPid);
  pidRef.current = selectedPid;

  useEffect(() => {
    if (!enabled) return;
    const s = session.subscribeProcesses((f) => setView(viewFromFrame(f)), pidRef.current);
    sub.current = s;
    return () => {
      s.close();
      sub.current = null;
      setView(EMPTY);
    };
  }, [session, enabled]);

  useEffect(() => {
    sub.current?.setPid(selectedPid);
  }, [selectedPid]);

  return view;
}

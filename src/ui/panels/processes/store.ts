// UI state of the process panel (zustand): the selected process, the sort column and the view
// mode. The selection is the one other panels highlight too, so it lives in a shared store, as
// does the set of pids another panel asks this one to highlight (the cgroup panel's selected
// cgroup: "these are its processes").
import { create } from 'zustand';
import type { SortDir, SortKey } from './model';

/** Pids another panel highlights in the process table, and what they are. */
export interface PidHighlight {
  pids: number[];
  /** what the pids have in common, for the header ("cgroup cpu:/db") */
  label: string;
  /** the panel that set it (only it clears it) */
  source: string;
}

export interface ProcessesUiState {
  selectedPid: number | null;
  sortKey: SortKey;
  sortDir: SortDir;
  mode: 'table' | 'tree';
  highlight: PidHighlight | null;
  select(pid: number | null): void;
  /** click on a column header: sort by it, or reverse it when it already is the sort column */
  sortBy(key: SortKey): void;
  setMode(mode: 'table' | 'tree'): void;
  /** highlight pids (null: none); unchanged contents keep the same state object */
  setHighlight(h: PidHighlight | null): void;
  reset(): void;
}

const INITIAL = { selectedPid: null, sortKey: 'pid', sortDir: 'asc', mode: 'table', highlight: null } as const;

function sameHighlight(a: PidHighlight | null, b: PidHighlight | null): boolean {
  if (a === null || b === null) return a === b;
  return a.label === b.label && a.source === b.source && a.pids.length === b.pids.length && a.pids.every((p, i) => p === b.pids[i]);
}

export const useProcessesUi = create<ProcessesUiState>()((set) => ({
  ...INITIAL,
  select: (pid) => set({ selectedPid: pid }),
  sortBy: (key) =>
    set((s) =>
      s.sortKey === key
        ? { sortDir: s.sortDir === 'asc' ? 'desc' : 'asc' }
        : { sortKey: key, sortDir: key === 'cpu' ? 'desc' : 'asc' },
    ),
  setMode: (mode) => set({ mode }),
  setHighlight: (h) => set((s) => (sameHighlight(s.highlight, h) ? s : { highlight: h })),
  reset: () => set({ ...INITIAL }),
}));

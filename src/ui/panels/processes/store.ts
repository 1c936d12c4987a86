// UI state of the process panel (zustand): the selected process, the sort column and the view
// mode. The selection is the one other panels highlight too, so it lives in a shared store.
import { create } from 'zustand';
import type { SortDir, SortKey } from './model';

export interface ProcessesUiState {
  selectedPid: number | null;
  sortKey: SortKey;
  sortDir: SortDir;
  mode: 'table' | 'tree';
  select(pid: number | null): void;
  /** click on a column header: sort by it, or reverse it when it already is the sort column */
  sortBy(key: SortKey): void;
  setMode(mode: 'table' | 'tree'): void;
  reset(): void;
}

const INITIAL = { selectedPid: null, sortKey: 'pid', sortDir: 'asc', mode: 'table' } as const;

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
  reset: () => set({ ...INITIAL }),
}));

// UI state of the cgroup panel (zustand): the hierarchy shown and the selected cgroup. Selecting
// a cgroup highlights its processes in the process panel (useProcessesUi().highlight).
import { create } from 'zustand';
import type { CgroupHierarchyName } from '../../../worker/protocol';

export interface CgroupsUiState {
  /** v1: the hierarchy of this controller; null: the machine's default (cpu, or the v2 tree) */
  hierarchy: CgroupHierarchyName | null;
  /** the selected cgroup's path in that hierarchy */
  selectedPath: string | null;
  setHierarchy(h: CgroupHierarchyName | null): void;
  select(path: string | null): void;
  reset(): void;
}

const INITIAL = { hierarchy: null, selectedPath: null } as const;

export const useCgroupsUi = create<CgroupsUiState>()((set) => ({
  ...INITIAL,
  // another hierarchy has other cgroups: the selection does not carry over
  setHierarchy: (hierarchy) => set((s) => (s.hierarchy === hierarchy ? s : { hierarchy, selectedPath: null })),
  select: (selectedPath) => set({ selectedPath }),
  reset: () => set({ ...INITIAL }),
}));

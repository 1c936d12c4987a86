// UI state of the state-machine panel (zustand): the state whose tasks are listed. The selected
// task is the process panel's selection (useProcessesUi), shared by every panel.
import { create } from 'zustand';
import type { StateLetter } from '../../../worker/protocol';

export interface StatesUiState {
  /** the state whose tasks the panel lists (null: none) */
  open: StateLetter | null;
  /** list a state's tasks, or close the list when it is already open */
  toggle(state: StateLetter): void;
  close(): void;
  reset(): void;
}

export const useStatesUi = create<StatesUiState>()((set) => ({
  open: null,
  toggle: (state) => set((s) => ({ open: s.open === state ? null : state })),
  close: () => set({ open: null }),
  reset: () => set({ open: null }),
}));

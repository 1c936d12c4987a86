// Messages the frame shows above the lab (a link that could not be opened, a failed save) until
// the user dismisses them.
import { create } from 'zustand';

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
}

export interface NoticesState {
  notices: Notice[];
  add(level: Notice['level'], text: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useNotices = create<NoticesState>()((set) => ({
  notices: [],
  add: (level, text) => set((s) => ({ notices: [...s.notices.filter((n) => n.text !== text).slice(-4), { id: nextId++, level, text }] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));

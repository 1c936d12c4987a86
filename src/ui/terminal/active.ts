// Which terminal tab is in front: where the lesson panel's run buttons type.
import { create } from 'zustand';
import type { TerminalId } from '../../worker/protocol';

export const useActiveTerminal = create<{ active: TerminalId; setActive(t: TerminalId): void }>((set) => ({
  active: 'console',
  setActive: (active) => set({ active }),
}));

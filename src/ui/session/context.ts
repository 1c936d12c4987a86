import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { MachineSession, MachineState } from './session';

export const MachineContext = createContext<MachineSession | null>(null);

export function useMachine(): MachineSession {
  const s = useContext(MachineContext);
  if (!s) throw new Error('useMachine: no MachineContext provider above this component');
  return s;
}

export function useMachineState<T>(select: (s: MachineState) => T): T {
  return useStore(useMachine().store, select);
}

// UI state of the layer panel (zustand): the overlay mount picked, the directories expanded in
// its tree, the tree's layer (null: merged) and the selected path. All of it goes to the machine
// as the overlay view's options.
import { create } from 'zustand';
import type { TreeLayer } from '../../../worker/protocol';

export interface LayersUiState {
  /** mount id; null: the newest overlay mount */
  mount: number | null;
  /** expanded directories (paths from the overlay's root), sorted */
  expanded: string[];
  /** the tree shows this layer's own contents; null: the merged view */
  layer: TreeLayer | null;
  /** the selected path, whose content and versions the details show */
  file: string | null;
  setMount(id: number | null): void;
  toggle(path: string): void;
  expand(path: string): void;
  collapse(path: string): void;
  setLayer(layer: TreeLayer | null): void;
  selectFile(path: string | null): void;
  reset(): void;
}

const INITIAL = { mount: null, expanded: [] as string[], layer: null, file: null };

const within = (p: string, dir: string): boolean => p === dir || p.startsWith(dir + '/');

export const useLayersUi = create<LayersUiState>()((set) => ({
  ...INITIAL,
  // another overlay has other files: nothing carries over
  setMount: (mount) => set((s) => (s.mount === mount ? s : { ...INITIAL, mount })),
  toggle: (path) =>
    set((s) => (s.expanded.includes(path) ? { expanded: s.expanded.filter((p) => !within(p, path)) } : { expanded: [...s.expanded, path].sort() })),
  expand: (path) => set((s) => (s.expanded.includes(path) ? s : { expanded: [...s.expanded, path].sort() })),
  // collapsing a directory collapses everything under it too
  collapse: (path) => set((s) => (s.expanded.includes(path) ? { expanded: s.expanded.filter((p) => !within(p, path)) } : s)),
  setLayer: (layer) => set((s) => (s.layer === layer ? s : { layer: layer === 'merged' ? null : layer })),
  selectFile: (file) => set({ file }),
  reset: () => set({ ...INITIAL, expanded: [] }),
}));

// The lab's layout as the user left it (zustand, persisted in localStorage): which side panels
// are shown and in what order. Sizes are kept by react-resizable-panels' own layout storage.
import { create } from 'zustand';

export const PANES = ['states', 'processes', 'cgroups', 'layers', 'history'] as const;
export type PaneId = (typeof PANES)[number];

export const LAYOUT_KEY = 'container-lab:layout';

export interface LayoutState {
  /** every pane, in display order (top to bottom) */
  order: PaneId[];
  shown: Record<PaneId, boolean>;
  toggle(p: PaneId): void;
  show(p: PaneId, on: boolean): void;
  /** move a pane up (-1) or down (+1) among the panes */
  move(p: PaneId, by: -1 | 1): void;
  reset(): void;
}

const DEFAULT_ORDER: PaneId[] = ['states', 'cgroups', 'processes', 'layers', 'history'];
const DEFAULT_SHOWN: Record<PaneId, boolean> = { states: true, processes: true, cgroups: true, layers: false, history: false };

function isPane(x: unknown): x is PaneId {
  return typeof x === 'string' && (PANES as readonly string[]).includes(x);
}

/** The saved layout, repaired: unknown panes dropped, missing ones appended. */
export function readLayout(text: string | null): Pick<LayoutState, 'order' | 'shown'> {
  const fallback = { order: [...DEFAULT_ORDER], shown: { ...DEFAULT_SHOWN } };
  if (!text) return fallback;
  try {
    const v = JSON.parse(text) as { order?: unknown; shown?: unknown };
    const order = Array.isArray(v.order) ? [...new Set(v.order.filter(isPane))] : [];
    for (const p of DEFAULT_ORDER) if (!order.includes(p)) order.push(p);
    const shown = { ...DEFAULT_SHOWN };
    if (v.shown && typeof v.shown === 'object') {
      for (const p of PANES) {
        const s = (v.shown as Record<string, unknown>)[p];
        if (typeof s === 'boolean') shown[p] = s;
      }
    }
    return { order, shown };
  } catch (_e) {
    return fallback;
  }
}

function load(): Pick<LayoutState, 'order' | 'shown'> {
  try {
    return readLayout(typeof localStorage === 'undefined' ? null : localStorage.getItem(LAYOUT_KEY));
  } catch (_e) {
    return readLayout(null);
  }
}

function persist(s: Pick<LayoutState, 'order' | 'shown'>): void {
  try {
    localStorage.setItem(LAYOUT_KEY, JSON.stringify({ order: s.order, shown: s.shown }));
  } catch (_e) {
    /* no storage: the layout lasts as long as the page */
  }
}

export const useLayout = create<LayoutState>()((set, get) => {
  const update = (patch: Partial<Pick<LayoutState, 'order' | 'shown'>>) => {
    set(patch);
    persist(get());
  };
  return {
    ...load(),
    toggle: (p) => update({ shown: { ...get().shown, [p]: !get().shown[p] } }),
    show: (p, on) => update({ shown: { ...get().shown, [p]: on } }),
    move: (p, by) => {
      // move among the shown panes (hidden ones keep their place relative to the rest)
      const order = [...get().order];
      const shown = order.filter((x) => get().shown[x]);
      const i = shown.indexOf(p);
      const j = i + by;
      if (i < 0 || j < 0 || j >= shown.length) return;
      const a = order.indexOf(p);
      const b = order.indexOf(shown[j]!);
      [order[a], order[b]] = [order[b]!, order[a]!];
      update({ order });
    },
    reset: () => update({ order: [...DEFAULT_ORDER], shown: { ...DEFAULT_SHOWN } }),
  };
});

import { describe, expect, it } from 'vitest';
import type { TaskStateTraceEvent, StateLetter } from '../../../worker/protocol';
import {
  addHits,
  countByState,
  EDGES,
  edgeFor,
  layoutDiagram,
  MAX_TOKENS,
  movesOf,
  planBatch,
  pointAt,
  STATES,
  tasksIn,
  WAKE_TO_STOP_NS,
} from './model';

const ev = (pid: number, comm: string, from: StateLetter | null, to: StateLetter, timeNs = 1e9): TaskStateTraceEvent => ({ type: 'task-state', timeNs, pid, comm, from, to });

describe('the transitions', () => {
  it('maps (from, to) pairs to the arrows drawn, and nothing else', () => {
    expect(edgeFor(null, 'R')).toBe('fork-R');
    expect(edgeFor('R', 'S')).toBe('R-S');
    expect(edgeFor('S', 'R')).toBe('S-R');
    expect(edgeFor('D', 'R')).toBe('D-R');
    expect(edgeFor('T', 'R')).toBe('T-R');
    expect(edgeFor('R', 'Z')).toBe('R-Z');
    expect(edgeFor('Z', 'X')).toBe('Z-X');
    // a thread killed in its sleep dies without running: Linux would run it to exit, we draw R → Z only
    expect(edgeFor('S', 'Z')).toBeNull();
    expect(edgeFor('R', 'R')).toBeNull();
    expect(edgeFor(null, 'S')).toBeNull();
  });

  it('draws only R → Z into Z, every state reachable from fork, and t marked as not modelled', () => {
    expect(EDGES.filter((e) => e.to === 'Z').map((e) => e.from)).toEqual(['R']);
    const reach = new Set<string>(['fork']);
    for (let i = 0; i < EDGES.length; i++) for (const e of EDGES) if (reach.has(e.from)) reach.add(e.to);
    expect([...reach].sort()).toEqual(['D', 'R', 'S', 'T', 'X', 'Z', 'fork', 't'].sort());
    expect(EDGES.filter((e) => e.unmodelled).map((e) => e.id)).toEqual(['R-t', 't-R']);
  });
});

describe('layoutDiagram', () => {
  const d = layoutDiagram();
  it('keeps every state inside the view box, apart from each other', () => {
    const all = [...STATES, 'fork' as const].map((s) => d.nodes[s]);
    for (const n of all) {
      expect(n.x - n.r).toBeGreaterThan(0);
      expect(n.x + n.r).toBeLessThan(d.width);
      expect(n.y - n.r).toBeGreaterThan(0);
      expect(n.labelY).toBeLessThan(d.height);
      expect(n.labelY).toBeGreaterThan(0);
    }
    for (const a of all) for (const b of all) if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(a.r + b.r + 40);
  });

  it('draws each arrow from rim to rim, and bows the two arrows of a pair to opposite sides', () => {
    for (const e of d.edges) {
      const a = d.nodes[e.from];
      const b = d.nodes[e.to];
      expect(Math.hypot(e.p0.x - a.x, e.p0.y - a.y)).toBeCloseTo(a.r + 2, 0);
      expect(Math.hypot(e.p1.x - b.x, e.p1.y - b.y)).toBeCloseTo(b.r + 4, 0);
      expect(e.d).toMatch(/^M[\d.]+,[\d.]+Q[\d.]+,[\d.]+,[\d.]+,[\d.]+$/);
      expect(pointAt(e, 0)).toEqual(e.p0);
      expect(pointAt(e, 1)).toEqual(e.p1);
    }
    const rs = d.edges.find((e) => e.id === 'R-S')!;
    const sr = d.edges.find((e) => e.id === 'S-R')!;
    const mid = pointAt(rs, 0.5);
    const back = pointAt(sr, 0.5);
    expect(Math.hypot(mid.x - back.x, mid.y - back.y)).toBeGreaterThan(15);
  });
});

describe('counts and lists', () => {
  const rows = [
    { pid: 1, comm: 'init', state: 'S' },
    { pid: 7, comm: 'sleep', state: 'T' },
    { pid: 3, comm: 'bash', state: 'S' },
    { pid: 9, comm: 'yes', state: 'R' },
    { pid: 12, comm: 'sleep', state: 'Z' },
    { pid: 13, comm: 'kworker', state: 'I' },
  ];
  it('counts processes per state (letters the diagram lacks are left out)', () => {
    expect(countByState(rows)).toEqual({ R: 1, S: 2, D: 0, T: 1, t: 0, Z: 1, X: 0 });
  });
  it('lists a state by pid, at most `limit`, and says how many more', () => {
    expect(tasksIn(rows, 'S')).toEqual({ tasks: [rows[0], rows[2]], more: 0 });
    expect(tasksIn(rows, 'S', 1)).toEqual({ tasks: [rows[0]], more: 1 });
    expect(tasksIn(rows, 'D')).toEqual({ tasks: [], more: 0 });
  });
});

describe('planBatch', () => {
  it('one transition: one token named after its task, one hit', () => {
    const p = planBatch([ev(42, 'sleep', 'R', 'S')], { selectedPid: null, slots: 30 });
    expect(p.tokens).toEqual([{ edge: 'R-S', label: '42 sleep', count: 1, pid: 42, selected: false }]);
    expect([...p.hits]).toEqual([['R-S', 1]]);
    expect(p.unmapped).toBe(0);
  });

  it('many on one arrow travel as one token ×N; every transition still counts', () => {
    const events = Array.from({ length: 50 }, (_, i) => ev(100 + i, 'sleep', 'S', 'R'));
    events.push(ev(7, 'bash', 'R', 'S'));
    const p = planBatch(events, { selectedPid: null, slots: 30 });
    expect(p.tokens).toEqual([
      { edge: 'S-R', label: '×50', count: 50, pid: null, selected: false },
      { edge: 'R-S', label: '7 bash', count: 1, pid: 7, selected: false },
    ]);
    expect(p.hits.get('S-R')).toBe(50);
  });

  it('the selected task keeps a token of its own, first in line', () => {
    const events = [ev(5, 'a', 'R', 'S'), ev(6, 'b', 'R', 'S'), ev(7, 'c', 'R', 'S'), ev(8, 'd', 'R', 'Z')];
    const p = planBatch(events, { selectedPid: 6, slots: 30 });
    expect(p.tokens.map((t) => [t.edge, t.label, t.selected])).toEqual([
      ['R-S', '6 b', true],
      ['R-S', '×2', false],
      ['R-Z', '8 d', false],
    ]);
    expect(p.selectedMove).toEqual({ pid: 6, comm: 'b', from: 'R', to: 'S' });
    // no room: nothing moves, everything counts
    const none = planBatch(events, { selectedPid: 6, slots: 0 });
    expect(none.tokens).toEqual([]);
    expect(none.hits.get('R-S')).toBe(3);
    expect(planBatch(events, { selectedPid: null, slots: 1 }).tokens).toEqual([{ edge: 'R-S', label: '×3', count: 3, pid: null, selected: false }]);
  });

  it('never plans more tokens than there are arrows, whatever the batch', () => {
    const letters: Array<StateLetter | null> = [null, 'R', 'S', 'D', 'T', 'Z', 'X'];
    const events: TaskStateTraceEvent[] = [];
    for (let i = 0; i < 2000; i++) events.push(ev(i % 97, 'x', letters[i % 7]!, letters[(i * 3 + 1) % 7] ?? 'R', i));
    const p = planBatch(events, { selectedPid: null, slots: MAX_TOKENS });
    expect(p.tokens.length).toBeLessThanOrEqual(EDGES.length);
    expect([...p.hits.values()].reduce((a, b) => a + b, 0) + p.unmapped).toBeGreaterThan(0);
  });

  it('a wake-up that only leads to a stop is drawn as S → T', () => {
    const quick = movesOf([ev(9, 'sleep', 'S', 'R', 1000), ev(9, 'sleep', 'R', 'T', 1000 + WAKE_TO_STOP_NS)]);
    expect(quick.moves).toEqual([{ edge: 'S-T', pid: 9, comm: 'sleep' }]);
    const slow = movesOf([ev(9, 'sleep', 'S', 'R', 1000), ev(9, 'sleep', 'R', 'T', 2000 + WAKE_TO_STOP_NS)]);
    expect(slow.moves.map((m) => m.edge)).toEqual(['S-R', 'R-T']);
    // another task's events in between do not matter; the same task doing something else does
    expect(movesOf([ev(9, 's', 'S', 'R'), ev(4, 'x', 'R', 'S'), ev(9, 's', 'R', 'T')]).moves.map((m) => m.edge)).toEqual(['S-T', 'R-S']);
    expect(movesOf([ev(9, 's', 'S', 'R'), ev(9, 's', 'R', 'S'), ev(9, 's', 'S', 'R'), ev(9, 's', 'R', 'Z')]).moves.map((m) => m.edge)).toEqual(['S-R', 'R-S', 'S-R', 'R-Z']);
  });

  it('pairs the diagram does not draw are counted apart', () => {
    const p = planBatch([ev(3, 'thr', 'S', 'Z'), ev(3, 'thr', 'Z', 'X')], { selectedPid: null, slots: 30 });
    expect(p.unmapped).toBe(1);
    expect([...p.hits]).toEqual([['Z-X', 1]]);
  });

  it('addHits adds to the running totals (and keeps the object when nothing happened)', () => {
    const a = addHits({}, new Map([['R-S', 2]]));
    expect(addHits(a, new Map([['R-S', 1], ['S-R', 4]]))).toEqual({ 'R-S': 3, 'S-R': 4 });
    expect(addHits(a, new Map())).toBe(a);
  });
});

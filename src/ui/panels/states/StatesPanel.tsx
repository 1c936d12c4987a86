// The task-state panel: the state machine of a Linux task drawn as a diagram (d3 lays it out and
// moves the tokens, React renders the structure). Each state shows how many processes are in it
// now (from the `processes` view); each arrow is a transition the kernel really makes, with a
// sentence saying when, and a running count. When the kernel reports a transition (the
// task-state trace) a token labelled "pid comm" travels along its arrow; many at once on one
// arrow travel as one token "×N", and never more than MAX_TOKENS at a time. With reduced motion
// (the Motion setting, the browser's preference, or the `reducedMotion` prop) nothing moves: the
// arrows light up and count. Cost is bounded under a storm of transitions: tokens are moved by d3
// outside React, and the counts and lit arrows are re-rendered at most FLUSH_MS apart. Choosing a state lists its processes; choosing one selects it in
// every panel, and its state is marked here.
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import './states.css';
import type { StateLetter } from '../../../worker/protocol';
import { useProcessesUi } from '../processes/store';
import { plural, useT, type Translate } from '../../i18n';
import { useReducedMotion } from '../../settings/store';
import { useStatesRows, useTaskTrace, type TaskTraceBatch, type TaskTraceSource } from './adapter';
import {
  addHits,
  countByState,
  layoutDiagram,
  planBatch,
  STATES,
  tasksIn,
  TONE,
  type EdgeGeom,
  type EdgeId,
  type EdgeTotals,
  type NodeGeom,
  type TaskRow,
} from './model';
import { useStatesUi } from './store';
import { d3Clock, TokenAnimator, type Clock } from './tokens';

export interface StatesPanelProps {
  /** a hidden panel unsubscribes from the view and the trace and renders nothing */
  hidden?: boolean;
  /** keep still even if the settings allow motion */
  reducedMotion?: boolean;
  /** where task-state batches come from (default: the machine session) */
  traceSource?: TaskTraceSource;
  /** the animation clock (default: d3's); tests drive their own */
  clock?: Clock;
}

/** Counts and lit arrows are re-rendered at most this often (the first batch after a pause at once). */
const FLUSH_MS = 250;
/** Arrows stay lit this long after the last transition on them. */
const LIT_MS = 1000;

interface EdgeStats {
  totals: EdgeTotals;
  /** edges taken since the previous update: they are lit */
  lit: ReadonlySet<EdgeId>;
  dropped: number;
  unmapped: number;
}

const NO_STATS: EdgeStats = { totals: {}, lit: new Set(), dropped: 0, unmapped: 0 };

/** What arrived since the last re-render. */
interface Pending {
  hits: Map<EdgeId, number>;
  dropped: number;
  unmapped: number;
  announce: string | null;
}
const noPending = (): Pending => ({ hits: new Map(), dropped: 0, unmapped: 0, announce: null });

const stateName = (t: Translate, s: StateLetter | 'fork') => t(`states.name.${s}`);

export function StatesPanel({ hidden = false, reducedMotion = false, traceSource, clock }: StatesPanelProps) {
  const t = useT();
  const selectedPid = useProcessesUi((s) => s.selectedPid);
  const select = useProcessesUi((s) => s.select);
  const { open, toggle, close } = useStatesUi();
  const systemStill = useReducedMotion();
  const still = reducedMotion || systemStill;
  const { rows, nowNs } = useStatesRows(!hidden, selectedPid);
  const diagram = useMemo(() => layoutDiagram(), []);
  const counts = useMemo(() => countByState(rows), [rows]);
  const [stats, setStats] = useState<EdgeStats>(NO_STATS);
  const [hint, setHint] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const tokenLayer = useRef<SVGGElement>(null);
  const animator = useRef<TokenAnimator | null>(null);
  const latest = useRef({ selectedPid, still, t });
  latest.current = { selectedPid, still, t };
  const pending = useRef<Pending>(noPending());
  const timers = useRef<{ flush: ReturnType<typeof setTimeout> | null; dim: ReturnType<typeof setTimeout> | null; last: number }>({ flush: null, dim: null, last: -Infinity });
  const now = clock ? clock.now : d3Clock.now;

  // the tokens: d3 owns the elements of the (React-rendered, empty) token layer
  useEffect(() => {
    const layer = tokenLayer.current;
    if (hidden || still || !layer) return;
    const a = new TokenAnimator(layer, diagram.edges, clock);
    animator.current = a;
    return () => {
      a.clear();
      animator.current = null;
    };
  }, [hidden, still, diagram, clock]);

  // hidden: forget the counts (they start again when shown), stop the timers
  useEffect(() => {
    if (hidden) return;
    const tm = timers.current;
    return () => {
      if (tm.flush) clearTimeout(tm.flush);
      if (tm.dim) clearTimeout(tm.dim);
      tm.flush = tm.dim = null;
      tm.last = -Infinity;
      pending.current = noPending();
      setStats(NO_STATS);
      setAnnounce('');
    };
  }, [hidden]);

  /** Re-render what arrived since the last time: counts, lit arrows, the announcement. */
  const flush = (): void => {
    const tm = timers.current;
    tm.flush = null;
    tm.last = now();
    const p = pending.current;
    pending.current = noPending();
    if (p.hits.size > 0 || p.dropped > 0 || p.unmapped > 0)
      setStats((s) => ({
        totals: addHits(s.totals, p.hits),
        lit: p.hits.size > 0 ? new Set(p.hits.keys()) : s.lit,
        dropped: s.dropped + p.dropped,
        unmapped: s.unmapped + p.unmapped,
      }));
    if (p.announce !== null) setAnnounce(p.announce);
    if (p.hits.size > 0) {
      if (tm.dim) clearTimeout(tm.dim);
      tm.dim = setTimeout(() => {
        tm.dim = null;
        setStats((s) => (s.lit.size === 0 ? s : { ...s, lit: new Set() }));
      }, LIT_MS);
    }
  };

  const onBatch = (b: TaskTraceBatch): void => {
    const a = animator.current;
    const { selectedPid: sel, still: keepStill, t: tr } = latest.current;
    const plan = planBatch(b.events, { selectedPid: sel, slots: a && !keepStill ? a.free : 0 });
    // tokens start at once; counts wait for the next re-render
    if (a && plan.tokens.length > 0) a.launch(plan.tokens);
    if (plan.hits.size === 0 && b.dropped === 0 && plan.unmapped === 0) return;
    const p = pending.current;
    for (const [e, n] of plan.hits) p.hits.set(e, (p.hits.get(e) ?? 0) + n);
    p.dropped += b.dropped;
    p.unmapped += plan.unmapped;
    const m = plan.selectedMove;
    if (m) p.announce = m.from === null ? tr('states.born', { pid: m.pid, comm: m.comm }) : tr('states.moved', { pid: m.pid, comm: m.comm, from: m.from, to: m.to });
    const tm = timers.current;
    if (tm.flush) return;
    const wait = tm.last + FLUSH_MS - now();
    if (wait <= 0) flush();
    else tm.flush = setTimeout(flush, wait);
  };
  useTaskTrace(!hidden, onBatch, traceSource);

  if (hidden) return null;

  const selectedRow = selectedPid === null ? null : (rows.find((r) => r.pid === selectedPid) ?? null);
  const selectedState = selectedRow && (STATES as readonly string[]).includes(selectedRow.state) ? (selectedRow.state as StateLetter) : null;

  return (
    <section className={`st-panel${still ? ' st-panel--still' : ''}`} aria-label={t('states.title')}>
      <header className="st-panel__bar">
        <h2>{t('states.title')}</h2>
        <span className="st-panel__selected" data-testid="st-selected">
          {selectedPid === null
            ? ''
            : selectedRow
              ? t('states.selected', { pid: selectedRow.pid, comm: selectedRow.comm, letter: selectedRow.state, name: selectedState ? stateName(t, selectedState) : selectedRow.state })
              : t('states.selectedGone', { pid: selectedPid })}
        </span>
      </header>
      <div className="st-panel__body">
        <svg
          className="st-diagram"
          viewBox={`0 0 ${diagram.width} ${diagram.height}`}
          role="group"
          aria-label={t('states.diagram')}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && open) {
              e.preventDefault();
              close();
            }
          }}
        >
          <defs>
            <marker id="st-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path className="st-arrowhead" d="M0,1 L9,5 L0,9 z" />
            </marker>
            <marker id="st-arrow-lit" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path className="st-arrowhead st-arrowhead--lit" d="M0,1 L9,5 L0,9 z" />
            </marker>
          </defs>
          <g className="st-edges">
            {diagram.edges.map((e) => (
              <EdgeView
                key={e.id}
                edge={e}
                total={stats.totals[e.id] ?? 0}
                lit={stats.lit.has(e.id)}
                onHint={setHint}
              />
            ))}
          </g>
          <ForkNode node={diagram.nodes.fork} onHint={setHint} />
          <g className="st-nodes">
            {STATES.map((s) => (
              <StateNode
                key={s}
                state={s}
                node={diagram.nodes[s]}
                count={counts[s]}
                open={open === s}
                holdsSelected={selectedState === s}
                onToggle={toggle}
                onHint={setHint}
              />
            ))}
          </g>
          <g ref={tokenLayer} className="st-tokens" aria-hidden="true" />
        </svg>
        <p className="st-caption" data-testid="st-caption">
          {hint ?? (nowNs === null ? t('states.waiting') : t('states.help'))}
        </p>
        {still && <p className="st-note">{t('states.still')}</p>}
        {stats.dropped > 0 && <p className="st-note" data-testid="st-dropped">{t('states.dropped', { n: stats.dropped })}</p>}
        {stats.unmapped > 0 && <p className="st-note">{t('states.unmapped', { n: stats.unmapped })}</p>}
        <p className="st-sr-only" aria-live="polite" data-testid="st-announce">
          {announce}
        </p>
        {open && <TaskList state={open} rows={rows} selectedPid={selectedPid} onSelect={select} onClose={close} />}
      </div>
    </section>
  );
}

/** Arrows re-render only when their count or light changes (the panel re-renders on every frame). */
const EdgeView = memo(EdgeViewImpl);

function EdgeViewImpl({
  edge,
  total,
  lit,
  onHint,
}: {
  edge: EdgeGeom;
  total: number;
  /** taken since the previous update */
  lit: boolean;
  onHint: (h: string | null) => void;
}) {
  const t = useT();
  const desc = t(`states.edge.${edge.id}`);
  const from = edge.from === 'fork' ? 'fork()' : edge.from;
  const label = plural(t, 'states.edge.label', total, { from, to: edge.to, desc });
  return (
    <g
      className={`st-edge st-edge--${TONE[edge.to]}${lit ? ' st-edge--lit' : ''}${edge.unmodelled ? ' st-edge--unmodelled' : ''}`}
      data-edge={edge.id}
      data-count={total}
      tabIndex={0}
      role="img"
      aria-label={label}
      onMouseEnter={() => onHint(label)}
      onMouseLeave={() => onHint(null)}
      onFocus={() => onHint(label)}
      onBlur={() => onHint(null)}
    >
      <title>{label}</title>
      <path className="st-edge__hit" d={edge.d} />
      <path className="st-edge__line" d={edge.d} markerEnd={lit ? 'url(#st-arrow-lit)' : 'url(#st-arrow)'} />
      <text className="st-edge__count" x={edge.label.x} y={edge.label.y} textAnchor="middle" dominantBaseline="middle">
        {edge.unmodelled && total === 0 ? '–' : total}
      </text>
    </g>
  );
}

const ForkNode = memo(ForkNodeImpl);

function ForkNodeImpl({ node, onHint }: { node: NodeGeom; onHint: (h: string | null) => void }) {
  const t = useT();
  const label = t('states.node.fork', { desc: t('states.desc.fork') });
  return (
    <g
      className="st-node st-node--fork"
      data-state="fork"
      tabIndex={0}
      role="img"
      aria-label={label}
      onMouseEnter={() => onHint(label)}
      onMouseLeave={() => onHint(null)}
      onFocus={() => onHint(label)}
      onBlur={() => onHint(null)}
    >
      <title>{label}</title>
      <circle className="st-node__focus" cx={node.x} cy={node.y} r={node.r + 5} />
      <circle className="st-node__disc" cx={node.x} cy={node.y} r={node.r} />
      <text className="st-node__name" x={node.labelX} y={node.labelY} textAnchor={node.labelAnchor}>
        fork()
      </text>
    </g>
  );
}

const StateNode = memo(StateNodeImpl);

function StateNodeImpl({
  state,
  node,
  count,
  open,
  holdsSelected,
  onToggle,
  onHint,
}: {
  state: StateLetter;
  node: NodeGeom;
  count: number;
  open: boolean;
  holdsSelected: boolean;
  onToggle: (s: StateLetter) => void;
  onHint: (h: string | null) => void;
}) {
  const t = useT();
  const name = stateName(t, state);
  const desc = t(`states.desc.${state}`);
  const label = plural(t, 'states.node.label', count, { letter: state, name, desc }) + (holdsSelected ? ` ${t('states.node.selected')}` : '');
  const hint = t('states.node.hint', { letter: state, name, desc });
  const onKey = (e: KeyboardEvent<SVGGElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onToggle(state);
    }
  };
  const badgeW = 10 + String(count).length * 7;
  return (
    <g
      className={`st-node st-node--${TONE[state]}${open ? ' st-node--open' : ''}${holdsSelected ? ' st-node--selected' : ''}`}
      data-state={state}
      data-count={count}
      tabIndex={0}
      role="button"
      aria-label={label}
      aria-expanded={open}
      onClick={() => onToggle(state)}
      onKeyDown={onKey}
      onMouseEnter={() => onHint(hint)}
      onMouseLeave={() => onHint(null)}
      onFocus={() => onHint(hint)}
      onBlur={() => onHint(null)}
    >
      <title>{hint}</title>
      <circle className="st-node__focus" cx={node.x} cy={node.y} r={node.r + 6} />
      {holdsSelected && <circle className="st-node__ring" cx={node.x} cy={node.y} r={node.r + 3} data-testid="st-selected-ring" />}
      <circle className="st-node__disc" cx={node.x} cy={node.y} r={node.r} />
      <text className="st-node__letter" x={node.x} y={node.y} textAnchor="middle" dominantBaseline="central">
        {state}
      </text>
      <text className="st-node__name" x={node.labelX} y={node.labelY} textAnchor={node.labelAnchor}>
        {name}
      </text>
      <g className={`st-node__count${count === 0 ? ' st-node__count--zero' : ''}`} aria-hidden="true">
        <rect x={node.x + node.r * 0.55} y={node.y - node.r - 4} width={badgeW} height={16} rx={8} />
        <text x={node.x + node.r * 0.55 + badgeW / 2} y={node.y - node.r + 4} textAnchor="middle" dominantBaseline="central">
          {count}
        </text>
      </g>
    </g>
  );
}

function TaskList({
  state,
  rows,
  selectedPid,
  onSelect,
  onClose,
}: {
  state: StateLetter;
  rows: readonly TaskRow[];
  selectedPid: number | null;
  onSelect: (pid: number | null) => void;
  onClose: () => void;
}) {
  const t = useT();
  const { tasks, more } = tasksIn(rows, state);
  const n = tasks.length + more;
  const title = plural(t, 'states.list.title', n, { letter: state, name: stateName(t, state) });
  const empty = state === 'X' ? t('states.list.emptyX') : state === 't' ? t('states.list.emptyt') : t('states.list.empty');
  return (
    <section className="st-list" aria-label={title} data-testid="st-list">
      <header>
        <h3>{title}</h3>
        <button type="button" onClick={onClose} aria-label={t('states.list.close')} title={t('states.list.close')}>
          ×
        </button>
      </header>
      {n === 0 ? (
        <p className="st-list__empty">{empty}</p>
      ) : (
        <ul>
          {tasks.map((r) => {
            const selected = r.pid === selectedPid;
            const what = t(selected ? 'states.list.unselect' : 'states.list.select', { pid: r.pid, comm: r.comm });
            return (
              <li key={r.pid}>
                <button
                  type="button"
                  className={`st-task${selected ? ' st-task--selected' : ''}`}
                  data-pid={r.pid}
                  aria-pressed={selected}
                  title={what}
                  aria-label={what}
                  onClick={() => onSelect(selected ? null : r.pid)}
                >
                  <span className="st-task__pid">{r.pid}</span>
                  <span className="st-task__comm">{r.comm}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {more > 0 && <p className="st-list__more">{t('states.list.more', { n: more })}</p>}
    </section>
  );
}

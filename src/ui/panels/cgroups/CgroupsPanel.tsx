// The cgroup panel: one cgroup hierarchy live from the `cgroups` view, drawn as an indented tree
// (d3-hierarchy lays it out, React renders it). Each cgroup shows its name, how many tasks it
// holds, its limits ("20% CPU", "pids 3/5", "cpus 0-1"), its CPU use over the last second with a
// sparkline, and a bar with the part of the machine its cap (its own or an ancestor's) leaves
// it. A throttled group flashes (a steady outline when the user prefers reduced motion).
// Selecting a cgroup lists its tasks and highlights its processes in the process panel; the
// process selected there is marked on the cgroup that holds it.
import { memo, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import './cgroups.css';
import { CGROUP_HIERARCHIES, type CgroupHierarchyName, type CgroupNode, type CgroupsFrame } from '../../../worker/protocol';
import { useProcessesUi } from '../processes/store';
import { stateInfo } from '../processes/model';
import { useCgroupsView } from './adapter';
import {
  capacity,
  displayName,
  formatPercent,
  isThrottled,
  layoutTree,
  limitChips,
  nodeLabel,
  sparkline,
  SPARK_H,
  SPARK_W,
  type LaidOutNode,
} from './model';
import { useCgroupsUi } from './store';

export interface CgroupsPanelProps {
  /** a hidden panel unsubscribes from the view and renders nothing */
  hidden?: boolean;
}

const HIGHLIGHT_SOURCE = 'cgroups';
const V1_CHOICES = CGROUP_HIERARCHIES.filter((h) => h !== 'unified');

/** Drop the process panel's highlight if this panel set it. */
function clearOwnHighlight(): void {
  const ui = useProcessesUi.getState();
  if (ui.highlight?.source === HIGHLIGHT_SOURCE) ui.setHighlight(null);
}

export function CgroupsPanel({ hidden = false }: CgroupsPanelProps) {
  const { hierarchy, selectedPath, setHierarchy, select } = useCgroupsUi();
  const selectedPid = useProcessesUi((s) => s.selectedPid);
  const selectPid = useProcessesUi((s) => s.select);
  const frame = useCgroupsView(!hidden, hierarchy, selectedPath);
  const layout = useMemo(() => layoutTree(frame?.nodes ?? []), [frame]);
  const treeRef = useRef<HTMLDivElement>(null);

  const selectedNode = frame?.nodes.find((n) => n.path === selectedPath);
  const hierName = frame?.hierarchy.name ?? '';
  const version = frame?.version ?? null;
  const pidsKey = selectedNode ? selectedNode.pids.join(',') : '';

  // the selected cgroup's processes are highlighted in the process panel, following the frames
  useEffect(() => {
    if (hidden || selectedPath === null) {
      clearOwnHighlight();
      return;
    }
    if (version === null) return; // no frame yet
    const pids = pidsKey === '' ? [] : pidsKey.split(',').map(Number);
    const label = version === 2 ? `cgroup ${selectedPath}` : `cgroup ${hierName}:${selectedPath}`;
    useProcessesUi.getState().setHighlight({ pids, label, source: HIGHLIGHT_SOURCE });
  }, [hidden, selectedPath, pidsKey, hierName, version]);

  // "stop highlighting" in the process panel deselects the cgroup; unmounting clears the highlight
  useEffect(
    () =>
      useProcessesUi.subscribe((s, prev) => {
        if (prev.highlight?.source === HIGHLIGHT_SOURCE && s.highlight === null) useCgroupsUi.getState().select(null);
      }),
    [],
  );
  useEffect(() => () => clearOwnHighlight(), []);

  // keyboard selection moves the focus with it
  useEffect(() => {
    const tree = treeRef.current;
    if (!tree || selectedPath === null || !tree.contains(document.activeElement)) return;
    const el = [...tree.querySelectorAll<HTMLElement>('[data-path]')].find((x) => x.dataset.path === selectedPath);
    if (el && el !== document.activeElement) el.focus();
  }, [selectedPath]);

  if (hidden) return null;

  const onTreeKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const rows = layout.rows;
    if (rows.length === 0) return;
    const i = rows.findIndex((r) => r.node.path === selectedPath);
    let next: number;
    switch (e.key) {
      case 'ArrowDown':
        next = i < 0 ? 0 : Math.min(rows.length - 1, i + 1);
        break;
      case 'ArrowUp':
        next = i < 0 ? 0 : Math.max(0, i - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = rows.length - 1;
        break;
      case 'Escape':
        e.preventDefault();
        select(null);
        return;
      default:
        return;
    }
    e.preventDefault();
    select(rows[next]!.node.path);
  };

  const focusPath = selectedNode ? selectedPath : (layout.rows[0]?.node.path ?? null);
  const pidHere = (n: CgroupNode) => selectedPid !== null && n.pids.includes(selectedPid);

  return (
    <section className="cg-panel" aria-label="Cgroups">
      <header className="cg-panel__bar">
        <h2>Cgroups</h2>
        <span className="cg-panel__mount" title="where this hierarchy is mounted">
          {frame ? `v${frame.version} · ${frame.hierarchy.mountPath}` : ''}
        </span>
        <HierarchySelect frame={frame} value={hierarchy} onChange={setHierarchy} />
      </header>
      <div className="cg-panel__scroll">
        {frame === null ? (
          <p className="cg-panel__empty">Waiting for the machine…</p>
        ) : (
          <div
            ref={treeRef}
            className="cg-tree"
            role="tree"
            aria-label={`cgroup tree: ${frame.hierarchy.mountPath}`}
            style={{ height: layout.height }}
            onKeyDown={onTreeKey}
          >
            <svg className="cg-links" width="100%" height={layout.height} aria-hidden="true">
              {layout.links.map((l) => (
                <path key={l.key} d={l.d} />
              ))}
            </svg>
            {layout.rows.map((r) => (
              <CgroupRowView
                key={r.node.path}
                row={r}
                frame={frame}
                selected={r.node.path === selectedPath}
                focusable={r.node.path === focusPath}
                pidHere={pidHere(r.node) ? selectedPid : null}
                onSelect={select}
              />
            ))}
          </div>
        )}
      </div>
      <Details frame={frame} path={selectedPath} node={selectedNode ?? null} onClose={() => select(null)} onPid={selectPid} selectedPid={selectedPid} />
    </section>
  );
}

function HierarchySelect({
  frame,
  value,
  onChange,
}: {
  frame: CgroupsFrame | null;
  value: CgroupHierarchyName | null;
  onChange: (h: CgroupHierarchyName | null) => void;
}) {
  if (frame?.version === 2) {
    return (
      <select className="cg-panel__select" aria-label="Cgroup hierarchy" value="unified" disabled>
        <option value="unified">unified (v2)</option>
      </select>
    );
  }
  const names = frame ? frame.hierarchies.map((h) => h.name) : V1_CHOICES;
  const current = frame ? frame.hierarchy.name : (value ?? 'cpu');
  return (
    <select
      className="cg-panel__select"
      aria-label="Cgroup hierarchy"
      value={current}
      onChange={(e) => onChange(e.target.value as CgroupHierarchyName)}
    >
      {names.map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </select>
  );
}

interface RowProps {
  row: LaidOutNode;
  frame: CgroupsFrame;
  selected: boolean;
  focusable: boolean;
  /** the process panel's selected pid, when this cgroup holds it */
  pidHere: number | null;
  onSelect: (path: string | null) => void;
}

/** Frames arrive up to 60 times a second: re-render only rows whose content changed. */
const CgroupRowView = memo(
  RowView,
  (a: RowProps, b: RowProps) =>
    a.selected === b.selected &&
    a.focusable === b.focusable &&
    a.pidHere === b.pidHere &&
    a.onSelect === b.onSelect &&
    a.row.x === b.row.x &&
    a.row.y === b.row.y &&
    a.row.hasChildren === b.row.hasChildren &&
    a.frame.ncpus === b.frame.ncpus &&
    a.frame.version === b.frame.version &&
    a.frame.hierarchy.mountPath === b.frame.hierarchy.mountPath &&
    JSON.stringify(a.row.node) === JSON.stringify(b.row.node),
);

function RowView({ row, frame, selected, focusable, pidHere, onSelect }: RowProps) {
  const n = row.node;
  const chips = limitChips(n, frame.version, frame.ncpus);
  const throttled = isThrottled(n);
  // a group whose tasks wait for an ancestor's quota (an empty one has nothing to hold back)
  const heldBy = !throttled && n.throttledBy !== null && n.nrTasksSubtree > 0 ? n.throttledBy : null;
  const all = Math.max(1, frame.ncpus) * 100;
  const cap = capacity(n, frame.ncpus);
  const spark = sparkline(n.history, cap, 30);
  const fill = n.cpuPercent === null ? 0 : Math.min(100, (100 * n.cpuPercent) / all);
  const capAt = (100 * cap) / all;
  const below = n.nrTasksSubtree - n.nrTasks;
  const cls = ['cg-node', selected && 'cg-node--selected', throttled && 'cg-node--throttled', heldBy && 'cg-node--held', pidHere !== null && 'cg-node--has-pid']
    .filter(Boolean)
    .join(' ');
  const toggle = () => onSelect(selected ? null : n.path);
  return (
    <div
      className={cls}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={selected}
      aria-expanded={row.hasChildren ? true : undefined}
      aria-label={nodeLabel(n, frame)}
      tabIndex={focusable ? 0 : -1}
      data-path={n.path}
      data-tasks={n.nrTasks}
      data-throttled={throttled || undefined}
      style={{ top: row.y, left: row.x }}
      onClick={toggle}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          toggle();
        }
      }}
    >
      <div className="cg-node__head">
        <span className="cg-node__name" title={`${frame.hierarchy.mountPath}${n.parent === null ? '' : n.path}`}>
          {displayName(n, frame)}
        </span>
        <span className="cg-node__tasks" title={`${n.nrProcs} processes, ${n.nrTasks} threads in its tasks file; ${n.nrTasksSubtree} with its descendants`}>
          {n.nrTasks} {n.nrTasks === 1 ? 'task' : 'tasks'}
          {below > 0 && <span className="cg-node__below"> +{below} below</span>}
        </span>
        {pidHere !== null && (
          <span className="cg-node__pid" title={`process ${pidHere} (selected in Processes) is in this cgroup`}>
            ● {pidHere}
          </span>
        )}
        {throttled && n.cpuStat && (
          <span className="cg-node__throttle" title={`cpu.stat: nr_throttled ${n.cpuStat.nrThrottled}, throttled ${n.cpuStat.throttledPercent}% of the last second`}>
            throttled {Math.round(n.cpuStat.throttledPercent)}%
          </span>
        )}
        {heldBy && (
          <span className="cg-node__held" title={`its tasks wait while ${heldBy} is throttled`}>
            held by {heldBy}
          </span>
        )}
        <span className="cg-node__cpu" title={cpuTitle(n)}>
          {n.usageSource === 'tasks' && <span aria-hidden="true">≈</span>}
          {formatPercent(n.cpuPercent)}
        </span>
        <svg className="cg-spark" width={SPARK_W} height={SPARK_H} aria-hidden="true">
          <title>{`CPU over the last ${n.history.length / 2} s, scale 0–${Math.round(cap)}%`}</title>
          <line className="cg-spark__cap" x1={0} x2={SPARK_W} y1={spark.capY} y2={spark.capY} />
          <path className="cg-spark__area" d={spark.area} />
          <path className="cg-spark__line" d={spark.line} />
        </svg>
      </div>
      <div className="cg-node__chips">
        {chips.length === 0 ? (
          <span className="cg-chip cg-chip--none">{n.parent === null ? 'root: no limits' : 'no limits'}</span>
        ) : (
          chips.map((c) => (
            <span key={c.key} className={`cg-chip cg-chip--${c.tone}`} title={c.title}>
              {c.text}
            </span>
          ))
        )}
      </div>
      <div className="cg-bar" aria-hidden="true" title={`CPU use against the machine (${frame.ncpus} CPUs); hatched: beyond its cap`}>
        {cap < all && <div className="cg-bar__blocked" style={{ left: `${capAt}%` }} />}
        <div className="cg-bar__fill" style={{ width: `${fill}%` }} />
        {cap < all && <div className="cg-bar__cap" style={{ left: `${capAt}%` }} />}
      </div>
    </div>
  );
}

function cpuTitle(n: CgroupNode): string {
  const base = 'CPU used over the last second, % of one CPU';
  if (n.usageSource === 'cpuacct') return `${base} (from its CPU accounting)`;
  if (n.usageSource === 'tasks') return `${base} (≈: added up from its tasks; no cpuacct group holds exactly these tasks)`;
  return base;
}

function Details({
  frame,
  path,
  node,
  onClose,
  onPid,
  selectedPid,
}: {
  frame: CgroupsFrame | null;
  path: string | null;
  node: CgroupNode | null;
  onClose: () => void;
  onPid: (pid: number | null) => void;
  selectedPid: number | null;
}) {
  if (path === null) return <p className="cg-details cg-details--hint">Select a cgroup to list its tasks and highlight them in Processes.</p>;
  const full = frame ? `${frame.hierarchy.mountPath}${path === '/' ? '' : path}` : path;
  const tasks = frame?.selected && frame.selected.path === path ? frame.selected.tasks : null;
  const stat = node?.cpuStat;
  return (
    <section className="cg-details" aria-label={`Tasks of ${full}`}>
      <header>
        <h3 title={full}>{full}</h3>
        <button type="button" onClick={onClose} aria-label="Close cgroup details">
          ×
        </button>
      </header>
      {frame && !node ? (
        <p>This cgroup no longer exists.</p>
      ) : tasks === null ? (
        <p>Reading…</p>
      ) : (
        <>
          {stat && stat.nrPeriods > 0 && (
            <p className="cg-details__stat">
              cpu.stat: nr_periods {stat.nrPeriods} · nr_throttled {stat.nrThrottled} · throttled_time {(stat.throttledTimeNs / 1e9).toFixed(2)} s
            </p>
          )}
          {tasks.length === 0 ? (
            <p>No tasks here{node && node.nrTasksSubtree > 0 ? ` (${node.nrTasksSubtree} in its descendants)` : ''}.</p>
          ) : (
            <ul className="cg-tasks" aria-label="tasks">
              {tasks.map((t) => {
                const s = stateInfo(t.state);
                const sel = t.pid === selectedPid;
                return (
                  <li key={t.tid}>
                    <button
                      type="button"
                      className={`cg-task${sel ? ' cg-task--selected' : ''}`}
                      aria-pressed={sel}
                      onClick={() => onPid(sel ? null : t.pid)}
                      title="select this process in Processes"
                    >
                      <span className="cg-task__pid">{t.tid === t.pid ? t.pid : `${t.pid}/${t.tid}`}</span>
                      <span className="cg-task__comm">{t.comm}</span>
                      <span className={`cg-task__state proc-state--${s.tone}`}>
                        {s.letter} {s.label}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

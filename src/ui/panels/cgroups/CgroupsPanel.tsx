// The cgroup panel: one cgroup hierarchy live from the `cgroups` view, drawn as an indented tree
// (d3-hierarchy lays it out, React renders it). Each cgroup shows its name, how many tasks it
// holds, its limits ("20% CPU", "pids 3/5", "cpus 0-1"), its CPU use over the last second with a
// sparkline, and a bar with the part of the machine its cap (its own or an ancestor's) leaves
// it. A throttled group flashes (a steady outline when motion is reduced: the Motion setting,
// or on 'System' the browser's prefers-reduced-motion).
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
import { plural, useT } from '../../i18n';
import { useReducedMotion } from '../../settings/store';

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
  const t = useT();
  const still = useReducedMotion();

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
    <section className={`cg-panel${still ? ' cg-panel--still' : ''}`} aria-label={t('cg.title')}>
      <header className="cg-panel__bar">
        <h2>{t('cg.title')}</h2>
        <span className="cg-panel__mount" title={t('cg.mount.title')}>
          {frame ? `v${frame.version} · ${frame.hierarchy.mountPath}` : ''}
        </span>
        <HierarchySelect frame={frame} value={hierarchy} onChange={setHierarchy} />
      </header>
      <div className="cg-panel__scroll">
        {frame === null ? (
          <p className="cg-panel__empty">{t('cg.waiting')}</p>
        ) : (
          <div
            ref={treeRef}
            className="cg-tree"
            role="tree"
            aria-label={t('cg.tree', { path: frame.hierarchy.mountPath })}
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
  const t = useT();
  if (frame?.version === 2) {
    return (
      <select className="cg-panel__select" aria-label={t('cg.hierarchy')} value="unified" disabled>
        <option value="unified">{t('cg.hierarchy.unified')}</option>
      </select>
    );
  }
  const names = frame ? frame.hierarchies.map((h) => h.name) : V1_CHOICES;
  const current = frame ? frame.hierarchy.name : (value ?? 'cpu');
  return (
    <select
      className="cg-panel__select"
      aria-label={t('cg.hierarchy')}
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
  const t = useT();
  const n = row.node;
  const chips = limitChips(n, frame.version, frame.ncpus, t);
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
      aria-label={nodeLabel(n, frame, t)}
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
        <span className="cg-node__tasks" title={t('cg.tasks.title', { procs: n.nrProcs, tasks: n.nrTasks, subtree: n.nrTasksSubtree })}>
          {plural(t, 'cg.tasks', n.nrTasks)}
          {below > 0 && <span className="cg-node__below"> {t('cg.tasks.below', { n: below })}</span>}
        </span>
        {pidHere !== null && (
          <span className="cg-node__pid" title={t('cg.pidHere', { pid: pidHere })}>
            ● {pidHere}
          </span>
        )}
        {throttled && n.cpuStat && (
          <span className="cg-node__throttle" title={t('cg.throttled.title', { n: n.cpuStat.nrThrottled, pct: n.cpuStat.throttledPercent })}>
            {t('cg.throttled', { pct: Math.round(n.cpuStat.throttledPercent) })}
          </span>
        )}
        {heldBy && (
          <span className="cg-node__held" title={t('cg.held.title', { by: heldBy })}>
            {t('cg.held', { by: heldBy })}
          </span>
        )}
        <span className="cg-node__cpu" title={t(cpuTitleKey(n))}>
          {n.usageSource === 'tasks' && <span aria-hidden="true">≈</span>}
          {formatPercent(n.cpuPercent)}
        </span>
        <svg className="cg-spark" width={SPARK_W} height={SPARK_H} aria-hidden="true">
          <title>{t('cg.spark.title', { s: n.history.length / 2, cap: Math.round(cap) })}</title>
          <line className="cg-spark__cap" x1={0} x2={SPARK_W} y1={spark.capY} y2={spark.capY} />
          <path className="cg-spark__area" d={spark.area} />
          <path className="cg-spark__line" d={spark.line} />
        </svg>
      </div>
      <div className="cg-node__chips">
        {chips.length === 0 ? (
          <span className="cg-chip cg-chip--none">{t(n.parent === null ? 'cg.limits.root' : 'cg.limits.none')}</span>
        ) : (
          chips.map((c) => (
            <span key={c.key} className={`cg-chip cg-chip--${c.tone}`} title={c.title}>
              {c.text}
            </span>
          ))
        )}
      </div>
      <div className="cg-bar" aria-hidden="true" title={t('cg.bar.title', { n: frame.ncpus })}>
        {cap < all && <div className="cg-bar__blocked" style={{ left: `${capAt}%` }} />}
        <div className="cg-bar__fill" style={{ width: `${fill}%` }} />
        {cap < all && <div className="cg-bar__cap" style={{ left: `${capAt}%` }} />}
      </div>
    </div>
  );
}

function cpuTitleKey(n: CgroupNode): string {
  if (n.usageSource === 'cpuacct') return 'cg.cpu.title.cpuacct';
  if (n.usageSource === 'tasks') return 'cg.cpu.title.tasks';
  return 'cg.cpu.title';
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
  const t = useT();
  if (path === null) return <p className="cg-details cg-details--hint">{t('cg.details.hint')}</p>;
  const full = frame ? `${frame.hierarchy.mountPath}${path === '/' ? '' : path}` : path;
  const tasks = frame?.selected && frame.selected.path === path ? frame.selected.tasks : null;
  const stat = node?.cpuStat;
  return (
    <section className="cg-details" aria-label={t('cg.details.label', { path: full })}>
      <header>
        <h3 title={full}>{full}</h3>
        <button type="button" onClick={onClose} aria-label={t('cg.details.close')} title={t('cg.details.close')}>
          ×
        </button>
      </header>
      {frame && !node ? (
        <p>{t('cg.details.gone')}</p>
      ) : tasks === null ? (
        <p>{t('cg.details.reading')}</p>
      ) : (
        <>
          {stat && stat.nrPeriods > 0 && (
            <p className="cg-details__stat">
              {t('cg.details.stat', { periods: stat.nrPeriods, throttled: stat.nrThrottled, time: (stat.throttledTimeNs / 1e9).toFixed(2) })}
            </p>
          )}
          {tasks.length === 0 ? (
            <p>{node && node.nrTasksSubtree > 0 ? t('cg.details.emptyBelow', { n: node.nrTasksSubtree }) : t('cg.details.empty')}</p>
          ) : (
            <ul className="cg-tasks" aria-label={t('cg.details.tasks')}>
              {tasks.map((task) => {
                const s = stateInfo(task.state, t);
                const sel = task.pid === selectedPid;
                return (
                  <li key={task.tid}>
                    <button
                      type="button"
                      className={`cg-task${sel ? ' cg-task--selected' : ''}`}
                      aria-pressed={sel}
                      onClick={() => onPid(sel ? null : task.pid)}
                      title={t('cg.details.task.title')}
                    >
                      <span className="cg-task__pid">{task.tid === task.pid ? task.pid : `${task.pid}/${task.tid}`}</span>
                      <span className="cg-task__comm">{task.comm}</span>
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

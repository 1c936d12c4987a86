// The process panel: every task live from the `processes` view, as a sortable table or a
// pstree-like tree. The state shows as its letter, a text label and a colour (never colour
// alone); zombie and stopped rows are tinted and counted in the header. Selecting a row shows
// that task's /proc/PID/status fields.
import { memo, useMemo, type KeyboardEvent } from 'react';
import './processes.css';
import { useProcessesView } from './adapter';
import { buildTree, COLUMNS, sortRows, stateInfo, type ProcRow, type TreeLine } from './model';
import { useProcessesUi } from './store';
import { useT } from '../../i18n';

export interface ProcessesPanelProps {
  /** a hidden panel unsubscribes from the view and renders nothing */
  hidden?: boolean;
}

function StateBadge({ state }: { state: string }) {
  const s = stateInfo(state, useT());
  return (
    <span className={`proc-state proc-state--${s.tone}`} title={`${s.letter}: ${s.label}`}>
      <b className="proc-state__letter">{s.letter}</b> <span className="proc-state__label">{s.label}</span>
    </span>
  );
}

function formatCpu(p: number): string {
  return p.toFixed(1);
}

export function ProcessesPanel({ hidden = false }: ProcessesPanelProps) {
  const { selectedPid, sortKey, sortDir, mode, highlight, select, sortBy, setMode, setHighlight } = useProcessesUi();
  const view = useProcessesView(!hidden, selectedPid);
  const t = useT();

  const lines: TreeLine[] = useMemo(
    () =>
      mode === 'tree'
        ? buildTree(view.rows)
        : sortRows(view.rows, sortKey, sortDir).map((row) => ({ row, prefix: '', depth: 0 })),
    [view.rows, mode, sortKey, sortDir],
  );

  if (hidden) return null;

  const zombies = view.rows.filter((r) => r.state === 'Z').length;
  const stopped = view.rows.filter((r) => r.state === 'T' || r.state === 't').length;
  const selectedRow = view.rows.find((r) => r.pid === selectedPid) ?? null;
  const highlighted = new Set(highlight?.pids ?? []);

  const onKey = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Escape') return;
    e.preventDefault();
    if (e.key === 'Escape') return select(null);
    const i = lines.findIndex((l) => l.row.pid === selectedPid);
    const next = e.key === 'ArrowDown' ? Math.min(lines.length - 1, i + 1) : Math.max(0, i - 1);
    const row = lines[next]?.row;
    if (row) select(row.pid);
  };

  return (
    <section className="proc-panel" aria-label={t('proc.title')}>
      <header className="proc-panel__bar">
        <h2>{t('proc.title')}</h2>
        <span className="proc-panel__counts" data-testid="proc-counts">
          {t('proc.count.tasks', { n: view.rows.length })}
          {zombies > 0 && <span className="proc-count proc-count--zombie">{t('proc.count.zombie', { n: zombies })}</span>}
          {stopped > 0 && <span className="proc-count proc-count--stopped">{t('proc.count.stopped', { n: stopped })}</span>}
        </span>
        {highlight && (
          <span className="proc-highlight" data-testid="proc-highlight">
            <span className="proc-highlight__swatch" aria-hidden="true" />
            <span className="proc-highlight__text" title={t('proc.highlight', { n: highlight.pids.length, label: highlight.label })}>
              {t('proc.highlight', { n: highlight.pids.length, label: highlight.label })}
            </span>
            <button
              type="button"
              onClick={() => setHighlight(null)}
              aria-label={t('proc.highlight.stop', { label: highlight.label })}
              title={t('proc.highlight.stop', { label: highlight.label })}
            >
              ×
            </button>
          </span>
        )}
        <div className="proc-panel__modes" role="group" aria-label={t('proc.view')}>
          <button type="button" aria-pressed={mode === 'table'} onClick={() => setMode('table')}>
            {t('proc.view.table')}
          </button>
          <button type="button" aria-pressed={mode === 'tree'} onClick={() => setMode('tree')}>
            {t('proc.view.tree')}
          </button>
        </div>
      </header>
      <div className="proc-panel__scroll">
        <table className="proc-table" data-mode={mode}>
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const active = mode === 'table' && sortKey === c.key;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    className={`proc-col--${c.key}`}
                    aria-sort={active ? (sortDir === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    {mode === 'table' ? (
                      <button type="button" onClick={() => sortBy(c.key)} title={t('proc.sortBy', { column: c.title })}>
                        {c.title}
                        <span className="proc-sort" aria-hidden="true">
                          {active ? (sortDir === 'asc' ? '▲' : '▼') : ''}
                        </span>
                      </button>
                    ) : (
                      c.title
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody onKeyDown={onKey}>
            {lines.map(({ row, prefix }) => (
              <ProcessRowView
                key={row.pid}
                row={row}
                prefix={prefix}
                selected={row.pid === selectedPid}
                highlighted={highlighted.has(row.pid)}
                onSelect={select}
              />
            ))}
          </tbody>
        </table>
        {view.nowNs === null && <p className="proc-panel__empty">{t('proc.waiting')}</p>}
      </div>
      <Details pid={selectedPid} row={selectedRow} status={view.status} onClose={() => select(null)} />
    </section>
  );
}

interface RowProps {
  row: ProcRow;
  prefix: string;
  selected: boolean;
  /** one of the pids another panel highlights (the selected cgroup's processes) */
  highlighted: boolean;
  onSelect: (pid: number | null) => void;
}

/** Frames arrive up to 60 times a second with fresh objects: re-render only rows that changed. */
const ProcessRowView = memo(
  RowView,
  (a: RowProps, b: RowProps) =>
    a.selected === b.selected &&
    a.highlighted === b.highlighted &&
    a.prefix === b.prefix &&
    a.onSelect === b.onSelect &&
    a.row.pid === b.row.pid &&
    a.row.ppid === b.row.ppid &&
    a.row.state === b.row.state &&
    a.row.user === b.row.user &&
    a.row.cpuPercent === b.row.cpuPercent &&
    a.row.command === b.row.command,
);

function RowView({
  row,
  prefix,
  selected,
  highlighted,
  onSelect,
}: RowProps) {
  const tone = stateInfo(row.state).tone;
  return (
    <tr
      className={`proc-row proc-row--${tone}${selected ? ' proc-row--selected' : ''}${highlighted ? ' proc-row--highlighted' : ''}`}
      data-pid={row.pid}
      data-state={row.state}
      data-highlighted={highlighted || undefined}
      aria-selected={selected}
      tabIndex={0}
      onClick={() => onSelect(selected ? null : row.pid)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(selected ? null : row.pid);
        }
      }}
    >
      <td className="proc-col--pid">{row.pid}</td>
      <td className="proc-col--ppid">{row.ppid}</td>
      <td className="proc-col--state">
        <StateBadge state={row.state} />
      </td>
      <td className="proc-col--user">{row.user}</td>
      <td className="proc-col--cpu">{formatCpu(row.cpuPercent)}</td>
      <td className="proc-col--command" title={row.command}>
        {prefix && <span className="proc-tree">{prefix}</span>}
        {row.command}
      </td>
    </tr>
  );
}

function Details({
  pid,
  row,
  status,
  onClose,
}: {
  pid: number | null;
  row: ProcRow | null;
  status: { pid: number; fields: Array<[string, string]> } | null;
  onClose: () => void;
}) {
  const t = useT();
  if (pid === null) return <p className="proc-details proc-details--hint">{t('proc.details.hint')}</p>;
  const fields = status && status.pid === pid ? status.fields : null;
  return (
    <section className="proc-details" aria-label={`/proc/${pid}/status`}>
      <header>
        <h3>/proc/{pid}/status</h3>
        <button type="button" onClick={onClose} aria-label={t('proc.details.close')} title={t('proc.details.close')}>
          ×
        </button>
      </header>
      {row === null ? (
        <p>{t('proc.details.gone', { pid })}</p>
      ) : fields === null ? (
        <p>{t('proc.details.reading')}</p>
      ) : (
        <dl>
          {fields.map(([k, v]) => (
            <div key={k} className="proc-details__field">
              <dt>{k}</dt>
              <dd title={v}>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

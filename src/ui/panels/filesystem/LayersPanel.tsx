// The layer panel ("in the spirit of dive"): one overlay mount live from the `overlay` view.
//  - a picker of the overlay mounts (the newest by default);
//  - the layer stack, bottom-up as overlayfs stacks it (lower N … lower 1, upper, merged on top),
//    each with its directory, size and file count; a copy-up animates: the file's chip rises
//    from the lower layer it came from into upper (from the kernel's copy-up trace events; a
//    steady chip on upper when motion is reduced: the Motion setting, or the browser's preference);
//  - the file tree of the merged view (or, with a layer picked, of that layer's own directory),
//    expanded on demand, every entry badged with the layer it comes from; whiteouts are struck
//    through with a "whiteout" badge, opaque directories marked;
//  - the selected file: its content (the first 4 KiB) and every layer that has a version of it.
import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import './filesystem.css';
import type {
  CopyUpTraceEvent,
  LayerRef,
  OverlayContent,
  OverlayDetail,
  OverlayEntry,
  OverlayFileVersion,
  OverlayFrame,
  OverlayLayerInfo,
  TreeLayer,
} from '../../../worker/protocol';
import { useCopyUpEvents, useOverlayView } from './adapter';
import {
  basename,
  entryLabel,
  formatBytes,
  kindGlyph,
  layerKey,
  layerLabel,
  layerList,
  layerSummary,
  layerTone,
  mountLabel,
  moreUnder,
  parentOf,
  stackTopDown,
  statusText,
  treeRows,
  type TreeRow,
} from './model';
import { useLayersUi } from './store';
import { plural, translate, useLang, useT } from '../../i18n';
import { useReducedMotion } from '../../settings/store';

export interface LayersPanelProps {
  /** a hidden panel unsubscribes from the view and renders nothing */
  hidden?: boolean;
}

/** How long a copy-up chip stays (ms): the rise, then a moment on upper. */
export const FLIGHT_MS = 2400;
/** Copy-ups animated at once (a burst shows its last few). */
const MAX_FLYERS = 6;
/** Delay between the chips of one batch (parents are copied up before their files). */
const STAGGER_MS = 180;

interface Flyer {
  id: number;
  path: string;
  fromLayer: number;
  /** offsets of the lower's row and of upper's row in the stack */
  fromY: number;
  toY: number;
  delayMs: number;
}

export function LayersPanel({ hidden = false }: LayersPanelProps) {
  const { mount, expanded, layer, file, setMount, toggle, expand, collapse, setLayer, selectFile } = useLayersUi();
  const frame = useOverlayView(!hidden, { mount, expanded, layer, file });
  const detail = frame?.detail ?? null;
  const t = useT();
  const still = useReducedMotion();

  const stackRef = useRef<HTMLDivElement>(null);
  const [flyers, setFlyers] = useState<Flyer[]>([]);
  const [landed, setLanded] = useState(0);
  const [risen, setRisen] = useState<ReadonlySet<string>>(new Set());
  const [announce, setAnnounce] = useState('');
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const nextId = useRef(1);
  const dev = detail?.mount.dev ?? null;

  const later = useCallback((ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.current.delete(t);
      fn();
    }, ms);
    timers.current.add(t);
  }, []);
  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const t of pending) clearTimeout(t);
      pending.clear();
    };
  }, []);

  useCopyUpEvents(!hidden, (events: CopyUpTraceEvent[]) => {
    const mine = events.filter((e) => e.sb === dev);
    const stack = stackRef.current;
    if (mine.length === 0 || !stack) return;
    const upper = stack.querySelector<HTMLElement>('[data-layer="upper"]');
    const shown = mine.slice(-MAX_FLYERS);
    const born: Flyer[] = [];
    shown.forEach((e, i) => {
      const from = stack.querySelector<HTMLElement>(`[data-layer="${e.fromLayer}"]`);
      if (!upper || !from) return;
      born.push({ id: nextId.current++, path: e.path, fromLayer: e.fromLayer, fromY: from.offsetTop, toY: upper.offsetTop, delayMs: i * STAGGER_MS });
    });
    const ids = new Set(born.map((f) => f.id));
    const paths = shown.map((e) => e.path);
    setFlyers((fs) => [...fs, ...born].slice(-MAX_FLYERS * 2));
    setLanded((n) => n + 1);
    setRisen((s) => new Set([...s, ...paths]));
    const last = shown.at(-1)!;
    const said = { path: last.path, from: layerLabel(last.fromLayer), n: mine.length };
    setAnnounce(translate(useLang.getState().lang, mine.length > 1 ? 'ovl.announce.many' : 'ovl.announce', said));
    const total = FLIGHT_MS + (born.length - 1) * STAGGER_MS;
    later(total, () => {
      setFlyers((fs) => fs.filter((f) => !ids.has(f.id)));
      setLanded((n) => Math.max(0, n - 1));
      setRisen((s) => new Set([...s].filter((p) => !paths.includes(p))));
    });
  });

  // another mount, or the panel hidden: no animation carries over
  useEffect(() => {
    setFlyers([]);
    setLanded(0);
    setRisen(new Set());
  }, [dev, hidden]);

  if (hidden) return null;

  const view: TreeLayer = layer ?? 'merged';

  return (
    <section className={`ovl-panel${still ? ' ovl-panel--still' : ''}`} aria-label={t('ovl.title')}>
      <header className="ovl-panel__bar">
        <h2>{t('ovl.title')}</h2>
        <MountPicker frame={frame} onChange={setMount} />
      </header>
      {frame === null ? (
        <p className="ovl-panel__empty">{t('ovl.waiting')}</p>
      ) : detail === null ? (
        <div className="ovl-panel__empty" data-testid="ovl-empty">
          <p>
            {t('ovl.empty')} <code>mount -t overlay overlay -o lowerdir=…</code>
          </p>
          <p className="ovl-panel__example">
            {t('ovl.empty.example')}
            <code>mkdir -p /tmp/ov/lower1 /tmp/ov/lower2 /tmp/ov/upper /tmp/ov/work /tmp/ov/merged</code>
            <code>cd /tmp/ov</code>
            <code>mount -t overlay overlay -o lowerdir=lower1:lower2,upperdir=upper,workdir=work merged</code>
          </p>
        </div>
      ) : (
        <>
          <p className="ovl-panel__opts" title={t('ovl.opts.title', { source: detail.mount.source, mountPoint: detail.mount.mountPoint, options: detail.mount.options })}>
            {detail.mount.options}
          </p>
          <div className="ovl-panel__body">
            <LayerStack
              detail={detail}
              selected={view}
              onSelect={(l) => setLayer(l === 'merged' ? null : l)}
              stackRef={stackRef}
              flyers={flyers}
              landed={landed > 0}
            />
            <CopyUps detail={detail} />
            <p className="ovl-sr" aria-live="polite" data-testid="ovl-announce">
              {announce}
            </p>
            <Tree
              detail={detail}
              view={view}
              expanded={expanded}
              selected={file}
              risen={risen}
              onToggle={toggle}
              onExpand={expand}
              onCollapse={collapse}
              onSelect={selectFile}
            />
          </div>
          <FileDetails detail={detail} path={file} onClose={() => selectFile(null)} />
        </>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- mount picker

function MountPicker({ frame, onChange }: { frame: OverlayFrame | null; onChange: (id: number | null) => void }) {
  const mounts = frame?.mounts ?? [];
  const current = frame?.detail?.mount.id ?? '';
  const t = useT();
  return (
    <select
      className="ovl-panel__select"
      aria-label={t('ovl.mount')}
      value={current}
      disabled={mounts.length === 0}
      onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
    >
      {mounts.length === 0 && <option value="">{t('ovl.mount.none')}</option>}
      {mounts.map((m) => (
        <option key={m.id} value={m.id}>
          {mountLabel(m, t)}
        </option>
      ))}
    </select>
  );
}

// ---------------------------------------------------------------- the layer stack

function LayerBadge({ layer, title }: { layer: TreeLayer; title?: string }) {
  return (
    <span className={`ovl-badge ovl-badge--${layerTone(layer)}`} title={title}>
      {layerLabel(layer)}
    </span>
  );
}

function LayerStack({
  detail,
  selected,
  onSelect,
  stackRef,
  flyers,
  landed,
}: {
  detail: OverlayDetail;
  selected: TreeLayer;
  onSelect: (l: TreeLayer) => void;
  stackRef: RefObject<HTMLDivElement | null>;
  flyers: Flyer[];
  landed: boolean;
}) {
  const rows = stackTopDown(detail);
  const maxBytes = Math.max(1, ...detail.layers.map((l) => l.bytes));
  const listRef = useRef<HTMLUListElement>(null);
  const t = useT();

  // keyboard selection moves the focus with it
  useEffect(() => {
    const list = listRef.current;
    if (!list || !list.contains(document.activeElement)) return;
    const el = list.querySelector<HTMLElement>(`[data-layer="${layerKey(selected)}"]`);
    if (el && el !== document.activeElement) el.focus();
  }, [selected]);

  const onKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const i = rows.findIndex((r) => r.ref === selected);
    let next: number;
    switch (e.key) {
      case 'ArrowDown':
        next = Math.min(rows.length - 1, i + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, i - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = rows.length - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    onSelect(rows[next]!.ref);
  };

  return (
    <div className="ovl-stack" ref={stackRef}>
      <ul
        ref={listRef}
        className="ovl-stack__list"
        role="listbox"
        aria-label={t('ovl.stack', { mountPoint: detail.mount.mountPoint })}
        onKeyDown={onKey}
      >
        {rows.map((l) => (
          <LayerRow
            key={layerKey(l.ref)}
            layer={l}
            selected={l.ref === selected}
            widthPct={(100 * l.bytes) / maxBytes}
            landed={landed && l.ref === 'upper'}
            onSelect={onSelect}
          />
        ))}
      </ul>
      {flyers.map((f) => (
        <div
          key={f.id}
          className={`ovl-flyer ovl-flyer--${layerTone(f.fromLayer)}`}
          aria-hidden="true"
          data-path={f.path}
          style={{ '--from': `${f.fromY}px`, '--to': `${f.toY}px`, '--delay': `${f.delayMs}ms` } as CSSProperties}
        >
          ↑ {basename(f.path)}
        </div>
      ))}
    </div>
  );
}

const LayerRow = memo(function LayerRow({
  layer: l,
  selected,
  widthPct,
  landed,
  onSelect,
}: {
  layer: OverlayLayerInfo;
  selected: boolean;
  widthPct: number;
  landed: boolean;
  onSelect: (l: TreeLayer) => void;
}) {
  const t = useT();
  const cls = ['ovl-layer', `ovl-layer--${layerTone(l.ref)}`, selected && 'ovl-layer--selected', landed && 'ovl-layer--landed'].filter(Boolean).join(' ');
  const what = t(l.ref === 'merged' ? 'ovl.layer.merged' : l.ref === 'upper' ? 'ovl.layer.upper' : 'ovl.layer.lower');
  const summary = layerSummary(l, t);
  return (
    <li
      className={cls}
      role="option"
      aria-selected={selected}
      aria-label={t('ovl.layer.label', { layer: layerLabel(l.ref), path: l.path, summary })}
      tabIndex={selected ? 0 : -1}
      data-layer={layerKey(l.ref)}
      title={t(l.partial ? 'ovl.layer.title.partial' : 'ovl.layer.title', {
        layer: layerLabel(l.ref),
        what,
        path: l.path,
        files: l.files,
        dirs: l.dirs,
        symlinks: l.symlinks,
        bytes: l.bytes,
      })}
      onClick={() => onSelect(l.ref)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(l.ref);
        }
      }}
    >
      <span className="ovl-layer__fill" style={{ width: `${widthPct}%` }} aria-hidden="true" />
      <LayerBadge layer={l.ref} />
      <span className="ovl-layer__path">{l.path}</span>
      <span className="ovl-layer__size">{summary}</span>
    </li>
  );
});

function CopyUps({ detail }: { detail: OverlayDetail }) {
  const t = useT();
  const recent = detail.copyUps.slice(-2).reverse();
  if (recent.length === 0) return null;
  return (
    <ul className="ovl-copyups" aria-label={t('ovl.copyups')}>
      {recent.map((c) => (
        <li key={c.seq} data-path={c.path}>
          <span className="ovl-copyups__arrow" aria-hidden="true">
            ↑
          </span>
          <span className="ovl-copyups__path">{c.path}</span>
          <span className="ovl-copyups__from">
            {t('ovl.copyups.from')} <LayerBadge layer={c.fromLayer} />
          </span>
        </li>
      ))}
    </ul>
  );
}

// ---------------------------------------------------------------- the tree

interface TreeProps {
  detail: OverlayDetail;
  view: TreeLayer;
  expanded: string[];
  selected: string | null;
  risen: ReadonlySet<string>;
  onToggle: (p: string) => void;
  onExpand: (p: string) => void;
  onCollapse: (p: string) => void;
  onSelect: (p: string | null) => void;
}

function Tree({ detail, view, expanded, selected, risen, onToggle, onExpand, onCollapse, onSelect }: TreeProps) {
  const tree = detail.tree;
  const open = useMemo(() => new Set(expanded), [expanded]);
  const rows = useMemo(() => treeRows(tree, open), [tree, open]);
  const more = useMemo(() => moreUnder(tree), [tree]);
  const copiedFrom = useMemo(() => new Map(detail.copyUps.map((c) => [c.path, c.fromLayer])), [detail.copyUps]);
  const [focusPath, setFocusPath] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const t = useT();

  const paths = rows.map((r) => r.entry.path);
  const tabStop = focusPath !== null && paths.includes(focusPath) ? focusPath : selected !== null && paths.includes(selected) ? selected : (paths[0] ?? null);

  // keyboard moves move the focus with them
  useEffect(() => {
    const el = ref.current;
    if (!el || focusPath === null || !el.contains(document.activeElement)) return;
    const row = [...el.querySelectorAll<HTMLElement>('[role="treeitem"]')].find((x) => x.dataset.path === focusPath);
    if (row && row !== document.activeElement) row.focus();
  }, [focusPath, rows]);

  const activate = useCallback(
    (r: TreeRow) => {
      const e = r.entry;
      setFocusPath(e.path);
      onSelect(e.path);
      if (e.kind === 'dir' && e.hasChildren) onToggle(e.path);
    },
    [onSelect, onToggle],
  );

  const onKey = (ev: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const i = Math.max(0, paths.indexOf(tabStop ?? ''));
    const r = rows[i]!;
    const go = (j: number) => setFocusPath(rows[Math.max(0, Math.min(rows.length - 1, j))]!.entry.path);
    switch (ev.key) {
      case 'ArrowDown':
        go(i + 1);
        break;
      case 'ArrowUp':
        go(i - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'ArrowRight':
        if (r.entry.kind === 'dir' && r.entry.hasChildren) {
          if (!r.expanded) onExpand(r.entry.path);
          else if (rows[i + 1] && rows[i + 1]!.depth > r.depth) go(i + 1);
        }
        break;
      case 'ArrowLeft':
        if (r.expanded) onCollapse(r.entry.path);
        else if (r.depth > 0) setFocusPath(parentOf(r.entry.path));
        break;
      case 'Enter':
      case ' ':
        activate(r);
        break;
      case 'Escape':
        onSelect(null);
        break;
      default:
        return;
    }
    ev.preventDefault();
  };

  const title =
    view === 'merged'
      ? t('ovl.tree.merged', { mountPoint: detail.mount.mountPoint })
      : t('ovl.tree.layer', { layer: layerLabel(view), path: layerPath(detail, view) });
  return (
    <div className="ovl-tree-wrap">
      <h3 className="ovl-tree__title">
        {title}
        {view !== 'merged' && <span className="ovl-tree__hint">{t('ovl.tree.hint')}</span>}
      </h3>
      <div
        ref={ref}
        className="ovl-tree"
        role="tree"
        aria-label={title}
        onKeyDown={onKey}
        onFocus={(ev) => {
          // keys move from the row that has the focus, however it got there
          const p = (ev.target as HTMLElement).dataset.path;
          if (p !== undefined && p !== focusPath) setFocusPath(p);
        }}
      >
        {rows.length === 0 && <p className="ovl-tree__empty">{t('ovl.tree.empty')}</p>}
        {rows.map((r) => (
          <TreeItem
            key={r.entry.path}
            row={r}
            view={view}
            selected={r.entry.path === selected}
            focusable={r.entry.path === tabStop}
            risen={risen.has(r.entry.path)}
            copiedFrom={copiedHere(r.entry, copiedFrom.get(r.entry.path))}
            more={r.expanded ? (more.get(r.entry.path) ?? 0) : 0}
            onActivate={activate}
            onToggle={onToggle}
          />
        ))}
        {(more.get('/') ?? 0) > 0 && <p className="ovl-tree__more">{t('ovl.tree.more', { n: more.get('/') ?? 0 })}</p>}
      </div>
    </div>
  );
}

/**
 * The lower layer an entry was copied up from, when that is still what it is: a file (or link)
 * in upper over that lower's version. (A directory's copy-up is only the way to its files.)
 */
function copiedHere(e: OverlayEntry, from: number | undefined): number | null {
  if (from === undefined || e.from !== 'upper' || e.kind === 'dir' || e.kind === 'whiteout') return null;
  return e.hidden.includes(from) ? from : null;
}

function layerPath(d: OverlayDetail, l: TreeLayer): string {
  return d.layers.find((x) => x.ref === l)?.path ?? '';
}

interface TreeItemProps {
  row: TreeRow;
  view: TreeLayer;
  selected: boolean;
  focusable: boolean;
  risen: boolean;
  copiedFrom: number | null;
  more: number;
  onActivate: (r: TreeRow) => void;
  onToggle: (p: string) => void;
}

const TreeItem = memo(function TreeItem({ row, view, selected, focusable, risen, copiedFrom, more, onActivate, onToggle }: TreeItemProps) {
  const t = useT();
  const e = row.entry;
  const isDir = e.kind === 'dir';
  const cls = [
    'ovl-row',
    `ovl-row--${e.kind}`,
    selected && 'ovl-row--selected',
    risen && 'ovl-row--risen',
    e.status && e.status !== 'visible' && e.status !== 'merged' && `ovl-row--${e.status}`,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <>
      <div
        className={cls}
        role="treeitem"
        aria-level={row.depth + 1}
        aria-expanded={isDir && e.hasChildren ? row.expanded : undefined}
        aria-selected={selected}
        aria-label={entryLabel(e, view, t) + (copiedFrom !== null ? t('ovl.entry.copiedFrom', { layer: layerLabel(copiedFrom) }) : '')}
        tabIndex={focusable ? 0 : -1}
        data-path={e.path}
        data-kind={e.kind}
        data-layer={layerKey(e.from)}
        style={{ paddingLeft: 6 + row.depth * 16 }}
        onClick={() => onActivate(row)}
      >
        <span
          className="ovl-row__caret"
          aria-hidden="true"
          onClick={(ev) => {
            if (!isDir || !e.hasChildren) return;
            ev.stopPropagation();
            onToggle(e.path);
          }}
        >
          {isDir ? (e.hasChildren ? (row.expanded ? '▾' : '▸') : '▹') : kindGlyph(e)}
        </span>
        <span className="ovl-row__name">{e.name}</span>
        {e.kind === 'symlink' && <span className="ovl-row__target">→ {e.target}</span>}
        <span className="ovl-row__badges">
          <EntryBadges e={e} view={view} copiedFrom={copiedFrom} />
        </span>
        <span className="ovl-row__size">{e.kind === 'file' ? formatBytes(e.size) : ''}</span>
      </div>
      {row.loading && (
        <div className="ovl-row ovl-row--loading" style={{ paddingLeft: 6 + (row.depth + 1) * 16 }} aria-hidden="true">
          …
        </div>
      )}
      {more > 0 && (
        <p className="ovl-tree__more" style={{ paddingLeft: 6 + (row.depth + 1) * 16 }}>
          {t('ovl.tree.more', { n: more })}
        </p>
      )}
    </>
  );
});

function EntryBadges({ e, view, copiedFrom }: { e: OverlayEntry; view: TreeLayer; copiedFrom: number | null }) {
  const t = useT();
  const out: ReactNode[] = [];
  if (view === 'merged') {
    out.push(
      <LayerBadge
        key="from"
        layer={e.from}
        title={e.layers.length > 1 ? t('ovl.badge.mergedFrom', { layers: layerList(e.layers) }) : t('ovl.badge.from', { layer: layerLabel(e.from) })}
      />,
    );
    if (e.layers.length > 1) {
      out.push(
        <span key="merged" className="ovl-note" title={t('ovl.badge.mergedDir', { layers: layerList(e.layers) })}>
          + {layerList(e.layers.slice(1))}
        </span>,
      );
    }
  }
  if (e.kind === 'whiteout') {
    out.push(
      <span key="wo" className="ovl-badge ovl-badge--whiteout" title={t('ovl.badge.whiteout.title')}>
        {t('ovl.badge.whiteout')}
      </span>,
    );
  }
  if (e.opaque) {
    out.push(
      <span key="opaque" className="ovl-badge ovl-badge--opaque" title={t('ovl.badge.opaque.title')}>
        {t('ovl.badge.opaque')}
      </span>,
    );
  }
  if (copiedFrom !== null) {
    out.push(
      <span key="cu" className="ovl-badge ovl-badge--copied" title={t('ovl.badge.copied.title', { layer: layerLabel(copiedFrom) })}>
        ↑ {layerLabel(copiedFrom)}
      </span>,
    );
  }
  if (view === 'merged' && e.hidden.length > 0) {
    const verb = e.kind === 'whiteout' ? 'deletes' : e.opaque ? 'hides' : 'over';
    const layers = layerList(e.hidden);
    out.push(
      <span key="hidden" className="ovl-note" title={t(`ovl.note.${verb}.title`, { layers })}>
        {t(`ovl.note.${verb}`, { layers })}
      </span>,
    );
  }
  if (view !== 'merged' && e.status && e.status !== 'visible') {
    out.push(
      <span key="status" className={`ovl-status ovl-status--${e.status}`}>
        {statusText(e.status, e.by, t)}
      </span>,
    );
  }
  return <>{out}</>;
}

// ---------------------------------------------------------------- the selected file

function defaultVersion(vs: OverlayFileVersion[]): LayerRef | null {
  const v = vs.find((x) => x.status === 'visible' || x.status === 'whiteout') ?? vs[0];
  return v ? v.layer : null;
}

function FileDetails({ detail, path, onClose }: { detail: OverlayDetail; path: string | null; onClose: () => void }) {
  const [picked, setPicked] = useState<{ path: string; layer: LayerRef } | null>(null);
  const t = useT();
  if (path === null) return <p className="ovl-details ovl-details--hint">{t('ovl.file.hint')}</p>;
  const f = detail.file && detail.file.path === path ? detail.file : null;
  const versions = f?.versions ?? [];
  const shownLayer = picked && picked.path === path && versions.some((v) => v.layer === picked.layer) ? picked.layer : defaultVersion(versions);
  const shown = versions.find((v) => v.layer === shownLayer) ?? null;
  const top = versions.find((v) => v.status === 'visible' || v.status === 'whiteout');
  let summary: string;
  if (!f) summary = t('ovl.file.reading');
  else if (versions.length === 0) summary = t('ovl.file.gone');
  else if (f.inMerged && top) summary = t(versions.length > 1 ? 'ovl.file.inMergedMany' : 'ovl.file.inMerged', { layer: layerLabel(top.layer), n: versions.length });
  else if (top?.kind === 'whiteout') summary = t('ovl.file.deleted', { layer: layerLabel(top.layer) });
  else summary = t('ovl.file.notMerged');
  return (
    <section className="ovl-details" aria-label={t('ovl.file.label', { path })}>
      <header>
        <h3 title={`${detail.mount.mountPoint}${path}`}>{path}</h3>
        <button type="button" onClick={onClose} aria-label={t('ovl.file.close')} title={t('ovl.file.close')}>
          ×
        </button>
      </header>
      <p className="ovl-details__summary">{summary}</p>
      {versions.length > 0 && (
        <div className="ovl-versions" role="tablist" aria-label={t('ovl.file.versions')}>
          {versions.map((v) => (
            <button
              key={layerKey(v.layer)}
              type="button"
              role="tab"
              aria-selected={v.layer === shownLayer}
              className={`ovl-version ovl-version--${v.status}${v.layer === shownLayer ? ' ovl-version--shown' : ''}`}
              data-layer={layerKey(v.layer)}
              onClick={() => setPicked({ path, layer: v.layer })}
            >
              <LayerBadge layer={v.layer} />
              <span className="ovl-version__status">{statusText(v.status, v.by, t)}</span>
              {v.kind === 'file' && <span className="ovl-version__size">{formatBytes(v.size)}</span>}
            </button>
          ))}
        </div>
      )}
      {shown && (
        <div className="ovl-content" role="tabpanel" aria-label={t('ovl.file.in', { path, layer: layerLabel(shown.layer) })}>
          <Content c={shown.content} v={shown} />
        </div>
      )}
    </section>
  );
}

function Content({ c, v }: { c: OverlayContent | null; v: OverlayFileVersion }) {
  const t = useT();
  if (c === null) return <p className="ovl-content__note">{t('ovl.content.notSent')}</p>;
  switch (c.kind) {
    case 'text':
      return (
        <>
          {c.text === '' ? <p className="ovl-content__note">{t('ovl.content.empty')}</p> : <pre className="ovl-content__text">{c.text}</pre>}
          {c.truncated && <p className="ovl-content__note">{t('ovl.content.truncated', { size: formatBytes(v.size) })}</p>}
        </>
      );
    case 'binary':
      return <p className="ovl-content__note">{t('ovl.content.binary', { size: formatBytes(v.size) })}</p>;
    case 'symlink':
      return <p className="ovl-content__note">{t('ovl.content.symlink', { target: c.target })}</p>;
    case 'dir':
      return <p className="ovl-content__note">{plural(t, 'ovl.content.dir', c.entries)}</p>;
    case 'whiteout':
      return <p className="ovl-content__note">{t('ovl.content.whiteout')}</p>;
    case 'special':
      return <p className="ovl-content__note">{t('ovl.content.special')}</p>;
  }
}

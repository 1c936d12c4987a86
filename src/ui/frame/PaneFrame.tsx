// The frame around a side panel: its title and the controls to move it up or down and to hide
// it (the header's panel toggles bring it back).
import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { useLayout, type PaneId } from './layout';

export function PaneFrame({ pane, title, first, last, children }: { pane: PaneId; title: string; first: boolean; last: boolean; children: ReactNode }) {
  const t = useT();
  const move = useLayout((s) => s.move);
  const show = useLayout((s) => s.show);
  return (
    // not a landmark of its own: the panel inside is the region named `title`
    <div className="pane" data-testid={`pane-${pane}`}>
      <div className="pane__bar">
        <span className="pane__title">{title}</span>
        <button type="button" className="pane__btn" disabled={first} onClick={() => move(pane, -1)} aria-label={t('frame.moveUp', { panel: title })} title={t('frame.moveUp', { panel: title })}>
          ↑
        </button>
        <button type="button" className="pane__btn" disabled={last} onClick={() => move(pane, 1)} aria-label={t('frame.moveDown', { panel: title })} title={t('frame.moveDown', { panel: title })}>
          ↓
        </button>
        <button type="button" className="pane__btn" onClick={() => show(pane, false)} aria-label={t('frame.hidePanel', { panel: title })} title={t('frame.hidePanel', { panel: title })}>
          ×
        </button>
      </div>
      <div className="pane__body">{children}</div>
    </div>
  );
}

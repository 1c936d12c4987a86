// The session's timeline: what was typed and done, with virtual timestamps. Choosing an item
// rebuilds the machine by replay as it was just before that input (ARCHITECTURE.md §3) and
// pauses it there; "Now" goes back to where the session was. Items after the rewound point stay
// listed (greyed) until the session continues from there, which drops them.
import { useMemo } from 'react';
import { useMachine, useMachineState } from '../session/context';
import { useT } from '../i18n';
import { formatT, timelineOf, type TimelineItem } from './timeline';

function itemText(it: TimelineItem, t: (k: string, p?: Record<string, string | number>) => string): string {
  switch (it.kind) {
    case 'open':
      return t('frame.historyOpen', { tty: it.label });
    case 'close':
      return t('frame.historyClose', { tty: it.label });
    default:
      return it.label === '' ? t('frame.historyEmptyLine') : it.label;
  }
}

export function HistoryPanel() {
  const session = useMachine();
  const t = useT();
  const log = useMachineState((s) => s.log);
  const cursor = useMachineState((s) => s.cursor);
  const replay = useMachineState((s) => s.replay);
  const items = useMemo(() => timelineOf(log), [log]);
  const multi = items.some((i) => i.terminal !== 'console');
  const at = cursor ?? log.length;
  // the item the machine stands before (rewound), or none (live)
  const current = cursor === null ? -1 : items.findIndex((i) => i.index >= cursor);
  return (
    <div className="history" data-testid="history">
      {replay && (
        <div className="history__progress" role="status">
          {t(replay.reason === 'rewind' ? 'frame.rewinding' : 'frame.restoring', { done: replay.done, total: replay.total })}
        </div>
      )}
      {items.length === 0 ? (
        <p className="history__empty">{t('frame.historyEmpty')}</p>
      ) : (
        <ol className="history__list" aria-label={t('frame.history')}>
          {items.map((it, n) => (
            <li key={`${it.index}-${n}`} className={`history__item${it.index >= at ? ' history__item--future' : ''}${n === current ? ' history__item--current' : ''}`}>
              <button
                type="button"
                className="history__jump"
                disabled={replay !== null}
                onClick={() => session.rewind(it.index)}
                title={t('frame.rewindTo', { at: formatT(it.t) })}
                aria-current={n === current ? 'step' : undefined}
              >
                <span className="history__t">{formatT(it.t)}</span>
                {multi && <span className="history__tty">{it.terminal}</span>}
                <code className={`history__label history__label--${it.kind}`}>{itemText(it, t)}</code>
              </button>
            </li>
          ))}
          <li className={`history__item${cursor === null ? ' history__item--current' : ''}`}>
            <button type="button" className="history__jump" disabled={replay !== null || cursor === null} onClick={() => session.rewind(log.length)} data-testid="history-now">
              <span className="history__t" />
              <span className="history__label">{cursor === null ? t('frame.historyLive') : t('frame.historyBackToNow')}</span>
            </button>
          </li>
        </ol>
      )}
    </div>
  );
}

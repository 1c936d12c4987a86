// Time control: pause/resume, step (one kernel event, or 1/10/100 ms of virtual time), speed from
// 0.1× to 100× or as fast as possible, and the virtual clock. Paused, the terminal still takes
// typing: it queues at the current virtual time and runs when time moves again.
import { useMachine, useMachineState } from '../session/context';
import { MAX_SPEED, MIN_SPEED, type Speed } from '../../worker/protocol';
import { useT } from '../i18n';
import { formatT } from './timeline';

export const SPEEDS: Speed[] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 'max'];
const STEPS_NS = [1e6, 10e6, 100e6] as const;

export function TimeControl({ allowContinue }: { allowContinue: () => boolean }) {
  const session = useMachine();
  const t = useT();
  const clock = useMachineState((s) => s.clock);
  const replay = useMachineState((s) => s.replay);
  const running = clock?.running ?? true;
  const speed = clock?.speed ?? 1;
  const busy = replay !== null;
  const go = (f: () => void) => () => {
    if (allowContinue()) f();
  };
  return (
    <div className="time-control" role="group" aria-label={t('frame.timeControl')}>
      <button
        type="button"
        className="time-control__run"
        disabled={busy}
        onClick={running ? () => session.pause() : go(() => session.run())}
        aria-label={running ? t('frame.pause') : t('frame.resume')}
        title={running ? t('frame.pause') : t('frame.resume')}
        data-testid="run-toggle"
        aria-pressed={!running}
      >
        {running ? '❚❚' : '▶'}
      </button>
      <button type="button" disabled={busy} onClick={go(() => session.step('event'))} title={t('frame.stepEvent')} aria-label={t('frame.stepEvent')} data-testid="step-event">
        {t('frame.step')}
      </button>
      {STEPS_NS.map((ns) => (
        <button key={ns} type="button" disabled={busy} onClick={go(() => session.step(ns))} title={t('frame.stepBy', { ms: ns / 1e6 })} aria-label={t('frame.stepBy', { ms: ns / 1e6 })} data-testid={`step-${ns / 1e6}ms`}>
          +{ns / 1e6} ms
        </button>
      ))}
      <label className="time-control__speed">
        <span className="visually-hidden">{t('frame.speed')}</span>
        <select
          value={String(speed)}
          disabled={busy}
          onChange={(e) => session.setSpeed(e.target.value === 'max' ? 'max' : Math.min(MAX_SPEED, Math.max(MIN_SPEED, Number(e.target.value))))}
          aria-label={t('frame.speed')}
          data-testid="speed"
        >
          {SPEEDS.map((s) => (
            <option key={String(s)} value={String(s)}>
              {s === 'max' ? t('frame.speedMax') : `${s}×`}
            </option>
          ))}
        </select>
      </label>
      <span className="time-control__clock" title={t('frame.virtualClock')} data-testid="virtual-clock">
        {clock ? formatT(clock.nowNs) : '–'}
      </span>
    </div>
  );
}

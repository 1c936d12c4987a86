import { useMachineState } from '../session/context';
import type { ClockState } from '../session/session';
import { t as currentT, useT, type Translate } from '../i18n';

/** Virtual uptime as d+hh:mm:ss ("2d 01:00:00"; the day in the UI's language). */
export function formatUptime(ns: number, tr: Translate = currentT): string {
  const total = Math.floor(ns / 1e9);
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600) % 24;
  const d = Math.floor(total / 86400);
  const hms = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return d > 0 ? tr('shell.status.days', { d, hms }) : hms;
}

/** The machine's wall clock (CLOCK_REALTIME): boot epoch + virtual time, in UTC. */
export function formatRealtime(bootEpochSec: number, ns: number): string {
  const d = new Date((bootEpochSec + Math.floor(ns / 1e9)) * 1000);
  return d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

export function formatLoad(l: [number, number, number]): string {
  return l.map((x) => x.toFixed(2)).join(', ');
}

function speedText(c: ClockState, t: Translate): string {
  if (!c.running) return t('shell.status.paused');
  if (c.idle) return t('shell.status.idle');
  return c.speed === 'max' ? t('shell.status.maxSpeed') : t('shell.status.speed', { speed: c.speed });
}

export function StatusLine() {
  const status = useMachineState((s) => s.status);
  const clock = useMachineState((s) => s.clock);
  const machine = useMachineState((s) => s.machine);
  const warning = useMachineState((s) => s.warning);
  const t = useT();
  return (
    <div className="status-line" role="status" aria-live="off" data-testid="status-line">
      {status === 'booting' && <span>{t('shell.status.booting')}</span>}
      {status === 'failed' && <span className="status-line__failed">{t('shell.status.failed')}</span>}
      {machine && (
        <span title={t('shell.status.machine.title')}>
          {t('shell.status.machine', { hostname: machine.hostname, cpus: machine.cpus, gib: Math.round(machine.ramBytes / 1024 ** 3) })}
        </span>
      )}
      {clock && machine && (
        <>
          <span data-testid="clock" title={t('shell.status.clock.title')}>
            {formatRealtime(machine.bootEpochSec, clock.nowNs)}
          </span>
          <span data-testid="uptime">{t('shell.status.uptime', { uptime: formatUptime(clock.nowNs, t) })}</span>
          <span data-testid="loadavg">{t('shell.status.loadavg', { load: formatLoad(clock.loadavg) })}</span>
          <span className="status-line__run">{speedText(clock, t)}</span>
        </>
      )}
      {warning && (
        <span className="status-line__warning" title={warning} data-testid="machine-warning">
          ⚠ {warning}
        </span>
      )}
    </div>
  );
}

import { useMachineState } from '../session/context';
import type { ClockState } from '../session/session';

/** Virtual uptime as d+hh:mm:ss. */
export function formatUptime(ns: number): string {
  const total = Math.floor(ns / 1e9);
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600) % 24;
  const d = Math.floor(total / 86400);
  const hms = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return d > 0 ? `${d}d ${hms}` : hms;
}

/** The machine's wall clock (CLOCK_REALTIME): boot epoch + virtual time, in UTC. */
export function formatRealtime(bootEpochSec: number, ns: number): string {
  const d = new Date((bootEpochSec + Math.floor(ns / 1e9)) * 1000);
  return d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

export function formatLoad(l: [number, number, number]): string {
  return l.map((x) => x.toFixed(2)).join(', ');
}

function speedText(c: ClockState): string {
  if (!c.running) return 'paused';
  if (c.idle) return 'idle';
  return c.speed === 'max' ? 'running at max speed' : `running ${c.speed}×`;
}

export function StatusLine() {
  const status = useMachineState((s) => s.status);
  const clock = useMachineState((s) => s.clock);
  const machine = useMachineState((s) => s.machine);
  const warning = useMachineState((s) => s.warning);
  return (
    <div className="status-line" role="status" aria-live="off" data-testid="status-line">
      {status === 'booting' && <span>booting…</span>}
      {status === 'failed' && <span className="status-line__failed">machine stopped</span>}
      {machine && (
        <span title="hostname, virtual CPUs, memory">
          {machine.hostname} · {machine.cpus} vCPU · {Math.round(machine.ramBytes / 1024 ** 3)} GiB
        </span>
      )}
      {clock && machine && (
        <>
          <span data-testid="clock" title="the machine's clock (virtual time)">
            {formatRealtime(machine.bootEpochSec, clock.nowNs)}
          </span>
          <span data-testid="uptime">up {formatUptime(clock.nowNs)}</span>
          <span data-testid="loadavg">load average: {formatLoad(clock.loadavg)}</span>
          <span className="status-line__run">{speedText(clock)}</span>
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

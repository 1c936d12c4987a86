// A fake machine for component tests: records what the UI posts and lets a test push messages
// (ready, view frames, clock, errors) as the host would.
import type { Inbound, Outbound, ProcessesFrame, ProcessRow } from '../../worker/protocol';
import type { MachineLink } from '../session/link';

export class FakeLink implements MachineLink {
  posted: Inbound[] = [];
  disposed = false;
  private message: (m: Outbound) => void = () => {};
  private failure: (why: string) => void = () => {};

  post(msg: Inbound): void {
    this.posted.push(msg);
  }
  onMessage(fn: (m: Outbound) => void): void {
    this.message = fn;
  }
  onFailure(fn: (why: string) => void): void {
    this.failure = fn;
  }
  dispose(): void {
    this.disposed = true;
  }

  emit(m: Outbound): void {
    this.message(m);
  }
  die(why: string): void {
    this.failure(why);
  }
  ready(): void {
    this.emit({
      type: 'ready',
      version: 1,
      machine: { seed: 1, cpus: 2, ramBytes: 4 * 1024 ** 3, hostname: 'lab', bootEpochSec: 1795824000, rows: 24, cols: 80 },
    });
  }
  frame(processes: ProcessRow[], selected: ProcessesFrame['selected'] = null, nowNs = 1e9): void {
    this.emit({ type: 'view', view: 'processes', frame: { nowNs, ncpus: 2, processes, selected } });
  }
  /** the messages of one type posted so far */
  sent<T extends Inbound['type']>(type: T): Array<Extract<Inbound, { type: T }>> {
    return this.posted.filter((m): m is Extract<Inbound, { type: T }> => m.type === type);
  }
}

export function proc(pid: number, ppid: number, state: string, command: string, extra: Partial<ProcessRow> = {}): ProcessRow {
  const comm = command.split(' ')[0].replace(/^-/, '').split('/').pop()!.slice(0, 15);
  return {
    pid,
    ppid,
    pgid: pid,
    sid: 1,
    uid: 0,
    comm,
    args: state === 'Z' ? [] : command.split(' '),
    command: state === 'Z' ? `[${comm}]` : command,
    tty: null,
    state: state as ProcessRow['state'],
    stopped: state === 'T',
    zombie: state === 'Z',
    nice: 0,
    cpuNs: 0,
    cpuPercent: 0,
    rssKb: 1000,
    vszKb: 2000,
    threads: 1,
    startNs: pid * 1e6,
    ...extra,
  };
}

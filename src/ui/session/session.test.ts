import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cg, cgFrame, FakeLink, ovlFrame, proc } from '../test-helpers/fake-link';
import { READY_TIMEOUT_MS, MachineSession } from './session';
import { PROTOCOL_VERSION, type LogEntry } from '../../worker/protocol';

let link: FakeLink;
let s: MachineSession;
beforeEach(() => {
  vi.useFakeTimers();
  link = new FakeLink();
  s = new MachineSession(link);
});
afterEach(() => {
  s.dispose();
  vi.useRealTimers();
});

describe('MachineSession', () => {
  it('says hello, queues messages until ready, and keeps only the last resize', () => {
    expect(link.posted).toEqual([{ type: 'hello', version: PROTOCOL_VERSION }]);
    s.resize(24, 80);
    s.input('ls\r');
    s.resize(30, 100);
    expect(link.posted).toHaveLength(1);
    link.ready();
    expect(s.status).toBe('ready');
    expect(link.posted.slice(1)).toEqual([
      { type: 'tty-input', terminal: 'console', data: 'ls\r' },
      { type: 'resize', terminal: 'console', rows: 30, cols: 100 },
    ]);
    s.input('x');
    expect(link.posted.at(-1)).toEqual({ type: 'tty-input', terminal: 'console', data: 'x' });
  });

  it('keeps terminal output that arrives before a terminal listens', () => {
    link.ready();
    link.emit({ type: 'tty-output', terminal: 'console', data: 'root@lab:~# ' });
    const got: Array<string | Uint8Array> = [];
    const off = s.onTty('console', (d) => got.push(d));
    link.emit({ type: 'tty-output', terminal: 'console', data: new Uint8Array([104, 105]) });
    expect(got).toEqual(['root@lab:~# ', new Uint8Array([104, 105])]);
    off();
  });

  it('publishes the clock and the machine info', () => {
    link.ready();
    link.emit({ type: 'clock', nowNs: 5e9, loadavg: [0.5, 0.25, 0], running: true, speed: 1, idle: false, booting: false });
    expect(s.store.getState().clock).toEqual({ nowNs: 5e9, loadavg: [0.5, 0.25, 0], running: true, speed: 1, idle: false, booting: false });
    expect(s.store.getState().machine?.hostname).toBe('lab');
  });

  it('shares one subscription among view listeners and unsubscribes after the last', () => {
    link.ready();
    const a: number[] = [];
    const b: number[] = [];
    const sa = s.subscribeProcesses((f) => a.push(f.processes.length));
    const sb = s.subscribeProcesses((f) => b.push(f.processes.length));
    expect(link.sent('subscribe')).toHaveLength(1);
    link.frame([proc(1, 0, 'S', 'init')]);
    sa.setPid(1);
    expect(link.sent('subscribe').at(-1)).toEqual({ type: 'subscribe', view: 'processes', pid: 1 });
    sa.close();
    sa.close();
    expect(link.sent('unsubscribe')).toHaveLength(0);
    sb.close();
    expect(link.sent('unsubscribe')).toHaveLength(1);
    link.frame([]);
    expect([a, b]).toEqual([[1], [1]]);
  });

  it('shares one overlay subscription, sends option changes once, passes trace batches, and unsubscribes after the last', () => {
    link.ready();
    const a: number[] = [];
    const sa = s.subscribeOverlay((f) => a.push(f.mounts.length));
    const sb = s.subscribeOverlay(() => {});
    expect(link.sent('subscribe')).toEqual([{ type: 'subscribe', view: 'overlay', mount: null, expanded: [], layer: null, file: null }]);
    const opts = { mount: 37, expanded: ['/etc'], layer: 'upper' as const, file: '/etc/motd' };
    sa.setOptions(opts);
    sb.setOptions({ ...opts, expanded: ['/etc'] });
    expect(link.sent('subscribe')).toHaveLength(2);
    expect(link.sent('subscribe').at(-1)).toEqual({ type: 'subscribe', view: 'overlay', ...opts });
    link.overlay(ovlFrame([]));
    const traced: string[] = [];
    const off = s.onTrace((evs) => traced.push(...evs.map((e) => e.path)));
    link.trace([{ type: 'copy-up', timeNs: 1, sb: 38, path: '/etc/motd', fromLayer: 1 }]);
    off();
    link.trace([{ type: 'copy-up', timeNs: 2, sb: 38, path: '/x', fromLayer: 0 }]);
    expect(traced).toEqual(['/etc/motd']);
    sa.close();
    expect(link.sent('unsubscribe')).toEqual([]);
    sb.close();
    expect(link.sent('unsubscribe')).toEqual([{ type: 'unsubscribe', view: 'overlay' }]);
    expect(a).toEqual([1]);
  });

  it('shares one cgroups subscription, sends option changes once, and unsubscribes after the last', () => {
    link.ready();
    const a: string[][] = [];
    const sa = s.subscribeCgroups((f) => a.push(f.nodes.map((n) => n.path)));
    const sb = s.subscribeCgroups(() => {});
    expect(link.sent('subscribe')).toEqual([{ type: 'subscribe', view: 'cgroups', hierarchy: null, path: null }]);
    sa.setOptions({ hierarchy: 'pids', path: '/demo' });
    sb.setOptions({ hierarchy: 'pids', path: '/demo' });
    expect(link.sent('subscribe').at(-1)).toEqual({ type: 'subscribe', view: 'cgroups', hierarchy: 'pids', path: '/demo' });
    expect(link.sent('subscribe')).toHaveLength(2);
    link.cgroups(cgFrame([cg('/'), cg('/demo')]));
    link.frame([proc(1, 0, 'S', 'init')]); // a processes frame is not for cgroup listeners
    expect(a).toEqual([['/', '/demo']]);
    sa.close();
    expect(link.sent('unsubscribe')).toEqual([]);
    sb.close();
    expect(link.sent('unsubscribe')).toEqual([{ type: 'unsubscribe', view: 'cgroups' }]);
  });

  it('a fatal error, a dead worker or a version mismatch fails the session; a non-fatal one is a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    link.ready();
    link.emit({ type: 'error', message: 'invalid message: unknown type' });
    expect(s.status).toBe('ready');
    expect(s.store.getState().warning).toBe('invalid message: unknown type');
    link.emit({ type: 'error', message: 'kernel panic', fatal: true });
    expect(s.store.getState()).toMatchObject({ status: 'failed', failure: 'kernel panic' });
    s.input('ignored');
    expect(link.sent('tty-input')).toEqual([]);
    warn.mockRestore();

    const l2 = new FakeLink();
    const s2 = new MachineSession(l2);
    l2.die('Uncaught RangeError: out of memory');
    expect(s2.store.getState().failure).toBe('Uncaught RangeError: out of memory');

    const l3 = new FakeLink();
    const s3 = new MachineSession(l3);
    l3.emit({ type: 'ready', version: 1, machine: { seed: 1, cpus: 1, ramBytes: 1, hostname: 'x', bootEpochSec: 0, cgroupVersion: 1, images: [], rows: 1, cols: 1 } });
    expect(s3.store.getState().failure).toMatch(/protocol version 1/);
    s2.dispose();
    s3.dispose();
  });

  it('fails when the machine does not answer hello in time', () => {
    vi.advanceTimersByTime(READY_TIMEOUT_MS + 1);
    expect(s.store.getState().failure).toMatch(/did not start/);
  });

  it('mirrors the input log, rewinds and restores, and redraws terminals from the replayed screens', () => {
    link.ready();
    const e = (i: number, data: string): LogEntry => ({ t: i * 1e9, n: i * 10, input: { kind: 'tty', terminal: 'console', data } });
    link.emit({ type: 'log', index: 0, entry: e(1, 'ls\r') });
    link.emit({ type: 'log', index: 1, entry: e(2, 'ps\r') });
    expect(s.store.getState().log).toEqual([e(1, 'ls\r'), e(2, 'ps\r')]);
    expect(s.record()).toMatchObject({ format: 'container-lab-session', version: 1, machine: { hostname: 'lab', cgroupVersion: 1 }, log: [e(1, 'ls\r'), e(2, 'ps\r')] });

    const got: Array<[string, boolean]> = [];
    s.onTty('console', (d, reset) => got.push([typeof d === 'string' ? d : new TextDecoder().decode(d), reset]));
    const pts: Array<[string, boolean]> = [];
    s.onTty('pts/0', (d, reset) => pts.push([typeof d === 'string' ? d : new TextDecoder().decode(d), reset]));
    s.rewind(1);
    expect(link.posted.at(-1)).toEqual({ type: 'rewind', index: 1 });
    link.emit({ type: 'replay-progress', reason: 'rewind', done: 0, total: 1 });
    expect(s.store.getState().replay).toEqual({ reason: 'rewind', done: 0, total: 1 });
    const epoch = s.store.getState().epoch;
    link.emit({
      type: 'restored',
      reason: 'rewind',
      machine: s.store.getState().machine!,
      log: [e(1, 'ls\r'), e(2, 'ps\r')],
      cursor: 1,
      screens: [
        { terminal: 'console', data: new TextEncoder().encode('root@lab:~# ls\r\n') },
        { terminal: 'pts/0', data: new TextEncoder().encode('root@lab:~# ') },
      ],
    });
    const st = s.store.getState();
    expect([st.cursor, st.replay, st.terminals, st.epoch]).toEqual([1, null, ['console', 'pts/0'], epoch + 1]);
    expect(got).toEqual([['root@lab:~# ls\r\n', true]]);
    expect(pts).toEqual([['root@lab:~# ', true]]);

    // continuing from the rewound point: the host drops the later inputs
    link.emit({ type: 'log-truncated', length: 1 });
    expect([s.store.getState().log.length, s.store.getState().cursor]).toEqual([1, null]);
    link.emit({ type: 'terminal-closed', terminal: 'pts/0' });
    expect(s.store.getState().terminals).toEqual(['console']);
    link.emit({ type: 'restore-failed', reason: 'restore', message: 'diverged' });
    expect(s.store.getState().replayError).toBe('diverged');
  });

  it('opens and closes terminals, and splits trace batches between copy-ups and task states', () => {
    link.ready();
    s.openTerminal(30, 100);
    expect(link.posted.at(-1)).toEqual({ type: 'open-terminal', rows: 30, cols: 100 });
    link.emit({ type: 'terminal-opened', terminal: 'pts/0' });
    expect(s.store.getState().terminals).toEqual(['console', 'pts/0']);
    s.input('ls\r', 'pts/0');
    expect(link.posted.at(-1)).toEqual({ type: 'tty-input', terminal: 'pts/0', data: 'ls\r' });
    s.closeTerminal('pts/0');
    expect(link.posted.at(-1)).toEqual({ type: 'close-terminal', terminal: 'pts/0' });

    const batches: unknown[] = [];
    const off = s.subscribeTaskTrace((b) => batches.push(b));
    const off2 = s.subscribeTaskTrace(() => {});
    expect(link.posted.filter((m) => m.type === 'subscribe' && m.view === 'task-trace')).toHaveLength(1);
    const copyUps: unknown[] = [];
    s.onTrace((ev) => copyUps.push(...ev));
    const state = { type: 'task-state' as const, timeNs: 5, pid: 7, comm: 'sleep', from: 'R' as const, to: 'S' as const };
    const cu = { type: 'copy-up' as const, timeNs: 5, sb: 3, path: '/etc/motd', fromLayer: 0 };
    link.emit({ type: 'trace', events: [state, cu], dropped: 2 });
    expect(batches).toEqual([{ events: [state], dropped: 2 }]);
    expect(copyUps).toEqual([cu]);
    off();
    off2();
    expect(link.posted.at(-1)).toEqual({ type: 'unsubscribe', view: 'task-trace' });
  });

  it('dispose terminates the host and ignores later messages', () => {
    s.dispose();
    expect(link.disposed).toBe(true);
    link.ready();
    expect(s.status).toBe('booting');
  });
});

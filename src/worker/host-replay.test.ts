// Replay through the host: the session log it records rebuilds the same machine byte for byte
// (restore on another host, rewind on the same one), whatever views were watched and wherever the
// host's slices happened to stop; a record that does not replay is refused and loses nothing.
import { describe, it, expect } from 'vitest';
import { InProcessMachine } from './inprocess';
import { PROTOCOL_VERSION, type Outbound, type SessionRecord } from './protocol';

const dec = new TextDecoder();

class Lab {
  readonly pm: InProcessMachine;
  readonly msgs: Outbound[] = [];
  wall = 1000;
  constructor(opts: ConstructorParameters<typeof InProcessMachine>[0] = {}) {
    this.pm = new InProcessMachine({ autoStart: false, ...opts });
    this.pm.addListener((m) => this.msgs.push(m));
    this.send({ type: 'hello', version: PROTOCOL_VERSION });
  }
  send(m: unknown): void {
    this.pm.postMessage(m);
  }
  pass(ms: number, step = 4): void {
    const end = this.wall + ms;
    while (this.wall < end) {
      this.wall = Math.min(end, this.wall + step);
      this.pm.tick(this.wall);
    }
  }
  text(terminal = 'console', from = 0): string {
    let out = '';
    for (const m of this.msgs.slice(from)) {
      if (m.type === 'tty-output' && m.terminal === terminal) out += typeof m.data === 'string' ? m.data : dec.decode(m.data);
      if (m.type === 'restored') {
        const s = m.screens.find((x) => x.terminal === terminal);
        out = s ? dec.decode(s.data) : '';
      }
    }
    return out;
  }
  until(pred: () => boolean, what: string, maxMs = 20_000): void {
    const end = this.wall + maxMs;
    while (!pred()) {
      if (this.wall >= end) throw new Error(`timed out waiting for ${what}:\n${this.text()}`);
      this.pass(4);
    }
  }
  prompt(count: number, terminal = 'console'): void {
    this.until(() => this.text(terminal).split('root@lab:~# ').length - 1 >= count, `prompt #${count} on ${terminal}`);
  }
  type(s: string, terminal = 'console'): void {
    this.send({ type: 'tty-input', terminal, data: s });
  }
  of<T extends Outbound['type']>(type: T): Array<Extract<Outbound, { type: T }>> {
    return this.msgs.filter((m): m is Extract<Outbound, { type: T }> => m.type === type);
  }
  record(): SessionRecord {
    return this.pm.host.record();
  }
}

/** A session that exercises the awkward cases: views, speeds, pauses, steps, mid-run typing. */
function liveSession(lab: Lab): { console: string; pts: string } {
  lab.prompt(1);
  lab.send({ type: 'subscribe', view: 'processes' });
  lab.send({ type: 'subscribe', view: 'task-trace' });
  lab.type('sleep 3 & sleep 0.5; echo one\r');
  lab.pass(200); // typed while `sleep 0.5` runs: lands mid-command
  lab.type('ec');
  lab.send({ type: 'run-control', mode: 'run', speed: 10 });
  lab.pass(120);
  lab.type('ho two\r');
  lab.prompt(3);
  lab.send({ type: 'open-terminal', rows: 20, cols: 70 });
  lab.until(() => lab.text('pts/0').includes('root@lab:~# '), 'the pts/0 prompt');
  lab.type('ps -o tty= -p $$; yes > /dev/null &\r', 'pts/0');
  lab.until(() => lab.text('pts/0').split('root@lab:~# ').length === 3, 'the second pts/0 prompt');
  lab.send({ type: 'run-control', mode: 'pause' });
  lab.send({ type: 'step', by: 'event' });
  lab.send({ type: 'step', by: 3_000_000 });
  lab.pass(20);
  lab.type('ps -o pid,stat,time,comm\r');
  lab.send({ type: 'unsubscribe', view: 'processes' });
  lab.send({ type: 'run-control', mode: 'run', speed: 'max' });
  lab.pass(40);
  lab.send({ type: 'resize', terminal: 'console', rows: 30, cols: 100 });
  lab.send({ type: 'run-control', mode: 'run', speed: 'max' });
  lab.type('kill %1; cat /proc/loadavg\r');
  // the screens as they were when the last input arrived: what a replay of the log rebuilds
  const at = { console: lab.text('console'), pts: lab.text('pts/0') };
  lab.prompt(5);
  return at;
}

describe('session replay through the host', () => {
  it('a restored record gives the same screens, byte for byte, and the same machine afterwards', () => {
    // slices cut after every few events: inputs land between events of the same nanosecond
    let fake = 0;
    const live = new Lab({ eventsPerCheck: 3, sliceMs: 0.05, hostNow: () => (fake += 0.01) });
    const at = liveSession(live);
    const rec = live.record();
    expect(rec.log.length).toBe(8); // six lines typed, a terminal opened, a resize
    expect(new Set(rec.log.map((e) => e.input.kind))).toEqual(new Set(['tty', 'open', 'resize']));
    expect(at.pts).toContain('pts/0\r\n');

    const other = new Lab();
    other.send({ type: 'restore', record: JSON.parse(JSON.stringify(rec)) as unknown });
    other.until(() => other.of('restored').length === 1 || other.of('restore-failed').length > 0, 'the restore');
    expect(other.of('restore-failed')).toEqual([]);
    const restored = other.of('restored')[0]!;
    expect(restored.cursor).toBeNull();
    expect(restored.log).toEqual(rec.log);
    expect(restored.screens.map((s) => s.terminal)).toEqual(['console', 'pts/0']);
    expect(dec.decode(restored.screens[0]!.data)).toBe(at.console);
    expect(dec.decode(restored.screens[1]!.data)).toBe(at.pts);

    // both machines go on identically from there, and the same command typed at the same virtual
    // time then prints the same, uptime and CPU times included. (`yes` keeps them busy, so at max
    // speed each host stops wherever its slices end: pause both and step them to one instant.)
    other.send({ type: 'run-control', mode: 'run', speed: 'max' });
    other.prompt(5);
    expect(other.text('console')).toBe(live.text('console'));
    const nowOf = (l: Lab) => l.of('clock').at(-1)?.nowNs ?? -1;
    for (const l of [live, other]) {
      l.send({ type: 'run-control', mode: 'pause' });
      l.until(() => l.of('clock').at(-1)?.running === false, 'the pause');
    }
    const t = Math.max(nowOf(live), nowOf(other)) + 1_000_000;
    for (const l of [live, other]) {
      l.send({ type: 'step', by: t - nowOf(l) });
      l.until(() => nowOf(l) === t, 'the step to a common instant');
    }
    const a = live.msgs.length;
    const b = other.msgs.length;
    for (const l of [live, other]) {
      l.type('ps -e -o pid,ppid,stat,etimes,time,comm; cat /proc/loadavg /proc/uptime\r');
      l.send({ type: 'step', by: 500_000_000 });
    }
    live.until(() => live.text('console', a).includes('uptime') && live.text('console', a).endsWith('# '), 'ps on the live machine');
    other.until(() => other.text('console', b).includes('uptime') && other.text('console', b).endsWith('# '), 'ps on the restored machine');
    const liveOut = live.text('console', a);
    expect(liveOut).toMatch(/bash/);
    // the live machine ran on after its last input; run the restored one to the same point
    expect(other.text('console', b)).toBe(liveOut);
  });

  it('rewinding to before a kill brings the process back; continuing drops the later inputs', () => {
    const lab = new Lab();
    lab.prompt(1);
    lab.type('sleep 1000 &\r');
    lab.prompt(2);
    const killAt = lab.record().log.length;
    lab.type('kill %1\r');
    lab.prompt(3);
    lab.type('ps -o pid,stat,comm\r');
    lab.prompt(4);
    expect(lab.text()).not.toMatch(/ S +sleep/);
    const logLength = lab.record().log.length;

    lab.send({ type: 'rewind', index: killAt });
    lab.until(() => lab.of('restored').length === 1, 'the rewind');
    const r = lab.of('restored')[0]!;
    expect(r.reason).toBe('rewind');
    expect(r.cursor).toBe(killAt);
    expect(r.log.length).toBe(logLength); // the later inputs are kept until the session continues
    expect(lab.pm.host.isRunning).toBe(false); // a rewound machine waits, paused
    const screen = dec.decode(r.screens[0]!.data);
    expect(screen).toContain('sleep 1000 &');
    expect(screen).not.toContain('kill %1');

    // typing continues from here: the log is cut at the rewound point
    const from = lab.msgs.length;
    lab.type('ps -o pid,stat,comm\r');
    expect(lab.of('log-truncated').at(-1)).toEqual({ type: 'log-truncated', length: killAt });
    lab.send({ type: 'run-control', mode: 'run' });
    lab.until(() => lab.text('console', from).includes('root@lab:~# '), 'ps after the rewind');
    expect(lab.text('console', from)).toMatch(/\d+ S +sleep/);
    expect(lab.record().log.length).toBe(killAt + 1);
  });

  it('a rewind to the end returns to where the session was', () => {
    const lab = new Lab();
    lab.prompt(1);
    lab.type('echo a\r');
    lab.prompt(2);
    lab.type('echo b\r');
    lab.prompt(3);
    const before = lab.text();
    const point = { t: lab.pm.host.machine.now, n: lab.pm.host.machine.k.eventsRun };
    lab.send({ type: 'rewind', index: 0 });
    lab.until(() => lab.of('restored').length === 1, 'the rewind');
    expect(lab.text()).not.toContain('echo a');
    lab.send({ type: 'rewind', index: lab.record().log.length });
    lab.until(() => lab.of('restored').length === 2, 'forward to the end');
    expect(lab.text()).toBe(before);
    expect({ t: lab.pm.host.machine.now, n: lab.pm.host.machine.k.eventsRun }).toEqual(point);
  });

  it('a record that does not replay is refused, and the running machine goes on unchanged', () => {
    const lab = new Lab();
    lab.prompt(1);
    lab.type('echo still here\r');
    lab.prompt(2);
    const rec = lab.record();
    const m = lab.pm.host.machine;
    // an input claimed to arrive after more events than the machine runs by then
    const bad = { ...rec, log: rec.log.map((e, i) => (i === rec.log.length - 1 ? { ...e, n: e.n + 1_000_000 } : e)) };
    lab.send({ type: 'restore', record: bad });
    lab.until(() => lab.of('restore-failed').length === 1, 'the refusal');
    expect(lab.of('restore-failed')[0]!.message).toMatch(/replay went differently/);
    expect(lab.pm.host.machine).toBe(m);
    // malformed records never reach the replay
    lab.send({ type: 'restore', record: { ...rec, version: 9 } });
    expect(lab.msgs.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/version 9 is not supported/) as unknown });
    lab.send({ type: 'restore', record: { ...rec, machine: { ...rec.machine, cpus: 1e9 } } });
    expect(lab.msgs.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/cpus/) as unknown });
    const from = lab.msgs.length;
    lab.type('echo ok\r');
    lab.until(() => lab.text('console', from).includes('ok\r\n'), 'the machine to answer');
  });
});

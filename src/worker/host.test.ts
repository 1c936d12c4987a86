// The machine host in-process, through the real protocol (structured-cloned both ways), driven
// by hand with a fake wall clock so each test says exactly how much wall time passes.
import { describe, it, expect } from 'vitest';
import { InProcessMachine } from './inprocess';
import { PROTOCOL_VERSION, type Outbound, type ProcessesViewMsg as ViewMsg, type ClockMsg, type ErrorMsg } from './protocol';

const dec = new TextDecoder();

class Lab {
  readonly pm: InProcessMachine;
  readonly msgs: Outbound[] = [];
  wall = 1000;
  constructor(greet = true) {
    this.pm = new InProcessMachine({ autoStart: false });
    this.pm.addListener((m) => this.msgs.push(m));
    if (greet) this.send({ type: 'hello', version: PROTOCOL_VERSION });
  }
  send(m: unknown): void {
    this.pm.postMessage(m);
  }
  /** Let `ms` of wall time pass in ticks of `step` ms. */
  pass(ms: number, step = 4): void {
    const end = this.wall + ms;
    while (this.wall < end) {
      this.wall = Math.min(end, this.wall + step);
      this.pm.tick(this.wall);
    }
  }
  /** Tick (wall time moving on) until the output contains `s`, or fail after `maxMs`. */
  until(s: string, maxMs = 10_000, from = 0): void {
    const end = this.wall + maxMs;
    while (!this.text(from).includes(s)) {
      if (this.wall >= end) throw new Error(`no '${s}' in output:\n${this.text()}`);
      this.pass(4);
    }
  }
  text(from = 0): string {
    return this.msgs
      .slice(from)
      .filter((m) => m.type === 'tty-output')
      .map((m) => (typeof m.data === 'string' ? m.data : dec.decode(m.data)))
      .join('')
      .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, ''); // OSC (shell-integration marks): not shown
  }
  of<T extends Outbound['type']>(type: T): Array<Extract<Outbound, { type: T }>> {
    return this.msgs.filter((m): m is Extract<Outbound, { type: T }> => m.type === type);
  }
  get now(): number {
    return this.pm.host.machine.now;
  }
  type(s: string): void {
    this.send({ type: 'tty-input', terminal: 'console', data: s });
  }
  /** Boot to the prompt. */
  static booted(): Lab {
    const lab = new Lab();
    lab.until('root@lab:~# ');
    return lab;
  }
}

describe('MachineHost', () => {
  it('answers hello with ready, and refuses everything before hello', () => {
    const lab = new Lab(false);
    lab.type('ls\r');
    expect(lab.msgs).toEqual([{ type: 'error', message: "'tty-input' before 'hello': say hello first" }]);
    lab.pass(100);
    expect(lab.of('tty-output')).toEqual([]); // the machine does not run before hello
    lab.send({ type: 'hello', version: 99 });
    expect((lab.msgs.at(-1) as ErrorMsg).message).toMatch(/version 99 not supported/);
    lab.send({ type: 'hello', version: PROTOCOL_VERSION });
    expect(lab.msgs.at(-1)).toEqual({
      type: 'ready',
      version: PROTOCOL_VERSION,
      machine: { seed: 1, cpus: 2, ramBytes: 4 * 1024 ** 3, hostname: 'lab', bootEpochSec: 1795824000, cgroupVersion: 1, images: ['busybox', 'alpine', 'ubuntu'], rows: 24, cols: 80 },
    });
  });

  it('boots to a prompt faster than real time (fast boot), then echo hello prints hello', () => {
    const lab = new Lab();
    lab.until('root@lab:~# ', 400); // the boot takes 0.86 virtual seconds
    expect(lab.now).toBeGreaterThan(0.8e9);
    expect(lab.wall - 1000).toBeLessThanOrEqual(400);
    const from = lab.msgs.length;
    lab.type('echo hello\r');
    lab.until('hello\r\nroot@lab:~# ', 2000, from);
  });

  it('batches tty output: one tty-output message per tick at most, as bytes', () => {
    const lab = Lab.booted();
    const from = lab.msgs.length;
    lab.type('seq 1 200\r');
    lab.until('200\r\nroot@lab:~# ', 5000, from);
    const outs = lab.of('tty-output').filter((m) => lab.msgs.indexOf(m) >= from);
    expect(outs.every((m) => m.data instanceof Uint8Array)).toBe(true);
    expect(outs.length).toBeLessThan(20);
  });

  it('shows sleep 100 & in state S in the processes view, only while subscribed', () => {
    const lab = Lab.booted();
    lab.type('sleep 100 &\r');
    lab.until('[1] ');
    lab.pass(100);
    expect(lab.of('view')).toEqual([]);
    lab.send({ type: 'subscribe', view: 'processes' });
    lab.pass(20);
    const frame = (lab.of('view').at(-1) as ViewMsg).frame;
    const sleep = frame.processes.find((p) => p.command === 'sleep 100')!;
    expect(sleep).toMatchObject({ comm: 'sleep', state: 'S', tty: 'console' });
    // selecting the pid adds its /proc/PID/status
    lab.send({ type: 'subscribe', view: 'processes', pid: sleep.pid });
    lab.pass(20);
    expect((lab.of('view').at(-1) as ViewMsg).frame.selected?.status).toMatch(/^Name:\tsleep\nUmask:\t0022\nState:\tS \(sleeping\)/);
    lab.send({ type: 'unsubscribe', view: 'processes' });
    const n = lab.of('view').length;
    lab.pass(500);
    expect(lab.of('view').length).toBe(n);
  });

  it('sends at most one view frame per animation frame, and none when nothing changed', () => {
    const lab = Lab.booted();
    lab.type('sleep 100 &\r');
    lab.until('[1] ');
    lab.send({ type: 'subscribe', view: 'processes' });
    lab.pass(1000, 1); // a tick every wall ms, 1000 ticks
    const frames = lab.of('view').length;
    expect(frames).toBeGreaterThan(30);
    expect(frames).toBeLessThanOrEqual(61);
    lab.send({ type: 'run-control', mode: 'pause' });
    // the frame owed for the last change before the pause may wait for the back-pressure interval
    // (real computing cost × 8): on a loaded host that is more than a few ms of fake time
    lab.pass(500);
    const paused = lab.of('view').length;
    lab.pass(1000);
    expect(lab.of('view').length).toBe(paused); // paused: nothing changes, nothing is sent
  });

  it('sends the clock at most 4 times a second', () => {
    const lab = Lab.booted();
    lab.type('sleep 100 &\r');
    lab.until('[1] ');
    const before = lab.of('clock').length;
    lab.pass(2000, 1);
    const n = lab.of('clock').length - before;
    expect(n).toBeGreaterThanOrEqual(6);
    expect(n).toBeLessThanOrEqual(9);
    expect(lab.of('clock').at(-1)).toMatchObject({ running: true, speed: 1, idle: false });
  });

  it('runs 1 virtual second per wall second by default', () => {
    const lab = Lab.booted();
    lab.type('sleep 100 &\r');
    lab.until('[1] ');
    lab.pass(8);
    const t0 = lab.now;
    lab.pass(3000);
    expect((lab.now - t0) / 1e9).toBeCloseTo(3, 1);
    lab.send({ type: 'run-control', mode: 'run', speed: 10 });
    const t1 = lab.now;
    lab.pass(1000);
    expect((lab.now - t1) / 1e9).toBeCloseTo(10, 0);
  });

  it('pause stops virtual time while input still queues; resume runs it', () => {
    const lab = Lab.booted();
    lab.send({ type: 'run-control', mode: 'pause' });
    const t0 = lab.now;
    const from = lab.msgs.length;
    lab.type('echo queued\r');
    lab.pass(2000);
    expect(lab.now).toBe(t0);
    // bash echoes what it reads itself (readline): nothing has run, not even the echo
    expect(lab.text(from)).toBe('');
    expect(lab.pm.host.machine.nextEventTime()).toBe(t0); // the reader's wake-up, queued at the paused time
    expect(lab.of('clock').at(-1)).toMatchObject({ running: false });
    lab.send({ type: 'run-control', mode: 'run' });
    lab.until('queued\r\nroot@lab:~# ', 1000, from);
    expect(lab.now).toBeGreaterThan(t0);
  });

  it("speed 'max' runs sleep 5 without waiting for wall time", () => {
    const lab = Lab.booted();
    lab.send({ type: 'run-control', mode: 'run', speed: 'max' });
    const from = lab.msgs.length;
    const t0 = lab.now;
    lab.type('sleep 5; echo done\r');
    // a fake wall clock that moves 1 ms per tick: at 'max', 5 virtual seconds must not need
    // anything like 5000 ticks (at 1x they would)
    let wall = 1_000_000;
    let ticks = 0;
    while (!lab.text(from).includes('\r\ndone\r\n') && ticks < 1000) {
      lab.pm.tick((wall += 1));
      ticks++;
    }
    expect(lab.text(from)).toContain('\r\ndone\r\n');
    expect(ticks).toBeLessThan(1000);
    expect(lab.now - t0).toBeGreaterThanOrEqual(5e9);
    expect(lab.now - t0).toBeLessThan(5.5e9); // and then it stops: idle at the prompt
  });

  it('does not advance an idle machine; input wakes it', () => {
    const lab = Lab.booted();
    lab.pass(100);
    const t0 = lab.now;
    lab.pass(10_000, 16);
    expect(lab.now).toBe(t0);
    expect(lab.pm.tick(lab.wall).advancing).toBe(false);
    expect(lab.of('clock').at(-1)).toMatchObject({ idle: true, nowNs: t0 });
    const from = lab.msgs.length;
    lab.type('echo awake\r');
    lab.until('awake\r\nroot@lab:~# ', 1000, from);
    expect(lab.now).toBeGreaterThan(t0);
  });

  it('steps by virtual nanoseconds and by one event while paused', () => {
    const lab = Lab.booted();
    lab.type('sleep 100 &\r');
    lab.until('[1] ');
    lab.send({ type: 'run-control', mode: 'pause' });
    const t0 = lab.now;
    lab.send({ type: 'step', by: 250_000_000 });
    lab.pass(8);
    expect(lab.now).toBe(t0 + 250_000_000);
    lab.pass(1000);
    expect(lab.now).toBe(t0 + 250_000_000); // still paused afterwards
    const next = lab.pm.host.machine.nextEventTime();
    lab.send({ type: 'step', by: 'event' });
    expect(lab.now).toBe(next);
  });

  it('rejects invalid messages with an error and keeps working', () => {
    const lab = Lab.booted();
    const hostile: unknown[] = [
      null,
      42,
      'echo pwned',
      { type: 'tty-input', terminal: 'console', data: 'x'.repeat(1024 * 1024 + 1) },
      { type: 'resize', terminal: 'console', rows: -1, cols: 80 },
      { type: 'run-control', mode: 'run', speed: 1e9 },
      { type: 'eval', code: 'process.exit()' },
      () => 1, // not clonable: postMessage would throw; the in-process host turns it into garbage
    ];
    for (const h of hostile) {
      const n = lab.msgs.length;
      expect(() => lab.send(h)).not.toThrow();
      expect(lab.msgs.slice(n).map((m) => m.type)).toEqual(['error']);
    }
    const from = lab.msgs.length;
    lab.type('echo still here\r');
    lab.until('still here\r\nroot@lab:~# ', 2000, from);
    expect(lab.of('clock').at(-1)?.speed).toBe(1);
  });

  it('resize reaches the console (stty size)', () => {
    const lab = Lab.booted();
    lab.send({ type: 'resize', terminal: 'console', rows: 40, cols: 120 });
    const from = lab.msgs.length;
    lab.type('stty size\r');
    lab.until('40 120\r\n', 2000, from);
  });

  it('reset boots a fresh machine and says ready again', () => {
    const lab = Lab.booted();
    lab.type('sleep 100 &\r');
    lab.until('[1] ');
    const from = lab.msgs.length;
    lab.send({ type: 'reset', seed: 7 });
    expect(lab.msgs[from]).toMatchObject({ type: 'ready', machine: { seed: 7 } });
    lab.until('root@lab:~# ', 2000, from);
    expect(lab.now).toBeLessThan(2e9);
    lab.send({ type: 'subscribe', view: 'processes' });
    lab.pass(20);
    const frame = (lab.of('view').at(-1) as ViewMsg).frame;
    expect(frame.processes.some((p) => p.comm === 'sleep')).toBe(false);
    const c: ClockMsg = lab.pm.host.clock();
    expect(c.loadavg).toHaveLength(3);
  });
});

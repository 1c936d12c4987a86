// Lesson checks through the machine host in-process: evaluated at once, after each command, and
// answered only when the results change; commands are announced when they end; malformed checks
// are rejected at the edge.
import { describe, it, expect } from 'vitest';
import { InProcessMachine } from './inprocess';
import { PROTOCOL_VERSION, type CheckResultsMsg, type CommandMsg, type Outbound } from './protocol';

const dec = new TextDecoder();

function lab() {
  const pm = new InProcessMachine({ autoStart: false });
  const msgs: Outbound[] = [];
  pm.addListener((m) => msgs.push(m));
  let wall = 1000;
  const pass = (ms: number) => {
    for (const end = wall + ms; wall < end; ) pm.tick((wall = Math.min(end, wall + 4)));
  };
  const text = () =>
    msgs
      .filter((m) => m.type === 'tty-output')
      .map((m) => (typeof m.data === 'string' ? m.data : dec.decode(m.data)))
      .join('');
  const prompts = () => text().split('root@lab:~# ').length - 1;
  /** type a line and wait for the next prompt */
  const run = (line: string) => {
    const n = prompts();
    pm.postMessage({ type: 'tty-input', terminal: 'console', data: `${line}\r` });
    for (let i = 0; prompts() <= n; i++) {
      if (i > 5000) throw new Error(`no prompt after '${line}':\n${text()}`);
      pass(4);
    }
    pass(20);
  };
  pm.postMessage({ type: 'hello', version: PROTOCOL_VERSION });
  for (let i = 0; prompts() < 1; i++) {
    if (i > 5000) throw new Error('no first prompt');
    pass(4);
  }
  const results = () => msgs.filter((m): m is CheckResultsMsg => m.type === 'check-results');
  const commands = () => msgs.filter((m): m is CommandMsg => m.type === 'command');
  return { pm, msgs, pass, run, results, commands };
}

describe('MachineHost: lesson checks', () => {
  it('answers at once, then again only when a command changes the results', () => {
    const l = lab();
    l.pm.postMessage({ type: 'checks', id: 7, checks: [{ process: { comm: 'sleep', state: 'S' } }, { output: { contains: 'hello' } }] });
    l.pass(8);
    expect(l.results().map((r) => [r.id, r.results.map((x) => x.passed)])).toEqual([[7, [false, false]]]);
    l.run('true');
    expect(l.results()).toHaveLength(1); // nothing changed: no message
    l.run('sleep 100 &');
    expect(l.results().at(-1)!.results.map((x) => x.passed)).toEqual([true, false]);
    l.run('echo hello');
    expect(l.results().at(-1)!.results.map((x) => x.passed)).toEqual([true, true]);
    expect(l.commands().map((c) => c.line)).toEqual(['true', 'sleep 100 &', 'echo hello']);
  });

  it('sending the checks again re-evaluates and answers even if nothing changed; [] stops watching', () => {
    const l = lab();
    l.pm.postMessage({ type: 'checks', id: 1, checks: [{ file: { path: '/etc/hostname', equals: 'lab' } }] });
    l.pass(8);
    l.pm.postMessage({ type: 'checks', id: 1, checks: [{ file: { path: '/etc/hostname', equals: 'lab' } }] });
    l.pass(8);
    expect(l.results().map((r) => r.results[0]!.passed)).toEqual([true, true]);
    l.pm.postMessage({ type: 'checks', id: 2, checks: [] });
    l.run('echo lab-two > /etc/hostname');
    expect(l.results()).toHaveLength(2);
  });

  it('a state change without a command is seen too (a background job becomes a zombie)', () => {
    const l = lab();
    l.run("sh -c 'sleep 0.5 & exec sleep 300' &");
    l.pm.postMessage({ type: 'checks', id: 3, checks: [{ process: { comm: 'sleep', state: 'Z' } }] });
    l.pass(8);
    expect(l.results().at(-1)!.results[0]!.passed).toBe(false);
    l.pass(1500);
    expect(l.results().at(-1)!.results[0]!.passed).toBe(true);
  });

  it('rejects malformed checks with an error and keeps running', () => {
    const l = lab();
    for (const checks of [[{ script: 'alert(1)' }], [{ file: { path: 'relative' } }], [{ process: { args: '(' } }], 'x', [{ file: { path: '/x' }, mount: {} }]]) {
      l.pm.postMessage({ type: 'checks', id: 1, checks } as never);
      l.pass(4);
      expect(l.msgs.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/check/) });
    }
    expect(l.results()).toEqual([]);
  });
});

// Lesson checks through the machine host in-process: evaluated at once, after each command, and
// answered only when the results change; commands are announced when they end; malformed checks
// are rejected at the edge.
import { describe, it, expect } from 'vitest';
import type { CheckResultsMsg, CommandMsg } from './protocol';
import { inProcessLab } from './test-helpers/lab';

function lab() {
  const l = inProcessLab();
  const prompts = () => l.text().split('root@lab:~# ').length - 1;
  /** type a line and wait for the next prompt */
  const run = (line: string) => {
    const n = prompts();
    l.type(`${line}\r`);
    for (let i = 0; prompts() <= n; i++) {
      if (i > 5000) throw new Error(`no prompt after '${line}':\n${l.text()}`);
      l.pass(4);
    }
    l.pass(20);
  };
  const results = () => l.msgs.filter((m): m is CheckResultsMsg => m.type === 'check-results');
  const commands = () => l.msgs.filter((m): m is CommandMsg => m.type === 'command');
  return { ...l, run, results, commands };
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

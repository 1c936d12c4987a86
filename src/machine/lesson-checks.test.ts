import { describe, expect, it } from 'vitest';
import { Machine } from './machine';
import { runScriptOn } from './headless';
import { evaluateChecks, type Check } from './lesson-checks';

function machineAfter(script: string, opts = {}): Machine {
  const m = new Machine(opts);
  const run = runScriptOn(m, script);
  expect(run.crashes).toEqual([]);
  return m;
}

const passed = (m: Machine, checks: Check[]) => evaluateChecks(m.k, m.commands, checks).map((r) => r.passed);

describe('lesson checks', () => {
  it('process: by comm, args, state and count', () => {
    const m = machineAfter('sleep 1000 &\nsleep 2000 &\nsleep 0.1\nkill -STOP %2\n');
    expect(passed(m, [
      { process: { comm: 'sleep', state: 'S' } },
      { process: { comm: 'sleep', state: 'T', args: '^sleep 2000$' } },
      { process: { comm: 'sleep', count: 2 } },
      { process: { comm: 'sleep', state: 'Z' } },
      { process: { comm: 'nosuch', count: 0 } },
      { process: { args: '(' } },
    ])).toEqual([true, true, true, false, true, false]);
  });

  it('process: a zombie, then reaped', () => {
    const m = machineAfter("sh -c 'sleep 0.1 & exec sleep 300' &\nsleep 1\n");
    expect(passed(m, [{ process: { comm: 'sleep', state: 'Z' } }])).toEqual([true]);
    runScriptOn(m, 'kill %1\nsleep 1\n');
    expect(passed(m, [{ process: { comm: 'sleep', state: 'Z', count: 0 } }])).toEqual([true]);
  });

  it('process: pid namespace and pid inside it', () => {
    const m = machineAfter('unshare --pid --fork --mount-proc sleep 1000 &\nsleep 1\n');
    expect(passed(m, [
      { process: { comm: 'sleep', pidns: 'container', nspid: 1 } },
      { process: { comm: 'sleep', args: '1000', pidns: 'host' } },
    ])).toEqual([true, false]);
  });

  it('process in a cgroup; cgroup limits; counters', () => {
    const m = machineAfter(
      'mkdir /sys/fs/cgroup/pids/demo\necho 3 > /sys/fs/cgroup/pids/demo/pids.max\n' +
        "sh -c 'echo $$ > /sys/fs/cgroup/pids/demo/cgroup.procs; sleep 1000 & sleep 1000 & sleep 1000 & wait' &\nsleep 1\n",
    );
    expect(passed(m, [
      { process: { comm: 'sleep', cgroup: 'pids:/demo', min: 2 } },
      { process: { comm: 'sleep', cgroup: '/demo' } },
      { cgroup: { controller: 'pids', path: '/demo', files: { 'pids.max': 3 } } },
      { cgroup: { controller: 'pids', path: '/demo', files: { 'pids.max': 'max' } } },
      { cgroup: { controller: 'pids', path: '/other', exists: false } },
      { counter: { path: '/sys/fs/cgroup/pids/demo/pids.events', key: 'max', min: 1 } },
      { counter: { path: '/sys/fs/cgroup/pids/demo/pids.current', equals: 3 } },
    ])).toEqual([true, true, true, false, true, true, true]);
  });

  it('file and mount checks, in the namespaces where the mount lives', () => {
    const m = machineAfter(
      'mkdir -p /tmp/l /tmp/u /tmp/w /tmp/m\necho hello > /tmp/l/f\n' +
        'mount -t overlay overlay -o lowerdir=/tmp/l,upperdir=/tmp/u,workdir=/tmp/w /tmp/m\n',
    );
    expect(passed(m, [
      { file: { path: '/tmp/m/f', equals: 'hello' } },
      { file: { path: '/tmp/m/f', matches: '^hel+o$' } },
      { file: { path: '/tmp/u/f', exists: false } },
      { file: { path: '/proc/loadavg', contains: '/' } },
      { mount: { type: 'overlay', target: '/tmp/m', option: 'lowerdir=/tmp/l' } },
      { mount: { type: 'overlay', target: '/elsewhere' } },
    ])).toEqual([true, true, true, true, true, false]);
  });

  it('output of the last or any command; commands run', () => {
    const m = machineAfter('echo first-output\nuname -r\n');
    expect(passed(m, [
      { output: { contains: '6.18' } },
      { output: { contains: 'first-output' } },
      { output: { of: 'any', contains: 'first-output' } },
      { command: { matches: '^uname\\b' } },
      { command: { contains: 'kill' } },
    ])).toEqual([true, false, true, true, false]);
  });

  it('a command ended with an exit status', () => {
    const m = machineAfter('ls /nope\nsleep 100 &\nkill -9 %1; wait\n');
    expect(passed(m, [
      { command: { contains: 'ls', status: 2 } },
      { command: { contains: 'ls', status: 0 } },
      { command: { status: 137 } },
    ])).toEqual([true, false, false]);
    // `wait` without ids returns 0 (bash: the status of the last waited-for id is only for `wait id`)
    expect(passed(machineAfter('sleep 100 &\nkill -9 %1; wait %1\n'), [{ command: { status: 137 } }])).toEqual([true]);
  });

  it('evaluating checks changes nothing: same clock, events, pids and screen afterwards', () => {
    const script = 'sleep 1000 &\nmkdir /sys/fs/cgroup/cpu/x\n';
    const a = machineAfter(script);
    const b = machineAfter(script);
    const all: Check[] = [
      { process: { comm: 'sleep', cgroup: 'cpu:/x' } },
      { file: { path: '/proc/1/status', contains: 'init' } },
      { mount: { type: 'proc' } },
      { cgroup: { controller: 'cpu', path: '/x', files: { 'cpu.shares': 1024 } } },
      { counter: { path: '/sys/fs/cgroup/cpu/x/cpu.stat', key: 'nr_periods', min: 0 } },
    ];
    for (let i = 0; i < 5; i++) evaluateChecks(a.k, a.commands, all);
    const outA: string[] = [];
    const outB: string[] = [];
    a.onOutput((x) => outA.push(Buffer.from(x).toString()));
    b.onOutput((x) => outB.push(Buffer.from(x).toString()));
    runScriptOn(a, 'echo $$; sleep 0.5 & echo $!; cat /proc/loadavg\n');
    runScriptOn(b, 'echo $$; sleep 0.5 & echo $!; cat /proc/loadavg\n');
    expect(a.now).toBe(b.now);
    expect(a.k.eventsRun).toBe(b.k.eventsRun);
    expect(outA.join('')).toBe(outB.join(''));
  });
});

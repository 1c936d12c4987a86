// The cgroups view through the machine host in-process (structured-cloned both ways), with a
// fake wall clock: frames only while subscribed, options picked by (re)subscribing.
import { describe, it, expect } from 'vitest';
import type { CgroupsViewMsg } from './protocol';
import { inProcessLab } from './test-helpers/lab';

function lab() {
  const l = inProcessLab();
  const cgroups = () => l.msgs.filter((m): m is CgroupsViewMsg => m.type === 'view' && m.view === 'cgroups');
  return { ...l, cgroups };
}

describe('MachineHost: the cgroups view', () => {
  it('sends cgroup frames only while subscribed; mkdir and moving the shell show up', () => {
    const l = lab();
    l.type('mkdir /sys/fs/cgroup/cpu/demo; echo done-1\r');
    l.until('\r\ndone-1\r\n'); // the output line, not the echo of 'echo done-1'
    l.pass(50);
    expect(l.cgroups()).toEqual([]);
    l.pm.postMessage({ type: 'subscribe', view: 'cgroups' });
    l.pass(20);
    const f = l.cgroups().at(-1)!.frame;
    expect(f.hierarchy.name).toBe('cpu');
    expect(f.nodes.map((n) => n.path)).toEqual(['/', '/demo']);
    l.type('echo $$ > /sys/fs/cgroup/cpu/demo/cgroup.procs; echo done-2\r');
    l.until('\r\ndone-2\r\n');
    const demoTasks = () => l.cgroups().at(-1)!.frame.nodes.find((n) => n.path === '/demo')!.nrTasks;
    l.passUntil(() => demoTasks() === 1);
    expect(demoTasks()).toBe(1);
    // only the cgroups view was asked for
    expect(l.msgs.some((m) => m.type === 'view' && m.view === 'processes')).toBe(false);
    l.pm.postMessage({ type: 'unsubscribe', view: 'cgroups' });
    const n = l.cgroups().length;
    l.type('mkdir /sys/fs/cgroup/cpu/more\r');
    l.pass(200);
    expect(l.cgroups().length).toBe(n);
  });

  it('subscribing again changes the hierarchy and the selected cgroup, and sends a frame at once', () => {
    const l = lab();
    l.type('mkdir /sys/fs/cgroup/pids/demo; echo $$ > /sys/fs/cgroup/pids/demo/cgroup.procs; echo done\r');
    l.until('\r\ndone\r\n');
    l.pm.postMessage({ type: 'subscribe', view: 'cgroups', hierarchy: 'pids', path: '/demo' });
    l.passUntil(() => l.cgroups().at(-1)?.frame.selected?.tasks.length === 1);
    const f = l.cgroups().at(-1)!.frame;
    expect(f.hierarchy.name).toBe('pids');
    expect(f.selected!.path).toBe('/demo');
    expect(f.selected!.tasks.map((t) => t.comm)).toEqual(['bash']);
    l.pm.postMessage({ type: 'run-control', mode: 'pause' });
    l.pass(50);
    const n = l.cgroups().length;
    l.pm.postMessage({ type: 'subscribe', view: 'cgroups', hierarchy: 'cpu', path: null });
    l.pass(20);
    expect(l.cgroups().length).toBe(n + 1); // paused, yet the new options get their frame
    expect(l.cgroups().at(-1)!.frame).toMatchObject({ hierarchy: { name: 'cpu' }, selected: null });
  });

  it('rejects cgroup options that are not valid with an error', () => {
    const l = lab();
    l.pm.postMessage({ type: 'subscribe', view: 'cgroups', hierarchy: 'net_cls' });
    expect(l.msgs.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/unknown cgroup hierarchy/) });
  });
});

// The cgroup tree view against cgroupfs of the same machine: every figure the view shows must be
// what the cgroup files say (both read the same kernel objects), and it must follow the kernel at
// once — mkdir, moving a task, a CPU quota that throttles.
import { describe, it, expect } from 'vitest';
import { Machine, type MachineOptions } from '../machine';
import { outputText, runScriptOn } from '../headless';
import { cgroupsFrame, CgroupsViewSource, HISTORY_LENGTH, CGROUP_HIERARCHY_NAMES, type CgroupsFrame, type CgroupNode } from './cgroups';


function run(m: Machine, script: string): string {
  const r = runScriptOn(m, script);
  if (r.crashes.length) throw new Error(r.crashes.join('\n'));
  if (r.timedOut) throw new Error('script timed out');
  return outputText(r.output).replace(/\r\n/g, '\n');
}

/** Output of one command line (the text between its prompt line and the next prompt). */
function out(m: Machine, line: string): string {
  const text = run(m, `${line}\n`);
  const start = text.indexOf(`${line}\n`);
  const rest = text.slice(start + line.length + 1);
  return rest.slice(0, rest.lastIndexOf('root@lab:~# ')).trimEnd();
}

function node(f: CgroupsFrame, path: string): CgroupNode {
  const n = f.nodes.find((x) => x.path === path);
  if (!n) throw new Error(`no node ${path} in ${f.nodes.map((x) => x.path).join(' ')}`);
  return n;
}

/** Frames from one source every `stepNs` for `ns` of virtual time; the last one. */
function advance(m: Machine, src: CgroupsViewSource, ns: number, opts: Parameters<CgroupsViewSource['frame']>[1] = {}, stepNs = 1e8): CgroupsFrame {
  let f = src.frame(m.k, opts);
  const end = m.now + ns;
  while (m.now < end) {
    m.runUntil(Math.min(end, m.now + stepNs));
    f = src.frame(m.k, opts);
  }
  return f;
}

function boot(opts: MachineOptions = {}): { m: Machine; shell: number } {
  const m = new Machine(opts);
  const shell = Number(out(m, 'echo $$'));
  return { m, shell };
}

describe('the cgroups view (v1)', () => {
  it('shows the cpu hierarchy by default, rooted at /, holding every task', () => {
    const { m, shell } = boot();
    const f = cgroupsFrame(m.k);
    expect(f.version).toBe(1);
    expect(f.hierarchy).toEqual({ name: 'cpu', id: 1, controllers: ['cpu'], mountPath: '/sys/fs/cgroup/cpu' });
    expect(f.hierarchies.map((h) => h.name)).toEqual(['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids']);
    expect(f.nodes).toHaveLength(1);
    const root = node(f, '/');
    expect(root).toMatchObject({ name: '', parent: null, depth: 0, cpuCap: null, throttledBy: null, cpuPercent: null });
    expect(root.pids).toContain(1);
    expect(root.pids).toContain(shell);
    // the same pids as cgroup.procs (read by the shell itself: a `cat` would be one more)
    const listed = out(m, "while read p; do printf '%s ' $p; done < /sys/fs/cgroup/cpu/cgroup.procs; echo");
    expect(listed.split(' ').map(Number)).toEqual(cgroupsFrame(m.k).nodes[0]!.pids);
    expect(CGROUP_HIERARCHY_NAMES).toContain(f.hierarchy.name);
  });

  it('mkdir makes a node, depth first with children by name; rmdir removes it', () => {
    const { m } = boot();
    run(m, 'mkdir -p /sys/fs/cgroup/cpu/db/mysql /sys/fs/cgroup/cpu/db/mongodb /sys/fs/cgroup/cpu/web\n');
    const f = cgroupsFrame(m.k);
    expect(f.nodes.map((n) => n.path)).toEqual(['/', '/db', '/db/mongodb', '/db/mysql', '/web']);
    expect(node(f, '/db/mysql')).toMatchObject({ name: 'mysql', parent: '/db', depth: 2, nrTasks: 0, nrProcs: 0, pids: [] });
    run(m, 'rmdir /sys/fs/cgroup/cpu/web\n');
    expect(cgroupsFrame(m.k).nodes.map((n) => n.path)).not.toContain('/web');
    // other hierarchies are separate trees
    expect(cgroupsFrame(m.k, { hierarchy: 'pids' }).nodes.map((n) => n.path)).toEqual(['/']);
  });

  it('echo $$ > cgroup.procs moves the shell to the new node', () => {
    const { m, shell } = boot();
    run(m, 'mkdir /sys/fs/cgroup/cpu/demo\n');
    const before = cgroupsFrame(m.k);
    run(m, 'echo $$ > /sys/fs/cgroup/cpu/demo/cgroup.procs\n');
    const f = cgroupsFrame(m.k, { selectedPath: '/demo' });
    expect(node(f, '/demo')).toMatchObject({ nrTasks: 1, nrProcs: 1, pids: [shell], nrTasksSubtree: 1 });
    expect(node(f, '/').pids).not.toContain(shell);
    expect(node(f, '/').nrTasks).toBe(node(before, '/').nrTasks - 1);
    expect(node(f, '/').nrTasksSubtree).toBe(node(before, '/').nrTasksSubtree);
    expect(f.selected).toEqual({ path: '/demo', tasks: [{ tid: shell, pid: shell, comm: 'bash', state: expect.any(String) }] });
    expect(out(m, "while read p; do printf '%s ' $p; done < /sys/fs/cgroup/cpu/demo/cgroup.procs; echo")).toBe(String(shell));
    expect(cgroupsFrame(m.k, { selectedPath: '/nope' }).selected).toBeNull();
  });

  it('a stress in a cgroup with cpu.cfs_quota_us 20000 runs at ~20% and is throttled; the children show the cap', () => {
    const { m } = boot();
    run(
      m,
      [
        'mkdir -p /sys/fs/cgroup/cpu/db/mysql /sys/fs/cgroup/cpu/db/mongodb /sys/fs/cgroup/cpuacct/db/mysql',
        'echo 20000 > /sys/fs/cgroup/cpu/db/cpu.cfs_quota_us',
        'echo $$ > /sys/fs/cgroup/cpu/db/mysql/cgroup.procs',
        'echo $$ > /sys/fs/cgroup/cpuacct/db/mysql/cgroup.procs',
        'stress --cpu 1 &',
      ].join('\n') + '\n',
    );
    const src = new CgroupsViewSource();
    const f = advance(m, src, 3e9, { selectedPath: '/db/mysql' });
    const db = node(f, '/db');
    expect(db.cpu).toEqual({ quotaUs: 20000, periodUs: 100000, quotaPercent: 20, shares: 1024, weight: 100 });
    expect(db.cpuCap).toEqual({ percent: 20, from: '/db', by: 'quota' });
    expect(db.cpuPercent).toBeGreaterThan(18);
    expect(db.cpuPercent).toBeLessThan(22);
    // cpuacct has the same paths holding the same tasks: the figures are cpuacct's
    expect(db.usageSource).toBe('cpuacct');
    expect(db.cpuStat!.nrThrottledDelta).toBeGreaterThanOrEqual(9);
    expect(db.cpuStat!.throttledPercent).toBeGreaterThan(70);
    expect(db.throttledBy).toBe('/db');
    const mysql = node(f, '/db/mysql');
    expect(mysql.cpu!.quotaPercent).toBeNull();
    expect(mysql.cpuCap).toEqual({ percent: 20, from: '/db', by: 'quota' });
    expect(mysql.throttledBy).toBe('/db'); // held back by its parent's quota
    expect(mysql.cpuPercent).toBeGreaterThan(18);
    expect(mysql.cpuPercent).toBeLessThan(22);
    expect(node(f, '/db/mongodb')).toMatchObject({ cpuPercent: 0, nrTasksSubtree: 0, usageSource: 'tasks' });
    expect(f.selected!.tasks.map((t) => t.comm)).toEqual(['bash', 'stress', 'stress']);
    expect(f.selected!.tasks.filter((t) => t.state === 'R').length).toBeLessThanOrEqual(1);
    // the root's usage is the whole machine's: the stress and nothing else of note
    expect(node(f, '/').cpuPercent).toBeGreaterThan(18);
    expect(node(f, '/').cpuPercent).toBeLessThan(25);
    // a sparkline history, one sample per half second, ~20 once the stress runs
    expect(db.history.length).toBeGreaterThanOrEqual(5);
    expect(db.history.slice(-3).every((v) => v > 15 && v < 25)).toBe(true);
  });

  it('the counters are the ones cpu.stat and cpuacct.usage print (one kernel object)', () => {
    const { m } = boot();
    run(
      m,
      'mkdir /sys/fs/cgroup/cpu/db /sys/fs/cgroup/cpuacct/db\necho 20000 > /sys/fs/cgroup/cpu/db/cpu.cfs_quota_us\n' +
        // only the stress is in /db: once it is done, nothing there uses CPU (a `cat` would)
        '(echo $BASHPID > /sys/fs/cgroup/cpu/db/cgroup.procs; echo $BASHPID > /sys/fs/cgroup/cpuacct/db/cgroup.procs; exec stress --cpu 1 --timeout 2)\n',
    );
    const f = cgroupsFrame(m.k);
    const db = node(f, '/db');
    expect(out(m, 'cat /sys/fs/cgroup/cpuacct/db/cpuacct.usage')).toBe(String(db.usageNs));
    const stat = out(m, 'cat /sys/fs/cgroup/cpu/db/cpu.stat');
    expect(stat).toContain(`nr_periods ${db.cpuStat!.nrPeriods}\n`);
    expect(stat).toContain(`nr_throttled ${db.cpuStat!.nrThrottled}\n`);
    expect(stat).toContain(`throttled_time ${db.cpuStat!.throttledTimeNs}\n`);
    expect(db.cpuStat!.nrThrottled).toBeGreaterThan(10);
  });

  it('without a cpuacct group holding the same tasks, usage is added up from the tasks', () => {
    const { m } = boot();
    run(m, 'mkdir /sys/fs/cgroup/cpu/demo\necho 50000 > /sys/fs/cgroup/cpu/demo/cpu.cfs_quota_us\necho $$ > /sys/fs/cgroup/cpu/demo/cgroup.procs\nstress --cpu 2 &\n');
    const src = new CgroupsViewSource();
    const f = advance(m, src, 2.5e9);
    const demo = node(f, '/demo');
    expect(demo.usageSource).toBe('tasks');
    expect(demo.usageNs).toBeNull();
    expect(demo.cpuPercent).toBeGreaterThan(45);
    expect(demo.cpuPercent).toBeLessThan(55);
    expect(demo.cpuStat!.throttledPercent).toBeGreaterThan(0);
  });

  it('no spike when a cpuacct twin starts to match: the first interval is counted from the tasks', () => {
    const { m } = boot();
    run(
      m,
      'mkdir /sys/fs/cgroup/cpu/db /sys/fs/cgroup/cpuacct/db\n' +
        '(echo $BASHPID > /sys/fs/cgroup/cpu/db/cgroup.procs; echo $BASHPID > /sys/fs/cgroup/cpuacct/db/cgroup.procs; exec stress --cpu 1) &\n' +
        '(echo $BASHPID > /sys/fs/cgroup/cpuacct/db/cgroup.procs; exec sleep 1000) &\n',
    );
    const src = new CgroupsViewSource();
    let f = advance(m, src, 3e9);
    // cpuacct:/db also holds the sleep: its counter is not cpu:/db's
    expect(node(f, '/db').usageSource).toBe('tasks');
    expect(node(f, '/db').cpuPercent).toBeGreaterThan(95);
    // once the sleep is gone the twin holds the same tasks, with 3 s already on its counter
    run(m, 'kill %2; wait %2\n');
    for (let i = 0; i < 30; i++) {
      m.runUntil(m.now + 1e8);
      f = src.frame(m.k);
      expect(node(f, '/db').cpuPercent).toBeLessThanOrEqual(101);
    }
    expect(node(f, '/db').usageSource).toBe('cpuacct');
    expect(node(f, '/db').cpuPercent).toBeGreaterThan(95);
  });

  it('keeps the figures while virtual time stands still, and at most HISTORY_LENGTH samples', () => {
    const { m } = boot();
    run(m, 'stress --cpu 1 &\n');
    const src = new CgroupsViewSource();
    const f1 = advance(m, src, 20e9, {}, 3e8);
    const root = node(f1, '/');
    expect(root.history).toHaveLength(HISTORY_LENGTH);
    expect(root.cpuPercent).toBeGreaterThan(95);
    const f2 = src.frame(m.k); // no time has passed
    expect(node(f2, '/').cpuPercent).toBe(root.cpuPercent);
  });

  it('shows the limits of the hierarchy picked: pids.max, cpuset cpus, cpu.shares, a memory limit', () => {
    const { m } = boot();
    run(
      m,
      [
        'mkdir /sys/fs/cgroup/pids/demo /sys/fs/cgroup/cpuset/one /sys/fs/cgroup/cpu/b /sys/fs/cgroup/memory/small',
        'echo 5 > /sys/fs/cgroup/pids/demo/pids.max',
        'echo $$ > /sys/fs/cgroup/pids/demo/cgroup.procs',
        'sleep 100 &',
        'echo 1 > /sys/fs/cgroup/cpuset/one/cpuset.cpus',
        'echo 512 > /sys/fs/cgroup/cpu/b/cpu.shares',
        'echo 256M > /sys/fs/cgroup/memory/small/memory.limit_in_bytes',
      ].join('\n') + '\n',
    );
    const pids = node(cgroupsFrame(m.k, { hierarchy: 'pids' }), '/demo');
    expect(pids.pidsLimit).toEqual({ current: 2, max: 5 });
    expect(pids.cpu).toBeNull();
    expect(node(cgroupsFrame(m.k, { hierarchy: 'pids' }), '/').pidsLimit!.max).toBeNull();
    const one = node(cgroupsFrame(m.k, { hierarchy: 'cpuset' }), '/one');
    expect(one.cpuset).toEqual({ cpus: '1', effective: '1' });
    expect(one.cpuCap).toEqual({ percent: 100, from: '/one', by: 'cpuset' });
    expect(node(cgroupsFrame(m.k, { hierarchy: 'cpu' }), '/b').cpu).toMatchObject({ shares: 512, weight: 50 });
    expect(node(cgroupsFrame(m.k, { hierarchy: 'memory' }), '/small').memoryLimit).toBe(256 * 1024 * 1024);
    expect(cgroupsFrame(m.k, { hierarchy: 'unified' }).hierarchy.name).toBe('cpu'); // v1: the default
  });

  it('is plain data (survives structuredClone and JSON)', () => {
    const { m } = boot();
    run(m, 'mkdir -p /sys/fs/cgroup/cpu/a/b\necho $$ > /sys/fs/cgroup/cpu/a/b/cgroup.procs\nstress --cpu 1 &\n');
    const src = new CgroupsViewSource();
    const f = advance(m, src, 1.5e9, { selectedPath: '/a/b' });
    expect(structuredClone(f)).toEqual(f);
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
  });
});

describe('the cgroups view (v2)', () => {
  it('shows the unified tree; cpu.max 20000 100000 caps a stress at ~20% and throttles it', () => {
    const { m, shell } = boot({ cgroupVersion: 2 });
    run(
      m,
      [
        'mkdir -p /sys/fs/cgroup/db/mysql',
        'echo "20000 100000" > /sys/fs/cgroup/db/cpu.max',
        'echo 10 > /sys/fs/cgroup/db/pids.max',
        'echo $$ > /sys/fs/cgroup/db/mysql/cgroup.procs',
        'stress --cpu 1 &',
      ].join('\n') + '\n',
    );
    const src = new CgroupsViewSource();
    const f = advance(m, src, 3e9, { hierarchy: 'cpu' }); // v2 has one tree whatever is asked
    expect(f.version).toBe(2);
    expect(f.hierarchies.map((h) => h.name)).toEqual(['unified']);
    expect(f.hierarchy).toMatchObject({ name: 'unified', id: 0, mountPath: '/sys/fs/cgroup' });
    const db = node(f, '/db');
    expect(db.controllers).toEqual(['cpuset', 'cpu', 'io', 'memory', 'pids']);
    expect(db.cpu!.quotaPercent).toBe(20);
    expect(db.pidsLimit).toEqual({ current: 3, max: 10 });
    expect(db.usageSource).toBe('cpuacct');
    expect(db.cpuPercent).toBeGreaterThan(18);
    expect(db.cpuPercent).toBeLessThan(22);
    expect(db.throttledBy).toBe('/db');
    // db does not enable controllers for its children: mysql has none of its own, but db's
    // quota still caps it and its usage is still counted
    const mysql = node(f, '/db/mysql');
    expect(mysql.controllers).toEqual([]);
    expect(mysql.cpu).toBeNull();
    expect(mysql.pidsLimit).toBeNull();
    expect(mysql.cpuCap).toEqual({ percent: 20, from: '/db', by: 'quota' });
    expect(mysql.pids).toContain(shell);
    expect(mysql.cpuPercent).toBeGreaterThan(18);
    const usec = out(m, 'grep usage_usec /sys/fs/cgroup/db/cpu.stat');
    expect(usec).toMatch(/^usage_usec \d+$/);
  });
});

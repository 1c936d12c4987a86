// Property test (ARCHITECTURE.md §8): after random cgroup mkdir/rmdir, migrations, forks and
// exits typed at the shell, in v1 and v2 mode, every task is in exactly one cgroup per hierarchy,
// cgroup task sets hold exactly the live tasks that point at them, and pids.current equals the
// tasks (zombies included) charged below each cgroup.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { boot, advanceUntil, SEC } from './test-programs';
import type { Machine } from './machine';
import { ExitState, type Task } from '../kernel/task/task';
import type { Cgroup } from '../kernel/cgroup/cgroup';

const enc = new TextEncoder();

function commands(v2: boolean): fc.Arbitrary<string> {
  const base = v2 ? '/sys/fs/cgroup' : '/sys/fs/cgroup/pids';
  const cpu = v2 ? '/sys/fs/cgroup' : '/sys/fs/cgroup/cpu';
  const name = fc.constantFrom('a', 'b', 'a/c', 'b/d');
  return fc.oneof(
    name.map((n) => `mkdir ${base}/${n} ${cpu}/${n}`),
    name.map((n) => `rmdir ${base}/${n}`),
    name.map((n) => `echo $$ > ${base}/${n}/cgroup.procs`),
    name.map((n) => `echo $$ > ${cpu}/${n}/cgroup.procs`),
    fc.constant(`echo $$ > ${base}/cgroup.procs`),
    name.map((n) => `echo 3 > ${base}/${n}/pids.max`),
    name.map((n) => `echo 20000 > ${cpu}/${n}/cpu.cfs_quota_us`),
    fc.constant(v2 ? 'echo +pids +cpu > /sys/fs/cgroup/a/cgroup.subtree_control' : 'true'),
    fc.integer({ min: 1, max: 3 }).map((n) => `sleep ${n} &`),
    fc.constant('(sleep 1 &) ; true'),
    fc.constant('stress --cpu 1 --timeout 1 &'),
    fc.constantFrom('wait', 'kill %1', 'true'),
  );
}

function checkInvariants(m: Machine): void {
  const k = m.k;
  expect(k.panicked).toBeNull();
  const hs = k.cgroups.hierarchies();
  const all: Task[] = [];
  for (const pid of k.initPidNs.pids.values()) if (pid.task && pid.task.exitState !== ExitState.Dead) all.push(pid.task);
  const cgroupsOf = (root: Cgroup): Cgroup[] => [root, ...root.descendants()];
  for (const h of hs) {
    const cgs = cgroupsOf(h.root);
    for (const t of all) {
      const cg = t.cgroups[h.id];
      expect(cg, `${t.comm}[${t.pid.vnr}] has no cgroup in hierarchy ${h.id}`).toBeTruthy();
      const holders = cgs.filter((c) => c.tasks.has(t));
      // live tasks are listed in exactly their cgroup; exited ones (zombies) in none
      expect(holders).toEqual(t.alive ? [cg] : []);
    }
    for (const c of cgs) for (const t of c.tasks) expect(t.alive && t.cgroups[h.id] === c).toBe(true);
  }
  // pids.current = tasks charged at or below (zombies count until reaped)
  const pidsRoot = k.cgroups.rootOf('pids')!;
  for (const c of cgroupsOf(pidsRoot.root)) {
    if (!c.pids) continue;
    let n = 0;
    for (const t of all) {
      const css = k.cgroups.css(t, 'pids');
      for (let x: Cgroup | null = css; x; x = x.parent) if (x === c) n++;
    }
    expect(c.pids.current, `pids.current of ${c.path()}`).toBe(n);
  }
}

function session(v2: boolean, lines: string[]): void {
  const { m, crashes } = boot([], { cgroupVersion: v2 ? 2 : 1 });
  for (const l of lines) {
    advanceUntil(m, () => m.consoleReaderWaiting(), 20 * SEC);
    m.input(enc.encode(l + '\r'));
  }
  advanceUntil(m, () => m.consoleReaderWaiting(), 20 * SEC);
  expect(crashes).toEqual([]);
  checkInvariants(m);
  advanceUntil(m, () => false, 5 * SEC);
  checkInvariants(m);
}

describe('random cgroup sessions', () => {
  const budgetMs = Number(process.env.PROPS_MS ?? 10_000);
  for (const v2 of [false, true]) {
    it(`keep one cgroup per task per hierarchy and pids.current exact (cgroup v${v2 ? 2 : 1})`, () => {
      fc.assert(
        fc.property(fc.array(commands(v2), { minLength: 1, maxLength: 16 }), (lines) => session(v2, lines)),
        { numRuns: Number(process.env.PROPS_RUNS ?? 60), interruptAfterTimeLimit: budgetMs },
      );
    }, budgetMs + 60_000);
  }
});

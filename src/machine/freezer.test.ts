// The v1 cgroup freezer as test programs see it: freezer.state FREEZING → FROZEN, frozen tasks D
// and off the CPUs, SIGKILL held until the thaw, a vfork parent frozen in place in its D wait
// (Linux 6.1+: that wait is TASK_FREEZABLE), a task moved into and out of a frozen cgroup.
import { describe, it, expect } from 'vitest';
import type { Program } from '../kernel/syscall';
import { SIGCHLD, SIGKILL, WIFSIGNALED, WTERMSIG, WNOHANG } from '../kernel/syscall';
import { runProgram, procStatus, readText, writeText, MS, SEC } from './test-programs';

const CG = '/sys/fs/cgroup/freezer/t';

describe('the v1 freezer', () => {
  it('a vfork parent freezes in place in its D wait, and stays frozen when its child lets go', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      yield* sys.mkdir(CG, 0o755);
      const p = yield* sys.fork(function* () {
        // vfork a child that sleeps 300 ms before it exits: the parent waits in D meanwhile
        yield* sys.clone(0x4000 | 0x100 | SIGCHLD, function* () {
          yield* sys.nanosleep(300 * MS);
          return 0;
        });
        for (;;) yield* sys.nanosleep(SEC);
      });
      yield* sys.nanosleep(50 * MS);
      yield* writeText(sys, `${CG}/cgroup.procs`, `${p}\n`);
      yield* writeText(sys, `${CG}/freezer.state`, 'FROZEN\n');
      yield* sys.nanosleep(50 * MS);
      r.during = yield* readText(sys, `${CG}/freezer.state`);
      const s1 = yield* procStatus(sys, p);
      r.stateDuring = typeof s1 === 'number' ? s1 : s1.get('State');
      r.wchanDuring = yield* readText(sys, `/proc/${p}/wchan`);
      yield* sys.nanosleep(500 * MS);
      r.after = yield* readText(sys, `${CG}/freezer.state`);
      const s2 = yield* procStatus(sys, p);
      r.stateAfter = typeof s2 === 'number' ? s2 : s2.get('State');
      r.wchan = yield* readText(sys, `/proc/${p}/wchan`);
      // SIGKILL waits for the thaw
      yield* sys.kill(p, SIGKILL);
      yield* sys.nanosleep(100 * MS);
      r.killedWhileFrozen = yield* sys.wait4(p, WNOHANG);
      yield* writeText(sys, `${CG}/freezer.state`, 'THAWED\n');
      const w = yield* sys.wait4(p, 0);
      r.status = typeof w === 'number' ? w : w.status;
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.during).toBe('FROZEN\n');
    expect(r.stateDuring).toBe('D (disk sleep)');
    expect(r.wchanDuring).toBe('wait_for_vfork_done');
    expect(r.after).toBe('FROZEN\n');
    expect(r.stateAfter).toBe('D (disk sleep)');
    // its wake-up (the child exited) waits for the thaw: still in the vfork wait
    expect(r.wchan).toBe('wait_for_vfork_done');
    expect(r.killedWhileFrozen).toBe(0); // WNOHANG: not dead yet
    expect(WIFSIGNALED(r.status as number) && WTERMSIG(r.status as number)).toBe(SIGKILL);
  });

  it('a task moved into a frozen cgroup freezes; moved out, it runs again', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      yield* sys.mkdir(CG, 0o755);
      yield* writeText(sys, `${CG}/freezer.state`, 'FROZEN\n');
      const p = yield* sys.fork(function* () {
        for (;;) yield* sys.compute(10 * MS);
      });
      yield* sys.nanosleep(50 * MS);
      yield* writeText(sys, `${CG}/cgroup.procs`, `${p}\n`);
      yield* sys.nanosleep(10 * MS);
      const stat = () => readText(sys, `/proc/${p}/stat`);
      const cpu = (s: string | number) => (typeof s === 'number' ? -1 : Number(s.split(' ')[13]));
      const c0 = cpu(yield* stat());
      yield* sys.nanosleep(500 * MS);
      const c1 = cpu(yield* stat());
      r.frozenTicks = c1 - c0;
      r.state = (yield* stat() as Generator<never, string, unknown>).toString().split(' ')[2];
      yield* writeText(sys, '/sys/fs/cgroup/freezer/cgroup.procs', `${p}\n`);
      yield* sys.nanosleep(500 * MS);
      r.thawedTicks = cpu(yield* stat()) - c1;
      yield* sys.kill(p, SIGKILL);
      yield* sys.wait4(p, 0);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.state).toBe('D');
    expect(r.frozenTicks).toBe(0);
    expect(r.thawedTicks as number).toBeGreaterThanOrEqual(45);
  });
});

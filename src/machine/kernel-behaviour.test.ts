// Kernel behaviour as a student observes it: wait statuses, zombies and reparenting, signals and
// their /proc masks, pipes, the scheduler's CPU shares and load average, pid allocation.
// Test programs are generators installed as /usr/bin/ktest and run from the console shell.
import { describe, it, expect } from 'vitest';
import type { Sys, Program, WaitResult } from '../kernel/syscall';
import {
  WEXITSTATUS, WIFEXITED, WIFSIGNALED, WTERMSIG, WIFSTOPPED, WSTOPSIG, WIFCONTINUED,
  WNOHANG, WUNTRACED, WCONTINUED, ECHILD, EINTR, EINVAL, EPIPE, ENOENT, EAGAIN,
  SIGKILL, SIGTERM, SIGSTOP, SIGCONT, SIGUSR1, SIGUSR2, SIGINT, SIGCHLD, SIGPIPE,
  SIG_BLOCK, SIG_UNBLOCK, SA_RESTART, PR_SET_CHILD_SUBREAPER, PRIO_PROCESS, O_NONBLOCK,
} from '../kernel/syscall';
import {
  boot, advanceUntil, typeWhenReading, runProgram, runWith, testProgram, procStatus, procStat, readText, writeText, burner, sleepFully,
  monoNs, rawOutput, MS, SEC,
} from './test-programs';

const hex = (mask: number): string => mask.toString(16).padStart(16, '0');
const bit = (sig: number): number => 2 ** (sig - 1);

function* waitOne(sys: Sys, pid: number, opts = 0): Generator<never, WaitResult | number, unknown> {
  return (yield* sys.wait4(pid, opts) as Generator<never, WaitResult | number, unknown>);
}
function status(w: WaitResult | number): number {
  if (typeof w === 'number') throw new Error(`wait4 failed: ${w}`);
  return w.status;
}

// ------------------------------------------------------------------------------------------------
describe('wait statuses', () => {
  it('exit code, death by signal, stop and continue, WNOHANG', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      let pid = yield* sys.fork(function* () {
        yield* sys.exit(3);
        return 0;
      });
      r.exit3 = status(yield* waitOne(sys, pid));

      const pauser = function* (): Program {
        for (;;) yield* sys.pause();
      };
      pid = yield* sys.fork(pauser);
      yield* sys.nanosleep(10 * MS);
      yield* sys.kill(pid, SIGKILL);
      r.killed = status(yield* waitOne(sys, pid));

      pid = yield* sys.fork(pauser);
      yield* sys.nanosleep(10 * MS);
      yield* sys.kill(pid, SIGTERM);
      r.termed = status(yield* waitOne(sys, pid));

      pid = yield* sys.fork(pauser);
      r.nohangLive = yield* sys.wait4(pid, WNOHANG);
      yield* sys.nanosleep(10 * MS);
      yield* sys.kill(pid, SIGSTOP);
      r.stopped = status(yield* waitOne(sys, pid, WUNTRACED));
      // reported once: a second WUNTRACED|WNOHANG wait sees nothing new
      r.stoppedAgain = yield* sys.wait4(pid, WUNTRACED | WNOHANG);
      yield* sys.kill(pid, SIGCONT);
      r.continued = status(yield* waitOne(sys, pid, WCONTINUED));
      yield* sys.kill(pid, SIGKILL);
      r.reaped = status(yield* waitOne(sys, pid));

      r.nohangNone = yield* sys.wait4(-1, WNOHANG);
      r.blockingNone = yield* sys.wait4(-1, 0);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    const s = (k: string): number => r[k] as number;
    expect(WIFEXITED(s('exit3')) && WEXITSTATUS(s('exit3'))).toBe(3);
    expect(WIFSIGNALED(s('killed')) && WTERMSIG(s('killed'))).toBe(SIGKILL);
    expect(s('killed')).toBe(9);
    expect(WIFSIGNALED(s('termed')) && WTERMSIG(s('termed'))).toBe(SIGTERM);
    expect(r.nohangLive).toBe(0);
    expect(WIFSTOPPED(s('stopped')) && WSTOPSIG(s('stopped'))).toBe(SIGSTOP);
    expect(s('stopped')).toBe(0x137f);
    expect(r.stoppedAgain).toBe(0);
    expect(WIFCONTINUED(s('continued'))).toBe(true);
    expect(s('continued')).toBe(0xffff);
    expect(WTERMSIG(s('reaped'))).toBe(SIGKILL);
    expect(r.nohangNone).toBe(-ECHILD);
    expect(r.blockingNone).toBe(-ECHILD);
  });
});

// ------------------------------------------------------------------------------------------------
describe('zombies and reparenting', () => {
  it('an exited child is a zombie until waited for; SIGKILL does not change it', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const pid = yield* sys.fork(function* () {
        return 7;
      });
      yield* sys.nanosleep(20 * MS);
      const st = yield* procStatus(sys, pid);
      r.state = typeof st === 'number' ? st : st.get('State');
      r.name = typeof st === 'number' ? st : st.get('Name');
      const stat = yield* procStat(sys, pid);
      r.statState = typeof stat === 'number' ? stat : stat[3];
      r.cmdline = yield* readText(sys, `/proc/${pid}/cmdline`);
      r.kill = yield* sys.kill(pid, SIGKILL);
      yield* sys.nanosleep(10 * MS);
      const st2 = yield* procStatus(sys, pid);
      r.stateAfterKill = typeof st2 === 'number' ? st2 : st2.get('State');
      r.wait = status(yield* waitOne(sys, pid));
      r.afterWait = yield* readText(sys, `/proc/${pid}/status`);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.state).toBe('Z (zombie)');
    expect(r.name).toBe('ktest');
    expect(r.statState).toBe('Z');
    expect(r.cmdline).toBe('');
    expect(r.kill).toBe(0);
    expect(r.stateAfterKill).toBe('Z (zombie)');
    expect(WIFEXITED(r.wait as number) && WEXITSTATUS(r.wait as number)).toBe(7);
    expect(r.afterWait).toBe(-ENOENT);
  });

  it('orphans are reparented to init, which reaps them', () => {
    const r: Record<string, unknown> = {};
    const shared: { grandchild?: number } = {};
    const run = runProgram(function* (sys): Program {
      const mid = yield* sys.fork(function* () {
        shared.grandchild = yield* sys.fork(function* () {
          yield* sys.nanosleep(100 * MS);
          return 0;
        });
        // a second grandchild that is already a zombie when mid exits
        yield* sys.fork(function* () {
          return 0;
        });
        yield* sys.nanosleep(20 * MS);
        return 0;
      });
      yield* sys.nanosleep(5 * MS);
      const g = shared.grandchild!;
      const before = yield* procStatus(sys, g);
      r.ppidBefore = typeof before === 'number' ? before : Number(before.get('PPid'));
      r.mid = mid;
      yield* waitOne(sys, mid);
      const after = yield* procStatus(sys, g);
      r.ppidAfter = typeof after === 'number' ? after : Number(after.get('PPid'));
      const stat = yield* procStat(sys, g);
      r.statPpid = typeof stat === 'number' ? stat : Number(stat[4]);
      yield* sys.nanosleep(200 * MS);
      r.gone = yield* readText(sys, `/proc/${g}/status`);
      // the zombie grandchild was reaped by init too: nothing of ours is left to wait for
      r.ourChildren = yield* sys.wait4(-1, WNOHANG);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.ppidBefore).toBe(r.mid);
    expect(r.ppidAfter).toBe(1);
    expect(r.statPpid).toBe(1);
    expect(r.gone).toBe(-ENOENT);
    expect(r.ourChildren).toBe(-ECHILD);
    // no zombie is left anywhere
    for (const [, pid] of run.m.k.initPidNs.pids) expect(pid.task ? run.m.k.isZombie(pid.task) : false).toBe(false);
  });

  it('PR_SET_CHILD_SUBREAPER makes the subreaper the new parent', () => {
    const r: Record<string, unknown> = {};
    const shared: { g?: number } = {};
    const run = runProgram(function* (sys): Program {
      r.prctl = yield* sys.prctl(PR_SET_CHILD_SUBREAPER, 1);
      r.self = yield* sys.getpid();
      const mid = yield* sys.fork(function* () {
        shared.g = yield* sys.fork(function* () {
          yield* sys.nanosleep(100 * MS);
          return 42;
        });
        return 0;
      });
      yield* waitOne(sys, mid);
      const st = yield* procStatus(sys, shared.g!);
      r.ppid = typeof st === 'number' ? st : Number(st.get('PPid'));
      const w = yield* waitOne(sys, -1);
      r.waited = typeof w === 'number' ? w : w.pid;
      r.status = typeof w === 'number' ? w : w.status;
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.prctl).toBe(0);
    expect(r.ppid).toBe(r.self);
    expect(r.waited).toBe(shared.g);
    expect(WEXITSTATUS(r.status as number)).toBe(42);
  });
});

// ------------------------------------------------------------------------------------------------
describe('signals', () => {
  it('handlers run; SigCgt/SigIgn/SigBlk/SigPnd/ShdPnd show the masks; unblocking delivers', () => {
    const r: Record<string, unknown> = {};
    const log: string[] = [];
    const run = runProgram(function* (sys): Program {
      const field = function* (k: string): Generator<never, string, unknown> {
        const st = (yield* procStatus(sys, 'self') as Generator<never, Map<string, string> | number, unknown>) as Map<string, string>;
        return st.get(k) ?? '?';
      };
      r.cgt0 = yield* field('SigCgt');
      r.ign0 = yield* field('SigIgn');
      r.blk0 = yield* field('SigBlk');
      yield* sys.sigaction(SIGUSR1, {
        handler: function* (sig) {
          log.push(`handler ${sig}`);
        },
      });
      yield* sys.sigaction(SIGUSR2, { handler: 'ignore' });
      r.cgt = yield* field('SigCgt');
      r.ign = yield* field('SigIgn');
      const self = yield* sys.getpid();
      yield* sys.kill(self, SIGUSR1);
      log.push('after kill');
      r.old = yield* sys.sigprocmask(SIG_BLOCK, bit(SIGINT) | bit(SIGUSR1));
      r.blk = yield* field('SigBlk');
      yield* sys.kill(self, SIGUSR1); // process-directed: shared pending
      r.shdPnd = yield* field('ShdPnd');
      r.sigPnd = yield* field('SigPnd');
      r.pending = yield* sys.sigpending();
      log.push('blocked');
      yield* sys.sigprocmask(SIG_UNBLOCK, bit(SIGUSR1));
      log.push('unblocked');
      const tid = yield* sys.gettid();
      yield* sys.sigprocmask(SIG_BLOCK, bit(SIGUSR1));
      yield* sys.tgkill(self, tid, SIGUSR1); // thread-directed: private pending
      r.sigPnd2 = yield* field('SigPnd');
      r.shdPnd2 = yield* field('ShdPnd');
      yield* sys.sigprocmask(SIG_UNBLOCK, bit(SIGUSR1));
      r.final = yield* field('SigPnd');
      // an ignored signal is discarded, not left pending
      yield* sys.kill(self, SIGUSR2);
      r.afterIgn = yield* sys.sigpending();
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.cgt0).toBe(hex(0));
    expect(r.ign0).toBe(hex(0));
    expect(r.blk0).toBe(hex(0));
    expect(r.cgt).toBe(hex(bit(SIGUSR1)));
    expect(r.cgt).toBe('0000000000000200');
    expect(r.ign).toBe('0000000000000800');
    expect(r.old).toBe(0);
    expect(r.blk).toBe(hex(bit(SIGINT) | bit(SIGUSR1)));
    expect(r.shdPnd).toBe(hex(bit(SIGUSR1)));
    expect(r.sigPnd).toBe(hex(0));
    expect(r.pending).toBe(bit(SIGUSR1));
    expect(r.sigPnd2).toBe(hex(bit(SIGUSR1)));
    expect(r.shdPnd2).toBe(hex(0));
    expect(r.final).toBe(hex(0));
    expect(r.afterIgn).toBe(0);
    expect(log).toEqual([`handler ${SIGUSR1}`, 'after kill', 'blocked', `handler ${SIGUSR1}`, 'unblocked', `handler ${SIGUSR1}`]);
  });

  it('nanosleep interrupted by a handled signal returns -EINTR early', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const [rd, wr] = (yield* sys.pipe()) as [number, number];
      const pid = yield* sys.fork(function* () {
        yield* sys.sigaction(SIGUSR1, { handler: function* () {}, flags: SA_RESTART });
        yield* sys.write(wr, 'x');
        const t0 = yield* monoNs(sys);
        r.sleep = yield* sys.nanosleep(10 * SEC);
        r.slept = (yield* monoNs(sys)) - t0;
        return 0;
      });
      yield* sys.read(rd, 1);
      yield* sys.nanosleep(100 * MS);
      yield* sys.kill(pid, SIGUSR1);
      yield* waitOne(sys, pid);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.sleep).toBe(-EINTR);
    expect(r.slept as number).toBeGreaterThanOrEqual(99 * MS);
    expect(r.slept as number).toBeLessThan(200 * MS);
  });

  it('rt_sigtimedwait takes blocked signals without running them; times out with EAGAIN; a handler interrupts it', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const [rd, wr] = (yield* sys.pipe()) as [number, number];
      const pid = yield* sys.fork(function* () {
        yield* sys.sigaction(SIGUSR2, { handler: function* () {} });
        yield* sys.sigprocmask(SIG_BLOCK, bit(SIGTERM) | bit(SIGUSR1) | bit(SIGCHLD));
        // already pending: taken at once, the lowest first, and no longer pending afterwards
        yield* sys.kill(yield* sys.getpid(), SIGUSR1);
        yield* sys.kill(yield* sys.getpid(), SIGCHLD);
        r.first = yield* sys.sigtimedwait(bit(SIGTERM) | bit(SIGUSR1) | bit(SIGCHLD), 0);
        r.second = yield* sys.sigtimedwait(bit(SIGTERM) | bit(SIGUSR1) | bit(SIGCHLD), 0);
        r.none = yield* sys.sigtimedwait(bit(SIGTERM) | bit(SIGUSR1) | bit(SIGCHLD), 0);
        let t0 = yield* monoNs(sys);
        r.timeout = yield* sys.sigtimedwait(bit(SIGTERM), 300 * MS);
        r.waited = (yield* monoNs(sys)) - t0;
        yield* sys.write(wr, 'x');
        // SIGTERM (blocked, default action: terminate) arrives from the parent while it sleeps
        r.term = yield* sys.sigtimedwait(bit(SIGTERM), -1);
        yield* sys.write(wr, 'y');
        t0 = yield* monoNs(sys);
        r.intr = yield* sys.sigtimedwait(bit(SIGTERM), 10 * SEC);
        r.intrAfter = (yield* monoNs(sys)) - t0;
        return 7;
      });
      yield* sys.read(rd, 1);
      yield* sys.nanosleep(100 * MS);
      const st = yield* procStatus(sys, pid);
      r.sleeping = typeof st === 'number' ? st : [st.get('State'), st.get('SigBlk')];
      r.wchan = yield* readText(sys, `/proc/${pid}/wchan`);
      yield* sys.kill(pid, SIGTERM);
      yield* sys.read(rd, 1);
      yield* sys.nanosleep(100 * MS);
      yield* sys.kill(pid, SIGUSR2);
      r.exit = status(yield* waitOne(sys, pid));
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect([r.first, r.second, r.none]).toEqual([SIGUSR1, SIGCHLD, -EAGAIN]);
    expect(r.timeout).toBe(-EAGAIN);
    expect(r.waited as number).toBeGreaterThanOrEqual(300 * MS);
    expect(r.waited as number).toBeLessThan(310 * MS);
    // asleep, the waited-for signal is out of the blocked mask, as do_sigtimedwait leaves it
    expect(r.sleeping).toEqual(['S (sleeping)', hex(bit(SIGUSR1) | bit(SIGCHLD))]);
    expect(r.wchan).toBe('do_sigtimedwait');
    expect(r.term).toBe(SIGTERM);
    expect(r.intr).toBe(-EINTR);
    expect(r.intrAfter as number).toBeLessThan(200 * MS);
    expect(WIFEXITED(r.exit as number) && WEXITSTATUS(r.exit as number)).toBe(7);
  });

  it('SIGKILL and SIGSTOP cannot be caught or ignored', () => {
    const r: number[] = [];
    const run = runProgram(function* (sys): Program {
      for (const sig of [SIGKILL, SIGSTOP]) {
        r.push((yield* sys.sigaction(sig, { handler: function* () {} })) as number);
        r.push((yield* sys.sigaction(sig, { handler: 'ignore' })) as number);
      }
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r).toEqual([-EINVAL, -EINVAL, -EINVAL, -EINVAL]);
  });

  it('SIGSTOP shows T in /proc, SIGCONT resumes', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const pid = yield* sys.fork(function* () {
        for (;;) yield* sys.nanosleep(SEC);
      });
      yield* sys.nanosleep(10 * MS);
      const s0 = yield* procStatus(sys, pid);
      r.before = typeof s0 === 'number' ? s0 : s0.get('State');
      yield* sys.kill(pid, SIGSTOP);
      yield* sys.nanosleep(10 * MS);
      const s1 = yield* procStatus(sys, pid);
      r.stopped = typeof s1 === 'number' ? s1 : s1.get('State');
      const st = yield* procStat(sys, pid);
      r.statStopped = typeof st === 'number' ? st : st[3];
      yield* sys.kill(pid, SIGCONT);
      yield* sys.nanosleep(10 * MS);
      const s2 = yield* procStatus(sys, pid);
      r.after = typeof s2 === 'number' ? s2 : s2.get('State');
      yield* sys.kill(pid, SIGKILL);
      yield* waitOne(sys, pid);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.before).toBe('S (sleeping)');
    expect(r.stopped).toBe('T (stopped)');
    expect(r.statStopped).toBe('T');
    expect(r.after).toBe('S (sleeping)');
  });

  it('init ignores SIGTERM and SIGKILL sent from its own namespace', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      r.term = yield* sys.kill(1, SIGTERM);
      r.kill = yield* sys.kill(1, SIGKILL);
      yield* sys.nanosleep(50 * MS);
      const st = yield* procStatus(sys, 1);
      r.state = typeof st === 'number' ? st : st.get('State');
      r.shd = typeof st === 'number' ? st : st.get('ShdPnd');
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.term).toBe(0);
    expect(r.kill).toBe(0);
    expect(r.state).toBe('S (sleeping)');
    expect(r.shd).toBe(hex(0));
    expect(run.m.k.panicked).toBeNull();
    expect(run.m.k.init!.alive).toBe(true);
  });

  it('SIGCHLD reaches the parent when a child exits', () => {
    const got: number[] = [];
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      yield* sys.sigaction(SIGCHLD, {
        handler: function* (sig) {
          got.push(sig);
        },
      });
      const pid = yield* sys.fork(function* () {
        yield* sys.nanosleep(10 * MS);
        return 0;
      });
      r.pause = yield* sys.pause();
      r.wait = (yield* waitOne(sys, pid)) !== -ECHILD;
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(got).toEqual([SIGCHLD]);
    expect(r.pause).toBe(-EINTR);
    expect(r.wait).toBe(true);
  });

  for (const restart of [true, false]) {
    it(`a pipe read interrupted by a handler ${restart ? 'restarts with SA_RESTART' : 'fails with EINTR without SA_RESTART'}`, () => {
      const r: Record<string, unknown> = {};
      const log: string[] = [];
      const run = runProgram(function* (sys): Program {
        const [rd, wr] = (yield* sys.pipe()) as [number, number];
        const pid = yield* sys.fork(function* () {
          yield* sys.close(wr);
          yield* sys.sigaction(SIGUSR1, {
            handler: function* () {
              log.push('handler');
            },
            flags: restart ? SA_RESTART : 0,
          });
          const got = yield* sys.read(rd, 100);
          r.read = typeof got === 'number' ? got : new TextDecoder().decode(got);
          log.push('read returned');
          return 0;
        });
        yield* sys.close(rd);
        yield* sys.nanosleep(50 * MS);
        const st = yield* procStatus(sys, pid);
        r.blockedState = typeof st === 'number' ? st : st.get('State');
        yield* sys.kill(pid, SIGUSR1);
        yield* sys.nanosleep(50 * MS);
        yield* sys.write(wr, 'hello');
        yield* waitOne(sys, pid);
        return 0;
      });
      expect(run.crashes).toEqual([]);
      expect(r.blockedState).toBe('S (sleeping)');
      expect(log).toEqual(['handler', 'read returned']);
      expect(r.read).toBe(restart ? 'hello' : -EINTR);
    });
  }

  it('SIGTERM with the default action kills a task blocked in a pipe read', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const [rd, wr] = (yield* sys.pipe()) as [number, number];
      const pid = yield* sys.fork(function* () {
        yield* sys.read(rd, 1);
        return 0;
      });
      yield* sys.nanosleep(20 * MS);
      yield* sys.kill(pid, SIGTERM);
      const w = yield* waitOne(sys, pid);
      r.status = status(w);
      void wr;
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(WIFSIGNALED(r.status as number) && WTERMSIG(r.status as number)).toBe(SIGTERM);
  });

  it('a blocked SIGTERM stays pending while the task sleeps in read, and kills it when unblocked', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const [rd, wr] = (yield* sys.pipe()) as [number, number];
      const pid = yield* sys.fork(function* () {
        yield* sys.sigprocmask(SIG_BLOCK, bit(SIGTERM));
        yield* sys.read(rd, 1); // woken by the parent's byte, then unblocks
        yield* sys.sigprocmask(SIG_UNBLOCK, bit(SIGTERM));
        r.survived = true;
        return 0;
      });
      yield* sys.nanosleep(20 * MS);
      yield* sys.kill(pid, SIGTERM);
      yield* sys.nanosleep(20 * MS);
      const st = yield* procStatus(sys, pid);
      r.state = typeof st === 'number' ? st : st.get('State');
      r.shd = typeof st === 'number' ? st : st.get('ShdPnd');
      yield* sys.write(wr, 'x');
      r.status = status(yield* waitOne(sys, pid));
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.state).toBe('S (sleeping)');
    expect(r.shd).toBe(hex(bit(SIGTERM)));
    expect(r.survived).toBeUndefined();
    expect(WTERMSIG(r.status as number)).toBe(SIGTERM);
  });
});

// ------------------------------------------------------------------------------------------------
describe('pipes', () => {
  it('read returns 0 (EOF) only when the last writer closes', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const [rd, wr] = (yield* sys.pipe(O_NONBLOCK)) as [number, number];
      const wr2 = yield* sys.dup(wr);
      yield* sys.write(wr, 'abc');
      yield* sys.close(wr);
      const a = yield* sys.read(rd, 10);
      r.data = typeof a === 'number' ? a : new TextDecoder().decode(a);
      r.stillWriter = yield* sys.read(rd, 10);
      yield* sys.close(wr2);
      const e = yield* sys.read(rd, 10);
      r.eof = typeof e === 'number' ? e : e.length;
      // blocking: a child writes then exits; the parent sees the data and then EOF
      const [rd2, wr3] = (yield* sys.pipe()) as [number, number];
      const pid = yield* sys.fork(function* () {
        yield* sys.nanosleep(10 * MS);
        yield* sys.write(wr3, 'from child');
        return 0;
      });
      yield* sys.close(wr3);
      const b = yield* sys.read(rd2, 100);
      r.child = typeof b === 'number' ? b : new TextDecoder().decode(b);
      const c = yield* sys.read(rd2, 100);
      r.eof2 = typeof c === 'number' ? c : c.length;
      yield* waitOne(sys, pid);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.data).toBe('abc');
    expect(r.stillWriter).toBe(-EAGAIN);
    expect(r.eof).toBe(0);
    expect(r.child).toBe('from child');
    expect(r.eof2).toBe(0);
  });

  it('writing with no reader kills with SIGPIPE, or fails with EPIPE when SIGPIPE is ignored', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const [rd, wr] = (yield* sys.pipe()) as [number, number];
      yield* sys.close(rd);
      let pid = yield* sys.fork(function* () {
        yield* sys.write(wr, 'x');
        r.survived = true;
        return 0;
      });
      r.sigpipe = status(yield* waitOne(sys, pid));
      pid = yield* sys.fork(function* () {
        yield* sys.sigaction(SIGPIPE, { handler: 'ignore' });
        r.write = yield* sys.write(wr, 'x');
        return 0;
      });
      r.ignored = status(yield* waitOne(sys, pid));
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.survived).toBeUndefined();
    expect(WIFSIGNALED(r.sigpipe as number) && WTERMSIG(r.sigpipe as number)).toBe(SIGPIPE);
    expect(r.write).toBe(-EPIPE);
    expect(WIFEXITED(r.ignored as number) && WEXITSTATUS(r.ignored as number)).toBe(0);
  });

  it('a writer blocks once 64 KiB are buffered and resumes when the reader drains', () => {
    const r: Record<string, unknown> = {};
    const log: string[] = [];
    const run = runProgram(function* (sys): Program {
      const [rd, wr] = (yield* sys.pipe()) as [number, number];
      const pid = yield* sys.fork(function* () {
        r.first = yield* sys.write(wr, new Uint8Array(65536).fill(97));
        log.push('first write done');
        r.second = yield* sys.write(wr, 'b');
        log.push('second write done');
        return 0;
      });
      yield* sys.close(wr);
      yield* sys.nanosleep(50 * MS);
      const st = yield* procStatus(sys, pid);
      r.state = typeof st === 'number' ? st : st.get('State');
      log.push('reader reads');
      let total = 0;
      for (;;) {
        const d = yield* sys.read(rd, 4096);
        if (typeof d === 'number' || d.length === 0) break;
        total += d.length;
      }
      r.total = total;
      yield* waitOne(sys, pid);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.first).toBe(65536);
    expect(r.state).toBe('S (sleeping)');
    expect(log).toEqual(['first write done', 'reader reads', 'second write done']);
    expect(r.second).toBe(1);
    expect(r.total).toBe(65537);
  });
});

// ------------------------------------------------------------------------------------------------
describe('scheduler', () => {
  /** Fork `nices.length` burners, let them run `ns`, return each one's utime share of that time. */
  function burnShares(cpus: number, nices: number[], ns: number): { shares: number[]; crashes: string[] } {
    const shares: number[] = [];
    const run = runProgram(
      function* (sys): Program {
        const pids: number[] = [];
        const t0 = yield* monoNs(sys);
        for (const n of nices) {
          pids.push(
            yield* sys.fork(function* () {
              if (n !== 0) yield* sys.setpriority(PRIO_PROCESS, 0, n);
              yield* burner(sys);
              return 0;
            }),
          );
        }
        yield* sleepFully(sys, ns);
        const elapsedTicks = ((yield* monoNs(sys)) - t0) / (SEC / 100);
        for (const pid of pids) {
          const f = (yield* procStat(sys, pid)) as string[];
          shares.push(Number(f[14]) / elapsedTicks);
        }
        for (const pid of pids) yield* sys.kill(pid, SIGKILL);
        for (const pid of pids) yield* waitOne(sys, pid);
        return 0;
      },
      { cpus },
    );
    return { shares, crashes: run.crashes };
  }

  it('two burners on one CPU get about half each', () => {
    const { shares, crashes } = burnShares(1, [0, 0], 10 * SEC);
    expect(crashes).toEqual([]);
    for (const s of shares) expect(Math.abs(s - 0.5)).toBeLessThanOrEqual(0.05);
  });

  it('nice 0 vs nice 10 on one CPU split by weight (1024:110)', () => {
    const { shares, crashes } = burnShares(1, [0, 10], 10 * SEC);
    expect(crashes).toEqual([]);
    const w0 = 1024 / (1024 + 110);
    expect(Math.abs(shares[0]! - w0)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(shares[1]! - (1 - w0))).toBeLessThanOrEqual(0.05);
  });

  it('two burners on two CPUs get a whole CPU each', () => {
    const { shares, crashes } = burnShares(2, [0, 0], 10 * SEC);
    expect(crashes).toEqual([]);
    for (const s of shares) expect(s).toBeGreaterThanOrEqual(0.95);
  });

  it('busy loops on every CPU do not starve the shell', async () => {
    const run = runWith([testProgram('burn', (sys) => burner(sys))], 'burn &\nburn &\necho shell-still-here\n', {
      cpus: 2,
      maxVirtualSeconds: 60,
    });
    expect(run.crashes).toEqual([]);
    expect(run.timedOut).toBe(false);
    expect(rawOutput(run.output)).toContain('shell-still-here\r\n');
  });

  it('/proc/loadavg follows calc_load exactly with two burners; /proc/stat user ticks add up', () => {
    // calc_load() from kernel/sched/loadavg.c, written out again here
    const FSHIFT = 11;
    const FIXED_1 = 1 << FSHIFT;
    const calc = (load: number, exp: number, active: number): number => {
      let n = load * exp + active * (FIXED_1 - exp);
      if (active >= load) n += FIXED_1 - 1;
      return Math.floor(n / FIXED_1);
    };
    const text = (x: number): string => {
      const v = x + Math.floor(FIXED_1 / 200);
      return `${v >> FSHIFT}.${String(((v & (FIXED_1 - 1)) * 100) >> FSHIFT).padStart(2, '0')}`;
    };
    const LOAD_FREQ = 5 * SEC + SEC / 250; // 5*HZ+1 ticks, HZ=250
    const r: Record<string, unknown> = {};
    const run = runProgram(
      function* (sys): Program {
        r.t0 = yield* monoNs(sys);
        r.stat0 = yield* readText(sys, '/proc/stat');
        const pids: number[] = [];
        for (let i = 0; i < 2; i++) pids.push(yield* sys.fork(() => burner(sys)));
        yield* sleepFully(sys, 60 * SEC);
        r.t1 = yield* monoNs(sys);
        r.loadavg = yield* readText(sys, '/proc/loadavg');
        r.stat1 = yield* readText(sys, '/proc/stat');
        r.utimes = [];
        for (const pid of pids) (r.utimes as number[]).push(Number(((yield* procStat(sys, pid)) as string[])[14]));
        for (const pid of pids) yield* sys.kill(pid, SIGKILL);
        for (const pid of pids) yield* waitOne(sys, pid);
        return 0;
      },
      { cpus: 2 },
    );
    expect(run.crashes).toEqual([]);
    const t0 = r.t0 as number;
    const t1 = r.t1 as number;
    let a1 = 0;
    let a5 = 0;
    let a15 = 0;
    for (let t = LOAD_FREQ; t < t1; t += LOAD_FREQ) {
      const active = t > t0 ? 2 * FIXED_1 : 0;
      a1 = calc(a1, 1884, active);
      a5 = calc(a5, 2014, active);
      a15 = calc(a15, 2037, active);
    }
    const fields = (r.loadavg as string).split(' ');
    expect(fields.slice(0, 3)).toEqual([text(a1), text(a5), text(a15)]);
    expect(Number(fields[0])).toBeGreaterThan(1.0);
    expect(Number(fields[0])).toBeLessThan(2.0);
    // /proc/stat: the cpu line is the sum of the cpuN lines; user ticks grew by the burners' utime
    const cpuRows = (s: string): number[][] =>
      s
        .split('\n')
        .filter((l) => l.startsWith('cpu'))
        .map((l) => l.split(/\s+/).slice(1).map(Number));
    const s0 = cpuRows(r.stat0 as string);
    const s1 = cpuRows(r.stat1 as string);
    expect(s1.length).toBe(3);
    for (let i = 0; i < s1[0]!.length; i++) expect(s1[0]![i]).toBe(s1[1]![i]! + s1[2]![i]!);
    const userDelta = s1[0]![0]! - s0[0]![0]!;
    const burned = (r.utimes as number[]).reduce((a, b) => a + b, 0);
    expect(Math.abs(userDelta - burned)).toBeLessThanOrEqual(4);
    expect(burned).toBeGreaterThanOrEqual(2 * 60 * 100 * 0.97);
    // every CPU's user+nice+system+idle covers the time since boot
    const uptimeTicks = Math.floor(t1 / (SEC / 100));
    for (const row of s1.slice(1)) expect(Math.abs(row[0]! + row[1]! + row[2]! + row[3]! - uptimeTicks)).toBeLessThanOrEqual(3);
  });
});

// ------------------------------------------------------------------------------------------------
describe('pids', () => {
  it('allocation wraps at pid_max back to 300 and never reuses a live pid', () => {
    const r: Record<string, unknown> = {};
    const seen: number[] = [];
    const run = runProgram(function* (sys): Program {
      r.bad = yield* writeText(sys, '/proc/sys/kernel/pid_max', '100\n');
      r.still = yield* readText(sys, '/proc/sys/kernel/pid_max');
      r.ok = yield* writeText(sys, '/proc/sys/kernel/pid_max', '400\n');
      r.now = yield* readText(sys, '/proc/sys/kernel/pid_max');
      // keep a few children alive across the wrap: their pids must not be handed out again
      const live: number[] = [];
      for (let i = 0; i < 3; i++) {
        live.push(
          yield* sys.fork(function* () {
            for (;;) yield* sys.pause();
          }),
        );
      }
      r.live = live;
      let wrapped = -1;
      for (let i = 0; i < 600 && (wrapped < 0 || i < wrapped + 20); i++) {
        const pid = yield* sys.fork(function* () {
          const me = yield* sys.getpid();
          // 300 and 301 stay alive across the wrap
          if (me === 300 || me === 301) for (;;) yield* sys.pause();
          return 0;
        });
        seen.push(pid);
        if (pid < 0) break;
        if (wrapped < 0 && i > 0 && pid < seen[i - 1]!) wrapped = i;
        if (pid === 300 || pid === 301) live.push(pid);
        else yield* waitOne(sys, pid);
      }
      for (const p of live) yield* sys.kill(p, SIGKILL);
      for (const p of live) yield* waitOne(sys, p);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.bad).toBe(-EINVAL);
    expect(r.still).toBe('32768\n');
    expect(r.ok).toBe(4);
    expect(r.now).toBe('400\n');
    const live = r.live as number[];
    expect(live.slice(3)).toEqual([300, 301]);
    expect(seen.every((p) => p > 0 && p < 400)).toBe(true);
    for (const p of live.slice(0, 3)) expect(seen).not.toContain(p);
    expect(seen.filter((p) => p === 300 || p === 301)).toEqual([300, 301]);
    const wrapAt = seen.findIndex((p, i) => i > 0 && p < seen[i - 1]!);
    expect(wrapAt).toBeGreaterThan(0);
    expect(seen[wrapAt - 1]).toBe(399);
    expect(seen[wrapAt]).toBeGreaterThanOrEqual(300);
    // numbers below 300 are never handed out again after the wrap
    expect(seen.slice(wrapAt).every((p) => p >= 300)).toBe(true);
    // the first pid after the wrap is the first free one from 300 (300 and 301 are still alive)
    expect(seen[wrapAt]).toBe(302);
    expect(new Set(seen.slice(wrapAt)).size).toBe(seen.length - wrapAt);
  });
});

// ------------------------------------------------------------------------------------------------
describe('more signal semantics', () => {
  it('SIGKILL ends a stopped process; SIGTERM to a stopped process waits for SIGCONT', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const pauser = function* (): Program {
        for (;;) yield* sys.pause();
      };
      let pid = yield* sys.fork(pauser);
      yield* sys.kill(pid, SIGSTOP);
      yield* sys.nanosleep(10 * MS);
      yield* sys.kill(pid, SIGKILL);
      r.killedStopped = status(yield* waitOne(sys, pid));

      pid = yield* sys.fork(pauser);
      yield* sys.kill(pid, SIGSTOP);
      yield* sys.nanosleep(10 * MS);
      yield* sys.kill(pid, SIGTERM);
      yield* sys.nanosleep(10 * MS);
      const st = yield* procStatus(sys, pid);
      r.state = typeof st === 'number' ? st : st.get('State');
      r.shd = typeof st === 'number' ? st : st.get('ShdPnd');
      r.nohang = yield* sys.wait4(pid, WNOHANG);
      yield* sys.kill(pid, SIGCONT);
      r.termed = status(yield* waitOne(sys, pid));
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.killedStopped).toBe(SIGKILL);
    expect(r.state).toBe('T (stopped)');
    expect(r.shd).toBe(hex(bit(SIGTERM)));
    expect(r.nohang).toBe(0);
    expect(r.termed).toBe(SIGTERM);
  });

  it('a nanosleep stopped and continued (no handler) completes with 0', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const pid = yield* sys.fork(function* () {
        const t0 = yield* monoNs(sys);
        r.sleep = yield* sys.nanosleep(SEC);
        r.slept = (yield* monoNs(sys)) - t0;
        return 0;
      });
      yield* sys.nanosleep(100 * MS);
      yield* sys.kill(pid, SIGSTOP);
      yield* sys.nanosleep(400 * MS);
      yield* sys.kill(pid, SIGCONT);
      yield* waitOne(sys, pid);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.sleep).toBe(0);
    expect(r.slept as number).toBeGreaterThanOrEqual(SEC);
    expect(r.slept as number).toBeLessThan(SEC + 50 * MS);
  });

  it('children of a parent that ignores SIGCHLD are reaped at once; wait4 then fails with ECHILD', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      yield* sys.sigaction(SIGCHLD, { handler: 'ignore' });
      const pid = yield* sys.fork(function* () {
        yield* sys.nanosleep(50 * MS);
        return 0;
      });
      const t0 = yield* monoNs(sys);
      r.wait = yield* sys.wait4(-1, 0);
      r.waited = (yield* monoNs(sys)) - t0;
      r.proc = yield* readText(sys, `/proc/${pid}/status`);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.wait).toBe(-ECHILD);
    // Linux: wait4 blocks until the last child is gone, then ECHILD
    expect(r.waited as number).toBeGreaterThanOrEqual(45 * MS);
    expect(r.proc).toBe(-ENOENT);
  });

  it('SA_RESETHAND runs the handler once; alarm() delivers SIGALRM', () => {
    const r: Record<string, unknown> = {};
    const calls: number[] = [];
    const run = runProgram(function* (sys): Program {
      let pid = yield* sys.fork(function* () {
        yield* sys.sigaction(SIGUSR1, {
          handler: function* (s) {
            calls.push(s);
          },
          flags: 0x80000000,
        });
        for (;;) yield* sys.pause();
      });
      yield* sys.nanosleep(10 * MS);
      yield* sys.kill(pid, SIGUSR1);
      yield* sys.nanosleep(10 * MS);
      yield* sys.kill(pid, SIGUSR1);
      r.resethand = status(yield* waitOne(sys, pid));
      pid = yield* sys.fork(function* () {
        yield* sys.alarm(1);
        for (;;) yield* sys.pause();
      });
      const t0 = yield* monoNs(sys);
      r.alarm = status(yield* waitOne(sys, pid));
      r.alarmAfter = (yield* monoNs(sys)) - t0;
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(calls).toEqual([SIGUSR1]);
    expect(r.resethand).toBe(SIGUSR1);
    expect(r.alarm).toBe(14);
    expect(Math.abs((r.alarmAfter as number) - SEC)).toBeLessThan(10 * MS);
  });

  it('fork inherits handlers and the mask but not pending signals; exec resets handlers, keeps ignores and the mask', () => {
    const seen: Array<Record<string, string>> = [];
    const grab = function* (sys: Sys, who: string): Generator<never, void, unknown> {
      const st = (yield* procStatus(sys, 'self') as Generator<never, Map<string, string> | number, unknown>) as Map<string, string>;
      seen.push({ who, cgt: st.get('SigCgt')!, ign: st.get('SigIgn')!, blk: st.get('SigBlk')!, pnd: st.get('SigPnd')!, shd: st.get('ShdPnd')! });
    };
    const main = function* (sys: Sys): Program {
      yield* sys.sigaction(SIGUSR1, { handler: function* () {} });
      yield* sys.sigaction(SIGUSR2, { handler: 'ignore' });
      yield* sys.sigprocmask(SIG_BLOCK, bit(SIGINT) | bit(SIGTERM));
      const self = yield* sys.getpid();
      yield* sys.kill(self, SIGTERM); // pending (blocked)
      yield* grab(sys, 'parent');
      const pid = yield* sys.fork(function* () {
        yield* grab(sys, 'child');
        yield* sys.execve('/usr/bin/ktest-status', ['ktest-status'], []);
        return 99;
      });
      yield* sys.wait4(pid, 0);
      yield* sys.sigaction(SIGTERM, { handler: 'ignore' }); // discard the pending TERM before exit
      return 0;
    };
    const run = runWith(
      [testProgram('ktest', main), testProgram('ktest-status', (sys) => (function* (): Program { yield* grab(sys, 'exec'); return 0; })())],
      'ktest\n',
    );
    expect(run.crashes).toEqual([]);
    const blk = hex(bit(SIGINT) | bit(SIGTERM));
    expect(seen).toEqual([
      { who: 'parent', cgt: hex(bit(SIGUSR1)), ign: hex(bit(SIGUSR2)), blk, pnd: hex(0), shd: hex(bit(SIGTERM)) },
      { who: 'child', cgt: hex(bit(SIGUSR1)), ign: hex(bit(SIGUSR2)), blk, pnd: hex(0), shd: hex(0) },
      { who: 'exec', cgt: hex(0), ign: hex(bit(SIGUSR2)), blk, pnd: hex(0), shd: hex(0) },
    ]);
  });

  it('a vfork parent shows D until the child exits, and SIGKILL still kills it', () => {
    const r: Record<string, unknown> = {};
    const shared: { p?: number } = {};
    const run = runProgram(function* (sys): Program {
      const p = yield* sys.fork(function* () {
        yield* sys.clone(0x4000 | 0x100 | SIGCHLD, function* () {
          yield* sys.nanosleep(10 * SEC);
          return 0;
        });
        r.vforkReturned = true;
        return 0;
      });
      shared.p = p;
      yield* sys.nanosleep(50 * MS);
      const st = yield* procStatus(sys, p);
      r.state = typeof st === 'number' ? st : st.get('State');
      yield* sys.kill(p, SIGKILL);
      r.status = status(yield* waitOne(sys, p));
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.state).toBe('D (disk sleep)');
    expect(r.status).toBe(SIGKILL);
    expect(r.vforkReturned).toBeUndefined();
  });

  it('kill(-pgid) signals the whole process group; kill on a missing pid is ESRCH; signal 0 probes', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const pauser = function* (): Program {
        for (;;) yield* sys.pause();
      };
      const a = yield* sys.fork(pauser);
      yield* sys.setpgid(a, a);
      const b = yield* sys.fork(pauser);
      r.setpgid = yield* sys.setpgid(b, a);
      r.pgidB = yield* sys.getpgid(b);
      r.probe = yield* sys.kill(b, 0);
      r.killGroup = yield* sys.kill(-a, SIGTERM);
      r.sa = status(yield* waitOne(sys, a));
      r.sb = status(yield* waitOne(sys, b));
      r.esrch = yield* sys.kill(a, 0);
      r.esrchGroup = yield* sys.kill(-a, SIGTERM);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r).toEqual({ setpgid: 0, pgidB: r.pgidB, probe: 0, killGroup: 0, sa: SIGTERM, sb: SIGTERM, esrch: -3, esrchGroup: -3 });
    expect(r.pgidB).toBeGreaterThan(0);
  });

  it('a stopped process group that becomes orphaned gets SIGHUP and SIGCONT', () => {
    const got: string[] = [];
    const shared: { c?: number } = {};
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const p = yield* sys.fork(function* () {
        yield* sys.setpgid(0, 0);
        shared.c = yield* sys.fork(function* () {
          yield* sys.sigaction(1, {
            handler: function* (s) {
              got.push(`hup ${s}`);
            },
          });
          yield* sys.sigaction(SIGCONT, {
            handler: function* (s) {
              got.push(`cont ${s}`);
            },
          });
          const me = yield* sys.getpid();
          yield* sys.kill(me, SIGSTOP);
          got.push('resumed');
          return 0;
        });
        yield* sys.nanosleep(50 * MS);
        return 0; // the child's group is orphaned now
      });
      yield* sys.nanosleep(20 * MS);
      const st = yield* procStatus(sys, shared.c!);
      r.before = typeof st === 'number' ? st : st.get('State');
      yield* waitOne(sys, p);
      yield* sys.nanosleep(50 * MS);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.before).toBe('T (stopped)');
    expect(got).toEqual(['hup 1', 'cont 18', 'resumed']);
  });

  it('a handler runs in the middle of a CPU burst and the burst goes on afterwards', () => {
    const r: Record<string, unknown> = {};
    const calls: number[] = [];
    const run = runProgram(
      function* (sys): Program {
        const pid = yield* sys.fork(function* () {
          yield* sys.sigaction(SIGUSR1, {
            handler: function* (s) {
              calls.push(s);
            },
          });
          const t0 = yield* monoNs(sys);
          r.compute = yield* sys.compute(2 * SEC);
          r.took = (yield* monoNs(sys)) - t0;
          const ru = yield* sys.getrusage(0);
          r.utime = ru.utimeNs;
          return 0;
        });
        yield* sys.nanosleep(500 * MS);
        yield* sys.kill(pid, SIGUSR1);
        yield* waitOne(sys, pid);
        return 0;
      },
      { cpus: 1 },
    );
    expect(run.crashes).toEqual([]);
    expect(calls).toEqual([SIGUSR1]);
    expect(r.compute).toBe(0);
    expect(r.utime as number).toBeGreaterThanOrEqual(2 * SEC);
    expect(r.utime as number).toBeLessThan(2 * SEC + 20 * MS);
    expect(r.took as number).toBeLessThan(2 * SEC + 50 * MS);
  });
});

// ------------------------------------------------------------------------------------------------
describe('more process and pipe semantics', () => {
  // KERNEL BUG: a blocking write() of more than 64 KiB to a pipe returns after the first 64 KiB
  // (a short write). Linux's pipe_write keeps waiting for room until every byte is written
  // (POSIX: a blocking write to a pipe returns nbyte on normal completion).
  it('a blocking pipe write larger than the pipe returns only when all of it is written', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const [rd, wr] = (yield* sys.pipe()) as [number, number];
      const pid = yield* sys.fork(function* () {
        yield* sys.close(rd);
        r.write = yield* sys.write(wr, new Uint8Array(200_000).fill(120));
        return 0;
      });
      yield* sys.close(wr);
      let total = 0;
      for (;;) {
        const d = yield* sys.read(rd, 65536);
        if (typeof d === 'number' || d.length === 0) break;
        total += d.length;
      }
      r.total = total;
      yield* waitOne(sys, pid);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.write).toBe(200_000);
    expect(r.total).toBe(200_000);
  });

  it('exit statuses are taken modulo 256', () => {
    const got: number[] = [];
    const run = runProgram(function* (sys): Program {
      for (const code of [0, 1, 255, 256, 300, -1]) {
        const pid = yield* sys.fork(function* () {
          yield* sys.exit(code);
          return 0;
        });
        got.push(WEXITSTATUS(status(yield* waitOne(sys, pid))));
      }
      const pid = yield* sys.fork(function* () {
        return 300;
      });
      got.push(WEXITSTATUS(status(yield* waitOne(sys, pid))));
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(got).toEqual([0, 1, 255, 0, 44, 255, 44]);
  });

  it('O_CLOEXEC descriptors are closed by execve, others survive it', () => {
    const seen: string[][] = [];
    const lister = function* (sys: Sys): Program {
      const out: string[] = [];
      for (let fd = 0; fd < 10; fd++) {
        const l = yield* sys.readlink(`/proc/self/fd/${fd}`);
        if (typeof l === 'string') out.push(`${fd}:${l.startsWith('pipe:') ? 'pipe' : l}`);
      }
      seen.push(out);
      return 0;
    };
    const main = function* (sys: Sys): Program {
      yield* sys.pipe(0o2000000); // 3, 4 close-on-exec
      yield* sys.pipe(); // 5, 6 inherited
      const pid = yield* sys.fork(function* () {
        yield* sys.execve('/usr/bin/ktest-fds', ['ktest-fds'], []);
        return 99;
      });
      yield* sys.wait4(pid, 0);
      return 0;
    };
    const run = runWith([testProgram('ktest', main), testProgram('ktest-fds', lister)], 'ktest\n');
    expect(run.crashes).toEqual([]);
    expect(seen).toEqual([['0:/dev/console', '1:/dev/console', '2:/dev/console', '5:pipe', '6:pipe']]);
  });

  it('getppid of an orphan is 1; a waited child\'s CPU time shows in cutime', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const shared: { ppids: number[] } = { ppids: [] };
      const mid = yield* sys.fork(function* () {
        yield* sys.fork(function* () {
          shared.ppids.push(yield* sys.getppid());
          yield* sys.nanosleep(50 * MS);
          shared.ppids.push(yield* sys.getppid());
          return 0;
        });
        yield* sys.nanosleep(10 * MS);
        return 0;
      });
      yield* waitOne(sys, mid);
      yield* sys.nanosleep(100 * MS);
      r.ppids = [shared.ppids[0] === mid, shared.ppids[1]];
      const burner1 = yield* sys.fork(function* () {
        yield* sys.compute(SEC);
        return 0;
      });
      yield* waitOne(sys, burner1);
      const f = (yield* procStat(sys, 'self')) as string[];
      r.cutime = Number(f[16]);
      const tms = yield* sys.times();
      r.tmsCutime = tms.cutime;
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.ppids).toEqual([true, 1]);
    expect(r.cutime).toBeGreaterThanOrEqual(100);
    expect(r.cutime).toBeLessThanOrEqual(101);
    expect(r.tmsCutime).toBe(r.cutime);
  });

  it('a waking sleeper preempts a CPU burner at once (wakeup preemption)', () => {
    const lat: number[] = [];
    const run = runProgram(
      function* (sys): Program {
        const b = yield* sys.fork(() => burner(sys, 100 * MS));
        yield* sys.nanosleep(200 * MS);
        for (let i = 0; i < 50; i++) {
          const t0 = yield* monoNs(sys);
          yield* sys.nanosleep(10 * MS);
          lat.push((yield* monoNs(sys)) - t0 - 10 * MS);
        }
        yield* sys.kill(b, SIGKILL);
        yield* waitOne(sys, b);
        return 0;
      },
      { cpus: 1 },
    );
    expect(run.crashes).toEqual([]);
    expect(lat.length).toBe(50);
    expect(Math.max(...lat)).toBeLessThan(1 * MS);
  });
});

// ------------------------------------------------------------------------------------------------
describe('threads', () => {
  const THREAD = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000; // CLONE_VM|FS|FILES|SIGHAND|THREAD

  it('/proc lists the process once, /proc/PID/task lists its threads; a fatal signal ends them all', () => {
    const r: Record<string, unknown> = {};
    const ids: Array<[number, number]> = [];
    const run = runProgram(function* (sys): Program {
      const [rd, wr] = (yield* sys.pipe()) as [number, number];
      const p = yield* sys.fork(function* () {
        const thread = function* (): Program {
          ids.push([yield* sys.getpid(), yield* sys.gettid()]);
          for (;;) yield* sys.pause();
        };
        yield* sys.clone(THREAD, thread);
        yield* sys.clone(THREAD, thread);
        yield* sys.nanosleep(10 * MS);
        yield* sys.write(wr, 'x');
        for (;;) yield* sys.pause();
      });
      yield* sys.read(rd, 1);
      const st = yield* procStatus(sys, p);
      r.threads = typeof st === 'number' ? st : st.get('Threads');
      const tids = ids.map(([, tid]) => tid);
      r.sameTgid = ids.every(([pid]) => pid === p);
      // numeric entries of /proc
      const dfd = (yield* sys.open('/proc', 0o200000)) as number;
      const ents = (yield* sys.getdents(dfd)) as Array<{ name: string }>;
      yield* sys.close(dfd);
      const names = ents.map((e) => e.name);
      r.procHasP = names.includes(String(p));
      r.procHasThreads = tids.some((t) => names.includes(String(t)));
      const tfd = (yield* sys.open(`/proc/${p}/task`, 0o200000)) as number;
      const tents = (yield* sys.getdents(tfd)) as Array<{ name: string }>;
      yield* sys.close(tfd);
      r.task = tents.map((e) => e.name).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
      r.expectTask = [p, ...tids].sort((a, b) => a - b);
      const ts = yield* procStatus(sys, tids[0]!);
      r.threadStatus = typeof ts === 'number' ? ts : [ts.get('Tgid'), ts.get('Pid')];
      r.expectThreadStatus = [String(p), String(tids[0])];
      yield* sys.kill(p, SIGTERM);
      r.status = status(yield* waitOne(sys, p));
      r.threadGone = yield* readText(sys, `/proc/${tids[0]}/status`);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(ids.length).toBe(2);
    expect(r.threads).toBe('3');
    expect(r.sameTgid).toBe(true);
    expect(r.procHasP).toBe(true);
    expect(r.procHasThreads).toBe(false);
    expect(r.task).toEqual(r.expectTask);
    expect(r.threadStatus).toEqual(r.expectThreadStatus);
    expect(r.status).toBe(SIGTERM);
    expect(r.threadGone).toBe(-ENOENT);
  });
});

describe('threads and shared descriptors', () => {
  // KERNEL BUG: FdTable.users is never incremented when clone(CLONE_FILES) shares the table
  // (src/kernel/task/fork.ts), so the first sharer to exit runs closeAllFiles() on the shared
  // table and every other thread loses all its descriptors (write → EBADF). On Linux a thread's
  // exit only drops its reference to files_struct.
  it('a thread that exits does not close the descriptors of the threads that remain', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const [rd, wr] = (yield* sys.pipe()) as [number, number];
      const p = yield* sys.fork(function* () {
        yield* sys.clone(0x100 | 0x200 | 0x400 | 0x800 | 0x10000, function* () {
          yield* sys.exit(0); // ends this thread only
          return 0;
        });
        yield* sys.nanosleep(10 * MS);
        const st = yield* procStatus(sys, 'self');
        r.threads = typeof st === 'number' ? st : st.get('Threads');
        r.write = yield* sys.write(wr, 'x');
        return 0;
      });
      yield* sys.close(wr);
      const got = yield* sys.read(rd, 1);
      r.read = typeof got === 'number' ? got : got.length;
      yield* waitOne(sys, p);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r).toEqual({ threads: '1', write: 1, read: 1 });
  });
});

// ------------------------------------------------------------------------------------------------
describe('credentials, limits and the controlling terminal', () => {
  it('an unprivileged process cannot signal root processes, lower its nice value, or exceed RLIMIT_NPROC', () => {
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const rootChild = yield* sys.fork(function* () {
        for (;;) yield* sys.pause();
      });
      const pid = yield* sys.fork(function* () {
        yield* sys.prlimit(0, 6, { cur: 3, max: 3 }); // RLIMIT_NPROC
        yield* sys.setuid(1000);
        r.killRoot = yield* sys.kill(rootChild, SIGTERM);
        r.killInit = yield* sys.kill(1, 0);
        r.niceUp = yield* sys.setpriority(PRIO_PROCESS, 0, 5);
        r.niceDown = yield* sys.setpriority(PRIO_PROCESS, 0, 0);
        r.nice = yield* sys.getpriority(PRIO_PROCESS, 0);
        const kids: number[] = [];
        for (let i = 0; i < 4; i++) {
          kids.push(
            yield* sys.fork(function* () {
              for (;;) yield* sys.pause();
            }),
          );
        }
        r.forks = kids.map((k) => (k > 0 ? 'ok' : k));
        for (const k of kids) if (k > 0) yield* sys.kill(k, SIGKILL);
        for (const k of kids) if (k > 0) yield* sys.wait4(k, 0);
        return 0;
      });
      yield* waitOne(sys, pid);
      r.rootAlive = typeof (yield* procStatus(sys, rootChild)) !== 'number';
      yield* sys.kill(rootChild, SIGKILL);
      yield* waitOne(sys, rootChild);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    // uid 1000 owns 1 process + 2 children = 3 = the limit: the third fork fails
    expect(r).toEqual({
      killRoot: -1,
      killInit: -1,
      niceUp: 0,
      niceDown: -13,
      nice: 15, // getpriority is the raw syscall: 20 - nice
      forks: ['ok', 'ok', -11, -11],
      rootAlive: true,
    });
  });

  it('/proc/PID/stat shows the console as tty_nr and the foreground group as tpgid', () => {
    const got: string[][] = [];
    const prog = testProgram('ktest-tty', function* (sys): Program {
      got.push((yield* procStat(sys, 'self')) as string[]);
      return 0;
    });
    const run = runWith([prog], 'ktest-tty\nktest-tty &\nsleep 1\n');
    expect(run.crashes).toEqual([]);
    expect(got.length).toBe(2);
    const [fg, bg] = got as [string[], string[]];
    expect(Number(fg[7])).toBe((5 << 8) | 1); // makedev(5, 1): /dev/console
    expect(fg[8]).toBe(fg[5]); // tpgid == pgrp: foreground
    expect(Number(bg[7])).toBe((5 << 8) | 1);
    expect(bg[8]).not.toBe(bg[5]);
  });

  it('PR_SET_PDEATHSIG delivers the signal when the parent dies', () => {
    const r: Record<string, unknown> = {};
    const shared: { g?: number } = {};
    const run = runProgram(function* (sys): Program {
      const [rd, wr] = (yield* sys.pipe()) as [number, number];
      const mid = yield* sys.fork(function* () {
        shared.g = yield* sys.fork(function* () {
          yield* sys.prctl(1, SIGUSR2); // PR_SET_PDEATHSIG
          yield* sys.write(wr, 'x');
          for (;;) yield* sys.pause();
        });
        yield* sys.read(rd, 1);
        return 0;
      });
      yield* waitOne(sys, mid);
      yield* sys.nanosleep(20 * MS);
      r.gone = yield* readText(sys, `/proc/${shared.g}/status`);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r.gone).toBe(-ENOENT);
  });

  it('SA_NOCLDSTOP: no SIGCHLD when a child stops, one when it exits; wait4 rejects WEXITED', () => {
    const got: number[] = [];
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      yield* sys.sigaction(SIGCHLD, {
        handler: function* (s) {
          got.push(s);
        },
        flags: 1, // SA_NOCLDSTOP
      });
      const pid = yield* sys.fork(function* () {
        for (;;) yield* sys.pause();
      });
      yield* sys.kill(pid, SIGSTOP);
      yield* sys.nanosleep(20 * MS);
      r.afterStop = got.length;
      yield* sys.kill(pid, SIGKILL);
      yield* sys.nanosleep(20 * MS);
      r.afterExit = got.length;
      r.wexited = yield* sys.wait4(pid, 4); // WEXITED is for waitid(), not wait4()
      const st = yield* procStatus(sys, pid);
      r.stillZombie = typeof st === 'number' ? st : st.get('State');
      r.reap = status(yield* waitOne(sys, pid));
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(r).toEqual({ afterStop: 0, afterExit: 1, wexited: -EINVAL, stillZombie: 'Z (zombie)', reap: SIGKILL });
    expect(got).toEqual([SIGCHLD]);
  });
});

describe('uninterruptible sleep and the load average', () => {
  it('a vfork parent in D counts in /proc/loadavg and procs_blocked', () => {
    const FIXED_1 = 2048;
    const calc = (load: number, exp: number, active: number): number => {
      let n = load * exp + active * (FIXED_1 - exp);
      if (active >= load) n += FIXED_1 - 1;
      return Math.floor(n / FIXED_1);
    };
    const LOAD_FREQ = 5 * SEC + SEC / 250;
    const r: Record<string, unknown> = {};
    const run = runProgram(function* (sys): Program {
      const p = yield* sys.fork(function* () {
        yield* sys.clone(0x4000 | 0x100 | SIGCHLD, function* () {
          yield* sys.nanosleep(100 * SEC);
          return 0;
        });
        return 0;
      });
      r.t0 = yield* monoNs(sys);
      yield* sleepFully(sys, 30 * SEC);
      r.t1 = yield* monoNs(sys);
      r.loadavg = yield* readText(sys, '/proc/loadavg');
      r.stat = yield* readText(sys, '/proc/stat');
      yield* sys.kill(p, SIGKILL);
      yield* waitOne(sys, p);
      return 0;
    });
    expect(run.crashes).toEqual([]);
    let a1 = 0;
    for (let t = LOAD_FREQ; t < (r.t1 as number); t += LOAD_FREQ) a1 = calc(a1, 1884, t > (r.t0 as number) ? FIXED_1 : 0);
    const v = a1 + 10;
    const text = `${v >> 11}.${String(((v & 2047) * 100) >> 11).padStart(2, '0')}`;
    expect((r.loadavg as string).split(' ')[0]).toBe(text);
    expect(Number(text)).toBeGreaterThan(0.3);
    expect(r.stat as string).toContain('\nprocs_blocked 1\n');
  });
});

describe('/proc/PID/wchan', () => {
  /** Start one child per blocking call; return each child's /proc/PID/wchan. */
  function wchans(): Record<string, unknown> {
    const r: Record<string, unknown> = {};
    // driven by hand: the child reading the tty would end a scripted run early
    const { m, crashes } = boot([testProgram('ktest', function* (sys): Program {
      const [rd, wr] = (yield* sys.pipe()) as [number, number];
      const [rd2, wr2] = (yield* sys.pipe()) as [number, number];
      const kids: Record<string, number> = {
        pipeRead: yield* sys.fork(function* () {
          yield* sys.read(rd, 1);
          return 0;
        }),
        pipeWrite: yield* sys.fork(function* () {
          yield* sys.write(wr2, new Uint8Array(65536));
          yield* sys.write(wr2, 'x');
          return 0;
        }),
        nanosleep: yield* sys.fork(function* () {
          yield* sys.nanosleep(100 * SEC);
          return 0;
        }),
        pause: yield* sys.fork(function* () {
          yield* sys.pause();
          return 0;
        }),
        wait: yield* sys.fork(function* () {
          yield* sys.fork(function* () {
            yield* sys.nanosleep(100 * SEC);
            return 0;
          });
          yield* sys.wait4(-1, 0);
          return 0;
        }),
        ttyRead: yield* sys.fork(function* () {
          yield* sys.read(0, 1);
          return 0;
        }),
      };
      yield* sys.nanosleep(50 * MS);
      for (const [name, pid] of Object.entries(kids)) r[name] = yield* readText(sys, `/proc/${pid}/wchan`);
      for (const pid of Object.values(kids)) yield* sys.kill(pid, SIGKILL);
      for (const pid of Object.values(kids)) yield* waitOne(sys, pid);
      void rd2;
      void wr;
      r.done = true;
      return 0;
    })]);
    typeWhenReading(m, 'ktest\r');
    expect(advanceUntil(m, () => r.done === true, 5 * SEC)).toBe(true);
    expect(crashes).toEqual([]);
    return r;
  }

  it('names the kernel function a sleeping task waits in (nanosleep, wait4, tty read)', () => {
    const r = wchans();
    expect([r.nanosleep, r.wait, r.ttyRead]).toEqual(['hrtimer_nanosleep', 'do_wait', 'wait_woken']);
  });

  // KERNEL BUG: wchan of a task blocked on a pipe shows 'wait_woken' (read) / 'pipe_write'
  // (write), and pause() shows 'sys_pause'. Linux 6.18 shows 'anon_pipe_read',
  // 'anon_pipe_write' and '__do_sys_pause' (checked on this host, 6.18.44).
  it('names anon_pipe_read, anon_pipe_write and __do_sys_pause as Linux 6.18 does', () => {
    const r = wchans();
    expect([r.pipeRead, r.pipeWrite, r.pause]).toEqual(['anon_pipe_read', 'anon_pipe_write', '__do_sys_pause']);
  });
});

describe('alarm and exec names', () => {
  // KERNEL BUG: alarm() returns the seconds left rounded up (Math.ceil); Linux's alarm_setitimer
  // rounds to the nearest second (at least 1): alarm(5), 2.7 s later alarm(0) returns 2 on Linux
  // (checked with python3 signal.alarm on this host), 3 here.
  it('alarm() returns the seconds left rounded to the nearest, at least 1', () => {
    const got: number[] = [];
    const run = runProgram(function* (sys): Program {
      for (const [set, wait] of [
        [5, 2700],
        [5, 2300],
        [1, 900],
      ] as const) {
        yield* sys.alarm(set);
        yield* sleepFully(sys, wait * MS);
        got.push(yield* sys.alarm(0));
      }
      return 0;
    });
    expect(run.crashes).toEqual([]);
    expect(got).toEqual([2, 3, 1]);
  });

  it('execve sets comm to the first 15 bytes of the file name and cmdline to argv', () => {
    const seen: unknown[] = [];
    const long = testProgram('ktest-with-a-very-long-name', function* (sys): Program {
      seen.push(yield* readText(sys, '/proc/self/comm'), yield* readText(sys, '/proc/self/cmdline'), yield* sys.readlink('/proc/self/exe'));
      return 0;
    });
    const run = runWith([long], 'ktest-with-a-very-long-name a "b c"\n');
    expect(run.crashes).toEqual([]);
    expect(seen).toEqual(['ktest-with-a-ve\n', 'ktest-with-a-very-long-name\0a\0b c\0', '/usr/bin/ktest-with-a-very-long-name']);
  });
});

describe('kill(-1)', () => {
  it('kill(-1, SIGKILL) kills everything but init and the caller; init then respawns the shell', () => {
    const r: Record<string, unknown> = {};
    const { m, crashes } = boot([
      testProgram('ktest', function* (sys): Program {
        // the shell's death hangs up the console: its foreground group (us) gets SIGHUP
        yield* sys.sigaction(1, { handler: 'ignore' });
        r.parent = yield* sys.getppid();
        r.kill = yield* sys.kill(-1, SIGKILL);
        yield* sys.nanosleep(50 * MS);
        r.ppidAfter = yield* sys.getppid();
        r.parentGone = yield* readText(sys, `/proc/${r.parent}/status`);
        r.init = ((yield* procStatus(sys, 1)) as Map<string, string>).get('State');
        r.done = true;
        return 0;
      }),
    ]);
    // driven by hand: the respawned shell reads the console while ktest still runs
    typeWhenReading(m, 'sleep 100 &\r');
    typeWhenReading(m, 'ktest\r');
    expect(advanceUntil(m, () => r.done === true, 5 * SEC)).toBe(true);
    advanceUntil(m, () => false, SEC);
    expect(crashes).toEqual([]);
    expect(r.kill).toBe(0);
    expect(r.ppidAfter).toBe(1);
    expect(r.parentGone).toBe(-ENOENT);
    expect(r.init).toBe('S (sleeping)');
    expect(m.k.panicked).toBeNull();
    const comms = [...m.k.allTasks()].filter((t) => t.alive).map((t) => t.comm);
    expect(comms).not.toContain('sleep');
    expect(comms.filter((c) => c === 'bash').length).toBe(1);
    expect(m.consoleReaderWaiting()).toBe(true);
  });
});

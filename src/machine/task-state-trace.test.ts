// Task-state trace events: while someone subscribes to the kernel trace, every real change of a
// task's state letter (R S D T Z X, as /proc shows it) is one `state` event. Checked on scripts a
// student types (background sleep, kill -STOP/-CONT, wait), on test programs (a zombie whose
// parent does not wait, a vfork parent in D), and as a property over random console sessions:
// per pid the events form a chain (each `from` is the previous `to`, a new task starts from
// null, a released one ends in X) that ends in the state taskState() derives now.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Program } from '../kernel/syscall';
import { SIGCHLD, SIGKILL } from '../kernel/syscall';
import { boot, advanceUntil, testProgram, MS, SEC } from './test-programs';
import { runScriptOn } from './headless';
import type { Machine } from './machine';
import type { BuiltinProgram } from '../userland/lib/registry';
import type { TraceEvent } from '../kernel/trace/trace';
import { taskState, type StateLetter } from '../kernel/task/state';

type StateEvent = Extract<TraceEvent, { type: 'state' }>;

interface Traced {
  m: Machine;
  crashes: string[];
  events: StateEvent[];
  /** every task's state when tracing started (root-namespace pid → letter) */
  initial: Map<number, StateLetter>;
  unsubscribe: () => void;
}

/** Start recording `state` events now; `initial` is what the tasks were doing at that moment. */
function trace(m: Machine, into: StateEvent[] = []): { initial: Map<number, StateLetter>; unsubscribe: () => void } {
  const initial = new Map<number, StateLetter>();
  for (const t of m.k.allTasks()) initial.set(t.pid.numbers[0]!, taskState(t));
  const unsubscribe = m.k.trace.subscribe((e) => {
    if (e.type === 'state') into.push(e);
  });
  return { initial, unsubscribe };
}

function traced(programs: BuiltinProgram[] = []): Traced {
  const { m, crashes } = boot(programs);
  const events: StateEvent[] = [];
  return { m, crashes, events, ...trace(m, events) };
}

function run(tr: Traced, script: string): void {
  const r = runScriptOn(tr.m, script, { maxVirtualSeconds: 600 });
  expect(r.timedOut).toBe(false);
  tr.crashes.push(...r.crashes);
}

/**
 * The chain invariant. Per pid: each event's `from` is the previous event's `to` (or the state at
 * subscription); a pid never seen before, or seen last as X (a reused number), starts from null;
 * from ≠ to; time never goes back. At the end every task's last reported state is taskState().
 */
function checkChains(m: Machine, events: readonly StateEvent[], initial: ReadonlyMap<number, StateLetter>): Map<number, StateLetter> {
  const last = new Map<number, StateLetter>(initial);
  let time = -1;
  for (const e of events) {
    const what = `${e.comm}[${e.pid}] ${e.from ?? 'null'}→${e.to} at ${e.timeNs}`;
    expect(e.timeNs, what).toBeGreaterThanOrEqual(time);
    time = e.timeNs;
    expect(e.from, what).not.toBe(e.to);
    const prev = last.get(e.pid);
    if (prev === undefined || prev === 'X') expect(e.from, what).toBeNull();
    else expect(e.from, what).toBe(prev);
    if (e.from === null) expect(e.to, what).toBe('R');
    last.set(e.pid, e.to);
  }
  const live = new Set<number>();
  for (const t of m.k.allTasks()) {
    const pid = t.pid.numbers[0]!;
    live.add(pid);
    expect(last.get(pid), `${t.comm}[${pid}]`).toBe(taskState(t));
  }
  // a pid not released is still a task; a released one ended in X
  for (const [pid, s] of last) expect(s === 'X', `pid ${pid} last ${s}`).toBe(!live.has(pid));
  return last;
}

const chainOf = (events: readonly StateEvent[], pid: number): string =>
  events
    .filter((e) => e.pid === pid)
    .map((e) => `${e.from ?? '-'}${e.to}`)
    .join(' ');

/** The pid of the (last) task that ran `comm`. */
function pidOf(events: readonly StateEvent[], comm: string): number {
  const e = events.filter((x) => x.comm === comm).pop();
  if (!e) throw new Error(`no state event for ${comm}`);
  return e.pid;
}

describe('task-state trace events', () => {
  it('a background sleep: forked R, sleeps S, stopped T, continued, exits Z, reaped X', () => {
    const tr = traced();
    run(tr, 'sleep 5 &\nkill -STOP %1\nkill -CONT %1\nwait\n');
    expect(tr.crashes).toEqual([]);
    checkChains(tr.m, tr.events, tr.initial);
    const sleep = pidOf(tr.events, 'sleep');
    const mine = tr.events.filter((e) => e.pid === sleep);
    expect(mine[0]).toMatchObject({ from: null, to: 'R' });
    const chain = chainOf(tr.events, sleep);
    // sleeping in nanosleep, woken by SIGSTOP to stop, then woken by SIGCONT
    expect(chain).toContain('RS');
    expect(chain).toContain('RT');
    expect(chain).toContain('TR');
    const tIndex = mine.findIndex((e) => e.to === 'T');
    expect(mine.slice(tIndex + 1).some((e) => e.from === 'T')).toBe(true);
    expect(chain.endsWith('RZ ZX')).toBe(true);
    // the stop and the continue happen where the shell sent them: T lasts until kill -CONT
    const stop = mine[tIndex]!;
    const cont = mine.find((e) => e.from === 'T')!;
    expect(cont.timeNs).toBeGreaterThan(stop.timeNs);
  });

  it('a frozen cgroup (v1 freezer): a sleeper is woken to freeze (S R D), thawed back to sleep (D R S)', () => {
    const tr = traced();
    run(tr, 'mkdir /sys/fs/cgroup/freezer/f\nsleep 100 &\nsleep 0.5\necho $! > /sys/fs/cgroup/freezer/f/cgroup.procs\necho FROZEN > /sys/fs/cgroup/freezer/f/freezer.state\nsleep 1\n');
    const sleep = tr.events.find((e) => e.comm === 'sleep')!.pid; // the first: sleep 100
    const frozenAt = tr.m.now;
    expect([...tr.m.k.allTasks()].find((t) => t.pid.numbers[0] === sleep)!.frozen).toBe(true);
    run(tr, 'echo THAWED > /sys/fs/cgroup/freezer/f/freezer.state\nsleep 0.5\n');
    expect(tr.crashes).toEqual([]);
    checkChains(tr.m, tr.events, tr.initial);
    const chain = tr.events.filter((e) => e.pid === sleep).map((e) => `${e.from ?? '-'}${e.to}`);
    // ... sleeping in nanosleep (S), fake-woken (R), in the refrigerator (D); thawed: R, then S again
    expect(chain.join(' ')).toMatch(/RS SR RD DR RS$/);
    const d = tr.events.find((e) => e.pid === sleep && e.to === 'D')!;
    const out = tr.events.find((e) => e.pid === sleep && e.from === 'D')!;
    expect(d.timeNs).toBeLessThan(frozenAt);
    expect(out.timeNs).toBeGreaterThanOrEqual(frozenAt);
  });

  it('a foreground sleep: the shell sleeps in wait4 (S) while sleep runs, both chains consistent', () => {
    const tr = traced();
    run(tr, 'sleep 1\necho done\n');
    expect(tr.crashes).toEqual([]);
    checkChains(tr.m, tr.events, tr.initial);
    const sleep = pidOf(tr.events, 'sleep');
    expect(chainOf(tr.events, sleep)).toMatch(/^-R .*RS SR .*RZ ZX$/);
    // the sleep took a virtual second
    const mine = tr.events.filter((e) => e.pid === sleep);
    const asleep = mine.find((e) => e.to === 'S')!;
    const woke = mine.find((e) => e.from === 'S' && e.timeNs - asleep.timeNs >= SEC / 2);
    expect(woke).toBeDefined();
  });

  it('a child whose parent does not wait is a zombie (Z) until reaped (X)', () => {
    const shared: { child?: number; parent?: number } = {};
    const tr = traced([
      testProgram('ktest', function* (sys): Program {
        shared.child = yield* sys.fork(function* () {
          return 7;
        });
        shared.parent = yield* sys.getpid();
        yield* sys.nanosleep(200 * MS); // not waiting: the child stays a zombie meanwhile
        yield* sys.wait4(shared.child, 0);
        return 0;
      }),
    ]);
    run(tr, 'ktest\n');
    expect(tr.crashes).toEqual([]);
    checkChains(tr.m, tr.events, tr.initial);
    const mine = tr.events.filter((e) => e.pid === shared.child);
    expect(mine[0]).toMatchObject({ from: null, to: 'R', comm: 'ktest' });
    const z = mine.find((e) => e.to === 'Z')!;
    const x = mine.find((e) => e.to === 'X')!;
    expect(z.from).toBe('R');
    expect(x.from).toBe('Z');
    expect(x.timeNs - z.timeNs).toBeGreaterThanOrEqual(150 * MS);
    expect(mine[mine.length - 1]).toBe(x);
  });

  it('a vfork parent sleeps in D until the child releases it (and SIGKILL still kills it)', () => {
    const shared: { p?: number; child?: number } = {};
    const tr = traced([
      testProgram('ktest', function* (sys): Program {
        // p vforks a child that sleeps 50 ms then exits: p is in D meanwhile, then runs again
        const p = yield* sys.fork(function* () {
          yield* sys.clone(0x4000 | 0x100 | SIGCHLD, function* () {
            yield* sys.nanosleep(50 * MS);
            return 0;
          });
          yield* sys.nanosleep(50 * MS);
          // a second vfork child that never lets go: p is killed in D
          yield* sys.clone(0x4000 | 0x100 | SIGCHLD, function* () {
            yield* sys.nanosleep(10 * SEC);
            return 0;
          });
          return 0;
        });
        shared.p = p;
        yield* sys.nanosleep(200 * MS);
        yield* sys.kill(p, SIGKILL);
        yield* sys.wait4(p, 0);
        return 0;
      }),
    ]);
    run(tr, 'ktest\n');
    expect(tr.crashes).toEqual([]);
    advanceUntil(tr.m, () => false, 11 * SEC); // the orphaned vfork child finishes
    checkChains(tr.m, tr.events, tr.initial);
    const chain = chainOf(tr.events, shared.p!);
    // released by the first child's exit: D → R; killed in the second wait: D → R → Z
    expect(chain).toMatch(/^-R .*RD DR .*RD DR RZ ZX$/);
  });

  it('tracing that starts mid-run begins from the current states, without events', () => {
    const { m, crashes } = boot([]);
    runScriptOn(m, 'sleep 30 &\n', { maxVirtualSeconds: 60 });
    advanceUntil(m, () => false, 100 * MS);
    const sleepTask = [...m.k.allTasks()].find((t) => t.comm === 'sleep')!;
    expect(taskState(sleepTask)).toBe('S');
    const events: StateEvent[] = [];
    const first = trace(m, events);
    // subscribing emits nothing
    expect(events).toEqual([]);
    const r = runScriptOn(m, 'kill %1\nwait\n', { maxVirtualSeconds: 60 });
    expect([...crashes, ...r.crashes]).toEqual([]);
    checkChains(m, events, first.initial);
    const sleep = sleepTask.pid.numbers[0]!;
    expect(chainOf(events, sleep)).toBe('SR RZ ZX');
    // stop and start again: what happened in between is not reported, the new chain starts
    // from what the tasks are doing at the second start
    first.unsubscribe();
    expect(m.k.trace.active).toBe(false);
    runScriptOn(m, 'sleep 40 &\n', { maxVirtualSeconds: 60 });
    advanceUntil(m, () => false, 100 * MS);
    const again: StateEvent[] = [];
    const second = trace(m, again);
    runScriptOn(m, 'kill -STOP %1\nkill -9 %1\nwait\n', { maxVirtualSeconds: 60 });
    checkChains(m, again, second.initial);
    const sleep2 = pidOf(again, 'sleep');
    expect(second.initial.get(sleep2)).toBe('S');
    expect(chainOf(again, sleep2)).toMatch(/^SR RT TR RZ ZX$/);
  });

  it('costs nothing when nobody listens: no task remembers a traced state', () => {
    const { m } = boot([]);
    runScriptOn(m, 'sleep 1 &\nsleep 2\n', { maxVirtualSeconds: 60 });
    for (const t of m.k.allTasks()) expect(t.traceState).toBeNull();
  });
});

// ------------------------------------------------------------------------------------------------
const enc = new TextEncoder();
const command: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 5 }).map((n) => `sleep ${n} &`),
  fc.integer({ min: 1, max: 3 }).map((n) => `kill %${n}`),
  fc.integer({ min: 1, max: 3 }).map((n) => `kill -STOP %${n}`),
  fc.integer({ min: 1, max: 3 }).map((n) => `kill -CONT %${n}`),
  fc.integer({ min: 1, max: 3 }).map((n) => `kill -9 %${n}`),
  fc.constantFrom(
    'true', 'false', '(exit 3)', 'yes | head -n 3', 'wait', 'jobs', 'bg', 'fg', 'sleep 0.5', 'sleep 0.01 & sleep 0.02 & wait',
    '(sleep 1 &)', 'stress --cpu 2 --timeout 1', 'for i in 1 2 3; do sleep 0.1 & done', 'ps -o pid,stat,comm',
  ),
  fc.constantFrom('\x03', '\x1a'), // ^C, ^Z
);

describe('random console sessions', () => {
  const budgetMs = Number(process.env.PROPS_MS ?? 10_000);
  it('the state events of every pid always form a chain ending in its current state', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 15 }), fc.integer({ min: 0, max: 20 }), (lines, startAt) => {
        const { m, crashes } = boot([]);
        const events: StateEvent[] = [];
        let tr: ReturnType<typeof trace> | null = null;
        // tracing starts before the first line or somewhere in the middle
        const start = Math.min(startAt, lines.length);
        for (let i = 0; i <= lines.length; i++) {
          if (i === start) tr = trace(m, events);
          if (i === lines.length) break;
          advanceUntil(m, () => m.consoleReaderWaiting(), 10 * SEC);
          const l = lines[i]!;
          m.input(enc.encode(l.length === 1 ? l : l + '\r'));
        }
        advanceUntil(m, () => m.consoleReaderWaiting(), 10 * SEC);
        m.input(new Uint8Array([3]));
        m.input('\r');
        advanceUntil(m, () => false, 10 * SEC);
        expect(crashes).toEqual([]);
        expect(m.k.panicked).toBeNull();
        checkChains(m, events, tr!.initial);
        tr!.unsubscribe();
      }),
      { numRuns: Number(process.env.PROPS_RUNS ?? 60), interruptAfterTimeLimit: budgetMs },
    );
  }, budgetMs + 60_000);
});

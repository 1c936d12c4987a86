// Property test: whatever a student types at the console (job control, pipelines, subshells,
// garbage with control bytes and invalid UTF-8), the kernel never throws out of a program and its
// process tree stays consistent: live parents, no orphaned zombies, unique pids, and /proc lists
// exactly the thread-group leaders of the pid namespace.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { boot, advanceUntil, SEC } from './test-programs';
import type { Machine } from './machine';
import { ExitState, type Task } from '../kernel/task/task';
import { resolve } from '../kernel/fs/namei';

const enc = new TextEncoder();

const command: fc.Arbitrary<Uint8Array> = fc
  .oneof(
    fc.integer({ min: 1, max: 5 }).map((n) => `sleep ${n} &`),
    fc.integer({ min: 1, max: 3 }).map((n) => `kill %${n}`),
    fc.integer({ min: 1, max: 3 }).map((n) => `kill -STOP %${n}`),
    fc.integer({ min: 1, max: 3 }).map((n) => `kill -CONT %${n}`),
    fc.constantFrom('true', 'false', '(exit 3)', 'yes | head -n 3', 'wait', 'jobs', 'bg', 'echo $?', 'sleep 2', 'fg'),
  )
  .map((s) => enc.encode(s + '\r'));

/** Garbage: random bytes, control characters (^C ^Z ^D ^\ ^U DEL ...) and invalid UTF-8. */
const garbage: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(3, 4, 26, 28, 21, 127, 8, 23, 22, 18, 13, 10, 0xff, 0xfe, 0xc3, 0x80, 0xe2, 0x82),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((a) => new Uint8Array(a));

const line = fc.oneof({ weight: 4, arbitrary: command }, { weight: 1, arbitrary: garbage });

function typeAll(m: Machine, lines: Uint8Array[]): void {
  for (const l of lines) {
    if (m.k.panicked) return;
    // a blocked `wait` or foreground job may never read again: then type ahead, as a person would
    advanceUntil(m, () => m.consoleReaderWaiting(), 20 * SEC);
    m.input(l);
  }
  advanceUntil(m, () => m.consoleReaderWaiting(), 20 * SEC);
  m.input(new Uint8Array([3]));
  m.input('\r');
  advanceUntil(m, () => false, 30 * SEC);
}

function checkInvariants(m: Machine): void {
  const k = m.k;
  expect(k.panicked).toBeNull();
  const tasks = new Set<Task>();
  const leaders = new Set<number>();
  for (const [nr, pid] of k.initPidNs.pids) {
    expect(pid.numbers[0]).toBe(nr);
    const t = pid.task;
    if (!t) continue;
    expect(t.exitState).not.toBe(ExitState.Dead);
    expect(tasks.has(t)).toBe(false);
    tasks.add(t);
    if (t.isLeader()) leaders.add(nr);
    const leader = t.groupLeader;
    if (leader === k.init) continue;
    const parent = leader.realParent;
    const what = `${t.comm}[${nr}] (${t.alive ? 'alive' : 'zombie'})`;
    expect(parent, `${what} has no parent`).toBeTruthy();
    expect(parent!.alive, `${what}'s parent ${parent!.comm}[${parent!.pid.vnr}] is not alive`).toBe(true);
    expect(parent!.children.has(leader), `${what} missing from its parent's children`).toBe(true);
  }
  // what /proc lists
  const init = k.init!;
  const p = resolve(init.fs, init.cred, '/proc');
  if (typeof p === 'number') throw new Error(`/proc: ${p}`);
  const listed = p.inode.sb.dirOps
    .list(p.inode)
    .map((e) => e.name)
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
  expect(new Set(listed).size).toBe(listed.length);
  expect(listed).toEqual([...leaders].sort((a, b) => a - b));
}

describe('random console sessions', () => {
  // PROPS_RUNS / PROPS_MS run a longer search locally (e.g. PROPS_RUNS=3000 PROPS_MS=240000);
  // fast-check stops early (without failing) when the time budget is spent
  const budgetMs = Number(process.env.PROPS_MS ?? 12_000);
  it('never crash the kernel and keep the process tree consistent', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), (lines) => {
        const { m, crashes } = boot([]);
        typeAll(m, lines);
        expect(crashes).toEqual([]);
        checkInvariants(m);
        // after ^C and Enter, a shell is back at its prompt
        expect(m.consoleReaderWaiting()).toBe(true);
      }),
      { numRuns: Number(process.env.PROPS_RUNS ?? 150), interruptAfterTimeLimit: budgetMs },
    );
  }, budgetMs + 60_000);
});

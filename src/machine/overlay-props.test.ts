// Property test (issue 5): for random sequences of create/append/truncate/delete/mkdir/rmdir/rename
// in an overlay's merged view, the merged tree equals a model ("upper over lowers, with whiteouts")
// at every step's end, and the lower layers never change.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { runProgram, readText, writeText } from './test-programs';
import type { Sys, SysCall, Program } from '../kernel/syscall';
import { O_WRONLY, O_APPEND, O_CREAT, O_TRUNC, O_RDONLY, isErr } from '../kernel/syscall';

type Op =
  | { op: 'append'; path: string; text: string }
  | { op: 'create'; path: string; text: string }
  | { op: 'truncate'; path: string }
  | { op: 'rm'; path: string }
  | { op: 'mkdir'; path: string }
  | { op: 'rmdir'; path: string }
  | { op: 'rename'; from: string; to: string };

const NAMES = ['a', 'b', 'c', 'd/x', 'd/y', 'e/z', 'e'];
const name = fc.constantFrom(...NAMES);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('append' as const), path: name, text: fc.constantFrom('1', 'two', 'x\n') }),
  fc.record({ op: fc.constant('create' as const), path: name, text: fc.constantFrom('new', '') }),
  fc.record({ op: fc.constant('truncate' as const), path: name }),
  fc.record({ op: fc.constant('rm' as const), path: name }),
  fc.record({ op: fc.constant('mkdir' as const), path: fc.constantFrom('d', 'e', 'f') }),
  fc.record({ op: fc.constant('rmdir' as const), path: fc.constantFrom('d', 'e', 'f') }),
  fc.record({ op: fc.constant('rename' as const), from: name, to: name }),
);

/** Lower layers: lower1 (top) and lower2; `d` is a directory in both (merged), `e` only in lower2. */
const LOWER1: Record<string, string | null> = { a: 'lower1-a', 'd/x': 'l1x', d: null };
const LOWER2: Record<string, string | null> = { a: 'lower2-a', b: 'lower2-b', 'd/y': 'l2y', d: null, e: null, 'e/z': 'l2z' };

/** The model: the merged view as a map path → content (null for directories). */
function initialModel(): Map<string, string | null> {
  const m = new Map<string, string | null>();
  for (const [p, v] of Object.entries(LOWER2)) m.set(p, v);
  for (const [p, v] of Object.entries(LOWER1)) m.set(p, v);
  return m;
}

const parentOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const children = (m: Map<string, string | null>, dir: string): string[] => [...m.keys()].filter((k) => parentOf(k) === dir);

/** Apply an op to the model the way POSIX says it should go (errors leave it unchanged). */
function applyModel(m: Map<string, string | null>, o: Op): void {
  const parentOk = (p: string): boolean => parentOf(p) === '' || m.get(parentOf(p)) === null;
  switch (o.op) {
    case 'append':
      if (typeof m.get(o.path) === 'string') m.set(o.path, m.get(o.path)! + o.text);
      else if (!m.has(o.path) && parentOk(o.path)) m.set(o.path, o.text);
      break;
    case 'create':
      if (typeof m.get(o.path) === 'string' || (!m.has(o.path) && parentOk(o.path))) m.set(o.path, o.text);
      break;
    case 'truncate':
      if (typeof m.get(o.path) === 'string') m.set(o.path, '');
      break;
    case 'rm':
      if (typeof m.get(o.path) === 'string') m.delete(o.path);
      break;
    case 'mkdir':
      if (!m.has(o.path)) m.set(o.path, null);
      break;
    case 'rmdir':
      if (m.get(o.path) === null && children(m, o.path).length === 0) m.delete(o.path);
      break;
    case 'rename': {
      const v = m.get(o.from);
      // files only (a lower directory rename is EXDEV, tested separately)
      if (typeof v !== 'string' || o.from === o.to) break;
      const t = m.get(o.to);
      if (t === null || !parentOk(o.to)) break;
      m.delete(o.from);
      m.set(o.to, v);
      break;
    }
  }
}

function* applyOp(sys: Sys, root: string, o: Op): SysCall<void> {
  const p = (x: string): string => `${root}/${x}`;
  switch (o.op) {
    case 'append':
    case 'create': {
      const fd = yield* sys.open(p(o.path), O_WRONLY | O_CREAT | (o.op === 'append' ? O_APPEND : O_TRUNC), 0o644);
      if (fd >= 0) {
        if (o.text) yield* sys.write(fd, o.text);
        yield* sys.close(fd);
      }
      return;
    }
    case 'truncate':
      yield* sys.truncate(p(o.path), 0);
      return;
    case 'rm':
      yield* sys.unlink(p(o.path));
      return;
    case 'mkdir':
      yield* sys.mkdir(p(o.path), 0o755);
      return;
    case 'rmdir':
      yield* sys.rmdir(p(o.path));
      return;
    case 'rename': {
      const st = yield* sys.stat(p(o.from));
      if (isErr(st) || (st.mode & 0o170000) === 0o040000) return;
      yield* sys.rename(p(o.from), p(o.to));
      return;
    }
  }
}

/** The tree under `root` as path → content (null for directories). */
function* snapshot(sys: Sys, root: string, rel = ''): SysCall<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const fd = yield* sys.open(rel ? `${root}/${rel}` : root, O_RDONLY);
  if (fd < 0) return out;
  const ents = yield* sys.getdents(fd);
  yield* sys.close(fd);
  if (typeof ents === 'number') return out;
  for (const e of ents) {
    if (e.name === '.' || e.name === '..') continue;
    const path = rel ? `${rel}/${e.name}` : e.name;
    const st = yield* sys.lstat(`${root}/${path}`);
    if (isErr(st)) continue;
    if ((st.mode & 0o170000) === 0o040000) {
      out.set(path, null);
      for (const [k, v] of yield* snapshot(sys, root, path)) out.set(k, v);
    } else if ((st.mode & 0o170000) === 0o020000) out.set(path, `<chr ${st.rdev}>`);
    else {
      const t = yield* readText(sys, `${root}/${path}`);
      out.set(path, typeof t === 'string' ? t : `<err ${t}>`);
    }
  }
  return out;
}

const sorted = (m: Map<string, string | null>): Array<[string, string | null]> => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));

describe('overlayfs against a model', () => {
  const budgetMs = Number(process.env.PROPS_MS ?? 10_000);
  it('the merged view is "upper over lowers with whiteouts" and lowers never change', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 14 }), (ops) => {
        const failures: string[] = [];
        const main = function* (sys: Sys): Program {
          const base = '/tmp/o';
          for (const d of ['', '/l1', '/l1/d', '/l2', '/l2/d', '/l2/e', '/u', '/w', '/m']) yield* sys.mkdir(base + d, 0o755);
          for (const [p, v] of Object.entries(LOWER1)) if (v !== null) yield* writeText(sys, `${base}/l1/${p}`, v, true);
          for (const [p, v] of Object.entries(LOWER2)) if (v !== null) yield* writeText(sys, `${base}/l2/${p}`, v, true);
          const r = yield* sys.mount('overlay', `${base}/m`, 'overlay', 0, `lowerdir=${base}/l1:${base}/l2,upperdir=${base}/u,workdir=${base}/w`);
          if (r < 0) {
            failures.push(`mount: ${r}`);
            return 1;
          }
          const l1 = yield* snapshot(sys, `${base}/l1`);
          const l2 = yield* snapshot(sys, `${base}/l2`);
          const model = initialModel();
          for (const o of ops) {
            yield* applyOp(sys, `${base}/m`, o);
            applyModel(model, o);
            const merged = yield* snapshot(sys, `${base}/m`);
            const want = JSON.stringify(sorted(model));
            const got = JSON.stringify(sorted(merged));
            if (want !== got) {
              failures.push(`after ${JSON.stringify(o)}:\n want ${want}\n got  ${got}`);
              return 1;
            }
          }
          if (JSON.stringify(sorted(yield* snapshot(sys, `${base}/l1`))) !== JSON.stringify(sorted(l1))) failures.push('lower1 changed');
          if (JSON.stringify(sorted(yield* snapshot(sys, `${base}/l2`))) !== JSON.stringify(sorted(l2))) failures.push('lower2 changed');
          return 0;
        };
        const run = runProgram(main);
        expect(run.crashes).toEqual([]);
        expect(failures).toEqual([]);
      }),
      { numRuns: Number(process.env.PROPS_RUNS ?? 150), interruptAfterTimeLimit: budgetMs },
    );
  }, budgetMs + 60_000);
});

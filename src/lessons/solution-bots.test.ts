// The solution bots (issue 7): every built-in lesson, in every language, boots its machine
// headless and, step by step, checks that the step's checks are NOT all satisfied before its
// solution runs, types the solution, and checks that they ARE all satisfied after. A lesson whose
// checks pass on a fresh machine, or fail after its own solution, fails the build.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Machine } from '../machine/machine';
import { runScriptOn } from '../machine/headless';
import { evaluateChecks } from '../machine/lesson-checks';
import { parseLesson } from './format';

const DIR = join(import.meta.dirname, 'builtin');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();

function type(m: Machine, lines: string[]): void {
  if (lines.length === 0) return;
  const run = runScriptOn(m, `${lines.join('\n')}\n`, { maxVirtualSeconds: 600 });
  expect(run.crashes, 'a program crashed').toEqual([]);
  expect(run.timedOut, `the machine did not come back to a prompt after:\n${lines.join('\n')}`).toBe(false);
}

describe('solution bots', () => {
  it('finds the built-in lessons', () => {
    expect(FILES.length).toBeGreaterThan(0);
  });

  for (const file of FILES) {
    it(file, () => {
      const parsed = parseLesson(readFileSync(join(DIR, file), 'utf8'));
      if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${file}:${p.line}: ${p.message}`).join('\n'));
      const { lesson } = parsed;
      expect(file).toBe(`${lesson.id}.${lesson.lang}.md`);
      const mc = lesson.machine;
      // the setup runs at boot (/etc/rc.local), as in the lab
      const m = new Machine({ cgroupVersion: mc.cgroupVersion, cpus: mc.cpus, ramBytes: mc.ramBytes, hostname: mc.hostname, setup: mc.setup });
      type(m, []);
      for (const step of lesson.steps) {
        const checks = step.checks.map((c) => c.check);
        const before = evaluateChecks(m.k, m.commands, checks);
        expect(before.every((r) => r.passed), `step '${step.title}' (line ${step.line}) is already satisfied before its solution`).toBe(false);
        type(m, step.solution!.commands);
        const after = evaluateChecks(m.k, m.commands, checks);
        const failed = after.flatMap((r, i) => (r.passed ? [] : [`  ${step.checks[i]!.label} (line ${step.checks[i]!.line}): ${r.detail}`]));
        expect(failed, `step '${step.title}' (line ${step.line}) fails after its solution`).toEqual([]);
      }
    });
  }

  it('every lesson ships in English and Simplified Chinese, with the same machine and checks', () => {
    const byId = new Map<string, Map<string, ReturnType<typeof parseLesson>>>();
    for (const file of FILES) {
      const r = parseLesson(readFileSync(join(DIR, file), 'utf8'));
      if (!r.ok) continue;
      const langs = byId.get(r.lesson.id) ?? new Map();
      langs.set(r.lesson.lang, r);
      byId.set(r.lesson.id, langs);
    }
    for (const [id, langs] of byId) {
      expect([...langs.keys()].sort(), id).toEqual(['en', 'zh-CN']);
      const [en, zh] = [langs.get('en')!, langs.get('zh-CN')!];
      if (!en.ok || !zh.ok) continue;
      const shape = (l: typeof en.lesson) => ({
        machine: l.machine,
        minutes: l.minutes,
        steps: l.steps.map((s) => ({ checks: s.checks.map((c) => c.check), solution: s.solution?.commands, runs: s.body.filter((b) => b.kind === 'code').map((b) => (b.kind === 'code' ? [b.code, b.run] : [])) })),
      });
      expect(shape(zh.lesson), id).toEqual(shape(en.lesson));
    }
  });
});

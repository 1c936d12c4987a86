import { describe, expect, it } from 'vitest';
import { parseLesson, parseMemory } from './format';
import { localizeProblems, problemText } from './problems';

const GOOD = `---
id: demo
lang: en
title: Demo
summary: A demo.
minutes: 5
machine:
  cgroup: v2
  cpus: 4
  memory: 512MiB
  setup:
    - mkdir /srv
  panels: [processes]
---
Intro text.

## Start a sleeper

\`\`\`sh run
sleep 1000 &
\`\`\`

\`\`\`sh run-interrupt
ps
\`\`\`

::: hint
First hint.
:::

::: hint
Second hint with code:
\`\`\`sh
sleep 1000 &
\`\`\`
:::

::: solution
Type this:
\`\`\`sh
sleep 1000 &
sleep 0.1
\`\`\`
:::

\`\`\`check
- label: a sleep sleeps
  process: { comm: sleep, state: S }
- label: file
  file: { path: /srv, exists: true }
\`\`\`

## Done {summary}

You saw a sleeper.
`;

/** problems as "line: message" */
function problems(text: string): string[] {
  const r = parseLesson(text);
  return r.ok ? [] : r.problems.map((p) => `${p.line}: ${p.message}`);
}

describe('lesson format', () => {
  it('parses a lesson into machine, steps, blocks, hints, solution and checks', () => {
    const r = parseLesson(GOOD);
    if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
    const l = r.lesson;
    expect(l).toMatchObject({ id: 'demo', lang: 'en', title: 'Demo', minutes: 5, completion: 'You saw a sleeper.' });
    expect(l.machine).toEqual({ cgroupVersion: 2, cpus: 4, ramBytes: 512 * 1024 ** 2, hostname: 'lab', setup: ['mkdir /srv'], panels: ['processes'] });
    expect(l.intro).toEqual([{ kind: 'markdown', text: 'Intro text.' }]);
    const s = l.steps[0]!;
    expect(s.title).toBe('Start a sleeper');
    expect(s.line).toBe(17);
    expect(s.body).toEqual([
      { kind: 'code', code: 'sleep 1000 &', lang: 'sh', run: 'run', line: 19 },
      { kind: 'code', code: 'ps', lang: 'sh', run: 'interrupt', line: 23 },
    ]);
    expect(s.hints).toEqual(['First hint.', 'Second hint with code:\n\n```sh\nsleep 1000 &\n```']);
    expect(s.solution!.commands).toEqual(['sleep 1000 &', 'sleep 0.1']);
    expect(s.checks).toEqual([
      { label: 'a sleep sleeps', check: { process: { comm: 'sleep', state: 'S' } }, line: 47 },
      { label: 'file', check: { file: { path: '/srv', exists: true } }, line: 49 },
    ]);
  });

  it('a file without front matter, or with it unclosed, is rejected at line 1', () => {
    expect(problems('# Title\n')).toEqual(["1: a lesson starts with front matter: a line '---', YAML, then '---'"]);
    expect(problems('---\nid: x\n')).toEqual(["1: the front matter is never closed with '---'"]);
  });

  it('reports every front-matter problem with its line', () => {
    const bad = GOOD.replace('lang: en', 'lang: fr')
      .replace('minutes: 5', 'minutes: 500\ncolour: red')
      .replace('cgroup: v2', 'cgroup: v3')
      .replace('memory: 512MiB', 'memory: lots')
      .replace('panels: [processes]', 'panels: [processes, network]');
    expect(problems(bad)).toEqual([
      '3: front matter: lang must be one of en, zh-CN',
      '6: front matter: minutes must be a whole number from 1 to 120',
      "7: front matter: unknown key 'colour'",
      '9: machine: cgroup must be v1 or v2',
      "11: machine: memory must be a size from 64MiB to 64GiB, like '512MiB' or '4GiB'",
      "14: machine: unknown panel 'network' (panels: states, processes, cgroups, layers, history)",
    ]);
  });

  it('reports every check problem with its line', () => {
    const bad = GOOD.replace(
      "- label: file\n  file: { path: /srv, exists: true }",
      [
        '- label: two predicates',
        '  file: { path: /srv }',
        '  mount: { type: proc }',
        '- process: { comm: sleep }',
        '- label: bad fields',
        "  process: { state: Q, args: '(', colour: red }",
        '- label: unknown kind',
        '  script: { js: alert(1) }',
        '- label: relative path',
        '  file: { path: srv }',
        '- label: output needs what to look for',
        '  output: { of: last }',
      ].join('\n'),
    );
    expect(problems(bad)).toEqual([
      "51: check: one predicate per check ('file' and 'mount')",
      '52: check: a label is required (what the student reads)',
      '54: process: state must be a state letter (R S D T t Z X) or a list of them',
      expect.stringMatching(/^54: process: args must be a valid regular expression/),
      "54: process: unknown field 'colour' (comm, args, state, cgroup, pidns, nspid, count, min, max)",
      '55: check: no predicate (process, file, mount, cgroup, counter, output, command)',
      "56: check: unknown key 'script' (label, process, file, mount, cgroup, counter, output, command)",
      '58: file: path must be an absolute path',
      "59: output: needs one of 'contains', 'matches'",
    ]);
  });

  it('every problem reads in Chinese too, at the same line', () => {
    const bad = GOOD.replace('lang: en', 'lang: fr').replace('cgroup: v2', 'cgroup: v3').replace(
      "- label: file\n  file: { path: /srv, exists: true }",
      ["- label: bad fields", "  process: { state: Q, args: '(' }", '- label: output needs what to look for', '  output: { of: last }'].join('\n'),
    );
    const r = parseLesson(bad);
    if (r.ok) throw new Error('accepted');
    const zh = localizeProblems(r.problems, 'zh-CN').map((p) => `${p.line}: ${p.message}`);
    expect(zh).toEqual([
      '3: 前言：lang 必须是 en, zh-CN 之一',
      '8: machine：cgroup 必须是 v1 或 v2',
      '50: process：state 必须是状态字母（R S D T t Z X）或它们的列表',
      expect.stringMatching(/^50: process：args 必须是有效的正则表达式（Invalid regular expression/),
      "51: output：需要 'contains', 'matches' 之一",
    ]);
    // English is the message itself
    expect(localizeProblems(r.problems, 'en').map((p) => p.message)).toEqual(r.problems.map((p) => p.message));
    // a problem from outside the parser (no key) stays as it is
    expect(problemText({ message: 'x' }, 'zh-CN')).toBe('x');
  });

  it('a YAML syntax error in a check block is reported at its line', () => {
    const bad = GOOD.replace('  process: { comm: sleep, state: S }', '  process: { comm: sleep, state: S');
    const p = problems(bad);
    expect(p.length).toBeGreaterThan(0);
    expect(p.every((x) => /^4[89]: YAML: /.test(x))).toBe(true); // and no 'has no checks' besides
  });

  it('structure problems: unclosed containers and fences, steps without checks or solution, no summary', () => {
    expect(problems(GOOD.replace('First hint.\n:::', 'First hint.'))).toEqual(["27: '::: hint' is never closed with ':::' (before line 30)"]);
    expect(problems(GOOD.replace('## Done {summary}\n\nYou saw a sleeper.\n', ''))).toEqual([
      "53: a lesson ends with a '## … {summary}' section: what the student saw",
    ]);
    const bare = GOOD.replace('## Done {summary}', '## Empty step\n\n## Done {summary}');
    expect(problems(bare)).toEqual(["53: step 'Empty step' has no checks (a ```check block)", "53: step 'Empty step' has no '::: solution'"]);
    expect(problems(GOOD.replace('```sh run-interrupt\nps\n```', '```sh run-twice\nps\n```'))).toEqual([
      "23: unknown code block flag 'run-twice' (```sh run, ```sh run-interrupt)",
    ]);
    expect(problems(`${GOOD}\n\`\`\`sh\nunclosed\n`)).toContain('57: a code block opened with ``` is never closed');
  });

  it('memory sizes', () => {
    expect(parseMemory('4GiB')).toBe(4 * 1024 ** 3);
    expect(parseMemory('512M')).toBe(512 * 1024 ** 2);
    expect(parseMemory('lots')).toBeNull();
  });
});

// Replays command lines through our procps programs on the fake /proc of test-helpers/scenario.ts
// and compares with what the real Debian 12 tools printed for the same /proc
// (__fixtures__/real-outputs.json, recorded by test-helpers/make-goldens.ts).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Program } from '../../kernel/syscall';
import { sys } from '../lib/sys';
import { FakeKernel } from './test-helpers/fakeproc';
import { labScenario } from './test-helpers/scenario';
import { ps } from './ps';
import { free } from './free';
import { uptime } from './uptime';
import { kill } from './kill';
import { pgrep, pkill } from './pgrep';
import { top } from './top';
import { pstree } from '../psmisc/pstree';

interface Rec {
  btime: number;
  passwd: string;
  cases: Array<{ prog: string; args: string[]; env: string[]; out: string }>;
}
const rec = JSON.parse(readFileSync(new URL('./__fixtures__/real-outputs.json', import.meta.url), 'utf8')) as Rec;

const PROGS: Record<string, (argv: string[], envp: string[]) => Program> = {
  ps: (a, e) => ps(sys, a, e),
  free: (a) => free(sys, a),
  uptime: (a) => uptime(sys, a),
  kill: (a) => kill(sys, a),
  pgrep: (a) => pgrep(sys, a),
  pkill: (a) => pkill(sys, a),
  top: (a, e) => top(sys, a, e),
  pstree: (a, e) => pstree(sys, a, e),
};

/** Parts that depend on the host at recording time, not on the tool's logic. */
function mask(prog: string, s: string): string {
  if (prog === 'top') s = s.replace(/^top - \d\d:\d\d:\d\d/gm, 'top - HH:MM:SS');
  if (prog === 'kill') s = s.replace(/^\/usr\/bin\/kill/gm, 'kill');
  return s;
}

describe('procps tools match the real Debian 12 output on the same /proc', () => {
  for (const c of rec.cases) {
    const argv0 = c.prog === 'kill' ? 'kill' : c.prog;
    it(`${c.prog} ${c.args.join(' ')}${c.env.length ? ` (${c.env.join(' ')})` : ''}`, () => {
      // pkill must not see a real kill succeed for pids that do not exist in the recording namespace
      const k = new FakeKernel(labScenario({ btime: rec.btime, passwd: rec.passwd }));
      if (c.prog === 'pkill') k.handle = ((orig) => (req) => (req.nr === 'kill' ? -3 : orig(req)))(k.handle.bind(k));
      const status = k.run(PROGS[c.prog]!([argv0, ...c.args], c.env));
      const ours = k.stdout + k.stderr + `[exit ${status}]\n`;
      expect(mask(c.prog, ours)).toBe(mask(c.prog, c.out));
    });
  }
});

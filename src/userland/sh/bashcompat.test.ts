// Each line of testdata/bash-c-cases.txt is run as `bash -c LINE` on the fake kernel and compared
// with what the real bash 5.2 on Debian 12 printed (testdata/bash-c-expected.txt, stdout+stderr).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FakeKernel } from './test-helpers/fakesys';
import { makeShellMain } from './main';

const dir = fileURLToPath(new URL('./testdata/', import.meta.url));
const cases = readFileSync(dir + 'bash-c-cases.txt', 'utf8').split('\n').filter((l) => l !== '');
const expected = readFileSync(dir + 'bash-c-expected.txt', 'utf8');

// split the expected transcript into one block per case
const blocks = new Map<string, string>();
{
  const parts = expected.split(/^=== /m).slice(1);
  for (const p of parts) {
    const nl = p.indexOf('\n');
    blocks.set(p.slice(0, nl), p.slice(nl + 1));
  }
}

// cases whose real output depends on the host or on kernel features the fake lacks
const SKIP = new Set(['trap \'echo T\' USR1; kill -USR1 $$; echo after', 'export A=1; export -p | grep \' A=\'']);

describe('bash -c compatibility', () => {
  for (const line of cases) {
    if (SKIP.has(line) || !blocks.has(line)) continue;
    it(line, () => {
      const k = new FakeKernel();
      const st = k.run(makeShellMain('bash'), ['bash', '-c', line]);
      expect(`${k.out}rc=${st}\n`).toBe(blocks.get(line));
    });
  }
});

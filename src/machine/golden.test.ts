// Every tests/golden/*.sh must reproduce its .txt exactly.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runGolden } from './golden';

const dir = join(import.meta.dirname, '../../tests/golden');
const scripts = readdirSync(dir).filter((f) => f.endsWith('.sh')).sort();

describe('golden transcripts', () => {
  it('has golden scripts', () => {
    expect(scripts.length).toBeGreaterThan(0);
  });
  for (const s of scripts) {
    it(s, async () => {
      const script = readFileSync(join(dir, s), 'utf8');
      const expectedPath = join(dir, s.replace(/\.sh$/, '.txt'));
      expect(existsSync(expectedPath), `${expectedPath} missing: run npm run golden -- --update`).toBe(true);
      const actual = await runGolden(script);
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
    });
  }
});

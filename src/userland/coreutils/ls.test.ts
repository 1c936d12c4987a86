import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { columns } from './ls';

// Expected layouts captured from GNU ls 9.1 (`ls -C -w N`, `ls -x -w N`) on the same names.
const NAMES = 'a bb ccc dddddddddd eeeeeeeeeeeeeeeeee f1 g22 hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh i j k lllll mmmmmmmm nnn o p q r s t u v w x y z zz-top'.split(' ');
const EXPECTED: Record<string, string> = JSON.parse(readFileSync(new URL('./ls-columns.fixture.json', import.meta.url), 'utf8'));

describe('ls columns', () => {
  for (const [key, text] of Object.entries(EXPECTED)) {
    it(key, () => {
      const [mode, w] = key.split('.');
      expect(columns(NAMES, Number(w), mode === 'x')).toBe(text);
    });
  }
  it('fixture exists', () => {
    expect(readdirSync(new URL('.', import.meta.url)).includes('ls-columns.fixture.json')).toBe(true);
  });
});

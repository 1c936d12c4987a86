// The libc-level pieces of the libcgroup port: strtok-based spec parsing, fgets chunking, dirname,
// strtol, and error texts/exit statuses.
import { describe, it, expect } from 'vitest';
import {
  parseCgroupSpec, specArgAfterStrtok, fgetsAll, dirname, strtol, exitCode, ECGOTHER, ECGROUPSUBSYSNOTMOUNTED,
  ECGROUPVALUENOTEXIST, ECGRULESPARSEFAIL,
} from './lib';

describe('libcgroup helpers', () => {
  it('parse_cgroup_spec splits controllers and path with strtok', () => {
    expect(parseCgroupSpec('cpu,pids:/demo')).toEqual({ controllers: ['cpu', 'pids'], path: '/demo' });
    expect(parseCgroupSpec('cpu::demo')).toEqual({ controllers: ['cpu'], path: 'demo' });
    expect(parseCgroupSpec('cpu:/a:b')).toEqual({ controllers: ['cpu'], path: '/a' });
    expect(parseCgroupSpec(',cpu,,:/x')).toEqual({ controllers: ['cpu'], path: '/x' });
    expect(parseCgroupSpec('cpu')).toBeNull();
    expect(parseCgroupSpec('cpu:')).toBeNull();
    expect(parseCgroupSpec(':/x')).toBeNull();
    // what the tools print after strtok cut the argument
    expect(specArgAfterStrtok('pids:')).toBe('pids');
    expect(specArgAfterStrtok('pids')).toBe('pids');
    expect(specArgAfterStrtok(':pids')).toBe(':pids');
  });

  it('fgets with a 100-byte buffer', () => {
    expect(fgetsAll('a\nb\n', 100)).toEqual(['a\n', 'b\n']);
    expect(fgetsAll('x'.repeat(150) + '\n', 100)).toEqual(['x'.repeat(99), 'x'.repeat(51) + '\n']);
    expect(fgetsAll('', 100)).toEqual([]);
    expect(fgetsAll('no newline', 100)).toEqual(['no newline']);
  });

  it('dirname and strtol as libc has them', () => {
    expect(dirname('/demo')).toBe('/');
    expect(dirname('demo')).toBe('.');
    expect(dirname('/a/b/')).toBe('/a');
    expect(dirname('/sys/fs/cgroup/demo/')).toBe('/sys/fs/cgroup');
    expect(dirname('/')).toBe('/');
    expect(strtol('123')).toEqual({ value: 123, complete: true });
    expect(strtol(' 5')).toEqual({ value: 5, complete: true });
    expect(strtol('-3')).toEqual({ value: -3, complete: true });
    expect(strtol('12x')).toEqual({ value: 12, complete: false });
    expect(strtol('abc').complete).toBe(false);
    expect(strtol('').complete).toBe(true);
  });

  it('error codes become exit statuses by their low byte', () => {
    expect(exitCode(ECGOTHER)).toBe(96);
    expect(exitCode(ECGROUPSUBSYSNOTMOUNTED)).toBe(84);
    expect(exitCode(ECGROUPVALUENOTEXIST)).toBe(95);
    expect(exitCode(ECGRULESPARSEFAIL)).toBe(99);
    expect(exitCode(-1)).toBe(255);
  });
});

import { describe, expect, it } from 'vitest';
import { proc } from '../../test-helpers/fake-link';
import { frameToRows } from './adapter';
import { buildTree, parseStatus, sortRows, stateInfo } from './model';

const rows = frameToRows({
  nowNs: 0,
  ncpus: 2,
  selected: null,
  processes: [proc(1, 0, 'S', 'init'), proc(3, 1, 'S', 'b'), proc(2, 1, 'R', 'a', { cpuPercent: 5 }), proc(4, 3, 'Z', 'z')],
});

describe('process panel model', () => {
  it('labels every state letter in words', () => {
    expect(['R', 'S', 'D', 'T', 't', 'Z', 'X', 'I'].map((l) => stateInfo(l).label)).toEqual([
      'running', 'sleeping', 'disk sleep', 'stopped', 'tracing stop', 'zombie', 'dead', 'idle',
    ]);
    expect(stateInfo('?')).toEqual({ letter: '?', label: 'unknown', tone: 'unknown' });
  });

  it('sorts stably with pid as the tie-breaker', () => {
    expect(sortRows(rows, 'state', 'asc').map((r) => r.pid)).toEqual([2, 1, 3, 4]);
    expect(sortRows(rows, 'cpu', 'desc').map((r) => r.pid)).toEqual([2, 1, 3, 4]);
    expect(sortRows(rows, 'ppid', 'desc').map((r) => r.pid)).toEqual([4, 2, 3, 1]);
  });

  it('builds the tree depth-first, children by pid; orphans of a vanished parent are roots', () => {
    expect(buildTree(rows).map((l) => `${l.prefix}${l.row.pid}`)).toEqual(['1', '├─2', '└─3', '  └─4']);
    const orphan = rows.filter((r) => r.pid !== 3);
    expect(buildTree(orphan).map((l) => `${l.prefix}${l.row.pid}`)).toEqual(['1', '└─2', '4']);
    // a cycle (impossible in a kernel) must not hang the view
    const cycle = buildTree([{ ...rows[0], pid: 5, ppid: 6 }, { ...rows[0], pid: 6, ppid: 5 }]);
    expect(cycle.map((l) => `${l.prefix}${l.row.pid}`)).toEqual(['5', '└─6']);
  });

  it('parses /proc/PID/status into fields', () => {
    expect(parseStatus('Name:\tsleep\nState:\tS (sleeping)\nGroups:\t\n\n')).toEqual([
      ['Name', 'sleep'],
      ['State', 'S (sleeping)'],
      ['Groups', ''],
    ]);
  });
});

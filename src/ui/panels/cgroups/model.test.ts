import { describe, expect, it } from 'vitest';
import { cg } from '../../test-helpers/fake-link';
import { capacity, formatBytes, formatPercent, layoutTree, limitChips, sparkline, CARD_H, INDENT, GUTTER, ROW_H } from './model';

describe('cgroup panel model', () => {
  it('lays the tree out depth first, children by name, indented by depth', () => {
    // frames list parents first, but the layout must not depend on the order it gets
    const t = layoutTree([cg('/web'), cg('/db/mysql'), cg('/'), cg('/db'), cg('/db/mongodb')]);
    expect(t.rows.map((r) => [r.node.path, r.depth, r.x, r.y, r.hasChildren])).toEqual([
      ['/', 0, GUTTER, 0, true],
      ['/db', 1, GUTTER + INDENT, ROW_H, true],
      ['/db/mongodb', 2, GUTTER + 2 * INDENT, 2 * ROW_H, false],
      ['/db/mysql', 2, GUTTER + 2 * INDENT, 3 * ROW_H, false],
      ['/web', 1, GUTTER + INDENT, 4 * ROW_H, false],
    ]);
    expect(t.height).toBe(5 * ROW_H);
    // an elbow from below the parent's card to the left edge of the child's
    const mysql = t.links.find((l) => l.key === '/db/mysql')!.d;
    const px = GUTTER + INDENT + INDENT / 2;
    expect(mysql).toBe(`M${px},${ROW_H + CARD_H}L${px},${3 * ROW_H + 14}L${GUTTER + 2 * INDENT},${3 * ROW_H + 14}`);
    expect(t.links).toHaveLength(4);
  });

  it('never throws on odd input: empty, or a node whose parent is missing', () => {
    expect(layoutTree([])).toEqual({ rows: [], links: [], height: 0 });
    const t = layoutTree([cg('/'), cg('/lost/child')]);
    expect(t.rows.map((r) => [r.node.path, r.depth])).toEqual([['/', 0], ['/lost/child', 1]]);
  });

  it('chips: own quota, an inherited cap, shares, pids, cpus, memory', () => {
    const n = cg('/db/mysql', {
      cpu: { quotaUs: 50000, periodUs: 100000, quotaPercent: 50, shares: 2048, weight: 200 },
      cpuCap: { percent: 20, from: '/db', by: 'quota' },
      pidsLimit: { current: 2, max: null },
      cpuset: { cpus: '0', effective: '0' },
      memoryLimit: 1.5 * 1024 ** 3,
    });
    expect(limitChips(n, 1, 2).map((c) => c.text)).toEqual(['50% CPU', '≤20% via /db', 'shares 2048', 'pids 2/max', 'cpus 0', 'mem 1.5G']);
    expect(limitChips(n, 2, 2).map((c) => c.text)).toContain('weight 200');
    // the whole machine's cpuset is no limit
    expect(limitChips(cg('/a', { cpuset: { cpus: '0-1', effective: '0-1' } }), 1, 2)).toEqual([]);
  });

  it('capacity is the cap, or every CPU', () => {
    expect(capacity(cg('/a'), 2)).toBe(200);
    expect(capacity(cg('/a', { cpuCap: { percent: 20, from: '/a', by: 'quota' } }), 2)).toBe(20);
    expect(capacity(cg('/a', { cpuCap: { percent: 400, from: '/a', by: 'quota' } }), 2)).toBe(200);
  });

  it('draws a sparkline with the newest sample at the right edge and the cap line', () => {
    const s = sparkline([0, 20, 20], 20, 30, 60, 18);
    expect(s.line).toMatch(/^M/);
    const xs = [...s.line.matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
    expect(xs.at(-1)).toBe(60);
    expect(xs[0]).toBeCloseTo(60 - (2 * 60) / 29, 2);
    expect(s.capY).toBeGreaterThan(1);
    expect(s.capY).toBeLessThan(9);
    expect(sparkline([], 20, 30).line).toBe('');
  });

  it('formats figures', () => {
    expect(formatPercent(null)).toBe('–');
    expect(formatPercent(20.04)).toBe('20.0%');
    expect(formatPercent(199.6)).toBe('200%');
    expect(formatBytes(256 * 1024 * 1024)).toBe('256M');
    expect(formatBytes(1000)).toBe('1000B');
  });
});

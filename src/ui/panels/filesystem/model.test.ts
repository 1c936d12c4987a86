import { describe, expect, it } from 'vitest';
import { ovlDir, ovlEntry, ovlFrame, ovlLayer } from '../../test-helpers/fake-link';
import {
  basename,
  entryLabel,
  formatBytes,
  layerLabel,
  layerSummary,
  layerTone,
  moreUnder,
  parentOf,
  stackTopDown,
  statusText,
  treeRows,
} from './model';

describe('layer panel model', () => {
  it('names layers as lowerdir= orders them (lower 1 is the leftmost, the top lower)', () => {
    expect([layerLabel('merged'), layerLabel('upper'), layerLabel(0), layerLabel(1)]).toEqual(['merged', 'upper', 'lower 1', 'lower 2']);
    expect([layerTone('upper'), layerTone(0), layerTone(7)]).toEqual(['upper', 'l0', 'l1']);
  });

  it('formats sizes and summaries', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(12 * 1024 * 1024), formatBytes(3 * 1024 ** 3)]).toEqual([
      '0 B',
      '1023 B',
      '1.5 KiB',
      '12 MiB',
      '3.0 GiB',
    ]);
    expect(layerSummary(ovlLayer('upper', { files: 1, bytes: 14, whiteouts: 1, opaqueDirs: 1 }))).toBe('1 file · 14 B · 1 whiteout · 1 opaque dir');
    expect(layerSummary(ovlLayer('merged', { files: 2, bytes: 2048, opaqueDirs: 1 }))).toBe('2 files · 2.0 KiB');
  });

  it('draws the stack top-down: merged, upper, then the lowers from lower 1 down', () => {
    expect(stackTopDown(ovlFrame([]).detail!).map((l) => l.ref)).toEqual(['merged', 'upper', 0, 1]);
  });

  it('paths', () => {
    expect([basename('/etc/motd'), basename('/'), parentOf('/etc/motd'), parentOf('/etc')]).toEqual(['motd', '/', '/etc', '/']);
  });

  it('flattens the tree depth first, expanded directories only, with a loading row for ones not listed yet', () => {
    const tree = {
      layer: 'merged' as const,
      dirs: [
        ovlDir('/', [ovlEntry('/a', { kind: 'dir', hasChildren: true }), ovlEntry('/b', { kind: 'dir', hasChildren: true }), ovlEntry('/z')]),
        ovlDir('/a', [ovlEntry('/a/x', { kind: 'dir', hasChildren: true }), ovlEntry('/a/y')], 3),
        ovlDir('/a/x', [ovlEntry('/a/x/deep')]),
      ],
    };
    const rows = (open: string[]) => treeRows(tree, new Set(open)).map((r) => `${'  '.repeat(r.depth)}${r.entry.name}${r.loading ? ' …' : ''}`);
    expect(rows([])).toEqual(['a', 'b', 'z']);
    expect(rows(['/a'])).toEqual(['a', '  x', '  y', 'b', 'z']);
    expect(rows(['/a', '/a/x', '/b'])).toEqual(['a', '  x', '    deep', '  y', 'b …', 'z']);
    // a listed directory under a collapsed parent stays hidden
    expect(rows(['/a/x'])).toEqual(['a', 'b', 'z']);
    expect(moreUnder(tree)).toEqual(new Map([['/a', 3]]));
  });

  it('says what a version is in words', () => {
    expect(statusText('visible', null)).toBe('visible in merged');
    expect(statusText('shadowed', 'upper')).toBe('shadowed by upper');
    expect(statusText('deleted', 'upper')).toBe('deleted by a whiteout in upper');
    expect(statusText('hidden', 0)).toBe('hidden by an opaque directory in lower 1');
    expect(statusText('whiteout', null)).toBe('whiteout: deletes the name below');
  });

  it('labels entries for screen readers', () => {
    expect(entryLabel(ovlEntry('/etc', { kind: 'dir', from: 'upper', layers: ['upper', 0, 1] }), 'merged')).toBe('etc, directory, merged from upper, lower 1, lower 2');
    expect(entryLabel(ovlEntry('/data', { kind: 'dir', from: 'upper', layers: ['upper'], hidden: [1], opaque: true }), 'merged')).toBe(
      'data, directory, from upper, hides lower 2, opaque',
    );
    expect(entryLabel(ovlEntry('/l', { kind: 'symlink', target: 'etc/motd', size: 8 }), 'merged')).toBe('l, symbolic link, to etc/motd, from lower 1');
    expect(entryLabel(ovlEntry('/etc/motd', { from: 1, status: 'deleted', by: 'upper', size: 7 }), 1)).toBe('motd, file, 7 bytes, deleted by a whiteout in upper');
  });
});

// The copy-up trace event names the lower layer the file really came from, also when a merged
// directory is missing from a middle layer (lowerdir=A:B:C, x/ in A and C, x/f only in C).
import { describe, it, expect } from 'vitest';
import { boot, typeWhenReading, advanceUntil, SEC } from './test-programs';
import type { TraceEvent } from '../kernel/trace/trace';

describe('overlayfs copy-up events', () => {
  it('report the lowerdir index of the copied file', () => {
    const { m, crashes } = boot([]);
    const events: TraceEvent[] = [];
    m.k.trace.subscribe((e) => events.push(e));
    const lines = [
      'mkdir -p /o/A/x /o/B /o/C/x /o/u /o/w /o/m',
      'echo f > /o/C/x/f',
      'echo g > /o/B/g',
      'mount -t overlay overlay -o lowerdir=/o/A:/o/B:/o/C,upperdir=/o/u,workdir=/o/w /o/m',
      'echo more >> /o/m/x/f',
      'echo more >> /o/m/g',
    ];
    for (const l of lines) typeWhenReading(m, l + '\r');
    advanceUntil(m, () => m.consoleReaderWaiting(), 10 * SEC);
    expect(crashes).toEqual([]);
    const cu = events.filter((e) => e.type === 'copy-up').map((e) => e.type === 'copy-up' && [e.path, e.fromLayer]);
    expect(cu).toEqual([
      ['/x', 0],
      ['/x/f', 2],
      ['/g', 1],
    ]);
  });
});

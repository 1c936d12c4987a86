import { describe, it, expect } from 'vitest';
import { formatTimes, DEFAULT_TIMEFORMAT, POSIX_TIMEFORMAT } from './timefmt';

describe('TIMEFORMAT', () => {
  const t = { realNs: 101_900_000, userNs: 0, sysNs: 1_200_000 };
  it('formats as bash 5.2', () => {
    expect(formatTimes(DEFAULT_TIMEFORMAT, { realNs: 202_500_000, userNs: 0, sysNs: 1_000_000 })).toBe(
      '\nreal\t0m0.202s\nuser\t0m0.000s\nsys\t0m0.001s',
    );
    expect(formatTimes(POSIX_TIMEFORMAT, t)).toBe('real 0.10\nuser 0.00\nsys 0.00');
    expect(formatTimes('%R|%3R|%1U|%S|%lR|%%|%2lR|%0R|%5R', t)).toBe('0.101|0.101|0.0|0.001|0m0.101s|%|0m0.10s|0|0.101');
    expect(formatTimes('%P', { realNs: 3_000_000, userNs: 3_000_000, sysNs: 1_000_000 })).toBe('133.33');
    expect(formatTimes('ab%', t)).toBe('ab%');
    expect(formatTimes('%q', t)).toEqual({ bad: 'q' });
    expect(formatTimes('%3', t)).toEqual({ bad: '\0' });
    expect(formatTimes('%lR', { realNs: 125_000_000_000, userNs: 0, sysNs: 0 })).toBe('2m5.000s');
  });
});

import { describe, it, expect } from 'vitest';
import { civilFromDays, daysFromCivil, gmtime, lsDate, statDate, strftime } from './time-format';

describe('time-format', () => {
  it('converts days to civil dates and back', () => {
    expect(civilFromDays(0)).toEqual([1970, 1, 1]);
    expect(civilFromDays(20785)).toEqual([2026, 11, 28]);
    expect(civilFromDays(11016)).toEqual([2000, 2, 29]);
    expect(civilFromDays(-1)).toEqual([1969, 12, 31]);
    for (const d of [-800, 0, 59, 60, 11016, 20785, 50000]) {
      const [y, m, dd] = civilFromDays(d);
      expect(daysFromCivil(y, m, dd)).toBe(d);
    }
  });
  it('gmtime gives weekday and yday', () => {
    const tm = gmtime(1795825316); // Sat Nov 28 00:21:56 2026
    expect(tm).toMatchObject({ year: 2026, mon: 10, mday: 28, hour: 0, min: 21, sec: 56, wday: 6, yday: 331 });
    expect(strftime('%a %b %e %H:%M:%S %Y', tm)).toBe('Sat Nov 28 00:21:56 2026');
  });
  it('formats ls dates: recent vs older than six months', () => {
    const now = 1795825316e9;
    expect(lsDate(1795824671e9, now)).toBe('Nov 28 00:11');
    expect(lsDate(1781740800e9, now)).toBe('Jun 18 00:00'); // < 6 months
    expect(lsDate(1779235200e9, now)).toBe('May 20  2026'); // > 6 months
    expect(lsDate(1663632000e9, now)).toBe('Sep 20  2022');
    expect(lsDate(now + 3600e9, now)).toBe('Nov 28  2026'); // future
    expect(lsDate(1767571200e9, now)).toBe('Jan  5  2026');
  });
  it('formats stat dates with nanoseconds', () => {
    expect(statDate(1795825316e9 + 431157504)).toBe('2026-11-28 00:21:56.431157504 +0000');
    expect(statDate(0)).toBe('1970-01-01 00:00:00.000000000 +0000');
  });
});

// The session record's validator: what a link, a file or the page's storage may hold. Each
// malformed or hostile record is refused with a message that says what is wrong.
import { describe, it, expect } from 'vitest';
import { validateRecord, RECORD_LIMITS, type SessionRecord } from './session-record';

const good = (): SessionRecord => ({
  format: 'container-lab-session',
  version: 1,
  machine: { seed: 7, cpus: 2, ramBytes: 4 * 1024 ** 3, hostname: 'lab', bootEpochSec: 1795824000, cgroupVersion: 1, images: ['busybox'], rows: 24, cols: 80 },
  log: [
    { t: 5e8, n: 20, input: { kind: 'resize', terminal: 'console', rows: 30, cols: 100 } },
    { t: 9e8, n: 31, input: { kind: 'tty', terminal: 'console', data: 'ls\r' } },
    { t: 9e8, n: 31, input: { kind: 'open', terminal: 'pts/0', rows: 30, cols: 100 } },
    { t: 1e9, n: 40, input: { kind: 'open', rows: 30, cols: 100 } },
    { t: 2e9, n: 90, input: { kind: 'close', terminal: 'pts/0' } },
  ],
});

function refused(x: unknown): string {
  const r = validateRecord(x);
  if (r.ok) throw new Error('accepted');
  return r.error;
}

describe('validateRecord', () => {
  it('accepts a good record and returns a fresh copy', () => {
    const g = good();
    const r = validateRecord(JSON.parse(JSON.stringify(g)));
    expect(r).toEqual({ ok: true, record: g });
    if (r.ok) expect(r.record.log[1]).not.toBe(g.log[1]);
  });

  it('refuses what is not a session, with a message', () => {
    expect(refused(null)).toMatch(/not a Container Lab session/);
    expect(refused([])).toMatch(/not a Container Lab session/);
    expect(refused({ ...good(), format: 'x' })).toMatch(/format/);
    expect(refused({ ...good(), version: 2 })).toBe('session format version 2 is not supported (this lab reads version 1)');
    expect(refused({ ...good(), extra: 1 })).toBe("unexpected field 'extra'");
    expect(refused(Object.assign(Object.create({ polluted: true }) as object, good()))).toMatch(/not a Container Lab session/);
  });

  it('refuses machines out of range', () => {
    const m = good().machine;
    expect(refused({ ...good(), machine: { ...m, cpus: 0 } })).toMatch(/cpus/);
    expect(refused({ ...good(), machine: { ...m, cpus: 1e6 } })).toMatch(/cpus/);
    expect(refused({ ...good(), machine: { ...m, ramBytes: 1 } })).toMatch(/ramBytes/);
    expect(refused({ ...good(), machine: { ...m, hostname: '<img src=x onerror=alert(1)>' } })).toMatch(/hostname/);
    expect(refused({ ...good(), machine: { ...m, cgroupVersion: 3 } })).toMatch(/cgroupVersion/);
    expect(refused({ ...good(), machine: { ...m, images: ['../../etc'] } })).toMatch(/image name/);
    expect(refused({ ...good(), machine: { ...m, seed: -1 } })).toMatch(/seed/);
    expect(refused({ ...good(), machine: { ...m, shell: '/bin/evil' } })).toBe("machine: unexpected field 'shell'");
  });

  it("keeps a lesson's setup lines; refuses setups that are not short lists of single lines", () => {
    const m = good().machine;
    const withSetup = { ...good(), machine: { ...m, setup: ['mkdir -p /srv/app', 'sleep 1000 &'] } };
    expect(validateRecord(JSON.parse(JSON.stringify(withSetup)))).toEqual({ ok: true, record: withSetup });
    expect(refused({ ...good(), machine: { ...m, setup: 'rm -rf /' } })).toMatch(/machine.setup must be a list/);
    expect(refused({ ...good(), machine: { ...m, setup: ['a\nb'] } })).toMatch(/one line/);
    expect(refused({ ...good(), machine: { ...m, setup: [1] } })).toMatch(/one line/);
    expect(refused({ ...good(), machine: { ...m, setup: Array<string>(RECORD_LIMITS.setupLines + 1).fill('true') } })).toMatch(/at most 100/);
  });

  it('refuses logs that are malformed, out of order or too big', () => {
    const g = good();
    const withLog = (log: unknown[]) => ({ ...g, log });
    expect(refused(withLog([{ t: 1, n: 1 }]))).toMatch(/log entry 1: input must be an object/);
    expect(refused(withLog([{ t: -1, n: 0, input: g.log[1]!.input }]))).toMatch(/log entry 1: time/);
    expect(refused(withLog([{ t: Infinity, n: 0, input: g.log[1]!.input }]))).toMatch(/time/);
    expect(refused(withLog([{ t: RECORD_LIMITS.maxTimeNs + 1, n: 0, input: g.log[1]!.input }]))).toMatch(/24 h/);
    expect(refused(withLog([{ t: 1, n: 1.5, input: g.log[1]!.input }]))).toMatch(/count of events/);
    expect(refused(withLog([g.log[1], g.log[0]]))).toBe('log entry 2: inputs must be in the order they happened');
    expect(refused(withLog([{ t: 1, n: 1, input: { kind: 'tty', terminal: 'tty1', data: 'x' } }]))).toMatch(/terminal/);
    expect(refused(withLog([{ t: 1, n: 1, input: { kind: 'tty', terminal: 'pts/007', data: 'x' } }]))).toMatch(/terminal/);
    expect(refused(withLog([{ t: 1, n: 1, input: { kind: 'tty', terminal: 'console', data: '' } }]))).toMatch(/non-empty/);
    expect(refused(withLog([{ t: 1, n: 1, input: { kind: 'eval', terminal: 'console', data: 'x' } }]))).toMatch(/kind/);
    expect(refused(withLog([{ t: 1, n: 1, input: { kind: 'close', terminal: 'console' } }]))).toMatch(/console cannot be closed/);
    expect(refused(withLog([{ t: 1, n: 1, input: { kind: 'resize', terminal: 'console', rows: 0, cols: 80 } }]))).toMatch(/rows and cols/);
    const big = 'x'.repeat(RECORD_LIMITS.inputBytes + 1);
    expect(refused(withLog([{ t: 1, n: 1, input: { kind: 'tty', terminal: 'console', data: big } }]))).toMatch(/larger than/);
    const many = Array.from({ length: 9 }, () => ({ t: 1, n: 1, input: { kind: 'tty', terminal: 'console', data: 'y'.repeat(1024 * 1024 - 1) } }));
    expect(refused(withLog(many))).toMatch(/8 MiB/);
    expect(refused(withLog(new Array(RECORD_LIMITS.entries + 1).fill(g.log[1])))).toMatch(/more than/);
  });

  it('never throws, even on getters that throw', () => {
    const evil = good() as unknown as Record<string, unknown>;
    Object.defineProperty(evil, 'log', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(refused(evil)).toBe('the session could not be read');
  });
});

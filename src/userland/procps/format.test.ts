// Unit tests for the /proc parsers and the procps formatters.
import { describe, it, expect } from 'vitest';
import { parseStat, parseStatus, parseCmdline, ttyName, parseUptimeCs, parseMeminfo, parseKernelStat } from '../lib/procfs';
import { fmtPcpu, fmtPmem, fmtTime, fmtEtime, fmtBsdTime, fmtStime, statLetters, cmdlineText, escapeStr } from './ps-format';
import { fmtTimePlus, scaleMem, summaryLines, cpuPercents, taskHeader } from './top';
import { uptimeLine, uptimePretty } from './uptime';
import { scaleSize } from './free';
import { signalNameToNumber, strtosig, prettyPrintSignals, unixPrintSignals } from './signals';
import { ereToJs } from './pgrep';
import { atollB, atollS } from '../stress/stress';
import { watchHeader } from './watch';
import { makedev } from '../../kernel/syscall';

const STAT = '304 (my prog (x)) S 200 304 200 34816 412 4194304 100 0 0 0 7 3 0 0 20 0 1 0 62000 2048000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n';

describe('/proc parsers', () => {
  it('parses stat with spaces and parentheses in comm (from the last ")")', () => {
    const s = parseStat(STAT)!;
    expect(s.comm).toBe('my prog (x)');
    expect(s.state).toBe('S');
    expect([s.ppid, s.pgrp, s.session, s.ttyNr, s.tpgid]).toEqual([200, 304, 200, 34816, 412]);
    expect([s.utime, s.stime, s.priority, s.nice, s.numThreads, s.starttime]).toEqual([7, 3, 20, 0, 1, 62000]);
    expect(s.vsize).toBe(2048000);
    expect(s.processor).toBe(1);
  });
  it('parses status, cmdline, uptime, meminfo, /proc/stat', () => {
    const st = parseStatus('Name:\tsleep\nUid:\t0\t1000\t0\t0\nVmRSS:\t    1024 kB\n');
    expect(st.get('Uid')).toBe('0\t1000\t0\t0');
    expect(parseCmdline('sleep\x00100\x00')).toEqual(['sleep', '100']);
    expect(parseCmdline('')).toEqual([]);
    expect(parseUptimeCs('754.37 1500.02\n')).toEqual([75437, 150002]);
    expect(parseMeminfo('MemTotal:       4028440 kB\n').get('MemTotal')).toBe(4028440);
    const k = parseKernelStat('cpu  1 2 3 4 5 6 7 8 0 0\nbtime 1700000000\n');
    expect(k.btime).toBe(1700000000);
    expect(k.cpu.idle).toBe(4);
  });
  it('names terminals from tty_nr', () => {
    expect(ttyName(0)).toBe('?');
    expect(ttyName(makedev(136, 3))).toBe('pts/3');
    expect(ttyName(makedev(4, 1))).toBe('tty1');
    expect(ttyName(makedev(5, 1))).toBe('console');
  });
});

describe('ps formatters', () => {
  it('formats %CPU over the lifetime as procps 4.0.2 (93 ticks in 2.61 s → 35.6)', () => {
    expect(fmtPcpu(93, 261)).toBe('35.6');
    expect(fmtPcpu(0, 0)).toBe('0.0');
    expect(fmtPcpu(3000, 2900)).toBe('103');
    expect(fmtPmem(71324, 4028440)).toBe(' 1.7');
  });
  it('formats TIME, ELAPSED, BSD TIME and STIME', () => {
    expect(fmtTime(0)).toBe('00:00:00');
    expect(fmtTime(1)).toBe('00:00:01');
    expect(fmtTime(90061)).toBe('1-01:01:01');
    expect(fmtEtime(65)).toBe('01:05');
    expect(fmtEtime(3725)).toBe('01:02:05');
    expect(fmtEtime(90061)).toBe('1-01:01:01');
    expect(fmtBsdTime(0)).toBe('  0:00');
    expect(fmtBsdTime(3010)).toBe('  0:30');
    const day = 1795824000; // 2026-11-28 00:00 UTC
    expect(fmtStime(day + 3600, day + 7200)).toBe('01:00');
    expect(fmtStime(day - 86400 * 3, day)).toBe('Nov25');
  });
  it('builds STAT letters from state, nice, session, threads and foreground group', () => {
    const info = (o: Partial<Record<string, number | string>>) => {
      const s = parseStat(STAT)!;
      Object.assign(s, o);
      return { pid: s.pid, tgid: s.pid, stat: s, status: new Map(), cmdline: [], ruid: 0, euid: 0, rgid: 0, egid: 0, rssKb: 0, vszKb: 0, nlwp: 1 };
    };
    expect(statLetters(info({ nice: 10 }))).toBe('SN');
    expect(statLetters(info({ nice: -5, state: 'R' }))).toBe('R<');
    expect(statLetters(info({ session: 304 }))).toBe('Ss');
    expect(statLetters(info({ tpgid: 304 }))).toBe('S+');
    expect(statLetters({ ...info({}), nlwp: 3 })).toBe('Sl');
  });
  it('shows [comm] for empty cmdlines and <defunct> for zombies', () => {
    const s = parseStat(STAT)!;
    const base = { pid: 1, tgid: 1, status: new Map(), ruid: 0, euid: 0, rgid: 0, egid: 0, rssKb: 0, vszKb: 0, nlwp: 1 };
    expect(cmdlineText({ ...base, stat: { ...s, comm: 'kthreadd' }, cmdline: [] })).toBe('[kthreadd]');
    expect(cmdlineText({ ...base, stat: { ...s, comm: 'sleep', state: 'Z' }, cmdline: [] })).toBe('[sleep] <defunct>');
    expect(escapeStr('a\tb', 10)[0]).toBe('a?b');
    expect(escapeStr('a\tb', 10, false)[0]).toBe('a.b');
  });
});

describe('top formatters', () => {
  it('formats TIME+, memory scaling and the header', () => {
    expect(fmtTimePlus(491)).toBe('0:04.91');
    expect(fmtTimePlus(3010)).toBe('0:30.10');
    expect(scaleMem(1488212, 7)).toBe('1488212');
    expect(scaleMem(12345678, 7)).toBe('11.8g');
    expect(taskHeader(7)).toBe('    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND');
  });
  it('prints the summary area as procps-ng 4.0.2', () => {
    const mem = parseMeminfo('MemTotal: 4194304 kB\nMemFree: 3993702 kB\nMemAvailable: 4070093 kB\nBuffers: 10000 kB\nCached: 62000 kB\nSReclaimable: 5417 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n');
    const lines = summaryLines({
      uptimeLine: ' 00:12:01 up 1 min,  0 user,  load average: 0.00, 0.00, 0.00',
      tasks: { total: 12, running: 1, sleeping: 11, stopped: 0, zombie: 0 },
      cpu: cpuPercents({ user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 }, { user: 0, nice: 0, system: 0, idle: 100, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 }),
      mem,
    }, 200);
    expect(lines).toEqual([
      'top - 00:12:01 up 1 min,  0 user,  load average: 0.00, 0.00, 0.00',
      'Tasks:  12 total,   1 running,  11 sleeping,   0 stopped,   0 zombie',
      '%Cpu(s):  0.0 us,  0.0 sy,  0.0 ni,100.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st ',
      'MiB Mem :   4096.0 total,   3900.1 free,    121.3 used,     75.6 buff/cache     ',
      'MiB Swap:      0.0 total,      0.0 free,      0.0 used.   3974.7 avail Mem ',
    ]);
  });
});

describe('uptime, free, signals, regex, stress, watch', () => {
  it('formats the uptime line and pretty uptime', () => {
    expect(uptimeLine(712, 300, 0, [0, 0, 0])).toBe(' 00:11:52 up 5 min,  0 user,  load average: 0.00, 0.00, 0.00');
    expect(uptimeLine(0, 90061, 2, [0.27, 0.18, 0.06])).toBe(' 00:00:00 up 1 day,  1:01,  2 users,  load average: 0.27, 0.18, 0.06');
    expect(uptimePretty(300)).toBe('up 5 minutes');
    expect(uptimePretty(30)).toBe('up 0 minutes');
    expect(uptimePretty(90060)).toBe('up 1 day, 1 hour, 1 minute');
  });
  it('scales free sizes', () => {
    const f = { human: true, si: false, exponent: 0 };
    expect(scaleSize(24684092, f)).toBe('23Gi');
    expect(scaleSize(324856, f)).toBe('317Mi');
    expect(scaleSize(8856, f)).toBe('8.6Mi');
    expect(scaleSize(0, f)).toBe('0B');
    expect(scaleSize(1000, { human: false, si: false, exponent: 0 })).toBe('1000');
  });
  it('converts signal names and lists them like procps kill', () => {
    expect(signalNameToNumber('KILL')).toBe(9);
    expect(signalNameToNumber('sigterm')).toBe(15);
    expect(signalNameToNumber('9')).toBe(9);
    expect(signalNameToNumber('FOO')).toBe(-1);
    expect(strtosig('9')).toBe('KILL');
    expect(strtosig('0')).toBeUndefined();
    expect(unixPrintSignals().split('\n')[0]).toBe('HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT');
    expect(prettyPrintSignals().split('\n')[0]).toBe(' 1 HUP      2 INT      3 QUIT     4 ILL      5 TRAP     6 ABRT     7 BUS');
  });
  it('translates POSIX EREs and reports glibc regerror texts', () => {
    expect(new RegExp(ereToJs('^sl(e)+p$')).test('sleep')).toBe(true);
    expect(new RegExp(ereToJs('[[:digit:]]+')).test('a1')).toBe(true);
    expect(new RegExp(ereToJs('x{,2}')).test('y')).toBe(true);
    expect(() => ereToJs('a(')).toThrow('Unmatched ( or \\(');
    expect(() => ereToJs('*a')).toThrow('Invalid preceding regular expression');
    expect(() => ereToJs('a\\')).toThrow('Trailing backslash');
  });
  it('parses stress sizes and times', () => {
    expect(atollB('64M')).toBe(64 * 1024 * 1024);
    expect(atollB('2')).toBe(2);
    expect(atollS('10s')).toBe(10);
    expect(atollS('2m')).toBe(120);
    expect(() => atollB('1x')).toThrow();
  });
  it('draws the watch title with the host and date right-aligned', () => {
    const h = watchHeader(2, 'date', 'lab', 1795824000 + 712, 80);
    expect(h).toBe('Every 2.0s: date' + ' '.repeat(80 - 1 - 16 - 29) + 'lab: Sat Nov 28 00:11:52 2026');
    expect(h.length).toBe(79);
  });
});

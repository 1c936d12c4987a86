// A representative process table for procps tests (and for comparing against the real procps
// with scripts/…/compare: the same fake /proc bind-mounted over /proc in a mount namespace).
import type { FakeSystem } from './fakeproc';
import { makedev } from '../../../kernel/syscall';

export const PTS0 = makedev(136, 0);
export const PTS1 = makedev(136, 1);

/** btime 2026-11-28 00:00:00 UTC; uptime 754.37 s. */
export function labScenario(over: Partial<FakeSystem> = {}): FakeSystem {
  return {
    btime: 1795824000,
    uptimeCs: 75437,
    memTotalKb: 4028440,
    pidMax: 4194304,
    self: 412,
    tty: null,
    procs: [
      { pid: 1, comm: 'init', ppid: 0, pgrp: 1, session: 1, utime: 12, stime: 30, starttime: 2, vszKb: 2480, rssKb: 1536, cmdline: ['/sbin/init'] },
      { pid: 2, comm: 'kthreadd', ppid: 0, pgrp: 0, session: 0, starttime: 2, cmdline: [] },
      { pid: 9, comm: 'ksoftirqd/0', ppid: 2, pgrp: 0, session: 0, starttime: 3, cmdline: [] },
      { pid: 15, comm: 'kworker/0:1-events', ppid: 2, pgrp: 0, session: 0, state: 'I', nice: -20, starttime: 5, cmdline: [] },
      { pid: 88, comm: 'dockerd', ppid: 1, pgrp: 88, session: 88, starttime: 150, utime: 230, stime: 95, vszKb: 1488212, rssKb: 71324, threads: [88, 90, 91, 92, 95], cmdline: ['/usr/bin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'] },
      { pid: 120, comm: 'cron', ppid: 1, pgrp: 120, session: 120, starttime: 310, vszKb: 6640, rssKb: 2764, uid: 0, cmdline: ['/usr/sbin/cron', '-f'] },
      { pid: 121, comm: 'nobodyd', ppid: 1, pgrp: 121, session: 121, starttime: 320, vszKb: 3000, rssKb: 900, uid: 65534, cmdline: ['nobodyd'] },
      { pid: 200, comm: 'bash', ppid: 1, pgrp: 200, session: 200, tty: PTS0, tpgid: 412, starttime: 400, utime: 5, stime: 3, vszKb: 8992, rssKb: 5440, cmdline: ['-bash'] },
      { pid: 300, comm: 'sleep', ppid: 200, pgrp: 300, session: 200, tty: PTS0, tpgid: 412, starttime: 50000, vszKb: 5476, rssKb: 1024, cmdline: ['sleep', '1000'] },
      { pid: 301, comm: 'sleep', ppid: 200, pgrp: 301, session: 200, tty: PTS0, tpgid: 412, starttime: 50010, vszKb: 5476, rssKb: 1024, nice: 10, cmdline: ['sleep', '999'] },
      { pid: 302, comm: 'stress', ppid: 200, pgrp: 302, session: 200, tty: PTS0, tpgid: 412, starttime: 60000, state: 'R', utime: 3000, stime: 10, vszKb: 3708, rssKb: 256, nice: -5, cmdline: ['stress', '--cpu', '1'] },
      { pid: 303, comm: 'sleep', ppid: 200, pgrp: 303, session: 200, tty: PTS0, tpgid: 412, starttime: 61000, state: 'Z', cmdline: [] },
      { pid: 304, comm: 'my prog (x)', ppid: 200, pgrp: 304, session: 200, tty: PTS0, tpgid: 412, starttime: 62000, vszKb: 2000, rssKb: 800, uid: 1000, cmdline: ['./my prog (x)', 'a\tb'] },
      { pid: 400, comm: 'bash', ppid: 1, pgrp: 400, session: 400, tty: PTS1, tpgid: 400, starttime: 70000, vszKb: 8992, rssKb: 5300, cmdline: ['bash'] },
      { pid: 412, comm: 'ps', ppid: 200, pgrp: 412, session: 200, tty: PTS0, tpgid: 412, starttime: 75430, state: 'R', vszKb: 9920, rssKb: 3584, cmdline: ['ps'] },
    ],
    ...over,
  };
}

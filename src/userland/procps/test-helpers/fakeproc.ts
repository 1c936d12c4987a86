// A tiny in-memory "kernel" for unit-testing procps programs before the real kernel boots:
// it answers the syscalls ps/top/kill... make, from a fake /proc built from process specs
// written in the exact Linux 6.x file formats (proc(5)). Test-only.
import type { Program, SysReq, Stat } from '../../../kernel/syscall';
import { S_IFDIR, S_IFREG, S_IFCHR, S_IFLNK, makedev } from '../../../kernel/syscall';

export interface FakeProc {
  pid: number;
  comm: string;
  state?: string; // R S D Z T I
  ppid?: number;
  pgrp?: number;
  session?: number;
  tty?: number; // tty_nr
  tpgid?: number;
  utime?: number;
  stime?: number;
  nice?: number;
  threads?: number[]; // tids (first = pid)
  starttime?: number; // ticks
  vszKb?: number;
  rssKb?: number;
  uid?: number;
  gid?: number;
  cmdline?: string[];
  processor?: number;
  environ?: string[];
  sigCgt?: string;
}

export interface FakeSystem {
  procs: FakeProc[];
  uptimeCs: number; // 1/100 s
  btime: number;
  memTotalKb?: number;
  pidMax?: number;
  self: number; // pid of the program under test
  euid?: number;
  tty?: { rows: number; cols: number } | null; // stdout is a tty of this size, or not a tty
  passwd?: string;
  extraFiles?: Record<string, string>;
  loadavg?: string;
  cpuLine?: string;
}

export function statLine(p: FakeProc): string {
  const f: (string | number)[] = [
    p.pid, `(${p.comm})`, p.state ?? 'S', p.ppid ?? 0, p.pgrp ?? p.pid, p.session ?? p.pid, p.tty ?? 0,
    p.tpgid ?? -1, 4194304, 100, 0, 0, 0, p.utime ?? 0, p.stime ?? 0, 0, 0, 20 + (p.nice ?? 0), p.nice ?? 0,
    p.threads?.length ?? 1, 0, p.starttime ?? 0, (p.vszKb ?? 0) * 1024, Math.floor((p.rssKb ?? 0) / 4),
    '18446744073709551615', 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 17, p.processor ?? 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0,
  ];
  return f.join(' ') + '\n';
}

export function statusText(p: FakeProc): string {
  const st = p.state ?? 'S';
  const names: Record<string, string> = { R: 'R (running)', S: 'S (sleeping)', D: 'D (disk sleep)', Z: 'Z (zombie)', T: 'T (stopped)', I: 'I (idle)' };
  const uid = p.uid ?? 0;
  const gid = p.gid ?? 0;
  let s = `Name:\t${p.comm}\nUmask:\t0022\nState:\t${names[st] ?? st}\nTgid:\t${p.pid}\nNgid:\t0\nPid:\t${p.pid}\nPPid:\t${p.ppid ?? 0}\n`;
  s += `TracerPid:\t0\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nGid:\t${gid}\t${gid}\t${gid}\t${gid}\n`;
  if (p.vszKb && st !== 'Z') s += `VmSize:\t${String(p.vszKb).padStart(8)} kB\nVmLck:\t       0 kB\nVmRSS:\t${String(p.rssKb ?? 0).padStart(8)} kB\n`;
  s += `Threads:\t${p.threads?.length ?? 1}\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\nSigCgt:\t${p.sigCgt ?? '0000000000000000'}\n`;
  return s;
}

type Node = { kind: 'file'; data: string } | { kind: 'dir' } | { kind: 'link'; target: string } | { kind: 'chr'; rdev: number };

export class FakeKernel {
  files = new Map<string, Node>();
  stdout = '';
  stderr = '';
  kills: Array<[number, number]> = [];
  fds = new Map<number, { path: string; off: number }>();
  nextFd = 3;
  input: string[] = [];
  nowSec: number;

  constructor(readonly sys: FakeSystem) {
    this.nowSec = sys.btime + Math.floor(sys.uptimeCs / 100);
    const dir = (p: string) => this.files.set(p, { kind: 'dir' });
    const file = (p: string, d: string) => this.files.set(p, { kind: 'file', data: d });
    dir('/');
    dir('/proc');
    dir('/dev');
    dir('/dev/pts');
    dir('/etc');
    dir('/proc/sys');
    dir('/proc/sys/kernel');
    file('/proc/sys/kernel/pid_max', `${sys.pidMax ?? 4194304}\n`);
    const mt = sys.memTotalKb ?? 4194304;
    file('/proc/meminfo', `MemTotal:       ${mt} kB\nMemFree:        ${mt - 200000} kB\nMemAvailable:   ${mt - 120000} kB\nBuffers:           10000 kB\nCached:            70000 kB\nSwapCached:            0 kB\nShmem:              1000 kB\nSReclaimable:       5000 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n`);
    const up = `${Math.floor(sys.uptimeCs / 100)}.${String(sys.uptimeCs % 100).padStart(2, '0')}`;
    file('/proc/uptime', `${up} ${up}\n`);
    file('/proc/loadavg', sys.loadavg ?? `0.00 0.00 0.00 1/${sys.procs.length} ${Math.max(...sys.procs.map((p) => p.pid))}\n`);
    file('/proc/stat', `${sys.cpuLine ?? 'cpu  100 0 50 10000 0 0 0 0 0 0'}\ncpu0 50 0 25 5000 0 0 0 0 0 0\ncpu1 50 0 25 5000 0 0 0 0 0 0\nintr 1000 0 0\nctxt 5000\nbtime ${sys.btime}\nprocesses 500\nprocs_running 1\nprocs_blocked 0\nsoftirq 100 0 0 0 0 0 0 0 0 0 0\n`);
    file('/etc/passwd', sys.passwd ?? 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\nverylongusername:x:1000:1000::/home/v:/bin/bash\n');
    file('/etc/group', 'root:x:0:\n');
    this.files.set('/dev/pts/0', { kind: 'chr', rdev: makedev(136, 0) });
    this.files.set('/dev/pts/1', { kind: 'chr', rdev: makedev(136, 1) });
    this.files.set('/dev/tty1', { kind: 'chr', rdev: makedev(4, 1) });
    this.files.set('/dev/console', { kind: 'chr', rdev: makedev(5, 1) });
    for (const p of sys.procs) {
      const d = `/proc/${p.pid}`;
      dir(d);
      file(`${d}/stat`, statLine(p));
      file(`${d}/status`, statusText(p));
      file(`${d}/cmdline`, p.state === 'Z' ? '' : (p.cmdline ?? []).map((a) => a + '\0').join(''));
      file(`${d}/environ`, (p.environ ?? []).map((a) => a + '\0').join(''));
      file(`${d}/statm`, `${Math.floor((p.vszKb ?? 0) / 4)} ${Math.floor((p.rssKb ?? 0) / 4)} ${Math.floor((p.rssKb ?? 0) / 8)} 1 0 1 0\n`);
      dir(`${d}/task`);
      for (const tid of p.threads ?? [p.pid]) {
        const t = { ...p, pid: tid };
        dir(`${d}/task/${tid}`);
        file(`${d}/task/${tid}/stat`, statLine(t));
        file(`${d}/task/${tid}/cmdline`, p.state === 'Z' ? '' : (p.cmdline ?? []).map((a) => a + '\0').join(''));
        file(`${d}/task/${tid}/status`, statusText(t).replace(`Tgid:\t${tid}`, `Tgid:\t${p.pid}`));
      }
    }
    this.files.set('/proc/self', { kind: 'link', target: String(sys.self) });
    for (const [k, v] of Object.entries(sys.extraFiles ?? {})) file(k, v);
  }

  resolve(path: string): string {
    if (path.startsWith('/proc/self')) path = `/proc/${this.sys.self}` + path.slice('/proc/self'.length);
    return path;
  }

  private statOf(path: string): Stat | number {
    const n = this.files.get(this.resolve(path));
    if (!n) return -2;
    const mode = n.kind === 'dir' ? S_IFDIR | 0o555 : n.kind === 'chr' ? S_IFCHR | 0o620 : n.kind === 'link' ? S_IFLNK | 0o777 : S_IFREG | 0o444;
    return { dev: 0, ino: 1, mode, nlink: 1, uid: 0, gid: 0, rdev: n.kind === 'chr' ? n.rdev : 0, size: 0, blksize: 4096, blocks: 0, atimeNs: 0, mtimeNs: 0, ctimeNs: 0 };
  }

  handle(req: SysReq): unknown {
    const a = req.args;
    switch (req.nr) {
      case 'open': {
        const p = this.resolve(a[0] as string);
        const n = this.files.get(p);
        if (!n) return -2;
        const fd = this.nextFd++;
        this.fds.set(fd, { path: p, off: 0 });
        return fd;
      }
      case 'read': {
        const fd = a[0] as number;
        if (fd === 0) {
          const s = this.input.shift();
          return new TextEncoder().encode(s ?? '');
        }
        const f = this.fds.get(fd);
        if (!f) return -9;
        const n = this.files.get(f.path);
        if (!n || n.kind !== 'file') return -21;
        const bytes = new TextEncoder().encode(n.data);
        const chunk = bytes.subarray(f.off, f.off + (a[1] as number));
        f.off += chunk.length;
        return chunk;
      }
      case 'close':
        this.fds.delete(a[0] as number);
        return 0;
      case 'getdents': {
        const f = this.fds.get(a[0] as number);
        if (!f) return -9;
        const pre = f.path === '/' ? '/' : f.path + '/';
        const names = new Set<string>();
        for (const k of this.files.keys()) {
          if (k.startsWith(pre) && k.length > pre.length) {
            const rest = k.slice(pre.length);
            if (!rest.includes('/')) names.add(rest);
          }
        }
        return ['.', '..', ...names].map((name) => ({ name, ino: 1, type: 0 }));
      }
      case 'stat': case 'lstat':
        return this.statOf(a[0] as string);
      case 'write': {
        const d = a[1];
        const s = typeof d === 'string' ? d : new TextDecoder().decode(d as Uint8Array);
        if (a[0] === 1) this.stdout += s;
        else if (a[0] === 2) this.stderr += s;
        return typeof d === 'string' ? new TextEncoder().encode(d).length : (d as Uint8Array).length;
      }
      case 'ioctl': {
        const req2 = a[1] as number;
        if (!this.sys.tty) return -25;
        if (req2 === 0x5413) return { rows: this.sys.tty.rows, cols: this.sys.tty.cols };
        if (req2 === 0x5401) return { iflag: 0, oflag: 0, cflag: 0, lflag: 0, cc: [] };
        return 0;
      }
      case 'geteuid': case 'getuid':
        return this.sys.euid ?? 0;
      case 'getpid':
        return this.sys.self;
      case 'getpgid': case 'getsid': {
        const me = this.sys.procs.find((p) => p.pid === this.sys.self);
        return req.nr === 'getpgid' ? me?.pgrp ?? this.sys.self : me?.session ?? this.sys.self;
      }
      case 'clock_gettime':
        return [this.nowSec, 0];
      case 'kill': {
        const pid = a[0] as number;
        const sig = a[1] as number;
        if (sig < 0 || sig > 64) return -22;
        if (!this.sys.procs.some((p) => p.pid === pid || -p.pgrp! === pid)) return -3;
        this.kills.push([pid, sig]);
        return 0;
      }
      case 'nanosleep':
        this.nowSec += Math.floor((a[0] as number) / 1e9);
        return 0;
      case 'uname':
        return { sysname: 'Linux', nodename: 'lab', release: '6.1.0', version: '#1', machine: 'x86_64', domainname: '(none)' };
      case 'getpriority':
        return 0;
      case 'setpriority':
        return 0;
      case 'rt_sigaction':
        return { handler: 'default' };
      default:
        return -38; // ENOSYS
    }
  }

  /** Run a program to completion; returns its exit status. */
  run(gen: Program): number {
    let r = gen.next();
    let guard = 0;
    while (!r.done) {
      if (++guard > 1e6) throw new Error('runaway program');
      r = gen.next(this.handle(r.value));
    }
    return r.value;
  }
}

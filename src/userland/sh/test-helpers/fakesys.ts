// A tiny synchronous fake kernel for testing the shell without the real one: processes run to
// completion when forked, pipes have unbounded buffers, a few fake programs (cat, true, false,
// sleep, env) can be exec'd. Good enough for builtins, expansion, redirections and pipelines.
import type { Program, SysReq, SigAction } from '../../../kernel/syscall';
import { S_IFREG, S_IFDIR, O_CREAT, O_TRUNC, O_APPEND, O_ACCMODE, O_RDONLY, DT_DIR, DT_REG } from '../../../kernel/syscall';
import { sys } from '../../lib/sys';
import { encode, decode } from '../../lib/text';

interface Pipe { buf: string; writers: number }
type Desc =
  | { k: 'file'; path: string; pos: number; append: boolean; write: boolean }
  | { k: 'pipe'; p: Pipe; w: boolean }
  | { k: 'out'; name: 'stdout' | 'stderr' }
  | { k: 'in' }
  | { k: 'null' };

interface Proc {
  pid: number;
  ppid: number;
  fds: Map<number, Desc>;
  cwd: string;
  exitStatus?: number; // wait status
  reaped: boolean;
  sigs: Map<number, SigAction>;
}

class Killed {
  constructor(readonly sig: number) {}
}
class Exited {
  constructor(readonly code: number) {}
}

export class FakeKernel {
  files = new Map<string, string>();
  dirs = new Set<string>(['/', '/tmp', '/usr', '/usr/bin', '/etc', '/root']);
  out = '';
  stdout = '';
  stderr = '';
  stdin = '';
  procs = new Map<number, Proc>();
  nextPid = 100;
  /** make the next N forks fail with -failErrno */
  failForks = 0;
  failErrno = 11;
  slept: number[] = [];

  constructor() {
    for (const p of ['cat', 'true', 'false', 'sleep', 'env', 'ls']) this.files.set('/usr/bin/' + p, '#!builtin ' + p);
    this.files.set('/etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n');
  }

  private abs(cwd: string, p: string): string {
    const full = p.startsWith('/') ? p : cwd + '/' + p;
    const out: string[] = [];
    for (const c of full.split('/')) {
      if (!c || c === '.') continue;
      if (c === '..') out.pop();
      else out.push(c);
    }
    return '/' + out.join('/');
  }

  run(main: (s: typeof sys, argv: string[], envp: string[]) => Program, argv: string[], envp: string[] = ['HOME=/root', 'PATH=/usr/bin']): number {
    const p: Proc = { pid: this.nextPid++, ppid: 1, fds: new Map([[0, { k: 'in' }], [1, { k: 'out', name: 'stdout' }], [2, { k: 'out', name: 'stderr' }]]), cwd: '/root', reaped: false, sigs: new Map() };
    this.procs.set(p.pid, p);
    const st = this.drive(p, main(sys, argv, envp));
    return st & 0x7f ? 128 + (st & 0x7f) : st >> 8;
  }

  /** Runs a process to completion; returns its wait status. */
  private drive(p: Proc, gen0: Program): number {
    let gen = gen0;
    let answer: unknown = undefined;
    try {
      for (;;) {
        const r = gen.next(answer);
        if (r.done) {
          p.exitStatus = (r.value & 0xff) << 8;
          break;
        }
        const res = this.syscall(p, r.value);
        if (res && typeof res === 'object' && 'exec' in res) {
          gen = (res as { exec: Program }).exec;
          answer = undefined;
          continue;
        }
        answer = res;
      }
    } catch (e) {
      if (e instanceof Killed) p.exitStatus = e.sig;
      else if (e instanceof Exited) p.exitStatus = (e.code & 0xff) << 8;
      else throw e;
    }
    for (const fd of [...p.fds.keys()]) this.closeFd(p, fd);
    return p.exitStatus!;
  }

  private closeFd(p: Proc, fd: number): number {
    const d = p.fds.get(fd);
    if (!d) return -9;
    if (d.k === 'pipe' && d.w) d.p.writers--;
    p.fds.delete(fd);
    return 0;
  }

  private setFd(p: Proc, fd: number, d: Desc): void {
    if (p.fds.has(fd)) this.closeFd(p, fd);
    if (d.k === 'pipe' && d.w) d.p.writers++;
    p.fds.set(fd, { ...d });
  }

  private lowest(p: Proc, min: number): number {
    let fd = min;
    while (p.fds.has(fd)) fd++;
    return fd;
  }

  private syscall(p: Proc, req: SysReq): unknown {
    const a = req.args as unknown[];
    switch (req.nr) {
      case 'write': {
        const d = p.fds.get(a[0] as number);
        const data = typeof a[1] === 'string' ? (a[1] as string) : decode(a[1] as Uint8Array);
        const n = typeof a[1] === 'string' ? encode(a[1] as string).length : (a[1] as Uint8Array).length;
        if (!d) return -9;
        if (d.k === 'out') {
          this.out += data;
          if (d.name === 'stdout') this.stdout += data;
          else this.stderr += data;
        } else if (d.k === 'pipe') {
          if (!d.w) return -9;
          d.p.buf += data;
        } else if (d.k === 'file') {
          if (!d.write) return -9;
          const cur = this.files.get(d.path) ?? '';
          if (d.append) d.pos = cur.length;
          this.files.set(d.path, cur.slice(0, d.pos) + data + cur.slice(d.pos + data.length));
          d.pos += data.length;
        }
        return n;
      }
      case 'read': {
        const d = p.fds.get(a[0] as number);
        const count = a[1] as number;
        if (!d) return -9;
        let s = '';
        if (d.k === 'in') {
          s = this.stdin.slice(0, count);
          this.stdin = this.stdin.slice(s.length);
        } else if (d.k === 'pipe') {
          s = d.p.buf.slice(0, count);
          d.p.buf = d.p.buf.slice(s.length);
        } else if (d.k === 'file') {
          const cur = this.files.get(d.path) ?? '';
          s = cur.slice(d.pos, d.pos + count);
          d.pos += s.length;
        }
        return encode(s);
      }
      case 'open': {
        const path = this.abs(p.cwd, a[0] as string);
        const flags = a[1] as number;
        if (path === '/dev/null') {
          const fd = this.lowest(p, 0);
          p.fds.set(fd, { k: 'null' });
          return fd;
        }
        if (this.dirs.has(path)) {
          if ((flags & O_ACCMODE) !== O_RDONLY) return -21;
          const fd = this.lowest(p, 0);
          p.fds.set(fd, { k: 'file', path, pos: 0, append: false, write: false });
          return fd;
        }
        if (!this.files.has(path)) {
          if (!(flags & O_CREAT)) return -2;
          const dir = path.slice(0, path.lastIndexOf('/')) || '/';
          if (!this.dirs.has(dir)) return -2;
          this.files.set(path, '');
        }
        if (flags & O_TRUNC) this.files.set(path, '');
        const fd = this.lowest(p, 0);
        p.fds.set(fd, { k: 'file', path, pos: 0, append: !!(flags & O_APPEND), write: (flags & O_ACCMODE) !== O_RDONLY });
        return fd;
      }
      case 'close':
        return this.closeFd(p, a[0] as number);
      case 'pipe': {
        const pipe: Pipe = { buf: '', writers: 0 };
        const r = this.lowest(p, 0);
        p.fds.set(r, { k: 'pipe', p: pipe, w: false });
        const w = this.lowest(p, 0);
        this.setFd(p, w, { k: 'pipe', p: pipe, w: true });
        return [r, w];
      }
      case 'dup2': {
        const d = p.fds.get(a[0] as number);
        if (!d) return -9;
        if (a[0] === a[1]) return a[1];
        this.setFd(p, a[1] as number, d);
        return a[1];
      }
      case 'dup': {
        const d = p.fds.get(a[0] as number);
        if (!d) return -9;
        const fd = this.lowest(p, 0);
        this.setFd(p, fd, d);
        return fd;
      }
      case 'fcntl': {
        const d = p.fds.get(a[0] as number);
        if (!d) return -9;
        const fd = this.lowest(p, a[2] as number);
        this.setFd(p, fd, d);
        return fd;
      }
      case 'ioctl':
        return -25;
      case 'stat':
      case 'lstat': {
        const path = this.abs(p.cwd, a[0] as string);
        if (this.dirs.has(path)) return { mode: S_IFDIR | 0o755, size: 0, ino: 1, dev: 1, uid: 0, gid: 0, nlink: 2, rdev: 0, blksize: 4096, blocks: 0, atimeNs: 0, mtimeNs: 0, ctimeNs: 0 };
        if (this.files.has(path)) return { mode: S_IFREG | (path.startsWith('/usr/bin/') || path.endsWith('.sh') ? 0o755 : 0o644), size: this.files.get(path)!.length, ino: 2, dev: 1, uid: 0, gid: 0, nlink: 1, rdev: 0, blksize: 4096, blocks: 0, atimeNs: 0, mtimeNs: 0, ctimeNs: 0 };
        return -2;
      }
      case 'access': {
        const path = this.abs(p.cwd, a[0] as string);
        if (this.dirs.has(path)) return 0;
        if (!this.files.has(path)) return -2;
        if ((a[1] as number) & 1) return path.startsWith('/usr/bin/') || path.endsWith('.sh') ? 0 : -13;
        return 0;
      }
      case 'getdents': {
        const d = p.fds.get(a[0] as number);
        if (!d || d.k !== 'file') return -9;
        const pre = d.path === '/' ? '/' : d.path + '/';
        const names = new Map<string, number>();
        for (const f of this.files.keys()) if (f.startsWith(pre) && !f.slice(pre.length).includes('/')) names.set(f.slice(pre.length), DT_REG);
        for (const f of this.dirs) if (f.startsWith(pre) && f !== '/' && !f.slice(pre.length).includes('/')) names.set(f.slice(pre.length), DT_DIR);
        return [{ name: '.', ino: 1, type: DT_DIR }, { name: '..', ino: 1, type: DT_DIR }, ...[...names].map(([name, type]) => ({ name, ino: 3, type }))];
      }
      case 'mkdir':
        this.dirs.add(this.abs(p.cwd, a[0] as string));
        return 0;
      case 'chdir': {
        const path = this.abs(p.cwd, a[0] as string);
        if (this.files.has(path)) return -20;
        if (!this.dirs.has(path)) return -2;
        p.cwd = path;
        return 0;
      }
      case 'getcwd':
        return p.cwd;
      case 'nanosleep':
        this.slept.push(a[0] as number);
        return 0;
      case 'fork': {
        if (this.failForks > 0) {
          this.failForks--;
          return -this.failErrno;
        }
        const child: Proc = { pid: this.nextPid++, ppid: p.pid, fds: new Map(), cwd: p.cwd, reaped: false, sigs: new Map(p.sigs) };
        for (const [fd, d] of p.fds) this.setFd(child, fd, d);
        this.procs.set(child.pid, child);
        const fn = a[0] as () => Program;
        this.drive(child, fn());
        return child.pid;
      }
      case 'execve': {
        const path = this.abs(p.cwd, a[0] as string);
        const text = this.files.get(path);
        if (text === undefined) return this.dirs.has(path) ? -13 : -2;
        const m = /^#!builtin (\S+)/.exec(text);
        if (!m) return path.endsWith('.sh') ? -8 : -13;
        return { exec: this.fakeProgram(p, m[1]!, a[1] as string[], a[2] as string[]) };
      }
      case 'exit':
      case 'exit_group':
        throw new Exited(a[0] as number);
      case 'wait4': {
        const want = a[0] as number;
        const kids = [...this.procs.values()].filter((c) => c.ppid === p.pid && !c.reaped && (want === -1 || c.pid === want || want < -1));
        const done = kids.find((c) => c.exitStatus !== undefined);
        if (!done) return kids.length && (a[1] as number) & 1 ? { pid: 0, status: 0, rusage: { utimeNs: 0, stimeNs: 0, maxrssKb: 0 } } : -10;
        done.reaped = true;
        return { pid: done.pid, status: done.exitStatus, rusage: { utimeNs: 0, stimeNs: 0, maxrssKb: 0 } };
      }
      case 'getpid':
      case 'gettid':
        return p.pid;
      case 'getppid':
        return p.ppid;
      case 'getpgid':
      case 'getsid':
        return 100;
      case 'getuid': case 'geteuid': case 'getgid': case 'getegid':
        return 0;
      case 'rt_sigaction': {
        const old = p.sigs.get(a[0] as number) ?? { handler: 'default' };
        if (a[1]) p.sigs.set(a[0] as number, a[1] as SigAction);
        return old;
      }
      case 'kill': {
        const pid = a[0] as number;
        const sig = a[1] as number;
        if (pid === p.pid && sig !== 0) {
          const h = p.sigs.get(sig);
          if (!h || h.handler === 'default') throw new Killed(sig);
          return 0;
        }
        return this.procs.has(Math.abs(pid)) ? 0 : -3;
      }
      case 'uname':
        return { sysname: 'Linux', nodename: 'lab', release: '6.1.0', version: '#1', machine: 'x86_64', domainname: '(none)' };
      case 'clock_gettime':
        return [0, 0];
      case 'times':
        return { utime: 0, stime: 0, cutime: 0, cstime: 0 };
      case 'prlimit':
        return { cur: 1024, max: 4096 };
      case 'umask':
        return 0o022;
      case 'poll':
        return (a[0] as unknown[]).map(() => 1);
      default:
        return 0;
    }
  }

  private *fakeProgram(p: Proc, name: string, argv: string[], envp: string[]): Program {
    switch (name) {
      case 'true': case 'sleep': return 0;
      case 'false': return 1;
      case 'env':
        yield* sys.write(1, envp.join('\n') + '\n');
        return 0;
      case 'cat': {
        const srcs = argv.length > 1 ? argv.slice(1) : ['-'];
        let st = 0;
        for (const f of srcs) {
          let fd = 0;
          if (f !== '-') {
            fd = yield* sys.open(f, 0);
            if (fd < 0) {
              yield* sys.write(2, `cat: ${f}: No such file or directory\n`);
              st = 1;
              continue;
            }
          }
          for (;;) {
            const r = yield* sys.read(fd, 65536);
            if (typeof r === 'number' || r.length === 0) break;
            yield* sys.write(1, r);
          }
        }
        return st;
      }
      default:
        void p;
        return 0;
    }
  }
}

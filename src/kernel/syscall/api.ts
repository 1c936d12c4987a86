// The syscall ABI as userland sees it. Userland programs import ONLY this module (and kernel/abi).
//
// A program is a generator. Each syscall is a small generator that yields a SysReq to the kernel
// and returns the kernel's typed answer, so programs read like C:
//
//   const fd = yield* sys.open('/etc/hostname', O_RDONLY);
//   if (fd < 0) { ...fd is -errno... }
//
// Conventions (as Linux): a number result < 0 is -errno. Calls that return data return the data on
// success or a negative errno number on failure; test with `typeof r === 'number'` (see isErr).

export type SyscallName =
  | 'read' | 'write' | 'open' | 'close' | 'lseek' | 'pipe' | 'dup' | 'dup2' | 'fcntl' | 'ioctl'
  | 'stat' | 'lstat' | 'fstat' | 'getdents' | 'mkdir' | 'rmdir' | 'unlink' | 'rename' | 'link'
  | 'symlink' | 'readlink' | 'chmod' | 'chown' | 'truncate' | 'ftruncate' | 'utimens' | 'access'
  | 'chdir' | 'fchdir' | 'getcwd' | 'umask' | 'poll' | 'mknod'
  | 'fork' | 'clone' | 'execve' | 'exit' | 'exit_group' | 'wait4' | 'getpid' | 'getppid' | 'gettid'
  | 'getpgid' | 'setpgid' | 'getsid' | 'setsid' | 'getuid' | 'geteuid' | 'getgid' | 'getegid'
  | 'getgroups' | 'setuid' | 'setgid' | 'kill' | 'tgkill' | 'rt_sigaction' | 'rt_sigprocmask'
  | 'rt_sigpending' | 'rt_sigtimedwait' | 'pause' | 'nanosleep' | 'clock_gettime' | 'compute' | 'sched_yield'
  | 'mmap' | 'munmap' | 'touch' | 'getpriority' | 'setpriority' | 'prctl' | 'prlimit'
  | 'uname' | 'sethostname' | 'setdomainname' | 'syslog' | 'getrusage' | 'times'
  | 'sched_getaffinity' | 'sched_setaffinity' | 'alarm' | 'unshare' | 'setns' | 'mount' | 'umount2'
  | 'chroot' | 'pivot_root' | 'setgroups' | 'getxattr' | 'setxattr' | 'listxattr' | 'removexattr' | 'statfs';

export interface SysReq {
  readonly nr: SyscallName;
  readonly args: readonly unknown[];
}

/** What a syscall generator is: yields one request, returns the kernel's answer. */
export type SysCall<T> = Generator<SysReq, T, unknown>;

/** A running program: yields syscall requests, returns its exit status (0..255). */
export type Program = Generator<SysReq, number, unknown>;

/** Entry point of a built-in program (what `#!builtin NAME` in a file names). */
export type ProgramMain = (sys: Sys, argv: string[], envp: string[]) => Program;

/** What the kernel runs when execve() finds `#!builtin NAME`: the program and its footprint. */
export interface BuiltinImage {
  main: ProgramMain;
  /** typical VSZ/RSS of the real binary right after exec, in KiB (what ps shows for it) */
  vszKb: number;
  rssKb: number;
}

/** Signal handler: a generator run on the task before it returns to its program. */
export type SigHandlerFn = (sig: number) => Generator<SysReq, void, unknown>;

/** Disposition passed to / returned from rt_sigaction. */
export interface SigAction {
  handler: 'default' | 'ignore' | SigHandlerFn;
  /** Signals blocked while the handler runs (bit sig-1), besides the signal itself. */
  mask?: number;
  /** SA_* flags (SA_RESTART, SA_NOCLDSTOP, SA_NOCLDWAIT, SA_RESETHAND, SA_NODEFER). */
  flags?: number;
}

export interface Stat {
  dev: number; // st_dev as makedev(major, minor)
  ino: number;
  mode: number; // S_IF* | permission bits
  nlink: number;
  uid: number;
  gid: number;
  rdev: number; // for char/block devices: makedev(major, minor)
  size: number;
  blksize: number;
  blocks: number; // 512-byte blocks allocated
  atimeNs: number; // virtual CLOCK_REALTIME in ns (number: ms precision is kept above 2^53)
  mtimeNs: number;
  ctimeNs: number;
}

export interface Dirent {
  name: string;
  ino: number;
  type: number; // DT_*
}

export interface WaitResult {
  pid: number;
  /** wait status encoded as Linux does: exit → (code<<8), signal → sig | 0x80 core, stopped → (sig<<8)|0x7f, continued → 0xffff */
  status: number;
  rusage: Rusage;
}

export interface Rusage {
  utimeNs: number;
  stimeNs: number;
  maxrssKb: number;
}

export interface Tms {
  utime: number; // clock ticks (USER_HZ)
  stime: number;
  cutime: number;
  cstime: number;
}

export interface PollFd {
  fd: number;
  events: number;
}

export interface Utsname {
  sysname: string;
  nodename: string;
  release: string;
  version: string;
  machine: string;
  domainname: string;
}

export interface Rlimit {
  cur: number; // Infinity = RLIM_INFINITY
  max: number;
}

/** Timespec as [seconds, nanoseconds] (realtime seconds exceed 2^53 ns). */
export type Timespec = readonly [number, number];

/**
 * The syscall surface. Every method is a generator: call with `yield*`.
 * Blocking calls (read on an empty pipe/tty, wait4, nanosleep, pause, poll) park the task in S and
 * return -EINTR if a signal with a handler interrupts them (unless SA_RESTART applies).
 */
export interface Sys {
  // ---- files ----
  read(fd: number, count: number): SysCall<Uint8Array | number>;
  write(fd: number, data: Uint8Array | string): SysCall<number>;
  open(path: string, flags: number, mode?: number): SysCall<number>;
  close(fd: number): SysCall<number>;
  lseek(fd: number, offset: number, whence: number): SysCall<number>;
  /** pipe2: returns [readFd, writeFd] or -errno. flags: O_CLOEXEC | O_NONBLOCK */
  pipe(flags?: number): SysCall<[number, number] | number>;
  dup(fd: number): SysCall<number>;
  /** dup3 semantics when flags given (O_CLOEXEC) */
  dup2(oldfd: number, newfd: number, flags?: number): SysCall<number>;
  fcntl(fd: number, cmd: number, arg?: number): SysCall<number>;
  /** Generic ioctl for the TCGETS/TCSETS*, TIOC* requests: arg and result depend on request. */
  ioctl(fd: number, request: number, arg?: unknown): SysCall<unknown>;
  stat(path: string): SysCall<Stat | number>;
  lstat(path: string): SysCall<Stat | number>;
  fstat(fd: number): SysCall<Stat | number>;
  /** All entries of an open directory (including . and ..), in the filesystem's order. */
  getdents(fd: number): SysCall<Dirent[] | number>;
  mkdir(path: string, mode: number): SysCall<number>;
  mknod(path: string, mode: number, dev: number): SysCall<number>;
  rmdir(path: string): SysCall<number>;
  unlink(path: string): SysCall<number>;
  rename(oldpath: string, newpath: string): SysCall<number>;
  link(oldpath: string, newpath: string): SysCall<number>;
  symlink(target: string, linkpath: string): SysCall<number>;
  readlink(path: string): SysCall<string | number>;
  chmod(path: string, mode: number): SysCall<number>;
  chown(path: string, uid: number, gid: number, nofollow?: boolean): SysCall<number>;
  truncate(path: string, length: number): SysCall<number>;
  ftruncate(fd: number, length: number): SysCall<number>;
  /** utimensat: undefined = now; creates nothing (touch creates with open O_CREAT). */
  utimens(path: string, atimeNs?: number, mtimeNs?: number): SysCall<number>;
  access(path: string, mode: number): SysCall<number>;
  chdir(path: string): SysCall<number>;
  fchdir(fd: number): SysCall<number>;
  getcwd(): SysCall<string | number>;
  umask(mask: number): SysCall<number>;
  /** Returns revents per fd (same order), or -errno. timeoutNs < 0: wait forever. */
  poll(fds: PollFd[], timeoutNs: number): SysCall<number[] | number>;

  // ---- processes ----
  /** fork(): the child task runs `child()` as its program (with copies of fds, cwd, handlers, mm). */
  fork(child: () => Program): SysCall<number>;
  /** clone(2) with CLONE_* flags; `child` is the child's program. Returns the child's pid. */
  clone(flags: number, child: () => Program): SysCall<number>;
  /** Returns only on failure (-errno). */
  execve(path: string, argv: string[], envp: string[]): SysCall<number>;
  exit(status: number): SysCall<never>;
  exit_group(status: number): SysCall<never>;
  wait4(pid: number, options: number): SysCall<WaitResult | number>;
  getpid(): SysCall<number>;
  getppid(): SysCall<number>;
  gettid(): SysCall<number>;
  getpgid(pid: number): SysCall<number>;
  setpgid(pid: number, pgid: number): SysCall<number>;
  getsid(pid: number): SysCall<number>;
  setsid(): SysCall<number>;
  getuid(): SysCall<number>;
  geteuid(): SysCall<number>;
  getgid(): SysCall<number>;
  getegid(): SysCall<number>;
  getgroups(): SysCall<number[]>;
  /** setgroups(2): the supplementary group list (EPERM where the user namespace forbids it). */
  setgroups(groups: number[]): SysCall<number>;
  setuid(uid: number): SysCall<number>;
  setgid(gid: number): SysCall<number>;
  kill(pid: number, sig: number): SysCall<number>;
  tgkill(tgid: number, tid: number, sig: number): SysCall<number>;
  /** Installs `act` (if given) and returns the previous disposition. */
  sigaction(sig: number, act?: SigAction): SysCall<SigAction | number>;
  /** how = SIG_BLOCK/UNBLOCK/SETMASK; returns the old mask. */
  sigprocmask(how: number, set?: number): SysCall<number>;
  sigpending(): SysCall<number>;
  /** Sleeps until a signal is delivered; returns -EINTR. */
  pause(): SysCall<number>;
  /**
   * rt_sigtimedwait(2): take one pending signal of `set` (normally blocked) and return its number;
   * sleep up to timeoutNs (< 0: forever) for one. -EAGAIN on timeout, -EINTR if a handler ran.
   */
  sigtimedwait(set: number, timeoutNs: number): SysCall<number>;
  /** Sleeps ns of virtual time. 0, or -EINTR if interrupted by a handled signal. */
  nanosleep(ns: number): SysCall<number>;
  clock_gettime(clock: number): SysCall<Timespec | number>;
  /** Burn `ns` of CPU time under the scheduler (state R while waiting for / using a CPU). */
  compute(ns: number): SysCall<number>;
  sched_yield(): SysCall<number>;
  /** Reserve `bytes` of address space (VSZ). Returns an opaque address or -ENOMEM. */
  mmap(bytes: number): SysCall<number>;
  munmap(addr: number): SysCall<number>;
  /** Fault in `bytes` of a mapping made with mmap (RSS grows, charged to the task's memory). */
  touch(addr: number, bytes: number): SysCall<number>;
  /** As the raw syscall: 20 - nice (1..40), or -errno. glibc's getpriority() subtracts it from 20. */
  getpriority(which: number, who: number): SysCall<number>;
  setpriority(which: number, who: number, nice: number): SysCall<number>;
  prctl(option: number, arg?: number | string): SysCall<number | string>;
  /** prlimit(pid, resource, new?) → old limit. pid 0 = self. */
  prlimit(pid: number, resource: number, newLimit?: Rlimit): SysCall<Rlimit | number>;
  uname(): SysCall<Utsname>;
  sethostname(name: string): SysCall<number>;
  setdomainname(name: string): SysCall<number>;
  /** klogctl: READ_ALL returns the ring buffer text; CLEAR returns 0. */
  syslog(action: number): SysCall<string | number>;
  getrusage(who: number): SysCall<Rusage>;
  times(): SysCall<Tms>;
  /** Number of CPUs the task may run on (sched_getaffinity popcount). */
  sched_getaffinity(pid: number): SysCall<number[] | number>;
  /** alarm(seconds): SIGALRM after that much virtual time; returns seconds left on the old alarm. */
  alarm(seconds: number): SysCall<number>;
  /** sched_setaffinity: the CPUs (numbers) the task may run on; EINVAL if none is allowed by its cpuset. */
  sched_setaffinity(pid: number, cpus: number[]): SysCall<number>;
  /** unshare(2) with CLONE_NEW* (and CLONE_FS/CLONE_FILES) flags. */
  unshare(flags: number): SysCall<number>;
  /** setns(2): fd from open("/proc/PID/ns/TYPE"); nstype 0 or the CLONE_NEW* flag it must match. */
  setns(fd: number, nstype: number): SysCall<number>;
  /**
   * mount(2). `fstype` null for propagation changes (MS_SHARED/MS_PRIVATE/MS_SLAVE/MS_UNBINDABLE
   * with MS_REC) and remounts; `data` is the comma-separated option string ("" for none).
   */
  mount(source: string, target: string, fstype: string | null, flags: number, data: string): SysCall<number>;
  /** umount2(2): MNT_DETACH, MNT_FORCE, UMOUNT_NOFOLLOW. */
  umount2(target: string, flags: number): SysCall<number>;
  chroot(path: string): SysCall<number>;
  pivot_root(newRoot: string, putOld: string): SysCall<number>;
  /** getxattr/lgetxattr (nofollow): the value, or -ENODATA / -EOPNOTSUPP / -errno. */
  getxattr(path: string, name: string, nofollow?: boolean): SysCall<Uint8Array | number>;
  /** setxattr/lsetxattr: flags XATTR_CREATE (1) / XATTR_REPLACE (2). */
  setxattr(path: string, name: string, value: Uint8Array | string, flags?: number, nofollow?: boolean): SysCall<number>;
  /** listxattr/llistxattr: the names the caller may see (trusted.* only with CAP_SYS_ADMIN). */
  listxattr(path: string, nofollow?: boolean): SysCall<string[] | number>;
  removexattr(path: string, name: string, nofollow?: boolean): SysCall<number>;
  /** statfs(2) of the filesystem holding `path`. */
  statfs(path: string): SysCall<Statfs | number>;
}

/** struct statfs (f_type is the filesystem's magic number, e.g. TMPFS_MAGIC 0x01021994). */
export interface Statfs {
  type: number;
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
  namelen: number;
  frsize: number;
  /** ST_RDONLY (1), ST_NOSUID (2), ST_NODEV (4), ST_NOEXEC (8), ST_RELATIME (0x1000) */
  flags: number;
}

/** True if a syscall result is an error (-errno). */
export function isErr(r: unknown): r is number {
  return typeof r === 'number' && r < 0;
}

// wait status helpers (the W* macros of <sys/wait.h>)
export const WIFEXITED = (s: number): boolean => (s & 0x7f) === 0;
export const WEXITSTATUS = (s: number): number => (s >> 8) & 0xff;
export const WIFSIGNALED = (s: number): boolean => (s & 0x7f) !== 0 && (s & 0x7f) !== 0x7f;
export const WTERMSIG = (s: number): number => s & 0x7f;
export const WCOREDUMP = (s: number): boolean => (s & 0x80) !== 0;
export const WIFSTOPPED = (s: number): boolean => (s & 0xff) === 0x7f;
export const WSTOPSIG = (s: number): number => (s >> 8) & 0xff;
export const WIFCONTINUED = (s: number): boolean => s === 0xffff;

/** makedev/major/minor as glibc encodes dev_t (for values < 2^32). */
export const makedev = (major: number, minor: number): number =>
  ((major & 0xfff) << 8) | (minor & 0xff) | ((minor & ~0xff) << 12);
export const major = (dev: number): number => (dev >>> 8) & 0xfff;
export const minor = (dev: number): number => (dev & 0xff) | ((dev >>> 12) & ~0xff);

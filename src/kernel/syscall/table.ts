// The syscall table: one entry per syscall with its handler, its support level and what it
// ignores (gVisor-style), and its cost in system CPU time. `lab-syscalls` prints this table.
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import type { SyscallName } from './api';
import * as fs from './fs';
import * as pr from './process';
import * as nsc from './ns';
import * as mnt from './mount';
import * as xa from './xattr';
import * as sfs from './statfs';

export type Support = 'full' | 'partial' | 'stub';

export interface SyscallEntry {
  handler: (k: Kernel, t: Task, ...args: unknown[]) => unknown;
  support: Support;
  note: string;
  /** system time charged per call, ns */
  costNs: number;
}

type H = SyscallEntry['handler'];
const e = (handler: unknown, support: Support, note: string, costNs = 300): SyscallEntry => ({ handler: handler as H, support, note, costNs });

export const SYSCALL_TABLE: Record<SyscallName, SyscallEntry> = {
  read: e(fs.sys_read, 'full', 'blocking reads on pipes and ttys; O_NONBLOCK → EAGAIN', 400),
  write: e(fs.sys_write, 'full', 'SIGPIPE/EPIPE on pipes without readers; tty output through OPOST', 400),
  open: e(fs.sys_open, 'full', 'O_CREAT/O_EXCL/O_TRUNC/O_APPEND/O_DIRECTORY/O_NOFOLLOW/O_CLOEXEC/O_PATH; O_DIRECT/O_SYNC accepted, inert', 1500),
  close: e(fs.sys_close, 'full', ''),
  lseek: e(fs.sys_lseek, 'full', 'SEEK_DATA/SEEK_HOLE not supported (EINVAL)'),
  pipe: e(fs.sys_pipe, 'full', 'pipe2 with O_CLOEXEC/O_NONBLOCK; 64 KiB capacity, PIPE_BUF atomicity', 1000),
  dup: e(fs.sys_dup, 'full', ''),
  dup2: e(fs.sys_dup2, 'full', 'dup2/dup3'),
  fcntl: e(fs.sys_fcntl, 'partial', 'F_DUPFD(_CLOEXEC), F_GETFD/SETFD, F_GETFL/SETFL; no locks'),
  ioctl: e(fs.sys_ioctl, 'partial', 'tty ioctls (TCGETS/TCSETS*, TIOC[GS]WINSZ, TIOC[GS]PGRP, TIOCSCTTY, TIOCNOTTY, FIONREAD)'),
  stat: e(fs.sys_stat, 'full', '', 800),
  lstat: e(fs.sys_lstat, 'full', '', 800),
  fstat: e(fs.sys_fstat, 'full', ''),
  getdents: e(fs.sys_getdents, 'full', 'returns the whole directory at once', 2000),
  mkdir: e(fs.sys_mkdir, 'full', '', 1500),
  mknod: e(fs.sys_mknod, 'partial', 'device nodes get the driver of their major:minor when the machine has one', 1500),
  rmdir: e(fs.sys_rmdir, 'full', '', 1500),
  unlink: e(fs.sys_unlink, 'full', '', 1500),
  rename: e(fs.sys_rename, 'full', 'EXDEV across mounts; no RENAME_* flags', 1500),
  link: e(fs.sys_link, 'full', '', 1500),
  symlink: e(fs.sys_symlink, 'full', '', 1500),
  readlink: e(fs.sys_readlink, 'full', ''),
  chmod: e(fs.sys_chmod, 'full', ''),
  chown: e(fs.sys_chown, 'full', 'chown/lchown; only root may change owners'),
  truncate: e(fs.sys_truncate, 'full', ''),
  ftruncate: e(fs.sys_ftruncate, 'full', ''),
  utimens: e(fs.sys_utimens, 'full', 'utimensat with explicit times or now'),
  access: e(fs.sys_access, 'full', 'checks with the real uid'),
  chdir: e(fs.sys_chdir, 'full', ''),
  fchdir: e(fs.sys_fchdir, 'full', ''),
  getcwd: e(fs.sys_getcwd, 'full', ''),
  umask: e(fs.sys_umask, 'full', ''),
  poll: e(fs.sys_poll, 'full', 'pipes, ttys, regular files; timeout in ns (<0 = forever)'),
  fork: e(pr.sys_fork, 'full', 'the child runs the program closure passed by the caller', 60_000),
  clone: e(pr.sys_clone, 'partial', 'CLONE_VM/FS/FILES/SIGHAND/THREAD/PARENT/VFORK; CLONE_NEWUTS; other CLONE_NEW* come with the namespaces issue (EINVAL)', 60_000),
  execve: e(pr.sys_execve, 'full', '#!builtin NAME binaries and #! scripts; ENOEXEC otherwise', 150_000),
  exit: e(pr.sys_exit, 'full', ''),
  exit_group: e(pr.sys_exit_group, 'full', ''),
  wait4: e(pr.sys_wait4, 'full', 'WNOHANG/WUNTRACED/WCONTINUED/WNOWAIT; rusage has times only'),
  getpid: e(pr.sys_getpid, 'full', '', 100),
  getppid: e(pr.sys_getppid, 'full', '', 100),
  gettid: e(pr.sys_gettid, 'full', '', 100),
  getpgid: e(pr.sys_getpgid, 'full', '', 100),
  setpgid: e(pr.sys_setpgid, 'full', ''),
  getsid: e(pr.sys_getsid, 'full', '', 100),
  setsid: e(pr.sys_setsid, 'full', ''),
  getuid: e(pr.sys_getuid, 'full', '', 100),
  geteuid: e(pr.sys_geteuid, 'full', '', 100),
  getgid: e(pr.sys_getgid, 'full', '', 100),
  getegid: e(pr.sys_getegid, 'full', '', 100),
  getgroups: e(pr.sys_getgroups, 'full', 'gids as the caller\'s user namespace maps them', 100),
  setgroups: e(pr.sys_setgroups, 'full', 'CAP_SETGID, and /proc/PID/setgroups "allow" with a gid_map in user namespaces', 300),
  setuid: e(pr.sys_setuid, 'partial', 'no capabilities yet: euid 0 may set any uid'),
  setgid: e(pr.sys_setgid, 'partial', 'no capabilities yet: euid 0 may set any gid'),
  kill: e(pr.sys_kill, 'full', 'standard signals 1-31; real-time signals are EINVAL'),
  tgkill: e(pr.sys_tgkill, 'full', ''),
  rt_sigaction: e(pr.sys_rt_sigaction, 'full', 'SA_RESTART/SA_NOCLDSTOP/SA_NOCLDWAIT/SA_RESETHAND/SA_NODEFER; no SA_SIGINFO data'),
  rt_sigprocmask: e(pr.sys_rt_sigprocmask, 'full', ''),
  rt_sigpending: e(pr.sys_rt_sigpending, 'full', ''),
  rt_sigtimedwait: e(pr.sys_rt_sigtimedwait, 'full', 'returns the signal number; no siginfo (signals 1-31 carry no queue)'),
  pause: e(pr.sys_pause, 'full', ''),
  nanosleep: e(pr.sys_nanosleep, 'full', 'EINTR on a handled signal; resumes transparently after SIGSTOP/SIGCONT'),
  clock_gettime: e(pr.sys_clock_gettime, 'full', 'REALTIME, MONOTONIC, BOOTTIME, PROCESS_CPUTIME_ID', 50),
  compute: e(pr.sys_compute, 'full', 'simulator call: burn CPU time under the scheduler', 0),
  sched_yield: e(pr.sys_sched_yield, 'full', ''),
  mmap: e(pr.sys_mmap, 'partial', 'anonymous private mappings only (VSZ)', 1000),
  munmap: e(pr.sys_munmap, 'full', ''),
  touch: e(pr.sys_touch, 'full', 'simulator call: fault pages in (RSS)', 500),
  getpriority: e(pr.sys_getpriority, 'full', 'returns 20 - nice like the raw syscall'),
  setpriority: e(pr.sys_setpriority, 'full', ''),
  prctl: e(pr.sys_prctl, 'partial', 'PR_SET/GET_CHILD_SUBREAPER, PR_SET/GET_NAME, PR_SET/GET_PDEATHSIG'),
  prlimit: e(pr.sys_prlimit, 'full', 'limits are stored; NPROC, NOFILE and SIGPENDING are enforced, the rest come with their subsystems'),
  uname: e(pr.sys_uname, 'full', '', 100),
  sethostname: e(pr.sys_sethostname, 'full', ''),
  setdomainname: e(pr.sys_setdomainname, 'full', ''),
  syslog: e(pr.sys_syslog, 'partial', 'READ_ALL, CLEAR, SIZE_BUFFER'),
  getrusage: e(pr.sys_getrusage, 'partial', 'RUSAGE_SELF/CHILDREN times and max RSS'),
  times: e(pr.sys_times, 'full', ''),
  sched_getaffinity: e(pr.sys_sched_getaffinity, 'full', 'the affinity mask limited by the cpuset'),
  sched_setaffinity: e(pr.sys_sched_setaffinity, 'full', 'CPUs outside the cpuset are dropped; none left → EINVAL'),
  alarm: e(pr.sys_alarm, 'full', ''),
  unshare: e(nsc.sys_unshare, 'full', 'every CLONE_NEW* type; ipc and time namespaces are identity only (no SysV IPC; no clock offsets, /proc/PID/timens_offsets absent)', 3000),
  setns: e(nsc.sys_setns, 'partial', 'nsfs descriptors from /proc/PID/ns/*; pidfds not supported (EINVAL)', 2000),
  mount: e(mnt.sys_mount, 'partial', 'proc, tmpfs, sysfs, devtmpfs, devpts, cgroup, cgroup2, overlay, bind/rbind, MS_MOVE, remount (per-mount flags), propagation (shared/private/slave/unbindable)', 5000),
  chroot: e(mnt.sys_chroot, 'full', 'needs CAP_SYS_CHROOT in the caller\'s user namespace', 1500),
  pivot_root: e(mnt.sys_pivot_root, 'full', 'the EINVAL/EBUSY conditions of pivot_root(2); tasks whose root or cwd was the old root move too', 5000),
  getxattr: e(xa.sys_getxattr, 'full', 'trusted.*, security.*, user.*; not on proc/sysfs/cgroupfs/devpts', 800),
  setxattr: e(xa.sys_setxattr, 'full', 'XATTR_CREATE/XATTR_REPLACE; values up to 64 KiB', 1500),
  listxattr: e(xa.sys_listxattr, 'full', 'trusted.* names only for CAP_SYS_ADMIN', 800),
  removexattr: e(xa.sys_removexattr, 'full', '', 1500),
  statfs: e(sfs.sys_statfs, 'partial', 'block counts from file sizes (4 KiB blocks); tmpfs size= and the root disk size are the capacity', 1000),
  umount2: e(mnt.sys_umount2, 'full', 'MNT_DETACH, MNT_FORCE (accepted), UMOUNT_NOFOLLOW', 3000),
};

export const SYSCALLS: Record<string, H> = Object.fromEntries(
  Object.entries(SYSCALL_TABLE).map(([name, en]) => [name, en.handler]),
);

const COSTS: Record<string, number> = Object.fromEntries(Object.entries(SYSCALL_TABLE).map(([n, en]) => [n, en.costNs]));

export function syscallCost(name: string): number {
  return COSTS[name] ?? 300;
}

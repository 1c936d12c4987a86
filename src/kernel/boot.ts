// Early boot (init/main.c): mount the root filesystem, devtmpfs with the standard devices,
// proc, sys, devpts, /run; create the console; then start pid 1 with /dev/console as its
// stdin/stdout/stderr. Populating the root filesystem is the machine's job (images, /etc).
import { Kernel, type KernelConfig } from './kernel';
import { makeTmpfs } from './fs/tmpfs';
import { KERN_NOTICE, KERN_INFO } from './log/printk';
import { Mount, MountNamespace, type Path } from './fs/path';
import { Vfs, openPath, installFd } from './fs/vfs';
import { INIT_INUM } from './ns/namespaces';
import { cgroupSb } from './syscall/mount';
import { V2_CONTROLLERS } from './cgroup/cgroup';
import { type Inode, type SuperBlock } from './fs/inode';
import { ProcFs } from './fs/procfs/procfs';
import { DevPts, ptmxOps } from './tty/pty';
import { Tty, ttyFileOps } from './tty/tty';
import { makePipeFs } from './fs/pipe';
import { nullOps, zeroOps, fullOps, randomOps, devTtyOps, DEV_NULL, DEV_ZERO, DEV_FULL, DEV_RANDOM, DEV_URANDOM, DEV_TTY, DEV_CONSOLE, DEV_PTMX, PTS_MAJOR } from './fs/devices';
import { makedev, major, minor } from './syscall/api';
import { S_IFCHR, S_IFDIR, O_RDWR } from './abi/flags';
import { Cred } from './task/cred';
import { FdTable } from './fs/file';
import { Mm } from './mm/mm';
import { SignalStruct } from './task/task';
import { allocPid } from './task/pid';
import { attachPgrp, attachSession } from './task/pgrp';
import { defaultRlimits } from './task/rlimit';
import type { Program, Sys } from './syscall/api';
import type { FileOps } from './fs/file';

export interface Booted {
  k: Kernel;
  console: Tty;
  rootfs: SuperBlock;
  devpts: DevPts;
}

export function bootKernel(config: KernelConfig, sys: Sys): Booted {
  const k = new Kernel(config);
  k.programSys = sys;
  const clock = { realtimeNs: () => k.realtimeNs() };
  // The root filesystem: files live in memory like tmpfs; presented as ext4 on /dev/vda1 until
  // the block layer (storage issue) gives it a disk.
  const rootfs = makeTmpfs(clock, makedev(254, 1), 'ext4', 0o755);
  // the disk behind /dev/vda1 (statfs/df capacity)
  rootfs.sizeBytes = 10 * 1024 ** 3;
  k.vfs = new Vfs();
  const rootMnt = k.vfs.register(new Mount(rootfs, rootfs.root, null, null, '/dev/vda1', ['rw', 'relatime'], ''));
  const ns = new MountNamespace(rootMnt, INIT_INUM.mnt, k.initUserNs);
  k.vfs.rootNs = ns;
  k.tmpfsSbs.push(rootfs);
  k.pipeSb = makePipeFs(makedev(0, 14));

  const root: Path = { mnt: rootMnt, inode: rootfs.root };
  const mkdirp = (path: string, mode = 0o755): Inode => {
    let cur = rootfs.root;
    for (const part of path.split('/').filter(Boolean)) {
      let next = cur.entries!.get(part);
      if (!next) {
        const r = rootfs.dirOps.create!(cur, part, S_IFDIR | mode, 0, 0, 0);
        if (typeof r === 'number') throw new Error(`boot: mkdir ${path}`);
        next = r;
      }
      cur = next;
    }
    return cur;
  };
  const mountAt = (dirPath: string, sb: SuperBlock, devname: string, flags: string[], opts: string): Mount => {
    const mp = mkdirp(dirPath);
    const m = k.vfs.register(new Mount(sb, sb.root, rootMnt, mp, devname, flags, opts));
    rootMnt.children.set(mp, m);
    return m;
  };

  // devtmpfs
  const devfs = makeTmpfs(clock, makedev(0, 5), 'devtmpfs', 0o755);
  k.devtmpfsSb = devfs;
  devfs.sizeBytes = Math.floor(config.ramBytes / 2);
  k.tmpfsSbs.push(devfs);
  const ramKb = Math.floor(config.ramBytes / 1024);
  const devMnt = mountAt('/dev', devfs, 'udev', ['rw', 'nosuid', 'relatime'], `size=${Math.floor(ramKb / 2)}k,nr_inodes=${Math.floor(ramKb / 16)},mode=755,inode64`);
  const console = new Tty(k, 'console', DEV_CONSOLE, () => {});
  k.console = console;
  const devpts = new DevPts(k, makedev(0, 25));
  k.devpts = devpts;
  const devOps = new Map<number, FileOps>([
    [DEV_NULL, nullOps],
    [DEV_ZERO, zeroOps],
    [DEV_FULL, fullOps],
    [DEV_RANDOM, randomOps(k)],
    [DEV_URANDOM, randomOps(k)],
    [DEV_TTY, devTtyOps],
    [DEV_CONSOLE, ttyFileOps(console)],
    [DEV_PTMX, ptmxOps(k, devpts)],
  ]);
  k.deviceOps = (rdev) => {
    const known = devOps.get(rdev);
    if (known) return known;
    if (major(rdev) === PTS_MAJOR) return devpts.ptys.get(minor(rdev))?.inode.fops ?? null;
    return null;
  };
  const mknod = (name: string, mode: number, rdev: number, gid = 0): void => {
    const r = devfs.dirOps.create!(devfs.root, name, S_IFCHR | mode, 0, gid, rdev);
    if (typeof r !== 'number') k.attachDeviceOps(r);
  };
  mknod('null', 0o666, DEV_NULL);
  mknod('zero', 0o666, DEV_ZERO);
  mknod('full', 0o666, DEV_FULL);
  mknod('random', 0o666, DEV_RANDOM);
  mknod('urandom', 0o666, DEV_URANDOM);
  mknod('tty', 0o666, DEV_TTY, 5);
  mknod('console', 0o600, DEV_CONSOLE, 5);
  mknod('ptmx', 0o666, DEV_PTMX, 5);
  for (const [name, target] of [['fd', '/proc/self/fd'], ['stdin', '/proc/self/fd/0'], ['stdout', '/proc/self/fd/1'], ['stderr', '/proc/self/fd/2']] as const) {
    devfs.dirOps.symlink!(devfs.root, name, target, 0, 0);
  }
  const shm = devfs.dirOps.create!(devfs.root, 'shm', S_IFDIR | 0o1777, 0, 0, 0);
  const pts = devfs.dirOps.create!(devfs.root, 'pts', S_IFDIR | 0o755, 0, 0, 0);
  if (typeof pts !== 'number') {
    const m = k.vfs.register(new Mount(devpts.sb, devpts.sb.root, devMnt, pts, 'devpts', ['rw', 'nosuid', 'noexec', 'relatime'], 'gid=5,mode=620,ptmxmode=000'));
    devMnt.children.set(pts, m);
  }
  if (typeof shm !== 'number') {
    const shmfs = makeTmpfs(clock, makedev(0, 26), 'tmpfs', 0o1777);
    shmfs.sizeBytes = Math.floor(config.ramBytes / 2);
    k.tmpfsSbs.push(shmfs);
    devMnt.children.set(shm, k.vfs.register(new Mount(shmfs, shmfs.root, devMnt, shm, 'tmpfs', ['rw', 'nosuid', 'nodev'], 'inode64')));
  }

  // proc, sysfs (sysfs content comes with the cgroup and network issues), /run
  const proc = new ProcFs(k, k.initPidNs, makedev(0, 22));
  mountAt('/proc', proc.sb, 'proc', ['rw', 'nosuid', 'nodev', 'noexec', 'relatime'], '');
  const sysfs = makeTmpfs(clock, makedev(0, 21), 'sysfs', 0o555);
  sysfs.readOnly = false;
  k.sysfsSb = sysfs;
  const sysMnt = mountAt('/sys', sysfs, 'sysfs', ['rw', 'nosuid', 'nodev', 'noexec', 'relatime'], '');
  mountCgroups(k, sysfs, sysMnt, clock);
  const run = makeTmpfs(clock, makedev(0, 23), 'tmpfs', 0o755);
  run.sizeBytes = Math.floor(config.ramBytes / 10);
  k.tmpfsSbs.push(run);
  mountAt('/run', run, 'tmpfs', ['rw', 'nosuid', 'nodev', 'noexec', 'relatime'], `size=${Math.floor(ramKb / 10)}k,mode=755,inode64`);
  void root;
  // The boot log, stamped as a small VM's early boot would be; init starts at about 0.9 s.
  const bootLog: Array<[number, string]> = [
    [0, `Linux version ${config.release} (container-lab) (simulated kernel) ${config.version}`],
    [0, `Command line: BOOT_IMAGE=/boot/vmlinuz-${config.release} root=/dev/vda1 ro quiet`],
    [0, `Memory: ${Math.floor(config.ramBytes / 1024)}K/${Math.floor(config.ramBytes / 1024)}K available`],
    [12_345_000, `smpboot: Allowing ${config.ncpus} CPUs, 0 hotplug CPUs`],
    [31_507_000, `pid_max: default: 32768 minimum: 301`],
    [122_842_000, `smp: Brought up 1 node, ${config.ncpus} CPUs`],
    [210_118_000, `devtmpfs: initialized`],
    [655_902_000, `EXT4-fs (vda1): mounted filesystem with ordered data mode. Quota mode: none.`],
    [862_455_000, `Run /sbin/init as init process`],
  ];
  for (const [at, msg] of bootLog) {
    k.timers.now = at;
    // the "Linux version" banner is KERN_NOTICE, the rest KERN_INFO
    k.log.log(msg, msg.startsWith('Linux version') ? KERN_NOTICE : KERN_INFO);
  }
  return { k, console, rootfs, devpts };
}

/**
 * Start pid 1: a task in the initial namespaces, root's credentials, /dev/console on fds 0-2
 * (kernel_init's console_on_rootfs), running `main` (normally /sbin/init via execve).
 */
export function spawnInit(k: Kernel, program: () => Program): void {
  const t = k.newTask();
  const pid = allocPid(k.initPidNs)!;
  t.pid = pid;
  pid.task = t;
  t.cred = new Cred(k.initUserNs);
  const root: Path = { mnt: k.vfs.rootNs.root, inode: k.vfs.rootNs.root.root };
  t.fs = { root, cwd: root, umask: 0o022 };
  t.files = new FdTable();
  t.mm = new Mm(k.mmAcct);
  t.sig = new SignalStruct();
  t.sig.rlim = defaultRlimits(k.maxThreads);
  t.sig.unkillable = true;
  t.nsproxy = {
    mnt: k.vfs.rootNs,
    uts: k.initUts,
    ipc: k.initIpc,
    net: k.initNet,
    time: k.initTime,
    timeForChildren: k.initTime,
    cgroup: k.initCgroupNs,
    pidForChildren: k.initPidNs,
  };
  k.cgroups.initTask(t);
  t.comm = 'swapper/0';
  t.startTimeNs = k.timers.now;
  attachPgrp(t, pid);
  attachSession(t, pid);
  k.initPidNs.reaper = t;
  k.init = t;
  k.nrThreads++;
  k.forks++;
  const con = openPath(k, t, '/dev/console', O_RDWR, 0);
  if (typeof con !== 'number') {
    installFd(t, con, false);
    installFd(t, con, false);
    installFd(t, con, false);
  }
  t.frames = [{ gen: program(), kind: 'main' }];
  k.sched.wakeNew(t, null);
}

/**
 * /sys/fs/cgroup as a Debian 12 boot leaves it. v1: a tmpfs with one cgroup mount per controller
 * (hierarchy ids in mount order). v2: the unified hierarchy, with every controller enabled in the
 * root's cgroup.subtree_control as systemd does at boot, so a new cgroup has cpu.max, pids.max, ...
 */
function mountCgroups(k: Kernel, sysfs: SuperBlock, sysMnt: Mount, clock: { realtimeNs(): number }): void {
  const dir = (parent: Inode, name: string, mode: number): Inode => {
    const r = parent.sb.dirOps.create!(parent, name, S_IFDIR | mode, 0, 0, 0);
    if (typeof r === 'number') throw new Error(`boot: mkdir ${name}`);
    return r;
  };
  const fsDir = dir(sysfs.root, 'fs', 0o755);
  const cgDir = dir(fsDir, 'cgroup', 0o755);
  const flags = ['rw', 'nosuid', 'nodev', 'noexec', 'relatime'];
  const attach = (parent: Mount, at: Inode, m: Mount): Mount => {
    k.vfs.register(m);
    m.parent = parent;
    m.mountpoint = at;
    parent.children.set(at, m);
    return m;
  };
  if (k.cgroups.version === 2) {
    const fs = cgroupSb(k, k.cgroups.dfl);
    attach(sysMnt, cgDir, new Mount(fs.sb, fs.sb.root, null, null, 'cgroup2', flags.slice(), 'nsdelegate,memory_recursiveprot'));
    for (const c of V2_CONTROLLERS) k.cgroups.dfl.root.subtreeControl.add(c);
    return;
  }
  const tmp = makeTmpfs(clock, makedev(0, 27), 'tmpfs', 0o755);
  tmp.sizeBytes = 4096 * 1024;
  k.tmpfsSbs.push(tmp);
  const tmpMnt = attach(sysMnt, cgDir, new Mount(tmp, tmp.root, null, null, 'tmpfs', ['ro', 'nosuid', 'nodev', 'noexec'], 'size=4096k,nr_inodes=1024,mode=755,inode64'));
  for (const h of k.cgroups.v1) {
    const name = h.controllers.join(',');
    const mp = dir(tmp.root, name, 0o555);
    const fs = cgroupSb(k, h);
    attach(tmpMnt, mp, new Mount(fs.sb, fs.sb.root, null, null, 'cgroup', flags.slice(), fs.options));
  }
}

// /proc top-level files: stat, loadavg, uptime, meminfo, cpuinfo, version, filesystems, the tty
// driver table procps uses to name terminals, and /proc/sys (sysctl).
import type { Kernel } from '../../kernel';
import type { PidNamespace } from '../../task/pid';
import type { ProcEntry } from './procfs';
import { loadText } from '../../sched/loadavg';
import { USER_HZ } from '../../abi/flags';
import { taskState } from '../../task/state';
import { sysEntries } from './sys';
import { memInfo } from '../../mm/meminfo';

const NSEC_PER_TICK = 1e9 / USER_HZ;
const ticks = (ns: number): number => Math.floor(ns / NSEC_PER_TICK);

function renderStat(k: Kernel): string {
  const now = k.timers.now;
  const rows: number[][] = k.sched.cpus.map((c) => {
    const busy = c.userNs + c.niceNs + c.sysNs;
    return [ticks(c.userNs), ticks(c.niceNs), ticks(c.sysNs), ticks(Math.max(0, now - busy)), 0, 0, 0, 0, 0, 0];
  });
  const total = rows[0]!.map((_, i) => rows.reduce((s, r) => s + r[i]!, 0));
  let running = 0;
  let blocked = 0;
  let ctxt = 0;
  for (const t of k.allTasks()) {
    const s = taskState(t);
    if (s === 'R') running++;
    else if (s === 'D') blocked++;
    ctxt += t.nvcsw + t.nivcsw;
  }
  let out = `cpu  ${total.join(' ')}\n`;
  rows.forEach((r, i) => (out += `cpu${i} ${r.join(' ')}\n`));
  out += `intr ${ctxt * 2} 0\n`;
  out += `ctxt ${ctxt}\n`;
  out += `btime ${k.config.bootEpochSec}\n`;
  out += `processes ${k.forks}\n`;
  out += `procs_running ${running}\n`;
  out += `procs_blocked ${blocked}\n`;
  out += `softirq 0 0 0 0 0 0 0 0 0 0 0\n`;
  return out;
}

function renderUptime(k: Kernel): string {
  const now = k.timers.now;
  let idle = 0;
  for (const c of k.sched.cpus) idle += Math.max(0, now - c.userNs - c.niceNs - c.sysNs);
  const f = (ns: number): string => (Math.floor(ns / 1e7) / 100).toFixed(2);
  return `${f(now)} ${f(idle)}\n`;
}

function renderLoadavg(k: Kernel, ns: PidNamespace): string {
  const a = k.avenrun;
  return `${loadText(a[0]!)} ${loadText(a[1]!)} ${loadText(a[2]!)} ${k.sched.nrRunning()}/${k.nrThreads} ${ns.lastPid}\n`;
}

function renderCpuinfo(k: Kernel): string {
  let out = '';
  for (let i = 0; i < k.config.ncpus; i++) {
    out +=
      `processor\t: ${i}\nvendor_id\t: ContainerLab\ncpu family\t: 6\nmodel\t\t: 0\n` +
      `model name\t: Container Lab virtual CPU (simulated)\nstepping\t: 0\ncpu MHz\t\t: 2400.000\n` +
      `cache size\t: 16384 KB\nphysical id\t: 0\nsiblings\t: ${k.config.ncpus}\ncore id\t\t: ${i}\n` +
      `cpu cores\t: ${k.config.ncpus}\napicid\t\t: ${i}\ninitial apicid\t: ${i}\nfpu\t\t: yes\n` +
      `fpu_exception\t: yes\ncpuid level\t: 13\nwp\t\t: yes\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm constant_tsc rep_good nopl xtopology cpuid pni ssse3 cx16 sse4_1 sse4_2 x2apic popcnt hypervisor lahf_lm\n` +
      `bogomips\t: 4800.00\nclflush size\t: 64\ncache_alignment\t: 64\naddress sizes\t: 46 bits physical, 48 bits virtual\npower management:\n\n`;
  }
  return out;
}

const FILESYSTEMS = ['sysfs', 'tmpfs', 'bdev', 'proc', 'cgroup', 'cgroup2', 'devtmpfs', 'configfs', 'debugfs', 'tracefs', 'securityfs', 'sockfs', 'pipefs', 'ramfs', 'devpts', 'mqueue', 'overlay'];

export function globalEntries(k: Kernel, ns: PidNamespace): Array<[string, ProcEntry]> {
  const file = (render: () => string): ProcEntry => ({ kind: 'file', render });
  return [
    ['cmdline', file(() => `BOOT_IMAGE=/boot/vmlinuz-${k.config.release} root=/dev/vda1 ro quiet\n`)],
    ['cgroups', file(() => k.cgroups.renderProcCgroups())],
    ['cpuinfo', file(() => renderCpuinfo(k))],
    ['filesystems', file(() => FILESYSTEMS.map((f) => (f === 'overlay' ? `nodev\t${f}\n` : `nodev\t${f}\n`)).join(''))],
    ['loadavg', file(() => renderLoadavg(k, ns))],
    ['meminfo', file(() => memInfo(k))],
    ['mounts', { kind: 'link', target: () => 'self/mounts' }],
    ['self', { kind: 'link', target: (_k, v) => String(v.groupLeader.pid.nr(ns) || '') }],
    ['stat', file(() => renderStat(k))],
    ['sys', { kind: 'dir', children: () => sysEntries(k) }],
    ['thread-self', { kind: 'link', target: (_k, v) => `${v.groupLeader.pid.nr(ns)}/task/${v.pid.nr(ns)}` }],
    [
      'tty',
      {
        kind: 'dir',
        children: () => [
          [
            'drivers',
            file(
              () =>
                '/dev/tty             /dev/tty        5       0 system:/dev/tty\n' +
                '/dev/console         /dev/console    5       1 system:console\n' +
                '/dev/ptmx            /dev/ptmx       5       2 system\n' +
                'pty_slave            /dev/pts      136 0-1048575 pty:slave\n' +
                'pty_master           /dev/ptm      128 0-1048575 pty:master\n',
            ),
          ],
        ],
      },
    ],
    ['uptime', file(() => renderUptime(k))],
    ['version', file(() => `Linux version ${k.config.release} (container-lab) (simulated kernel) ${k.config.version}\n`)],
  ];
}

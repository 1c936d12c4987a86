// /proc/sys: the sysctls the lab models. Writes are validated as the kernel's proc handlers do
// (proc_dointvec_minmax → EINVAL out of range).
import type { Kernel } from '../../kernel';
import type { ProcEntry } from './procfs';
import type { Task } from '../../task/task';
import { EINVAL } from '../../abi/errno';
import { PID_MAX_LIMIT, RESERVED_PIDS } from '../../task/pid';

function intEntry(get: (k: Kernel) => number, set?: (k: Kernel, v: number) => number): (k: Kernel) => ProcEntry {
  return () => ({
    kind: 'file',
    mode: set ? 0o644 : 0o444,
    render: (kk, v) => {
      void v;
      return `${get(kk)}\n`;
    },
    write: set
      ? (kk, _t, text) => {
          const s = text.trim();
          if (!/^-?\d+$/.test(s)) return -EINVAL;
          return set(kk, Number(s));
        }
      : undefined,
  });
}

function strEntry(get: (k: Kernel, viewer: Task) => string, set?: (k: Kernel, t: Task, v: string) => number): ProcEntry {
  return {
    kind: 'file',
    mode: set ? 0o644 : 0o444,
    render: (k, v) => `${get(k, v)}\n`,
    write: set ? (k, t, text) => set(k, t, text.replace(/\n$/, '')) : undefined,
  };
}

export function sysEntries(k: Kernel): Array<[string, ProcEntry]> {
  const kernelDir: Array<[string, ProcEntry]> = [
    ['domainname', strEntry((_k, v) => v.nsproxy.uts.domainname, (_k, t, s) => {
      if (s.length > 64) return -EINVAL;
      t.nsproxy.uts.domainname = s;
      return 0;
    })],
    ['hostname', strEntry((_k, v) => v.nsproxy.uts.nodename, (_k, t, s) => {
      if (s.length > 64) return -EINVAL;
      t.nsproxy.uts.nodename = s;
      return 0;
    })],
    ['ostype', strEntry(() => 'Linux')],
    ['osrelease', strEntry((kk) => kk.config.release)],
    [
      'pid_max',
      {
        kind: 'file',
        mode: 0o644,
        render: (_k, v) => `${v.pidNs.pidMax}\n`,
        write: (_k, t, text) => {
          const s = text.trim();
          if (!/^\d+$/.test(s)) return -EINVAL;
          const n = Number(s);
          if (n < RESERVED_PIDS + 1 || n > PID_MAX_LIMIT) return -EINVAL;
          t.pidNs.pidMax = n;
          return 0;
        },
      },
    ],
    ['threads-max', intEntry((kk) => kk.maxThreads, (kk, v) => {
      if (v < 20 || v > 0x3fffffff) return -EINVAL;
      kk.maxThreads = v;
      return 0;
    })(k)],
    ['version', strEntry((kk) => kk.config.version)],
  ];
  return [['kernel', { kind: 'dir', children: () => kernelDir }]];
}

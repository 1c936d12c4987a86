// /proc/meminfo from the machine's memory accounting. RAM not used by tasks' anonymous memory,
// program images, tmpfs contents and the kernel itself is free. Page cache and reclaim come with
// the memory issue.
import type { Kernel } from '../kernel';

/** Memory the kernel itself keeps (code, reserved, slab baseline): 2.5 % of RAM + 40 MiB. */
export function kernelReservedBytes(ramBytes: number): number {
  return Math.floor(ramBytes * 0.025) + 40 * 1024 * 1024;
}

export interface MemCounters {
  totalKb: number;
  freeKb: number;
  availableKb: number;
  buffersKb: number;
  cachedKb: number;
  shmemKb: number;
  anonKb: number;
  slabKb: number;
  kernelStackKb: number;
  pageTablesKb: number;
}

/** Per-task kernel memory: a 16 KiB kernel stack, page tables and slab objects (KiB). */
export const TASK_KERNEL_KB = 16 + 40 + 6;

export function memCounters(k: Kernel, shmemBytes = k.vfsShmemBytes()): MemCounters {
  const ram = k.config.ramBytes;
  const totalKb = Math.floor((ram - Math.floor(ram * 0.025)) / 1024);
  const anonKb = Math.floor(k.mmAcct.anonBytes / 1024);
  const imageKb = Math.floor(k.mmAcct.imageTotal() / 1024);
  const shmemKb = Math.floor(shmemBytes / 1024);
  const buffersKb = 8 * 1024;
  const cachedKb = 64 * 1024 + imageKb + shmemKb;
  const kernelStackKb = k.nrThreads * 16;
  const pageTablesKb = k.nrThreads * 40;
  const slabKb = 38 * 1024 + k.nrThreads * 6;
  const used = anonKb + buffersKb + cachedKb + kernelStackKb + pageTablesKb + slabKb + 40 * 1024;
  // when tasks need more than RAM, the reclaimable caches are what is left to give back
  const freeRaw = totalKb - used;
  const freeKb = Math.max(0, freeRaw);
  const availableKb = Math.max(0, freeRaw + Math.floor((cachedKb - shmemKb) * 0.9) + buffersKb + Math.floor(slabKb * 0.5));
  return { totalKb, freeKb, availableKb, buffersKb, cachedKb, shmemKb, anonKb, slabKb, kernelStackKb, pageTablesKb };
}

/**
 * Can the machine hold a new task whose private memory is `anonBytes`? Until the memory issue
 * brings reclaim and the OOM killer, a fork that would exhaust RAM fails with ENOMEM (what a
 * root fork bomb meets first on a small machine: "fork: Cannot allocate memory"). tmpfs
 * contents are left out of this quick check.
 */
export function canAllocateTask(k: Kernel, anonBytes: number): boolean {
  const c = memCounters(k, 0);
  return c.availableKb * 1024 >= anonBytes + TASK_KERNEL_KB * 1024;
}

export function memInfo(k: Kernel): string {
  const c = memCounters(k);
  const line = (name: string, kb: number, unit = ' kB'): string => `${(name + ':').padEnd(16)}${String(kb).padStart(8)}${unit}\n`;
  const activeAnon = Math.floor(c.anonKb * 0.1);
  const activeFile = Math.floor((c.cachedKb - c.shmemKb) * 0.4);
  return (
    line('MemTotal', c.totalKb) +
    line('MemFree', c.freeKb) +
    line('MemAvailable', c.availableKb) +
    line('Buffers', c.buffersKb) +
    line('Cached', c.cachedKb) +
    line('SwapCached', 0) +
    line('Active', activeAnon + activeFile) +
    line('Inactive', c.anonKb - activeAnon + c.shmemKb + (c.cachedKb - c.shmemKb - activeFile) + c.buffersKb) +
    line('Active(anon)', activeAnon) +
    line('Inactive(anon)', c.anonKb - activeAnon + c.shmemKb) +
    line('Active(file)', activeFile) +
    line('Inactive(file)', c.cachedKb - c.shmemKb - activeFile + c.buffersKb) +
    line('Unevictable', 0) +
    line('Mlocked', 0) +
    line('SwapTotal', 0) +
    line('SwapFree', 0) +
    line('Zswap', 0) +
    line('Zswapped', 0) +
    line('Dirty', 0) +
    line('Writeback', 0) +
    line('AnonPages', c.anonKb) +
    line('Mapped', Math.floor(c.cachedKb / 3)) +
    line('Shmem', c.shmemKb) +
    line('KReclaimable', Math.floor(c.slabKb * 0.6)) +
    line('Slab', c.slabKb) +
    line('SReclaimable', Math.floor(c.slabKb * 0.6)) +
    line('SUnreclaim', c.slabKb - Math.floor(c.slabKb * 0.6)) +
    line('KernelStack', c.kernelStackKb) +
    line('PageTables', c.pageTablesKb) +
    line('SecPageTables', 0) +
    line('NFS_Unstable', 0) +
    line('Bounce', 0) +
    line('WritebackTmp', 0) +
    line('CommitLimit', Math.floor(c.totalKb / 2)) +
    line('Committed_AS', c.anonKb * 3) +
    line('VmallocTotal', 34359738367) +
    line('VmallocUsed', 15020) +
    line('VmallocChunk', 0) +
    line('Percpu', 712) +
    line('AnonHugePages', 0) +
    line('ShmemHugePages', 0) +
    line('ShmemPmdMapped', 0) +
    line('FileHugePages', 0) +
    line('FilePmdMapped', 0) +
    line('HugePages_Total', 0, '') +
    line('HugePages_Free', 0, '') +
    line('HugePages_Rsvd', 0, '') +
    line('HugePages_Surp', 0, '') +
    line('Hugepagesize', 2048) +
    line('Hugetlb', 0) +
    line('DirectMap4k', 28672) +
    line('DirectMap2M', 2068480)
  );
}

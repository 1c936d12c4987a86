// The namespace types besides pid (task/pid.ts), uts (task/uts.ts) and mnt (fs/path.ts): their
// identity (the inode number /proc/PID/ns/* shows) and, where the lab models it, their content.
import type { Cgroup } from '../cgroup/cgroup';
import type { UserNamespace } from './user';

/** proc_alloc_inum(): namespace inode numbers, per kernel (namespaces are never freed here). */
export class NsInums {
  private readonly used = new Set<number>();
  constructor(private readonly first: number) {}
  alloc(): number {
    let n = this.first;
    while (this.used.has(n)) n++;
    this.used.add(n);
    return n;
  }
}

/** Fixed inode numbers of the initial namespaces (include/linux/proc_ns.h, Linux 6.18). */
export const INIT_INUM = {
  mnt: 4026531832,
  net: 4026531833,
  time: 4026531834,
  cgroup: 4026531835,
  pid: 4026531836,
  user: 4026531837,
  uts: 4026531838,
  ipc: 4026531839,
} as const;
/** The first dynamically allocated namespace number on a freshly booted Debian 12 VM. */
export const FIRST_DYNAMIC_INUM = 4026532177;

/** IPC namespace: identity only (System V IPC and POSIX message queues are not modelled). */
export class IpcNamespace {
  constructor(
    readonly inum: number,
    readonly owner: UserNamespace,
  ) {}
}

/** A network device as the networking issue will model it; a fresh namespace has only `lo`, down. */
export interface NetDevStub {
  ifindex: number;
  name: string;
  up: boolean;
}

/** Network namespace: its devices (the networking issue adds addresses, routes, netfilter). */
export class NetNamespace {
  readonly devices: NetDevStub[] = [{ ifindex: 1, name: 'lo', up: false }];
  /** net.ipv4.ip_forward starts at 0 in every namespace */
  ipForward = 0;
  constructor(
    readonly inum: number,
    readonly owner: UserNamespace,
  ) {}
}

/** Time namespace: identity only (CLOCK_MONOTONIC/BOOTTIME offsets are not modelled). */
export class TimeNamespace {
  constructor(
    readonly inum: number,
    readonly owner: UserNamespace,
  ) {}
}

/** Cgroup namespace: the cgroups (one per hierarchy id) that appear as "/" to its members. */
export class CgroupNamespace {
  constructor(
    readonly inum: number,
    readonly owner: UserNamespace,
    readonly roots: readonly Cgroup[],
  ) {}
}

// Open file descriptions and file-descriptor tables.
import type { Inode } from './inode';
import type { Path } from './path';
import type { Task } from '../task/task';
import type { WaitQueue, WouldBlock } from '../task/wait';
import type { Kernel } from '../kernel';
import { O_ACCMODE, O_WRONLY, O_RDWR, O_RDONLY } from '../abi/flags';

export interface FileOps {
  /** device/special open hook (ttys, ptmx): may veto with -errno */
  open?(k: Kernel, t: Task, f: File): number;
  read?(k: Kernel, t: Task, f: File, count: number): Uint8Array | number | WouldBlock;
  write?(k: Kernel, t: Task, f: File, data: Uint8Array): number | WouldBlock;
  /** current readiness (POLLIN/POLLOUT/POLLHUP...) */
  poll?(k: Kernel, f: File): number;
  /** queues a poller sleeps on */
  pollQueues?(f: File): WaitQueue[];
  ioctl?(k: Kernel, t: Task, f: File, req: number, arg: unknown): unknown;
  /** called when the last descriptor referring to this description is closed */
  release?(k: Kernel, f: File): void;
  /** whether lseek works (regular files, proc files); pipes and ttys answer ESPIPE */
  seekable?: boolean;
}

let nextFileId = 1;

/** struct file: one open of an inode, shared by dup()ed and inherited descriptors. */
export class File {
  readonly id = nextFileId++;
  pos = 0;
  refs = 0;
  /** procfs/seq_file-style files: content rendered at open time */
  snapshot?: Uint8Array;
  /** driver-private state (tty, pipe end) */
  priv?: unknown;
  constructor(
    readonly inode: Inode,
    readonly path: Path,
    public flags: number,
    public ops: FileOps,
  ) {}
  get readable(): boolean {
    const m = this.flags & O_ACCMODE;
    return m === O_RDONLY || m === O_RDWR;
  }
  get writable(): boolean {
    const m = this.flags & O_ACCMODE;
    return m === O_WRONLY || m === O_RDWR;
  }
}

export interface FdEntry {
  file: File;
  cloexec: boolean;
}

/** files_struct: a task's descriptor table (shared between threads with CLONE_FILES). */
export class FdTable {
  fds: Array<FdEntry | undefined> = [];
  /** tasks sharing this table (CLONE_FILES) */
  users = 1;

  get(fd: number): FdEntry | undefined {
    return fd >= 0 ? this.fds[fd] : undefined;
  }

  /** Lowest free descriptor >= min. */
  lowestFree(min = 0): number {
    let i = min;
    while (this.fds[i]) i++;
    return i;
  }

  install(fd: number, file: File, cloexec: boolean): void {
    file.refs++;
    this.fds[fd] = { file, cloexec };
  }

  /** Remove fd; returns the file if the slot was used (caller drops the reference). */
  remove(fd: number): File | undefined {
    const e = this.fds[fd];
    if (!e) return undefined;
    this.fds[fd] = undefined;
    while (this.fds.length > 0 && this.fds[this.fds.length - 1] === undefined) this.fds.pop();
    return e.file;
  }

  count(): number {
    let n = 0;
    for (const e of this.fds) if (e) n++;
    return n;
  }

  /** dup_fd(): a copy for fork() without CLONE_FILES; each file gains a reference. */
  clone(): FdTable {
    const c = new FdTable();
    c.fds = this.fds.map((e) => {
      if (!e) return undefined;
      e.file.refs++;
      return { file: e.file, cloexec: e.cloexec };
    });
    return c;
  }
}

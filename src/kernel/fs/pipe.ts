// Pipes (fs/pipe.c): a 64 KiB ring shared by a read end and a write end. Readers block on an
// empty pipe until data or the last writer closes (EOF); writers block on a full pipe; writing
// with no reader left raises SIGPIPE and fails with EPIPE.
import { File, type FileOps } from './file';
import { Inode, SuperBlock } from './inode';
import { WaitQueue, WouldBlock } from '../task/wait';
import { EAGAIN, EPIPE } from '../abi/errno';
import { O_NONBLOCK, O_RDONLY, O_WRONLY, S_IFIFO, POLLIN, POLLOUT, POLLHUP, POLLERR } from '../abi/flags';
import { SIGPIPE } from '../abi/signal';
import { sendSignal } from '../signal/signal';
import type { Kernel } from '../kernel';
import type { Path } from './path';

export const PIPE_BUF_SIZE = 65536;

export class Pipe {
  chunks: Uint8Array[] = [];
  size = 0;
  readers = 0;
  writers = 0;
  readonly rq = new WaitQueue();
  readonly wq = new WaitQueue();

  take(count: number): Uint8Array {
    const out = new Uint8Array(Math.min(count, this.size));
    let off = 0;
    while (off < out.length) {
      const c = this.chunks[0]!;
      const n = Math.min(c.length, out.length - off);
      out.set(c.subarray(0, n), off);
      off += n;
      if (n === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(n);
    }
    this.size -= out.length;
    return out;
  }
}

const pipeReadOps: FileOps = {
  read(_k, _t, f, count) {
    const p = f.priv as Pipe;
    if (count === 0) return new Uint8Array(0);
    if (p.size > 0) {
      const out = p.take(count);
      p.wq.wakeAll();
      return out;
    }
    if (p.writers === 0) return new Uint8Array(0);
    if (f.flags & O_NONBLOCK) return -EAGAIN;
    return new WouldBlock([p.rq], false, 'anon_pipe_read');
  },
  poll(_k, f) {
    const p = f.priv as Pipe;
    let ev = 0;
    if (p.size > 0) ev |= POLLIN;
    if (p.writers === 0) ev |= POLLHUP;
    return ev;
  },
  pollQueues(f) {
    return [(f.priv as Pipe).rq];
  },
  release(_k, f) {
    const p = f.priv as Pipe;
    p.readers--;
    if (p.readers === 0) p.wq.wakeAll();
  },
};

const pipeWriteOps: FileOps = {
  write(k, t, f, data) {
    const p = f.priv as Pipe;
    if (p.readers === 0) {
      sendSignal(k, t, SIGPIPE, false, true);
      return -EPIPE;
    }
    const room = PIPE_BUF_SIZE - p.size;
    // writes of up to PIPE_BUF (4096) bytes are atomic: all or wait
    if (room <= 0 || (data.length <= 4096 && room < data.length)) {
      if (f.flags & O_NONBLOCK) return -EAGAIN;
      return new WouldBlock([p.wq], false, 'anon_pipe_write');
    }
    const n = Math.min(room, data.length);
    p.chunks.push(data.slice(0, n));
    p.size += n;
    p.rq.wakeAll();
    return n;
  },
  poll(_k, f) {
    const p = f.priv as Pipe;
    if (p.readers === 0) return POLLERR;
    return p.size < PIPE_BUF_SIZE ? POLLOUT : 0;
  },
  pollQueues(f) {
    return [(f.priv as Pipe).wq];
  },
  release(_k, f) {
    const p = f.priv as Pipe;
    p.writers--;
    if (p.writers === 0) p.rq.wakeAll();
  },
};

/** pipefs: an internal superblock whose inodes /proc/PID/fd shows as pipe:[N]. */
export function makePipeFs(dev: number): SuperBlock {
  const sb = new SuperBlock('pipefs', dev, { lookup: () => undefined, list: () => [] }, 10000);
  return sb;
}

/** pipe2(): two file descriptions over one new pipe. */
export function createPipe(k: Kernel, sb: SuperBlock, root: Path, flags: number): [File, File] {
  const ino = new Inode(sb, sb.allocIno(), S_IFIFO | 0o600, 0, 0, k.realtimeNs());
  const p = new Pipe();
  const path: Path = { mnt: root.mnt, inode: ino };
  const r = new File(ino, path, O_RDONLY | (flags & O_NONBLOCK), pipeReadOps);
  const w = new File(ino, path, O_WRONLY | (flags & O_NONBLOCK), pipeWriteOps);
  r.priv = p;
  w.priv = p;
  p.readers = 1;
  p.writers = 1;
  return [r, w];
}

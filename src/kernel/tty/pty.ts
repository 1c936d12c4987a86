// Pseudo-terminals (drivers/tty/pty.c, fs/devpts): opening /dev/ptmx creates a pair; the slave
// appears as /dev/pts/N. What programs write to the slave is read from the master, and what is
// written to the master is typed into the slave. The host's terminals (the lab's tabs) are
// masters held by the machine (src/machine/terminals.ts).
//
// Lifetime, as in Linux: closing the master hangs the slave up (tty_vhangup: SIGHUP and SIGCONT
// to the session leader, every session member loses the controlling tty, reads see EOF and
// writes EIO) and removes /dev/pts/N (devpts_pty_kill); the index is released only when the
// slave's last file closes too (release_tty → devpts_kill_index), so a process that survived the
// hangup keeps its index reserved.
import type { Kernel } from '../kernel';
import { Tty, ttyFileOps } from './tty';
import type { FileOps } from '../fs/file';
import { Inode, SuperBlock, type DirOps } from '../fs/inode';
import { WaitQueue, wouldBlock } from '../task/wait';
import { S_IFCHR, S_IFDIR, POLLIN, POLLOUT, O_NONBLOCK } from '../abi/flags';
import { EAGAIN, EIO } from '../abi/errno';
import { makedev } from '../syscall/api';
import { concatBytes } from '../lib/text';
import { PTS_MAJOR } from '../fs/devices';
import { TIOCGPTN, TIOCSPTLCK, TIOCGWINSZ, TIOCSWINSZ, type Winsize } from '../abi/termios';
import { SIGHUP, SIGCONT } from '../abi/signal';
import { sendSignal } from '../signal/signal';

/**
 * The slave side's tty. tty.ts counts the slave's opens (every open file of it, whether through
 * /dev/pts/N, a device node or /dev/tty); the pty needs to know when the last one closes.
 */
class SlaveTty extends Tty {
  private openCount = 0;
  constructor(k: Kernel, name: string, rdev: number, sink: (b: Uint8Array) => void, lastClose: () => void) {
    super(k, name, rdev, sink);
    // `opens` is a plain field of Tty (defined on the instance): replace it with an accessor
    Object.defineProperty(this, 'opens', {
      configurable: true,
      enumerable: true,
      get: () => this.openCount,
      set: (n: number) => {
        const was = this.openCount;
        this.openCount = n;
        if (n === 0 && was > 0) lastClose();
      },
    });
  }
}

export class Pty {
  readonly tty: Tty;
  /** output of the slave, waiting for the master to read it */
  buf: Uint8Array = new Uint8Array(0);
  readonly masterQ = new WaitQueue();
  masterOpen = true;
  /** the master was closed: /dev/pts/N is gone from devpts (the index may still be in use) */
  unlinked = false;
  /** when the host holds the master, output goes straight to it */
  hostSink: ((b: Uint8Array) => void) | null = null;
  /** the host's hook: the slave's last open file was closed (a terminal emulator sees EIO) */
  onSlaveClosed: (() => void) | null = null;
  constructor(
    k: Kernel,
    readonly index: number,
    readonly inode: Inode,
    devpts: DevPts,
  ) {
    this.tty = new SlaveTty(k, `pts/${index}`, makedev(PTS_MAJOR, index), (b) => this.fromSlave(b), () => {
      // release_tty once both sides are closed: the index is free again
      if (!this.masterOpen) devpts.free(this);
      this.onSlaveClosed?.();
    });
  }
  private fromSlave(b: Uint8Array): void {
    if (this.hostSink) {
      this.hostSink(b);
      return;
    }
    this.buf = concatBytes(this.buf, b);
    this.masterQ.wakeAll();
  }
}

export class DevPts {
  readonly sb: SuperBlock;
  readonly ptys = new Map<number, Pty>();
  constructor(
    private readonly k: Kernel,
    dev: number,
  ) {
    const ops: DirOps = {
      lookup: (dir, name) => {
        if (dir !== this.sb.root) return undefined;
        if (name === 'ptmx') return this.ptmxInode;
        const p = /^\d+$/.test(name) ? this.ptys.get(Number(name)) : undefined;
        return p && !p.unlinked ? p.inode : undefined;
      },
      list: (dir) => {
        if (dir !== this.sb.root) return [];
        const out = [{ name: 'ptmx', inode: this.ptmxInode }];
        for (const [n, p] of [...this.ptys].sort((a, b) => a[0] - b[0])) if (!p.unlinked) out.push({ name: String(n), inode: p.inode });
        return out;
      },
    };
    this.sb = new SuperBlock('devpts', dev, ops, 1);
    const root = new Inode(this.sb, 1, S_IFDIR | 0o755, 0, 0, k.realtimeNs());
    root.nlink = 2;
    this.sb.root = root;
    this.ptmxInode = new Inode(this.sb, 2, S_IFCHR | 0o000, 0, 0, k.realtimeNs(), makedev(5, 2));
  }
  private readonly ptmxInode: Inode;

  /** Allocate the lowest free pty index. */
  allocate(): Pty {
    let n = 0;
    while (this.ptys.has(n)) n++;
    const ino = new Inode(this.sb, n + 3, S_IFCHR | 0o620, 0, 5, this.k.realtimeNs(), makedev(PTS_MAJOR, n));
    const p = new Pty(this.k, n, ino, this);
    ino.fops = ttyFileOps(p.tty);
    ino.parent = this.sb.root;
    this.ptys.set(n, p);
    return p;
  }

  /** devpts_kill_index: the index can be allocated again. */
  free(p: Pty): void {
    if (this.ptys.get(p.index) === p) this.ptys.delete(p.index);
  }
}

/**
 * tty_vhangup() (__tty_hangup, tty_signal_session_leader with exit_session 0): the session leader
 * gets SIGHUP then SIGCONT, every member of the session loses the controlling terminal, the tty
 * has no session or foreground group any more, and open files of it read EOF and write EIO.
 */
export function ttyVhangup(k: Kernel, tty: Tty): void {
  const session = tty.session;
  if (session) {
    for (const m of [...session.sessionMembers]) {
      if (m.sig.tty === tty) m.sig.tty = null;
      if (m.session !== m.pid) continue;
      sendSignal(k, m, SIGHUP, true, true);
      sendSignal(k, m, SIGCONT, true, true);
    }
  }
  tty.session = null;
  tty.pgrp = null;
  tty.hangup();
}

/**
 * The master's last close (pty_close of the master side): hang up the slave, remove /dev/pts/N,
 * and release the index if no file of the slave is open (else its last close does).
 */
export function closeMaster(k: Kernel, devpts: DevPts, p: Pty): void {
  if (!p.masterOpen) return;
  p.masterOpen = false;
  p.hostSink = null;
  p.unlinked = true;
  ttyVhangup(k, p.tty);
  if (p.tty.opens === 0) devpts.free(p);
}

/** /dev/ptmx: each open is a new master. */
export function ptmxOps(k: Kernel, devpts: DevPts): FileOps {
  return {
    open(_k, _t, f) {
      const p = devpts.allocate();
      f.priv = p;
      f.ops = masterOps(k, devpts);
      return 0;
    },
  };
}

function masterOps(k: Kernel, devpts: DevPts): FileOps {
  return {
    read(_k, _t, f, count) {
      const p = f.priv as Pty;
      if (p.buf.length > 0) {
        const out = p.buf.slice(0, count);
        p.buf = p.buf.subarray(out.length);
        return out;
      }
      if (p.tty.opens === 0 && p.tty.hungUp) return -EIO;
      if (f.flags & O_NONBLOCK) return -EAGAIN;
      return wouldBlock(p.masterQ);
    },
    write(_k, _t, f, data) {
      (f.priv as Pty).tty.receive(data);
      return data.length;
    },
    poll(_k, f) {
      const p = f.priv as Pty;
      return POLLOUT | (p.buf.length > 0 ? POLLIN : 0);
    },
    pollQueues(f) {
      return [(f.priv as Pty).masterQ];
    },
    ioctl(_k, _t, f, req, arg) {
      const p = f.priv as Pty;
      if (req === TIOCGPTN) return p.index;
      if (req === TIOCSPTLCK) return 0;
      if (req === TIOCGWINSZ) return { ...p.tty.winsize };
      if (req === TIOCSWINSZ) {
        p.tty.setWinsize(arg as Winsize);
        return 0;
      }
      return -25;
    },
    release(_k, f) {
      closeMaster(k, devpts, f.priv as Pty);
    },
  };
}

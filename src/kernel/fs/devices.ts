// Character devices of devtmpfs (drivers/char/mem.c, random.c, tty_io.c): /dev/null, zero,
// full, random, urandom, tty (the caller's controlling terminal), console, ptmx and pts/.
import type { FileOps } from './file';
import type { Kernel } from '../kernel';
import { ENOSPC, ENXIO } from '../abi/errno';
import { POLLIN, POLLOUT } from '../abi/flags';
import { makedev } from '../syscall/api';
import { ttyFileOps } from '../tty/tty';

export const DEV_NULL = makedev(1, 3);
export const DEV_ZERO = makedev(1, 5);
export const DEV_FULL = makedev(1, 7);
export const DEV_RANDOM = makedev(1, 8);
export const DEV_URANDOM = makedev(1, 9);
export const DEV_TTY = makedev(5, 0);
export const DEV_CONSOLE = makedev(5, 1);
export const DEV_PTMX = makedev(5, 2);
export const PTS_MAJOR = 136;

const always = (): number => POLLIN | POLLOUT;

export const nullOps: FileOps = {
  read: () => new Uint8Array(0),
  write: (_k, _t, _f, d) => d.length,
  poll: always,
  seekable: true,
};

export const zeroOps: FileOps = {
  read: (_k, _t, _f, n) => new Uint8Array(Math.min(n, 1 << 20)),
  write: (_k, _t, _f, d) => d.length,
  poll: always,
  seekable: true,
};

export const fullOps: FileOps = {
  read: (_k, _t, _f, n) => new Uint8Array(Math.min(n, 1 << 20)),
  write: () => -ENOSPC,
  poll: always,
  seekable: true,
};

/** /dev/random and /dev/urandom: bytes from the machine's seeded "urandom" stream. */
export function randomOps(k: Kernel): FileOps {
  return {
    read: (_k, _t, _f, n) => {
      const b = new Uint8Array(Math.min(n, 1 << 20));
      k.entropy.stream('urandom').fill(b);
      return b;
    },
    write: (_k, _t, _f, d) => d.length,
    poll: always,
  };
}

/** /dev/tty: reopens as the caller's controlling terminal (ENXIO without one). */
export const devTtyOps: FileOps = {
  open(k, t, f) {
    const tty = t.sig.tty;
    if (!tty) return -ENXIO;
    const ops = ttyFileOps(tty);
    // become a file of that tty from now on
    Object.assign(f, { ops });
    return ops.open ? ops.open(k, t, f) : 0;
  },
};

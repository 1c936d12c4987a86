// The machine's terminals: the console, and the pseudo-terminals the host opens for the lab's
// terminal tabs. For a tab the host does what a terminal emulator or sshd does: it opens
// /dev/ptmx (here: allocates a pty and holds its master, output going straight to the host), sets
// the window size, and starts a login session on the slave — a child of init that opens
// /dev/pts/N as fds 0, 1, 2, setsid()s, takes the tty as its controlling terminal and execs
// `-bash` (init's loginSession, shared with the console). Closing a tab closes the master: the
// slave is hung up (SIGHUP + SIGCONT to the session leader) and /dev/pts/N disappears. When no
// process holds the slave open any more (the shell exited by itself, or after a hangup), the
// host's master sees it (read() gives EIO) and the tab is closed.
//
// Everything here runs between kernel events or inside them, never on a host clock: the same
// calls at the same points of the machine's history give the same bytes.
import type { Kernel } from '../kernel/kernel';
import type { Tty } from '../kernel/tty/tty';
import { closeMaster, type Pty } from '../kernel/tty/pty';
import { copyProcess } from '../kernel/task/fork';
import { openPath, installFd, closeFd } from '../kernel/fs/vfs';
import { sendSignal } from '../kernel/signal/signal';
import { SIGCHLD, SIGKILL } from '../kernel/abi/signal';
import { O_RDWR } from '../kernel/abi/flags';
import { ICANON } from '../kernel/abi/termios';
import { strerror } from '../kernel/abi/errno';
import { utf8 } from '../kernel/lib/text';
import type { Sys } from '../kernel/syscall';
import { loginSession } from '../userland/init';
import { shellIsReading } from './command-log';

/** A terminal of the machine: the console or a pseudo-terminal the host opened (a tab). */
export type TerminalId = 'console' | `pts/${number}`;

export type OutputListener = (b: Uint8Array, id: TerminalId) => void;
export type ClosedListener = (id: TerminalId) => void;

/** The pty index of 'pts/N', or null for the console and anything malformed. */
function ptsIndex(id: unknown): number | null {
  if (typeof id !== 'string') return null;
  const m = /^pts\/(0|[1-9]\d{0,8})$/.exec(id);
  return m ? Number(m[1]) : null;
}

/** struct winsize holds unsigned shorts. */
function validSize(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffff;
}

export class Terminals {
  private outputListeners: OutputListener[] = [];
  private closedListeners: ClosedListener[] = [];
  /** pty masters the host holds, by index */
  private readonly held = new Map<number, Pty>();
  /** tabs whose session ended inside a kernel event, announced when the host regains control */
  private pendingClosed: TerminalId[] = [];

  constructor(
    private readonly k: Kernel,
    private readonly console: Tty,
    private readonly sys: Sys,
  ) {
    console.sink = (b) => this.emit(b, 'console');
  }

  private emit(b: Uint8Array, id: TerminalId): void {
    for (const l of this.outputListeners.slice()) l(b, id);
  }

  onOutput(fn: OutputListener): () => void {
    this.outputListeners.push(fn);
    return () => {
      this.outputListeners = this.outputListeners.filter((l) => l !== fn);
    };
  }

  onClosed(fn: ClosedListener): () => void {
    this.closedListeners.push(fn);
    return () => {
      this.closedListeners = this.closedListeners.filter((l) => l !== fn);
    };
  }

  /** Announce the tabs that closed (called by the machine after it ran events). */
  flushClosed(): void {
    while (this.pendingClosed.length > 0) {
      const id = this.pendingClosed.shift()!;
      for (const l of this.closedListeners.slice()) l(id);
    }
  }

  /** The tty behind an open terminal id, or null. */
  private ttyOf(id: TerminalId): Tty | null {
    if (id === 'console') return this.console;
    const n = ptsIndex(id);
    return n === null ? null : (this.held.get(n)?.tty ?? null);
  }

  /**
   * Open a terminal tab: a new pty whose master the host holds, with a login root shell on it.
   * Returns its id ('pts/N', N the lowest free index), or why it could not (then nothing is left
   * allocated: no pty, no process).
   */
  open(rows: number, cols: number): TerminalId | { error: string } {
    const k = this.k;
    const init = k.init;
    if (k.panicked || !init || !init.alive) return { error: 'the machine is not running' };
    if (!validSize(rows) || !validSize(cols)) return { error: 'invalid window size' };
    const devpts = k.devpts;
    // posix_openpt + grantpt + unlockpt, and TIOCSWINSZ on the master before the shell starts
    const pty = devpts.allocate();
    const id: TerminalId = `pts/${pty.index}`;
    pty.tty.winsize = { rows, cols };
    // the session process: forked from init (init reaps it), running login's part
    const child = copyProcess(k, init, SIGCHLD, () => loginSession(this.sys));
    if (typeof child === 'number') {
      pty.masterOpen = false;
      devpts.free(pty);
      return { error: `fork: ${strerror(-child)}` };
    }
    // login_tty(): the slave on fds 0, 1, 2 in place of what it inherited from init. Done before
    // the child first runs (as console_on_rootfs does for init), so the slave is held from the
    // start: a session killed before it ran still ends the tab.
    for (let fd = child.files.fds.length - 1; fd >= 0; fd--) if (child.files.fds[fd]) closeFd(k, child, fd);
    const f = openPath(k, child, `/dev/${id}`, O_RDWR, 0);
    if (typeof f === 'number') {
      sendSignal(k, child, SIGKILL, true, true);
      closeMaster(k, devpts, pty);
      return { error: `/dev/${id}: ${strerror(-f)}` };
    }
    for (let i = 0; i < 3; i++) installFd(child, f, false);
    pty.hostSink = (b) => this.emit(b, id);
    // the slave's last close: the master reads EIO. The host notices as a terminal emulator does,
    // after the closing task has finished exiting (its session's hangup done), in an event of its
    // own; a slave opened again meanwhile keeps the tab.
    pty.onSlaveClosed = () => {
      this.k.timers.at(this.k.timers.now, () => {
        if (pty.tty.opens === 0) this.hostClose(pty);
      });
    };
    this.held.set(pty.index, pty);
    return id;
  }

  /**
   * The host closes a tab's master (the user closed the tab): the slave hangs up. The console
   * cannot be closed: closing it (or an id that is not open) is ignored.
   */
  close(id: TerminalId): void {
    const n = ptsIndex(id);
    const pty = n === null ? undefined : this.held.get(n);
    if (!pty) return;
    this.hostClose(pty);
    this.flushClosed();
  }

  /** The host lets go of the master (its tab closes); runs between or inside kernel events. */
  private hostClose(pty: Pty): void {
    if (this.held.get(pty.index) !== pty) return;
    this.held.delete(pty.index);
    pty.onSlaveClosed = null;
    closeMaster(this.k, this.k.devpts, pty);
    this.pendingClosed.push(`pts/${pty.index}`);
  }

  /** Keyboard input for a terminal (written to its master); unknown or closed ids are ignored. */
  input(data: string | Uint8Array, id: TerminalId): boolean {
    const tty = this.ttyOf(id);
    if (!tty) return false;
    tty.receive(typeof data === 'string' ? utf8(data) : data);
    return true;
  }

  /** TIOCSWINSZ on the master: the foreground group gets SIGWINCH if the size changed. */
  resize(rows: number, cols: number, id: TerminalId): boolean {
    const tty = this.ttyOf(id);
    if (!tty) return false;
    if (tty !== this.console && (!validSize(rows) || !validSize(cols))) return false;
    tty.setWinsize({ rows, cols });
    return true;
  }

  /** Open terminals: the console first, then the tabs by pty index. */
  list(): TerminalId[] {
    return ['console', ...[...this.held.keys()].sort((a, b) => a - b).map((n): TerminalId => `pts/${n}`)];
  }

  /** Is some task blocked reading this terminal (a shell prompt, `cat`, `read`)? */
  readerWaiting(id: TerminalId): boolean {
    const tty = this.ttyOf(id);
    return tty !== null && tty.readQ.waiters.size > 0;
  }

  /** Is an interactive shell blocked reading this terminal, with nothing typed left unread (a prompt)? */
  shellAtPrompt(id: TerminalId): boolean {
    const tty = this.ttyOf(id);
    // the line editor reads with ICANON off; a shell blocked in canonical mode is in its `read` builtin
    return tty !== null && !(tty.termios.lflag & ICANON) && tty.inputQueued === 0 && !tty.readable() && shellIsReading(tty.readQ.waiters);
  }
}

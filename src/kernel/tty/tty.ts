// Terminals: the tty core and the N_TTY line discipline (drivers/tty/n_tty.c, tty_io.c,
// tty_jobctrl.c). Input bytes from the host (keyboard) pass through the line discipline: ISIG
// turns ^C/^Z/^\ into signals for the foreground process group, ICANON edits lines, ECHO writes
// back. Output passes through OPOST (ONLCR turns \n into \r\n) to the host side.
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import { capable } from '../task/cred';
import type { Pid } from '../task/pid';
import type { File, FileOps } from '../fs/file';
import { WaitQueue, WouldBlock, wouldBlock } from '../task/wait';
import {
  defaultTermios, type Termios, type Winsize, ICANON, ECHO, ECHOE, ECHOK, ECHOCTL, ECHOKE, ECHONL, ISIG,
  IEXTEN, NOFLSH, TOSTOP, ICRNL, INLCR, IGNCR, OPOST, ONLCR, VINTR, VQUIT, VSUSP, VERASE, VKILL, VEOF,
  VWERASE, VREPRINT, VLNEXT, VMIN, VTIME, VEOL, TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGWINSZ, TIOCSWINSZ,
  TIOCGPGRP, TIOCSPGRP, TIOCSCTTY, TIOCNOTTY, FIONREAD, ISTRIP,
} from '../abi/termios';
import { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH, SIGHUP, SIGCONT, sigbit } from '../abi/signal';
import { EIO, ENOTTY, EPERM, EINVAL, EAGAIN, ESRCH } from '../abi/errno';
import { O_NONBLOCK, O_NOCTTY, POLLIN, POLLOUT, POLLHUP } from '../abi/flags';
import { sendSignal } from '../signal/signal';
import { isOrphanedPgrp, pgrpMembers } from '../task/pgrp';

const N_TTY_BUF_SIZE = 4096;

export class Tty {
  termios: Termios = defaultTermios();
  winsize: Winsize = { rows: 24, cols: 80 };
  /** controlling session (its leader's pid) and foreground process group */
  session: Pid | null = null;
  pgrp: Pid | null = null;
  /** bytes ready for read(): complete lines in canonical mode, everything in raw mode */
  private readBuf: number[] = [];
  /** canonical mode: the line being edited */
  private line: number[] = [];
  /** canonical mode: completed line boundaries in readBuf (-1 entries mark an EOF) */
  private lineEnds: number[] = [];
  private eofs = 0;
  private lnext = false;
  readonly readQ = new WaitQueue();
  readonly writeQ = new WaitQueue();
  hungUp = false;
  /** opens of the slave side (for hangup on last close of a pty master) */
  opens = 0;

  constructor(
    readonly k: Kernel,
    /** name as ps prints it: "console", "pts/0" */
    readonly name: string,
    readonly rdev: number,
    /** where processed output goes (the host terminal, or a pty master's buffer) */
    public sink: (bytes: Uint8Array) => void,
  ) {}

  // ---------------------------------------------------------------- input (host → programs)

  /**
   * Input the line discipline could not take yet (its read buffer is full in raw mode): held and
   * fed in as readers drain the buffer, as a pty writer would block — nothing typed is lost.
   */
  private backlog: Uint8Array[] = [];

  /** Bytes typed on the keyboard. */
  receive(bytes: Uint8Array): void {
    if (this.backlog.length > 0) {
      this.backlog.push(bytes);
      return;
    }
    this.process(bytes);
  }

  private process(bytes: Uint8Array): void {
    const tio = this.termios;
    const l = tio.lflag;
    const echoOut: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      let c = bytes[i]!;
      if (!(l & ICANON) && this.readBuf.length >= N_TTY_BUF_SIZE) {
        // the rest waits, at the front of the backlog (subarray: no copy)
        this.backlog.unshift(bytes.subarray(i));
        break;
      }
      if (tio.iflag & ISTRIP) c &= 0x7f;
      if (this.lnext) {
        this.lnext = false;
        this.putChar(c, echoOut);
        continue;
      }
      if (c === 13) {
        if (tio.iflag & IGNCR) continue;
        if (tio.iflag & ICRNL) c = 10;
      } else if (c === 10 && tio.iflag & INLCR) c = 13;
      const cc = tio.cc;
      if (l & ISIG) {
        const sig = c === cc[VINTR] ? SIGINT : c === cc[VQUIT] ? SIGQUIT : c === cc[VSUSP] ? SIGTSTP : 0;
        if (sig && c !== 0) {
          if (!(l & NOFLSH)) this.flushInput();
          if (l & ECHO) this.echoCtl(c, echoOut);
          this.flushEcho(echoOut);
          this.signalFg(sig);
          continue;
        }
      }
      if (l & ICANON) {
        if (c === cc[VERASE] || c === 8) {
          this.eraseChar(echoOut);
          continue;
        }
        if (c === cc[VKILL]) {
          while (this.line.length > 0) this.eraseChar(echoOut, l & ECHOKE ? true : false);
          if (l & ECHO && l & ECHOK && !(l & ECHOKE)) echoOut.push(10);
          continue;
        }
        if (l & IEXTEN && c === cc[VWERASE]) {
          while (this.line.length > 0 && isSpace(this.line[this.line.length - 1]!)) this.eraseChar(echoOut);
          while (this.line.length > 0 && !isSpace(this.line[this.line.length - 1]!)) this.eraseChar(echoOut);
          continue;
        }
        if (l & IEXTEN && c === cc[VLNEXT]) {
          this.lnext = true;
          if (l & ECHO) echoOut.push(0x5e, 8); // "^\b" as n_tty shows a pending literal-next
          continue;
        }
        if (l & IEXTEN && c === cc[VREPRINT]) {
          if (l & ECHO) {
            this.echoCtl(c, echoOut);
            echoOut.push(10, ...this.line);
          }
          continue;
        }
        if (c === cc[VEOF]) {
          this.commitLine(false);
          continue;
        }
        if (c === 10 || (c === cc[VEOL] && c !== 0)) {
          if (l & ECHO || l & ECHONL) echoOut.push(10);
          this.line.push(c);
          this.commitLine(true);
          continue;
        }
        this.putChar(c, echoOut);
        continue;
      }
      // raw (non-canonical) mode
      this.readBuf.push(c);
      if (l & ECHO) this.echoChar(c, echoOut);
    }
    this.flushEcho(echoOut);
    this.readQ.wakeAll();
  }

  private putChar(c: number, echoOut: number[]): void {
    if (this.line.length >= N_TTY_BUF_SIZE - 1) return; // n_tty drops input past its buffer
    this.line.push(c);
    if (this.termios.lflag & ECHO) this.echoChar(c, echoOut);
  }

  private commitLine(_withNewline: boolean): void {
    if (this.line.length === 0 && !_withNewline) {
      this.lineEnds.push(-1); // EOF at the start of a line: read() returns 0
      this.eofs++;
      return;
    }
    for (const b of this.line) this.readBuf.push(b);
    this.lineEnds.push(this.readBuf.length);
    this.line = [];
  }

  private eraseChar(echoOut: number[], forceEcho = false): void {
    if (this.line.length === 0) return;
    // erase one UTF-8 character (continuation bytes 10xxxxxx go with it)
    let c = this.line.pop()!;
    while ((c & 0xc0) === 0x80 && this.line.length > 0) c = this.line.pop()!;
    const l = this.termios.lflag;
    if (l & ECHO && (l & ECHOE || forceEcho)) {
      const w = c < 32 && l & ECHOCTL && c !== 9 ? 2 : 1;
      for (let i = 0; i < w; i++) echoOut.push(8, 32, 8);
    }
  }

  private echoChar(c: number, out: number[]): void {
    if (c < 32 && c !== 10 && c !== 9 && this.termios.lflag & ECHOCTL) this.echoCtl(c, out);
    else if (c === 127 && this.termios.lflag & ECHOCTL) out.push(0x5e, 0x3f);
    else out.push(c);
  }

  private echoCtl(c: number, out: number[]): void {
    if (this.termios.lflag & ECHOCTL) out.push(0x5e, c === 127 ? 0x3f : c + 0x40);
    else out.push(c);
  }

  private flushEcho(out: number[]): void {
    if (out.length > 0) {
      this.output(new Uint8Array(out));
      out.length = 0;
    }
  }

  flushInput(): void {
    this.backlog = [];
    this.readBuf = [];
    this.line = [];
    this.lineEnds = [];
    this.eofs = 0;
  }

  /** Deliver a job-control signal to the foreground process group (isig()). */
  private signalFg(sig: number): void {
    if (!this.pgrp) return;
    for (const t of pgrpMembers(this.pgrp)) sendSignal(this.k, t, sig, true, true);
  }

  // ---------------------------------------------------------------- output (programs → host)

  /** OPOST processing, then to the sink. */
  output(bytes: Uint8Array): void {
    const o = this.termios.oflag;
    if (o & OPOST && o & ONLCR && bytes.includes(10)) {
      const out: number[] = [];
      for (const b of bytes) {
        if (b === 10) out.push(13, 10);
        else out.push(b);
      }
      this.sink(new Uint8Array(out));
    } else {
      this.sink(bytes);
    }
  }

  /** Is there something for read() right now? */
  readable(): boolean {
    if (this.termios.lflag & ICANON) return this.lineEnds.length > 0;
    return this.readBuf.length > 0;
  }

  /**
   * n_tty_set_termios: switching ICANON moves pending input between the line buffer and the
   * read buffer, so nothing typed is lost or seen twice.
   */
  canonChanged(nowCanon: boolean): void {
    if (!nowCanon) {
      for (const b of this.line) this.readBuf.push(b);
      this.line = [];
      this.lineEnds = [];
      this.eofs = 0;
    } else {
      this.lineEnds = this.readBuf.length > 0 ? [this.readBuf.length] : [];
    }
    this.drainBacklog();
    this.readQ.wakeAll();
  }

  /** Feed held-back input now that the reader made room. */
  private drainBacklog(): void {
    while (this.backlog.length > 0 && (this.termios.lflag & ICANON || this.readBuf.length < N_TTY_BUF_SIZE)) {
      const b = this.backlog.shift()!;
      this.process(b);
    }
  }

  /** n_tty_read for `count` bytes; null when it must wait. In raw mode `timedOut` ends a VTIME wait. */
  take(count: number, timedOut = false): Uint8Array | null {
    const r = this.takeNow(count, timedOut);
    if (r && r.length > 0 && this.backlog.length > 0) this.drainBacklog();
    return r;
  }

  private takeNow(count: number, timedOut: boolean): Uint8Array | null {
    if (this.termios.lflag & ICANON) {
      const end = this.lineEnds[0];
      if (end === undefined) return null;
      if (end === -1) {
        this.lineEnds.shift();
        this.eofs--;
        return new Uint8Array(0);
      }
      const n = Math.min(count, end);
      const out = new Uint8Array(this.readBuf.splice(0, n));
      if (n === end) this.lineEnds.shift();
      for (let i = 0; i < this.lineEnds.length; i++) if (this.lineEnds[i]! > 0) this.lineEnds[i]! -= n;
      if (n < end) this.lineEnds[0] = end - n;
      return out;
    }
    // VMIN/VTIME (termios(3)): wait for min(VMIN, count) bytes; VTIME (tenths of a second)
    // bounds the wait: with VMIN 0 it is a timeout for any input, with VMIN > 0 an
    // inter-byte timer once something has arrived
    const vmin = this.termios.cc[VMIN]!;
    const vtime = this.termios.cc[VTIME]!;
    const want = Math.max(1, Math.min(vmin, count));
    const have = this.readBuf.length;
    if (have >= want || (timedOut && (vmin === 0 || have > 0)) || (vmin === 0 && vtime === 0)) {
      const n = Math.min(count, have);
      return new Uint8Array(this.readBuf.splice(0, n));
    }
    return null;
  }

  get inputQueued(): number {
    return this.readBuf.length;
  }

  /** The window size changed: SIGWINCH to the foreground group. */
  setWinsize(ws: Winsize): void {
    const changed = ws.rows !== this.winsize.rows || ws.cols !== this.winsize.cols;
    this.winsize = { rows: ws.rows, cols: ws.cols };
    if (changed) this.signalFg(SIGWINCH);
  }

  /** tty_hangup: readers see EOF/EIO, the foreground group gets SIGHUP and SIGCONT. */
  hangup(): void {
    this.hungUp = true;
    this.readQ.wakeAll();
    this.writeQ.wakeAll();
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** The tty a file refers to (tty files keep it in priv). */
export function ttyOf(f: File): Tty | null {
  return (f.priv as Tty | undefined) instanceof Tty ? (f.priv as Tty) : null;
}

/**
 * tty_check_change(): a background process touching its controlling terminal gets SIGTTOU
 * (SIGTTIN for reads) unless it ignores or blocks it, or its group is orphaned (then EIO).
 * Returns 0 if the operation may proceed, or a negative errno, or 'stop' if a signal was sent.
 */
function jobControlCheck(k: Kernel, t: Task, tty: Tty, sig: number): number | 'stop' {
  if (t.sig.tty !== tty || !tty.pgrp) return 0;
  const pg = t.groupLeader.pgrp;
  if (pg === tty.pgrp) return 0;
  const a = t.sig.actions[sig]!;
  if (a.handler === 'ignore' || t.blocked & sigbit(sig)) return sig === SIGTTIN ? -EIO : 0;
  if (isOrphanedPgrp(k, pg, null)) return -EIO;
  for (const m of pgrpMembers(pg)) sendSignal(k, m, sig, true, true);
  return 'stop';
}

/** Per-reader VTIME deadlines of a read in progress (cleared when the read returns). */
const vtimeDeadlines = new WeakMap<Task, number>();

/** File operations for a tty (the slave side: what programs open as /dev/pts/N or /dev/console). */
export function ttyFileOps(tty: Tty): FileOps {
  return {
    open(k, t, f) {
      f.priv = tty;
      tty.opens++;
      // the first tty a session leader without one opens becomes its controlling terminal
      const leader = t.groupLeader;
      if (!(f.flags & O_NOCTTY) && leader.session === leader.pid && !leader.sig.tty && !tty.session) {
        setCtty(tty, leader);
      }
      void k;
      return 0;
    },
    release(_k, f) {
      void f;
      tty.opens--;
    },
    read(k, t, f, count) {
      if (tty.hungUp) return 0;
      const jc = jobControlCheck(k, t, tty, SIGTTIN);
      if (jc === 'stop') return wouldBlock(tty.readQ);
      if (jc < 0) return jc;
      const deadline = vtimeDeadlines.get(t);
      const r = tty.take(count, deadline !== undefined && k.timers.now >= deadline);
      if (r) {
        vtimeDeadlines.delete(t);
        if (r.length > 0) k.onTtyRead?.(tty, t, r);
        return r;
      }
      if (f.flags & O_NONBLOCK) return -EAGAIN;
      const vtime = tty.termios.cc[VTIME]!;
      const raw = !(tty.termios.lflag & ICANON);
      if (raw && vtime > 0 && (tty.termios.cc[VMIN] === 0 || tty.inputQueued > 0)) {
        const until = deadline ?? k.timers.now + vtime * 100_000_000;
        vtimeDeadlines.set(t, until);
        return new WouldBlock([tty.readQ], false, 'wait_woken', until);
      }
      return wouldBlock(tty.readQ);
    },
    write(k, t, _f, bytes) {
      if (tty.hungUp) return -EIO;
      if (tty.termios.lflag & TOSTOP) {
        const jc = jobControlCheck(k, t, tty, SIGTTOU);
        if (jc === 'stop') return wouldBlock(tty.writeQ);
        if (jc < 0) return jc;
      }
      tty.output(bytes);
      return bytes.length;
    },
    poll(_k, _f) {
      let ev = POLLOUT;
      if (tty.readable()) ev |= POLLIN;
      if (tty.hungUp) ev |= POLLHUP | POLLIN;
      return ev;
    },
    pollQueues() {
      return [tty.readQ];
    },
    ioctl(k, t, _f, req, arg) {
      return ttyIoctl(k, t, tty, req, arg);
    },
  };
}

function ttyIoctl(k: Kernel, t: Task, tty: Tty, req: number, arg: unknown): unknown {
  switch (req) {
    case TCGETS:
      return { ...tty.termios, cc: [...tty.termios.cc] };
    case TCSETS:
    case TCSETSW:
    case TCSETSF: {
      const jc = jobControlCheck(k, t, tty, SIGTTOU);
      if (jc === 'stop') return -EINTR_RESTART;
      if (typeof jc === 'number' && jc < 0) return jc;
      const n = arg as Termios;
      if (!n || typeof n !== 'object' || !Array.isArray(n.cc)) return -EINVAL;
      const wasCanon = (tty.termios.lflag & ICANON) !== 0;
      tty.termios = { iflag: n.iflag | 0, oflag: n.oflag | 0, cflag: n.cflag | 0, lflag: n.lflag | 0, cc: [...n.cc] };
      if (req === TCSETSF) tty.flushInput();
      const nowCanon = (tty.termios.lflag & ICANON) !== 0;
      if (wasCanon !== nowCanon) tty.canonChanged(nowCanon);
      return 0;
    }
    case TIOCGWINSZ:
      return { ...tty.winsize };
    case TIOCSWINSZ: {
      const w = arg as Winsize;
      if (!w || typeof w.rows !== 'number' || typeof w.cols !== 'number') return -EINVAL;
      tty.setWinsize(w);
      return 0;
    }
    case TIOCGPGRP:
      if (t.sig.tty !== tty) return -ENOTTY;
      return tty.pgrp ? tty.pgrp.nr(t.pidNs) : 0;
    case TIOCSPGRP: {
      if (t.sig.tty !== tty || tty.session !== t.groupLeader.session) return -ENOTTY;
      const jc = jobControlCheck(k, t, tty, SIGTTOU);
      if (jc === 'stop') return -EINTR_RESTART;
      if (typeof jc === 'number' && jc < 0) return jc;
      const nr = Number(arg);
      if (!Number.isInteger(nr) || nr < 0) return -EINVAL;
      const pid = t.pidNs.pids.get(nr);
      if (!pid || pid.pgrpMembers.size === 0) return -ESRCH;
      const member = [...pid.pgrpMembers][0]!;
      if (member.session !== t.groupLeader.session) return -EPERM;
      tty.pgrp = pid;
      return 0;
    }
    case TIOCSCTTY: {
      const leader = t.groupLeader;
      if (leader.session !== leader.pid) return -EPERM;
      if (leader.sig.tty === tty) return 0;
      if (leader.sig.tty) return -EPERM;
      if (tty.session && !(Number(arg) === 1 && capable(t.cred))) return -EPERM;
      if (tty.session) disassociate(tty);
      setCtty(tty, leader);
      return 0;
    }
    case TIOCNOTTY: {
      if (t.sig.tty !== tty) return -ENOTTY;
      const leader = t.groupLeader;
      if (leader.session === leader.pid) ttyHangupSession(k, leader);
      else t.sig.tty = null;
      return 0;
    }
    case FIONREAD:
      return tty.inputQueued;
    default:
      return -ENOTTY;
  }
}

/** Marker: a job-control check sent a signal; the syscall layer turns it into a restartable wait. */
export const EINTR_RESTART = 512; // ERESTARTSYS, never seen by programs

function setCtty(tty: Tty, leader: Task): void {
  tty.session = leader.session;
  tty.pgrp = leader.pgrp;
  for (const m of leader.session.sessionMembers) if (m.alive) m.sig.tty = tty;
}

function disassociate(tty: Tty): void {
  if (tty.session) for (const m of tty.session.sessionMembers) if (m.sig.tty === tty) m.sig.tty = null;
  tty.session = null;
  tty.pgrp = null;
}

/**
 * disassociate_ctty(1): the session leader exits (or drops its tty): the foreground group gets
 * SIGHUP and SIGCONT, and every session member loses the controlling terminal.
 */
export function ttyHangupSession(k: Kernel, leader: Task): void {
  const tty = leader.sig.tty;
  if (!tty) return;
  if (tty.pgrp) {
    for (const m of pgrpMembers(tty.pgrp)) {
      if (m === leader) continue;
      sendSignal(k, m, SIGHUP, true, true);
      sendSignal(k, m, SIGCONT, true, true);
    }
  }
  disassociate(tty);
}

// stty (GNU coreutils 9.1) over the tty ioctls: `stty size`, `stty -a`, `stty -g`, plain `stty`
// (what differs from sane), and settings: [-]FLAG, raw, -raw, cooked, sane, rows N, cols N,
// columns N, min N, time N, CHAR ^X / undef, -F DEVICE. Baud rates are shown (38400) but
// cannot be changed: the simulated terminal has no line speed; `stty 9600` is an invalid argument.
import type { Sys, Program, Termios } from '../../kernel/syscall';
import * as T from '../../kernel/syscall';
import { makeCtx, usageError, fail, failErrno, q, getenv, printHelp, printVersion } from './common';
import { writeAll } from '../lib/io';

type Group = 'c' | 'i' | 'o' | 'l';
const SANE_SET = 1;
const SANE_UNSET = 2;
const REV = 4;

/** coreutils' mode_info[]: name, group, bits, mask (for multi-bit fields), flags. */
const MODES: Array<[string, Group, number, number, number]> = [
  ['parenb', 'c', T.PARENB, 0, REV],
  ['parodd', 'c', T.PARODD, 0, REV],
  ['cmspar', 'c', T.CMSPAR, 0, REV],
  ['cs5', 'c', 0, T.CSIZE, 0],
  ['cs6', 'c', 0o20, T.CSIZE, 0],
  ['cs7', 'c', 0o40, T.CSIZE, 0],
  ['cs8', 'c', T.CS8, T.CSIZE, 0],
  ['hupcl', 'c', T.HUPCL, 0, REV],
  ['cstopb', 'c', T.CSTOPB, 0, REV],
  ['cread', 'c', T.CREAD, 0, SANE_SET | REV],
  ['clocal', 'c', T.CLOCAL, 0, REV],
  ['crtscts', 'c', T.CRTSCTS, 0, REV],
  ['ignbrk', 'i', T.IGNBRK, 0, SANE_UNSET | REV],
  ['brkint', 'i', T.BRKINT, 0, SANE_SET | REV],
  ['ignpar', 'i', T.IGNPAR, 0, REV],
  ['parmrk', 'i', T.PARMRK, 0, REV],
  ['inpck', 'i', T.INPCK, 0, REV],
  ['istrip', 'i', T.ISTRIP, 0, REV],
  ['inlcr', 'i', T.INLCR, 0, SANE_UNSET | REV],
  ['igncr', 'i', T.IGNCR, 0, SANE_UNSET | REV],
  ['icrnl', 'i', T.ICRNL, 0, SANE_SET | REV],
  ['ixon', 'i', T.IXON, 0, REV],
  ['ixoff', 'i', T.IXOFF, 0, SANE_UNSET | REV],
  ['iuclc', 'i', T.IUCLC, 0, SANE_UNSET | REV],
  ['ixany', 'i', T.IXANY, 0, SANE_UNSET | REV],
  ['imaxbel', 'i', T.IMAXBEL, 0, SANE_SET | REV],
  ['iutf8', 'i', T.IUTF8, 0, SANE_UNSET | REV],
  ['opost', 'o', T.OPOST, 0, SANE_SET | REV],
  ['olcuc', 'o', T.OLCUC, 0, SANE_UNSET | REV],
  ['ocrnl', 'o', T.OCRNL, 0, SANE_UNSET | REV],
  ['onlcr', 'o', T.ONLCR, 0, SANE_SET | REV],
  ['onocr', 'o', T.ONOCR, 0, SANE_UNSET | REV],
  ['onlret', 'o', T.ONLRET, 0, SANE_UNSET | REV],
  ['ofill', 'o', T.OFILL, 0, SANE_UNSET | REV],
  ['ofdel', 'o', T.OFDEL, 0, SANE_UNSET | REV],
  ['nl0', 'o', 0, T.NLDLY, SANE_SET],
  ['nl1', 'o', T.NLDLY, T.NLDLY, SANE_UNSET],
  ['cr0', 'o', 0, T.CRDLY, SANE_SET],
  ['cr1', 'o', 0o1000, T.CRDLY, SANE_UNSET],
  ['cr2', 'o', 0o2000, T.CRDLY, SANE_UNSET],
  ['cr3', 'o', 0o3000, T.CRDLY, SANE_UNSET],
  ['tab0', 'o', 0, T.TABDLY, SANE_SET],
  ['tab1', 'o', 0o4000, T.TABDLY, SANE_UNSET],
  ['tab2', 'o', 0o10000, T.TABDLY, SANE_UNSET],
  ['tab3', 'o', 0o14000, T.TABDLY, SANE_UNSET],
  ['bs0', 'o', 0, T.BSDLY, SANE_SET],
  ['bs1', 'o', T.BSDLY, T.BSDLY, SANE_UNSET],
  ['vt0', 'o', 0, T.VTDLY, SANE_SET],
  ['vt1', 'o', T.VTDLY, T.VTDLY, SANE_UNSET],
  ['ff0', 'o', 0, T.FFDLY, SANE_SET],
  ['ff1', 'o', T.FFDLY, T.FFDLY, SANE_UNSET],
  ['isig', 'l', T.ISIG, 0, SANE_SET | REV],
  ['icanon', 'l', T.ICANON, 0, SANE_SET | REV],
  ['iexten', 'l', T.IEXTEN, 0, SANE_SET | REV],
  ['echo', 'l', T.ECHO, 0, SANE_SET | REV],
  ['echoe', 'l', T.ECHOE, 0, SANE_SET | REV],
  ['echok', 'l', T.ECHOK, 0, SANE_SET | REV],
  ['echonl', 'l', T.ECHONL, 0, SANE_UNSET | REV],
  ['noflsh', 'l', T.NOFLSH, 0, SANE_UNSET | REV],
  ['xcase', 'l', T.XCASE, 0, SANE_UNSET | REV],
  ['tostop', 'l', T.TOSTOP, 0, SANE_UNSET | REV],
  ['echoprt', 'l', T.ECHOPRT, 0, SANE_UNSET | REV],
  ['echoctl', 'l', T.ECHOCTL, 0, SANE_SET | REV],
  ['echoke', 'l', T.ECHOKE, 0, SANE_SET | REV],
  ['flusho', 'l', T.FLUSHO, 0, SANE_UNSET | REV],
  ['extproc', 'l', T.EXTPROC, 0, SANE_UNSET | REV],
];

const CHARS: Array<[string, number, number]> = [
  ['intr', T.VINTR, 3],
  ['quit', T.VQUIT, 0x1c],
  ['erase', T.VERASE, 0x7f],
  ['kill', T.VKILL, 0x15],
  ['eof', T.VEOF, 4],
  ['eol', T.VEOL, 0],
  ['eol2', T.VEOL2, 0],
  ['swtch', T.VSWTC, 0],
  ['start', T.VSTART, 0x11],
  ['stop', T.VSTOP, 0x13],
  ['susp', T.VSUSP, 0x1a],
  ['rprnt', T.VREPRINT, 0x12],
  ['werase', T.VWERASE, 0x17],
  ['lnext', T.VLNEXT, 0x16],
  ['discard', T.VDISCARD, 0x0f],
];

function field(t: Termios, g: Group): number {
  return g === 'c' ? t.cflag : g === 'i' ? t.iflag : g === 'o' ? t.oflag : t.lflag;
}

function setField(t: Termios, g: Group, v: number): void {
  if (g === 'c') t.cflag = v;
  else if (g === 'i') t.iflag = v;
  else if (g === 'o') t.oflag = v;
  else t.lflag = v;
}

/** How stty names a control character: ^C, ^?, M-x, <undef>. */
function visible(c: number): string {
  if (c === 0) return '<undef>';
  if (c === 0x7f) return '^?';
  if (c >= 0x80) return 'M-' + visible(c - 0x80);
  if (c < 0x20) return '^' + String.fromCharCode(c + 0x40);
  return String.fromCharCode(c);
}

/** coreutils wrapf(): items separated by spaces, wrapped at the screen width. */
class Wrap {
  out = '';
  private col = 0;
  constructor(private readonly max: number) {}
  item(s: string): void {
    if (this.col > 0) {
      if (this.max - this.col < s.length) {
        this.out += '\n';
        this.col = 0;
      } else {
        this.out += ' ';
        this.col++;
      }
    }
    this.out += s;
    this.col += s.length;
  }
  nl(): void {
    this.out += '\n';
    this.col = 0;
  }
}

function modeOn(t: Termios, m: (typeof MODES)[number]): boolean {
  const [, g, bits, mask] = m;
  return (field(t, g) & (mask || bits)) === bits;
}

function displayAll(t: Termios, rows: number, cols: number, max: number): string {
  const w = new Wrap(max);
  w.item('speed 38400 baud;');
  w.item(`rows ${rows}; columns ${cols};`);
  w.item('line = 0;');
  w.nl();
  for (const [name, idx] of CHARS) w.item(`${name} = ${visible(t.cc[idx] ?? 0)};`);
  w.item(`min = ${t.cc[T.VMIN]}; time = ${t.cc[T.VTIME]};`);
  w.nl();
  for (const g of ['c', 'i', 'o', 'l'] as Group[]) {
    for (const m of MODES) {
      if (m[1] !== g) continue;
      const [name, , , mask, flags] = m;
      // a multi-bit field (CSIZE, NLDLY...) shows the name of its current value: cs8, nl0
      if (mask) {
        if (modeOn(t, m)) w.item(name);
        continue;
      }
      if (flags & REV || modeOn(t, m)) w.item(modeOn(t, m) ? name : `-${name}`);
    }
    w.nl();
  }
  return w.out;
}

/** Plain `stty`: the settings that differ from sane (display_changed). */
function displayChanged(t: Termios, max: number): string {
  const w = new Wrap(max);
  w.item('speed 38400 baud;');
  w.item('line = 0;');
  w.nl();
  let any = false;
  for (const [name, idx, def] of CHARS) {
    if (idx === T.VEOF && !(t.lflag & T.ICANON)) continue;
    if ((t.cc[idx] ?? 0) !== def) {
      w.item(`${name} = ${visible(t.cc[idx] ?? 0)};`);
      any = true;
    }
  }
  if (!(t.lflag & T.ICANON)) {
    w.item(`min = ${t.cc[T.VMIN]}; time = ${t.cc[T.VTIME]};`);
    any = true;
  }
  if (any) w.nl();
  for (const g of ['c', 'i', 'o', 'l'] as Group[]) {
    let empty = true;
    for (const m of MODES) {
      if (m[1] !== g) continue;
      const [name, , , , flags] = m;
      if (modeOn(t, m)) {
        if (flags & SANE_UNSET) {
          w.item(name);
          empty = false;
        }
      } else if ((flags & (SANE_SET | REV)) === (SANE_SET | REV)) {
        w.item(`-${name}`);
        empty = false;
      }
    }
    if (!empty) w.nl();
  }
  return w.out;
}

function applySane(t: Termios): void {
  for (const m of MODES) {
    const [, g, bits, mask, flags] = m;
    const f = field(t, g);
    if (flags & SANE_SET) setField(t, g, (f & ~(mask || bits)) | bits);
    else if (flags & SANE_UNSET && !mask) setField(t, g, f & ~bits);
  }
  for (const [, idx, def] of CHARS) if (idx !== T.VEOL && idx !== T.VEOL2 && idx !== T.VSWTC) t.cc[idx] = def;
  t.cc[T.VMIN] = 1;
  t.cc[T.VTIME] = 0;
}

function applyRaw(t: Termios, on: boolean): void {
  if (on) {
    t.iflag &= ~(T.IGNBRK | T.BRKINT | T.IGNPAR | T.PARMRK | T.INPCK | T.ISTRIP | T.INLCR | T.IGNCR | T.ICRNL | T.IXON | T.IXOFF | T.IUCLC | T.IXANY | T.IMAXBEL);
    t.oflag &= ~T.OPOST;
    t.lflag &= ~(T.ISIG | T.ICANON | T.XCASE);
    t.cc[T.VMIN] = 1;
    t.cc[T.VTIME] = 0;
  } else {
    t.iflag |= T.BRKINT | T.IGNPAR | T.ISTRIP | T.ICRNL | T.IXON;
    t.oflag |= T.OPOST;
    t.lflag |= T.ISIG | T.ICANON;
  }
}

/** A control-character value: ^X, ^?, ^- / undef, a literal character, or a number. */
function parseChar(s: string): number | undefined {
  if (s === '^-' || s === 'undef') return 0;
  if (s === '^?') return 0x7f;
  if (/^\^.$/.test(s)) return s.toUpperCase().charCodeAt(1) & 0x1f;
  if (/^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.test(s)) {
    const v = Number(s.startsWith('0') && !/^0x/i.test(s) && s.length > 1 ? parseInt(s, 8) : s);
    return v <= 255 ? v : undefined;
  }
  return s.length === 1 ? s.charCodeAt(0) : undefined;
}

export function* stty(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'stty');
  let args = argv.slice(1);
  let fd = 0;
  let mode: 'set' | 'all' | 'save' = 'set';
  const settings: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-a' || a === '--all') mode = 'all';
    else if (a === '-g' || a === '--save') mode = 'save';
    else if (a === '-F' || a === '--file' || a.startsWith('--file=') || (a.startsWith('-F') && a.length > 2)) {
      const dev = a === '-F' || a === '--file' ? args[++i] : a.startsWith('-F') ? a.slice(2) : a.slice(7);
      if (dev === undefined) {
        yield* usageError(ctx, `option requires an argument -- 'F'`);
        return 1;
      }
      const r = yield* sys.open(dev, T.O_RDONLY | T.O_NONBLOCK);
      if (r < 0) {
        yield* failErrno(ctx, dev, -r);
        return 1;
      }
      fd = r;
    } else if (a === '--help' || a === '--version') {
      return a === '--help' ? yield* printHelp(ctx) : yield* printVersion(ctx);
    } else settings.push(a);
  }
  args = settings;
  const cur = yield* sys.ioctl(fd, T.TCGETS);
  if (typeof cur === 'number') {
    yield* failErrno(ctx, fd === 0 ? "'standard input'" : 'device', -cur);
    return 1;
  }
  const t = cur as Termios;
  const ws = (yield* sys.ioctl(fd, T.TIOCGWINSZ)) as { rows: number; cols: number } | number;
  const rows = typeof ws === 'number' ? 0 : ws.rows;
  const cols = typeof ws === 'number' ? 0 : ws.cols;
  const envCols = Number(getenv(envp, 'COLUMNS'));
  const out1 = yield* sys.ioctl(1, T.TIOCGWINSZ);
  const max = Number.isInteger(envCols) && envCols > 0 ? envCols : typeof out1 === 'object' && out1 !== null ? (out1 as { cols: number }).cols || 80 : 80;
  if (mode !== 'set' && args.length > 0) {
    yield* fail(ctx, 'when specifying an output style, modes may not be set');
    return 1;
  }
  if (mode === 'all') {
    yield* writeAll(sys, 1, displayAll(t, rows, cols, max));
    return 0;
  }
  if (mode === 'save') {
    const hex = (n: number): string => (n >>> 0).toString(16);
    yield* writeAll(sys, 1, [t.iflag, t.oflag, t.cflag, t.lflag, ...t.cc, ...Array(36 - 4 - t.cc.length).fill(0)].map(hex).join(':') + '\n');
    return 0;
  }
  if (args.length === 0) {
    yield* writeAll(sys, 1, displayChanged(t, max));
    return 0;
  }
  let newWs: { rows: number; cols: number } | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const neg = a.startsWith('-');
    const name = neg ? a.slice(1) : a;
    const need = (): string | undefined => args[++i];
    if (a === 'size') {
      if (typeof ws === 'number') {
        yield* failErrno(ctx, "'standard input'", -ws);
        return 1;
      }
      yield* writeAll(sys, 1, `${rows} ${cols}\n`);
      continue;
    }
    if (a === 'raw' || a === '-cooked') {
      applyRaw(t, true);
      continue;
    }
    if (a === '-raw' || a === 'cooked') {
      applyRaw(t, false);
      continue;
    }
    if (a === 'sane') {
      applySane(t);
      continue;
    }
    if (a === 'rows' || a === 'cols' || a === 'columns' || a === 'min' || a === 'time') {
      const v = need();
      if (v === undefined) {
        yield* fail(ctx, `missing argument to ${q(ctx, a)}`);
        yield* usageError(ctx);
        return 1;
      }
      if (!/^\d+$/.test(v)) {
        yield* fail(ctx, `invalid integer argument: ${q(ctx, v)}`);
        return 1;
      }
      const n = Number(v);
      if (a === 'min' || a === 'time') t.cc[a === 'min' ? T.VMIN : T.VTIME] = n & 0xff;
      else {
        newWs ??= { rows, cols };
        if (a === 'rows') newWs.rows = n;
        else newWs.cols = n;
      }
      continue;
    }
    const ch = CHARS.find(([n]) => n === a);
    if (ch) {
      const v = need();
      if (v === undefined) {
        yield* fail(ctx, `missing argument to ${q(ctx, a)}`);
        yield* usageError(ctx);
        return 1;
      }
      const c = parseChar(v);
      if (c === undefined) {
        yield* fail(ctx, `invalid integer argument: ${q(ctx, v)}`);
        return 1;
      }
      t.cc[ch[1]] = c;
      continue;
    }
    const m = MODES.find(([n]) => n === name);
    if (m && (!neg || m[4] & REV)) {
      const [, g, bits, mask] = m;
      const f = field(t, g);
      setField(t, g, neg ? f & ~(mask || bits) : (f & ~(mask || bits)) | bits);
      continue;
    }
    yield* fail(ctx, `invalid argument ${q(ctx, a)}`);
    yield* usageError(ctx);
    return 1;
  }
  const r = yield* sys.ioctl(fd, T.TCSETSW, t);
  if (typeof r === 'number' && r < 0) {
    yield* failErrno(ctx, "'standard input'", -r);
    return 1;
  }
  if (newWs) yield* sys.ioctl(fd, T.TIOCSWINSZ, newWs);
  return 0;
}


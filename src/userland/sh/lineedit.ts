// Interactive line editor (a small readline): raw tty input, cursor movement, history, ^R search,
// Tab completion. Only plain ANSI sequences are emitted.
import { EINTR, POLLIN, TCGETS, TCSETS, TIOCGWINSZ, ICANON, ECHO, ICRNL, VMIN, VTIME, SIGINT, SIGWINCH } from '../../kernel/syscall';
import type { Termios, Winsize } from '../../kernel/syscall';
import type { Gen } from './expand';
import type { Shell } from './shell';
import { TopLevel } from './shell';
import { writeAll } from './rawio';
import { streamDecoder } from '../lib/text';
import { complete } from './completion';

export type EditResult = string | null | { intr: true };

/** How readline shows a character: control characters as ^X (two columns). */
function disp(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0x20) return '^' + String.fromCharCode(c + 64);
  if (c === 0x7f) return '^?';
  return ch;
}

/** Escape sequences bound in bash 5.2's emacs keymap on Debian (`bind -p`, TERM=xterm), after ESC. */
const BOUND = new Set([
  '[A', '[B', '[C', '[D', '[H', '[F', 'OA', 'OB', 'OC', 'OD', 'OH', 'OF',
  '[1~', '[2~', '[3~', '[4~', '[5~', '[6~', '[200~', '[3;5~',
  '[1;3C', '[1;3D', '[1;5C', '[1;5D', '[5C', '[5D', '\x1b[C', '\x1b[D',
]);
const PREFIXES = new Set<string>();
for (const b of BOUND) for (let i = 1; i < b.length; i++) PREFIXES.add(b.slice(0, i));

export class LineEditor {
  private queue: string[] = [];
  private decode = streamDecoder();
  private cols = 80;
  private buf: string[] = [];
  private pos = 0;
  private prompt = '';
  private promptLen = 0;
  private lastTab = false;
  private out = '';

  /** Reads the terminal on stdin and echoes on stderr, as bash's readline does. */
  constructor(
    private readonly sh: Shell,
    private readonly fd: number = 0,
    private readonly outFd: number = 2,
  ) {}

  private *flush(): Gen<void> {
    if (this.out) {
      yield* writeAll(this.sh.sys, this.outFd, this.out);
      this.out = '';
    }
  }

  private *winsize(): Gen<void> {
    const w = yield* this.sh.sys.ioctl(this.fd, TIOCGWINSZ);
    if (w && typeof w === 'object' && (w as Winsize).cols > 0) this.cols = (w as Winsize).cols;
  }

  /** Next input character, or 'EINTR' when a signal interrupted the read, or null at EOF. */
  private *key(): Gen<string | null> {
    while (this.queue.length === 0) {
      yield* this.flush();
      // one byte per read(), as readline's rl_getc: bytes typed ahead for the next program
      // stay in the tty for it
      const r = yield* this.sh.sys.read(this.fd, 1);
      if (typeof r === 'number') {
        if (r === -EINTR) return 'EINTR';
        return null;
      }
      if (r.length === 0) return null;
      for (const ch of this.decode(r)) this.queue.push(ch);
    }
    return this.queue.shift()!;
  }

  /**
   * The key sequence after ESC, as readline's keymaps read it: bytes are taken while they may
   * still lead to a bound sequence; an unbound one is consumed up to the byte that left every
   * binding (ESC [ 9 of ESC [ 9 9 ~), and readline rings the bell.
   */
  private *escSeq(): Gen<string> {
    let s = '';
    for (;;) {
      const c = yield* this.key();
      if (c === null || c === 'EINTR') return '';
      s += c;
      if (BOUND.has(s)) return s;
      if (PREFIXES.has(s)) continue;
      if (s.length === 1) return s; // M-x
      this.out += '\x07';
      return '';
    }
  }

  /** Screen position of buffer index i (readline assumes the prompt starts in column 0). */
  private pt(i: number): { row: number; col: number } {
    let x = this.promptLen;
    for (let j = 0; j < i; j++) x += disp(this.buf[j]!).length;
    return { row: Math.floor(x / this.cols), col: x % this.cols };
  }

  private moveTo(from: number, to: number): void {
    const a = this.pt(from);
    const b = this.pt(to);
    if (b.row < a.row) this.out += `\x1b[${a.row - b.row}A`;
    else if (b.row > a.row) this.out += `\x1b[${b.row - a.row}B`;
    if (b.col !== a.col) {
      if (a.row === b.row && b.col < a.col) this.out += a.col - b.col === 1 ? '\b' : `\x1b[${a.col - b.col}D`;
      else if (a.row === b.row) this.out += `\x1b[${b.col - a.col}C`;
      else this.out += '\r' + (b.col ? `\x1b[${b.col}C` : '');
    }
  }

  /** Rewrites from index i to the end and puts the cursor back at this.pos. */
  private refreshFrom(i: number, oldCursor: number): void {
    this.moveTo(oldCursor, i);
    this.out += this.buf.slice(i).map(disp).join('');
    const end = this.buf.length;
    if (this.pt(end).col === 0 && end > 0) this.out += ' \r';
    this.out += '\x1b[J';
    this.moveTo(end, this.pos);
  }

  private redrawAll(): void {
    this.out += this.prompt + this.buf.map(disp).join('');
    if (this.pt(this.buf.length).col === 0 && this.buf.length > 0) this.out += ' \r';
    this.out += '\x1b[J';
    this.moveTo(this.buf.length, this.pos);
  }

  private set(text: string): void {
    this.moveTo(this.pos, 0);
    this.buf = Array.from(text);
    this.pos = this.buf.length;
    this.refreshFrom(0, 0);
  }

  *readLine(prompt: string, promptVisible: string): Gen<EditResult> {
    const sys = this.sh.sys;
    const saved = (yield* sys.ioctl(this.fd, TCGETS)) as Termios | number;
    if (typeof saved === 'object') {
      const raw: Termios = { ...saved, cc: saved.cc.slice() };
      raw.lflag &= ~(ICANON | ECHO);
      raw.iflag &= ~ICRNL;
      raw.cc[VMIN] = 1;
      raw.cc[VTIME] = 0;
      yield* sys.ioctl(this.fd, TCSETS, raw);
    }
    try {
      return yield* this.edit(prompt, promptVisible);
    } finally {
      yield* this.flush();
      if (typeof saved === 'object') yield* sys.ioctl(this.fd, TCSETS, saved);
    }
  }

  private *edit(prompt: string, promptVisible: string): Gen<EditResult> {
    yield* this.winsize();
    this.prompt = prompt;
    const lastLine = promptVisible.slice(promptVisible.lastIndexOf('\n') + 1);
    this.promptLen = Array.from(lastLine).length;
    this.buf = [];
    this.pos = 0;
    this.out += prompt;
    const hist = this.sh.history;
    let hidx = hist.length;
    let edited = '';
    this.lastTab = false;
    for (;;) {
      const k = yield* this.key();
      if (k === null) {
        if (this.buf.length === 0) return null;
        continue;
      }
      if (k === 'EINTR') {
        if (this.sh.pendingSigs.includes(SIGWINCH)) yield* this.winsize();
        if (this.sh.pendingSigs.includes(SIGINT)) {
          this.sh.pendingSigs = this.sh.pendingSigs.filter((s) => s !== SIGINT);
          this.moveTo(this.pos, this.buf.length);
          this.out += '^C\n';
          return { intr: true };
        }
        try {
          yield* this.sh.checkSignals();
        } catch (e) {
          if (e instanceof TopLevel) return { intr: true };
          throw e;
        }
        continue;
      }
      const tab = k === '\t';
      const wasTab = this.lastTab;
      this.lastTab = tab;
      const old = this.pos;
      switch (k) {
        case '\r':
        case '\n':
          this.moveTo(this.pos, this.buf.length);
          this.out += '\n';
          return this.buf.join('');
        case '\x03':
          this.moveTo(this.pos, this.buf.length);
          this.out += '^C\n';
          return { intr: true };
        case '\x04':
          if (this.buf.length === 0) return null;
          if (this.pos < this.buf.length) {
            this.buf.splice(this.pos, 1);
            this.refreshFrom(this.pos, old);
          }
          break;
        case '\x7f':
        case '\b': {
          if (this.pos === 0) {
            this.out += '\x07';
            break;
          }
          const gone = disp(this.buf[this.pos - 1]!).length;
          if (this.pos === this.buf.length && gone === 1 && this.pt(old).col > 0) {
            this.buf.pop();
            this.pos--;
            this.out += '\b \b';
          } else {
            // the cursor moves while the buffer still holds what the screen shows
            this.moveTo(old, old - 1);
            this.buf.splice(this.pos - 1, 1);
            this.pos--;
            this.refreshFrom(this.pos, this.pos);
          }
          break;
        }
        case '\x01':
          this.pos = 0;
          this.moveTo(old, 0);
          break;
        case '\x05':
          this.pos = this.buf.length;
          this.moveTo(old, this.pos);
          break;
        case '\x02':
          if (this.pos > 0) this.moveTo(old, --this.pos);
          break;
        case '\x06':
          if (this.pos < this.buf.length) this.moveTo(old, ++this.pos);
          break;
        case '\x0b':
          this.buf.length = this.pos;
          this.out += '\x1b[J';
          break;
        case '\x15':
          this.moveTo(old, 0);
          this.buf.splice(0, this.pos);
          this.pos = 0;
          this.refreshFrom(0, 0);
          break;
        case '\x17': {
          let i = this.pos;
          while (i > 0 && this.buf[i - 1] === ' ') i--;
          while (i > 0 && this.buf[i - 1] !== ' ') i--;
          this.moveTo(old, i);
          this.buf.splice(i, this.pos - i);
          this.pos = i;
          this.refreshFrom(i, i);
          break;
        }
        case '\x0c':
          this.out += '\x1b[H\x1b[2J';
          this.redrawAll();
          break;
        case '\x12': {
          const r = yield* this.reverseSearch();
          if (r !== undefined) return r;
          break;
        }
        case '\t':
          yield* this.complete(wasTab);
          break;
        case '\x1b': {
          const seq = yield* this.escSeq();
          if (seq === '[A' || seq === 'OA') {
            if (hidx > 0) {
              if (hidx === hist.length) edited = this.buf.join('');
              hidx--;
              this.set(hist[hidx]!);
            } else this.out += '\x07';
          } else if (seq === '[B' || seq === 'OB') {
            if (hidx < hist.length) {
              hidx++;
              this.set(hidx === hist.length ? edited : hist[hidx]!);
            } else this.out += '\x07';
          } else if (seq === '[C' || seq === 'OC') {
            if (this.pos < this.buf.length) this.moveTo(old, ++this.pos);
          } else if (seq === '[D' || seq === 'OD') {
            if (this.pos > 0) this.moveTo(old, --this.pos);
          } else if (seq === '[H' || seq === 'OH' || seq === '[1~') {
            this.pos = 0;
            this.moveTo(old, 0);
          } else if (seq === '[F' || seq === 'OF' || seq === '[4~') {
            this.pos = this.buf.length;
            this.moveTo(old, this.pos);
          } else if (seq === '[3~') {
            if (this.pos < this.buf.length) {
              this.buf.splice(this.pos, 1);
              this.refreshFrom(this.pos, old);
            }
          } else if (seq === '[2~') {
            const q = yield* this.key();
            if (q !== null && q !== 'EINTR') this.insert(q);
          } else if (seq === '[200~') {
            // bracketed-paste-begin: everything up to ESC [ 201 ~ is inserted as it is
            let t = '';
            for (;;) {
              const c = yield* this.key();
              if (c === null || c === 'EINTR') break;
              t += c;
              if (t.endsWith('\x1b[201~')) {
                t = t.slice(0, -6);
                break;
              }
            }
            for (const c of t.replace(/\r\n?/g, '\n')) this.insert(c);
          } else if (seq === '[3;5~') {
            let i = this.pos;
            while (i < this.buf.length && !/\w/.test(this.buf[i]!)) i++;
            while (i < this.buf.length && /\w/.test(this.buf[i]!)) i++;
            this.buf.splice(this.pos, i - this.pos);
            this.refreshFrom(this.pos, old);
          } else if (seq === '[5~' || seq === '[6~') {
            // history-search-backward/-forward: entries starting with the text before the cursor
            const pre = this.buf.slice(0, this.pos).join('');
            const keep = this.pos;
            let i = hidx;
            const up = seq === '[5~';
            for (;;) {
              i += up ? -1 : 1;
              if (i < 0 || i > hist.length) break;
              if (i === hist.length ? pre === '' || edited.startsWith(pre) : hist[i]!.startsWith(pre) && hist[i] !== this.buf.join('')) break;
            }
            if (i < 0 || i > hist.length) this.out += '\x07';
            else {
              if (hidx === hist.length) edited = this.buf.join('');
              hidx = i;
              const text = i === hist.length ? edited : hist[i]!;
              this.moveTo(old, 0);
              this.buf = Array.from(text);
              this.pos = pre === '' ? this.buf.length : keep;
              this.refreshFrom(0, 0);
            }
          } else if (seq === 'b' || seq === '[1;5D' || seq === '[1;3D' || seq === '[5D' || seq === '\x1b[D') {
            let i = this.pos;
            while (i > 0 && !/\w/.test(this.buf[i - 1]!)) i--;
            while (i > 0 && /\w/.test(this.buf[i - 1]!)) i--;
            this.pos = i;
            this.moveTo(old, i);
          } else if (seq === 'f' || seq === '[1;5C' || seq === '[1;3C' || seq === '[5C' || seq === '\x1b[C') {
            let i = this.pos;
            while (i < this.buf.length && !/\w/.test(this.buf[i]!)) i++;
            while (i < this.buf.length && /\w/.test(this.buf[i]!)) i++;
            this.pos = i;
            this.moveTo(old, i);
          }
          break;
        }
        case '\x16': {
          // quoted-insert: the next character goes in as it is
          const q = yield* this.key();
          if (q !== null && q !== 'EINTR') this.insert(q);
          break;
        }
        default:
          if (k < ' ' && k !== '\t') {
            break; // other control characters are ignored
          }
          // readline inserts typed-ahead characters together, with one redisplay
          this.insert(k + (yield* this.typeahead()));
      }
    }
  }

  /** Printable characters already typed (queued or waiting in the tty), taken off the input. */
  private *typeahead(): Gen<string> {
    let t = '';
    for (;;) {
      if (this.queue.length === 0) {
        const p = yield* this.sh.sys.poll([{ fd: this.fd, events: POLLIN }], 0);
        if (typeof p === 'number' || !(p[0]! & POLLIN)) break;
        const r = yield* this.sh.sys.read(this.fd, 1);
        if (typeof r === 'number' || r.length === 0) break;
        for (const ch of this.decode(r)) this.queue.push(ch);
        continue;
      }
      const c = this.queue[0]!;
      if (c < ' ' || c === '\x7f') break;
      t += this.queue.shift()!;
    }
    return t;
  }

  private insert(text: string): void {
    const old = this.pos;
    const chars = Array.from(text);
    this.buf.splice(this.pos, 0, ...chars);
    this.pos += chars.length;
    if (this.pos === this.buf.length) {
      // the terminal wraps the text; readline forces a wrap only when the line ends at the margin
      this.out += chars.map(disp).join('');
      if (this.pt(this.pos).col === 0) this.out += ' \r';
    } else this.refreshFrom(old, old);
  }

  private *reverseSearch(): Gen<EditResult | undefined> {
    const hist = this.sh.history;
    let query = '';
    let idx = hist.length;
    let match = this.buf.join('');
    const original = match;
    const draw = (failed: boolean): void => {
      this.out += '\r\x1b[J' + `(${failed ? 'failed ' : ''}reverse-i-search)\`${query}': ${match}`;
    };
    const search = (from: number): number => {
      for (let i = from; i >= 0; i--) if (query && hist[i]!.includes(query)) return i;
      return -1;
    };
    // move to the first row of the line before redrawing
    this.moveTo(this.pos, 0);
    this.out += '\r';
    draw(false);
    for (;;) {
      const k = yield* this.key();
      if (k === null) return null;
      if (k === 'EINTR' || k === '\x03' || k === '\x07') {
        if (k === 'EINTR' && !this.sh.pendingSigs.includes(SIGINT)) continue;
        this.sh.pendingSigs = this.sh.pendingSigs.filter((s) => s !== SIGINT);
        this.buf = Array.from(original);
        this.pos = this.buf.length;
        this.out += '\r\x1b[J';
        if (k === '\x07') {
          this.redrawAll();
          return undefined;
        }
        this.out += this.prompt + original + '^C\n';
        return { intr: true };
      }
      if (k === '\x12') {
        const i = search(idx - 1);
        if (i >= 0) {
          idx = i;
          match = hist[i]!;
          draw(false);
        } else {
          this.out += '\x07';
          draw(true);
        }
        continue;
      }
      if (k === '\x7f' || k === '\b') {
        query = query.slice(0, -1);
        const i = search(hist.length - 1);
        if (i >= 0) {
          idx = i;
          match = hist[i]!;
        }
        draw(false);
        continue;
      }
      if (k >= ' ' && k !== '\x7f') {
        query += k;
        const i = search(Math.min(idx, hist.length - 1));
        if (i >= 0) {
          idx = i;
          match = hist[i]!;
          draw(false);
        } else {
          this.out += '\x07';
          draw(true);
        }
        continue;
      }
      // any other key accepts the match
      this.buf = Array.from(match);
      this.pos = this.buf.length;
      this.out += '\r\x1b[J';
      if (k === '\r' || k === '\n') {
        this.out += this.prompt + match + '\n';
        return match;
      }
      if (k === '\x1b') yield* this.escSeq();
      this.redrawAll();
      return undefined;
    }
  }

  private *complete(listAll: boolean): Gen<void> {
    const line = this.buf.join('');
    const before = Array.from(line).slice(0, this.pos).join('');
    const m = /[^\s;|&()<>]*$/.exec(before)!;
    const word = m[0];
    const pre = before.slice(0, before.length - word.length);
    const cmdPos = /(^|[;|&(]\s*|\b(then|do|else|elif)\s+)\s*$/.test(pre) || pre.trim() === '';
    const cands = yield* complete(this.sh, word, cmdPos);
    if (cands.length === 0) {
      this.out += '\x07';
      return;
    }
    const common = cands.reduce((a, b) => {
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return a.slice(0, i);
    });
    const old = this.pos;
    if (cands.length === 1) {
      const c = cands[0]!;
      const add = c.slice(word.length) + (c.endsWith('/') ? '' : ' ');
      this.buf.splice(this.pos, 0, ...Array.from(add));
      this.pos += Array.from(add).length;
      this.refreshFrom(old, old);
      return;
    }
    if (common.length > word.length) {
      const add = common.slice(word.length);
      this.buf.splice(this.pos, 0, ...Array.from(add));
      this.pos += Array.from(add).length;
      this.refreshFrom(old, old);
      return;
    }
    if (!listAll) {
      this.out += '\x07';
      return;
    }
    this.moveTo(this.pos, this.buf.length);
    if (cands.length > 100) {
      // readline's completion-query-items
      this.out += `\nDisplay all ${cands.length} possibilities? (y or n)`;
      for (;;) {
        const k = yield* this.key();
        if (k === null || k === 'EINTR' || k === 'n' || k === 'N' || k === '\x7f' || k === '\x03') {
          this.out += '\n';
          this.redrawAll();
          return;
        }
        if (k === 'y' || k === 'Y' || k === ' ') break;
      }
    }
    // list candidates in columns, then redraw
    const names = cands.map((c) => {
      const t = c.endsWith('/') ? c.slice(0, -1) : c;
      return t.slice(t.lastIndexOf('/') + 1) + (c.endsWith('/') ? '/' : '');
    });
    const width = Math.max(...names.map((n) => n.length)) + 2;
    const perRow = Math.max(1, Math.floor((this.cols + 2) / width));
    const rows = Math.ceil(names.length / perRow);
    let out = '\n';
    for (let r = 0; r < rows; r++) {
      let l = '';
      for (let c = 0; c < perRow; c++) {
        const n = names[c * rows + r];
        if (n !== undefined) l += n.padEnd(width);
      }
      out += l.trimEnd() + '\n';
    }
    this.out += out;
    this.redrawAll();
  }
}

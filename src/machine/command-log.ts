// The commands typed at a shell prompt and what they printed, per terminal, for lesson checks
// ("the last command's output contains…", "a command matching … was run") and the embedding
// SDK's `command` event. It is learned from the terminal's own traffic, so nothing the student
// sees changes:
//
// - a command starts when a shell (comm bash/sh) reads the Enter that ends a line from its
//   terminal — typed at the prompt, or typed ahead while the previous command ran (the shell
//   reads those keys once it prompts again);
// - the command line is the line the shell then ends with a newline (its echo of the line: a line
//   editor redisplays keys typed ahead only once it has read them all, as readline does), without
//   the prompt: the prompt is the cursor line when the shell read the first key of the line;
// - its output is everything the terminal printed from then until the next command starts,
//   without the last line (the next prompt), with escape sequences and '\r' removed;
// - its exit status is the shell's own $?, which the shell reports with the "command finished"
//   mark of terminal shell integration, OSC 133;D;<status> (VS Code, WezTerm and iTerm2 read the
//   same mark). The machine's /etc/bash.bashrc prints it from PROMPT_COMMAND; a shell without it
//   (sh, a container image's bash, a student who unset it) reports none, and the status is null.
//   The last mark before the next prompt counts, so a command that starts another interactive
//   shell (`unshare … bash`) ends at that shell's first prompt with no status, and the line that
//   leaves it (`exit 3`) gets the status its outer shell reports (that of `unshare`).
//
// Everything is decided at input time, which replay reproduces exactly (an input is applied at the
// recorded point of the machine's history), so a rewound session has the same log.
//
// A line typed to a program that reads the terminal itself (cat), or to the shell's `read`
// builtin (which reads in canonical mode, not through the line editor), is not a command.
import type { Task } from '../kernel/task/task';
import type { TerminalId } from './terminals';

export interface CommandRecord {
  terminal: TerminalId;
  /** the command line as typed (what the terminal showed after the prompt) */
  line: string;
  /** virtual time Enter was pressed (ns since boot) */
  atNs: number;
  /** what it printed until the next prompt, plain text, lines joined with '\n' (capped) */
  output: string;
  /** the output is complete (the shell prompted again); false while the command runs */
  done: boolean;
  /** the exit status its shell reported (OSC 133;D), or null when it reported none */
  status: number | null;
}

// worst case kept: 200 × 16 KiB of text per machine
const MAX_RECORDS = 200;
const MAX_OUTPUT = 16 * 1024;
const SHELLS = new Set(['bash', 'sh', 'dash']);

/** Shells are recognised by comm: a prompt is a shell blocked reading its terminal. */
export function shellIsReading(readers: Iterable<Task>): boolean {
  for (const t of readers) if (SHELLS.has(t.comm)) return true;
  return false;
}

/** One terminal's line model: just enough of a terminal to know what its cursor line shows. */
class CursorLine {
  private cells: string[] = [];
  private col = 0;
  private esc = '';

  /** `onOsc` receives the text of each operating system command (ESC ] … BEL/ST), unterminated. */
  constructor(private readonly onOsc: (text: string) => void) {}

  feed(s: string, onNewline: (line: string) => void): void {
    for (const ch of s) {
      if (this.esc) {
        this.esc += ch;
        if (this.escapeDone()) this.applyEscape();
        continue;
      }
      if (ch === '\x1b') this.esc = ch;
      else if (ch === '\r') this.col = 0;
      else if (ch === '\n') {
        onNewline(this.text());
        this.cells = [];
        this.col = 0;
      } else if (ch === '\b') this.col = Math.max(0, this.col - 1);
      else if (ch === '\t') {
        // to the next tab stop (every 8 columns), as a terminal shows it
        this.col = (Math.floor(this.col / 8) + 1) * 8;
        while (this.cells.length < this.col) this.cells.push(' ');
      }
      else if (ch === '\x07' || ch < ' ') continue;
      else {
        while (this.cells.length < this.col) this.cells.push(' ');
        this.cells[this.col++] = ch;
      }
    }
  }

  text(): string {
    return this.cells.join('').replace(/\s+$/, '');
  }

  private escapeDone(): boolean {
    const e = this.esc;
    if (e.length === 2) return e[1] !== '[' && e[1] !== ']';
    if (e[1] === '[') return /[@-~]/.test(e[e.length - 1]!);
    // OSC: ends with BEL or ST
    return e.endsWith('\x07') || e.endsWith('\x1b\\') || e.length > 512;
  }

  private applyEscape(): void {
    if (this.esc[1] === ']') {
      const text = this.esc.slice(2).replace(/\x07$|\x1b\\$/, '');
      this.esc = '';
      this.onOsc(text);
      return;
    }
    const m = /^\x1b\[(\d*)([A-Za-z@])$/.exec(this.esc);
    this.esc = '';
    if (!m) return;
    const n = m[1] ? Number(m[1]) : undefined;
    switch (m[2]) {
      case 'D':
        this.col = Math.max(0, this.col - (n ?? 1));
        break;
      case 'C':
        this.col += n ?? 1;
        break;
      case 'G':
        this.col = Math.max(0, (n ?? 1) - 1);
        break;
      case 'K':
        // EL 0 (to the end), 1 (to the cursor), 2 (whole line)
        if (!n) this.cells.length = Math.min(this.cells.length, this.col);
        else if (n === 1) for (let i = 0; i <= this.col && i < this.cells.length; i++) this.cells[i] = ' ';
        else this.cells = [];
        break;
      case 'P':
        this.cells.splice(this.col, n ?? 1);
        break;
      case '@':
        this.cells.splice(this.col, 0, ...Array<string>(n ?? 1).fill(' '));
        break;
    }
  }
}

interface TermState {
  cursor: CursorLine;
  /** the prompt, once the shell read the first key of a line */
  prompt: string | null;
  /** the shell read Enter at this time: the next line the terminal ends is the command line */
  enteredAt: number | null;
  /** the running command's record, collecting output */
  current: CommandRecord | null;
  /** complete lines of the current command's output */
  lines: string[];
  size: number;
}

export class CommandLog {
  readonly records: CommandRecord[] = [];
  private readonly terms = new Map<TerminalId, TermState>();
  /** terminals with a command still running */
  readonly running = new Set<TerminalId>();
  /** called when a command ends (its shell prompts again, or the next line is typed first) */
  onDone: ((r: CommandRecord) => void) | null = null;

  private state(id: TerminalId): TermState {
    let s = this.terms.get(id);
    if (!s) {
      const state: TermState = {
        cursor: new CursorLine((osc) => {
          // OSC 133;D[;status]: the command finished; without a status it is not known
          const m = /^133;D(?:;(\d{1,3}))?(?:;|$)/.exec(osc);
          if (m && state.current) state.current.status = m[1] === undefined ? null : Number(m[1]);
        }),
        prompt: null, enteredAt: null, current: null, lines: [], size: 0,
      };
      s = state;
      this.terms.set(id, s);
    }
    return s;
  }

  /** The terminal printed `text`. */
  output(id: TerminalId, text: string): void {
    const s = this.state(id);
    s.cursor.feed(text, (line) => {
      if (s.enteredAt !== null) {
        this.enter(s, id, line, s.enteredAt);
        return;
      }
      // (a new line while the shell edits — a completion listing, ^C — keeps the prompt: the
      // editor draws the same prompt again under it)
      if (!s.current || s.size > MAX_OUTPUT) return;
      s.lines.push(line);
      s.size += line.length + 1;
    });
  }

  /** A shell (comm bash/sh/dash) read `bytes` from terminal `id` (called from the tty's read). */
  shellRead(id: TerminalId, bytes: Uint8Array, atNs: number): void {
    const s = this.state(id);
    if (s.prompt === null) {
      // the first key of a line: the shell is at its prompt again, so the last command is over
      this.finish(s);
      s.prompt = s.cursor.text();
    }
    // (line editors read one key at a time, as readline does: one Enter per read)
    if (bytes.includes(0x0d) || bytes.includes(0x0a)) s.enteredAt = atNs;
  }

  /** The shell ended the line it read Enter for: `shown` is that line as the terminal shows it. */
  private enter(s: TermState, id: TerminalId, shown: string, atNs: number): void {
    const prompt = s.prompt ?? '';
    const line = shown.startsWith(prompt) ? shown.slice(prompt.length) : shown;
    s.prompt = null;
    s.enteredAt = null;
    if (line.trim() === '') return;
    const rec: CommandRecord = { terminal: id, line: line.trim(), atNs, output: '', done: false, status: null };
    s.current = rec;
    this.running.add(id);
    s.lines = [];
    s.size = 0;
    this.records.push(rec);
    if (this.records.length > MAX_RECORDS) this.records.shift();
  }

  /** The command on `id` is over: its shell is back at a prompt (called by the machine). */
  settle(id: TerminalId): void {
    const s = this.terms.get(id);
    if (s?.current) this.finish(s);
  }

  private finish(s: TermState): void {
    const rec = s.current;
    if (!rec) return;
    this.running.delete(rec.terminal);
    rec.output = s.lines.join('\n');
    rec.done = true;
    s.current = null;
    s.lines = [];
    s.size = 0;
    this.onDone?.(rec);
  }

  /** The most recent command (optionally on one terminal). */
  last(id?: TerminalId): CommandRecord | undefined {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const r = this.records[i]!;
      if (id === undefined || r.terminal === id) return r;
    }
    return undefined;
  }
}

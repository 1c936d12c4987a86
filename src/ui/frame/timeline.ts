// The timeline of a session: its input log (src/machine/session-record.ts) read back as the
// things a person did — command lines typed in each terminal (reconstructed from keystrokes the
// way a line editor would: backspace, ^U, ^C, escape sequences), control keys, terminals opened
// and closed. Each item points at the log entry where it began: rewinding to an item rebuilds
// the machine as it was just before that input.
import type { LogEntry, TerminalId } from '../../worker/protocol';

export interface TimelineItem {
  /** log index of the item's first input: rewind(index) goes to just before it */
  index: number;
  /** virtual time of that input (ns since boot) */
  t: number;
  terminal: TerminalId;
  kind: 'command' | 'control' | 'open' | 'close';
  /** the command line, the control key (^C), or the terminal */
  label: string;
}

const CONTROL_NAMES: Record<string, string> = { '\x03': '^C', '\x04': '^D', '\x1a': '^Z', '\x1c': '^\\' };

interface LineState {
  text: string;
  /** log index where the line's first keystroke was */
  start: number;
  t: number;
}

/** Build the timeline of `log`. Resizes are not shown (they are not something a person did). */
export function timelineOf(log: readonly LogEntry[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  const lines = new Map<TerminalId, LineState>();
  for (let i = 0; i < log.length; i++) {
    const e = log[i]!;
    const inp = e.input;
    if (inp.kind === 'open') {
      if (inp.terminal) items.push({ index: i, t: e.t, terminal: inp.terminal, kind: 'open', label: inp.terminal });
      continue;
    }
    if (inp.kind === 'close') {
      lines.delete(inp.terminal);
      items.push({ index: i, t: e.t, terminal: inp.terminal, kind: 'close', label: inp.terminal });
      continue;
    }
    if (inp.kind !== 'tty') continue;
    const term = inp.terminal;
    const d = inp.data;
    for (let j = 0; j < d.length; j++) {
      const c = d[j]!;
      let line = lines.get(term);
      if (c === '\r' || c === '\n') {
        const text = line?.text.trim() ?? '';
        items.push({ index: line?.start ?? i, t: line?.t ?? e.t, terminal: term, kind: 'command', label: text });
        lines.delete(term);
        continue;
      }
      if (c in CONTROL_NAMES) {
        items.push({ index: line?.start ?? i, t: line?.t ?? e.t, terminal: term, kind: 'control', label: line?.text ? `${line.text} ${CONTROL_NAMES[c]}` : CONTROL_NAMES[c]! });
        lines.delete(term);
        continue;
      }
      if (c === '\x1b') {
        // skip an escape sequence (arrows, function keys): CSI … final byte, or ESC + one char
        if (d[j + 1] === '[' || d[j + 1] === 'O') {
          j += 2;
          while (j < d.length && !/[@-~]/.test(d[j]!)) j++;
        } else j++;
        continue;
      }
      if (!line) lines.set(term, (line = { text: '', start: i, t: e.t }));
      if (c === '\x7f' || c === '\b') line.text = line.text.slice(0, -1);
      else if (c === '\x15') line.text = '';
      else if (c === '\x17') line.text = line.text.replace(/\S+\s*$/, '');
      else if (c >= ' ' || c === '\t') line.text += c === '\t' ? ' ' : c;
    }
  }
  return items;
}

/** Virtual time as the timeline shows it: seconds with milliseconds (1234.567 s → "20:34.567"). */
export function formatT(ns: number): string {
  const ms = Math.floor(ns / 1e6);
  const s = Math.floor(ms / 1000);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const frac = String(ms % 1000).padStart(3, '0');
  const mmss = `${String(m % 60).padStart(h > 0 ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}.${frac}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

// Run buttons type like a careful student: a line goes to the terminal when its shell is at a
// prompt. While a line sent by a button is still running (no `command` event has come back for
// that terminal), the next lines wait, so a quick second click does not become typeahead (which
// the shell would still run, but which the machine's command log — and so output checks — would
// not see as a command). "^C and run" sends ^C at once and then its lines.
import type { MachineSession, TerminalId } from '../session/session';

interface Pending {
  terminal: TerminalId;
  lines: string[];
  /** a line was sent and its command has not ended yet */
  busy: boolean;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * A line that never becomes a command (typed to a program reading the terminal, like `cat`) sends
 * no event back: after this long the next line goes anyway.
 */
const GIVE_UP_MS = 5000;

const queues = new WeakMap<MachineSession, Map<TerminalId, Pending>>();
const hooked = new WeakSet<MachineSession>();

function queueOf(session: MachineSession, terminal: TerminalId): Pending {
  let m = queues.get(session);
  if (!m) queues.set(session, (m = new Map()));
  let q = m.get(terminal);
  if (!q) m.set(terminal, (q = { terminal, lines: [], busy: false, timer: null }));
  if (!hooked.has(session)) {
    hooked.add(session);
    session.onCommand((c) => {
      const p = queues.get(session)?.get(c.terminal);
      if (!p) return;
      done(session, p);
    });
  }
  return q;
}

function done(session: MachineSession, q: Pending): void {
  if (q.timer) clearTimeout(q.timer);
  q.timer = null;
  q.busy = false;
  pump(session, q);
}

function pump(session: MachineSession, q: Pending): void {
  if (q.busy) return;
  const line = q.lines.shift();
  if (line === undefined) return;
  q.busy = true;
  q.timer = setTimeout(() => done(session, q), GIVE_UP_MS);
  session.input(`${line}\r`, q.terminal);
}

/** Type `code` (one or more lines) into `terminal`, each line once the previous one has ended. */
export function runLines(session: MachineSession, terminal: TerminalId, code: string, interrupt: boolean): void {
  const q = queueOf(session, terminal);
  const lines = code.split('\n').filter((l) => l.trim() !== '');
  if (interrupt) {
    q.lines = [];
    session.input('\x03', terminal);
    q.lines.push(...lines);
    done(session, q);
    return;
  }
  q.lines.push(...lines);
  pump(session, q);
}

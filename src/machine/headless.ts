// Drive a machine from a script of lines, as a person at the console would: wait until the
// shell (or whatever reads the terminal) is waiting for input, type the next line, repeat.
// Lines that are exactly ^C, ^Z, ^D or ^\ send that control character; they are sent when
// something reads the terminal or one virtual second after the previous input, whichever
// comes first (so `sleep 100` followed by `^C` interrupts the sleep).
import { Machine, type MachineOptions } from './machine';

export interface ScriptOptions extends MachineOptions {
  /** stop after this much virtual time (default 3600 s) */
  maxVirtualSeconds?: number;
  /** virtual time a control line waits for a reader before it is sent anyway (default 1 s) */
  controlWaitNs?: number;
}

export interface ScriptRun {
  machine: Machine;
  /** every byte the console printed */
  output: Uint8Array[];
  /** true if the virtual-time budget ran out before the script finished */
  timedOut: boolean;
  /** programs that threw a JS exception (simulator bugs; the task died of SIGSEGV) */
  crashes: string[];
}

const CONTROL: Record<string, number> = { '^C': 3, '^Z': 26, '^D': 4, '^\\': 28 };

/** Run all events at the current virtual time. */
function settle(m: Machine): void {
  for (let i = 0; i < 1000; i++) {
    if (m.nextEventTime() > m.now) return;
    m.runUntil(m.now, 100_000);
  }
}

/**
 * Advance until `ready()` holds (checked whenever the machine is settled) or the deadline passes.
 * Returns false on timeout or when nothing can happen any more.
 */
function advanceUntil(m: Machine, ready: () => boolean, deadline: number): boolean {
  for (;;) {
    settle(m);
    if (ready()) return true;
    const next = m.nextEventTime();
    if (next > deadline) {
      if (Number.isFinite(deadline)) m.runUntil(deadline);
      return false;
    }
    if (!Number.isFinite(next)) return false;
    m.runUntil(next, 100_000);
  }
}

export function runScriptOn(m: Machine, script: string, opts: ScriptOptions = {}): ScriptRun {
  const crashes: string[] = [];
  const prevHook = m.k.onProgramCrash;
  m.k.onProgramCrash = (t, err) => {
    crashes.push(`${t.comm}[${t.pid.vnr}]: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    prevHook?.(t, err);
  };
  const output: Uint8Array[] = [];
  m.onOutput((b) => output.push(b));
  const budget = (opts.maxVirtualSeconds ?? 3600) * 1e9;
  const controlWait = opts.controlWaitNs ?? 1e9;
  const lines = script.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const reader = (): boolean => m.consoleReaderWaiting();
  let timedOut = !advanceUntil(m, reader, budget);
  for (const line of lines) {
    if (timedOut || m.k.panicked) break;
    const ctl = CONTROL[line.trim()];
    if (ctl !== undefined) {
      const until = Math.min(budget, m.now + controlWait);
      advanceUntil(m, reader, until);
      m.input(new Uint8Array([ctl]));
    } else {
      if (!advanceUntil(m, reader, budget)) {
        timedOut = true;
        break;
      }
      m.input(line + '\r');
    }
    settle(m);
  }
  if (!timedOut && !m.k.panicked) timedOut = !advanceUntil(m, reader, budget);
  return { machine: m, output, timedOut, crashes };
}

export function runScriptRaw(script: string, opts: ScriptOptions = {}): ScriptRun {
  return runScriptOn(new Machine(opts), script, opts);
}

// ESC ] … BEL or ESC ] … ESC \: an operating system command (title, shell-integration marks such
// as the OSC 133;D the machine's bash prints before each prompt); terminals act on it, never show it
const OSC = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** Terminal output decoded as text, without the OSC sequences no terminal shows (other escapes kept). */
export function outputText(chunks: readonly Uint8Array[]): string {
  const dec = new TextDecoder();
  return chunks.map((b) => dec.decode(b, { stream: true })).join('').replace(OSC, '');
}

/** `text` without OSC sequences, for tests that read raw terminal traffic. */
export function withoutOsc(text: string): string {
  return text.replace(OSC, '');
}

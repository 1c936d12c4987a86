// Test helper: a machine host in-process (messages structured-cloned both ways) driven by a fake
// wall clock in 4 ms ticks, booted to its first prompt. The host tests add their own views.
import { InProcessMachine } from '../inprocess';
import { PROTOCOL_VERSION, type Outbound } from '../protocol';

const dec = new TextDecoder();

export function inProcessLab(hostNow?: () => number) {
  const pm = new InProcessMachine({ autoStart: false, hostNow });
  const msgs: Outbound[] = [];
  pm.addListener((m) => msgs.push(m));
  let wall = 1000;
  const pass = (ms: number) => {
    for (const end = wall + ms; wall < end; ) pm.tick((wall = Math.min(end, wall + 4)));
  };
  /**
   * Pass fake wall time until `ok()` (at most `ms`). Frames are also spaced by what computing one
   * costs in real time (the host's back-pressure), so on a loaded machine one may take longer
   * than a fixed few ms of fake time.
   */
  const passUntil = (ok: () => boolean, ms = 2000) => {
    for (let waited = 0; !ok() && waited < ms; waited += 4) pass(4);
  };
  /** everything the console printed so far */
  const text = () =>
    msgs
      .filter((m) => m.type === 'tty-output')
      .map((m) => (typeof m.data === 'string' ? m.data : dec.decode(m.data)))
      .join('');
  const until = (s: string) => {
    for (let i = 0; !text().includes(s); i++) {
      if (i > 5000) throw new Error(`no '${s}' in:\n${text()}`);
      pass(4);
    }
  };
  const type = (s: string) => pm.postMessage({ type: 'tty-input', terminal: 'console', data: s });
  pm.postMessage({ type: 'hello', version: PROTOCOL_VERSION });
  until('root@lab:~# ');
  return { pm, msgs, pass, passUntil, text, until, type };
}

// The UI's session against the real machine host, in-process (the fallback createLink uses where
// no module Worker can be created; Node has none, so this exercises that path).
import { describe, expect, it } from 'vitest';
import type { ProcessesFrame } from '../../worker/protocol';
import { createLink } from './link';
import { MachineSession } from './session';

function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (cond()) resolve();
      else if (Date.now() - t0 > ms) reject(new Error('timed out'));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

describe('session over the in-process machine', () => {
  it('boots to a prompt, runs a command and streams the processes view', async () => {
    expect(typeof Worker).toBe('undefined');
    const s = new MachineSession(await createLink());
    let out = '';
    const dec = new TextDecoder();
    s.onTty('console', (d) => (out += typeof d === 'string' ? d : dec.decode(d)));
    const frames: ProcessesFrame[] = [];
    const sub = s.subscribeProcesses((f) => frames.push(f));
    await until(() => s.status === 'ready' && out.includes('root@lab:~# '));
    s.resize(30, 100);
    s.input('sleep 100 &\r');
    await until(() => frames.some((f) => f.processes.some((p) => p.command === 'sleep 100' && p.state === 'S')));
    s.input('echo $((6*7))\r');
    await until(() => out.includes('\r\n42\r\n'));
    sub.close();
    s.dispose();
  });
});

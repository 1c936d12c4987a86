// The classic fork bomb, typed at the console: with pid_max lowered it runs into the pid limit,
// bash retries each failed fork four times (1, 2, 4, 8 s) and then gives up with bash's messages,
// and the machine stays usable: `kill -9 -1` from the shell clears it and the shell still works.
import { describe, it, expect } from 'vitest';
import { Machine } from './machine';
import { runScriptOn } from './headless';
import { renderTranscript } from './transcript';

describe('fork bomb', () => {
  it('hits pid_max with bash\'s retry messages and the machine stays usable', async () => {
    const m = new Machine();
    const crashed: unknown[] = [];
    m.k.onProgramCrash = (_t, e) => crashed.push(e);
    const run = runScriptOn(
      m,
      ['echo 400 > /proc/sys/kernel/pid_max', ':(){ :|:& };:', 'sleep 20', 'kill -9 -1', 'sleep 1', 'echo alive', 'cat /proc/loadavg'].join('\n') + '\n',
    );
    const text = await renderTranscript(run.output);
    const lines = text.split('\n');
    expect(run.timedOut).toBe(false);
    expect(crashed).toEqual([]);
    expect(lines.filter((l) => l === '-bash: fork: retry: Resource temporarily unavailable').length).toBeGreaterThan(10);
    expect(lines.filter((l) => l === '-bash: fork: Resource temporarily unavailable').length).toBeGreaterThan(0);
    expect(text).toContain('root@lab:~# echo alive\nalive\n');
    // afterwards only init, the shell and cat were running: "running/total" counts 3 tasks
    expect(text).toMatch(/\n\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+\/3 \d+\n/);
    expect(run.machine.k.nrThreads).toBe(2);
  }, 60_000);
});

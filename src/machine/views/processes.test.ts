// The process table view against /proc of the same machine: every field the view shows must be
// what /proc/PID/stat and /proc/PID/status say.
import { describe, it, expect } from 'vitest';
import { Machine } from '../machine';
import { outputText, runScriptOn } from '../headless';
import { processesFrame, ProcessesViewSource, type ProcessesFrame } from './processes';


function run(m: Machine, script: string): string {
  const r = runScriptOn(m, script);
  if (r.crashes.length) throw new Error(r.crashes.join('\n'));
  if (r.timedOut) throw new Error('script timed out');
  return outputText(r.output);
}

/** /proc/PID/stat lines in a transcript, split into fields (comm may hold spaces). */
function statLines(text: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const line of text.split(/\r?\n/)) {
    const mm = /^(\d+) \((.*)\) (.*)$/.exec(line);
    if (mm) out.set(Number(mm[1]), [mm[1]!, `(${mm[2]})`, ...mm[3]!.split(' ')]);
  }
  return out;
}

/** A machine with a sleeping job, a zombie (its parent never reaps it) and a stopped job. */
function zoo(): { m: Machine; text: string; frame: ProcessesFrame } {
  const m = new Machine();
  // `sleep 0.1` before the kill: a job stopped the instant its shell prompts may not have exec'd
  // sleep yet (both CPUs are busy starting sh and bash), and would be listed as the bash it still is
  run(m, "sleep 100 &\nsh -c 'sleep 1 & exec sleep 100' &\nsleep 200 &\nsleep 0.1\nkill -STOP %3\nsleep 2\n");
  const before = processesFrame(m.k);
  const text = run(m, 'cat /proc/[0-9]*/stat\n');
  // `cat` has come and gone; nothing else changed while it ran
  return { m, text, frame: processesFrame(m.k, { prev: before }) };
}

describe('the processes view', () => {
  it('lists exactly the processes /proc lists, with the state letters of /proc/PID/stat', () => {
    const { text, frame } = zoo();
    const stat = statLines(text);
    expect(stat.size).toBeGreaterThanOrEqual(6);
    expect(frame.processes.map((p) => p.pid)).toEqual([...stat.keys()]);
    for (const p of frame.processes) {
      const f = stat.get(p.pid)!;
      expect(p.state, `pid ${p.pid}`).toBe(f[2]);
      expect(`(${p.comm})`).toBe(f[1]);
      expect([p.ppid, p.pgid, p.sid]).toEqual([Number(f[3]), Number(f[4]), Number(f[5])]);
      expect(p.nice).toBe(Number(f[18]));
      expect(p.threads).toBe(Number(f[19]));
      expect(p.vszKb).toBe(Math.floor(Number(f[22]) / 1024));
      expect(p.rssKb).toBe(Number(f[23]) * 4);
      const ticks = Number(f[13]) + Number(f[14]);
      expect(Math.abs(Math.floor(p.cpuNs / 1e7) - ticks)).toBeLessThanOrEqual(1);
      expect(p.zombie).toBe(f[2] === 'Z');
      expect(p.stopped).toBe(f[2] === 'T');
    }
  });

  it('shows the background sleep in S, the stopped job in T and the zombie in Z', () => {
    const { frame } = zoo();
    const byCmd = (c: string) => frame.processes.filter((p) => p.command === c);
    expect(byCmd('sleep 100').map((p) => p.state)).toEqual(['S', 'S']);
    expect(byCmd('sleep 200')).toMatchObject([{ state: 'T', stopped: true, zombie: false, tty: 'console' }]);
    const z = frame.processes.filter((p) => p.zombie);
    expect(z).toHaveLength(1);
    expect(z[0]).toMatchObject({ comm: 'sleep', state: 'Z', args: [], command: '[sleep]', rssKb: 0, vszKb: 0 });
    // the zombie's parent is the sh that exec'd `sleep 100`
    const parent = frame.processes.find((p) => p.pid === z[0]!.ppid)!;
    expect(parent.command).toBe('sleep 100');
    expect(frame.processes.find((p) => p.pid === 1)).toMatchObject({ comm: 'init', tty: null, ppid: 0 });
  });

  it('renders the selected pid’s /proc/PID/status exactly as the kernel does', () => {
    const m = new Machine();
    run(m, 'sleep 100 &\n');
    const sleeper = processesFrame(m.k).processes.find((p) => p.command === 'sleep 100')!;
    const text = run(m, `cat /proc/${sleeper.pid}/status\n`);
    const frame = processesFrame(m.k, { selectedPid: sleeper.pid });
    expect(frame.selected!.pid).toBe(sleeper.pid);
    expect(frame.selected!.status).toMatch(/^Name:\tsleep\n/);
    expect(text.replace(/\r\n/g, '\n')).toContain(frame.selected!.status);
    expect(processesFrame(m.k, { selectedPid: 4000 }).selected).toBeNull();
  });

  it('computes %CPU from the CPU time between two frames', () => {
    const m = new Machine();
    run(m, 'stress --cpu 1 &\nsleep 100 &\n');
    const f1 = processesFrame(m.k);
    m.runUntil(m.now + 2e9);
    const f2 = processesFrame(m.k, { prev: f1 });
    const worker = f2.processes.filter((p) => p.comm === 'stress').sort((a, b) => b.cpuPercent - a.cpuPercent)[0]!;
    expect(worker.cpuPercent).toBeGreaterThan(90);
    expect(worker.cpuPercent).toBeLessThanOrEqual(100.1);
    expect(f2.processes.find((p) => p.command === 'sleep 100')!.cpuPercent).toBe(0);
    // with no time between frames the figure stays what it was
    const f3 = processesFrame(m.k, { prev: f2 });
    expect(f3.processes.find((p) => p.pid === worker.pid)!.cpuPercent).toBe(worker.cpuPercent);
  });

  it('keeps no copy of kernel state: a frame follows the kernel at once', () => {
    const m = new Machine();
    run(m, 'sleep 100 &\n');
    const src = new ProcessesViewSource();
    const pid = src.frame(m.k).processes.find((p) => p.command === 'sleep 100')!.pid;
    run(m, `kill -STOP ${pid}\n`);
    expect(src.frame(m.k).processes.find((p) => p.pid === pid)!.state).toBe('T');
    run(m, `kill -9 ${pid}\n`);
    expect(src.frame(m.k).processes.find((p) => p.pid === pid)).toBeUndefined();
  });

  it('is plain data (survives structuredClone and JSON)', () => {
    const { frame } = zoo();
    expect(structuredClone(frame)).toEqual(frame);
    expect(JSON.parse(JSON.stringify(frame))).toEqual(frame);
  });
});

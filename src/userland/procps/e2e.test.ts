// End-to-end: the procps/psmisc/stress tools installed in a booted machine, typed at the console.
import { describe, it, expect } from 'vitest';
import type { Program } from '../../kernel/syscall';
import type { BuiltinProgram } from '../lib/registry';
import { runScript } from '../../machine/testing';
import { programs as procps } from './index';
import { programs as psmisc } from '../psmisc';
import { programs as stress } from '../stress';

/** A test helper: forks a child that exits at once and never reaps it (a zombie), then sleeps. */
const mkzombie: BuiltinProgram = {
  name: 'mkzombie',
  paths: ['/usr/local/bin/mkzombie'],
  vszKb: 2000,
  rssKb: 800,
  main: function* (sys): Program {
    yield* sys.fork(function* (): Program {
      return 0;
    });
    yield* sys.nanosleep(100e9);
    return 0;
  },
};

const extraPrograms = [...procps, ...psmisc, ...stress, mkzombie];
const run = (script: string, maxVirtualSeconds = 300) => runScript(script, { extraPrograms, maxVirtualSeconds });

describe('procps end to end', () => {
  it('ps shows a background sleep with its parent and state', async () => {
    const t = await run('sleep 100 &\nps -o pid,ppid,stat,comm\n');
    expect(t).toMatch(/PID\s+PPID STAT COMMAND/);
    expect(t).toMatch(/\d+\s+\d+ S {4}sleep/);
    expect(t).toMatch(/\d+\s+\d+ R\+ {3}ps/);
  });

  it('ps aux and ps -ef have procps headers and list init', async () => {
    const t = await run('ps aux\nps -ef\n');
    expect(t).toMatch(/^USER +PID %CPU %MEM +VSZ +RSS TTY +STAT START +TIME COMMAND$/m);
    expect(t).toMatch(/^UID +PID +PPID +C STIME TTY +TIME CMD$/m);
    expect(t).toMatch(/^root +1 .*init/m);
  });

  it('nice and renice show up as SN / NI', async () => {
    const t = await run('nice -n 10 sleep 100 &\nsleep 1\nps -o ni,stat,comm -C sleep\nrenice -n 5 -p $(pgrep -n sleep)\nps -o ni,stat,comm -C sleep\n');
    expect(t).toMatch(/^ *10 SN +sleep$/m);
    expect(t).toMatch(/\(process ID\) old priority 10, new priority 5/);
    expect(t).toMatch(/^ *5 SN +sleep$/m);
  });

  it('a zombie keeps comm but shows [comm] <defunct> in args', async () => {
    const t = await run('mkzombie &\nsleep 1\nps -o stat,comm,args\n');
    expect(t).toMatch(/^Z +mkzombie +\[mkzombie\] <defunct>$/m);
  });

  it('stress runs CPU hogs for the timeout and top sees them', async () => {
    const t = await run('stress -c 1 -t 4 &\nsleep 2\ntop -b -n 1 | head -8\nwait\n');
    expect(t).toMatch(/stress: info: \[\d+\] dispatching hogs: 1 cpu, 0 io, 0 vm, 0 hdd/);
    expect(t).toMatch(/^%Cpu\(s\):/m);
    expect(t).toMatch(/R +\d+\.\d +\d+\.\d +\d+:\d\d\.\d\d stress$/m);
    expect(t).toMatch(/stress: info: \[\d+\] successful run completed in 4s/);
  });

  it('kill, pgrep and pkill signal processes found in /proc', async () => {
    const t = await run('sleep 200 &\npgrep -l sleep\npkill -e sleep\necho rc=$?\n/usr/bin/kill 99999\necho rc=$?\n');
    expect(t).toMatch(/^\d+ sleep$/m);
    expect(t).toMatch(/^sleep killed \(pid \d+\)$/m);
    expect(t).toContain('rc=0');
    expect(t).toContain('/usr/bin/kill: (99999): No such process');
    expect(t).toContain('rc=1');
  });

  it('free, uptime and pstree read /proc', async () => {
    const t = await run('free\nuptime\npstree -A\n');
    expect(t).toContain('               total        used        free      shared  buff/cache   available');
    expect(t).toMatch(/^Mem: +\d+ +\d+ +\d+ +\d+ +\d+ +\d+$/m);
    expect(t).toMatch(/^ \d\d:\d\d:\d\d up .*load average: \d\.\d\d, \d\.\d\d, \d\.\d\d$/m);
    expect(t).toMatch(/^init---bash---pstree$/m);
  });

  it('top in a terminal quits on q and restores the shell', async () => {
    const t = await run('top -d 1\nq\necho after-top\n');
    expect(t).toContain('PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND');
    expect(t).toContain('after-top');
  });

  it('watch runs the command on a pipe and ^C ends it', async () => {
    const t = await run('watch -n 1 echo hello\n^C\necho rc=$?\n');
    expect(t).toContain('rc=0');
  });
});

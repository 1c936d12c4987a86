// A lesson's setup runs at boot as /etc/rc.local, before the console's login shell: nothing is
// typed on the console, its output is in /var/log/rc.local.log, its background jobs are init's.
import { describe, expect, it } from 'vitest';
import { Machine } from './machine';
import { outputText, runScriptOn } from './headless';

describe('setup lines as /etc/rc.local', () => {
  it('run once before the first prompt, out of sight, logged; their jobs outlive them', () => {
    const m = new Machine({ setup: ['mkdir -p /srv/lesson', 'sleep 1000 &', 'echo prepared'] });
    const r = runScriptOn(m, 'ls -d /srv/lesson; cat /var/log/rc.local.log; ps -o ppid=,args= -C sleep\ngrep SigIgn /proc/$(pgrep -x sleep)/status\n');
    expect(r.crashes).toEqual([]);
    const text = outputText(r.output).replace(/\r\n/g, '\n');
    // the console shows no setup line: the first thing on it is the prompt
    expect(text.startsWith('root@lab:~# ls -d /srv/lesson')).toBe(true);
    expect(text).toContain('/srv/lesson\nprepared\n    1 sleep 1000\n');
    // not init's ignored signals: sh ignores only SIGINT and SIGQUIT for its & jobs (no job control)
    expect(text).toContain('SigIgn:\t0000000000000006');
    expect(m.commands.records[0]!.line).toBe('ls -d /srv/lesson; cat /var/log/rc.local.log; ps -o ppid=,args= -C sleep');
  });

  it('is the Debian template around the lines, executable; none without setup', () => {
    const m = new Machine({ setup: ['false', 'echo never'] });
    const r = runScriptOn(m, 'cat /etc/rc.local; stat -c %a /etc/rc.local; cat /var/log/rc.local.log; echo end\n');
    const text = outputText(r.output).replace(/\r\n/g, '\n');
    expect(text).toContain('#!/bin/sh -e\n');
    expect(text).toContain('\nfalse\necho never\n\nexit 0\n755\n');
    // sh -e stops at the first failing line
    expect(text).not.toContain('never\nend');
    const plain = outputText(runScriptOn(new Machine(), 'ls /etc/rc.local\n').output);
    expect(plain).toContain("ls: cannot access '/etc/rc.local': No such file or directory");
  });
});

import { describe, it, expect } from 'vitest';
import { runScript } from '../../machine/testing';
import { programs as grep } from '.';
import { programs as utilLinux } from '../util-linux';
import { programs as hostname } from '../hostname';
import { programs as man } from '../man-db';
import { programs as ncurses } from '../ncurses-bin';

const extra = [...grep, ...utilLinux, ...hostname, ...man, ...ncurses];

describe('grep end to end', () => {
  it('matches, options and exit statuses', async () => {
    const t = await runScript(
      [
        "printf 'foo bar\\nbaz\\nFoo\\nab(c\\n' > /tmp/g",
        'cd /tmp',
        'grep -i foo g; grep -c o g; grep -n a g',
        "grep -E 'ba(r|z)' g; grep 'b\\(a\\)\\1' g; grep -o 'ba.' g; grep -w bar g",
        'grep nope g; echo $?; grep x nofile; echo $?',
        "grep -E '(' g; echo $?",
        'grep root /etc/passwd /etc/group',
        "printf 'x\\0y\\n' | grep x",
      ].join('\n') + '\n',
      { extraPrograms: extra },
    );
    expect(t).toContain('foo bar\nFoo\n2\n1:foo bar\n2:baz\n4:ab(c\n');
    expect(t).toContain('foo bar\nbaz\nbar\nbaz\nfoo bar\n');
    expect(t).toContain('grep nope g; echo $?; grep x nofile; echo $?\n1\ngrep: nofile: No such file or directory\n2\n');
    expect(t).toContain('grep: Unmatched ( or \\(\n2\n');
    expect(t).toContain('/etc/passwd:root:x:0:0:root:/root:/bin/bash\n/etc/group:root:x:0:\n');
    expect(t).toContain('grep: (standard input): binary file matches\n');
  });
});

describe('dmesg, hostname, man, clear', () => {
  it('work end to end', async () => {
    const t = await runScript('dmesg | head -1\nhostname -i; hostname; hostname new; hostname\nman nosuch; echo $?\nman ls | head -4\n', {
      extraPrograms: extra,
    });
    expect(t).toMatch(/\[ {4}0\.000000\] Linux version 6\.18\.0-lab/);
    expect(t).toContain('127.0.1.1\nlab\nnew\n');
    expect(t).toContain('No manual entry for nosuch\n16\n');
    expect(t).toContain('LS(1)                            User Commands                           LS(1)\n\nNAME\n       ls - list directory contents\n');
  });
});

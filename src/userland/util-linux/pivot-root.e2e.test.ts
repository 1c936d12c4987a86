// End-to-end: util-linux 2.38.1 pivot_root, always inside `unshare -m` as a container runtime
// does it. The error lines were checked against the real tool and kernel with the same calls in a
// private mount namespace on the host.
import { describe, it, expect } from 'vitest';
import { runScript } from '../../machine/testing';

const lines = (...l: string[]): string => l.join('\n') + '\n';

describe('pivot_root', () => {
  it('usage and the kernel errors, one per rule', async () => {
    const t = await runScript(
      [
        'unshare -m bash',
        'mkdir -p /tmp/pr; mount -t tmpfs tmpfs /tmp/pr; mkdir -p /tmp/pr/sub/old /tmp/pr/old; touch /tmp/pr/file',
        'pivot_root; echo $?',
        'pivot_root a b c; echo $?',
        'pivot_root --bogus; echo $?',
        'pivot_root /tmp/pr/sub /tmp/pr/sub/old; echo $?',
        'pivot_root /tmp/pr /tmp/pr/nope; echo $?',
        'pivot_root /tmp /tmp; echo $?',
        'pivot_root /tmp/pr/file /tmp/pr/old; echo $?',
        'pivot_root --version',
        'exit',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:~# pivot_root; echo $?',
        'pivot_root: bad usage',
        "Try 'pivot_root --help' for more information.",
        '1',
        'root@lab:~# pivot_root a b c; echo $?',
        'pivot_root: bad usage',
        "Try 'pivot_root --help' for more information.",
        '1',
        'root@lab:~# pivot_root --bogus; echo $?',
        "pivot_root: unrecognized option '--bogus'",
        "Try 'pivot_root --help' for more information.",
        '1',
        'root@lab:~# pivot_root /tmp/pr/sub /tmp/pr/sub/old; echo $?',
        "pivot_root: failed to change root from `/tmp/pr/sub' to `/tmp/pr/sub/old': Invalid argument",
        '1',
        'root@lab:~# pivot_root /tmp/pr /tmp/pr/nope; echo $?',
        "pivot_root: failed to change root from `/tmp/pr' to `/tmp/pr/nope': No such file or directory",
        '1',
        'root@lab:~# pivot_root /tmp /tmp; echo $?',
        "pivot_root: failed to change root from `/tmp' to `/tmp': Device or resource busy",
        '1',
        'root@lab:~# pivot_root /tmp/pr/file /tmp/pr/old; echo $?',
        "pivot_root: failed to change root from `/tmp/pr/file' to `/tmp/pr/old': Not a directory",
        '1',
        'root@lab:~# pivot_root --version',
        'pivot_root from util-linux 2.38.1',
      ),
    );
  });

  it('moves the namespace onto a new root; the old one can be detached; the host is untouched', async () => {
    const t = await runScript(
      [
        'unshare -m bash',
        'mkdir /tmp/nr; mount -t tmpfs -o size=8m tmpfs /tmp/nr',
        'mkdir -p /tmp/nr/bin /tmp/nr/old /tmp/nr/proc',
        'cp /bin/bash /bin/sh /bin/ls /bin/cat /bin/mount /bin/umount /bin/df /tmp/nr/bin/',
        'cd /tmp/nr; pivot_root . old; echo $?',
        'cd /; ls /; ls /old/tmp',
        'mount -t proc proc /proc; umount -l /old; echo $?',
        'cat /proc/self/mountinfo',
        'ls /old',
        'exit',
        'ls /tmp/nr; grep -c /tmp/nr /proc/self/mountinfo',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:~# cd /tmp/nr; pivot_root . old; echo $?',
        '0',
        'root@lab:/tmp/nr# cd /; ls /; ls /old/tmp',
        'bin  old  proc',
        'nr',
        'root@lab:/# mount -t proc proc /proc; umount -l /old; echo $?',
        '0',
        'root@lab:/# cat /proc/self/mountinfo',
      ),
    );
    expect(t).toMatch(/root@lab:\/# cat \/proc\/self\/mountinfo\n\d+ \d+ 0:\d+ \/ \/ rw,relatime - tmpfs tmpfs rw,size=8192k[^\n]*\n\d+ \d+ 0:\d+ \/ \/proc rw,relatime - proc proc rw\nroot@lab:\/# ls \/old\nroot@lab:\/# exit\n/);
    expect(t).toContain(lines('root@lab:~# ls /tmp/nr; grep -c /tmp/nr /proc/self/mountinfo', '0'));
  });
});

// End-to-end: boot the machine, type commands into bash, compare the terminal transcript with
// what Debian 12's coreutils print (outputs checked against the real tools).
import { describe, it, expect } from 'vitest';
import { runScript } from '../../machine/testing';

async function run(script: string): Promise<string> {
  return runScript(script);
}

describe('coreutils end to end', () => {
  it('ls, ls -la, quoting and errors', async () => {
    const t = await run(
      "mkdir -p /tmp/a/b\ncd /tmp/a\ntouch f1 'sp ace' .hid\nln -s f1 lnk\necho hello > f2\nls\nls -la\nls -F\nls nonexist; echo $?\n",
    );
    expect(t).toContain(
      [
        'root@lab:/tmp/a# ls',
        " b   f1   f2   lnk  'sp ace'",
        'root@lab:/tmp/a# ls -la',
        'total 16',
      ].join('\n'),
    );
    expect(t).toContain('lrwxrwxrwx 1 root root    2 Nov 28 00:00  lnk -> f1\n');
    expect(t).toContain("-rw-r--r-- 1 root root    0 Nov 28 00:00 'sp ace'\n");
    expect(t).toContain(" b/   f1   f2   lnk@  'sp ace'\n");
    expect(t).toContain("ls: cannot access 'nonexist': No such file or directory\n2\n");
  });

  it('ls -l on devices and a multi-operand listing', async () => {
    const t = await run('ls -l /dev/null /dev/tty\nls -ld /tmp /dev/null\n');
    expect(t).toContain('crw-rw-rw- 1 root root 1, 3 Nov 28 00:00 /dev/null\ncrw-rw-rw- 1 root tty  5, 0 Nov 28 00:00 /dev/tty\n');
    expect(t).toContain('crw-rw-rw- 1 root root 1, 3 Nov 28 00:00 /dev/null\ndrwxrwxrwt');
  });

  it('text tools', async () => {
    const t = await run(
      [
        "printf 'b 2\\na 10\\nc 1\\nb 1\\n' > /tmp/s",
        'sort -k2n /tmp/s',
        "printf 'x\\nx\\ny\\n' | uniq -c",
        "printf 'a:b:c\\n1:2\\nnodelim\\n' | cut -d: -f2-",
        "echo Hello | tr '[:lower:]' '[:upper:]'",
        'seq -s: -w 1 10',
        "/usr/bin/printf '%5.1f|%-3s|%03d|%x|%q\\n' 2.25 ab 7 255 'a b'",
        'wc /tmp/s; head -2 /tmp/s /tmp/s',
      ].join('\n') + '\n',
    );
    expect(t).toContain('sort -k2n /tmp/s\nb 1\nc 1\nb 2\na 10\n');
    expect(t).toContain('      2 x\n      1 y\n');
    expect(t).toContain('b:c\n2\nnodelim\n');
    expect(t).toContain('HELLO\n');
    expect(t).toContain('01:02:03:04:05:06:07:08:09:10\n');
    expect(t).toContain("  2.2|ab |007|ff|'a b'\n");
    expect(t).toContain(' 4  8 17 /tmp/s\n==> /tmp/s <==\nb 2\na 10\n\n==> /tmp/s <==\nb 2\na 10\n');
  });

  it('file operations and their diagnostics', async () => {
    const t = await run(
      [
        'cd /tmp',
        'mkdir d; mkdir d; rmdir nonex',
        'mkdir -pv x/y; rm x; rm -rv x',
        'cp; cp nonex y; cp -v /etc/hostname h; cp /tmp q',
        'mv nonex y; ln -s h hl; ln -s h hl; readlink hl; readlink -f hl',
        "stat -c '%n %s %a %A %U %F' h hl",
        'rm nonex; rm -f nonex; echo $?',
      ].join('\n') + '\n',
    );
    expect(t).toContain("mkdir: cannot create directory ‘d’: File exists\nrmdir: failed to remove 'nonex': No such file or directory\n");
    expect(t).toContain(
      "mkdir: created directory 'x'\nmkdir: created directory 'x/y'\nrm: cannot remove 'x': Is a directory\nremoved directory 'x/y'\nremoved directory 'x'\n",
    );
    expect(t).toContain(
      "cp: missing file operand\nTry 'cp --help' for more information.\ncp: cannot stat 'nonex': No such file or directory\n'/etc/hostname' -> 'h'\ncp: -r not specified; omitting directory '/tmp'\n",
    );
    expect(t).toContain("mv: cannot stat 'nonex': No such file or directory\nln: failed to create symbolic link 'hl': File exists\nh\n/tmp/h\n");
    expect(t).toContain('h 4 644 -rw-r--r-- root regular file\nhl 1 777 lrwxrwxrwx root symbolic link\n');
    expect(t).toContain("rm: cannot remove 'nonex': No such file or directory\n0\n");
  });

  it('stat default format', async () => {
    const t = await run('stat /dev/null\n');
    expect(t).toContain(
      [
        '  File: /dev/null',
        '  Size: 0               Blocks: 0          IO Block: 4096   character special file',
      ].join('\n'),
    );
    expect(t).toContain('Access: (0666/crw-rw-rw-)  Uid: (    0/    root)   Gid: (    0/    root)\n');
    expect(t).toContain(' Birth: -\n');
  });

  it('identity and system information', async () => {
    const t = await run('id; id -un; whoami; uname -a; uname -p; id nouser\n');
    expect(t).toContain(
      'uid=0(root) gid=0(root) groups=0(root)\nroot\nroot\nLinux lab 6.18.0-lab #1 SMP PREEMPT_DYNAMIC Container Lab 6.18.0 x86_64 GNU/Linux\nunknown\nid: ‘nouser’: no such user\n',
    );
  });

  it('env, xargs, sleep and exit statuses', async () => {
    const t = await run(
      [
        'env -i A=1 env',
        'env nocmd; echo $?',
        "printf '1\\n2\\n3\\n' | xargs -n 2 echo",
        'echo | xargs nocmd; echo $?',
        "echo a | xargs sh -c 'exit 3'; echo $?",
        'sleep x; echo $?',
        'sleep 0.5; echo done',
        'yes | head -2',
      ].join('\n') + '\n',
    );
    expect(t).toContain('A=1\n');
    expect(t).toContain('env: ‘nocmd’: No such file or directory\n127\n');
    expect(t).toContain('1 2\n3\n');
    expect(t).toContain('xargs: nocmd: No such file or directory\n127\n');
    expect(t).toContain('123\n');
    expect(t).toContain("sleep: invalid time interval ‘x’\nTry 'sleep --help' for more information.\n1\n");
    expect(t).toContain('done\n');
    expect(t).toContain('y\ny\n');
  });

  it('tail -f follows appended data until killed', async () => {
    const t = await run('echo one > /tmp/log\ntail -f /tmp/log &\necho two >> /tmp/log\nsleep 2\nkill %1\nsleep 1\n');
    expect(t).toContain('one\ntwo\n');
    expect(t).toContain('Terminated              tail -f /tmp/log');
  });

  it('--help and --version', async () => {
    const t = await run('ls --version | head -1; /usr/bin/echo --help | head -1; mkdir --foo\n');
    expect(t).toContain('ls (GNU coreutils) 9.1\nUsage: /usr/bin/echo [SHORT-OPTION]... [STRING]...\n');
    expect(t).toContain("mkdir: unrecognized option '--foo'\nTry 'mkdir --help' for more information.\n");
  });
});

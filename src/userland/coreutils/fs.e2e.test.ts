// End-to-end: chmod, chown, chgrp, truncate, chroot, du, df and mv across file systems, typed into
// bash on a booted machine. Every expected line was checked against Debian 12's coreutils 9.1 on
// the same commands (df's numbers come from the simulated statfs, so only its layout is exact).
import { describe, it, expect } from 'vitest';
import { runScript } from '../../machine/testing';

const lines = (...l: string[]): string => l.join('\n') + '\n';
/** The terminal shows a tab as spaces up to the next multiple of 8 columns. */
const expandTabs = (s: string): string =>
  s.replace(/[^\n]*/g, (line) => {
    let out = '';
    for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
    return out;
  });

describe('chmod', () => {
  it('octal and symbolic modes, -v/-c and the umask surprise', async () => {
    const t = await runScript(
      [
        'cd /tmp; touch f g; mkdir d',
        'chmod -v 755 f; chmod -v 755 f; chmod -c 644 f; chmod -c 644 f',
        'chmod -v u+x,go-w,a=r,+t f',
        'chmod -v 0 f; chmod -v 4755 f; chmod -v a+X g; chmod -v = f',
        'chmod -v --reference=d f',
        'chmod 666 f; chmod -v -w f; echo $?',
        'chmod -v 02755 d; chmod -v 755 d; chmod -v 00755 d; chmod -v 1777 d; chmod -v o-t,g+s d',
        'ls -ld d f',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        "mode of 'f' changed from 0644 (rw-r--r--) to 0755 (rwxr-xr-x)",
        "mode of 'f' retained as 0755 (rwxr-xr-x)",
        "mode of 'f' changed from 0755 (rwxr-xr-x) to 0644 (rw-r--r--)",
        'root@lab:/tmp# chmod -v u+x,go-w,a=r,+t f',
        "mode of 'f' changed from 0644 (rw-r--r--) to 1444 (r--r--r-T)",
        'root@lab:/tmp# chmod -v 0 f; chmod -v 4755 f; chmod -v a+X g; chmod -v = f',
        "mode of 'f' changed from 1444 (r--r--r-T) to 0000 (---------)",
        "mode of 'f' changed from 0000 (---------) to 4755 (rwsr-xr-x)",
        "mode of 'g' retained as 0644 (rw-r--r--)",
        "mode of 'f' changed from 4755 (rwsr-xr-x) to 0000 (---------)",
        'root@lab:/tmp# chmod -v --reference=d f',
        "mode of 'f' changed from 0000 (---------) to 0755 (rwxr-xr-x)",
        'root@lab:/tmp# chmod 666 f; chmod -v -w f; echo $?',
        "mode of 'f' changed from 0666 (rw-rw-rw-) to 0466 (r--rw-rw-)",
        'chmod: f: new permissions are r--rw-rw-, not r--r--r--',
        '1',
        'root@lab:/tmp# chmod -v 02755 d; chmod -v 755 d; chmod -v 00755 d; chmod -v 1777 d; chmod -v o-t,g+s d',
        "mode of 'd' changed from 0755 (rwxr-xr-x) to 2755 (rwxr-sr-x)",
        "mode of 'd' retained as 2755 (rwxr-sr-x)",
        "mode of 'd' changed from 2755 (rwxr-sr-x) to 0755 (rwxr-xr-x)",
        "mode of 'd' changed from 0755 (rwxr-xr-x) to 1777 (rwxrwxrwt)",
        "mode of 'd' changed from 1777 (rwxrwxrwt) to 2777 (rwxrwsrwx)",
        'root@lab:/tmp# ls -ld d f',
        'drwxrwsrwx 2 root root 4096 Nov 28 00:00 d',
        '-r--rw-rw- 1 root root    0 Nov 28 00:00 f',
      ),
    );
  });

  it('-R walks the tree, leaves symlinks alone and refuses / with --preserve-root', async () => {
    const t = await runScript(
      [
        'cd /tmp; mkdir -p r/sub; touch r/a r/sub/b; ln -s a r/l; ln -s nowhere r/dl',
        'chmod -Rv 700 r',
        'chmod -v 600 r/dl; echo $?',
        'chmod -R --preserve-root 755 /; echo $?',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:/tmp# chmod -Rv 700 r',
        "mode of 'r' changed from 0755 (rwxr-xr-x) to 0700 (rwx------)",
        "mode of 'r/sub' changed from 0755 (rwxr-xr-x) to 0700 (rwx------)",
        "mode of 'r/sub/b' changed from 0644 (rw-r--r--) to 0700 (rwx------)",
        "mode of 'r/a' changed from 0644 (rw-r--r--) to 0700 (rwx------)",
        "neither symbolic link 'r/l' nor referent has been changed",
        "neither symbolic link 'r/dl' nor referent has been changed",
        'root@lab:/tmp# chmod -v 600 r/dl; echo $?',
        "chmod: cannot operate on dangling symlink 'r/dl'",
        "'r/dl' could not be accessed",
        '1',
        'root@lab:/tmp# chmod -R --preserve-root 755 /; echo $?',
        "chmod: it is dangerous to operate recursively on '/'",
        'chmod: use --no-preserve-root to override this failsafe',
        '1',
      ),
    );
  });

  it('usage errors', async () => {
    const t = await runScript('chmod; echo $?\nchmod 644; echo $?\nchmod u+q /tmp; echo $?\nchmod 77777 /tmp\nchmod 644 /nonex; echo $?\nchmod --reference=/nonex /tmp\n');
    expect(t).toContain(
      lines(
        'root@lab:~# chmod; echo $?',
        'chmod: missing operand',
        "Try 'chmod --help' for more information.",
        '1',
        'root@lab:~# chmod 644; echo $?',
        'chmod: missing operand after ‘644’',
        "Try 'chmod --help' for more information.",
        '1',
        'root@lab:~# chmod u+q /tmp; echo $?',
        'chmod: invalid mode: ‘u+q’',
        "Try 'chmod --help' for more information.",
        '1',
        'root@lab:~# chmod 77777 /tmp',
        'chmod: invalid mode: ‘77777’',
        "Try 'chmod --help' for more information.",
        'root@lab:~# chmod 644 /nonex; echo $?',
        "chmod: cannot access '/nonex': No such file or directory",
        '1',
        'root@lab:~# chmod --reference=/nonex /tmp',
        "chmod: failed to get attributes of '/nonex': No such file or directory",
      ),
    );
  });
});

describe('chown and chgrp', () => {
  it('user[:group] specs, names from /etc/passwd and /etc/group, numeric ids', async () => {
    const t = await runScript(
      [
        'cd /tmp; touch f',
        'chown -v daemon f; chown -v daemon f; chown -c bin:bin f; chown -v 1234:5678 f; chown -v root: f',
        'chown -v :daemon f; chown -v root.root f; chown -v +7 f; chown -v :0 f',
        "chown -v '' f; chown nouser f; chown root:nogroup2 f; chown 5: f; echo $?",
        'chgrp -v daemon f; chgrp -v daemon f; chgrp -c 0 f; chgrp -v 4242 f; chgrp nogrp f; echo $?',
        "ls -ln f; stat -c '%U:%G' f",
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        "changed ownership of 'f' from root to daemon",
        "ownership of 'f' retained as daemon",
        "changed ownership of 'f' from daemon:root to bin:bin",
        "changed ownership of 'f' from bin:bin to 1234:5678",
        "changed ownership of 'f' from 1234:5678 to root:root",
        'root@lab:/tmp# chown -v :daemon f; chown -v root.root f; chown -v +7 f; chown -v :0 f',
        "changed ownership of 'f' from root:root to :daemon",
        "chown: warning: '.' should be ':': ‘root.root’",
        "changed ownership of 'f' from root:daemon to root:root",
        "changed ownership of 'f' from root to 7",
        "group of 'f' retained as root",
        "root@lab:/tmp# chown -v '' f; chown nouser f; chown root:nogroup2 f; chown 5: f; echo $?",
        "ownership of 'f' retained",
        'chown: invalid user: ‘nouser’',
        'chown: invalid group: ‘root:nogroup2’',
        'chown: invalid spec: ‘5:’',
        '1',
        'root@lab:/tmp# chgrp -v daemon f; chgrp -v daemon f; chgrp -c 0 f; chgrp -v 4242 f; chgrp nogrp f; echo $?',
        "changed group of 'f' from root to daemon",
        "group of 'f' retained as daemon",
        "changed group of 'f' from daemon to 0",
        "changed group of 'f' from root to 4242",
        'chgrp: invalid group: ‘nogrp’',
        '1',
        "root@lab:/tmp# ls -ln f; stat -c '%U:%G' f",
        '-rw-r--r-- 1 7 4242 0 Nov 28 00:00 f',
        'lp:UNKNOWN',
      ),
    );
  });

  it('-R changes a directory after its contents; -h changes the link itself', async () => {
    const t = await runScript(
      [
        'cd /tmp; mkdir -p d/s; touch d/s/x f; ln -s f l; ln -s nowhere dl',
        'chown -Rv daemon d; chown -R -c daemon:daemon d',
        'chown -R -v --from=daemon root d',
        "chown -h -v daemon l; stat -c '%U %n' l f; chown -v bin l; stat -c '%U %n' l f",
        'chown -v bin dl; echo $?; chown -v root /nonex; echo $?',
        'chown; chgrp daemon; chown --reference=/nonex f',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:/tmp# chown -Rv daemon d; chown -R -c daemon:daemon d',
        "changed ownership of 'd/s/x' from root to daemon",
        "changed ownership of 'd/s' from root to daemon",
        "changed ownership of 'd' from root to daemon",
        "changed ownership of 'd/s/x' from daemon:root to daemon:daemon",
        "changed ownership of 'd/s' from daemon:root to daemon:daemon",
        "changed ownership of 'd' from daemon:root to daemon:daemon",
        'root@lab:/tmp# chown -R -v --from=daemon root d',
        "changed ownership of 'd/s/x' from daemon to root",
        "changed ownership of 'd/s' from daemon to root",
        "changed ownership of 'd' from daemon to root",
        "root@lab:/tmp# chown -h -v daemon l; stat -c '%U %n' l f; chown -v bin l; stat -c '%U %n' l f",
        "changed ownership of 'l' from root to daemon",
        'daemon l',
        'root f',
        "changed ownership of 'l' from root to bin",
        'daemon l',
        'bin f',
        'root@lab:/tmp# chown -v bin dl; echo $?; chown -v root /nonex; echo $?',
        "chown: cannot dereference 'dl': No such file or directory",
        "failed to change ownership of 'dl' to bin",
        '1',
        "chown: cannot access '/nonex': No such file or directory",
        "failed to change ownership of '/nonex' to root",
        '1',
        'root@lab:/tmp# chown; chgrp daemon; chown --reference=/nonex f',
        'chown: missing operand',
        "Try 'chown --help' for more information.",
        'chgrp: missing operand after ‘daemon’',
        "Try 'chgrp --help' for more information.",
        "chown: failed to get attributes of '/nonex': No such file or directory",
      ),
    );
  });
});

describe('truncate', () => {
  it('absolute, relative and rounded sizes, -c, -o, -r and the errors', async () => {
    const t = await runScript(
      [
        'cd /tmp',
        "truncate -s 10 f; truncate -s +5K f; stat -c '%s %b' f; truncate -s -3 f; stat -c %s f",
        'truncate -s 1M -c g; echo $?; ls g',
        "truncate -s 2KB f; stat -c %s f; truncate -s '<100' f; stat -c %s f; truncate -s '%4096' f; stat -c %s f",
        "truncate -s '/1000' f; stat -c %s f; truncate -o -s 2 f; stat -c %s f; truncate -r f -s +1 h; stat -c %s h",
        "truncate -s 1G big; stat -c '%s %b' big",
        "truncate -s x f; truncate -s 1Q f; truncate -s '%0' f; truncate -s 5 nodir/f; truncate -s 0 /tmp; echo $?",
        'truncate f; truncate -s 0 -r f h; truncate -s 5; truncate -r /nonex f',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        "root@lab:/tmp# truncate -s 10 f; truncate -s +5K f; stat -c '%s %b' f; truncate -s -3 f; stat -c %s f",
        '5130 0',
        '5127',
        'root@lab:/tmp# truncate -s 1M -c g; echo $?; ls g',
        '0',
        "ls: cannot access 'g': No such file or directory",
        "root@lab:/tmp# truncate -s 2KB f; stat -c %s f; truncate -s '<100' f; stat -c %s f; truncate -s '%4096' f; stat -c %s f",
        '2000',
        '100',
        '4096',
        "root@lab:/tmp# truncate -s '/1000' f; stat -c %s f; truncate -o -s 2 f; stat -c %s f; truncate -r f -s +1 h; stat -c %s h",
        '4000',
        '8192',
        '8193',
        "root@lab:/tmp# truncate -s 1G big; stat -c '%s %b' big",
        '1073741824 0',
        "root@lab:/tmp# truncate -s x f; truncate -s 1Q f; truncate -s '%0' f; truncate -s 5 nodir/f; truncate -s 0 /tmp; echo $?",
        'truncate: Invalid number: ‘x’',
        'truncate: Invalid number: ‘1Q’',
        'truncate: division by zero',
        "truncate: cannot open 'nodir/f' for writing: No such file or directory",
        "truncate: cannot open '/tmp' for writing: Is a directory",
        '1',
        'root@lab:/tmp# truncate f; truncate -s 0 -r f h; truncate -s 5; truncate -r /nonex f',
        'truncate: you must specify either ‘--size’ or ‘--reference’',
        "Try 'truncate --help' for more information.",
        'truncate: you must specify a relative ‘--size’ with ‘--reference’',
        "Try 'truncate --help' for more information.",
        'truncate: missing file operand',
        "Try 'truncate --help' for more information.",
        "truncate: cannot stat '/nonex': No such file or directory",
      ),
    );
  });
});

describe('chroot', () => {
  it('runs a command inside the new root; $SHELL -i by default; 125/126/127 on failure', async () => {
    const t = await runScript(
      [
        'cd /tmp; mkdir -p jail/bin empty; cp /bin/sh /bin/ls /bin/cat jail/bin/; echo hi > jail/hello; printf x > jail/bin/bad',
        'chroot jail /bin/ls /; chroot jail /bin/cat /hello; echo $?',
        "chroot jail /bin/sh -c 'pwd; ls'",
        'chroot empty; echo $?',
        'chroot empty /bin/ls; echo $?',
        'chroot jail /bin/bad; echo $?',
        'chroot /x; echo $?',
        'chroot /etc/hostname; echo $?',
        'chroot; echo $?',
        'chroot --skip-chdir jail /bin/ls; echo $?',
        "chroot / sh -c 'pwd'",
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:/tmp# chroot jail /bin/ls /; chroot jail /bin/cat /hello; echo $?',
        'bin  hello',
        'hi',
        '0',
        "root@lab:/tmp# chroot jail /bin/sh -c 'pwd; ls'",
        '/',
        'bin  hello',
        'root@lab:/tmp# chroot empty; echo $?',
        'chroot: failed to run command ‘/bin/bash’: No such file or directory',
        '127',
        'root@lab:/tmp# chroot empty /bin/ls; echo $?',
        'chroot: failed to run command ‘/bin/ls’: No such file or directory',
        '127',
        'root@lab:/tmp# chroot jail /bin/bad; echo $?',
        'chroot: failed to run command ‘/bin/bad’: Permission denied',
        '126',
        'root@lab:/tmp# chroot /x; echo $?',
        "chroot: cannot change root directory to '/x': No such file or directory",
        '125',
        'root@lab:/tmp# chroot /etc/hostname; echo $?',
        "chroot: cannot change root directory to '/etc/hostname': Not a directory",
        '125',
        'root@lab:/tmp# chroot; echo $?',
        'chroot: missing operand',
        "Try 'chroot --help' for more information.",
        '125',
        'root@lab:/tmp# chroot --skip-chdir jail /bin/ls; echo $?',
        "chroot: option --skip-chdir only permitted if NEWROOT is old '/'",
        "Try 'chroot --help' for more information.",
        '125',
        "root@lab:/tmp# chroot / sh -c 'pwd'",
        '/tmp',
      ),
    );
  });

  it('is installed in /usr/sbin and documented in section 8', async () => {
    const t = await runScript('command -v chroot\n/usr/sbin/chroot --help | head -2\nchroot --version | head -1\n');
    expect(t).toContain(
      lines(
        '/usr/sbin/chroot',
        'root@lab:~# /usr/sbin/chroot --help | head -2',
        'Usage: /usr/sbin/chroot [OPTION] NEWROOT [COMMAND [ARG]...]',
        '  or:  /usr/sbin/chroot OPTION',
        'root@lab:~# chroot --version | head -1',
        'chroot (GNU coreutils) 9.1',
      ),
    );
  });
});

describe('du', () => {
  it('sizes from st_blocks, apparent sizes, hard links once, totals and depth', async () => {
    const t = await runScript(
      [
        'cd /tmp; mkdir -p d/s; printf abc > d/a; head -c 5000 /dev/zero > d/s/b; ln -s a d/l; ln d/a d/hard',
        'du d; du -a d; du -sh d; du -c d d/s',
        'du -ab d; du -s --apparent-size -k d; du -m d/s; du --max-depth=0 d; du --inodes -s d',
        'du nonex; echo $?; du -sa d; du -Bx d; du -d x d',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      expandTabs(lines(
        'root@lab:/tmp# du d; du -a d; du -sh d; du -c d d/s',
        '12\td/s',
        '20\td',
        '8\td/s/b',
        '12\td/s',
        '4\td/a',
        '0\td/l',
        '20\td',
        '20K\td',
        '12\td/s',
        '20\td',
        '20\ttotal',
        'root@lab:/tmp# du -ab d; du -s --apparent-size -k d; du -m d/s; du --max-depth=0 d; du --inodes -s d',
        '5000\td/s/b',
        '9096\td/s',
        '3\td/a',
        '1\td/l',
        '13196\td',
        '13\td',
        '1\td/s',
        '20\td',
        '5\td',
        'root@lab:/tmp# du nonex; echo $?; du -sa d; du -Bx d; du -d x d',
        "du: cannot access 'nonex': No such file or directory",
        '1',
        'du: cannot both summarize and show all entries',
        "Try 'du --help' for more information.",
        "du: invalid -B argument 'x'",
        'du: invalid maximum depth ‘x’',
        "Try 'du --help' for more information.",
      )),
    );
  });
});

describe('df', () => {
  // The layout is exact; the Used/Avail figures come from the simulated statfs, so they are
  // matched only as numbers (⟨n⟩) or sizes (⟨s⟩) right-aligned after some padding (⟨SP⟩).
  const pattern = (text: string): RegExp =>
    new RegExp(
      text
        .split(/(⟨n⟩|⟨s⟩|⟨SP⟩)/)
        .map((x) =>
          x === '⟨n⟩' ? '\\d+' : x === '⟨s⟩' ? '\\S+' : x === '⟨SP⟩' ? ' +' : x.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
        )
        .join(''),
    );

  it('lists real file systems in mount order, without proc, sysfs, devpts or cgroup', async () => {
    const t = await runScript('df\ndf -hT -x tmpfs\ndf -i /tmp\ndf -t nosuchfs; echo $?\ndf /nonexist; echo $?\n');
    expect(t).toMatch(
      pattern(
        lines(
          'root@lab:~# df',
          'Filesystem     1K-blocks  Used Available Use% Mounted on',
          '/dev/vda1       10485760⟨SP⟩⟨n⟩⟨SP⟩⟨n⟩⟨SP⟩⟨n⟩% /',
          'udev             2097152⟨SP⟩⟨n⟩⟨SP⟩⟨n⟩⟨SP⟩⟨n⟩% /dev',
        ),
      ),
    );
    expect(t).not.toMatch(/^(proc|sysfs|devpts|cgroup) .*$/m);
    expect(t).toMatch(
      pattern(
        lines(
          'root@lab:~# df -hT -x tmpfs',
          'Filesystem     Type      Size  Used Avail Use% Mounted on',
          '/dev/vda1      ext4       10G⟨SP⟩⟨s⟩⟨SP⟩⟨s⟩⟨SP⟩⟨n⟩% /',
          'udev           devtmpfs  2.0G⟨SP⟩⟨s⟩⟨SP⟩⟨s⟩⟨SP⟩⟨n⟩% /dev',
          'root@lab:~# df -i /tmp',
          'Filesystem     Inodes IUsed  IFree IUse% Mounted on',
          '/dev/vda1      655360⟨SP⟩⟨n⟩⟨SP⟩⟨n⟩⟨SP⟩⟨n⟩% /',
        ),
      ),
    );
    expect(t).toContain(
      lines(
        'root@lab:~# df -t nosuchfs; echo $?',
        'df: no file systems processed',
        '1',
        'root@lab:~# df /nonexist; echo $?',
        'df: /nonexist: No such file or directory',
        '1',
      ),
    );
  });

  it('a FILE argument, -a, --total, -B and --output', async () => {
    const t = await runScript(
      [
        'mount -t tmpfs -o size=1m tmpfs /mnt',
        'df -h /mnt; df -BK /mnt; df -B1000 --total /mnt',
        'df -a | grep -E "^(proc|devpts) "',
        'df --output=source,fstype,size,target /mnt; df -P /mnt | head -1',
      ].join('\n') + '\n',
    );
    expect(t).toMatch(
      pattern(
        lines(
          'root@lab:~# df -h /mnt; df -BK /mnt; df -B1000 --total /mnt',
          'Filesystem      Size  Used Avail Use% Mounted on',
          'tmpfs           1.0M⟨SP⟩⟨s⟩⟨SP⟩⟨s⟩⟨SP⟩⟨n⟩% /mnt',
          'Filesystem     1K-blocks  Used Available Use% Mounted on',
          'tmpfs              1024K⟨SP⟩⟨n⟩K⟨SP⟩⟨n⟩K⟨SP⟩⟨n⟩% /mnt',
          'Filesystem     1kB-blocks  Used Available Use% Mounted on',
          'tmpfs                1049⟨SP⟩⟨n⟩⟨SP⟩⟨n⟩⟨SP⟩⟨n⟩% /mnt',
          'total                1049⟨SP⟩⟨n⟩⟨SP⟩⟨n⟩⟨SP⟩⟨n⟩% -',
        ),
      ),
    );
    expect(t).toContain(lines('devpts                 0     0         0    - /dev/pts', 'proc                   0     0         0    - /proc'));
    expect(t).toContain(lines('Filesystem     Type  1K-blocks Mounted on', 'tmpfs          tmpfs      1024 /mnt'));
    expect(t).toContain('Filesystem     1024-blocks  Used Available Capacity Mounted on\n');
  });
});

describe('mv across file systems', () => {
  it('falls back to copy and remove on EXDEV, keeping modes, with GNU -v lines', async () => {
    const t = await runScript(
      [
        'cd /tmp; echo hi > f; chmod 640 f; mkdir -p d/s; echo a > d/s/x; chmod 700 d; mkdir /dev/shm/x',
        'mv -v f /dev/shm/x/; mv -v d /dev/shm/x/; echo $?',
        "ls -l /dev/shm/x; stat -c '%a %n' /dev/shm/x/d/s/x; ls f d",
        'echo y > g; echo z > /dev/shm/x/g; mv -v g /dev/shm/x/g; cat /dev/shm/x/g',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:/tmp# mv -v f /dev/shm/x/; mv -v d /dev/shm/x/; echo $?',
        "copied 'f' -> '/dev/shm/x/f'",
        "removed 'f'",
        "created directory '/dev/shm/x/d'",
        "created directory '/dev/shm/x/d/s'",
        "copied 'd/s/x' -> '/dev/shm/x/d/s/x'",
        "removed 'd/s/x'",
        "removed directory 'd/s'",
        "removed directory 'd'",
        '0',
        "root@lab:/tmp# ls -l /dev/shm/x; stat -c '%a %n' /dev/shm/x/d/s/x; ls f d",
        'total 4',
        'drwx------ 3 root root 60 Nov 28 00:00 d',
        '-rw-r----- 1 root root  3 Nov 28 00:00 f',
        '644 /dev/shm/x/d/s/x',
        "ls: cannot access 'f': No such file or directory",
        "ls: cannot access 'd': No such file or directory",
        'root@lab:/tmp# echo y > g; echo z > /dev/shm/x/g; mv -v g /dev/shm/x/g; cat /dev/shm/x/g',
        "copied 'g' -> '/dev/shm/x/g'",
        "removed 'g'",
        'y',
      ),
    );
  });

  it('keeps extended attributes', async () => {
    const t = await runScript('cd /tmp; touch f; setfattr -n user.k -v 1 f; mv f /run/f; getfattr -d /run/f\n');
    expect(t).toContain(lines("getfattr: Removing leading '/' from absolute path names", '# file: run/f', 'user.k="1"', ''));
  });
});

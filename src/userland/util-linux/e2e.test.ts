// End-to-end: boot the machine, type commands into bash, compare the terminal transcript with
// what Debian 12's util-linux 2.38.1 prints (formats, messages and exit statuses checked against
// the real unshare, nsenter, lsns, mount and umount).
import { describe, it, expect } from 'vitest';
import { runScript } from '../../machine/testing';

async function run(script: string): Promise<string> {
  return runScript(script);
}

const lines = (...l: string[]): string => l.join('\n') + '\n';

describe('unshare', () => {
  it('a new pid namespace with its own /proc: the shell is pid 1 and ps sees only it', async () => {
    const t = await run('unshare --pid --fork --mount-proc bash\necho $$\nps -ef\nexit\necho $?\nps -e | wc -l\n');
    expect(t).toContain(
      lines(
        'root@lab:~# unshare --pid --fork --mount-proc bash',
        'root@lab:~# echo $$',
        '1',
        'root@lab:~# ps -ef',
        'UID        PID  PPID  C STIME TTY          TIME CMD',
        'root         1     0  0 00:00 console  00:00:00 bash',
        'root         2     1  0 00:00 console  00:00:00 ps -ef',
        'root@lab:~# exit',
        'exit',
        'root@lab:~# echo $?',
        '0',
      ),
    );
    // back outside: init, the login shell, ps and wc (and the header)
    expect(t).toContain('root@lab:~# ps -e | wc -l\n5\n');
  });

  it('a new UTS namespace: hostname changes inside only', async () => {
    const t = await run(
      'readlink /proc/self/ns/uts\nunshare -u bash\nreadlink /proc/self/ns/uts\nhostname x\nhostname\nexit\nhostname\nreadlink /proc/self/ns/uts\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:~# readlink /proc/self/ns/uts',
        'uts:[4026531838]',
        'root@lab:~# unshare -u bash',
        'root@lab:~# readlink /proc/self/ns/uts',
        'uts:[4026532177]',
        'root@lab:~# hostname x',
        'root@x:~# hostname',
        'x',
        'root@x:~# exit',
        'exit',
        'root@lab:~# hostname',
        'lab',
        'root@lab:~# readlink /proc/self/ns/uts',
        'uts:[4026531838]',
      ),
    );
  });

  it('without a program runs $SHELL as a login shell', async () => {
    const t = await run('unshare -u\necho $0\nexit\n');
    expect(t).toContain(lines('root@lab:~# unshare -u', 'root@lab:~# echo $0', '-bash', 'root@lab:~# exit', 'logout'));
  });

  it('-p without -f: the program stays in the old pid namespace, its children are in the new one', async () => {
    const t = await run(
      [
        'unshare -p readlink /proc/self/ns/pid /proc/self/ns/pid_for_children',
        "unshare -p bash -c 'echo $$; bash -c \"echo \\$\\$\"; true'",
        "unshare -pf sh -c 'echo $$; readlink /proc/self/ns/pid /proc/self/ns/pid_for_children'",
      ].join('\n') + '\n',
    );
    expect(t).toContain('pid_for_children\npid:[4026531836]\npid:[4026532177]\n');
    expect(t).toMatch(/true'\n[0-9]+\n1\n/);
    expect(t).toContain("pid_for_children'\n1\npid:[4026532179]\npid:[4026532179]\n");
  });

  it('--map-root-user writes setgroups, uid_map and gid_map', async () => {
    const t = await run(
      "unshare -r sh -c 'id; cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups'\n" +
        "unshare --map-user=5 --map-group=7 sh -c 'id; cat /proc/self/uid_map'\n" +
        'unshare -r --setgroups deny true; echo $?\nunshare --setgroups allow -r true; echo $?\n',
    );
    expect(t).toContain(
      lines(
        'uid=0(root) gid=0(root) groups=0(root)',
        '         0          0          1',
        '         0          0          1',
        'deny',
      ),
    );
    expect(t).toContain(lines('uid=5(games) gid=7(lp) groups=7(lp)', '         5          0          1'));
    // the --setgroups write comes after gid_map, when the kernel no longer allows it
    expect(t).toContain('unshare: write failed /proc/self/setgroups: Operation not permitted\n1\n');
    expect(t).toContain('unshare: options --setgroups=allow and --map-group are mutually exclusive\n1\n');
  });

  it('-f waits and passes on the exit status or the signal', async () => {
    const t = await run(
      [
        "unshare -f sh -c 'exit 3'; echo $?",
        "unshare -f sh -c 'kill -TERM $$'; echo $?",
        "unshare -f sh -c 'kill -KILL $$'; echo $?",
      ].join('\n') + '\n',
    );
    expect(t).toContain("exit 3'; echo $?\n3\n");
    expect(t).toContain("kill -TERM $$'; echo $?\nTerminated\n143\n");
    // 2.38 resets the disposition, the mask and kills itself in one condition: SIGKILL fails it
    expect(t).toContain("kill -KILL $$'; echo $?\nunshare: sigprocmask unblock failed: Invalid argument\n1\n");
  });

  it('diagnostics and exit statuses', async () => {
    const t = await run(
      [
        'unshare --bogus; echo $?',
        'unshare -x; echo $?',
        'unshare -m=foo true; echo $?',
        'unshare --map true; echo $?',
        'unshare /nonexist; echo $?',
        'unshare /etc/passwd; echo $?',
        'unshare -w /nonexist true; echo $?',
        'unshare --propagation foo true; echo $?',
        'unshare --setgroups foo true; echo $?',
        'unshare --kill-child=FOO true; echo $?',
        'unshare -S abc true; echo $?',
        'unshare --map-user=nosuchuser true; echo $?',
        'unshare --monotonic 5 true; echo $?',
        'unshare --mount-proc=/nonexist true; echo $?',
        'unshare --mount=/tmp/nsfile true; echo $?',
        'unshare --version',
      ].join('\n') + '\n',
    );
    expect(t).toContain("unshare: unrecognized option '--bogus'\nTry 'unshare --help' for more information.\n1\n");
    expect(t).toContain("unshare: invalid option -- 'x'\nTry 'unshare --help' for more information.\n1\n");
    expect(t).toContain("unshare: invalid option -- '='\nTry 'unshare --help' for more information.\n1\n");
    expect(t).toContain(
      "unshare: option '--map' is ambiguous; possibilities: '--map-user' '--map-users' '--map-group' '--map-groups' '--map-root-user' '--map-current-user' '--map-auto'\nTry 'unshare --help' for more information.\n1\n",
    );
    expect(t).toContain('unshare: failed to execute /nonexist: No such file or directory\n127\n');
    expect(t).toContain('unshare: failed to execute /etc/passwd: Permission denied\n126\n');
    expect(t).toContain("unshare: cannot chdir to '/nonexist': No such file or directory\n1\n");
    expect(t).toContain('unshare: unsupported propagation mode: foo\n1\n');
    expect(t).toContain("unshare: unsupported --setgroups argument 'foo'\n1\n");
    expect(t).toContain('unshare: unknown signal: FOO\n1\n');
    expect(t).toContain("unshare: failed to parse uid: 'abc'\n1\n");
    expect(t).toContain("unshare: failed to parse uid: 'nosuchuser'\n1\n");
    expect(t).toContain('unshare: options --monotonic and --boottime require unsharing of a time namespace (-t)\n1\n');
    expect(t).toContain('unshare: mount /nonexist failed: No such file or directory\n1\n');
    expect(t).toMatch(/unshare: mount \/proc\/[0-9]+\/ns\/mnt on \/tmp\/nsfile failed: No such file or directory\n1\n/);
    expect(t).toContain('unshare --version\nunshare from util-linux 2.38.1\n');
  });

  it('--help is the real text', async () => {
    const t = await run('unshare --help | head -5\nunshare --help | tail -3\n');
    expect(t).toContain(
      lines(
        '',
        'Usage:',
        ' unshare [options] [<program> [<argument>...]]',
        '',
        'Run a program with some namespaces unshared from the parent.',
      ),
    );
    expect(t).toContain(lines(' -V, --version             display version', '', 'For more details see unshare(1).'));
  });

  it('-R runs the program with another root directory; nsenter -r takes the target\'s', async () => {
    const t = await run(
      [
        'mkdir -p /tmp/r/bin && cp /bin/bash /tmp/r/bin/',
        "unshare -R /tmp/r /bin/bash -c 'pwd; echo /*'; echo $?",
        'cd /tmp',
        'nsenter -t 1 -r pwd; echo $?',
      ].join('\n') + '\n',
    );
    expect(t).toContain("echo /*'; echo $?\n/\n/bin\n0\n");
    expect(t).toContain('nsenter -t 1 -r pwd; echo $?\n/tmp\n0\n');
  });

  it('keeps a namespace alive by bind-mounting its file (--uts=FILE) for nsenter', async () => {
    const t = await run(
      'touch /tmp/nsuts\nunshare --uts=/tmp/nsuts hostname foo\nnsenter --uts=/tmp/nsuts hostname\nhostname\nmount | grep nsuts\numount /tmp/nsuts\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:~# nsenter --uts=/tmp/nsuts hostname',
        'foo',
        'root@lab:~# hostname',
        'lab',
        'root@lab:~# mount | grep nsuts',
        'nsfs on /tmp/nsuts type nsfs (rw)',
      ),
    );
  });
});

describe('nsenter and lsns', () => {
  it('list, enter and inspect the namespaces of a background container', async () => {
    const t = await run(
      [
        'unshare -u -p -f --mount-proc sleep 100 &',
        'sleep 1',
        'lsns',
        'PID=$(pgrep -x sleep); echo $PID',
        'nsenter -t $PID -u hostname ns1',
        'nsenter -t $PID -u hostname',
        'hostname',
        'nsenter -t $PID -p -m ps -ef',
        'lsns -t pid',
        'lsns -p $PID -t uts',
        'lsns 4026532178',
        'lsns -l 4026532178',
        'lsns -r -t mnt',
        'lsns -n -o NS,TYPE -t uts',
        'lsns -o NS,PATH,PPID,UID -t pid',
        'LANG=C lsns | tail -1',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:~# lsns',
        '        NS TYPE   NPROCS PID USER COMMAND',
        '4026531832 mnt         3   1 root /sbin/init',
        '4026531833 net         5   1 root /sbin/init',
        '4026531834 time        5   1 root /sbin/init',
        '4026531835 cgroup      5   1 root /sbin/init',
        '4026531836 pid         4   1 root /sbin/init',
        '4026531837 user        5   1 root /sbin/init',
        '4026531838 uts         3   1 root /sbin/init',
        '4026531839 ipc         5   1 root /sbin/init',
        '4026532177 mnt         2   4 root unshare -u -p -f --mount-proc sleep 100',
        '4026532178 uts         2   4 root unshare -u -p -f --mount-proc sleep 100',
        // the sleep's line hangs under the line of its parent, unshare
        '4026532179 pid         1   6 root └─sleep 100',
      ),
    );
    expect(t).toContain(
      lines(
        'root@lab:~# PID=$(pgrep -x sleep); echo $PID',
        '6',
        'root@lab:~# nsenter -t $PID -u hostname ns1',
        'root@lab:~# nsenter -t $PID -u hostname',
        'ns1',
        'root@lab:~# hostname',
        'lab',
        'root@lab:~# nsenter -t $PID -p -m ps -ef',
        'UID        PID  PPID  C STIME TTY          TIME CMD',
        'root         1     0  0 00:00 console  00:00:00 sleep 100',
        'root         2     0  0 00:00 console  00:00:00 ps -ef',
      ),
    );
    expect(t).toContain(
      lines(
        'root@lab:~# lsns -t pid',
        '        NS TYPE NPROCS PID USER COMMAND',
        '4026531836 pid       4   1 root /sbin/init',
        '4026532179 pid       1   6 root sleep 100',
        'root@lab:~# lsns -p $PID -t uts',
        '        NS TYPE NPROCS PID USER COMMAND',
        '4026532178 uts       2   4 root unshare -u -p -f --mount-proc sleep 100',
        'root@lab:~# lsns 4026532178',
        'PID PPID USER COMMAND',
        '  4    2 root unshare -u -p -f --mount-proc sleep 100',
        '  6    4 root └─sleep 100',
        'root@lab:~# lsns -l 4026532178',
        'PID PPID USER COMMAND',
        '  4    2 root unshare -u -p -f --mount-proc sleep 100',
        '  6    4 root sleep 100',
        'root@lab:~# lsns -r -t mnt',
        'NS TYPE NPROCS PID USER COMMAND',
        '4026531832 mnt 3 1 root /sbin/init',
        '4026532177 mnt 2 4 root unshare\\x20-u\\x20-p\\x20-f\\x20--mount-proc\\x20sleep\\x20100',
        'root@lab:~# lsns -n -o NS,TYPE -t uts',
        '4026531838 uts',
        '4026532178 uts',
        'root@lab:~# lsns -o NS,PATH,PPID,UID -t pid',
        '        NS PATH           PPID UID',
        '4026531836 /proc/1/ns/pid    0   0',
        '4026532179 /proc/6/ns/pid    4   0',
        // without a UTF-8 locale libsmartcols draws the tree in ASCII
        'root@lab:~# LANG=C lsns | tail -1',
        '4026532179 pid         1   6 root `-sleep 100',
      ),
    );
  });

  it('lsns -J, truncation to the terminal and its diagnostics', async () => {
    const long = 'a'.repeat(100);
    const t = await run(
      [
        `unshare -u sh -c 'sleep 100; : ${long}' &`,
        'sleep 1',
        'lsns -J -t uts',
        'lsns -t uts',
        'lsns -t uts -u | cat',
        'lsns -t foo; echo $?',
        'lsns -o FOO; echo $?',
        'lsns 123; echo $?',
        'lsns abc; echo $?',
        'lsns -p abc; echo $?',
        'lsns -J -r; echo $?',
        'lsns -p 99999; echo $?',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:~# lsns -J -t uts',
        '{',
        '   "namespaces": [',
        '      {',
        '         "ns": 4026531838,',
        '         "type": "uts",',
        '         "nprocs": 3,',
        '         "pid": 1,',
        '         "user": "root",',
        '         "command": "/sbin/init"',
        '      },{',
        '         "ns": 4026532177,',
        '         "type": "uts",',
        '         "nprocs": 2,',
        '         "pid": 4,',
        '         "user": "root",',
        `         "command": "sh -c sleep 100; : ${long}"`,
        '      }',
        '   ]',
        '}',
      ),
    );
    // on a terminal (80 columns) COMMAND is cut to fit the line; into a pipe it is not
    expect(t).toContain(
      lines(
        'root@lab:~# lsns -t uts',
        '        NS TYPE NPROCS PID USER COMMAND',
        '4026531838 uts       3   1 root /sbin/init',
        `4026532177 uts       2   4 root ${`sh -c sleep 100; : ${long}`.slice(0, 80 - 32)}`,
      ),
    );
    expect(t).toContain(`4026532177 uts       2   4 root sh -c sleep 100; : ${long}\n`);
    expect(t).toContain('lsns: unknown namespace type: foo\n1\n');
    expect(t).toContain('lsns: unknown column: FOO\n1\n');
    expect(t).toContain('lsns: not found namespace: 123\n1\n');
    expect(t).toContain("lsns: invalid namespace argument: 'abc'\n1\n");
    expect(t).toContain("lsns: invalid PID argument: 'abc'\n1\n");
    expect(t).toContain('lsns: mutually exclusive arguments: --json --raw\n1\n');
    expect(t).toContain('root@lab:~# lsns -p 99999; echo $?\n0\n');
  });

  // the ioctl_ns(2) requests NS_GET_USERNS and NS_GET_PARENT, and nsfs mounts whose root is
  // "TYPE:[INODE]" in mountinfo
  it('lsns: owner and parent namespaces, nsfs mount points', async () => {
    const t = await run(
      [
        'lsns -o NS,TYPE,PNS,ONS -t pid -t user',
        'touch /tmp/nsnet',
        'unshare --net=/tmp/nsnet sleep 100 &',
        'sleep 1',
        'grep nsnet /proc/self/mountinfo',
        'lsns -t net',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:~# lsns -o NS,TYPE,PNS,ONS -t pid -t user',
        '        NS TYPE  PNS        ONS',
        '4026531836 pid     0 4026531837',
        '4026531837 user    0          0',
      ),
    );
    expect(t).toMatch(/\n[0-9]+ [0-9]+ 0:[0-9]+ net:\[4026532177\] \/tmp\/nsnet rw - nsfs nsfs rw\n/);
    expect(t).toContain(
      lines(
        'root@lab:~# lsns -t net',
        '        NS TYPE NPROCS PID USER    NETNSID NSFS       COMMAND',
        '4026531833 net       3   1 root unassigned            /sbin/init',
        '4026532177 net       1   6 root unassigned /tmp/nsnet sleep 100',
      ),
    );
  });

  it('nsenter diagnostics and the default shell', async () => {
    const t = await run(
      [
        'nsenter -t 99999 -p true; echo $?',
        'nsenter -p true; echo $?',
        'nsenter -t abc -u true; echo $?',
        'nsenter -t 0 -u true; echo $?',
        'nsenter --bogus; echo $?',
        'nsenter -a true; echo $?',
        'nsenter -t 1 -U true; echo $?',
        'nsenter -t 1 -u /nonexist; echo $?',
        'nsenter -p=/x true; echo $?',
        'nsenter -t 1 -w/nonexist true; echo $?',
        'nsenter -t 1 -W / -w true; echo $?',
        'nsenter -t 1 -u -S 65534 id',
        'nsenter -t 1 -a hostname',
        'nsenter -t 1 -u',
        'echo $0',
        'exit',
      ].join('\n') + '\n',
    );
    expect(t).toContain('nsenter: cannot open /proc/99999/ns/pid: No such file or directory\n1\n');
    expect(t).toContain('nsenter: neither filename nor target pid supplied for ns/pid\n1\n');
    expect(t).toContain("nsenter: failed to parse pid: 'abc'\n1\n");
    expect(t).toContain('nsenter: neither filename nor target pid supplied for ns/uts\n1\n');
    expect(t).toContain("nsenter: unrecognized option '--bogus'\nTry 'nsenter --help' for more information.\n1\n");
    expect(t).toContain('nsenter: no target PID specified for --all\n1\n');
    // setns(2) refuses the caller's own user namespace
    expect(t).toContain("nsenter: reassociate to namespace 'ns/user' failed: Invalid argument\n1\n");
    expect(t).toContain('nsenter: failed to execute /nonexist: No such file or directory\n127\n');
    expect(t).toContain('nsenter: cannot open =/x: No such file or directory\n1\n');
    expect(t).toContain('nsenter: cannot open /nonexist: No such file or directory\n1\n');
    expect(t).toContain('nsenter: mutually exclusive arguments: --wdns --wd\n1\n');
    expect(t).toContain('uid=65534(nobody) gid=0(root) groups=0(root)\n');
    expect(t).toContain('nsenter -t 1 -a hostname\nlab\n');
    expect(t).toContain(lines('root@lab:~# nsenter -t 1 -u', 'root@lab:~# echo $0', '-bash', 'root@lab:~# exit', 'logout'));
  });

  it('an unprivileged user cannot create or enter namespaces', async () => {
    const t = await run(
      "unshare -S 1000 -G 1000 bash -c 'unshare -u true; echo $?; nsenter -t 1 -u true; echo $?; mount -t tmpfs none /tmp; echo $?; umount /proc; echo $?; umount /tmp; echo $?'\n",
    );
    expect(t).toContain('unshare: unshare failed: Operation not permitted\n1\n');
    expect(t).toContain('nsenter: cannot open /proc/1/ns/uts: Permission denied\n1\n');
    expect(t).toContain(
      'mount: /tmp: must be superuser to use mount.\n       dmesg(1) may have more information after failed mount system call.\n32\n',
    );
    expect(t).toContain('umount: /proc: must be superuser to unmount.\n32\n');
    expect(t).toContain('umount: /tmp: not mounted.\n1\n');
  });
});

describe('mount and umount', () => {
  it('lists the mount table as "SRC on TARGET type FSTYPE (OPTIONS)", -t filters', async () => {
    const t = await run('mount | head -2\nmount -t proc\nmount -t cgroup | head -1\nmount -t noproc,sysfs | grep -c proc\n');
    expect(t).toContain(
      lines(
        'root@lab:~# mount | head -2',
        '/dev/vda1 on / type ext4 (rw,relatime)',
        'udev on /dev type devtmpfs (rw,nosuid,relatime,size=2097152k,nr_inodes=262144,mode=755,inode64)',
        'root@lab:~# mount -t proc',
        'proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)',
        'root@lab:~# mount -t cgroup | head -1',
        'cgroup on /sys/fs/cgroup/cpu type cgroup (rw,nosuid,nodev,noexec,relatime,cpu)',
      ),
    );
    expect(t).toContain('grep -c proc\n0\n');
  });

  it('tmpfs: mount, remount read-only, unmount, and the errors', async () => {
    const t = await run(
      [
        'mkdir -p /tmp/mt1; touch /tmp/ff',
        'mount -t tmpfs none /tmp/mt1; echo $?',
        'mount | grep mt1',
        'mount -o remount,ro /tmp/mt1; echo $?',
        'mount | grep mt1',
        'touch /tmp/mt1/x',
        'cd /tmp/mt1',
        'umount /tmp/mt1; echo $?',
        'cd /',
        'umount /tmp/mt1; echo $?',
        'umount /tmp/mt1; echo $?',
        'mount -t foo none /tmp/mt1; echo $?',
        'mount -t tmpfs none /tmp/nonexist; echo $?',
        'mount -t tmpfs none /tmp/ff; echo $?',
        'mount -t tmpfs -o foo=bar none /tmp/mt1; echo $?',
        'mount /tmp/mt1; echo $?',
        'mount none /tmp/mt1; echo $?',
        'umount /tmp/nonexist; echo $?',
        'umount /tmp; echo $?',
        'umount /tmp /tmp; echo $?',
        'umount; echo $?',
        'mount -o ro; echo $?',
        'mount --bogus; echo $?',
        'mount -x; echo $?',
        'mount -o; echo $?',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:~# mount -t tmpfs none /tmp/mt1; echo $?',
        '0',
        'root@lab:~# mount | grep mt1',
        'none on /tmp/mt1 type tmpfs (rw,relatime,inode64)',
        'root@lab:~# mount -o remount,ro /tmp/mt1; echo $?',
        '0',
        'root@lab:~# mount | grep mt1',
        'none on /tmp/mt1 type tmpfs (ro,relatime,inode64)',
        'root@lab:~# touch /tmp/mt1/x',
        "touch: cannot touch '/tmp/mt1/x': Read-only file system",
        'root@lab:~# cd /tmp/mt1',
        'root@lab:/tmp/mt1# umount /tmp/mt1; echo $?',
        'umount: /tmp/mt1: target is busy.',
        '32',
        'root@lab:/tmp/mt1# cd /',
        'root@lab:/# umount /tmp/mt1; echo $?',
        '0',
        'root@lab:/# umount /tmp/mt1; echo $?',
        'umount: /tmp/mt1: not mounted.',
        '32',
      ),
    );
    const dmesg = '       dmesg(1) may have more information after failed mount system call.\n';
    expect(t).toContain(`mount: /tmp/mt1: unknown filesystem type 'foo'.\n${dmesg}32\n`);
    expect(t).toContain(`mount: /tmp/nonexist: mount point does not exist.\n${dmesg}32\n`);
    expect(t).toContain(`mount: /tmp/ff: mount point is not a directory.\n${dmesg}32\n`);
    expect(t).toContain(
      `mount: /tmp/mt1: wrong fs type, bad option, bad superblock on none, missing codepage or helper program, or other error.\n${dmesg}32\n`,
    );
    expect(t).toContain("mount: /tmp/mt1: can't find in /etc/fstab.\n1\n");
    expect(t).toContain(`mount: /tmp/mt1: special device none does not exist.\n${dmesg}32\n`);
    expect(t).toContain('umount: /tmp/nonexist: no mount point specified.\n32\n');
    expect(t).toContain('root@lab:/# umount /tmp; echo $?\numount: /tmp: not mounted.\n32\n');
    // one status per operand, added up
    expect(t).toContain('umount: /tmp: not mounted.\numount: /tmp: not mounted.\n64\n');
    expect(t).toContain("umount; echo $?\numount: bad usage\nTry 'umount --help' for more information.\n1\n");
    expect(t).toContain("mount -o ro; echo $?\nmount: bad usage\nTry 'mount --help' for more information.\n1\n");
    expect(t).toContain("mount: unrecognized option '--bogus'\nTry 'mount --help' for more information.\n1\n");
    expect(t).toContain("mount: invalid option -- 'x'\nTry 'mount --help' for more information.\n1\n");
    expect(t).toContain("mount: option requires an argument -- 'o'\nTry 'mount --help' for more information.\n1\n");
  });

  it('proc, sysfs, cgroup2 and devpts; bind mounts and propagation', async () => {
    const t = await run(
      [
        'mkdir -p /tmp/b1 /tmp/b2',
        'mount -t proc proc /tmp/b1; mount | grep /tmp/b1; ls /tmp/b1/1/ns | head -2; umount /tmp/b1',
        'mount -t cgroup2 none /tmp/b1; mount | grep /tmp/b1; umount /tmp/b1',
        'mount -t tmpfs src1 /tmp/b1; touch /tmp/b1/f',
        'mount --bind /tmp/b1 /tmp/b2; echo $?; ls /tmp/b2',
        'mount --make-shared /tmp/b1; echo $?',
        'grep /tmp/b /proc/self/mountinfo',
        'mount --make-private /tmp; echo $?',
        'mount --bind /tmp/nonexist /tmp/b2; echo $?',
        'mount -o remount,ro,bind /tmp/b2; echo $?',
        'mount | grep /tmp/b',
        'umount -v /tmp/b2',
        'mkdir /tmp/b1/sub; mount -t tmpfs y /tmp/b1/sub',
        'umount -R -v /tmp/b1; echo $?',
        'umount -R /tmp; echo $?',
        'mount -v -t tmpfs x /tmp/b1',
        'umount -l /tmp/b1; echo $?',
      ].join('\n') + '\n',
    );
    expect(t).toContain('proc on /tmp/b1 type proc (rw,relatime)\ncgroup\nipc\n');
    expect(t).toContain('none on /tmp/b1 type cgroup2 (rw,relatime)\n');
    expect(t).toContain('mount --bind /tmp/b1 /tmp/b2; echo $?; ls /tmp/b2\n0\nf\n');
    expect(t).toMatch(/[0-9]+ 21 0:[0-9]+ \/ \/tmp\/b1 rw,relatime shared:1 - tmpfs src1 rw,inode64\n[0-9]+ 21 0:[0-9]+ \/ \/tmp\/b2 rw,relatime - tmpfs src1 rw,inode64\n/);
    const dmesg = '       dmesg(1) may have more information after failed mount system call.\n';
    expect(t).toContain(`mount: /tmp: not mount point or bad option.\n${dmesg}32\n`);
    expect(t).toContain(`mount: /tmp/b2: special device /tmp/nonexist does not exist.\n${dmesg}32\n`);
    expect(t).toContain('src1 on /tmp/b1 type tmpfs (rw,relatime,inode64)\nsrc1 on /tmp/b2 type tmpfs (ro,relatime,inode64)\n');
    expect(t).toContain('umount -v /tmp/b2\numount: /tmp/b2 unmounted\n');
    expect(t).toContain('umount -R -v /tmp/b1; echo $?\numount: /tmp/b1/sub unmounted\numount: /tmp/b1 unmounted\n0\n');
    expect(t).toContain('umount -R /tmp; echo $?\numount: /tmp: not mounted\n1\n');
    expect(t).toContain('mount -v -t tmpfs x /tmp/b1\nmount: x mounted on /tmp/b1.\n');
    expect(t).toContain('umount -l /tmp/b1; echo $?\n0\n');
  });

  it('mounts in a private mount namespace stay there', async () => {
    const t = await run(
      [
        'mkdir -p /tmp/priv',
        'unshare -m bash',
        'mount -t tmpfs inside /tmp/priv',
        'mount | grep priv',
        'exit',
        'mount | grep -c priv',
      ].join('\n') + '\n',
    );
    expect(t).toContain('root@lab:~# mount | grep priv\ninside on /tmp/priv type tmpfs (rw,relatime,inode64)\n');
    expect(t).toContain('root@lab:~# mount | grep -c priv\n0\n');
  });

  it('help and version texts', async () => {
    const t = await run('mount --help | head -3\numount --version\nmount -V\n');
    expect(t).toContain('mount --help | head -3\n\nUsage:\n mount [-lhV]\n');
    expect(t).toContain(
      'umount from util-linux 2.38.1 (libmount 2.38.1: selinux, smack, btrfs, verity, namespaces, assert, debug)\n',
    );
    expect(t).toContain(
      'mount -V\nmount from util-linux 2.38.1 (libmount 2.38.1: selinux, smack, btrfs, verity, namespaces, assert, debug)\n',
    );
  });
});

// The default machine's root filesystem: a small Debian 12 host. Directories follow Debian's
// merged-/usr layout (/bin -> usr/bin); /etc holds the identity files the tools read.
import type { Inode, SuperBlock } from '../kernel/fs/inode';
import { S_IFDIR, S_IFREG } from '../kernel/abi/flags';
import { utf8 } from '../kernel/lib/text';

export interface RootfsOptions {
  hostname: string;
  /** lines for /etc/rc.local (none: no rc.local, as on a stock Debian 12) */
  setup?: readonly string[];
}

/** /etc/rc.local as Debian's template starts and ends it, around a lesson's setup lines. */
export function rcLocal(lines: readonly string[]): string {
  return `#!/bin/sh -e
#
# rc.local
#
# Container Lab: this lesson's setup, run once by init at boot, before the
# console's login shell starts. Its output is in /var/log/rc.local.log.

${lines.join('\n')}

exit 0
`;
}

const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

const PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
student:x:1000:1000:Student,,,:/home/student:/bin/bash
`;

const GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
cdrom:x:24:
sudo:x:27:student
audio:x:29:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
student:x:1000:
`;

const PROFILE = `# /etc/profile: system-wide .profile file for the Bourne shell (sh(1))
if [ "$(id -u)" -eq 0 ]; then
  PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
else
  PATH="/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"
fi
export PATH
if [ "\${PS1-}" ]; then
  if [ "\${BASH-}" ] && [ "$BASH" != "/bin/sh" ]; then
    if [ -f /etc/bash.bashrc ]; then
      . /etc/bash.bashrc
    fi
  fi
fi
`;

const ROOT_PROFILE = `# ~/.profile: executed by Bourne-compatible login shells.
if [ "$BASH" ]; then
  if [ -f ~/.bashrc ]; then
    . ~/.bashrc
  fi
fi
`;

// Debian's bash.bashrc sets the prompt (shortened here) and nothing we model; the lab adds terminal
// shell integration so lesson checks and the embedding SDK learn each command's exit status from
// the shell's own $? (src/machine/command-log.ts reads the mark). Students can read and change it.
const BASH_BASHRC = `# System-wide .bashrc file for interactive bash(1) shells.
PS1='\${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ '

# Container Lab: after each command, tell the terminal how it ended with the
# "command finished" mark of terminal shell integration, OSC 133;D;<exit status>
# (the sequence VS Code, WezTerm and iTerm2 use). The terminal shows nothing;
# the lab's lesson checks read it. A shell's first prompt reports nothing (no
# command has run in it yet): it only sets PROMPT_COMMAND to the mark.
__lab_mark='printf "\\033]133;D;%s\\007" "$?"'
PROMPT_COMMAND='PROMPT_COMMAND=$__lab_mark'
`;

const ROOT_BASHRC = `# ~/.bashrc: executed by bash(1) for non-login shells.
# Note: PS1 and umask are already set in /etc/profile. You should not
# need this unless you want different defaults for root.
# PS1='\${debian_chroot:+($debian_chroot)}\\h:\\w\\$ '
# umask 022
`;

export function populateRootfs(sb: SuperBlock, nowNs: number, opts: RootfsOptions): { mkdirp: (p: string, mode?: number) => Inode; writeFile: (p: string, content: string | Uint8Array, mode?: number) => Inode; symlink: (p: string, target: string) => void } {
  const ops = sb.dirOps;
  const mkdirp = (path: string, mode = 0o755): Inode => {
    let cur = sb.root;
    for (const part of path.split('/').filter(Boolean)) {
      let next = ops.lookup(cur, part);
      if (!next) {
        const r = ops.create!(cur, part, S_IFDIR | mode, 0, 0, 0);
        if (typeof r === 'number') throw new Error(`rootfs: mkdir ${path}: ${r}`);
        next = r;
      }
      cur = next;
    }
    return cur;
  };
  const writeFile = (path: string, content: string | Uint8Array, mode = 0o644): Inode => {
    const idx = path.lastIndexOf('/');
    const dir = mkdirp(path.slice(0, idx));
    const name = path.slice(idx + 1);
    let ino = ops.lookup(dir, name);
    if (!ino) {
      const r = ops.create!(dir, name, S_IFREG | mode, 0, 0, 0);
      if (typeof r === 'number') throw new Error(`rootfs: create ${path}: ${r}`);
      ino = r;
    }
    const bytes = typeof content === 'string' ? utf8(content) : content;
    ino.data!.truncate(0);
    ino.data!.write(0, bytes);
    return ino;
  };
  const symlink = (path: string, target: string): void => {
    const idx = path.lastIndexOf('/');
    const dir = mkdirp(path.slice(0, idx));
    ops.symlink!(dir, path.slice(idx + 1), target, 0, 0);
  };
  void nowNs;

  for (const d of ['usr/bin', 'usr/sbin', 'usr/lib', 'usr/lib64', 'usr/local/bin', 'usr/local/sbin', 'usr/share/man/man1', 'usr/share/man/man8', 'etc', 'home', 'mnt', 'media', 'opt', 'srv', 'boot', 'var/log', 'var/lib', 'var/cache', 'var/mail', 'var/spool', 'var/opt']) mkdirp(d);
  mkdirp('root', 0o700);
  mkdirp('tmp', 0o1777);
  mkdirp('var/tmp', 0o1777);
  const home = mkdirp('home/student', 0o755);
  home.uid = 1000;
  home.gid = 1000;
  symlink('/bin', 'usr/bin');
  symlink('/sbin', 'usr/sbin');
  symlink('/lib', 'usr/lib');
  symlink('/lib64', 'usr/lib64');
  symlink('/var/run', '/run');

  writeFile('/etc/hostname', `${opts.hostname}\n`);
  writeFile('/etc/hosts', `127.0.0.1\tlocalhost\n127.0.1.1\t${opts.hostname}\n\n::1\tlocalhost ip6-localhost ip6-loopback\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n`);
  writeFile('/usr/lib/os-release', OS_RELEASE);
  symlink('/etc/os-release', '../usr/lib/os-release');
  writeFile('/etc/debian_version', '12.8\n');
  writeFile('/etc/issue', 'Debian GNU/Linux 12 \\n \\l\n\n');
  writeFile('/etc/passwd', PASSWD);
  writeFile('/etc/group', GROUP);
  writeFile('/etc/shadow', 'root:*:20000:0:99999:7:::\nstudent:*:20000:0:99999:7:::\n', 0o640);
  writeFile('/etc/shells', '# /etc/shells: valid login shells\n/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n');
  writeFile('/etc/profile', PROFILE);
  writeFile('/etc/bash.bashrc', BASH_BASHRC);
  writeFile('/etc/motd', '');
  writeFile('/etc/fstab', '# <file system> <mount point>   <type>  <options>       <dump>  <pass>\n/dev/vda1       /               ext4    errors=remount-ro 0       1\n');
  writeFile('/etc/resolv.conf', 'nameserver 10.0.2.3\n');
  writeFile('/root/.profile', ROOT_PROFILE);
  writeFile('/root/.bashrc', ROOT_BASHRC);
  writeFile('/home/student/.bashrc', '# ~/.bashrc\n').uid = 1000;
  if (opts.setup?.length) writeFile('/etc/rc.local', rcLocal(opts.setup), 0o755);
  return { mkdirp, writeFile, symlink };
}

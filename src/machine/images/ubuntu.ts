// ubuntu:22.04 (22.04.5 LTS, jammy) — one layer, Canonical's minimized base rootfs (ADD
// ubuntu-jammy-oci-amd64-root.tar.gz /). Merged /usr (/bin -> usr/bin, /sbin -> usr/sbin,
// /lib -> usr/lib ...). Its packages are the minimal set: bash, dash as /bin/sh, coreutils,
// grep, hostname, util-linux, bsdutils, mount, procps (so `ps`, `top`, `free`, `kill` exist),
// ncurses-bin, findutils, apt, dpkg, perl-base ... but no iproute2 (no `ip`), no psmisc (no
// `pstree`), no man-db: `man` is the script the minimization leaves in its place.
//
// Binaries are listed under the paths the packages install them; only those the simulator has
// a program for become files (layer.ts). dash is not modelled: /usr/bin/dash runs the
// simulator's shell in sh mode, and /usr/bin/sh -> dash as in the real image. Not modelled
// either: /etc/bash.bashrc and /root/.bashrc (bash's long Debian defaults), the dpkg and apt
// databases, locale and documentation files.
import { LayerBuilder } from './layer';
import type { ImageSpec } from './spec';
import { DEBIAN_NSSWITCH } from './busybox';

export const UBUNTU_OS_RELEASE = `PRETTY_NAME="Ubuntu 22.04.5 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.5 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
`;

const LSB_RELEASE = `DISTRIB_ID=Ubuntu
DISTRIB_RELEASE=22.04
DISTRIB_CODENAME=jammy
DISTRIB_DESCRIPTION="Ubuntu 22.04.5 LTS"
`;

export const UBUNTU_PASSWD = `root:x:0:0:root:/root:/bin/bash
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
gnats:x:41:41:Gnats Bug-Reporting System (admin):/var/lib/gnats:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
_apt:x:100:65534::/nonexistent:/usr/sbin/nologin
`;

export const UBUNTU_GROUP = `root:x:0:
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
fax:x:21:
voice:x:22:
cdrom:x:24:
floppy:x:25:
tape:x:26:
sudo:x:27:
audio:x:29:
dip:x:30:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
gnats:x:41:
shadow:x:42:
utmp:x:43:
video:x:44:
sasl:x:45:
plugdev:x:46:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
`;

/** Days since the epoch when the image was built (shadow's "last change" field). */
const BUILD_DAY = 19977;

const shadow = (): string =>
  UBUNTU_PASSWD.split('\n')
    .filter(Boolean)
    .map((l) => `${l.slice(0, l.indexOf(':'))}:*:${BUILD_DAY}:0:99999:7:::`)
    .join('\n') + '\n';

const gshadow = (): string =>
  UBUNTU_GROUP.split('\n')
    .filter(Boolean)
    .map((l) => `${l.slice(0, l.indexOf(':'))}:*::`)
    .join('\n') + '\n';

const PROFILE = `# /etc/profile: system-wide .profile file for the Bourne shell (sh(1))
# and Bourne compatible shells (bash(1), ksh(1), ash(1), ...).

if [ "\${PS1-}" ]; then
  if [ "\${BASH-}" ] && [ "$BASH" != "/bin/sh" ]; then
    # The file bash.bashrc already sets the default PS1.
    # PS1='\\h:\\w\\$ '
    if [ -f /etc/bash.bashrc ]; then
      . /etc/bash.bashrc
    fi
  else
    if [ "$(id -u)" -eq 0 ]; then
      PS1='# '
    else
      PS1='$ '
    fi
  fi
fi

if [ -d /etc/profile.d ]; then
  for i in /etc/profile.d/*.sh; do
    if [ -r $i ]; then
      . $i
    fi
  done
  unset i
fi
`;

const ROOT_PROFILE = `# ~/.profile: executed by Bourne-compatible login shells.

if [ "$BASH" ]; then
  if [ -f ~/.bashrc ]; then
    . ~/.bashrc
  fi
fi

mesg n 2> /dev/null || true
`;

const SHELLS = `# /etc/shells: valid login shells
/bin/sh
/bin/bash
/usr/bin/bash
/bin/rbash
/usr/bin/rbash
/usr/bin/sh
/bin/dash
/usr/bin/dash
`;

const LEGAL = `
The programs included with the Ubuntu system are free software;
the exact distribution terms for each program are described in the
individual files in /usr/share/doc/*/copyright.

Ubuntu comes with ABSOLUTELY NO WARRANTY, to the extent permitted by
applicable law.

`;

/** What the image's minimization puts in place of /usr/bin/man (the real one is diverted). */
const MINIMIZED_MAN = `#!/bin/sh
echo "This system has been minimized by removing packages and content that are"
echo "not required on a system that users do not log into."
echo ""
echo "To restore this content, including manpages, you can run the 'unminimize'"
echo "command. You will still need to ensure the 'man-db' package is installed."
`;

/** grep 3.7's egrep/fgrep wrapper scripts. */
const grepWrapper = (flag: string): string => `#!/bin/sh\nexec grep ${flag} "$@"\n`;

/** /usr/bin programs by package (amd64 sizes, approximately), the simulator's program being the name. */
const USR_BIN: Array<[string, number]> = [
  // coreutils 8.32
  ['[', 55_432], ['arch', 35_280], ['b2sum', 55_496], ['base32', 39_432], ['base64', 39_432], ['basename', 35_328],
  ['basenc', 51_624], ['cat', 35_280], ['chcon', 68_040], ['chgrp', 72_072], ['chmod', 64_000], ['chown', 72_072],
  ['cksum', 35_280], ['comm', 39_464], ['cp', 141_824], ['csplit', 109_128], ['cut', 47_720], ['date', 104_960],
  ['dd', 76_864], ['df', 89_744], ['dir', 138_208], ['dircolors', 47_624], ['dirname', 35_264], ['du', 104_736],
  ['echo', 35_120], ['env', 48_248], ['expand', 39_432], ['expr', 109_128], ['factor', 76_840], ['false', 27_104],
  ['fmt', 39_432], ['fold', 39_432], ['groups', 35_280], ['head', 43_432], ['hostid', 31_176], ['id', 39_528],
  ['install', 149_888], ['join', 51_624], ['link', 31_168], ['ln', 67_624], ['logname', 31_176], ['ls', 138_208],
  ['md5sum', 47_688], ['mkdir', 72_776], ['mkfifo', 43_168], ['mknod', 47_272], ['mktemp', 43_432], ['mv', 137_752],
  ['nice', 35_208], ['nl', 43_464], ['nohup', 35_280], ['nproc', 35_280], ['numfmt', 63_920], ['od', 72_360],
  ['paste', 39_432], ['pathchk', 35_264], ['pinky', 35_296], ['pr', 72_360], ['printenv', 31_176], ['printf', 55_424],
  ['ptx', 109_160], ['pwd', 35_272], ['readlink', 43_304], ['realpath', 43_272], ['rm', 59_912], ['rmdir', 35_112],
  ['runcon', 35_264], ['seq', 47_656], ['sha1sum', 39_496], ['sha224sum', 43_592], ['sha256sum', 43_592],
  ['sha384sum', 47_688], ['sha512sum', 47_688], ['shred', 59_944], ['shuf', 51_656], ['sleep', 35_336],
  ['sort', 117_976], ['split', 55_560], ['stat', 84_512], ['stdbuf', 43_264], ['stty', 72_808], ['sum', 35_280],
  ['sync', 31_176], ['tac', 109_128], ['tail', 68_032], ['tee', 39_432], ['test', 51_624], ['timeout', 39_496],
  ['touch', 92_296], ['tr', 51_624], ['true', 27_104], ['truncate', 39_432], ['tsort', 39_432], ['tty', 35_264],
  ['uname', 35_272], ['unexpand', 39_432], ['uniq', 43_456], ['unlink', 31_168], ['users', 35_296], ['vdir', 138_208],
  ['wc', 47_720], ['who', 51_688], ['whoami', 31_376], ['yes', 31_304],
  // bash, grep, hostname, findutils
  ['bash', 1_396_520], ['grep', 186_008], ['hostname', 22_760], ['find', 224_848], ['xargs', 72_304],
  // util-linux, bsdutils, mount, login
  ['choom', 27_136], ['chrt', 35_336], ['dmesg', 76_064], ['fallocate', 31_144], ['findmnt', 76_064], ['flock', 27_136],
  ['getopt', 22_912], ['ionice', 23_008], ['ipcmk', 23_064], ['ipcrm', 27_176], ['ipcs', 59_904], ['lsblk', 133_160],
  ['lscpu', 101_032], ['lsipc', 63_920], ['lslocks', 47_560], ['lslogins', 80_080], ['lsmem', 43_408], ['lsns', 51_712],
  ['mcookie', 31_184], ['mesg', 18_896], ['more', 47_480], ['mountpoint', 18_912], ['namei', 27_200], ['nsenter', 35_336],
  ['prlimit', 39_424], ['rev', 18_912], ['setarch', 27_136], ['setpriv', 51_712], ['setsid', 18_904], ['setterm', 47_528],
  ['taskset', 35_336], ['unshare', 39_432], ['utmpdump', 22_960], ['wdctl', 35_328], ['whereis', 35_328],
  ['logger', 47_528], ['renice', 14_712], ['script', 47_560], ['scriptlive', 43_464], ['scriptreplay', 35_336],
  ['wall', 23_008], ['login', 55_552],
  // procps 3.3.17
  ['free', 22_792], ['kill', 30_952], ['pgrep', 30_960], ['pkill', 30_960], ['pmap', 35_152], ['ps', 137_688],
  ['pwdx', 14_600], ['skill', 30_952], ['slabtop', 22_944], ['snice', 30_952], ['tload', 18_824], ['top', 133_640],
  ['uptime', 14_568], ['vmstat', 35_248], ['w', 22_976], ['watch', 27_224],
  // ncurses-bin, debianutils, dpkg, apt, perl-base, sed, tar, gzip, diffutils, mawk
  ['clear', 14_416], ['infocmp', 63_768], ['tabs', 22_600], ['tic', 88_456], ['toe', 18_544], ['tput', 22_640],
  ['tset', 26_776], ['ischroot', 14_648], ['run-parts', 27_208], ['savelog', 10_467], ['tempfile', 14_648],
  ['which', 946], ['dpkg', 309_272], ['dpkg-query', 161_432], ['apt', 18_824], ['apt-get', 27_048],
  ['apt-cache', 84_528], ['perl', 3_914_304], ['sed', 113_224], ['tar', 510_056], ['gzip', 97_512], ['diff', 219_560],
  ['cmp', 47_912], ['mawk', 158_512],
];

const USR_SBIN: Array<[string, number]> = [
  ['chroot', 43_296], ['pivot_root', 18_816], ['switch_root', 22_912], ['sysctl', 30_952], ['nologin', 14_728],
  ['agetty', 63_920], ['blkid', 31_200], ['blockdev', 39_496], ['findfs', 14_592], ['fsck', 55_456], ['fstrim', 55_424],
  ['losetup', 76_232], ['mkswap', 91_312], ['runuser', 63_888], ['swapoff', 26_904], ['swapon', 47_424], ['wipefs', 39_432],
  ['killall5', 22_824], ['ldconfig', 1_109_488], ['useradd', 147_160], ['groupadd', 76_072],
];

/** The libraries a student meets in /usr/lib/x86_64-linux-gnu (the image has about 120). */
const LIBS: Array<[string, number, string?]> = [
  ['ld-linux-x86-64.so.2', 240_936],
  ['libc.so.6', 2_220_400],
  ['libm.so.6', 940_560],
  ['libpthread.so.0', 21_448],
  ['libdl.so.2', 14_432],
  ['libresolv.so.2', 68_552],
  ['libselinux.so.1', 166_280],
  ['libpcre2-8.so.0.10.4', 613_064, 'libpcre2-8.so.0'],
  ['libtinfo.so.6.3', 192_032, 'libtinfo.so.6'],
  ['libncursesw.so.6.3', 231_504, 'libncursesw.so.6'],
  ['libprocps.so.8.0.3', 76_888, 'libprocps.so.8'],
  ['libmount.so.1.1.0', 370_000, 'libmount.so.1'],
  ['libblkid.so.1.1.0', 338_424, 'libblkid.so.1'],
  ['libsmartcols.so.1.1.0', 214_720, 'libsmartcols.so.1'],
  ['libsystemd.so.0.32.0', 859_376, 'libsystemd.so.0'],
  ['libstdc++.so.6.0.30', 2_260_296, 'libstdc++.so.6'],
  ['libgcc_s.so.1', 125_488],
  ['libz.so.1.2.11', 108_936, 'libz.so.1'],
  ['libcrypto.so.3', 4_451_632],
  ['libssl.so.3', 667_864],
  ['libapt-pkg.so.6.0.0', 2_010_680, 'libapt-pkg.so.6.0'],
];

function layer(): LayerBuilder {
  const b = new LayerBuilder();
  b.symlink('/bin', 'usr/bin');
  b.dirs(['/boot', '/dev', '/etc']);
  b.dirs(['/etc/alternatives', '/etc/apt', '/etc/apt/apt.conf.d', '/etc/apt/auth.conf.d', '/etc/apt/keyrings', '/etc/apt/preferences.d', '/etc/apt/sources.list.d', '/etc/apt/trusted.gpg.d']);
  b.dirs(['/etc/cron.d', '/etc/cron.daily']);
  b.file('/etc/debian_version', 'bookworm/sid\n');
  b.dirs(['/etc/default', '/etc/dpkg', '/etc/dpkg/dpkg.cfg.d']);
  b.file('/etc/environment', 'PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin"\n');
  b.file('/etc/fstab', '# UNCONFIGURED FSTAB FOR BASE SYSTEM\n');
  b.file('/etc/group', UBUNTU_GROUP);
  b.file('/etc/gshadow', gshadow(), 0o640, { gid: 42 });
  b.dir('/etc/init.d');
  b.file('/etc/issue', 'Ubuntu 22.04.5 LTS \\n \\l\n\n');
  b.file('/etc/issue.net', 'Ubuntu 22.04.5 LTS\n');
  b.file('/etc/legal', LEGAL);
  b.dirs(['/etc/logrotate.d']);
  b.file('/etc/lsb-release', LSB_RELEASE);
  b.symlink('/etc/mtab', '../proc/self/mounts');
  b.file('/etc/nsswitch.conf', DEBIAN_NSSWITCH);
  b.dir('/etc/opt');
  b.symlink('/etc/os-release', '../usr/lib/os-release');
  b.dir('/etc/pam.d');
  b.file('/etc/passwd', UBUNTU_PASSWD);
  b.file('/etc/profile', PROFILE);
  b.dir('/etc/profile.d');
  b.dirs(['/etc/rc0.d', '/etc/rc1.d', '/etc/rc2.d', '/etc/rc3.d', '/etc/rc4.d', '/etc/rc5.d', '/etc/rc6.d', '/etc/rcS.d']);
  b.dirs(['/etc/security', '/etc/selinux']);
  b.file('/etc/shadow', shadow(), 0o640, { gid: 42 });
  b.file('/etc/shells', SHELLS);
  b.dir('/etc/skel');
  b.file('/etc/subgid', '');
  b.file('/etc/subuid', '');
  b.dirs(['/etc/sysctl.d', '/etc/systemd', '/etc/terminfo', '/etc/update-motd.d']);
  b.dir('/home');
  b.symlink('/lib', 'usr/lib');
  b.symlink('/lib32', 'usr/lib32');
  b.symlink('/lib64', 'usr/lib64');
  b.symlink('/libx32', 'usr/libx32');
  b.dirs(['/media', '/mnt', '/opt', '/proc']);
  b.dir('/root', 0o700);
  b.file('/root/.profile', ROOT_PROFILE);
  b.dir('/run');
  b.dir('/run/lock', 0o1777);
  b.symlink('/sbin', 'usr/sbin');
  b.dirs(['/srv', '/sys']);
  b.dir('/tmp', 0o1777);
  b.dirs(['/usr', '/usr/bin']);
  for (const [name, size] of USR_BIN) b.bin(`/usr/bin/${name}`, name, size);
  b.bin('/usr/bin/dash', 'sh', 125_688);
  b.script('/usr/bin/egrep', grepWrapper('-E'), 'grep');
  b.script('/usr/bin/fgrep', grepWrapper('-F'), 'grep');
  b.script('/usr/bin/man', MINIMIZED_MAN, 'sh');
  b.bin('/usr/bin/mount', 'mount', 47_480, 0o4755);
  b.symlink('/usr/bin/sh', 'dash', 'sh');
  b.bin('/usr/bin/su', 'su', 55_672, 0o4755);
  b.bin('/usr/bin/umount', 'umount', 35_192, 0o4755);
  b.dirs(['/usr/games', '/usr/include', '/usr/lib']);
  b.dirs(['/usr/lib/apt', '/usr/lib/dpkg', '/usr/lib/locale']);
  b.file('/usr/lib/os-release', UBUNTU_OS_RELEASE);
  b.dirs(['/usr/lib/systemd', '/usr/lib/terminfo', '/usr/lib/x86_64-linux-gnu']);
  for (const [name, size, soname] of LIBS) {
    b.blob(`/usr/lib/x86_64-linux-gnu/${name}`, size);
    if (soname) b.symlink(`/usr/lib/x86_64-linux-gnu/${soname}`, name);
  }
  b.dirs(['/usr/lib32', '/usr/lib64']);
  b.symlink('/usr/lib64/ld-linux-x86-64.so.2', '/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2');
  b.dirs(['/usr/libexec', '/usr/libx32', '/usr/local']);
  b.dirs(['/usr/local/bin', '/usr/local/etc', '/usr/local/games', '/usr/local/include', '/usr/local/lib']);
  b.symlink('/usr/local/man', 'share/man');
  b.dirs(['/usr/local/sbin', '/usr/local/share', '/usr/local/src']);
  b.dir('/usr/sbin');
  for (const [name, size] of USR_SBIN) b.bin(`/usr/sbin/${name}`, name, size);
  b.dirs(['/usr/share', '/usr/share/base-files', '/usr/share/common-licenses', '/usr/share/doc', '/usr/share/dpkg', '/usr/share/man', '/usr/share/misc', '/usr/share/terminfo']);
  b.dir('/usr/src');
  b.dirs(['/var', '/var/backups', '/var/cache', '/var/cache/apt', '/var/cache/debconf']);
  b.dir('/var/cache/ldconfig', 0o700);
  b.dirs(['/var/lib', '/var/lib/apt', '/var/lib/apt/lists']);
  b.dir('/var/lib/apt/lists/partial', 0o700, { uid: 100 });
  b.dirs(['/var/lib/dpkg', '/var/lib/dpkg/alternatives', '/var/lib/dpkg/info', '/var/lib/dpkg/updates', '/var/lib/misc', '/var/lib/pam', '/var/lib/systemd']);
  b.dir('/var/local', 0o2775, { gid: 50 });
  b.symlink('/var/lock', '/run/lock');
  b.dirs(['/var/log', '/var/log/apt']);
  b.dir('/var/mail', 0o2775, { gid: 8 });
  b.dir('/var/opt');
  b.symlink('/var/run', '/run');
  b.dir('/var/spool');
  b.symlink('/var/spool/mail', '../mail');
  b.dir('/var/tmp', 0o1777);
  return b;
}

export const UBUNTU: ImageSpec = {
  repo: 'ubuntu',
  tag: '22.04',
  created: '2024-09-11T16:25:23Z',
  architecture: 'amd64',
  os: 'linux',
  layers: [{ createdSec: 1726071923, entries: layer().entries() }],
  history: [
    { created: '2024-09-11T16:25:21Z', createdBy: '/bin/sh -c #(nop)  ARG RELEASE', emptyLayer: true },
    { created: '2024-09-11T16:25:21Z', createdBy: '/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH', emptyLayer: true },
    { created: '2024-09-11T16:25:21Z', createdBy: '/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu', emptyLayer: true },
    { created: '2024-09-11T16:25:21Z', createdBy: '/bin/sh -c #(nop)  LABEL org.opencontainers.image.version=22.04', emptyLayer: true },
    { created: '2024-09-11T16:25:23Z', createdBy: '/bin/sh -c #(nop) ADD file:{diff} in / ' },
    { created: '2024-09-11T16:25:23Z', createdBy: '/bin/sh -c #(nop)  CMD ["/bin/bash"]', emptyLayer: true },
  ],
  config: {
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    Cmd: ['/bin/bash'],
    Labels: { 'org.opencontainers.image.ref.name': 'ubuntu', 'org.opencontainers.image.version': '22.04' },
  },
  description: 'Ubuntu 22.04.5 LTS (jammy): glibc, bash, GNU coreutils, procps, util-linux; no iproute2',
};

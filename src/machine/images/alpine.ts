// alpine:3.19 (3.19.1) — one layer, the alpine-minirootfs tarball (ADD alpine-minirootfs-3.19.1-
// x86_64.tar.gz /): alpine-baselayout 3.4.3, alpine-keys, apk-tools 2.14, busybox 1.36.1 (with
// busybox-binsh), ca-certificates-bundle, libc-utils, libcrypto3/libssl3, musl 1.2.4 and
// musl-utils, scanelf, ssl_client, zlib. Every command is a BusyBox applet: an absolute symlink
// to /bin/busybox in the directory `busybox --list-full` gives (see applets.ts), so `ps`, `top`,
// `free`, `pstree`, `unshare` and `nsenter` exist while `bash`, `man` and `lsns` do not. The
// musl-utils, scanelf, ssl_client and apk binaries are not simulator programs and are absent.
import { LayerBuilder } from './layer';
import type { HistoryEntry, ImageSpec, LayerSpec } from './spec';
import { ALPINE_APPLETS, appletProgram } from './applets';

export const ALPINE_OS_RELEASE = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.19.1
PRETTY_NAME="Alpine Linux v3.19"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`;

export const ALPINE_PASSWD = `root:x:0:0:root:/root:/bin/ash
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
adm:x:3:4:adm:/var/adm:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/mail:/sbin/nologin
news:x:9:13:news:/usr/lib/news:/sbin/nologin
uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin
operator:x:11:0:operator:/root:/sbin/nologin
man:x:13:15:man:/usr/man:/sbin/nologin
postmaster:x:14:12:postmaster:/var/mail:/sbin/nologin
cron:x:16:16:cron:/var/spool/cron:/sbin/nologin
ftp:x:21:21::/var/lib/ftp:/sbin/nologin
sshd:x:22:22:sshd:/dev/null:/sbin/nologin
at:x:25:25:at:/var/spool/cron/atjobs:/sbin/nologin
squid:x:31:31:Squid:/var/cache/squid:/sbin/nologin
xfs:x:33:33:X Font Server:/etc/X11/fs:/sbin/nologin
games:x:35:35:games:/usr/games:/sbin/nologin
cyrus:x:85:12::/usr/cyrus:/sbin/nologin
vpopmail:x:89:89::/var/vpopmail:/sbin/nologin
ntp:x:123:123:NTP:/var/empty:/sbin/nologin
smmsp:x:209:209:smmsp:/var/spool/mqueue:/sbin/nologin
guest:x:405:100:guest:/dev/null:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
`;

export const ALPINE_GROUP = `root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
sys:x:3:root,bin,adm
adm:x:4:root,adm,daemon
tty:x:5:
disk:x:6:root,adm
lp:x:7:lp
mem:x:8:
kmem:x:9:
wheel:x:10:root
floppy:x:11:root
mail:x:12:mail
news:x:13:news
uucp:x:14:uucp
man:x:15:man
cron:x:16:cron
console:x:17:
audio:x:18:
cdrom:x:19:
dialout:x:20:root
ftp:x:21:
sshd:x:22:
input:x:23:
at:x:25:at
tape:x:26:root
video:x:27:root
netdev:x:28:
readproc:x:30:
squid:x:31:squid
xfs:x:33:xfs
kvm:x:34:kvm
games:x:35:
shadow:x:42:
cdrw:x:80:
www-data:x:82:
usb:x:85:
vpopmail:x:89:
users:x:100:games
ntp:x:123:
nofiles:x:200:
smmsp:x:209:smmsp
locate:x:245:
abuild:x:300:
utmp:x:406:
ping:x:999:
nogroup:x:65533:
nobody:x:65534:
`;

/** /etc/shadow as the image has it: root's password locked (CVE-2019-5021), the others "!". */
export function alpineShadow(): string {
  return ALPINE_PASSWD.split('\n')
    .filter(Boolean)
    .map((l) => {
      const name = l.slice(0, l.indexOf(':'));
      return name === 'root' ? 'root:*::0:::::' : `${name}:!::0:::::`;
    })
    .join('\n') + '\n';
}

const PROFILE = `export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

export PAGER=less
umask 022

# use nicer PS1 for bash and busybox ash
if [ -n "$BASH_VERSION" -o "$BB_ASH_VERSION" ]; then
	PS1='\\h:\\w\\$ '
# use nicer PS1 for zsh
elif [ -n "$ZSH_VERSION" ]; then
	PS1='%m:%~%# '
# set up fallback default PS1
else
	: "\${HOSTNAME:=$(hostname)}"
	PS1='\${HOSTNAME%%.*}:$PWD'
	[ "$(id -u)" -eq 0 ] && PS1="\${PS1}# " || PS1="\${PS1}\\$ "
fi

for script in /etc/profile.d/*.sh ; do
	if [ -r "$script" ] ; then
		. "$script"
	fi
done
unset script
`;

const INITTAB = `# /etc/inittab

::sysinit:/sbin/openrc sysinit
::sysinit:/sbin/openrc boot
::wait:/sbin/openrc default

# Set up a couple of getty's
tty1::respawn:/sbin/getty 38400 tty1
tty2::respawn:/sbin/getty 38400 tty2
tty3::respawn:/sbin/getty 38400 tty3
tty4::respawn:/sbin/getty 38400 tty4
tty5::respawn:/sbin/getty 38400 tty5
tty6::respawn:/sbin/getty 38400 tty6

# Put a getty on the serial port
#ttyS0::respawn:/sbin/getty -L 115200 ttyS0 vt100

# Stuff to do for the 3-finger salute
::ctrlaltdel:/sbin/reboot

# Stuff to do before rebooting
::shutdown:/sbin/openrc shutdown
`;

const MOTD = `Welcome to Alpine!

The Alpine Wiki contains a large amount of how-to guides and general
information about administrating Alpine systems.
See <https://wiki.alpinelinux.org/>.

You can setup the system with the command: setup-alpine

You may change this message by editing /etc/motd.

`;

const NSSWITCH = `# musl itself does not support NSS, however some third-party DNS
# implementations use the nsswitch.conf file to determine what
# policy to follow.
# Editing this file is not recommended.
hosts: files dns
`;

const PROFILE_D_README = `This directory should contain shell scripts configuring system-wide
environment on users' shells.

Files with the .sh extension found in this directory are evaluated by
Bourne-compatible shells (like ash, bash or zsh) when started as a
login shell.
`;

const LOCALE_SH = `# environment variables for the musl locale implementation
export CHARSET=\${CHARSET:-UTF-8}
export LANG=\${LANG:-C.UTF-8}
export LC_COLLATE=\${LC_COLLATE:-C}
`;

function layer(): LayerBuilder {
  const b = new LayerBuilder();
  b.dir('/bin');
  b.bin('/bin/busybox', 'busybox', 808_712);
  for (const a of ALPINE_APPLETS['/bin']) b.symlink(`/bin/${a}`, '/bin/busybox', appletProgram(a));
  b.dirs(['/dev', '/dev/pts', '/dev/shm']);
  b.dir('/etc');
  b.file('/etc/alpine-release', '3.19.1\n');
  b.dir('/etc/apk');
  b.file('/etc/apk/arch', 'x86_64\n');
  b.dirs(['/etc/apk/keys', '/etc/apk/protected_paths.d']);
  b.file('/etc/apk/repositories', 'https://dl-cdn.alpinelinux.org/alpine/v3.19/main\nhttps://dl-cdn.alpinelinux.org/alpine/v3.19/community\n');
  b.file('/etc/apk/world', 'alpine-baselayout\nalpine-keys\napk-tools\nbusybox\nlibc-utils\n');
  b.dirs(['/etc/conf.d', '/etc/crontabs']);
  b.file('/etc/crontabs/root', '# do daily/weekly/monthly maintenance\n# min\thour\tday\tmonth\tweekday\tcommand\n*/15\t*\t*\t*\t*\trun-parts /etc/periodic/15min\n0\t*\t*\t*\t*\trun-parts /etc/periodic/hourly\n0\t2\t*\t*\t*\trun-parts /etc/periodic/daily\n0\t3\t*\t*\t6\trun-parts /etc/periodic/weekly\n0\t5\t1\t*\t*\trun-parts /etc/periodic/monthly\n\n', 0o600);
  b.file('/etc/fstab', '/dev/cdrom\t/media/cdrom\tiso9660\tnoauto,ro 0 0\n/dev/usbdisk\t/media/usb\tvfat\tnoauto,ro 0 0\n');
  b.file('/etc/group', ALPINE_GROUP);
  b.file('/etc/hostname', 'localhost\n');
  b.file('/etc/hosts', '127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n');
  b.dir('/etc/init.d');
  b.file('/etc/inittab', INITTAB);
  b.file('/etc/issue', 'Welcome to Alpine Linux 3.19\nKernel \\r on an \\m (\\l)\n\n');
  b.dirs(['/etc/logrotate.d', '/etc/modprobe.d']);
  b.file('/etc/modules', 'af_packet\nipv6\n');
  b.dir('/etc/modules-load.d');
  b.file('/etc/motd', MOTD);
  b.symlink('/etc/mtab', '/proc/mounts');
  b.dirs(['/etc/network', '/etc/network/if-down.d', '/etc/network/if-post-down.d', '/etc/network/if-pre-up.d', '/etc/network/if-up.d']);
  b.file('/etc/nsswitch.conf', NSSWITCH);
  b.dir('/etc/opt');
  b.symlink('/etc/os-release', '../usr/lib/os-release');
  b.file('/etc/passwd', ALPINE_PASSWD);
  b.dirs(['/etc/periodic', '/etc/periodic/15min', '/etc/periodic/daily', '/etc/periodic/hourly', '/etc/periodic/monthly', '/etc/periodic/weekly']);
  b.file('/etc/profile', PROFILE);
  b.dir('/etc/profile.d');
  b.file('/etc/profile.d/20locale.sh', LOCALE_SH);
  b.file('/etc/profile.d/README', PROFILE_D_README);
  b.dir('/etc/secfixes.d');
  b.file('/etc/shadow', alpineShadow(), 0o640, { gid: 42 });
  b.file('/etc/shells', '# valid login shells\n/bin/sh\n/bin/ash\n');
  b.dirs(['/etc/ssl', '/etc/ssl/certs']);
  b.blob('/etc/ssl/certs/ca-certificates.crt', 219_342);
  b.file('/etc/sysctl.conf', '# content of this file will override /etc/sysctl.d/*\n');
  b.dir('/etc/sysctl.d');
  b.dir('/home');
  b.dir('/lib');
  b.dirs(['/lib/apk', '/lib/apk/db', '/lib/apk/exec', '/lib/firmware']);
  b.blob('/lib/ld-musl-x86_64.so.1', 658_432, 0o755);
  b.blob('/lib/libapk.so.2.14.0', 223_952, 0o755);
  b.symlink('/lib/libc.musl-x86_64.so.1', 'ld-musl-x86_64.so.1');
  b.blob('/lib/libcrypto.so.3', 4_453_208, 0o755);
  b.blob('/lib/libssl.so.3', 661_128, 0o755);
  b.symlink('/lib/libz.so.1', 'libz.so.1.3.1');
  b.blob('/lib/libz.so.1.3.1', 100_144, 0o755);
  b.dirs(['/lib/mdev', '/lib/modules-load.d', '/lib/sysctl.d']);
  b.dirs(['/media', '/media/cdrom', '/media/floppy', '/media/usb', '/mnt', '/opt', '/proc']);
  b.dir('/root', 0o700);
  b.dir('/run');
  b.dir('/sbin');
  for (const a of ALPINE_APPLETS['/sbin']) b.symlink(`/sbin/${a}`, '/bin/busybox', appletProgram(a));
  b.bin('/sbin/apk', 'apk', 71_536);
  b.dirs(['/srv', '/sys']);
  b.dir('/tmp', 0o1777);
  b.dirs(['/usr', '/usr/bin']);
  for (const a of ALPINE_APPLETS['/usr/bin']) b.symlink(`/usr/bin/${a}`, '/bin/busybox', appletProgram(a));
  b.bin('/usr/bin/getconf', 'getconf', 38_960);
  b.bin('/usr/bin/getent', 'getent', 47_344);
  b.bin('/usr/bin/iconv', 'iconv', 22_728);
  b.bin('/usr/bin/scanelf', 'scanelf', 79_704);
  b.bin('/usr/bin/ssl_client', 'ssl_client', 14_128);
  b.dirs(['/usr/lib', '/usr/lib/engines-3', '/usr/lib/modules-load.d', '/usr/lib/ossl-modules']);
  b.file('/usr/lib/os-release', ALPINE_OS_RELEASE);
  b.dirs(['/usr/local', '/usr/local/bin', '/usr/local/lib', '/usr/local/share', '/usr/sbin']);
  for (const a of ALPINE_APPLETS['/usr/sbin']) b.symlink(`/usr/sbin/${a}`, '/bin/busybox', appletProgram(a));
  b.dirs(['/usr/share', '/usr/share/apk', '/usr/share/man', '/usr/share/misc', '/usr/share/udhcpc']);
  b.dirs(['/var', '/var/cache', '/var/cache/misc']);
  b.dir('/var/empty', 0o555);
  b.dirs(['/var/lib', '/var/lib/misc', '/var/local', '/var/lock', '/var/lock/subsys', '/var/log', '/var/mail', '/var/opt']);
  b.symlink('/var/run', '/run');
  b.dirs(['/var/spool', '/var/spool/cron']);
  b.symlink('/var/spool/cron/crontabs', '/etc/crontabs');
  b.symlink('/var/spool/mail', '/var/mail');
  b.dir('/var/tmp', 0o1777);
  return b;
}

export const ALPINE_LAYER: LayerSpec = { createdSec: 1706315456, entries: layer().entries() };

export const ALPINE_HISTORY: HistoryEntry[] = [
  { created: '2024-01-27T00:30:56Z', createdBy: 'ADD alpine-minirootfs-3.19.1-x86_64.tar.gz / # buildkit', comment: 'buildkit.dockerfile.v0' },
  { created: '2024-01-27T00:30:56Z', createdBy: 'CMD ["/bin/sh"]', comment: 'buildkit.dockerfile.v0', emptyLayer: true },
];

export const ALPINE: ImageSpec = {
  repo: 'alpine',
  tag: '3.19',
  created: '2024-01-27T00:30:56Z',
  architecture: 'amd64',
  os: 'linux',
  layers: [ALPINE_LAYER],
  history: ALPINE_HISTORY,
  config: {
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    Cmd: ['/bin/sh'],
    WorkingDir: '/',
    ArgsEscaped: true,
  },
  description: 'Alpine Linux 3.19.1: musl libc, every command a BusyBox applet (a symlink to /bin/busybox)',
};

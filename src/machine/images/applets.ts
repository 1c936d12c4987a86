// BusyBox applets: where Alpine's busybox package installs each one (`busybox --list-full` on
// alpine:3.19, BusyBox 1.36.1 with Alpine's config), and the applets of the docker-library
// busybox:1.36 image (BusyBox 1.36.1 defconfig, glibc variant), where `busybox --install /bin`
// puts every applet in /bin as a hard link of /bin/busybox.
//
// Only the applets the simulator has a program for become files (see layer.ts, `requires`);
// the lists are complete so that a program the simulator adds later appears where it belongs.

export const ALPINE_APPLETS: Record<'/bin' | '/sbin' | '/usr/bin' | '/usr/sbin', string[]> = {
  '/bin': [
    'arch', 'ash', 'base64', 'bbconfig', 'cat', 'chattr', 'chgrp', 'chmod', 'chown', 'cp', 'date', 'dd', 'df', 'dmesg',
    'dnsdomainname', 'dumpkmap', 'echo', 'ed', 'egrep', 'false', 'fatattr', 'fdflush', 'fgrep', 'fsync', 'getopt', 'grep',
    'gunzip', 'gzip', 'hostname', 'ionice', 'iostat', 'ipcalc', 'kbd_mode', 'kill', 'link', 'linux32', 'linux64', 'ln',
    'login', 'ls', 'lsattr', 'lzop', 'makemime', 'mkdir', 'mknod', 'mktemp', 'more', 'mount', 'mountpoint', 'mpstat', 'mv',
    'netstat', 'nice', 'pidof', 'ping', 'ping6', 'pipe_progress', 'printenv', 'ps', 'pwd', 'reformime', 'rev', 'rm',
    'rmdir', 'run-parts', 'sed', 'setpriv', 'setserial', 'sh', 'sleep', 'stat', 'stty', 'su', 'sync', 'tar', 'touch',
    'true', 'umount', 'uname', 'usleep', 'watch', 'zcat',
  ],
  '/sbin': [
    'acpid', 'adjtimex', 'arp', 'blkid', 'blockdev', 'depmod', 'fbsplash', 'fdisk', 'findfs', 'fsck', 'fstrim', 'getty',
    'halt', 'hwclock', 'ifconfig', 'ifdown', 'ifenslave', 'ifup', 'init', 'inotifyd', 'insmod', 'ip', 'ipaddr', 'iplink',
    'ipneigh', 'iproute', 'iprule', 'iptunnel', 'klogd', 'loadkmap', 'logread', 'losetup', 'lsmod', 'mdev', 'mkdosfs',
    'mkfs.vfat', 'mkswap', 'modinfo', 'modprobe', 'nameif', 'nologin', 'poweroff', 'raidautorun', 'reboot', 'rmmod',
    'route', 'setconsole', 'slattach', 'swapoff', 'swapon', 'switch_root', 'sysctl', 'syslogd', 'tunctl', 'udhcpc',
    'vconfig', 'watchdog',
  ],
  '/usr/bin': [
    '[', '[[', 'awk', 'basename', 'bc', 'beep', 'blkdiscard', 'bunzip2', 'bzcat', 'bzip2', 'cal', 'chvt', 'cksum', 'clear',
    'cmp', 'comm', 'cpio', 'crontab', 'cryptpw', 'cut', 'dc', 'deallocvt', 'diff', 'dirname', 'dos2unix', 'du', 'eject',
    'env', 'expand', 'expr', 'factor', 'fallocate', 'find', 'flock', 'fold', 'free', 'fuser', 'groups', 'hd', 'head',
    'hexdump', 'hostid', 'id', 'install', 'ipcrm', 'ipcs', 'killall', 'last', 'less', 'logger', 'lsof', 'lsusb', 'lzcat',
    'lzma', 'lzopcat', 'md5sum', 'mesg', 'microcom', 'mkfifo', 'mkpasswd', 'nc', 'nl', 'nmeter', 'nohup', 'nproc',
    'nsenter', 'nslookup', 'od', 'openvt', 'passwd', 'paste', 'pgrep', 'pkill', 'pmap', 'printf', 'pscan', 'pstree',
    'pwdx', 'readlink', 'realpath', 'renice', 'reset', 'resize', 'seq', 'setkeycodes', 'setsid', 'sha1sum', 'sha256sum',
    'sha3sum', 'sha512sum', 'showkey', 'shred', 'shuf', 'sort', 'split', 'strings', 'sum', 'tac', 'tail', 'tee', 'test',
    'time', 'timeout', 'top', 'tr', 'traceroute', 'traceroute6', 'tree', 'truncate', 'tty', 'ttysize', 'udhcpc6',
    'unexpand', 'uniq', 'unix2dos', 'unlink', 'unlzma', 'unlzop', 'unshare', 'unxz', 'unzip', 'uptime', 'uudecode',
    'uuencode', 'vi', 'vlock', 'volname', 'wc', 'wget', 'which', 'whoami', 'whois', 'xargs', 'xxd', 'xzcat', 'yes',
  ],
  '/usr/sbin': [
    'add-shell', 'addgroup', 'adduser', 'arping', 'brctl', 'chpasswd', 'chroot', 'crond', 'delgroup', 'deluser',
    'ether-wake', 'fbset', 'killall5', 'loadfont', 'nanddump', 'nandwrite', 'nbd-client', 'ntpd', 'partprobe', 'rdate',
    'rdev', 'readahead', 'readprofile', 'remove-shell', 'rfkill', 'sendmail', 'setfont', 'setlogcons',
  ],
};

/** Applets Alpine enables that the upstream defconfig leaves out. */
const ALPINE_ONLY = new Set(['bbconfig', 'tree']);
/** Applets of the upstream defconfig (and the docker-library build's extra ar/inotifyd) that Alpine leaves out. */
const DEFCONFIG_EXTRA = [
  'ar', 'chrt', 'devmem', 'fgconsole', 'ftpget', 'ftpput', 'httpd', 'hush', 'i2cdetect', 'i2cdump', 'i2cget', 'i2cset',
  'i2ctransfer', 'inetd', 'linuxrc', 'lpd', 'lpq', 'lpr', 'lsscsi', 'makedevs', 'man', 'mim', 'mt', 'pivot_root',
  'rpm', 'rpm2cpio', 'runlevel', 'rx', 'script', 'scriptreplay', 'setarch', 'sulogin', 'svc', 'svok', 'taskset',
  'tcpsvd', 'telnet', 'telnetd', 'tftp', 'tftpd', 'ts', 'ubiattach', 'ubidetach', 'ubimkvol', 'ubirename', 'ubirmvol',
  'ubirsvol', 'ubiupdatevol', 'udhcpd', 'udpsvd', 'uevent', 'users', 'w', 'wall', 'who', 'zcip',
];

/** Every applet of the docker-library busybox:1.36 image, sorted as `busybox --list` prints them. */
export const BUSYBOX_IMAGE_APPLETS: string[] = [
  ...new Set([...Object.values(ALPINE_APPLETS).flat().filter((a) => !ALPINE_ONLY.has(a)), ...DEFCONFIG_EXTRA]),
].sort();

/** Every applet name either busybox build knows (what the multi-call binary answers to). */
export const ALL_APPLETS: ReadonlySet<string> = new Set([...Object.values(ALPINE_APPLETS).flat(), ...BUSYBOX_IMAGE_APPLETS]);

/**
 * The simulator program an applet runs. BusyBox ash is not modelled: `sh` and `ash` run the
 * simulator's shell in sh mode (bash-compatible, messages prefixed "sh:"); every other applet
 * runs the simulator's program of the same name, whose options and output formats are those of
 * the Debian (GNU, procps-ng, util-linux) tools, not BusyBox's shorter ones.
 */
export function appletProgram(applet: string): string {
  return applet === 'ash' ? 'sh' : applet;
}

// busybox:1.36 — the docker-library image (BusyBox 1.36.1, glibc variant, the default since
// 2022), one layer built by docker-library/busybox's Dockerfile.builder: /bin/busybox with every
// applet installed next to it as a hard link (`busybox --install /bin`), the glibc libraries it
// needs in /lib (/lib64 -> lib), /etc/passwd, group and shadow from buildroot's skeleton (root's
// password locked: `root:*`), /etc/localtime (UTC), /etc/nsswitch.conf from Debian, the
// directories of buildroot's device_table, and the users' home directories the Dockerfile
// creates. The image has no /proc, /sys, /etc/hostname, /etc/hosts or /etc/resolv.conf: Docker's
// init layer adds them to a container; by hand, `mkdir` them in the upper layer.
import { LayerBuilder } from './layer';
import type { ImageSpec } from './spec';
import { BUSYBOX_IMAGE_APPLETS, appletProgram } from './applets';

const PASSWD = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
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
kmem:x:9:
wheel:x:10:root
cdrom:x:11:
dialout:x:18:
floppy:x:19:
video:x:28:
audio:x:29:
tape:x:32:
www-data:x:33:
operator:x:37:
utmp:x:43:
plugdev:x:46:
staff:x:50:
lock:x:54:
netdev:x:82:
users:x:100:
nobody:x:65534:
`;

const SHADOW = `root:*:::::::
daemon:*:::::::
bin:*:::::::
sys:*:::::::
sync:*:::::::
mail:*:::::::
www-data:*:::::::
operator:*:::::::
nobody:*:::::::
`;

/** Debian 12's /etc/nsswitch.conf (copied into the image so glibc's DNS lookups work). */
export const DEBIAN_NSSWITCH = `# /etc/nsswitch.conf
#
# Example configuration of GNU Name Service Switch functionality.
# If you have the \`glibc-doc-reference' and \`info' packages installed, try:
# \`info libc "Name Service Switch"' for information about this file.

passwd:         files
group:          files
shadow:         files
gshadow:        files

hosts:          files dns
networks:       files

protocols:      db files
services:       db files
ethers:         db files
rpc:            db files

netgroup:       nis
`;

/** /usr/share/zoneinfo/UTC (TZif version 2, 114 bytes): one type, UTC, no transitions. */
export function tzifUtc(): Uint8Array {
  const header = (): number[] => {
    const h = [0x54, 0x5a, 0x69, 0x66, 0x32, ...new Array<number>(15).fill(0)];
    // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt (big-endian 32-bit)
    for (const n of [0, 0, 0, 0, 1, 4]) h.push(0, 0, 0, n);
    return h;
  };
  // ttinfo: utoff 0, isdst 0, desigidx 0; then the designation "UTC\0"
  const body = [0, 0, 0, 0, 0, 0, 0x55, 0x54, 0x43, 0];
  const footer = [0x0a, 0x55, 0x54, 0x43, 0x30, 0x0a];
  return new Uint8Array([...header(), ...body, ...header(), ...body, ...footer]);
}

function layer(): LayerBuilder {
  const b = new LayerBuilder();
  b.dir('/bin');
  b.bin('/bin/busybox', 'busybox', 1_131_168);
  for (const a of BUSYBOX_IMAGE_APPLETS) if (a !== 'busybox') b.link(`/bin/${a}`, '/bin/busybox', appletProgram(a));
  // Debian's getconf, copied in by the Dockerfile (not a simulator program: absent)
  b.bin('/bin/getconf', 'getconf', 35_336);
  b.dir('/dev');
  b.dir('/etc');
  b.file('/etc/group', GROUP);
  b.file('/etc/localtime', tzifUtc());
  b.dirs(['/etc/network', '/etc/network/if-down.d', '/etc/network/if-post-down.d', '/etc/network/if-pre-up.d', '/etc/network/if-up.d']);
  b.file('/etc/nsswitch.conf', DEBIAN_NSSWITCH);
  b.file('/etc/passwd', PASSWD);
  b.file('/etc/shadow', SHADOW, 0o600);
  b.dir('/home', 0o755, { uid: 65534, gid: 65534 });
  b.dir('/lib');
  b.blob('/lib/ld-linux-x86-64.so.2', 210_968, 0o755);
  b.blob('/lib/libc.so.6', 1_922_136, 0o755);
  b.blob('/lib/libm.so.6', 907_784);
  b.blob('/lib/libnss_compat.so.2', 43_960);
  b.blob('/lib/libnss_dns.so.2', 14_344);
  b.blob('/lib/libnss_files.so.2', 14_344);
  b.blob('/lib/libnss_hesiod.so.2', 22_600);
  b.blob('/lib/libpthread.so.0', 14_480);
  b.blob('/lib/libresolv.so.2', 68_104);
  b.symlink('/lib64', 'lib');
  b.dir('/root', 0o700);
  b.dir('/tmp', 0o1777);
  b.dirs(['/usr', '/usr/bin']);
  b.symlink('/usr/bin/env', '../../bin/env', 'env');
  b.dir('/usr/sbin', 0o755, { uid: 1, gid: 1 });
  b.dirs(['/var', '/var/spool']);
  b.dir('/var/spool/mail', 0o755, { uid: 8, gid: 8 });
  b.dir('/var/www');
  return b;
}

export const BUSYBOX: ImageSpec = {
  repo: 'busybox',
  tag: '1.36',
  created: '2023-05-18T22:34:17Z',
  architecture: 'amd64',
  os: 'linux',
  layers: [{ createdSec: 1684449257, entries: layer().entries() }],
  history: [{ created: '2023-05-18T22:34:17Z', createdBy: 'BusyBox 1.36.1 (glibc), Debian 12' }],
  config: {
    Cmd: ['sh'],
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
  },
  description: 'BusyBox 1.36.1: one multi-call binary, every applet a hard link of /bin/busybox',
};

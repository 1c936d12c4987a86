// util-linux 2.38 (Debian 12): dmesg, the namespace tools (unshare, nsenter, lsns), mount/umount and
// pivot_root.
import type { BuiltinProgram } from '../lib/registry';
import { dmesg } from './dmesg';
import { unshare } from './unshare';
import { nsenter } from './nsenter';
import { lsns } from './lsns';
import { mount, umount } from './mount';
import { pivotRoot } from './pivot_root';
import { MAN } from './man-texts';

export const programs: BuiltinProgram[] = [
  { name: 'dmesg', main: dmesg, vszKb: 3168, rssKb: 2100, paths: ['/usr/bin/dmesg'], man: MAN['dmesg'] },
  { name: 'unshare', main: unshare, vszKb: 2960, rssKb: 1816, paths: ['/usr/bin/unshare'], man: MAN['unshare'] },
  { name: 'nsenter', main: nsenter, vszKb: 3712, rssKb: 2136, paths: ['/usr/bin/nsenter'], man: MAN['nsenter'] },
  { name: 'lsns', main: lsns, vszKb: 4752, rssKb: 3056, paths: ['/usr/bin/lsns'], man: MAN['lsns'] },
  { name: 'mount', main: mount, vszKb: 4488, rssKb: 2772, paths: ['/usr/bin/mount'], man: MAN['mount'] },
  { name: 'umount', main: umount, vszKb: 4468, rssKb: 2804, paths: ['/usr/bin/umount'], man: MAN['umount'] },
  { name: 'pivot_root', main: pivotRoot, vszKb: 2896, rssKb: 1840, paths: ['/usr/sbin/pivot_root'], man: MAN['pivot_root'] },
];

// attr 2.5.1 (Debian 12): getfattr and setfattr, the extended-attribute tools (overlayfs keeps its
// opaque directories and redirects in trusted.overlay.* attributes of the upper layer).
import type { BuiltinProgram } from '../lib/registry';
import { getfattr } from './getfattr';
import { setfattr } from './setfattr';
import { MAN } from './texts';

export const programs: BuiltinProgram[] = [
  { name: 'getfattr', main: getfattr, vszKb: 2864, rssKb: 1928, paths: ['/usr/bin/getfattr'], man: MAN['getfattr'] },
  { name: 'setfattr', main: setfattr, vszKb: 2860, rssKb: 1732, paths: ['/usr/bin/setfattr'], man: MAN['setfattr'] },
];

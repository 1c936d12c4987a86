/* eslint-disable no-restricted-globals -- host-side dev tool, never bundled into the lab */
// Dev tool: run our ps and the host's real procps ps on the same fake /proc, and diff.
//   npx tsx src/userland/procps/test-helpers/compare.ts aux
// Needs root + unshare(1) (a private mount namespace bind-mounts the fake tree over /proc).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, symlinkSync, rmSync, readFileSync } from 'node:fs';
import { FakeKernel } from './fakeproc';
import { labScenario } from './scenario';
import { ps } from '../ps';
import { free } from '../free';
import { uptime } from '../uptime';
import { kill } from '../kill';
import { top } from '../top';
import { pgrep, pkill } from '../pgrep';
import { sys } from '../../lib/sys';

const prog = process.env.PROG ?? 'ps';
const args = process.argv.slice(2);
const realNow = Math.floor(Date.now() / 1000);
const base = labScenario();
base.passwd = readFileSync('/etc/passwd', 'utf8');
base.extraFiles = { '/proc/cpuinfo': readFileSync('/proc/cpuinfo', 'utf8'), '/proc/sys/kernel/osrelease': readFileSync('/proc/sys/kernel/osrelease', 'utf8') };
// make btime consistent with the host clock so START/STIME agree
base.btime = realNow - Math.floor(base.uptimeCs / 100);
const k = new FakeKernel(base);
const root = '/dev/shm/fakeproc-root';
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
// tmpfs lists a directory newest-first: create entries in descending order so that readdir
// returns ascending pids, as procfs does
const entries = [...k.files.entries()].filter(([p]) => p.startsWith('/proc'));
const key = (p: string) => p.split('/').map((c) => (/^[0-9]+$/.test(c) ? c.padStart(10, '0') : c)).join('/');
entries.sort((a, b) => (key(a[0]) < key(b[0]) ? 1 : -1));
entries.sort((a, b) => a[0].split('/').length - b[0].split('/').length);
for (const [p, n] of entries) {
  const dst = root + p.slice('/proc'.length);
  if (n.kind === 'dir') mkdirSync(dst, { recursive: true });
}
for (const [p, n] of k.files) {
  if (!p.startsWith('/proc')) continue;
  const dst = root + p.slice('/proc'.length);
  if (n.kind === 'file') writeFileSync(dst, n.data);
  if (n.kind === 'link') symlinkSync(n.target, dst);
}
const envp = [...(process.env.COLUMNS ? [`COLUMNS=${process.env.COLUMNS}`] : []), ...(process.env.LANG ? [`LANG=${process.env.LANG}`] : [])];
const progs: Record<string, (a: string[]) => ReturnType<typeof ps>> = {
  ps: (a) => ps(sys, a, envp),
  free: (a) => free(sys, a),
  uptime: (a) => uptime(sys, a),
  kill: (a) => kill(sys, a),
  top: (a) => top(sys, a, envp),
  pgrep: (a) => pgrep(sys, a),
  pkill: (a) => pkill(sys, a),
};
const base0 = prog.slice(prog.lastIndexOf('/') + 1);
const status = k.run(progs[base0]!([prog, ...args]));
const ours = k.stdout + k.stderr + `[exit ${status}]\n`;
let real: string;
const q = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
try {
  real = execFileSync('unshare', ['-m', '-p', '-f', '--mount-proc', 'bash', '-c', `mkdir -p /tmp/realproc; mount -t proc proc /tmp/realproc; mount -t tmpfs none /dev/pts; mknod /dev/pts/0 c 136 0; mknod /dev/pts/1 c 136 1; mount --bind ${root} /proc; echo ${base.self - 1} > /tmp/realproc/sys/kernel/ns_last_pid; ${prog} ${q} 2>&1; echo "[exit $?]"`], { encoding: 'utf8' });
} catch (e) {
  real = String(e);
}
if (ours === real) console.log('SAME\n' + ours);
else {
  console.log('--- real\n' + real + '--- ours\n' + ours);
}

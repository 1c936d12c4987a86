/* eslint-disable no-restricted-globals -- host-side dev tool, never bundled into the lab */
// Dev tool: record what the host's REAL procps/psmisc tools print for the fake /proc of
// scenario.ts (bind-mounted over /proc in private mount+pid namespaces), into
// ../__fixtures__/real-outputs.json. procps.test.ts replays the same cases through our programs.
//   sudo npx tsx src/userland/procps/test-helpers/make-goldens.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, symlinkSync, rmSync, readFileSync, chownSync } from 'node:fs';
import { FakeKernel } from './fakeproc';
import { labScenario } from './scenario';
import { CASES } from './cases';

const realNow = Math.floor(Date.now() / 1000);
const base = labScenario();
base.btime = realNow - Math.floor(base.uptimeCs / 100);
base.extraFiles = {
  '/proc/cpuinfo': readFileSync('/proc/cpuinfo', 'utf8'),
  '/proc/sys/kernel/osrelease': readFileSync('/proc/sys/kernel/osrelease', 'utf8'),
};
const k = new FakeKernel(base);
const root = '/dev/shm/fakeproc-root';
writeFileSync('/dev/shm/fakeproc-passwd', k.files.get('/etc/passwd')!.kind === 'file' ? (k.files.get('/etc/passwd') as { data: string }).data : '');
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
const entries = [...k.files.entries()].filter(([p]) => p.startsWith('/proc'));
const key = (p: string) => p.split('/').map((c) => (/^[0-9]+$/.test(c) ? c.padStart(10, '0') : c)).join('/');
entries.sort((a, b) => (key(a[0]) < key(b[0]) ? 1 : -1));
entries.sort((a, b) => a[0].split('/').length - b[0].split('/').length);
for (const [p, n] of entries) if (n.kind === 'dir') mkdirSync(root + p.slice(5), { recursive: true });
for (const [p, n] of entries) {
  if (n.kind === 'file') writeFileSync(root + p.slice(5), n.data);
  if (n.kind === 'link') symlinkSync(n.target, root + p.slice(5));
}
// /proc/PID is owned by the process's euid on Linux (top and pgrep -u look at that)
for (const p of base.procs) {
  const uid = p.uid ?? 0;
  chownSync(`${root}/${p.pid}`, uid, uid);
  for (const t of p.threads ?? [p.pid]) chownSync(`${root}/${p.pid}/task/${t}`, uid, uid);
}
const out: Array<{ prog: string; args: string[]; env: string[]; out: string }> = [];
for (const c of CASES) {
  const q = c.args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const envs = (c.env ?? []).join(' ');
  const script =
    'mkdir -p /tmp/realproc; mount -t proc proc /tmp/realproc; mount -t tmpfs none /dev/pts; ' +
    'mknod /dev/pts/0 c 136 0; mknod /dev/pts/1 c 136 1; ' +
    `mount --bind /dev/shm/fakeproc-passwd /etc/passwd; mount --bind ${root} /proc; echo ${base.self - 1} > /tmp/realproc/sys/kernel/ns_last_pid; ` +
    `${envs} ${c.real ?? c.prog} ${q} 2>&1; echo "[exit $?]"`;
  const text = execFileSync('unshare', ['-m', '-p', '-f', '--mount-proc', 'env', '-i', 'PATH=/usr/bin:/bin', 'bash', '-c', script], { encoding: 'utf8' });
  out.push({ prog: c.prog, args: c.args, env: c.env ?? [], out: text });
}
mkdirSync(new URL('../__fixtures__/', import.meta.url).pathname, { recursive: true });
writeFileSync(
  new URL('../__fixtures__/real-outputs.json', import.meta.url).pathname,
  JSON.stringify({ note: 'Recorded from Debian 12 procps-ng 4.0.2 / psmisc 23.6 / coreutils 9.1 on the fake /proc of test-helpers/scenario.ts', btime: base.btime, passwd: base.passwd, cases: out }, null, 1) + '\n',
);
console.log(`recorded ${out.length} cases`);

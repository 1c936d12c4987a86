// execve (fs/exec.c): resolve the file through the VFS, check it is a regular executable file,
// and load it. Binaries are files whose first line is `#!builtin NAME` (a program of the
// simulator); `#!/path/interp [arg]` scripts run their interpreter (binfmt_script); anything else
// is ENOEXEC (the shell then runs it as a script itself, as bash does).
import type { Kernel } from '../kernel';
import { type Task, SIG_DFL_ACTION } from './task';
import { resolve } from '../fs/namei';
import { permission } from '../fs/perm';
import { closeOnExec } from '../fs/vfs';
import { X_OK } from '../abi/flags';
import { EACCES, ENOEXEC, ELOOP, E2BIG } from '../abi/errno';
import { fromUtf8 } from '../lib/text';
import type { Path } from '../fs/path';
import type { BuiltinImage } from '../syscall/api';
import { SIGKILL } from '../abi/signal';
import { doExit } from './exit';
import { noteState } from './state';

/** Linux's MAX_ARG_STRLEN-ish bound on argv+envp we accept (ARG_MAX is 2 MiB with 8 MiB stack). */
const ARG_MAX = 2 * 1024 * 1024;
const BINPRM_BUF_SIZE = 256;

interface Loaded {
  image: BuiltinImage;
  exe: Path;
  argv: string[];
}

function load(k: Kernel, t: Task, path: string, argv: string[], depth: number): Loaded | number {
  if (depth > 4) return -ELOOP;
  const p = resolve(t.fs, t.cred, path, true);
  if (typeof p === 'number') return p;
  const ino = p.inode;
  if (!ino.isReg()) return -EACCES;
  if (!permission(ino, X_OK, t.cred)) return -EACCES;
  if (p.mnt.flags.includes('noexec')) return -EACCES;
  const head = fromUtf8(ino.data ? ino.data.read(0, BINPRM_BUF_SIZE) : new Uint8Array(0));
  if (!head.startsWith('#!')) return -ENOEXEC;
  const nl = head.indexOf('\n');
  const line = (nl >= 0 ? head.slice(2, nl) : head.slice(2)).trim();
  const m = /^(\S+)(?:\s+(.*))?$/.exec(line);
  if (!m) return -ENOEXEC;
  const interp = m[1]!;
  if (interp === 'builtin') {
    const image = k.builtins.get((m[2] ?? '').trim());
    if (!image) return -ENOEXEC;
    return { image, exe: p, argv };
  }
  // binfmt_script: interp [optional-arg] path args...
  const nargv = [interp, ...(m[2] !== undefined ? [m[2]] : []), path, ...argv.slice(1)];
  return load(k, t, interp, nargv, depth + 1);
}

/** execve(). On success the task runs the new program from its start; returns -errno otherwise. */
export function doExecve(k: Kernel, t: Task, path: string, argv: string[], envp: string[]): number | 'ok' {
  let size = 0;
  for (const s of argv) size += s.length + 1;
  for (const s of envp) size += s.length + 1;
  if (size > ARG_MAX) return -E2BIG;
  const r = load(k, t, path, argv, 0);
  if (typeof r === 'number') return r;
  // de_thread(): other threads die
  for (const th of [...t.groupLeader.threads]) {
    if (th !== t && th.alive) {
      th.pending |= 1 << (SIGKILL - 1);
      doExit(k, th, SIGKILL);
    }
  }
  // the point of no return: a descriptor table shared with other threads is unshared first
  if (t.files.users > 1) {
    t.files.users--;
    t.files = t.files.clone();
  }
  closeOnExec(k, t);
  if (t.mm.users > 1) {
    t.mm.users--;
    t.mm = t.mm.clone();
    t.mm.users = 1;
  }
  t.mm.setImage(r.image, r.image.vszKb, r.image.rssKb);
  // handlers are reset to default; ignored signals stay ignored (POSIX)
  t.sig.actions = t.sig.actions.map((a) => (a.handler === 'ignore' ? a : SIG_DFL_ACTION));
  // comm is the basename of the file execve() was given (a script's own name, not its interpreter's)
  const name = path.slice(path.lastIndexOf('/') + 1);
  t.comm = name.slice(0, 15);
  t.argv = r.argv;
  t.envp = envp;
  t.exe = r.exe;
  t.image = r.image;
  t.forkNoExec = false;
  t.frames = [{ gen: r.image.main(k.programSys, r.argv, envp), kind: 'main' }];
  t.resume = undefined;
  t.wait = null;
  if (t.vforkParent) releaseVforkParent(k, t);
  if (k.trace.active) k.trace.emit({ type: 'exec', timeNs: k.timers.now, pid: t.tgid.vnr, comm: t.comm });
  return 'ok';
}

/** A vfork child that execs or exits lets its parent run again. */
export function releaseVforkParent(k: Kernel, child: Task): void {
  const p = child.vforkParent;
  child.vforkParent = null;
  if (!p) return;
  p.inVfork = false;
  // the completion lives on the child (doFork: c.vforkDone), the parent sleeps on it
  child.vforkDone?.wakeAll();
  child.vforkDone = null;
  if (k.trace.active) noteState(k, p);
}


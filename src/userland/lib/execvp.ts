// execvp(3): run a command by name, searching PATH from the given environment like glibc.
import type { Sys, SysCall } from '../../kernel/syscall';
import { EACCES, ENOENT, ENOTDIR, ENOEXEC } from '../../kernel/syscall';

/** The value of NAME in an envp array, or undefined. */
export function envGet(envp: readonly string[], name: string): string | undefined {
  const p = name + '=';
  for (let i = envp.length - 1; i >= 0; i--) if (envp[i]!.startsWith(p)) return envp[i]!.slice(p.length);
  return undefined;
}

/**
 * execvp: a name containing '/' is executed as is; otherwise each PATH entry is tried (PATH unset:
 * glibc's default "/bin:/usr/bin"). Returns only on failure, with -errno: -EACCES if some candidate
 * was not executable, else the last error (normally -ENOENT).
 */
export function* execvp(sys: Sys, file: string, argv: string[], envp: string[]): SysCall<number> {
  if (file === '') return -ENOENT;
  if (file.includes('/')) return yield* sys.execve(file, argv, envp);
  const path = envGet(envp, 'PATH') ?? '/bin:/usr/bin';
  let sawEacces = false;
  let last = -ENOENT;
  for (const dir of path.split(':')) {
    const full = (dir === '' ? '.' : dir) + '/' + file;
    const r = yield* sys.execve(full, argv, envp);
    if (r === -EACCES) sawEacces = true;
    else if (r === -ENOEXEC) {
      // a script without #!: glibc runs it with /bin/sh
      return yield* sys.execve('/bin/sh', [argv[0] ?? file, full, ...argv.slice(1)], envp);
    } else if (r !== -ENOENT && r !== -ENOTDIR) return r;
    last = r;
  }
  return sawEacces ? -EACCES : last;
}

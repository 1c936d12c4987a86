// pivot_root (util-linux 2.38.1): pivot_root(2) with the two operands as given, nothing more
// (no chdir, no chroot). Any failure is err(3)'s "failed to change root from `A' to `B': ..."
// with exit status 1; anything but exactly two arguments is "bad usage".
import type { Sys, Program } from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { getopt, isGetoptError } from '../lib/getopt';
import { shortName, warnx, warnErrno, usageError, helpText, versionText } from './unshare';

export function* pivotRoot(sys: Sys, argv: string[], _envp: string[]): Program {
  const prog = shortName(argv[0], 'pivot_root');
  const args = argv.slice(1);
  const p = getopt(args, 'Vh', [
    { name: 'version', arg: 'none', key: 'V' },
    { name: 'help', arg: 'none', key: 'h' },
  ]);
  // options act in order, so an earlier --help or --version wins over a later bad option
  for (const [k] of p.opts) {
    if (k === 'V') {
      yield* writeAll(sys, 1, versionText('pivot_root', prog));
      return 0;
    }
    if (k === 'h') {
      yield* writeAll(sys, 1, helpText('pivot_root', prog));
      return 0;
    }
  }
  if (isGetoptError(p)) return yield* usageError(sys, argv[0] ?? prog, prog, p.message);
  // the real tool checks argc itself, so "--" counts as an argument
  if (argv.length !== 3) {
    yield* warnx(sys, prog, 'bad usage');
    yield* writeAll(sys, 2, `Try '${prog} --help' for more information.\n`);
    return 1;
  }
  const [newRoot, putOld] = p.operands.length === 2 ? (p.operands as [string, string]) : [argv[1]!, argv[2]!];
  const r = yield* sys.pivot_root(newRoot, putOld);
  if (r < 0) {
    yield* warnErrno(sys, prog, `failed to change root from \`${newRoot}' to \`${putOld}'`, -r);
    return 1;
  }
  return 0;
}

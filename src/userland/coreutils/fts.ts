// A small gnulib fts(3) for chmod, chown and chgrp: walks each operand in directory (getdents)
// order and reports entries the way fts_read does — FTS_D before a directory's children, FTS_DP
// after them, FTS_SL for a symbolic link that is not followed, FTS_SLNONE for a followed one that
// dangles, FTS_NS when stat fails, FTS_DNR when a directory cannot be read. Like fts_build, a
// directory is read whole and closed before its entries are visited (so `du /proc/self/fd`
// cannot stat the descriptor that read it, as on Linux).
import type { Stat, SysCall } from '../../kernel/syscall';
import { O_RDONLY, O_DIRECTORY, S_IFMT, S_IFDIR, S_IFLNK } from '../../kernel/syscall';
import type { Ctx } from './common';
import { joinPath } from './common';

export type FtsInfo = 'F' | 'D' | 'DP' | 'SL' | 'SLNONE' | 'NS' | 'DNR';

export interface FtsEnt {
  /** the name as built from the operand ("d/sub/f"), what diagnostics print */
  path: string;
  info: FtsInfo;
  /** stat of the entry (of the referent when followed); undefined for NS */
  st: Stat | undefined;
  /** errno for NS and DNR */
  errno: number;
  /** 0 for an operand */
  level: number;
}

export interface FtsOpts {
  /** FTS_COMFOLLOW: follow symbolic links named as operands */
  comfollow: boolean;
  /** FTS_LOGICAL: follow every symbolic link */
  logical: boolean;
  /** descend into directories */
  recurse: boolean;
}

/** The visitor returns false for a failure; `skip` (FTS_SKIP) keeps the walk out of a directory. */
export type FtsVisit = (e: FtsEnt) => SysCall<{ ok: boolean; skip?: boolean }>;

const isDirMode = (st: Stat): boolean => (st.mode & S_IFMT) === S_IFDIR;
const isLnkMode = (st: Stat): boolean => (st.mode & S_IFMT) === S_IFLNK;

/** Walk one operand; returns false if any visit failed. */
export function* ftsWalk(ctx: Ctx, operand: string, o: FtsOpts, visit: FtsVisit): SysCall<boolean> {
  return yield* walkOne(ctx, operand, 0, o, visit);
}

function* walkOne(ctx: Ctx, path: string, level: number, o: FtsOpts, visit: FtsVisit): SysCall<boolean> {
  const sys = ctx.sys;
  const follow = o.logical || (level === 0 && o.comfollow);
  let st: Stat | number = follow ? yield* sys.stat(path) : yield* sys.lstat(path);
  let info: FtsInfo;
  let errno = 0;
  if (typeof st === 'number') {
    errno = -st;
    const l = follow ? yield* sys.lstat(path) : st;
    if (typeof l !== 'number' && isLnkMode(l)) {
      info = 'SLNONE';
      st = l;
    } else info = 'NS';
  } else if (isDirMode(st)) info = 'D';
  else if (isLnkMode(st)) info = 'SL';
  else info = 'F';
  const stat = typeof st === 'number' ? undefined : st;
  const r = yield* visit({ path, info, st: stat, errno, level });
  let ok = r.ok;
  if (info !== 'D' || r.skip || !o.recurse) return ok;
  const fd = yield* sys.open(path, O_RDONLY | O_DIRECTORY);
  const ents = fd < 0 ? fd : yield* sys.getdents(fd);
  if (fd >= 0) yield* sys.close(fd);
  if (typeof ents === 'number') {
    const rr = yield* visit({ path, info: 'DNR', st: stat, errno: -ents, level });
    return ok && rr.ok;
  }
  for (const e of ents) {
    if (e.name === '.' || e.name === '..') continue;
    if (!(yield* walkOne(ctx, joinPath(path, e.name), level + 1, o, visit))) ok = false;
  }
  const post = yield* visit({ path, info: 'DP', st: stat, errno: 0, level });
  return ok && post.ok;
}

// What getfattr and setfattr share (attr 2.5.1's libmisc): quote()/unquote() of names, the
// "No such attribute" reading of ENODATA, the walk_tree() both tools' recursion follows, and an
// output buffer of raw bytes (attribute values are bytes, not text).
import type { Sys, SysCall, Stat } from '../../kernel/syscall';
import { ENODATA, S_IFMT, S_IFDIR, S_IFLNK, O_RDONLY, O_DIRECTORY, ENOENT, ENOTDIR, strerror } from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { encode } from '../lib/text';

/** basename(argv[0]) */
export function progName(argv0: string | undefined, dflt: string): string {
  const a = (argv0 ?? dflt).replace(/\/+$/, '');
  return a.slice(a.lastIndexOf('/') + 1) || dflt;
}

/** strerror_ea(): the kernel's ENODATA is ENOATTR to these tools. */
export function strerrorEa(errno: number): string {
  return errno === ENODATA ? 'No such attribute' : strerror(errno);
}

/** libmisc quote(): '\\' and each of `chars` as a three-digit octal escape. */
export function quote(s: string, chars: string): string {
  let out = '';
  for (const ch of s) {
    if (ch === '\\' || chars.includes(ch)) out += '\\' + ch.charCodeAt(0).toString(8).padStart(3, '0');
    else out += ch;
  }
  return out;
}

/** libmisc unquote(): "\\ooo" back to the character. */
export function unquote(s: string): string {
  return s.replace(/\\([0-7])([0-7])([0-7])/g, (_m, a: string, b: string, c: string) =>
    String.fromCharCode((Number(a) << 6) + (Number(b) << 3) + Number(c)),
  );
}

/** Bytes collected for stdout, written in one go per file. */
export class ByteOut {
  private chunks: Uint8Array[] = [];
  private len = 0;
  constructor(private readonly sys: Sys) {}
  add(x: string | Uint8Array): void {
    const b = typeof x === 'string' ? encode(x) : x;
    this.chunks.push(b);
    this.len += b.length;
  }
  *flush(): SysCall<void> {
    if (this.len === 0) return;
    const all = new Uint8Array(this.len);
    let off = 0;
    for (const c of this.chunks) {
      all.set(c, off);
      off += c.length;
    }
    this.chunks = [];
    this.len = 0;
    yield* writeAll(this.sys, 1, all);
  }
}

export const WALK_RECURSIVE = 0x1;
export const WALK_PHYSICAL = 0x2;
export const WALK_LOGICAL = 0x4;
export const WALK_DEREFERENCE = 0x8;
export const WALK_ONE_FILESYSTEM = 0x20;
export const WALK_TOPLEVEL = 0x100;
export const WALK_SYMLINK = 0x200;
export const WALK_FAILED = 0x400;

export type WalkFunc = (path: string, st: Stat | undefined, flags: number, errno: number) => SysCall<number>;

const isDir = (st: Stat): boolean => (st.mode & S_IFMT) === S_IFDIR;
const isLnk = (st: Stat): boolean => (st.mode & S_IFMT) === S_IFLNK;

/** libmisc walk_tree(): pre-order, directory order, symlinks followed as the flags say. */
export function* walkTree(sys: Sys, path: string, walkFlags: number, func: WalkFunc): SysCall<number> {
  const visited: string[] = [];
  let dev0 = -1;
  const rec = function* (p: string, depth: number): SysCall<number> {
    const follow = (walkFlags & WALK_LOGICAL) !== 0 ||
      ((walkFlags & WALK_DEREFERENCE) !== 0 && !(walkFlags & WALK_PHYSICAL) && depth === 0);
    let flags = walkFlags;
    if (depth === 0) flags |= WALK_TOPLEVEL;
    const l = yield* sys.lstat(p);
    if (typeof l === 'number') return yield* func(p, undefined, flags | WALK_FAILED, -l);
    let st: Stat = l;
    if (flags & WALK_ONE_FILESYSTEM) {
      if (dev0 === -1) dev0 = st.dev;
      else if (st.dev !== dev0) return 0;
    }
    let dirKey: string | undefined;
    if (isLnk(st)) {
      flags |= WALK_SYMLINK;
      if (flags & WALK_DEREFERENCE) {
        const s = yield* sys.stat(p);
        if (typeof s === 'number') return yield* func(p, undefined, flags | WALK_FAILED, -s);
        st = s;
        dirKey = `${st.dev}:${st.ino}`;
      }
    } else if (isDir(st)) dirKey = `${st.dev}:${st.ino}`;
    let err = yield* func(p, st, flags, 0);
    if (flags & WALK_RECURSIVE && ((!(flags & WALK_SYMLINK) && isDir(st)) || (flags & WALK_SYMLINK && follow))) {
      if (dirKey && visited.includes(dirKey)) return err;
      const fd = yield* sys.open(p, O_RDONLY | O_DIRECTORY);
      if (fd < 0) {
        if (fd !== -ENOTDIR && fd !== -ENOENT) err += yield* func(p, undefined, flags | WALK_FAILED, -fd);
        return err;
      }
      const ents = yield* sys.getdents(fd);
      if (typeof ents === 'number') {
        yield* sys.close(fd);
        return err + (yield* func(p, undefined, flags | WALK_FAILED, -ents));
      }
      if (!dirKey) {
        const s = yield* sys.stat(p);
        const key = typeof s === 'number' ? undefined : `${s.dev}:${s.ino}`;
        if (!key || visited.includes(key)) {
          yield* sys.close(fd);
          return err;
        }
        dirKey = key;
      }
      visited.push(dirKey);
      // the directory stays open while its entries are visited, as walk_tree keeps its DIR
      for (const e of ents) {
        if (e.name === '.' || e.name === '..') continue;
        err += yield* rec(`${p}/${e.name}`, depth + 1);
      }
      visited.pop();
      yield* sys.close(fd);
    }
    return err;
  };
  return yield* rec(path, 0);
}

// du and df (coreutils 9.1): du walks the tree and adds up st_blocks (or st_size with
// --apparent-size) the way du.c's process_file does — post-order directory totals, hard links and
// (with several operands) directories counted once; df reads /proc/self/mountinfo like gnulib's
// read_file_system_list, drops dummy file systems and duplicate devices like filter_mount_list,
// asks statfs(2) for each mount and hides those with no blocks. Numbers go through a port of
// gnulib's human_readable (ceiling rounding, -h/--si autoscaling, -B unit suffixes).
import type { Sys, SysCall, Program, Stat, Statfs } from '../../kernel/syscall';
import { O_RDONLY, O_DIRECTORY, S_IFMT, S_IFDIR, S_IFLNK, S_IFBLK, ENOENT, EACCES, strerror } from '../../kernel/syscall';
import { writeAll, readFile } from '../lib/io';
import { quoteAlways as qa, quoteShellEscape, displayWidth } from '../lib/format';
import { makeCtx, parseArgs, q, fail, usageError, getenv, joinPath, Out, type Ctx } from './common';
import { canonicalize } from './fsops';

const isDir = (st: Stat): boolean => (st.mode & S_IFMT) === S_IFDIR;
const isLnk = (st: Stat): boolean => (st.mode & S_IFMT) === S_IFLNK;

// ------------------------------------------------------------------------ human_readable (gnulib)
export const H_AUTOSCALE = 1;
export const H_SI = 2;
export const H_BASE_1024 = 4;
export const H_B = 8;
export const H_SUPPRESS_POINT_ZERO = 16;
const POWER_LETTER = ['', 'K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];

/** human_readable(n, opts, from, to) with human_ceiling rounding; exact integer arithmetic. */
export function humanReadable(n: number, opts: number, from: number, to: number): string {
  const base = opts & H_BASE_1024 ? 1024n : 1000n;
  const N = BigInt(Math.max(0, Math.round(n)));
  const F = BigInt(from);
  const T = BigInt(to);
  let amt: bigint;
  let tenths = 0n;
  let rounding = 0n;
  let exponent = -1;
  let frac = '';
  if (T <= F && F % T === 0n) amt = N * (F / T);
  else if (F !== 0n && T % F === 0n) {
    const d = T / F;
    const r10 = (N % d) * 10n;
    const r2 = (r10 % d) * 2n;
    amt = N / d;
    tenths = r10 / d;
    rounding = r2 < d ? (r2 > 0n ? 1n : 0n) : 2n + (d < r2 ? 1n : 0n);
  } else {
    // gnulib falls back on long double here; an exact rational with the same rounding rules
    const num = N * F;
    amt = num / T;
    const rem = num % T;
    const r10 = rem * 10n;
    tenths = r10 / T;
    const r2 = (r10 % T) * 2n;
    rounding = r2 < T ? (r2 > 0n ? 1n : 0n) : 2n + (T < r2 ? 1n : 0n);
  }
  if (opts & H_AUTOSCALE) {
    exponent = 0;
    if (base <= amt) {
      do {
        const r10 = (amt % base) * 10n + tenths;
        const r2 = (r10 % base) * 2n + (rounding >> 1n);
        amt /= base;
        tenths = r10 / base;
        rounding = r2 < base ? (r2 + rounding !== 0n ? 1n : 0n) : 2n + (base < r2 + rounding ? 1n : 0n);
        exponent++;
      } while (base <= amt && exponent < 8);
      if (amt < 10n) {
        if (rounding > 0n) {
          tenths++;
          rounding = 0n;
          if (tenths === 10n) {
            amt++;
            tenths = 0n;
          }
        }
        if (amt < 10n && (tenths !== 0n || !(opts & H_SUPPRESS_POINT_ZERO))) {
          frac = '.' + tenths.toString();
          tenths = rounding = 0n;
        }
      }
    }
  }
  if (tenths + rounding > 0n) {
    amt++;
    if (opts & H_AUTOSCALE && amt === base && exponent < 8) {
      exponent++;
      if (!(opts & H_SUPPRESS_POINT_ZERO)) frac = '.0';
      amt = 1n;
    }
  }
  let s = amt.toString() + frac;
  if (opts & H_SI) {
    if (exponent < 0) {
      exponent = 0;
      for (let power = 1n; power < T; power *= base) if (++exponent === 8) break;
    }
    if (exponent) s += !(opts & H_BASE_1024) && exponent === 1 ? 'k' : POWER_LETTER[exponent]!;
    if (opts & H_B) {
      if (opts & H_BASE_1024 && exponent) s += 'i';
      s += 'B';
    }
  }
  return s;
}

const SUFFIX_EXP: Record<string, number> = { k: 1, K: 1, m: 2, M: 2, g: 3, G: 3, t: 4, T: 4, p: 5, P: 5, e: 6, E: 6, z: 7, Z: 7, y: 8, Y: 8 };

/** gnulib human_options()/humblock(): a -B/--block-size spec, or undefined if invalid. */
export function humanOptions(spec: string | undefined, dflt: number): { opts: number; block: number } | undefined {
  if (spec === undefined || spec === '') return { opts: 0, block: dflt };
  let s = spec;
  if (s.startsWith("'")) s = s.slice(1);
  if (s === 'human-readable') return { opts: H_AUTOSCALE | H_SI | H_BASE_1024, block: 1 };
  if (s === 'si') return { opts: H_AUTOSCALE | H_SI, block: 1 };
  const m = /^(\d*)([a-zA-Z]*)$/.exec(s);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let n = m[1] === '' ? 1 : Number(m[1]);
  let opts = 0;
  const suf = m[2]!;
  if (suf !== '') {
    const sm = /^([kKmMgGtTpPeEzZyY])(B|iB)?$/.exec(suf);
    if (!sm) return undefined;
    const base = sm[2] === 'B' ? 1000 : 1024;
    n *= base ** SUFFIX_EXP[sm[1]!]!;
    if (m[1] === '') {
      opts |= H_SI;
      if (suf.endsWith('B')) opts |= H_B;
      if (!suf.endsWith('B') || suf.endsWith('iB')) opts |= H_BASE_1024;
    }
  }
  if (!Number.isSafeInteger(n) || n === 0) return undefined;
  return { opts, block: n };
}

// -------------------------------------------------------------------------------------------- du
interface DuOpts {
  all: boolean;
  apparent: boolean;
  inodes: boolean;
  countLinks: boolean;
  separateDirs: boolean;
  maxDepth: number;
  threshold: number;
  xdev: boolean;
  follow: 'physical' | 'comfollow' | 'logical';
  hashAll: boolean;
  humanOpts: number;
  block: number;
  nul: boolean;
}

interface DuInfo {
  size: number;
  inodes: number;
}

export function* du(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'du');
  const p = yield* parseArgs(ctx, argv.slice(1), '0abd:chHklmst:xB:DLPS', [
    { name: 'all', arg: 'none', key: 'a' },
    { name: 'apparent-size', arg: 'none', key: 'apparent-size' },
    { name: 'block-size', arg: 'required', key: 'block-size' },
    { name: 'bytes', arg: 'none', key: 'b' },
    { name: 'count-links', arg: 'none', key: 'l' },
    { name: 'dereference', arg: 'none', key: 'L' },
    { name: 'dereference-args', arg: 'none', key: 'D' },
    { name: 'human-readable', arg: 'none', key: 'h' },
    { name: 'inodes', arg: 'none', key: 'inodes' },
    { name: 'max-depth', arg: 'required', key: 'd' },
    { name: 'null', arg: 'none', key: '0' },
    { name: 'no-dereference', arg: 'none', key: 'P' },
    { name: 'one-file-system', arg: 'none', key: 'x' },
    { name: 'separate-dirs', arg: 'none', key: 'S' },
    { name: 'summarize', arg: 'none', key: 's' },
    { name: 'si', arg: 'none', key: 'si' },
    { name: 'threshold', arg: 'required', key: 't' },
    { name: 'total', arg: 'none', key: 'c' },
  ]);
  if (typeof p === 'number') return p;
  const envSpec = getenv(envp, 'DU_BLOCK_SIZE') ?? getenv(envp, 'BLOCK_SIZE') ?? getenv(envp, 'BLOCKSIZE');
  const dflt = getenv(envp, 'POSIXLY_CORRECT') !== undefined ? 512 : 1024;
  const ho = humanOptions(envSpec, dflt) ?? { opts: 0, block: dflt };
  const o: DuOpts = {
    all: false, apparent: false, inodes: false, countLinks: false, separateDirs: false, maxDepth: Infinity,
    threshold: 0, xdev: false, follow: 'physical', hashAll: false, humanOpts: ho.opts, block: ho.block, nul: false,
  };
  let total = false;
  let summarize = false;
  let maxDepthGiven = false;
  let ok = true;
  for (const [k, v] of p.opts) {
    switch (k) {
      case '0': o.nul = true; break;
      case 'a': o.all = true; break;
      case 'apparent-size': o.apparent = true; break;
      case 'b': o.apparent = true; o.humanOpts = 0; o.block = 1; break;
      case 'c': total = true; break;
      case 'h': o.humanOpts = H_AUTOSCALE | H_SI | H_BASE_1024; o.block = 1; break;
      case 'si': o.humanOpts = H_AUTOSCALE | H_SI; o.block = 1; break;
      case 'inodes': o.inodes = true; break;
      case 'k': o.humanOpts = 0; o.block = 1024; break;
      case 'm': o.humanOpts = 0; o.block = 1024 * 1024; break;
      case 'l': o.countLinks = true; break;
      case 's': summarize = true; break;
      case 'S': o.separateDirs = true; break;
      case 'x': o.xdev = true; break;
      case 'D': case 'H': o.follow = 'comfollow'; break;
      case 'L': o.follow = 'logical'; break;
      case 'P': o.follow = 'physical'; break;
      case 'd': {
        const m = /^\s*[-+]?\d+$/.test(v!) ? Number(v!.trim()) : NaN;
        if (Number.isSafeInteger(m)) {
          maxDepthGiven = true;
          o.maxDepth = m;
        } else {
          yield* fail(ctx, `invalid maximum depth ${q(ctx, v!)}`);
          ok = false;
        }
        break;
      }
      case 't': {
        const neg = v!.trim().startsWith('-');
        const h = humanOptions(v!.trim().replace(/^-/, ''), 1);
        if (!h || (neg && h.block === 0)) {
          yield* fail(ctx, `invalid --threshold argument '${v}'`);
          return 1;
        }
        o.threshold = neg ? -h.block : h.block;
        if (neg && o.threshold === 0) {
          yield* fail(ctx, `invalid --threshold argument '-0'`);
          return 1;
        }
        break;
      }
      case 'B': case 'block-size': {
        const h = humanOptions(v!, 1024);
        if (!h) {
          yield* fail(ctx, `invalid ${k === 'B' ? '-B' : '--block-size'} argument '${v}'`);
          return 1;
        }
        o.humanOpts = h.opts;
        o.block = h.block;
        break;
      }
    }
  }
  if (!ok) {
    yield* usageError(ctx);
    return 1;
  }
  if (o.all && summarize) {
    yield* usageError(ctx, 'cannot both summarize and show all entries');
    return 1;
  }
  if (summarize && maxDepthGiven && o.maxDepth === 0) yield* fail(ctx, 'warning: summarizing is the same as using --max-depth=0');
  if (summarize && maxDepthGiven && o.maxDepth !== 0) {
    yield* usageError(ctx, `warning: summarizing conflicts with --max-depth=${o.maxDepth}`);
    return 1;
  }
  if (summarize) o.maxDepth = 0;
  if (o.inodes) {
    if (o.apparent) yield* fail(ctx, 'warning: options --apparent-size and -b are ineffective with --inodes');
    o.block = 1;
  }
  const files = p.operands.length ? p.operands : ['.'];
  o.hashAll = files.length > 1;
  const seen = new Set<string>();
  const out = new Out(sys);
  const grand: DuInfo = { size: 0, inodes: 0 };
  const state = { ok: true };
  for (const f of files) {
    if (f === '') {
      yield* out.flush();
      yield* fail(ctx, 'invalid zero-length file name');
      state.ok = false;
      continue;
    }
    const st0 = yield* (o.follow === 'physical' ? sys.lstat(f) : sys.stat(f));
    const rootDev = typeof st0 === 'number' ? 0 : st0.dev;
    yield* duEntry(ctx, f, 0, o, rootDev, seen, grand, out, state);
  }
  if (total) yield* out.write(formatDu(o, grand, 'total'));
  return yield* out.finish(ctx, state.ok ? 0 : 1);
}

function formatDu(o: DuOpts, d: DuInfo, name: string): string {
  const n = o.inodes ? d.inodes : d.size;
  return `${humanReadable(n, o.humanOpts, 1, o.block)}\t${name}${o.nul ? '\0' : '\n'}`;
}

/** One entry and (for a directory) everything below it; returns its own and its subtree's usage. */
function* duEntry(
  ctx: Ctx, path: string, level: number, o: DuOpts, rootDev: number, seen: Set<string>, grand: DuInfo,
  out: Out, state: { ok: boolean },
): SysCall<{ own: DuInfo; tree: DuInfo; dir: boolean } | undefined> {
  const sys = ctx.sys;
  const follow = o.follow === 'logical' || (level === 0 && o.follow === 'comfollow');
  const st = follow ? yield* sys.stat(path) : yield* sys.lstat(path);
  if (typeof st === 'number') {
    yield* out.flush();
    yield* fail(ctx, `cannot access ${qa(path)}: ${strerror(-st)}`);
    state.ok = false;
    return undefined;
  }
  if (o.xdev && level > 0 && st.dev !== rootDev) return undefined;
  if (!o.countLinks && (o.hashAll || (!isDir(st) && st.nlink > 1))) {
    const key = `${st.dev}:${st.ino}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
  }
  const own: DuInfo = { size: o.apparent ? Math.max(0, st.size) : st.blocks * 512, inodes: 1 };
  grand.size += own.size;
  grand.inodes += 1;
  const dir = isDir(st) && !(isLnk(st));
  const tree: DuInfo = { size: own.size, inodes: own.inodes };
  if (dir) {
    // read whole and closed before the entries are visited, as fts_build does
    const fd = yield* sys.open(path, O_RDONLY | O_DIRECTORY);
    const ents = fd < 0 ? fd : yield* sys.getdents(fd);
    if (fd >= 0) yield* sys.close(fd);
    if (typeof ents === 'number') {
      yield* out.flush();
      yield* fail(ctx, `cannot read directory ${qa(path)}: ${strerror(-ents)}`);
      state.ok = false;
    } else {
      for (const e of ents) {
        if (e.name === '.' || e.name === '..') continue;
        const r = yield* duEntry(ctx, joinPath(path, e.name), level + 1, o, rootDev, seen, grand, out, state);
        if (!r) continue;
        if (r.dir && o.separateDirs) continue;
        tree.size += r.dir ? r.tree.size : r.own.size;
        tree.inodes += r.dir ? r.tree.inodes : r.own.inodes;
      }
    }
  }
  if ((dir && level <= o.maxDepth) || (o.all && level <= o.maxDepth) || level === 0) {
    const v = o.inodes ? tree.inodes : tree.size;
    if (o.threshold < 0 ? v <= -o.threshold : v >= o.threshold) yield* out.write(formatDu(o, tree, path));
  }
  return { own, tree, dir };
}

// -------------------------------------------------------------------------------------------- df
interface MountEntry {
  devname: string;
  dir: string;
  type: string;
  root: string;
  dev: number;
  dummy: boolean;
  remote: boolean;
}

const DUMMY_TYPES = new Set([
  'autofs', 'proc', 'subfs', 'debugfs', 'devpts', 'fusectl', 'fuse.portal', 'mqueue', 'rpc_pipefs', 'sysfs',
  'devfs', 'kernfs', 'ignore', 'none',
]);

function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** read_file_system_list(): /proc/self/mountinfo in order. */
function* readMountList(sys: Sys): SysCall<MountEntry[] | number> {
  const text = yield* readFile(sys, '/proc/self/mountinfo');
  if (typeof text === 'number') return text;
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const f = line.split(' ');
    const dash = f.indexOf('-', 6);
    if (dash < 0 || f.length < dash + 3) continue;
    const [maj, min] = f[2]!.split(':').map(Number) as [number, number];
    const type = unescapeMount(f[dash + 1]!);
    const devname = unescapeMount(f[dash + 2]!);
    out.push({
      devname, dir: unescapeMount(f[4]!), type, root: unescapeMount(f[3]!),
      dev: ((maj & 0xfff) << 8) | (min & 0xff) | ((min & ~0xff) << 12),
      dummy: DUMMY_TYPES.has(type),
      remote: (devname.includes(':') || (devname.startsWith('//') && (type === 'smbfs' || type === 'smb3' || type === 'cifs'))) ||
        type === 'afs' || type === 'auristorfs' || devname === '-hosts',
    });
  }
  return out;
}

type Field = 'source' | 'fstype' | 'itotal' | 'iused' | 'iavail' | 'ipcent' | 'size' | 'used' | 'avail' | 'pcent' | 'file' | 'target';
const FIELD_CAPTION: Record<Field, string> = {
  source: 'Filesystem', fstype: 'Type', itotal: 'Inodes', iused: 'IUsed', iavail: 'IFree', ipcent: 'IUse%',
  size: 'blocks', used: 'Used', avail: 'Avail', pcent: 'Use%', file: 'File', target: 'Mounted on',
};
const FIELD_WIDTH: Record<Field, number> = {
  source: 14, fstype: 4, itotal: 5, iused: 5, iavail: 5, ipcent: 4, size: 5, used: 5, avail: 5, pcent: 4, file: 0, target: 0,
};
const FIELD_LEFT = new Set<Field>(['source', 'fstype', 'file', 'target']);

interface FsUsage {
  blocksize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
  unknown?: boolean;
}

interface DfState {
  ctx: Ctx;
  fields: Field[];
  captions: string[];
  rows: string[][];
  showAll: boolean;
  showListed: boolean;
  local: boolean;
  select: string[];
  exclude: string[];
  humanOpts: number;
  block: number;
  total: boolean;
  grand: FsUsage;
  processed: boolean;
  status: number;
  devlist: Map<number, MountEntry>;
}

const selected = (s: DfState, type: string): boolean => s.select.length === 0 || s.select.includes(type);
const excluded = (s: DfState, type: string): boolean => s.exclude.includes(type);

function pct(used: number, avail: number, negUsed: boolean): string {
  if (used < 0 || avail < 0 || !Number.isFinite(used) || !Number.isFinite(avail)) return '-';
  if (negUsed || used + avail === 0) return '-';
  const u100 = used * 100;
  const tot = used + avail;
  return `${Math.floor(u100 / tot) + (u100 % tot !== 0 ? 1 : 0)}%`;
}

function* getDev(
  s: DfState, device: string | undefined, mountPoint: string | undefined, file: string | undefined,
  statFile: string | undefined, fstype: string | undefined, dummy: boolean, remote: boolean,
  force: FsUsage | undefined, processAll: boolean,
): SysCall<void> {
  const sys = s.ctx.sys;
  if (remote && s.local) return;
  if (dummy && !s.showAll && !s.showListed) return;
  if (fstype !== undefined && (!selected(s, fstype) || excluded(s, fstype))) return;
  if (!force && mountPoint !== undefined && !mountPoint.startsWith('/')) return;
  const sf = statFile ?? mountPoint ?? device!;
  let fsu: FsUsage;
  let type = fstype;
  if (force) fsu = force;
  else {
    const r: Statfs | number = yield* sys.statfs(sf);
    if (typeof r === 'number') {
      if (processAll && (r === -EACCES || r === -ENOENT)) {
        if (!s.showAll) return;
        type = '-';
        fsu = { blocksize: 1, blocks: -1, bfree: -1, bavail: -1, files: -1, ffree: -1, unknown: true };
      } else {
        yield* writeAll(sys, 2, `${s.ctx.prog}: ${quoteShellEscape(sf)}: ${strerror(-r)}\n`);
        s.status = 1;
        return;
      }
    } else {
      fsu = { blocksize: r.frsize || r.bsize, blocks: r.blocks, bfree: r.bfree, bavail: r.bavail, files: r.files, ffree: r.ffree };
      if (processAll && s.showAll) {
        // an over-mounted directory: the device now answering for it is another one
        const st = yield* sys.stat(sf);
        if (typeof st !== 'number') {
          const me = s.devlist.get(st.dev);
          if (me && me.devname !== device && !(me.remote && remote)) {
            type = '-';
            fsu = { blocksize: 1, blocks: -1, bfree: -1, bavail: -1, files: -1, ffree: -1, unknown: true };
          }
        }
      }
    }
  }
  if (fsu.blocks === 0 && !s.showAll && !s.showListed) return;
  if (!force) s.processed = true;
  const dev = device ?? '-';
  const fname = file ?? '-';
  const ft = type ?? '-';
  if (s.total && !force && !fsu.unknown) {
    s.grand.files += fsu.files;
    s.grand.ffree += fsu.ffree;
    s.grand.blocks += fsu.blocks * fsu.blocksize;
    s.grand.bfree += fsu.bfree * fsu.blocksize;
    s.grand.bavail += fsu.bavail * fsu.blocksize;
  }
  const known = !fsu.unknown;
  const bUsed = fsu.blocks - fsu.bfree;
  const iUsed = fsu.files - fsu.ffree;
  const num = (v: number, unit: number, inode: boolean): string => {
    if (!known) return '-';
    const txt = humanReadable(Math.abs(v), s.humanOpts, unit, inode ? 1 : s.block);
    return v < 0 ? '-' + txt : txt;
  };
  const row: string[] = [];
  for (const f of s.fields) {
    switch (f) {
      case 'source': row.push(dev); break;
      case 'fstype': row.push(ft); break;
      case 'size': row.push(num(fsu.blocks, fsu.blocksize, false)); break;
      case 'used': row.push(num(bUsed, fsu.blocksize, false)); break;
      case 'avail': row.push(num(fsu.bavail, fsu.blocksize, false)); break;
      case 'pcent': row.push(known ? pct(bUsed, fsu.bavail, bUsed < 0) : '-'); break;
      case 'itotal': row.push(num(fsu.files, 1, true)); break;
      case 'iused': row.push(num(iUsed, 1, true)); break;
      case 'iavail': row.push(num(fsu.ffree, 1, true)); break;
      case 'ipcent': row.push(known ? pct(iUsed, fsu.ffree, iUsed < 0) : '-'); break;
      case 'file': row.push(fname); break;
      case 'target': row.push(mountPoint ?? '-'); break;
    }
  }
  s.rows.push(row);
}

/** The "1K-blocks" header: human_readable(output_block_size) with the base that divides it best. */
function sizeHeader(humanOpts: number, block: number): string {
  let opts = H_SUPPRESS_POINT_ZERO | H_AUTOSCALE | H_SI | (humanOpts & (H_BASE_1024 | H_B));
  let q1000 = block;
  let q1024 = block;
  let d1000: boolean;
  let d1024: boolean;
  do {
    d1000 = q1000 % 1000 === 0;
    q1000 = Math.floor(q1000 / 1000);
    d1024 = q1024 % 1024 === 0;
    q1024 = Math.floor(q1024 / 1024);
  } while (d1000 && d1024);
  if (!d1000 && d1024) opts |= H_BASE_1024;
  if (!d1024 && d1000) opts &= ~H_BASE_1024;
  if (!(opts & H_BASE_1024)) opts |= H_B;
  return `${humanReadable(block, opts, 1, 1)}-blocks`;
}

export function* df(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'df');
  const p = yield* parseArgs(ctx, argv.slice(1), 'aB:iF:hHklmPTt:vx:', [
    { name: 'all', arg: 'none', key: 'a' },
    { name: 'block-size', arg: 'required', key: 'B' },
    { name: 'inodes', arg: 'none', key: 'i' },
    { name: 'human-readable', arg: 'none', key: 'h' },
    { name: 'si', arg: 'none', key: 'H' },
    { name: 'local', arg: 'none', key: 'l' },
    { name: 'output', arg: 'optional', key: 'output' },
    { name: 'portability', arg: 'none', key: 'P' },
    { name: 'print-type', arg: 'none', key: 'T' },
    { name: 'sync', arg: 'none', key: 'sync' },
    { name: 'no-sync', arg: 'none', key: 'no-sync' },
    { name: 'total', arg: 'none', key: 'total' },
    { name: 'type', arg: 'required', key: 't' },
    { name: 'exclude-type', arg: 'required', key: 'x' },
  ]);
  if (typeof p === 'number') return p;
  let humanOpts = -1;
  let block = 1024;
  let mode: 'default' | 'inodes' | 'human' | 'posix' | 'output' = 'default';
  let printType = false;
  let posix = false;
  let output: Field[] | undefined;
  const s: DfState = {
    ctx, fields: [], captions: [], rows: [], showAll: false, showListed: false, local: false, select: [], exclude: [],
    humanOpts: 0, block: 1024, total: false, grand: { blocksize: 1, blocks: 0, bfree: 0, bavail: 0, files: 0, ffree: 0 },
    processed: false, status: 0, devlist: new Map(),
  };
  for (const [k, v] of p.opts) {
    switch (k) {
      case 'a': s.showAll = true; break;
      case 'B': {
        const h = humanOptions(v!, 1024);
        if (!h) {
          yield* fail(ctx, `invalid ${argv.some((a) => a.startsWith('--block-size')) ? '--block-size' : '-B'} argument '${v}'`);
          return 1;
        }
        humanOpts = h.opts;
        block = h.block;
        break;
      }
      case 'i':
        if (mode === 'output') {
          yield* usageError(ctx, 'options --inodes and --output are mutually exclusive');
          return 1;
        }
        mode = 'inodes';
        break;
      case 'h': humanOpts = H_AUTOSCALE | H_SI | H_BASE_1024; block = 1; break;
      case 'H': humanOpts = H_AUTOSCALE | H_SI; block = 1; break;
      case 'k': humanOpts = 0; block = 1024; break;
      case 'l': s.local = true; break;
      case 'm': humanOpts = 0; block = 1024 * 1024; break;
      case 'T':
        if (mode === 'output') {
          yield* usageError(ctx, 'options --print-type and --output are mutually exclusive');
          return 1;
        }
        printType = true;
        break;
      case 'P':
        if (mode === 'output') {
          yield* usageError(ctx, 'options -P and --output are mutually exclusive');
          return 1;
        }
        posix = true;
        break;
      case 'total': s.total = true; break;
      case 't': s.select.push(v!); break;
      case 'x': s.exclude.push(v!); break;
      case 'output': {
        if (mode === 'inodes') {
          yield* usageError(ctx, 'options --inodes and --output are mutually exclusive');
          return 1;
        }
        if (printType) {
          yield* usageError(ctx, 'options --print-type and --output are mutually exclusive');
          return 1;
        }
        if (posix) {
          yield* usageError(ctx, 'options -P and --output are mutually exclusive');
          return 1;
        }
        mode = 'output';
        output ??= [];
        const list = v === undefined ? Object.keys(FIELD_CAPTION) : v.split(',');
        for (const name of list) {
          if (!(name in FIELD_CAPTION)) {
            yield* usageError(ctx, `${q(ctx, name)}: not a valid field for --output`);
            return 1;
          }
          if (output.includes(name as Field)) {
            yield* usageError(ctx, `option --output: field ${q(ctx, name)} used more than once`);
            return 1;
          }
          output.push(name as Field);
        }
        break;
      }
    }
  }
  for (const t of s.select) {
    if (s.exclude.includes(t)) {
      yield* fail(ctx, `file system type ${q(ctx, t)} both selected and excluded`);
      return 1;
    }
  }
  if (humanOpts === -1) {
    if (posix) {
      humanOpts = 0;
      block = getenv(envp, 'POSIXLY_CORRECT') !== undefined ? 512 : 1024;
    } else {
      const h = humanOptions(getenv(envp, 'DF_BLOCK_SIZE') ?? getenv(envp, 'BLOCK_SIZE') ?? getenv(envp, 'BLOCKSIZE'), 1024) ?? { opts: 0, block: 1024 };
      humanOpts = h.opts;
      block = h.block;
    }
  }
  s.humanOpts = humanOpts;
  s.block = block;
  if (mode === 'default') {
    if (humanOpts & H_AUTOSCALE) mode = 'human';
    else if (posix) mode = 'posix';
  }
  // the columns
  const add = (f: Field, caption?: string): void => {
    s.fields.push(f);
    s.captions.push(caption ?? FIELD_CAPTION[f]);
  };
  const headerMode = mode;
  if (mode === 'output') for (const f of output!) add(f);
  else {
    add('source');
    if (printType) add('fstype');
    if (mode === 'inodes') {
      add('itotal'); add('iused'); add('iavail'); add('ipcent');
    } else if (mode === 'human') {
      add('size', 'Size'); add('used'); add('avail'); add('pcent');
    } else if (mode === 'posix') {
      add('size'); add('used'); add('avail', 'Available'); add('pcent', 'Capacity');
    } else {
      add('size'); add('used'); add('avail', 'Available'); add('pcent');
    }
    add('target');
  }
  for (let i = 0; i < s.fields.length; i++) {
    if (s.fields[i] !== 'size') continue;
    if (headerMode === 'default' || (headerMode === 'output' && !(humanOpts & H_AUTOSCALE))) s.captions[i] = sizeHeader(humanOpts, block);
    else if (headerMode === 'posix') s.captions[i] = `${block}-blocks`;
    else if (headerMode === 'output') s.captions[i] = 'Size';
  }
  // the file operands are checked first
  const files = p.operands;
  const stats: Array<Stat | undefined> = [];
  for (const f of files) {
    const st = yield* sys.stat(f);
    if (typeof st === 'number') {
      yield* writeAll(sys, 2, `${ctx.prog}: ${quoteShellEscape(f)}: ${strerror(-st)}\n`);
      s.status = 1;
      stats.push(undefined);
    } else stats.push(st);
  }
  const list = yield* readMountList(sys);
  if (typeof list === 'number') {
    if (files.length === 0 || s.select.length || s.exclude.length || printType || output?.includes('fstype')) {
      yield* writeAll(sys, 2, `${ctx.prog}: cannot read table of mounted file systems: ${strerror(-list)}\n`);
      return 1;
    }
  }
  const mounts = typeof list === 'number' ? [] : list;
  if (files.length) {
    s.showListed = true;
    for (let i = 0; i < files.length; i++) {
      const st = stats[i];
      if (!st) continue;
      yield* getEntry(s, mounts, files[i]!, st);
    }
  } else {
    const kept = yield* filterMountList(s, mounts, s.showAll);
    for (const me of kept) yield* getDev(s, me.devname, me.dir, undefined, undefined, me.type, me.dummy, me.remote, undefined, true);
  }
  if (s.processed) {
    if (s.total) {
      yield* getDev(s, 'total', output === undefined || output.includes('source') ? '-' : 'total', undefined, undefined, undefined, false, false, s.grand, false);
    }
    yield* writeAll(sys, 1, table(s));
  } else if (s.status === 0) {
    yield* fail(ctx, 'no file systems processed');
    return 1;
  }
  return s.status;
}

function table(s: DfState): string {
  const rows = [s.captions, ...s.rows];
  const widths = s.fields.map((f, i) => Math.max(FIELD_WIDTH[f], ...rows.map((r) => displayWidth(r[i]!))));
  let text = '';
  for (const r of rows) {
    const cells = r.map((c, i) => {
      const w = widths[i]!;
      const pad = ' '.repeat(Math.max(0, w - displayWidth(c)));
      if (i === r.length - 1) return FIELD_LEFT.has(s.fields[i]!) ? c : pad + c;
      return FIELD_LEFT.has(s.fields[i]!) ? c + pad : pad + c;
    });
    text += cells.join(' ') + '\n';
  }
  return text;
}

/** filter_mount_list(): one entry per device (real devices and mounts nearer the root win). */
function* filterMountList(s: DfState, mounts: MountEntry[], devicesOnly: boolean): SysCall<MountEntry[]> {
  const sys = s.ctx.sys;
  const order: Array<{ dev: number; me: MountEntry }> = [];
  const byDev = new Map<number, { dev: number; me: MountEntry }>();
  for (const me of mounts) {
    let dev: number;
    let discard: MountEntry | undefined;
    const st = (me.remote && s.local) || (me.dummy && !s.showAll && !s.showListed) || !selected(s, me.type) || excluded(s, me.type)
      ? -1
      : yield* sys.stat(me.dir);
    if (typeof st === 'number') dev = me.dev;
    else {
      dev = st.dev;
      const seen = byDev.get(dev);
      if (seen) {
        const targetNearerRoot = seen.me.dir.length > me.dir.length;
        const sourceBelowRoot = seen.me.root.length < me.root.length;
        if (
          (me.devname.includes('/') && !seen.me.devname.includes('/')) ||
          (targetNearerRoot && !sourceBelowRoot) ||
          (seen.me.devname !== me.devname && me.dir === seen.me.dir)
        ) {
          discard = seen.me;
          seen.me = me;
        } else discard = me;
      }
    }
    if (discard) continue;
    const ent = { dev, me };
    order.push(ent);
    byDev.set(dev, ent);
  }
  for (const [dev, e] of byDev) s.devlist.set(dev, e.me);
  if (devicesOnly) return mounts;
  return order.map((e) => e.me);
}

/** get_entry(): a device node that is mounted, else the mount holding the file. */
function* getEntry(s: DfState, mounts: MountEntry[], name: string, st: Stat): SysCall<void> {
  const sys = s.ctx.sys;
  if ((st.mode & S_IFMT) === S_IFBLK) {
    const canon = yield* canonicalize(sys, name, 'existing');
    if (typeof canon === 'string') {
      let best: MountEntry | undefined;
      for (const me of mounts) {
        const c = me.devname.startsWith('/') ? yield* canonicalize(sys, me.devname, 'existing') : me.devname;
        if (c === canon && (!best || best.dir.length > me.dir.length)) best = me;
      }
      if (best) {
        yield* getDev(s, best.devname, best.dir, name, undefined, best.type, best.dummy, best.remote, undefined, false);
        return;
      }
    }
  }
  // get_point(): the longest mount point that is a prefix of the canonical name, on the same device
  const resolved = yield* canonicalize(sys, name, 'existing');
  let best: MountEntry | undefined;
  if (typeof resolved === 'string') {
    let bestLen = 0;
    for (const me of mounts) {
      if (me.type === 'lofs' || !(!best || best.dummy || !me.dummy)) continue;
      const len = me.dir.length;
      if (bestLen <= len && len <= resolved.length &&
          (len === 1 || ((len === resolved.length || resolved[len] === '/') && resolved.startsWith(me.dir)))) {
        best = me;
        bestLen = len;
      }
    }
  }
  if (best) {
    const ds = yield* sys.stat(best.dir);
    if (typeof ds === 'number' || ds.dev !== st.dev) best = undefined;
  }
  if (!best) {
    for (const me of mounts) {
      if (me.type === 'lofs' || !(!best || best.dummy || !me.dummy)) continue;
      const ds = yield* sys.stat(me.dir);
      if (typeof ds !== 'number' && ds.dev === st.dev) best = me;
    }
  }
  if (best) yield* getDev(s, best.devname, best.dir, name, name, best.type, best.dummy, best.remote, undefined, false);
  else yield* getDev(s, undefined, '/', name, name, undefined, false, false, undefined, false);
}

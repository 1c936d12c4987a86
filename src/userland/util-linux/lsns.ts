// lsns (util-linux 2.38.1): walk /proc/[0-9]*, stat /proc/PID/ns/TYPE for the namespace inode of
// every type, group the processes by namespace and print one line per namespace (lowest PID as its
// representative) through a small model of libsmartcols: column widths from width hints, the
// process tree in the COMMAND column (a namespace line hangs under the line of its process's
// parent), truncation of COMMAND to the terminal width when stdout is a terminal, raw and JSON
// output.
import type { Sys, SysCall, Program } from '../../kernel/syscall';
import { O_RDONLY, TCGETS, TIOCGWINSZ } from '../../kernel/syscall';
import type { Winsize } from '../../kernel/syscall';
import { writeAll, readFile } from '../lib/io';
import { getopt, isGetoptError } from '../lib/getopt';
import { loadIdDb } from '../lib/passwd';
import { listPids, readProcBytes, parseStatBytes, getenv } from '../lib/procfs';
import { decode, encode } from '../lib/text';
import { shortName, warnx, usageError, helpText, versionText, parseUnsigned, parseSigned } from './unshare';

const NS_NAMES = ['mnt', 'net', 'pid', 'uts', 'ipc', 'user', 'cgroup', 'time'] as const;
type NsType = (typeof NS_NAMES)[number];

/** ioctl_ns(2) requests: _IO(0xb7, 1) and _IO(0xb7, 2). */
const NS_GET_USERNS = 0xb701;
const NS_GET_PARENT = 0xb702;

type ColId = 'NS' | 'TYPE' | 'PATH' | 'NPROCS' | 'PID' | 'PPID' | 'COMMAND' | 'UID' | 'USER' | 'NETNSID' | 'NSFS' | 'PNS' | 'ONS';

interface ColInfo {
  name: ColId;
  whint: number;
  right: boolean;
  trunc: boolean;
  json: 'number' | 'string';
}

// infos[] of lsns.c: name, width hint, flags, JSON type
const INFOS: readonly ColInfo[] = [
  { name: 'NS', whint: 10, right: true, trunc: false, json: 'number' },
  { name: 'TYPE', whint: 5, right: false, trunc: false, json: 'string' },
  { name: 'PATH', whint: 0, right: false, trunc: false, json: 'string' },
  { name: 'NPROCS', whint: 5, right: true, trunc: false, json: 'number' },
  { name: 'PID', whint: 5, right: true, trunc: false, json: 'number' },
  { name: 'PPID', whint: 5, right: true, trunc: false, json: 'number' },
  { name: 'COMMAND', whint: 0, right: false, trunc: true, json: 'string' },
  { name: 'UID', whint: 0, right: true, trunc: false, json: 'number' },
  { name: 'USER', whint: 0, right: false, trunc: false, json: 'string' },
  { name: 'NETNSID', whint: 0, right: true, trunc: false, json: 'string' },
  { name: 'NSFS', whint: 0, right: false, trunc: false, json: 'string' },
  { name: 'PNS', whint: 10, right: true, trunc: false, json: 'number' },
  { name: 'ONS', whint: 10, right: true, trunc: false, json: 'number' },
];

interface Proc {
  pid: number;
  ppid: number;
  uid: number;
  ids: Map<NsType, number>;
  pids: Map<NsType, number>; // parent namespace (pid, user)
  oids: Map<NsType, number>; // owner user namespace
  parent?: Proc;
  outline?: Line;
}

interface Ns {
  id: number;
  type: NsType;
  nprocs: number;
  procs: Proc[];
  proc?: Proc;
  parentId: number;
  ownerId: number;
  outline?: Line;
}

// ---------------------------------------------------------------------------------------------
// a small libsmartcols

export interface Line {
  cells: Array<string | undefined>;
  parent?: Line;
  children: Line[];
}

export interface Column {
  name: string;
  whint: number;
  right: boolean;
  trunc: boolean;
  tree: boolean;
  json: 'number' | 'string';
}

export interface TableOpts {
  raw: boolean;
  json: boolean;
  noheadings: boolean;
  /** terminal width when stdout is a terminal, else undefined (no truncation) */
  termwidth: number | undefined;
  name: string;
  /** a non-UTF-8 locale: the tree is drawn with "|-", "`-" and "| " */
  ascii: boolean;
}

/** Lines in output order: each root followed by its subtree, depth first. */
function flatten(roots: Line[], ascii: boolean): Array<{ line: Line; art: string }> {
  const [branch, right, vert] = ascii ? ['|-', '`-', '| '] : ['├─', '└─', '│ '];
  const out: Array<{ line: Line; art: string }> = [];
  const walk = (l: Line, prefix: string, depth: number, last: boolean): void => {
    const art = depth === 0 ? '' : prefix + (last ? right : branch);
    out.push({ line: l, art });
    const next = depth === 0 ? '' : prefix + (last ? '  ' : vert);
    l.children.forEach((c, i) => walk(c, next, depth + 1, i === l.children.length - 1));
  };
  roots.forEach((r) => walk(r, '', 0, true));
  return out;
}

/** fputs_nonblank(): raw output escapes blanks, backslashes and anything not printable ASCII. */
function rawEscape(s: string): string {
  let out = '';
  for (const b of encode(s)) {
    if (b <= 0x20 || b >= 0x7f || b === 0x5c) out += '\\x' + b.toString(16).padStart(2, '0');
    else out += String.fromCharCode(b);
  }
  return out;
}

/** Control characters are shown as \xHH in table cells (mbs_safe_encode). */
function safeEncode(s: string): string {
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c < 0x20) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function printJson(cols: Column[], roots: Line[], name: string): string {
  if (roots.length === 0) return `{\n   "${name}": [\n\n   ]\n}\n`;
  let out = `{\n   "${name}": [\n`;
  const emit = (lines: Line[], ind: string): void => {
    lines.forEach((l, i) => {
      out += i === 0 ? `${ind}{\n` : `${ind}},{\n`;
      const fields: string[] = [];
      cols.forEach((c, ci) => {
        const v = l.cells[ci];
        const key = jsonString(c.name.toLowerCase());
        let val: string;
        if (v === undefined || v === '') val = 'null';
        else if (c.json === 'number' && /^-?[0-9]+$/.test(v)) val = v;
        else val = jsonString(v);
        fields.push(`${ind}   ${key}: ${val}`);
      });
      out += fields.join(',\n');
      if (l.children.length) {
        out += `,\n${ind}   "children": [\n`;
        emit(l.children, ind + '      ');
        out += `${ind}   ]\n`;
      } else out += '\n';
    });
    if (lines.length) out += `${ind}}\n`;
  };
  emit(roots, '      ');
  out += '   ]\n}\n';
  return out;
}

export function printTable(cols: Column[], roots: Line[], o: TableOpts): string {
  if (o.json) return printJson(cols, roots, o.name);
  if (roots.length === 0) return ''; // libsmartcols prints nothing, not even the header, for no lines
  const rows = flatten(roots, o.ascii);
  const data = rows.map(({ line, art }) =>
    cols.map((c, ci) => {
      const v = line.cells[ci] ?? '';
      return c.tree ? art + v : v;
    }),
  );
  if (o.raw) {
    let out = '';
    if (!o.noheadings) out += cols.map((c) => rawEscape(c.name)).join(' ') + '\n';
    for (const r of data) out += r.map(rawEscape).join(' ') + '\n';
    return out;
  }
  const enc = data.map((r) => r.map(safeEncode));
  // count_column_width(): the header is the minimum; a width hint >= 1 is used when the data is
  // narrower than the hint but at least as wide as the header
  const widths = cols.map((c, ci) => {
    const min = c.name.length;
    let w = 0;
    for (const r of enc) w = Math.max(w, r[ci]!.length);
    if (w < min) return min;
    if (c.whint >= 1 && w < c.whint && min < c.whint) return c.whint;
    return w;
  });
  if (o.termwidth !== undefined) {
    // the three stages of libsmartcols' width reduction, one cell per column and round, last
    // column first, never below the header: 1) relative-hint columns with the trunc flag while
    // wider than their share, 2) all columns with the trunc flag, 3) relative-hint columns
    const tw = o.termwidth;
    let total = widths.reduce((a, b) => a + b, 0) + cols.length - 1;
    for (let stage = 1; total > tw && stage <= 3; ) {
      const before = total;
      for (let ci = cols.length - 1; ci >= 0 && total > tw; ci--) {
        const c = cols[ci]!;
        const w = widths[ci]!;
        if (w <= c.name.length || w === 0) continue;
        const relative = c.whint > 0 && c.whint < 1;
        const ok = stage === 1 ? c.trunc && relative && w >= c.whint * tw : stage === 2 ? c.trunc : relative;
        if (!ok) continue;
        widths[ci] = w - 1;
        total--;
      }
      if (before === total) stage++;
    }
  }
  const fmtRow = (r: string[]): string =>
    r
      .map((v0, ci) => {
        const c = cols[ci]!;
        const w = widths[ci]!;
        const v = v0.length > w ? v0.slice(0, w) : v0;
        if (c.right) return v.padStart(w);
        return ci === cols.length - 1 ? v : v.padEnd(w);
      })
      .join(' ');
  let out = '';
  if (!o.noheadings) out += fmtRow(cols.map((c) => c.name)) + '\n';
  for (const r of enc) out += fmtRow(r) + '\n';
  return out;
}

// ---------------------------------------------------------------------------------------------

function* nsInode(sys: Sys, path: string): SysCall<number> {
  const st = yield* sys.stat(path);
  return typeof st === 'number' ? 0 : st.ino;
}

/** The inode of the namespace an ioctl_ns(2) request returns (0 when it fails). */
function* relatedNs(sys: Sys, path: string, req: number): SysCall<number> {
  const fd = yield* sys.open(path, O_RDONLY);
  if (fd < 0) return 0;
  const r = yield* sys.ioctl(fd, req);
  yield* sys.close(fd);
  if (typeof r !== 'number' || r < 0) return 0;
  const st = yield* sys.fstat(r);
  yield* sys.close(r);
  return typeof st === 'number' ? 0 : st.ino;
}

function* commandOf(sys: Sys, pid: number): SysCall<string | undefined> {
  const c = yield* readProcBytes(sys, `/proc/${pid}/cmdline`);
  if (c && c.length) {
    let s = decode(c).split('\0').join(' ');
    while (s.endsWith(' ')) s = s.slice(0, -1);
    if (s) return s;
  }
  const comm = yield* readFile(sys, `/proc/${pid}/comm`);
  return typeof comm === 'string' ? comm.replace(/\n$/, '') : undefined;
}

/** nsfs mount points of a namespace from /proc/self/mountinfo (the NSFS column). */
function nsfsTargets(mountinfo: string, type: string, id: number): string[] {
  const out: string[] = [];
  const want = `${type}:[${id}]`;
  for (const line of mountinfo.split('\n')) {
    const f = line.split(' ');
    const dash = f.indexOf('-');
    if (dash < 0 || f[dash + 1] !== 'nsfs') continue;
    if (f[3] !== want) continue;
    const t = f[4]!.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

export function* lsns(sys: Sys, argv: string[], envp: string[]): Program {
  const argv0 = argv[0] ?? 'lsns';
  const prog = shortName(argv0, 'lsns');
  const p = getopt(argv.slice(1), 'Jlp:o:nruhVt:T::W', [
    { name: 'json', arg: 'none', key: 'J' },
    { name: 'task', arg: 'required', key: 'p' },
    { name: 'help', arg: 'none', key: 'h' },
    { name: 'output', arg: 'required', key: 'o' },
    { name: 'output-all', arg: 'none', key: 'output-all' },
    { name: 'notruncate', arg: 'none', key: 'u' },
    { name: 'version', arg: 'none', key: 'V' },
    { name: 'noheadings', arg: 'none', key: 'n' },
    { name: 'nowrap', arg: 'none', key: 'W' },
    { name: 'list', arg: 'none', key: 'l' },
    { name: 'raw', arg: 'none', key: 'r' },
    { name: 'type', arg: 'required', key: 't' },
    { name: 'tree', arg: 'optional', key: 'T' },
  ]);
  let json = false;
  let raw = false;
  let noheadings = false;
  let notrunc = false;
  let list = false;
  let tree: 'none' | 'process' | 'owner' | 'parent' = 'none';
  let outarg: string | undefined;
  let fltrPid = 0;
  const types = new Set<NsType>();
  let columns: ColId[] = [];
  let isNet = false;
  for (const [k, v] of p.opts) {
    if ((k === 'J' && raw) || (k === 'r' && json)) {
      yield* warnx(sys, prog, 'mutually exclusive arguments: --json --raw');
      return 1;
    }
    switch (k) {
      case 'J': json = true; break;
      case 'l': list = true; break;
      case 'o': outarg = v; break;
      case 'output-all': columns = INFOS.map((c) => c.name); break;
      case 'V':
        yield* writeAll(sys, 1, versionText('lsns', prog));
        return 0;
      case 'p': {
        const n = parseSigned(v!);
        if (n === undefined || n > 2147483647 || n < -2147483648) {
          yield* warnx(sys, prog, `invalid PID argument: '${v!}'`);
          return 1;
        }
        fltrPid = n;
        break;
      }
      case 'h':
        yield* writeAll(sys, 1, helpText('lsns', prog));
        return 0;
      case 'n': noheadings = true; break;
      case 'r': raw = true; break;
      case 'u': notrunc = true; break;
      case 't': {
        if (!(NS_NAMES as readonly string[]).includes(v!)) {
          yield* warnx(sys, prog, `unknown namespace type: ${v!}`);
          return 1;
        }
        types.add(v as NsType);
        if (v === 'net') isNet = true;
        break;
      }
      case 'W': break; // one line per cell anyway
      case 'T': {
        tree = 'owner';
        if (v !== undefined) {
          const a = v.startsWith('=') ? v.slice(1) : v;
          if (a === 'parent') tree = 'parent';
          else if (a === 'process') tree = 'process';
          else if (a !== 'owner') {
            yield* warnx(sys, prog, `unknown tree type: ${a}`);
            return 1;
          }
        }
        break;
      }
      default: break;
    }
  }
  if (isGetoptError(p)) return yield* usageError(sys, argv0, prog, p.message);
  if (types.size === 0) for (const t of NS_NAMES) types.add(t);

  let fltrNs = 0;
  if (p.operands.length) {
    if (fltrPid) {
      yield* warnx(sys, prog, '--task is mutually exclusive with <namespace>');
      return 1;
    }
    const n = parseUnsigned(p.operands[0]!);
    if (n === undefined) {
      yield* warnx(sys, prog, `invalid namespace argument: '${p.operands[0]!}'`);
      return 1;
    }
    fltrNs = n;
    if (columns.length === 0) columns = ['PID', 'PPID', 'USER', 'COMMAND'];
  }
  if (columns.length === 0) {
    columns = ['NS', 'TYPE', 'NPROCS', 'PID', 'USER'];
    if (isNet) columns.push('NETNSID', 'NSFS');
    columns.push('COMMAND');
  }
  if (tree === 'none' && !list) tree = 'process';
  if (outarg !== undefined) {
    // string_add_to_idarray(): "+LIST" appends to the defaults, otherwise replaces them
    let s = outarg;
    if (s.startsWith('+')) s = s.slice(1);
    else columns = [];
    for (const name of s.split(',')) {
      const c = INFOS.find((i) => i.name.toLowerCase() === name.toLowerCase());
      if (!c) {
        yield* warnx(sys, prog, `unknown column: ${name}`);
        return 1;
      }
      columns.push(c.name);
    }
  }
  const wantRelated = columns.includes('PNS') || columns.includes('ONS') || tree === 'owner' || tree === 'parent';

  // ---- read the processes and their namespaces ----
  const procs: Proc[] = [];
  for (const pid of yield* listPids(sys)) {
    const dst = yield* sys.stat(`/proc/${pid}`);
    if (typeof dst === 'number') continue;
    const sb = yield* readProcBytes(sys, `/proc/${pid}/stat`);
    const st = sb ? parseStatBytes(sb) : undefined;
    if (!st) continue;
    const pr: Proc = { pid: st.pid, ppid: st.ppid, uid: dst.uid, ids: new Map(), pids: new Map(), oids: new Map() };
    for (const t of NS_NAMES) {
      if (!types.has(t)) continue;
      const path = `/proc/${pid}/ns/${t}`;
      const ino = yield* nsInode(sys, path);
      if (!ino) continue;
      pr.ids.set(t, ino);
      if (wantRelated) {
        if (t === 'pid' || t === 'user') pr.pids.set(t, yield* relatedNs(sys, path, NS_GET_PARENT));
        pr.oids.set(t, yield* relatedNs(sys, path, NS_GET_USERNS));
      }
    }
    procs.push(pr);
  }
  const byId = new Map<number, Ns>();
  const nsList: Ns[] = [];
  for (const pr of procs) {
    for (const t of NS_NAMES) {
      const id = pr.ids.get(t);
      if (!id) continue;
      let ns = byId.get(id);
      if (!ns) {
        ns = { id, type: t, nprocs: 0, procs: [], parentId: pr.pids.get(t) ?? 0, ownerId: pr.oids.get(t) ?? 0 };
        byId.set(id, ns);
        nsList.push(ns);
      }
      // add_process_to_namespace(): link parents and children among all processes read
      for (const x of procs) {
        if (x.pid === pr.ppid) pr.parent = x;
        else if (x.ppid === pr.pid) x.parent = pr;
      }
      ns.procs.push(pr);
      ns.nprocs++;
      if (!ns.proc || ns.proc.pid > pr.pid) ns.proc = pr;
    }
  }
  nsList.sort((a, b) => a.id - b.id);

  // ---- columns ----
  const cols: Column[] = columns.map((id) => {
    const info = INFOS.find((i) => i.name === id)!;
    const treeCol = (tree === 'process' && id === 'COMMAND') || ((tree === 'owner' || tree === 'parent') && id === 'NS');
    return {
      name: id,
      whint: info.whint,
      right: info.right && !((tree === 'owner' || tree === 'parent') && id === 'NS'),
      trunc: info.trunc && !notrunc,
      tree: treeCol,
      json: info.json,
    };
  });
  const ids = yield* loadIdDb(sys);
  const needMountinfo = columns.includes('NSFS');
  const mountinfo = needMountinfo ? yield* readFile(sys, '/proc/self/mountinfo') : '';
  const cell = function* (id: ColId, ns: Ns, pr: Proc | undefined): SysCall<string | undefined> {
    switch (id) {
      case 'NS': return String(ns.id);
      case 'TYPE': return ns.type;
      case 'PATH': return pr ? `/proc/${pr.pid}/ns/${ns.type}` : undefined;
      case 'NPROCS': return String(ns.nprocs);
      case 'PID': return pr ? String(pr.pid) : undefined;
      case 'PPID': return pr ? String(pr.ppid) : undefined;
      case 'COMMAND': return pr ? yield* commandOf(sys, pr.pid) : undefined;
      case 'UID': return pr ? String(pr.uid) : undefined;
      case 'USER': return pr ? ids.userName(pr.uid) : undefined;
      // RTM_GETNSID over netlink: the simulated kernel assigns no ids to peer namespaces
      case 'NETNSID': return ns.type === 'net' ? 'unassigned' : undefined;
      case 'NSFS': return typeof mountinfo === 'string' ? nsfsTargets(mountinfo, ns.type, ns.id).join(',') : undefined;
      case 'PNS': return String(ns.parentId);
      case 'ONS': return String(ns.ownerId);
    }
  };
  const roots: Line[] = [];
  const addLine = function* (ns: Ns, pr: Proc | undefined, parent: Line | undefined): SysCall<Line> {
    const cells: Array<string | undefined> = [];
    for (const id of columns) cells.push(yield* cell(id, ns, pr));
    const line: Line = { cells, parent, children: [] };
    if (parent) parent.children.push(line);
    else roots.push(line);
    return line;
  };

  if (fltrNs) {
    const ns = byId.get(fltrNs);
    if (!ns) {
      yield* warnx(sys, prog, `not found namespace: ${fltrNs}`);
      return 1;
    }
    // show_namespace_processes(): a process tree, a parent shown first when in the same namespace
    const show = function* (pr: Proc): SysCall<void> {
      if (tree === 'process' && pr.parent && !pr.parent.outline && pr.parent.ids.get(ns.type) === pr.ids.get(ns.type)) {
        yield* show(pr.parent);
      }
      pr.outline = yield* addLine(ns, pr, tree === 'process' && pr.parent ? pr.parent.outline : undefined);
    };
    for (const pr of ns.procs) if (!pr.outline) yield* show(pr);
  } else {
    const show = function* (ns: Ns): SysCall<void> {
      let parentLine: Line | undefined;
      if (tree === 'owner' || tree === 'parent') {
        const rel = byId.get(tree === 'owner' ? ns.ownerId : ns.parentId || ns.ownerId);
        if (rel && rel !== ns && !rel.outline) yield* show(rel);
        parentLine = rel && rel !== ns ? rel.outline : undefined;
      } else if (tree === 'process' && ns.proc?.parent) parentLine = ns.proc.parent.outline;
      const line = yield* addLine(ns, ns.proc, parentLine);
      if (tree === 'owner' || tree === 'parent') ns.outline = line;
      else if (ns.proc) ns.proc.outline = line;
    };
    for (const ns of nsList) {
      if (fltrPid && !ns.procs.some((x) => x.pid === fltrPid)) continue;
      if (!ns.outline) yield* show(ns);
    }
  }

  // ---- print ----
  let termwidth: number | undefined;
  if (typeof (yield* sys.ioctl(1, TCGETS)) !== 'number') {
    termwidth = 80;
    const ws = (yield* sys.ioctl(1, TIOCGWINSZ)) as Winsize | number;
    if (typeof ws !== 'number' && ws && ws.cols > 0) termwidth = ws.cols;
    else {
      const c = Number(getenv(envp, 'COLUMNS'));
      if (Number.isInteger(c) && c > 0) termwidth = c;
    }
  }
  const locale = getenv(envp, 'LC_ALL') || getenv(envp, 'LC_CTYPE') || getenv(envp, 'LANG') || '';
  const ascii = !/utf-?8/i.test(locale);
  const text = printTable(cols, roots, { raw, json, noheadings, termwidth, name: 'namespaces', ascii });
  if (text) yield* writeAll(sys, 1, text);
  return 0;
}

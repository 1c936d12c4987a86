// pstree (psmisc 23.6): the process tree from /proc, compacting identical subtrees as "N*[...]",
// threads as {name}. UTF-8 line drawing when stdout is a terminal in a UTF-8 locale, else ASCII.
import type { Sys, Program } from '../../kernel/syscall';
import { TCGETS, TIOCGWINSZ } from '../../kernel/syscall';
import type { Winsize } from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { getopt, isGetoptError, type LongOpt } from '../lib/getopt';
import { loadIdDb } from '../lib/passwd';
import type { ProcInfo } from '../lib/procfs';
import { readAllProcs, listNumericDir, readProc, getenv } from '../lib/procfs';

export const PSTREE_USAGE = `Usage: pstree [-acglpsStTuZ] [ -h | -H PID ] [ -n | -N type ]
              [ -A | -G | -U ] [ PID | USER ]
   or: pstree -V

Display a tree of processes.

  -a, --arguments     show command line arguments
  -A, --ascii         use ASCII line drawing characters
  -c, --compact-not   don't compact identical subtrees
  -C, --color=TYPE    color process by attribute
                      (age)
  -g, --show-pgids    show process group ids; implies -c
  -G, --vt100         use VT100 line drawing characters
  -h, --highlight-all highlight current process and its ancestors
  -H PID, --highlight-pid=PID
                      highlight this process and its ancestors
  -l, --long          don't truncate long lines
  -n, --numeric-sort  sort output by PID
  -N TYPE, --ns-sort=TYPE
                      sort output by this namespace type
                              (cgroup, ipc, mnt, net, pid, time, user, uts)
  -p, --show-pids     show PIDs; implies -c
  -s, --show-parents  show parents of the selected process
  -S, --ns-changes    show namespace transitions
  -t, --thread-names  show full thread names
  -T, --hide-threads  hide threads, show only processes
  -u, --uid-changes   show uid transitions
  -U, --unicode       use UTF-8 (Unicode) line drawing characters
  -V, --version       display version information
  -Z, --security-context
                      show security attributes

  PID    start at this PID; default is 1 (init)
  USER   show only trees rooted at processes of this user

`;

export const PSTREE_VERSION = `pstree (PSmisc) 23.6
Copyright (C) 1993-2021 Werner Almesberger and Craig Small

PSmisc comes with ABSOLUTELY NO WARRANTY.
This is free software, and you are welcome to redistribute it under
the terms of the GNU General Public License.
For more information about these matters, see the files named COPYING.
`;

interface Sym {
  empty2: string;
  branch2: string;
  vert2: string;
  last2: string;
  single3: string;
  first3: string;
}
const ASCII: Sym = { empty2: '  ', branch2: '|-', vert2: '| ', last2: '`-', single3: '---', first3: '-+-' };
const UTF: Sym = { empty2: '  ', branch2: '├─', vert2: '│ ', last2: '└─', single3: '───', first3: '─┬─' };
const VT100: Sym = {
  empty2: '  ', branch2: '\x1b(0tq\x1b(B', vert2: '\x1b(0x\x1b(B ', last2: '\x1b(0mq\x1b(B', single3: '\x1b(0qqq\x1b(B', first3: '\x1b(0qwq\x1b(B',
};

export interface PNode {
  pid: number;
  comm: string;
  argv: string[];
  uid: number;
  pgid: number;
  isThread: boolean;
  children: PNode[];
  parent?: PNode;
}

export interface PstreeOpts {
  args: boolean;
  compact: boolean;
  pids: boolean;
  pgids: boolean;
  userChange: boolean;
  width: number;
  trunc: boolean;
  sym: Sym;
  highlight: Set<number>;
  userName: (uid: number) => string;
}

function treeEqual(a: PNode, b: PNode, o: PstreeOpts): boolean {
  if (a.comm !== b.comm) return false;
  if (o.args && a.argv.join('\0') !== b.argv.join('\0')) return false;
  if (o.userChange && a.uid !== b.uid) return false;
  if (a.children.length !== b.children.length) return false;
  for (let i = 0; i < a.children.length; i++) if (!treeEqual(a.children[i]!, b.children[i]!, o)) return false;
  return true;
}

/** The tree printer (psmisc dump_tree), writing into a line buffer with width truncation. */
export class TreePrinter {
  out = '';
  private curX = 1;
  private width: number[] = [];
  private more: boolean[] = [];
  constructor(readonly o: PstreeOpts) {}

  private outChar(c: string): void {
    this.curX++;
    if (!this.o.trunc || this.curX <= this.o.width) this.out += c;
    else if (this.curX === this.o.width + 1) this.out += '+';
  }
  private outString(s: string): void {
    // escape sequences (VT100 line drawing, bold) take no columns
    const parts = s.split(/(\x1b\([0B]|\x1b\[[0-9;]*m)/);
    for (const p of parts) {
      if (/^\x1b/.test(p)) {
        if (!this.o.trunc || this.curX <= this.o.width) this.out += p;
        continue;
      }
      for (const ch of p) this.outChar(ch);
    }
  }
  private newline(): void {
    this.out += '\n';
    this.curX = 1;
  }

  dump(cur: PNode, level: number, rep: number, leaf: boolean, last: boolean, prevUid: number, closing: number): void {
    const o = this.o;
    const sym = o.sym;
    if (!leaf) {
      for (let lvl = 0; lvl < level; lvl++) {
        this.outString(' '.repeat(this.width[lvl]! + 1));
        this.outString(lvl === level - 1 ? (last ? sym.last2 : sym.branch2) : this.more[lvl + 1] ? sym.vert2 : sym.empty2);
      }
    }
    let add = 0;
    if (rep >= 2) {
      const r = String(rep);
      this.outString(r);
      add = r.length + 2;
      this.outString('*[');
    }
    const hl = o.highlight.has(cur.pid);
    if (hl) this.outString('\x1b[1m');
    const startX = this.curX;
    const name = cur.isThread ? `{${cur.comm}}` : cur.comm;
    this.outString(name);
    const commLen = this.curX - startX;
    const offset = this.curX;
    let info = 0;
    if (o.pids) {
      this.outString(info++ ? ',' : '(');
      this.outString(String(cur.pid));
    }
    if (o.pgids) {
      this.outString(info++ ? ',' : '(');
      this.outString(String(cur.pgid));
    }
    if (o.userChange && prevUid !== cur.uid) {
      this.outString(info++ ? ',' : '(');
      this.outString(o.userName(cur.uid));
    }
    if (info) this.outString(')');
    if (hl) this.outString('\x1b[0m');
    if (o.args && !cur.isThread) {
      const argv = cur.argv.slice(1);
      for (let i = 0; i < argv.length; i++) {
        const a = argv[i]!;
        let len = 0;
        for (const ch of a) len += ch >= ' ' && ch <= '~' ? 1 : 4;
        if (!o.trunc || this.curX + 1 + len <= o.width - (i === argv.length - 1 ? 0 : 4)) {
          this.outChar(' ');
          for (const ch of a) {
            if (ch >= ' ' && ch <= '~') this.outChar(ch);
            else this.outString('\\' + (ch.charCodeAt(0) & 0xff).toString(8).padStart(3, '0'));
          }
        } else {
          this.outString('...');
          break;
        }
      }
    }
    if (!cur.children.length || (o.args && false)) {
      for (let i = 0; i < closing; i++) this.outChar(']');
      this.newline();
      return;
    }
    this.more[level] = !last;
    this.width[level] = commLen + this.curX - offset + add;
    if (o.args) {
      // with arguments each child goes on its own line, indented by two
      this.width[level] = 1;
      this.newline();
      const kids = this.compacted(cur.children);
      kids.forEach((k, i) => {
        this.dumpArgsChild(k.node, level + 1, k.count, i === kids.length - 1, cur.uid, closing + (k.count > 1 ? 1 : 0));
      });
      return;
    }
    if (this.curX >= o.width && o.trunc) {
      this.outString(sym.first3);
      this.outString('+');
      this.newline();
      return;
    }
    const kids = this.compacted(cur.children);
    kids.forEach((k, i) => {
      if (i === 0) this.outString(kids.length > 1 ? sym.first3 : sym.single3);
      this.dump(k.node, level + 1, k.count, i === 0, i === kids.length - 1, cur.uid, closing + (k.count > 1 ? 1 : 0));
    });
  }

  private dumpArgsChild(node: PNode, level: number, rep: number, last: boolean, prevUid: number, closing: number): void {
    this.dump(node, level, rep, false, last, prevUid, closing);
  }

  private compacted(children: PNode[]): Array<{ node: PNode; count: number }> {
    const out: Array<{ node: PNode; count: number }> = [];
    const used = new Set<number>();
    for (let i = 0; i < children.length; i++) {
      if (used.has(i)) continue;
      let count = 1;
      if (this.o.compact) {
        for (let j = i + 1; j < children.length; j++) {
          if (!used.has(j) && treeEqual(children[i]!, children[j]!, this.o)) {
            used.add(j);
            count++;
          }
        }
      }
      out.push({ node: children[i]!, count });
    }
    return out;
  }
}

// pstree.c options[], in its order: glibc lists ambiguous candidates in table order
const PSTREE_LONGS: LongOpt[] = (
  [
    ['arguments', 'a'], ['ascii', 'A'], ['compact-not', 'c'], ['color', 'C', 1], ['vt100', 'G'], ['highlight-all', 'h'],
    ['highlight-pid', 'H', 1], ['long', 'l'], ['numeric-sort', 'n'], ['ns-sort', 'N', 1], ['show-pids', 'p'],
    ['show-pgids', 'g'], ['show-parents', 's'], ['ns-changes', 'S'], ['thread-names', 't'], ['hide-threads', 'T'],
    ['uid-changes', 'u'], ['unicode', 'U'], ['version', 'V'], ['security-context', 'Z'],
  ] as Array<[string, string, number?]>
).map(([name, key, hasArg]) => ({ name, key, arg: hasArg ? 'required' : 'none' }));

export function* pstree(sys: Sys, argv: string[], envp: string[]): Program {
  const o: PstreeOpts = {
    args: false, compact: true, pids: false, pgids: false, userChange: false, width: 132, trunc: true, sym: ASCII,
    highlight: new Set(), userName: String,
  };
  let byPid = false;
  let showParents = false;
  let hideThreads = false;
  let symChoice: Sym | undefined;
  let highlightPid: number | undefined;
  const bad = function* (msg: string): Program {
    yield* writeAll(sys, 2, msg + PSTREE_USAGE);
    return 1;
  };
  const parsed = getopt(argv.slice(1), 'aAcC:GhH:nN:pglsStTuUVZ', PSTREE_LONGS);
  const flags = parsed.opts;
  for (const [k, v] of flags) {
    switch (k) {
      case 'a': o.args = true; break;
      case 'A': symChoice = ASCII; break;
      case 'c': o.compact = false; break;
      case 'g': o.pgids = true; o.compact = false; break;
      case 'G': symChoice = VT100; break;
      case 'h': highlightPid = -1; break;
      case 'H':
        if (!/^[0-9]+$/.test(v ?? '')) return yield* bad('');
        highlightPid = Number(v);
        break;
      case 'l': o.trunc = false; break;
      case 'n': byPid = true; break;
      case 'p': o.pids = true; o.compact = false; break;
      case 's': showParents = true; break;
      case 't': break;
      case 'T': hideThreads = true; break;
      case 'u': o.userChange = true; break;
      case 'U': symChoice = UTF; break;
      case 'V':
        yield* writeAll(sys, 2, PSTREE_VERSION);
        return 0;
      case 'Z': break;
      case 'C': case 'N': case 'S':
        yield* writeAll(sys, 2, `pstree: -${k} is not supported in this lab yet\n`);
        return 1;
    }
  }
  if (isGetoptError(parsed)) return yield* bad(`pstree: ${parsed.message}\n`);
  const { operands } = parsed;
  if (operands.length > 1) return yield* bad('');
  const ids = yield* loadIdDb(sys);
  o.userName = (uid) => ids.userByUid(uid)?.name ?? String(uid);

  const isTty = typeof (yield* sys.ioctl(1, TCGETS)) !== 'number';
  const ws = (yield* sys.ioctl(1, TIOCGWINSZ)) as Winsize | number;
  if (typeof ws !== 'number' && ws && ws.cols > 0) o.width = ws.cols;
  else {
    const c = getenv(envp, 'COLUMNS');
    if (c && /^[0-9]+$/.test(c) && Number(c) > 0) o.width = Number(c);
  }
  const loc = getenv(envp, 'LC_ALL') || getenv(envp, 'LC_CTYPE') || getenv(envp, 'LANG') || '';
  o.sym = symChoice ?? (isTty && /utf-?8/i.test(loc) ? UTF : ASCII);

  // ---- read /proc (and each process's threads) ----
  const procs = yield* readAllProcs(sys);
  const nodes = new Map<number, PNode>();
  for (const p of procs) {
    nodes.set(p.pid, { pid: p.pid, comm: p.stat.comm, argv: p.cmdline, uid: p.euid, pgid: p.stat.pgrp, isThread: false, children: [] });
  }
  const threadKids = new Map<number, PNode[]>();
  if (!hideThreads) {
    for (const p of procs) {
      if (p.nlwp <= 1) continue;
      const tids = yield* listNumericDir(sys, `/proc/${p.pid}/task`);
      const kids: PNode[] = [];
      for (const tid of tids) {
        if (tid === p.pid) continue;
        const t: ProcInfo | undefined = yield* readProc(sys, `/proc/${p.pid}/task/${tid}`, { cmdline: false });
        if (!t) continue;
        kids.push({ pid: tid, comm: t.stat.comm, argv: [], uid: p.euid, pgid: p.stat.pgrp, isThread: true, children: [] });
      }
      threadKids.set(p.pid, kids);
    }
  }
  const cmp = (a: PNode, b: PNode) => {
    if (byPid) return a.pid - b.pid;
    const an = a.isThread ? `{${a.comm}}` : a.comm;
    const bn = b.isThread ? `{${b.comm}}` : b.comm;
    if (an < bn) return -1;
    if (an > bn) return 1;
    return a.uid - b.uid || a.pid - b.pid;
  };
  for (const p of procs) {
    const n = nodes.get(p.pid)!;
    const parent = nodes.get(p.stat.ppid);
    if (parent && p.stat.ppid !== p.pid) {
      parent.children.push(n);
      n.parent = parent;
    }
  }
  for (const [pid, kids] of threadKids) {
    const n = nodes.get(pid)!;
    for (const k of kids) {
      k.parent = n;
      n.children.push(k);
    }
  }
  for (const n of nodes.values()) n.children.sort(cmp);

  if (highlightPid !== undefined) {
    let h = nodes.get(highlightPid === -1 ? yield* sys.getpid() : highlightPid);
    while (h) {
      o.highlight.add(h.pid);
      h = h.parent;
    }
  }

  const printer = new TreePrinter(o);
  const arg = operands[0];
  if (arg !== undefined && !/^[0-9]+$/.test(arg)) {
    const u = ids.userByName(arg);
    if (!u) {
      yield* writeAll(sys, 2, `No such user name: ${arg}\n`);
      return 1;
    }
    // every process of that user whose parent is not the user's
    const roots = [...nodes.values()].filter((n) => !n.isThread && n.uid === u.uid && (!n.parent || n.parent.uid !== u.uid));
    roots.sort((a, b) => a.pid - b.pid);
    for (const r of roots) printer.dump(r, 0, 1, true, true, u.uid, 0);
  } else {
    const pid = arg !== undefined ? Number(arg) : 1;
    let root = nodes.get(pid);
    if (!root && arg === undefined) {
      // no init in this view: show every tree
      const roots = [...nodes.values()].filter((n) => !n.parent).sort((a, b) => a.pid - b.pid);
      for (const r of roots) printer.dump(r, 0, 1, true, true, r.uid, 0);
    } else if (root) {
      if (showParents && root.parent) {
        // show the ancestors as a single chain down to the selected process
        const chain: PNode[] = [];
        for (let a: PNode | undefined = root; a; a = a.parent) chain.unshift(a);
        const copy = (n: PNode, rest: PNode[]): PNode => ({ ...n, children: rest.length ? [copy(rest[0]!, rest.slice(1))] : n.children });
        root = copy(chain[0]!, chain.slice(1));
      }
      printer.dump(root, 0, 1, true, true, root.uid, 0);
    }
  }
  if (printer.out) yield* writeAll(sys, 1, printer.out);
  return 0;
}

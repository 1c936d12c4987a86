// ps (procps-ng 4.0.2): option parsing as ps/parser.c (SysV first, then a BSD retry), format and
// sort lists as ps/sortformat.c, selection as ps/select.c, output as ps/display.c + output.c.
// Everything it shows is read from /proc.
import type { Sys, Program, SysCall } from '../../kernel/syscall';
import { TCGETS, TIOCGWINSZ, S_IFMT, S_IFCHR } from '../../kernel/syscall';
import type { Winsize } from '../../kernel/syscall';
import { writeAll, readFile } from '../lib/io';
import { loadIdDb } from '../lib/passwd';
import type { ProcInfo } from '../lib/procfs';
import {
  readAllProcs, readProc, readTasks, parseMeminfo, parseUptimeCs, parseKernelStat, pidWidth,
  readProcText, nowSeconds, getenv,
} from '../lib/procfs';
import type { FormatNode, PsContext, PsProc } from './ps-format';
import {
  doOneSpec, checkHeaderWidth, showOneProc, listSpecifiers, CF_PRINT_MASK, CF_PRINT_THREAD_ONLY,
  CF_PRINT_PROCESS_ONLY, FORMATS,
} from './ps-format';
import { PS_USAGE, psHelp } from './ps-help';

const OUTBUF_SIZE = 2 * 64 * 1024;
const VERSION = 'ps from procps-ng 4.0.2\n';

// selection typecodes
type SelType = 'RUID' | 'EUID' | 'RGID' | 'EGID' | 'PGRP' | 'PID' | 'PID_QUICK' | 'PPID' | 'TTY' | 'SESS' | 'COMM';
interface SelNode {
  type: SelType;
  vals: Array<number | string>;
}

// format_flags
const FF_Uf = 0x1;
const FF_Ul = 0x2;
const FF_Uj = 0x4;
const FF_Bj = 0x8;
const FF_Bl = 0x10;
const FF_Bs = 0x20;
const FF_Bu = 0x40;
const FF_Bv = 0x80;
const FF_LX = 0x100;
const FF_Lm = 0x200;
const FF_Fc = 0x400;
// format_modifiers
const FM_c = 0x1;
const FM_j = 0x2;
const FM_y = 0x4;
const FM_L = 0x8;
const FM_P = 0x10;
const FM_M = 0x20;
const FM_F = 0x40;
void FM_L;
// simple_select
const SS_B_x = 0x1;
const SS_B_g = 0x2;
const SS_U_d = 0x4;
const SS_U_a = 0x8;
const SS_B_a = 0x10;
// thread_flags
const TF_B_H = 0x1;
const TF_B_m = 0x2;
const TF_U_m = 0x4;
const TF_U_T = 0x8;
const TF_U_L = 0x10;
const TF_show_proc = 0x100;
const TF_show_task = 0x200;
const TF_show_both = 0x400;
const TF_loose_tasks = 0x800;
const TF_must_use = 0x1000;
// header types
const HEAD_SINGLE = 0;
const HEAD_NONE = 1;
const HEAD_MULTI = 2;
// deferred sort/format sources
type SfCode = 'B_o' | 'B_O' | 'U_o' | 'U_O' | 'G_format' | 'G_sort' | 'B_m';
interface SortNode {
  key: (p: PsProc, c: PsContext) => number | string;
  reverse: boolean;
}
interface SfNode {
  sf: string;
  code: SfCode;
  fCooked: FormatNode[];
  sCooked: SortNode[];
}

class Exit {
  constructor(readonly status: number, readonly out = '', readonly err = '') {}
}

interface Env {
  euid: number;
  ttyNr: number;
  pidWidth: number;
  userByName: (n: string) => number | undefined;
  groupByName: (n: string) => number | undefined;
  /** stat(path) → [mode, rdev] */
  statDev: Map<string, [number, number]>;
}

/** All of ps's global state (ps/global.c), reset between the SysV pass and the BSD retry. */
class PsState {
  allProcesses = false;
  bsdC = false;
  bsdE = false;
  forestType = '';
  formatFlags = 0;
  formatList: FormatNode[] = [];
  formatModifiers = 0;
  headerType = HEAD_SINGLE;
  includeDeadChildren = false;
  negate = false;
  runningOnly = false;
  preferBsd = false;
  screenCols = 80;
  screenRows = 24;
  selection: SelNode[] = [];
  simpleSelect = 0;
  sortList: SortNode[] = [];
  threadFlags = 0;
  unixF = false;
  userIsNumber = false;
  wchanIsNumber = false;
  wCount = 0;
  sfList: SfNode[] = [];
  haveGnuSort = false;
  parsedSort = false;
  parsedFormat = false;
  forceBsd = false;
}

/** strtoul(s, &end, 0) accepting the whole string; undefined when there is trailing junk. */
function strtoul0(s: string): number | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2]!;
  let v: number;
  if (/^0[xX]/.test(body)) v = parseInt(body.slice(2), 16);
  else if (body.length > 1 && body[0] === '0') v = parseInt(body, 8);
  else v = parseInt(body, 10);
  return m[1] === '-' ? -v : v;
}

/** verify_short_sort: O's argument is a sort code only if every letter is known and unrepeated. */
function verifyShortSort(arg: string, forest: boolean): string | null {
  if (!/^[CGJKMNPRSTUcfgjkmnoprstuvy+-]*$/.test(arg)) return 'bad sorting code';
  const seen = new Set<string>();
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i]!;
    if (c === '+' || c === '-') {
      const n = arg[i + 1];
      if (!n || n === '+' || n === '-') return 'bad sorting code';
      continue;
    }
    if (c === 'P' && forest) return 'PPID sort and forest output conflict';
    if (seen.has(c)) return 'bad sorting code';
    seen.add(c);
  }
  return null;
}

class Parser {
  g = new PsState();
  thisarg = 0;
  constructor(readonly argv: string[], readonly env: Env, readonly init: { cols: number; rows: number }) {
    this.reset();
  }

  reset(): void {
    const force = this.g.forceBsd;
    this.g = new PsState();
    this.g.forceBsd = force;
    this.g.screenCols = this.init.cols;
    this.g.screenRows = this.init.rows;
    this.thisarg = 0;
  }

  // ---- list parsing ----
  parsePid(s: string): string | number {
    const n = strtoul0(s);
    if (n === undefined) return 'process ID list syntax error';
    if (n < 1) return 'process ID out of range';
    if (n > 0x7fffffff) return 'process ID out of range';
    return n;
  }
  parseUid(s: string): string | number {
    let n = strtoul0(s);
    if (n === undefined) {
      const u = this.env.userByName(s);
      if (u === undefined) {
        if (!this.g.negate) return 'user name does not exist';
        n = -1;
      } else n = u;
    }
    if (!this.g.negate && n > 0xfffffffe) return 'user ID out of range';
    return n;
  }
  parseGid(s: string): string | number {
    let n = strtoul0(s);
    if (n === undefined) {
      const g = this.env.groupByName(s);
      if (g === undefined) {
        if (!this.g.negate) return 'group name does not exist';
        n = -1;
      } else n = g;
    }
    if (!this.g.negate && n > 0xfffffffe) return 'group ID out of range';
    return n;
  }
  parseTty(s: string): string | number {
    const look = (p: string): [number, number] | undefined => this.env.statDev.get(p);
    let found: [number, number] | undefined;
    if (s.startsWith('/')) {
      found = look(s);
      if (!found) return 'TTY could not be found';
    } else {
      for (const p of [`/dev/pts/${s}`, `/dev/${s}`, `/dev/tty${s}`, `/dev/pty${s}`, `/dev/${s}nsole`]) {
        found = look(p);
        if (found) break;
      }
      if (!found) {
        if (s === '-' || s === '?') return 0;
        return 'TTY could not be found';
      }
    }
    if ((found[0] & S_IFMT) !== S_IFCHR) return 'list member was not a TTY';
    return found[1];
  }
  parseList(arg: string, fn: (s: string) => string | number, type: SelType): string | null {
    // sanity check as parse_list: separators " ,\t", no empty items, no trailing separator
    let need = true;
    for (let i = 0; i <= arg.length; i++) {
      const ch = i < arg.length ? arg[i]! : '\0';
      if (ch === ' ' || ch === ',' || ch === '\t' || ch === '\0') {
        if (need) return 'improper list';
        need = true;
      } else need = false;
    }
    const parts = arg.split(/[ ,\t]/);
    const vals: Array<number | string> = [];
    for (const p of parts) {
      if (type === 'COMM') {
        vals.push(p);
        continue;
      }
      const r = fn(p);
      if (typeof r === 'string') return r;
      vals.push(r);
    }
    this.g.selection.unshift({ type, vals });
    return null;
  }

  getOptArg(flag: string, pos: number): string | undefined {
    if (pos + 1 < flag.length) return flag.slice(pos + 1);
    if (this.thisarg + 2 > this.argv.length) return undefined;
    const next = this.argv[this.thisarg + 1]!;
    if (next === '') return undefined;
    this.thisarg++;
    return next;
  }

  exclusive(x: string): string | null {
    if (this.argv.length !== 2 || this.argv[1] !== x) return `the option is exclusive: ${x}`;
    return null;
  }

  deferSf(arg: string, code: SfCode): void {
    this.g.sfList.unshift({ sf: arg, code, fCooked: [], sCooked: [] });
    if (code === 'G_sort') this.g.haveGnuSort = true;
  }

  parseSysv(): string | null {
    const a = this.argv[this.thisarg]!;
    const g = this.g;
    for (let i = 1; i < a.length; i++) {
      const c = a[i]!;
      let arg: string | undefined;
      let err: string | null;
      switch (c) {
        case 'A': case 'e':
          g.allProcesses = true;
          break;
        case 'C':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'list of command names must follow -C';
          return this.parseList(arg, (s) => s, 'COMM');
        case 'D':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'date format must follow -D';
          return null;
        case 'F':
          g.formatModifiers |= FM_F;
          g.formatFlags |= FF_Uf;
          g.unixF = true;
          break;
        case 'G':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'list of real groups must follow -G';
          return this.parseList(arg, (s) => this.parseGid(s), 'RGID');
        case 'H':
          g.forestType = 'u';
          break;
        case 'L':
          g.threadFlags |= TF_U_L;
          break;
        case 'M': case 'Z':
          g.formatModifiers |= FM_M;
          break;
        case 'N':
          g.negate = true;
          break;
        case 'O':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'format or sort specification must follow -O';
          this.deferSf(arg, 'U_O');
          return null;
        case 'P':
          g.formatModifiers |= FM_P;
          break;
        case 'T':
          g.threadFlags |= TF_U_T;
          break;
        case 'U':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'list of real users must follow -U';
          return this.parseList(arg, (s) => this.parseUid(s), 'RUID');
        case 'V':
          err = this.exclusive('-V');
          if (err) return err;
          throw new Exit(0, VERSION);
        case 'a':
          g.simpleSelect |= SS_U_a;
          break;
        case 'c':
          g.formatModifiers |= FM_c;
          break;
        case 'd':
          g.simpleSelect |= SS_U_d;
          break;
        case 'f':
          g.formatFlags |= FF_Uf;
          g.unixF = true;
          break;
        case 'g': {
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'list of session leaders OR effective group names must follow -g';
          if (!this.parseList(arg, (s) => this.parsePid(s), 'SESS')) return null;
          if (!this.parseList(arg, (s) => this.parseGid(s), 'EGID')) return null;
          return 'list of session leaders OR effective group IDs was invalid';
        }
        case 'j':
          g.formatModifiers |= FM_j;
          break;
        case 'l':
          g.formatFlags |= FF_Ul;
          break;
        case 'm':
          g.threadFlags |= TF_U_m;
          break;
        case 'o':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'format specification must follow -o';
          this.deferSf(arg, 'U_o');
          return null;
        case 'p':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'list of process IDs must follow -p';
          return this.parseList(arg, (s) => this.parsePid(s), 'PID');
        case 'q':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'List of process IDs must follow -q.';
          return this.parseList(arg, (s) => this.parsePid(s), 'PID_QUICK');
        case 's':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'list of session IDs must follow -s';
          return this.parseList(arg, (s) => this.parsePid(s), 'SESS');
        case 't':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'list of terminals (pty, tty...) must follow -t';
          return this.parseList(arg, (s) => this.parseTty(s), 'TTY');
        case 'u':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'list of users must follow -u';
          return this.parseList(arg, (s) => this.parseUid(s), 'EUID');
        case 'w':
          g.wCount++;
          break;
        case 'x':
          return 'must set personality to get -x option';
        case 'y':
          g.formatModifiers |= FM_y;
          break;
        case '-':
          return "embedded '-' among SysV options makes no sense";
        default:
          return 'unsupported SysV option';
      }
    }
    return null;
  }

  parseBsd(): string | null {
    const a = this.argv[this.thisarg]!;
    const g = this.g;
    let start = 0;
    if (a[0] === '-') {
      if (!g.forceBsd) return 'cannot happen - problem #1';
      start = 1;
    } else if (g.forceBsd) return 'second chance parse failed, not BSD or SysV';
    for (let i = start; i < a.length; i++) {
      const c = a[i]!;
      let arg: string | undefined;
      let err: string | null;
      if (c >= '0' && c <= '9') return this.parseList(a.slice(i), (s) => this.parsePid(s), 'PID');
      switch (c) {
        case 'H':
          g.threadFlags |= TF_B_H;
          break;
        case 'L':
          err = this.exclusive('L');
          if (err) return err;
          throw new Exit(0, listSpecifiers());
        case 'M':
          g.threadFlags |= TF_B_m;
          break;
        case 'O':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'format or sort specification must follow O';
          this.deferSf(arg, 'B_O');
          return null;
        case 'S':
          g.includeDeadChildren = true;
          break;
        case 'T':
          g.selection.unshift({ type: 'TTY', vals: [this.env.ttyNr] });
          break;
        case 'U':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'list of users must follow U';
          return this.parseList(arg, (s) => this.parseUid(s), 'EUID');
        case 'V':
          err = this.exclusive('V');
          if (err) return err;
          throw new Exit(0, VERSION);
        case 'W':
          return 'obsolete W option not supported (you have a /dev/drum?)';
        case 'X':
          g.formatFlags |= FF_LX;
          break;
        case 'Z':
          g.formatModifiers |= FM_M;
          break;
        case 'a':
          g.simpleSelect |= SS_B_a;
          break;
        case 'c':
          g.bsdC = true;
          break;
        case 'e':
          g.bsdE = true;
          break;
        case 'f':
          g.forestType = 'b';
          break;
        case 'g':
          g.simpleSelect |= SS_B_g;
          break;
        case 'h':
          if (g.headerType !== HEAD_SINGLE) return 'only one heading option may be specified';
          g.headerType = HEAD_NONE;
          break;
        case 'j':
          g.formatFlags |= FF_Bj;
          break;
        case 'k':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return "long sort specification must follow 'k'";
          this.deferSf(arg, 'G_sort');
          return null;
        case 'l':
          g.formatFlags |= FF_Bl;
          break;
        case 'm':
          // personality PER_OLD_m is set on the BSD retry
          if (g.forceBsd) g.formatFlags |= FF_Lm;
          else g.threadFlags |= TF_B_m;
          break;
        case 'n':
          g.wchanIsNumber = true;
          g.userIsNumber = true;
          break;
        case 'o':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'format specification must follow o';
          this.deferSf(arg, 'B_o');
          return null;
        case 'p':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'list of process IDs must follow p';
          return this.parseList(arg, (s) => this.parsePid(s), 'PID');
        case 'q':
          arg = this.getOptArg(a, i);
          if (arg === undefined) return 'List of process IDs must follow q.';
          return this.parseList(arg, (s) => this.parsePid(s), 'PID_QUICK');
        case 'r':
          g.runningOnly = true;
          break;
        case 's':
          g.formatFlags |= FF_Bs;
          break;
        case 't':
          arg = this.getOptArg(a, i);
          if (arg === undefined) {
            g.selection.unshift({ type: 'TTY', vals: [this.env.ttyNr] });
            return null;
          }
          return this.parseList(arg, (s) => this.parseTty(s), 'TTY');
        case 'u':
          g.formatFlags |= FF_Bu;
          break;
        case 'v':
          g.formatFlags |= FF_Bv;
          break;
        case 'w':
          g.wCount++;
          break;
        case 'x':
          g.simpleSelect |= SS_B_x;
          break;
        case '-':
          return "embedded '-' among BSD options makes no sense";
        default:
          return 'unsupported option (BSD syntax)';
      }
    }
    return null;
  }

  parseGnu(): string | null {
    const a = this.argv[this.thisarg]!;
    const s = a.slice(2);
    const sl = s.search(/[:=]/) < 0 ? s.length : s.search(/[:=]/);
    if (sl > 15) return 'unknown gnu long option';
    const name = s.slice(0, sl);
    const rest = s.slice(sl);
    const g = this.g;
    const grab = (): string | undefined => {
      if (rest.length > 0) {
        return rest.length > 1 ? rest.slice(1) : undefined;
      }
      if (this.thisarg + 2 > this.argv.length) return undefined;
      const next = this.argv[this.thisarg + 1]!;
      if (next === '') return undefined;
      this.thisarg++;
      return next;
    };
    let arg: string | undefined;
    switch (name) {
      case 'Group':
        arg = grab();
        if (arg === undefined) return 'list of real groups must follow --Group';
        return this.parseList(arg, (x) => this.parseGid(x), 'RGID');
      case 'User':
        arg = grab();
        if (arg === undefined) return 'list of real users must follow --User';
        return this.parseList(arg, (x) => this.parseUid(x), 'RUID');
      case 'cols': case 'width': case 'columns': {
        arg = grab();
        const t = arg ? strtoul0(arg) : undefined;
        if (t !== undefined && t > 0 && t < 2000000000) {
          g.screenCols = t;
          return null;
        }
        return 'number of columns must follow --cols, --width, or --columns';
      }
      case 'cumulative':
        if (rest) return 'option --cumulative does not take an argument';
        g.includeDeadChildren = true;
        return null;
      case 'date-format':
        arg = grab();
        if (arg === undefined) return 'date format must follow --date-format';
        return null;
      case 'deselect':
        if (rest) return 'option --deselect does not take an argument';
        g.negate = true;
        return null;
      case 'no-header': case 'no-headers': case 'no-heading': case 'no-headings':
      case 'noheader': case 'noheaders': case 'noheading': case 'noheadings':
        if (rest) return 'option --no-heading does not take an argument';
        if (g.headerType !== HEAD_SINGLE) return 'only one heading option may be specified';
        g.headerType = HEAD_NONE;
        return null;
      case 'header': case 'headers': case 'heading': case 'headings':
        if (rest) return 'option --heading does not take an argument';
        if (g.headerType !== HEAD_SINGLE) return 'only one heading option may be specified';
        g.headerType = HEAD_MULTI;
        return null;
      case 'forest':
        if (rest) return 'option --forest does not take an argument';
        g.forestType = 'g';
        return null;
      case 'format':
        arg = grab();
        if (arg === undefined) return 'format specification must follow --format';
        this.deferSf(arg, 'G_format');
        return null;
      case 'group':
        arg = grab();
        if (arg === undefined) return 'list of effective groups must follow --group';
        return this.parseList(arg, (x) => this.parseGid(x), 'EGID');
      case 'help':
        arg = grab();
        throw new Exit(0, psHelp(arg));
      case 'info': {
        const e = this.exclusive('--info');
        if (e) return e;
        throw new Exit(0, '');
      }
      case 'pid':
        arg = grab();
        if (arg === undefined) return 'list of process IDs must follow --pid';
        return this.parseList(arg, (x) => this.parsePid(x), 'PID');
      case 'quick-pid':
        arg = grab();
        if (arg === undefined) return 'List of process IDs must follow --quick-pid.';
        return this.parseList(arg, (x) => this.parsePid(x), 'PID_QUICK');
      case 'ppid':
        arg = grab();
        if (arg === undefined) return 'list of process IDs must follow --ppid';
        return this.parseList(arg, (x) => this.parsePid(x), 'PPID');
      case 'rows': case 'lines': {
        arg = grab();
        const t = arg ? strtoul0(arg) : undefined;
        if (t !== undefined && t > 0 && t < 2000000000) {
          g.screenRows = t;
          return null;
        }
        return 'number of rows must follow --rows or --lines';
      }
      case 'sid':
        arg = grab();
        if (arg === undefined) return 'some sid thing(s) must follow --sid';
        return this.parseList(arg, (x) => this.parsePid(x), 'SESS');
      case 'sort':
        arg = grab();
        if (arg === undefined) return 'long sort specification must follow --sort';
        this.deferSf(arg, 'G_sort');
        return null;
      case 'tty':
        arg = grab();
        if (arg === undefined) return 'list of ttys must follow --tty';
        return this.parseList(arg, (x) => this.parseTty(x), 'TTY');
      case 'user':
        arg = grab();
        if (arg === undefined) return 'list of effective users must follow --user';
        return this.parseList(arg, (x) => this.parseUid(x), 'EUID');
      case 'version': {
        const e = this.exclusive('--version');
        if (e) return e;
        throw new Exit(0, VERSION);
      }
      case 'context':
        g.formatFlags |= FF_Fc;
        return null;
      default:
        return 'unknown gnu long option';
    }
  }

  parseTrailingPids(): string | null {
    const pids: number[] = [];
    const grps: number[] = [];
    const sids: number[] = [];
    const args = this.argv.slice(this.thisarg);
    this.thisarg = this.argv.length - 1;
    for (const d of args) {
      let r: string | number;
      if (d[0] === '-') {
        r = this.parsePid(d.slice(1));
        if (typeof r === 'number') grps.push(r);
      } else if (d[0] === '+') {
        r = this.parsePid(d.slice(1));
        if (typeof r === 'number') sids.push(r);
      } else {
        r = this.parsePid(d);
        if (typeof r === 'number') pids.push(r);
      }
      if (typeof r === 'string') return r;
    }
    if (pids.length) this.g.selection.unshift({ type: 'PID', vals: pids });
    if (grps.length) this.g.selection.unshift({ type: 'PGRP', vals: grps });
    if (sids.length) this.g.selection.unshift({ type: 'SESS', vals: sids });
    return null;
  }

  argType(s: string): 'GNU' | 'END' | 'PGRP' | 'SYSV' | 'PID' | 'BSD' | 'FAIL' | 'SESS' {
    const alpha = (c: string | undefined) => c !== undefined && /[a-zA-Z]/.test(c);
    const digit = (c: string | undefined) => c !== undefined && /[0-9]/.test(c);
    if (alpha(s[0])) return 'BSD';
    if (digit(s[0])) return 'PID';
    if (s[0] === '+') return 'SESS';
    if (s[0] !== '-') return 'FAIL';
    if (alpha(s[1])) return 'SYSV';
    if (digit(s[1])) return 'PGRP';
    if (s[1] !== '-') return 'FAIL';
    if (alpha(s[2])) return 'GNU';
    if (s.length === 2) return 'END';
    return 'FAIL';
  }

  parseAll(): string | null {
    while (++this.thisarg < this.argv.length) {
      const at = this.argType(this.argv[this.thisarg]!);
      let err: string | null;
      switch (at) {
        case 'GNU':
          err = this.parseGnu();
          break;
        case 'SYSV':
          if (!this.g.forceBsd) {
            err = this.parseSysv();
            break;
          }
          this.g.preferBsd = true;
          err = this.parseBsd();
          break;
        case 'BSD':
          this.g.preferBsd = true;
          err = this.parseBsd();
          break;
        case 'PGRP': case 'SESS': case 'PID':
          this.g.preferBsd = true;
          err = this.parseTrailingPids();
          break;
        default:
          return 'garbage option';
      }
      if (err) return err;
    }
    return null;
  }

  threadOptionCheck(): string | null {
    const g = this.g;
    if (!g.threadFlags) {
      g.threadFlags = TF_show_proc;
      return null;
    }
    if (g.forestType) return 'thread display conflicts with forest display';
    if (g.threadFlags & TF_B_H && g.threadFlags & (TF_B_m | TF_U_m)) return "thread flags conflict; can't use H with m or -m";
    if (g.threadFlags & TF_B_m && g.threadFlags & TF_U_m) return "thread flags conflict; can't use both m and -m";
    if (g.threadFlags & TF_U_L && g.threadFlags & TF_U_T) return "thread flags conflict; can't use both -L and -T";
    if (g.threadFlags & TF_B_H) g.threadFlags |= TF_show_proc | TF_loose_tasks;
    if (g.threadFlags & (TF_B_m | TF_U_m)) g.threadFlags |= TF_show_proc | TF_show_task | TF_show_both;
    if (g.threadFlags & (TF_U_T | TF_U_L)) {
      if (g.threadFlags & (TF_B_m | TF_U_m | TF_B_H)) g.threadFlags |= TF_must_use;
      else g.threadFlags |= TF_show_task;
    }
    return null;
  }

  spec(s: string, override?: string): FormatNode[] {
    return doOneSpec(s, override, this.env.pidWidth)!;
  }

  formatParse(sfn: SfNode): string | null {
    const sf = sfn.sf;
    const isSep = (ch: string) => ch === ' ' || ch === ',' || ch === '\t' || ch === '\n';
    let need = true;
    let items = 0;
    if (sf.length === 0) return 'improper format list';
    for (const ch of sf) {
      if (isSep(ch)) {
        if (need) return 'improper format list';
        need = true;
      } else {
        if (need) items++;
        need = false;
      }
    }
    if (!items) return 'empty format list';
    let buf = sf;
    if (need) buf = buf.slice(0, -1); // allow 1 trailing delimiter
    let walk: string | null = buf;
    const nodes: FormatNode[] = [];
    while (items-- > 0) {
      if (walk === null) return 'improper format list';
      const sep = walk.search(/[ ,\t\n]/);
      let item: string = walk;
      let next: string | null = null;
      if (sep >= 0) {
        if (items) item = walk.slice(0, sep);
        next = walk.slice(sep + 1);
      }
      let override: string | undefined;
      const eq = item.indexOf('=');
      if (eq >= 0) {
        override = item.slice(eq + 1);
        item = item.slice(0, eq);
      }
      let width: number | undefined;
      const colon = item.indexOf(':');
      if (colon >= 0) {
        const w = item.slice(colon + 1);
        item = item.slice(0, colon);
        if (!/^[0-9]+$/.test(w) || w[0] === '0' || Number(w) <= 0) return 'column widths must be unsigned decimal numbers';
        width = Number(w);
      }
      const fn = doOneSpec(item, override, this.env.pidWidth);
      if (!fn) return `unknown user-defined format specifier "${item}"`;
      if (width !== undefined) {
        if (fn.length > 1) return 'can not set width for a macro (multi-column) format specifier';
        fn[0]!.width = width;
      }
      nodes.push(...fn);
      walk = next;
    }
    sfn.fCooked = nodes;
    this.g.parsedFormat = true;
    return null;
  }

  sortSpec(spec: string): SortNode | undefined {
    let reverse = false;
    if (spec[0] === '-') {
      reverse = true;
      spec = spec.slice(1);
    } else if (spec[0] === '+') spec = spec.slice(1);
    const fs = FORMATS.get(spec);
    if (!fs) return undefined;
    const key = fs.sort ?? ((p: PsProc, c: PsContext) => (fs.pr ? fs.pr(p, c) : ''));
    return { key, reverse };
  }

  longSortParse(sfn: SfNode): string | null {
    const items = sfn.sf.split(/[ ,\t\n]/);
    if (items.length && items[items.length - 1] === '' && items.length > 1) items.pop();
    if (!items.length || (items.length === 1 && items[0] === '')) return 'empty sort list';
    for (const it of items) {
      if (it === '') return 'improper sort list';
      const n = this.sortSpec(it);
      if (!n) return 'unknown sort specifier';
      sfn.sCooked.push(n);
    }
    this.g.parsedSort = true;
    return null;
  }

  shortSortParse(sfn: SfNode): string | null {
    const SHORT: Record<string, string> = {
      C: 'pcpu', G: 'tpgid', P: 'ppid', R: 'rss', T: 'start_time', U: 'uid', c: 'cmd', f: 'flags', g: 'pgrp',
      o: 'session', p: 'pid', r: 'rss', s: 'size', t: 'tty', u: 'user', v: 'vsize', y: 'priority', k: 'time',
    };
    let reverse = false;
    for (const ch of sfn.sf) {
      if (ch === '+') reverse = false;
      else if (ch === '-') reverse = true;
      else {
        const spec = SHORT[ch];
        const n = spec ? this.sortSpec(spec) : undefined;
        if (!n) return 'unknown sort specifier';
        n.reverse = reverse;
        sfn.sCooked.push(n);
        reverse = false;
      }
    }
    this.g.parsedSort = true;
    return null;
  }

  oWrap(sfn: SfNode, otype: 'b' | 'u'): void {
    const trailer = otype === 'b' ? 'END_BSD' : 'END_SYS5';
    sfn.fCooked = [...this.spec('pid'), ...sfn.fCooked, ...this.spec(trailer)];
  }

  parseO(): string | null {
    const g = this.g;
    // process in original (command line) order: sfList is newest-first
    for (const sfn of [...g.sfList].reverse()) {
      let err: string | null = null;
      switch (sfn.code) {
        case 'B_o': case 'G_format': case 'U_o':
          err = this.formatParse(sfn);
          break;
        case 'U_O':
          if (g.parsedFormat) return 'option -O can not follow other format options';
          err = this.formatParse(sfn);
          if (err) return err;
          this.oWrap(sfn, 'u');
          break;
        case 'B_O': {
          if (g.haveGnuSort || g.parsedSort) err = 'multiple sort options';
          else err = verifyShortSort(sfn.sf, g.forestType !== '');
          if (!err) {
            this.shortSortParse(sfn);
            continue;
          }
          if (g.parsedFormat) {
            err = 'option O is neither first format nor sort order';
            break;
          }
          if (!this.formatParse(sfn)) {
            this.oWrap(sfn, 'b');
            err = null;
          }
          break;
        }
        case 'G_sort': case 'B_m':
          if (g.parsedSort) err = 'multiple sort options';
          else err = this.longSortParse(sfn);
          g.parsedSort = true;
          break;
      }
      if (err) return err;
    }
    return null;
  }

  processSfOptions(): string | null {
    const g = this.g;
    if (g.sfList.length) {
      const err = this.parseO();
      if (err) return err;
    }
    for (const sfn of [...g.sfList].reverse()) g.formatList.push(...sfn.fCooked);
    for (const sfn of [...g.sfList].reverse()) g.sortList.push(...sfn.sCooked);

    if (g.formatList.length) {
      if (g.formatFlags) return 'conflicting format options';
      if (g.formatModifiers) return 'can not use output modifiers with user-defined output';
      if (g.threadFlags & TF_must_use) return '-L/-T with H/m/-m and -o/-O/o/O is nonsense';
      return null;
    }
    let spec: string | null;
    switch (g.formatFlags) {
      case 0: case FF_Uf | FF_Ul: case FF_Uf: case FF_Ul:
        spec = null;
        break;
      case FF_Uj: spec = null; break;
      case FF_Uj | FF_Ul: spec = 'RD_lj'; break;
      case FF_Uj | FF_Uf: spec = 'RD_fj'; break;
      case FF_Bj: spec = 'OL_j'; break;
      case FF_Bl: spec = 'OL_l'; break;
      case FF_Bs: spec = 'OL_s'; break;
      case FF_Bu: spec = 'OL_u'; break;
      case FF_Bv: spec = 'OL_v'; break;
      case FF_LX: return 'unsupported option (BSD syntax)';
      case FF_Lm: return 'unsupported option (BSD syntax)';
      case FF_Fc: return 'unsupported option (BSD syntax)';
      default: return 'conflicting format options';
    }
    if (spec === null) return this.generateSysvList();
    const nodes = doOneSpec(spec, undefined, this.env.pidWidth);
    if (!nodes) return 'conflicting format options';
    g.formatList = nodes;
    const names = () => g.formatList.map((n) => n.name);
    const addAfter = (find: string, node: FormatNode[]): boolean => {
      const i = names().indexOf(find);
      if (i < 0) return false;
      g.formatList.splice(i + 1, 0, ...node);
      return true;
    };
    const del = (find: string): void => {
      const i = names().indexOf(find);
      if (i >= 0) g.formatList.splice(i, 1);
    };
    if (g.formatModifiers & FM_j) {
      if (!addAfter('PPID', this.spec('pgid'))) addAfter('PID', this.spec('pgid'));
      if (!addAfter('PGID', this.spec('sid'))) return 'lost my PGID';
    }
    if (g.formatModifiers & FM_y) {
      del('F');
      if (addAfter('ADDR', this.spec('rss'))) del('ADDR');
    }
    if (g.formatModifiers & FM_c) {
      del('%CPU'); del('CPU'); del('CP'); del('C'); del('NI');
      addAfter('PRI', this.spec('class'));
      del('PRI');
      if (!addAfter('CLS', this.spec('pri'))) return 'lost my CLS';
    }
    if (g.threadFlags & TF_U_T) {
      if (!addAfter('PID', this.spec('spid')) && g.threadFlags & TF_must_use) return '-T with H/-m/m but no PID for SPID to follow';
    }
    if (g.threadFlags & TF_U_L) {
      const lwp = this.spec('lwp');
      const ok = ['SID', 'SESS', 'PGID', 'PGRP', 'PPID', 'PID'].some((h) => addAfter(h, lwp));
      if (!ok && g.threadFlags & TF_must_use) return '-L with H/-m/m but no PID/PGID/SID/SESS for NLWP to follow';
      addAfter('%CPU', this.spec('nlwp'));
    }
    if (g.formatModifiers & FM_M) g.formatList.unshift(...this.spec('label'));
    return null;
  }

  /** generate_sysv_list, built front-to-back (the C code pushes back-to-front). */
  generateSysvList(): string | null {
    const g = this.g;
    const ff = g.formatFlags;
    const fm = g.formatModifiers;
    const tf = g.threadFlags;
    if (fm & FM_y && !(ff & FF_Ul)) return 'modifier -y without format -l makes no sense';
    const rev: string[] = [];
    const PUSH = (s: string) => rev.push(s);
    if (g.preferBsd) {
      if (ff) PUSH('cmd');
      else PUSH('args');
      PUSH('bsdtime');
      if (!(ff & FF_Ul)) PUSH('stat');
    } else {
      if (ff & FF_Uf) PUSH('cmd');
      else PUSH('ucmd');
      PUSH('time');
    }
    PUSH('tname');
    if (ff & FF_Uf) PUSH('stime');
    if (fm & FM_F) {
      if (!(fm & FM_P)) PUSH('psr');
      if (!(ff & FF_Ul && fm & FM_y)) PUSH('rss');
    }
    if (ff & FF_Ul) PUSH('wchan');
    if (fm & FM_F || ff & FF_Ul) PUSH('sz');
    if (ff & FF_Ul) {
      if (fm & FM_y) PUSH('rss');
      else PUSH('addr_1');
    }
    if (fm & FM_c) {
      PUSH('pri');
      PUSH('class');
    } else if (ff & FF_Ul) {
      PUSH('ni');
      PUSH('opri');
    }
    if (tf & TF_U_L && ff & FF_Uf) PUSH('nlwp');
    if (ff & (FF_Uf | FF_Ul) && !(fm & FM_c)) PUSH('c');
    if (fm & FM_P) PUSH('psr');
    if (tf & TF_U_L) PUSH('lwp');
    if (fm & FM_j) {
      PUSH('sid');
      PUSH('pgid');
    }
    if (ff & (FF_Uf | FF_Ul)) PUSH('ppid');
    if (tf & TF_U_T) PUSH('spid');
    PUSH('pid');
    if (ff & FF_Uf) PUSH('uid_hack');
    else if (ff & FF_Ul) PUSH('uid');
    if (ff & FF_Ul) {
      PUSH('s');
      if (!(fm & FM_y)) PUSH('f');
    }
    if (fm & FM_M) PUSH('label');
    g.formatList = rev.reverse().flatMap((s) => this.spec(s));
    return null;
  }

  selectSetup(): string | null {
    const g = this.g;
    switch (g.simpleSelect) {
      case 0: case SS_U_a: case SS_U_d: case SS_U_a | SS_U_d: case SS_B_a: case SS_B_a | SS_B_g:
      case SS_B_x: case SS_B_x | SS_B_g:
        return null;
      case SS_B_a | SS_B_x: case SS_B_a | SS_B_x | SS_B_g:
        g.simpleSelect = 0;
        g.allProcesses = true;
        return null;
      default:
        return 'process selection options conflict';
    }
  }

  run(): string | null {
    const err = this.parseAll() ?? this.threadOptionCheck() ?? this.processSfOptions() ?? this.selectSetup();
    if (!err) return null;
    // second chance: BSD
    this.g.forceBsd = true;
    this.reset();
    this.g.forceBsd = true;
    this.g.preferBsd = true;
    const err2 = this.parseAll() ?? this.threadOptionCheck() ?? this.processSfOptions() ?? this.selectSetup();
    if (!err2) return null;
    void err2;
    return err;
  }
}

function* fileExistsDev(sys: Sys, paths: string[]): SysCall<Map<string, [number, number]>> {
  const m = new Map<string, [number, number]>();
  for (const p of paths) {
    const s = yield* sys.stat(p);
    if (typeof s !== 'number') m.set(p, [s.mode, s.rdev]);
  }
  return m;
}

/** Candidate /dev paths parse_tty would stat for the -t/t/--tty arguments in argv. */
function ttyCandidates(argv: string[]): string[] {
  const out: string[] = [];
  for (const a of argv) {
    for (const s of a.split(/[ ,\t]/)) {
      if (!s) continue;
      const t = s.replace(/^-?-?(t|tty=?)/, '');
      for (const x of [s, t]) {
        if (x.startsWith('/')) out.push(x);
        else out.push(`/dev/pts/${x}`, `/dev/${x}`, `/dev/tty${x}`, `/dev/pty${x}`, `/dev/${x}nsole`);
      }
    }
  }
  return out;
}

export function* ps(sys: Sys, argv: string[], envp: string[]): Program {
  // ---- what ps learns about itself and the terminal ----
  const self = yield* readProc(sys, '/proc/self', { cmdline: false });
  const euid = yield* sys.geteuid();
  const ids = yield* loadIdDb(sys);
  const pw = yield* pidWidth(sys);
  let cols = 80;
  let rows = 24;
  for (const fd of [1, 2, 0]) {
    const ws = (yield* sys.ioctl(fd, TIOCGWINSZ)) as Winsize | number;
    if (typeof ws !== 'number' && ws && ws.cols > 0 && ws.rows > 0) {
      cols = ws.cols;
      rows = ws.rows;
      break;
    }
  }
  const isTty = typeof (yield* sys.ioctl(1, TCGETS)) !== 'number';
  if (!isTty) cols = OUTBUF_SIZE;
  const envCols = getenv(envp, 'COLUMNS');
  if (envCols && /^[0-9]+$/.test(envCols) && Number(envCols) > 0 && Number(envCols) < OUTBUF_SIZE) cols = Number(envCols);
  const envRows = getenv(envp, 'LINES');
  if (envRows && /^[0-9]+$/.test(envRows) && Number(envRows) > 0 && Number(envRows) < OUTBUF_SIZE) rows = Number(envRows);

  const loc = getenv(envp, 'LC_ALL') || getenv(envp, 'LC_CTYPE') || getenv(envp, 'LANG') || '';
  const statDev = yield* fileExistsDev(sys, ttyCandidates(argv.slice(1)));
  const env: Env = {
    euid,
    ttyNr: self?.stat.ttyNr ?? 0,
    pidWidth: pw,
    userByName: (n) => ids.userByName(n)?.uid,
    groupByName: (n) => ids.groupByName(n)?.gid,
    statDev,
  };
  const parser = new Parser(argv, env, { cols, rows });
  let err: string | null;
  try {
    err = parser.run();
  } catch (e) {
    if (e instanceof Exit) {
      if (e.out) yield* writeAll(sys, 1, e.out);
      if (e.err) yield* writeAll(sys, 2, e.err);
      return e.status;
    }
    throw e;
  }
  if (err) {
    yield* writeAll(sys, 2, `error: ${err}\n${PS_USAGE}`);
    return 1;
  }
  const g = parser.g;
  if (g.wCount && g.screenCols < 132) g.screenCols = 132;
  if (g.wCount > 1) g.screenCols = OUTBUF_SIZE;

  // arg_check_conflicts (-q)
  const quick = g.selection.filter((s) => s.type === 'PID_QUICK').length;
  if (quick > 1) return yield* fail(sys, 'q/-q/--quick-pid can only be used once.\n');
  if (quick && g.selection.length > quick) return yield* fail(sys, 'q/-q/--quick-pid cannot be combined with other selection options.\n');
  if (quick && g.forestType) return yield* fail(sys, 'q/-q/--quick-pid cannot be used together with forest type listings.\n');
  if (quick && g.sortList.length) return yield* fail(sys, 'q/-q,--quick-pid cannot be used together with sort options.\n');
  if (quick && g.negate) return yield* fail(sys, 'q/-q/--quick-pid cannot be used together with negation switches.\n');

  // ---- read /proc ----
  const memTotalKb = parseMeminfo(yield* readProcText(sys, '/proc/meminfo')).get('MemTotal') ?? 0;
  const kstat = parseKernelStat(yield* readProcText(sys, '/proc/stat'));
  const now = yield* nowSeconds(sys);
  const needEnviron = g.bsdE || g.formatList.some((f) => f.name === 'ENVIRONMENT');
  // like procps, read /proc/PID/cmdline only when a column (or sort key) shows the command line
  const cmdSpecs = ['args', 'cmd', 'command'];
  const needCmdline =
    g.formatList.some((f) => cmdSpecs.includes(f.spec) || (g.unixF && ['comm', 'ucmd', 'ucomm', 'fname'].includes(f.spec))) ||
    g.sfList.some((s) => s.code === 'G_sort' || s.code === 'B_O');
  const procs = yield* readAllProcs(sys, { cmdline: needCmdline });
  const uptimeCs = parseUptimeCs(yield* readProcText(sys, '/proc/uptime'))[0];

  const environs = new Map<number, string>();
  if (needEnviron) {
    for (const p of procs) {
      const e = yield* readProcText(sys, `/proc/${p.pid}/environ`);
      environs.set(p.pid, e.split('\0').filter((x) => x).join(' '));
    }
  }
  const wchans = new Map<number, string | undefined>();
  const needWchan = g.formatList.some((f) => f.name === 'WCHAN' || f.pr === FORMATS.get('wchan')!.pr);
  const readWchan = function* (tgid: number, tid: number): SysCall<void> {
    if (!needWchan || wchans.has(tid)) return;
    const r = yield* readFile(sys, tgid === tid ? `/proc/${tid}/wchan` : `/proc/${tgid}/task/${tid}/wchan`);
    wchans.set(tid, typeof r === 'number' ? undefined : r === '' || r === '0' ? '-' : r);
  };
  const nameCache = new Map<number, string | undefined>();
  const userName = (uid: number) => {
    if (!nameCache.has(uid)) nameCache.set(uid, ids.userByUid(uid)?.name);
    return nameCache.get(uid);
  };
  const groupName = (gid: number) => ids.groupByGid(gid)?.name;
  const mk = function* (info: ProcInfo, tgid: number): SysCall<PsProc> {
    yield* readWchan(tgid, info.pid);
    return { info, tid: info.pid, tgid, userName, groupName };
  };

  const { activeCols, wideSignals } = checkHeaderWidth(g.formatList, g.screenCols, OUTBUF_SIZE);
  const ctx: PsContext = {
    uptimeCs, btime: kstat.btime, now, memTotalKb, forestPrefix: '', forestType: g.forestType, maxRightward: 0,
    bsdC: g.bsdC, bsdE: g.bsdE, unixF: g.unixF, userIsNumber: g.userIsNumber, wideSignals,
    includeDeadChildren: g.includeDeadChildren, environ: (p) => environs.get(p.tgid) ?? '-',
    wchan: (p) => wchans.get(p.tid),
    utf8: /utf-?8/i.test(loc),
  };

  // ---- selection (ps/select.c) ----
  let selMyEuid = false;
  let selMyTty = false;
  let selNoLeader = false;
  let selHasTty = false;
  switch (g.simpleSelect) {
    case 0:
      selMyEuid = true;
      if (g.preferBsd) selHasTty = true;
      else selMyTty = true;
      break;
    case SS_U_a:
      selNoLeader = true;
      selHasTty = true;
      break;
    case SS_U_d: case SS_U_a | SS_U_d:
      selNoLeader = true;
      break;
    case SS_B_a: case SS_B_a | SS_B_g:
      selHasTty = true;
      break;
    case SS_B_x: case SS_B_x | SS_B_g:
      selMyEuid = true;
      break;
  }
  const simpleAccept = (p: PsProc) => {
    const s = p.info.stat;
    if (selMyEuid && p.info.euid !== euid) return false;
    if (selMyTty && s.ttyNr !== env.ttyNr) return false;
    if (selNoLeader && s.session === p.tgid) return false;
    if (selHasTty && s.ttyNr === 0) return false;
    return true;
  };
  const listed = (p: PsProc) => {
    const s = p.info.stat;
    for (const sn of g.selection) {
      const has = (v: number) => sn.vals.some((x) => typeof x === 'number' && x >>> 0 === v >>> 0);
      switch (sn.type) {
        case 'RUID': if (has(p.info.ruid)) return true; break;
        case 'EUID': if (has(p.info.euid)) return true; break;
        case 'RGID': if (has(p.info.rgid)) return true; break;
        case 'EGID': if (has(p.info.egid)) return true; break;
        case 'PGRP': if (has(s.pgrp)) return true; break;
        case 'PID': case 'PID_QUICK': if (has(p.tgid)) return true; break;
        case 'PPID': if (has(s.ppid)) return true; break;
        case 'TTY': if (has(s.ttyNr)) return true; break;
        case 'SESS': if (has(s.session)) return true; break;
        case 'COMM':
          for (const v of sn.vals) {
            const name = String(v);
            if (s.comm.length === 15 && name.length >= 15 && s.comm === name.slice(0, 15)) return true;
            if (s.comm.slice(0, 63) === name.slice(0, 63)) return true;
          }
          break;
      }
    }
    return false;
  };
  const wantThis = (p: PsProc) => {
    let ok = true;
    if (!g.allProcesses) {
      ok = false;
      if ((g.simpleSelect || !g.selection.length) && simpleAccept(p)) ok = true;
      else if (listed(p)) ok = true;
    }
    if (g.runningOnly && !(p.info.stat.state === 'R' || p.info.stat.state === 'D')) ok = false;
    return g.negate ? !ok : ok;
  };

  // ---- format lists for process vs thread rows ----
  let procFmt = g.formatList;
  let taskFmt = g.formatList;
  if (g.threadFlags & TF_show_both) {
    const nopPr = () => '-';
    procFmt = g.formatList.map((f) => ((f.flags & CF_PRINT_MASK) === CF_PRINT_THREAD_ONLY ? { ...f, pr: nopPr } : f));
    taskFmt = g.formatList.map((f) => ((f.flags & CF_PRINT_MASK) === CF_PRINT_PROCESS_ONLY ? { ...f, pr: nopPr } : f));
  }

  // ---- headers ----
  let headerGap = -1;
  let linesToNext = 1;
  if (g.headerType === HEAD_MULTI) headerGap = g.screenRows - 1;
  else if (g.headerType === HEAD_NONE) linesToNext = -1;
  else if (!g.formatList.some((f) => f.name && f.pr)) linesToNext = -1;

  const chunks: string[] = [];
  let didStuff = false;
  const show = (p: PsProc, fmt: FormatNode[]) => {
    if (--linesToNext === 0) {
      linesToNext = headerGap;
      chunks.push(showOneProc(undefined, fmt, ctx, activeCols, OUTBUF_SIZE, g.wchanIsNumber));
    }
    didStuff = true;
    chunks.push(showOneProc(p, fmt, ctx, activeCols, OUTBUF_SIZE, g.wchanIsNumber));
  };

  if (g.forestType || g.sortList.length) {
    // fancy_spew: sort, then maybe forest
    let rowsAll: PsProc[] = [];
    for (const info of procs) {
      if (g.threadFlags & TF_loose_tasks) {
        for (const t of yield* readTasks(sys, info)) rowsAll.push(yield* mk(t, info.pid));
      } else rowsAll.push(yield* mk(info, info.pid));
    }
    rowsAll = rowsAll.filter(wantThis);
    // procps applies its sort list last-key-first, so the first key given is the primary one
    const sorts: SortNode[] = [...g.sortList].reverse();
    if (g.forestType) {
      if (!sorts.length) sorts.push({ key: (p) => p.info.stat.starttime, reverse: false });
      sorts.push({ key: (p) => p.info.stat.ppid, reverse: false });
    }
    for (const s of sorts) {
      const dec = rowsAll.map((p, i) => ({ p, i, k: s.key(p, ctx) }));
      dec.sort((a, b) => {
        let r = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
        if (s.reverse) r = -r;
        return r || a.i - b.i;
      });
      rowsAll = dec.map((d) => d.p);
    }
    if (g.forestType) {
      const n = rowsAll.length;
      // show_tree as procps-ng 4.0.2 display.c: children of PID 1 stay at their parent's level
      // ("ADOPTED"), except with -H
      const prefix: string[] = [];
      const showTree = (self: number, level: number, haveSibling: boolean) => {
        if (level) {
          prefix[level - 1] = haveSibling ? '+' : 'L';
          prefix.length = level;
        }
        ctx.forestPrefix = prefix.join('');
        show(rowsAll[self]!, g.formatList);
        const selfPid = rowsAll[self]!.info.pid;
        let i = 0;
        for (;;) {
          if (i >= n) return;
          if (rowsAll[i]!.info.stat.ppid === selfPid) break;
          i++;
        }
        if (level) {
          prefix[level - 1] = haveSibling ? '|' : ' ';
          prefix.length = level;
        }
        for (;;) {
          if (i >= n) break;
          let more = true;
          if (i + 1 >= n) more = false;
          else if (rowsAll[i + 1]!.info.stat.ppid !== selfPid) more = false;
          if (selfPid === 1 && g.forestType !== 'u') showTree(i++, level, more);
          else showTree(i++, level + 1, more);
          if (!more) break;
        }
        prefix.length = level;
      };
      const pidSet = new Set(rowsAll.map((p) => p.info.pid));
      for (let i = n - 1; i >= 0; i--) {
        if (!pidSet.has(rowsAll[i]!.info.stat.ppid)) showTree(i, 0, false);
      }
    } else for (const p of rowsAll) show(p, procFmt);
  } else {
    const quickSel = g.selection.find((s) => s.type === 'PID_QUICK');
    let list = procs;
    if (quickSel) {
      const want = [...quickSel.vals].reverse() as number[];
      list = [];
      for (const pid of want) {
        const p = procs.find((x) => x.pid === pid);
        if (p) list.push(p);
      }
    }
    const mode = g.threadFlags & (TF_show_proc | TF_loose_tasks | TF_show_task);
    for (const info of list) {
      if (mode === TF_show_task || mode === (TF_show_proc | TF_loose_tasks)) {
        const tasks = yield* readTasks(sys, info);
        for (const t of tasks) {
          const row = yield* mk(t, info.pid);
          if (wantThis(row)) show(row, taskFmt);
        }
      } else if (mode === (TF_show_proc | TF_show_task)) {
        const row = yield* mk(info, info.pid);
        if (wantThis(row)) {
          show(row, procFmt);
          for (const t of yield* readTasks(sys, info)) show(yield* mk(t, info.pid), taskFmt);
        }
      } else {
        const row = yield* mk(info, info.pid);
        if (wantThis(row)) show(row, procFmt);
      }
    }
  }
  if (!didStuff) {
    if (--linesToNext === 0) chunks.push(showOneProc(undefined, g.formatList, ctx, activeCols, OUTBUF_SIZE, g.wchanIsNumber));
    if (chunks.length) yield* writeAll(sys, 1, chunks.join(''));
    return 1;
  }
  yield* writeAll(sys, 1, chunks.join(''));
  return 0;
}

function* fail(sys: Sys, msg: string): Program {
  yield* writeAll(sys, 2, msg);
  return 1;
}

// pgrep / pkill (procps-ng 4.0.2 src/pgrep.c). Patterns are POSIX EREs, translated to JS RegExp.
import type { Sys, Program } from '../../kernel/syscall';
import { strerror, SIGTERM, ESRCH } from '../../kernel/syscall';
import { writeAll, readFile } from '../lib/io';
import { getopt, isGetoptError, type LongOpt } from '../lib/getopt';
import { loadIdDb } from '../lib/passwd';
import type { ProcInfo } from '../lib/procfs';
import { readAllProcs, readTasks, ttyName, parseUptimeCs, readProcText, HZ } from '../lib/procfs';
import { signalNameToNumber } from './signals';
import { cmdlineText } from './ps-format';

const COMMON = ` -c, --count               count of matching processes
 -f, --full                use full process name to match
 -g, --pgroup <PGID,...>   match listed process group IDs
 -G, --group <GID,...>     match real group IDs
 -i, --ignore-case         match case insensitively
 -n, --newest              select most recently started
 -o, --oldest              select least recently started
 -O, --older <seconds>     select where older than seconds
 -P, --parent <PPID,...>   match only child processes of the given parent
 -s, --session <SID,...>   match session IDs
 -t, --terminal <tty,...>  match by controlling terminal
 -u, --euid <ID,...>       match by effective IDs
 -U, --uid <ID,...>        match by real IDs
 -x, --exact               match exactly with the command name
 -F, --pidfile <file>      read PIDs from file
 -L, --logpidfile          fail if PID file is not locked
 -r, --runstates <state>   match runstates [D,S,Z,...]
 -A, --ignore-ancestors    exclude our ancestors from results
 --cgroup <grp,...>        match by cgroup v2 names
 --ns <PID>                match the processes that belong to the same
                           namespace as <pid>
 --nslist <ns,...>         list which namespaces will be considered for
                           the --ns option.
                           Available namespaces: ipc, mnt, net, pid, user, uts

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see pgrep(1).
`;

export const PGREP_USAGE = `
Usage:
 pgrep [options] <pattern>

Options:
 -d, --delimiter <string>  specify output delimiter
 -l, --list-name           list PID and process name
 -a, --list-full           list PID and full command line
 -v, --inverse             negates the matching
 -w, --lightweight         list all TID
${COMMON}`;

export const PKILL_USAGE = `
Usage:
 pkill [options] <pattern>

Options:
 -<sig>, --signal <sig>    signal to send (either number or name)
 -q, --queue <value>       integer value to be sent with the signal
 -e, --echo                display what is killed
${COMMON}`;

/** Translate a POSIX ERE to a JS RegExp source; throws the glibc regerror() text. */
export function ereToJs(ere: string): string {
  let out = '';
  let depth = 0;
  let atomBefore = false;
  let lastQuant = false;
  for (let i = 0; i < ere.length; i++) {
    const c = ere[i]!;
    const wasQuant = lastQuant;
    lastQuant = false;
    if (c === '\\') {
      if (i + 1 >= ere.length) throw new Error('Trailing backslash');
      const n = ere[++i]!;
      if (/[0-9]/.test(n)) out += '\\' + n;
      else if (/[a-zA-Z]/.test(n)) out += /[wWsSbB]/.test(n) ? '\\' + n : n === '<' || n === '>' ? '\\b' : n;
      else out += '\\' + n;
      atomBefore = true;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      let cls = '[';
      if (ere[j] === '^') {
        cls += '^';
        j++;
      }
      if (ere[j] === ']') {
        cls += '\\]';
        j++;
      }
      let closed = false;
      for (; j < ere.length; j++) {
        const d = ere[j]!;
        if (d === ']') {
          closed = true;
          break;
        }
        if (d === '[' && ere[j + 1] === ':') {
          const end = ere.indexOf(':]', j + 2);
          if (end < 0) throw new Error('Unmatched [, [^, [:, [., or [=');
          const name = ere.slice(j + 2, end);
          const map: Record<string, string> = {
            alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
            blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f\\x7f',
          };
          const m = map[name];
          if (m === undefined) throw new Error('Invalid character class name');
          cls += m;
          j = end + 1;
          continue;
        }
        if (d === '\\' || d === '/') cls += '\\' + d;
        else cls += d;
      }
      if (!closed) throw new Error('Invalid regular expression');
      out += cls + ']';
      i = j;
      atomBefore = true;
      continue;
    }
    if (c === '(') {
      depth++;
      out += '(';
      atomBefore = false;
      continue;
    }
    if (c === ')') {
      if (depth === 0) {
        out += '\\)';
        atomBefore = true;
        continue;
      }
      depth--;
      out += ')';
      atomBefore = true;
      continue;
    }
    if (c === '*' || c === '+' || c === '?') {
      if (!atomBefore) throw new Error('Invalid preceding regular expression');
      // POSIX allows stacked repetition ("a**"); JS does not: the extra ones add nothing to a match test
      if (!wasQuant) out += c;
      lastQuant = true;
      continue;
    }
    if (c === '{') {
      const m = /^\{([0-9]*)(,([0-9]*))?\}/.exec(ere.slice(i));
      if (!m) {
        if (!/\}/.test(ere.slice(i))) throw new Error('Unmatched \\{');
        throw new Error('Invalid content of \\{\\}');
      }
      if (!atomBefore) throw new Error('Invalid preceding regular expression');
      const lo = m[1] === '' ? 0 : Number(m[1]);
      const hi = m[2] === undefined ? lo : m[3] === '' ? undefined : Number(m[3]);
      if (m[1] === '' && m[2] === undefined) throw new Error('Invalid content of \\{\\}');
      if (hi !== undefined && hi < lo) throw new Error('Invalid content of \\{\\}');
      if (!wasQuant) out += `{${lo}${m[2] === undefined ? '' : ','}${hi ?? ''}}`;
      lastQuant = true;
      i += m[0].length - 1;
      continue;
    }
    if (c === '|') {
      out += '|';
      atomBefore = false;
      continue;
    }
    if (c === '/') {
      out += '\\/';
      atomBefore = true;
      continue;
    }
    out += c;
    atomBefore = c !== '^';
  }
  if (depth > 0) throw new Error('Unmatched ( or \\(');
  return out;
}

interface PgOpts {
  delim: string;
  list: boolean;
  full: boolean;
  inverse: boolean;
  lightweight: boolean;
  count: boolean;
  matchFull: boolean;
  ignoreCase: boolean;
  newest: boolean;
  oldest: boolean;
  older: number;
  exact: boolean;
  echo: boolean;
  ancestors: boolean;
  pgrp?: number[];
  rgid?: number[];
  ppid?: number[];
  sid?: number[];
  tty?: string[];
  euid?: number[];
  ruid?: number[];
  states?: string;
  pidfile?: string;
}

// pgrep.c longopts (shared by pgrep and pkill), in its order: glibc lists ambiguous candidates in table order
const PG_LONGS: LongOpt[] = (
  [
    ['signal', 'signal', true], ['ignore-ancestors', 'A', false], ['count', 'c', false], ['cgroup', 'cgroup', true],
    ['delimiter', 'd', true], ['list-name', 'l', false], ['list-full', 'a', false], ['full', 'f', false],
    ['pgroup', 'g', true], ['group', 'G', true], ['ignore-case', 'i', false], ['newest', 'n', false],
    ['oldest', 'o', false], ['older', 'O', true], ['parent', 'P', true], ['session', 's', true],
    ['terminal', 't', true], ['euid', 'u', true], ['uid', 'U', true], ['inverse', 'v', false],
    ['lightweight', 'w', false], ['exact', 'x', false], ['pidfile', 'F', true], ['logpidfile', 'L', false],
    ['echo', 'e', false], ['ns', 'ns', true], ['nslist', 'nslist', true], ['queue', 'q', true],
    ['runstates', 'r', true], ['help', 'h', false], ['version', 'V', false],
  ] as Array<[string, string, boolean]>
).map(([name, key, hasArg]) => ({ name, key, arg: hasArg ? 'required' : 'none' }));

export function* pgrepMain(sys: Sys, argv: string[], isPkill: boolean): Program {
  const prog = isPkill ? 'pkill' : 'pgrep';
  const usage = isPkill ? PKILL_USAGE : PGREP_USAGE;
  let args = argv.slice(1);
  let sig = SIGTERM;
  if (isPkill && args[0] && args[0][0] === '-') {
    const s = signalNameToNumber(args[0].slice(1));
    if (s !== -1) {
      sig = s;
      args = args.slice(1);
    }
  }
  const o: PgOpts = {
    delim: '\n', list: false, full: false, inverse: false, lightweight: false, count: false, matchFull: false,
    ignoreCase: false, newest: false, oldest: false, older: 0, exact: false, echo: false, ancestors: false,
  };
  const ids = yield* loadIdDb(sys);
  const fail = function* (msg: string, code = 2): Program {
    yield* writeAll(sys, 2, `${prog}: ${msg}\n`);
    return code;
  };
  const badUsage = function* (msg: string): Program {
    yield* writeAll(sys, 2, `${prog}: ${msg}\n${usage}`);
    return 2;
  };
  const parsed = getopt(args, isPkill ? 'ecfinoxLAhVg:G:O:P:s:t:u:U:F:r:q:' : 'lavwcfinoxLAhVd:g:G:O:P:s:t:u:U:F:r:', PG_LONGS);
  const { opts } = parsed;
  const numList = (v: string, self: () => number): number[] | undefined => {
    const out: number[] = [];
    for (const p of v.split(',')) {
      if (!/^[0-9]+$/.test(p)) return undefined;
      const n = Number(p);
      out.push(n === 0 ? self() : n);
    }
    return out;
  };
  const selfPid = yield* sys.getpid();
  const selfPgrp = yield* sys.getpgid(0);
  const selfSid = yield* sys.getsid(0);
  for (const [k, v] of opts) {
    switch (k) {
      case 'd': o.delim = v!; break;
      case 'l': o.list = true; break;
      case 'a': o.full = true; break;
      case 'w': o.lightweight = true; break;
      case 'c': o.count = true; break;
      case 'f': o.matchFull = true; break;
      case 'i': o.ignoreCase = true; break;
      case 'n': case 'o': case 'v':
        // pgrep.c: "if (opt_oldest | opt_negate | opt_newest) usage('?')" — bare usage, even for a repeat
        if (o.oldest || o.newest || o.inverse) {
          yield* writeAll(sys, 2, usage);
          return 2;
        }
        if (k === 'n') o.newest = true;
        else if (k === 'o') o.oldest = true;
        else o.inverse = true;
        break;
      case 'x': o.exact = true; break;
      case 'e': o.echo = true; break;
      case 'A': o.ancestors = true; break;
      case 'L': break;
      case 'F': o.pidfile = v; break;
      case 'O': {
        if (!/^[0-9]+$/.test(v!)) return yield* fail(`failed to parse argument: '${v}'`);
        o.older = Number(v);
        break;
      }
      case 'g': {
        const l = numList(v!, () => selfPgrp);
        if (!l) return yield* badUsage(`invalid process group: ${v}`);
        o.pgrp = l;
        break;
      }
      case 's': {
        const l = numList(v!, () => selfSid);
        if (!l) return yield* badUsage(`invalid session id: ${v}`);
        o.sid = l;
        break;
      }
      case 'P': {
        const l = numList(v!, () => 0);
        if (!l) return yield* badUsage(`not a number: ${v}`);
        o.ppid = l;
        break;
      }
      case 'u': case 'U': {
        const out: number[] = [];
        for (const p of v!.split(',')) {
          const u = /^[0-9]+$/.test(p) ? Number(p) : ids.userByName(p)?.uid;
          if (u === undefined) return yield* fail(`invalid user name: ${p}`);
          out.push(u);
        }
        if (k === 'u') o.euid = out;
        else o.ruid = out;
        break;
      }
      case 'G': {
        const out: number[] = [];
        for (const p of v!.split(',')) {
          const g = /^[0-9]+$/.test(p) ? Number(p) : ids.groupByName(p)?.gid;
          if (g === undefined) return yield* fail(`invalid group name: ${p}`);
          out.push(g);
        }
        o.rgid = out;
        break;
      }
      case 't': o.tty = v!.split(',').map((t) => t.replace(/^\/dev\//, '')); break;
      case 'r': o.states = v!; break;
      case 'signal':
        sig = signalNameToNumber(v!);
        break;
      case 'q': break;
      case 'cgroup': case 'ns': case 'nslist':
        return yield* fail(`--${k} is not supported by this lab's kernel (no namespace/cgroup inode lookup yet)`);
      case 'h':
        yield* writeAll(sys, 1, usage);
        return 0;
      case 'V':
        yield* writeAll(sys, 1, `${prog} from procps-ng 4.0.2\n`);
        return 0;
    }
  }
  if (isGetoptError(parsed)) return yield* badUsage(parsed.message);
  const { operands } = parsed;
  if (operands.length > 1) {
    return yield* fail(`only one pattern can be provided\nTry \`${prog} --help' for more information.`);
  }
  const pattern = operands[0];
  const anyCriteria = pattern !== undefined || o.pgrp || o.rgid || o.ppid || o.sid || o.tty || o.euid || o.ruid || o.states || o.pidfile || o.older;
  if (!anyCriteria) {
    yield* writeAll(sys, 2, `${prog}: no matching criteria specified\nTry \`${prog} --help' for more information.\n`);
    return 2;
  }
  let re: RegExp | undefined;
  if (pattern !== undefined) {
    if (!o.matchFull && pattern.length > 15 && /^[^.*+?[\]()|\\{}^$]+$/.test(pattern)) {
      yield* writeAll(sys, 2, `${prog}: pattern that searches for process name longer than 15 characters will result in zero matches\nTry \`${prog} -f' option to match against the complete command line.\n`);
    }
    try {
      const src = ereToJs(pattern);
      re = new RegExp(o.exact ? `^(?:${src})$` : src, o.ignoreCase ? 'i' : '');
    } catch (e) {
      const m = e instanceof Error && !(e instanceof SyntaxError) ? e.message : 'Invalid regular expression';
      return yield* fail(`regex error: ${m}`);
    }
  }
  let pidfilePids: number[] | undefined;
  if (o.pidfile) {
    const t = yield* readFile(sys, o.pidfile);
    if (typeof t === 'number') return yield* fail(`pidfile not valid\nTry \`${prog} --help' for more information.`, 3);
    const m = /^\s*([0-9]+)/.exec(t);
    if (!m) return yield* fail(`pidfile not valid\nTry \`${prog} --help' for more information.`, 3);
    pidfilePids = [Number(m[1])];
  }
  const procs = yield* readAllProcs(sys);
  const uptimeCs = parseUptimeCs(yield* readProcText(sys, '/proc/uptime'))[0];
  const ancestors = new Set<number>();
  if (o.ancestors) {
    let p = selfPid;
    const byPid = new Map(procs.map((x) => [x.pid, x]));
    while (p > 0 && !ancestors.has(p)) {
      ancestors.add(p);
      p = byPid.get(p)?.stat.ppid ?? 0;
    }
  }
  const matches = (p: ProcInfo): boolean => {
    const s = p.stat;
    if (pidfilePids && !pidfilePids.includes(p.tgid)) return false;
    if (o.ppid && !o.ppid.includes(s.ppid)) return false;
    if (o.pgrp && !o.pgrp.includes(s.pgrp)) return false;
    if (o.sid && !o.sid.includes(s.session)) return false;
    if (o.euid && !o.euid.includes(p.euid)) return false;
    if (o.ruid && !o.ruid.includes(p.ruid)) return false;
    if (o.rgid && !o.rgid.includes(p.rgid)) return false;
    if (o.tty && !o.tty.includes(ttyName(s.ttyNr))) return false;
    if (o.states && !o.states.includes(s.state)) return false;
    if (o.older && (uptimeCs - s.starttime) / HZ < o.older) return false;
    if (o.ancestors && ancestors.has(p.tgid)) return false;
    if (re) {
      const subject = o.matchFull && p.cmdline.length ? p.cmdline.join(' ') : s.comm;
      if (!re.test(subject)) return false;
    }
    return true;
  };
  let found: ProcInfo[] = [];
  for (const p of procs) {
    if (p.pid === selfPid) continue;
    let ok = matches(p);
    if (o.inverse) ok = !ok;
    if (ok) found.push(p);
  }
  if (o.newest || o.oldest) {
    let best: ProcInfo | undefined;
    for (const p of found) {
      if (!best) best = p;
      else if (o.newest ? p.stat.starttime >= best.stat.starttime : p.stat.starttime < best.stat.starttime) best = p;
    }
    found = best ? [best] : [];
  }
  if (o.lightweight && !isPkill) {
    const all: ProcInfo[] = [];
    for (const p of found) all.push(...(yield* readTasks(sys, p)));
    found = all;
  }
  if (isPkill) {
    let killed = 0;
    let out = '';
    for (const p of found) {
      const r = yield* sys.kill(p.pid, sig);
      if (r === 0) {
        killed++;
        if (o.echo) out += `${p.stat.comm} killed (pid ${p.pid})\n`;
      } else if (r !== -ESRCH) {
        // a process that is already gone is fine (pgrep.c)
        if (out) yield* writeAll(sys, 1, out);
        out = '';
        yield* writeAll(sys, 2, `${prog}: killing pid ${p.pid} failed: ${strerror(-r)}\n`);
      }
    }
    if (o.count) out += `${found.length}\n`;
    if (out) yield* writeAll(sys, 1, out);
    return killed ? 0 : 1;
  }
  if (o.count) {
    yield* writeAll(sys, 1, `${found.length}\n`);
    return found.length ? 0 : 1;
  }
  if (found.length) {
    const items = found.map((p) => {
      if (o.full) return `${p.pid} ${cmdlineText(p)}`;
      if (o.list) return `${p.pid} ${p.stat.comm}`;
      return String(p.pid);
    });
    yield* writeAll(sys, 1, items.join(o.delim) + '\n');
  }
  return found.length ? 0 : 1;
}

export function* pgrep(sys: Sys, argv: string[]): Program {
  return yield* pgrepMain(sys, argv, false);
}

export function* pkill(sys: Sys, argv: string[]): Program {
  return yield* pgrepMain(sys, argv, true);
}

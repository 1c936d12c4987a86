// hostname 3.23 (Debian's hostname package): show or set the system host name.
import type { Sys, SysCall, Program } from '../../kernel/syscall';
import { EPERM, strerror } from '../../kernel/syscall';
import { writeAll, readFile } from '../lib/io';
import { getopt, isGetoptError } from '../lib/getopt';
import type { BuiltinProgram } from '../lib/registry';
import { HELP, VERSION } from './gnu-texts';
import { MAN } from './man-texts';

/** Lines of /etc/hosts as [address, names[]]. */
function parseHosts(text: string): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [];
  for (const raw of text.split('\n')) {
    const l = raw.replace(/#.*/, '').trim();
    if (!l) continue;
    const f = l.split(/\s+/);
    if (f.length >= 2) out.push([f[0]!, f.slice(1)]);
  }
  return out;
}

export function validHostname(n: string): boolean {
  return /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(n) && n.length <= 64;
}

function* setName(sys: Sys, prog: string, name: string): SysCall<number> {
  if (!validHostname(name)) {
    yield* writeAll(sys, 2, `${prog}: the specified hostname is invalid\n`);
    return 1;
  }
  const r = yield* sys.sethostname(name);
  if (r < 0) {
    yield* writeAll(sys, 2, r === -EPERM ? `${prog}: you must be root to change the host name\n` : `${prog}: ${strerror(-r)}\n`);
    return 1;
  }
  return 0;
}

export function* hostname(sys: Sys, argv: string[], envp: string[]): Program {
  void envp;
  const prog = 'hostname';
  const p = getopt(argv.slice(1), 'aAbdfF:hiIlsVy', [
    { name: 'alias', arg: 'none', key: 'a' },
    { name: 'all-fqdns', arg: 'none', key: 'A' },
    { name: 'boot', arg: 'none', key: 'b' },
    { name: 'domain', arg: 'none', key: 'd' },
    { name: 'fqdn', arg: 'none', key: 'f' },
    { name: 'long', arg: 'none', key: 'f' },
    { name: 'file', arg: 'required', key: 'F' },
    { name: 'help', arg: 'none', key: 'h' },
    { name: 'ip-address', arg: 'none', key: 'i' },
    { name: 'all-ip-addresses', arg: 'none', key: 'I' },
    { name: 'short', arg: 'none', key: 's' },
    { name: 'version', arg: 'none', key: 'V' },
    { name: 'yp', arg: 'none', key: 'y' },
    { name: 'nis', arg: 'none', key: 'y' },
  ]);
  const usage = function* (): SysCall<number> {
    yield* writeAll(sys, 1, HELP['hostname'] ?? '');
    return 255;
  };
  if (isGetoptError(p)) {
    yield* writeAll(sys, 2, `${argv[0] ?? prog}: ${p.message}\n`);
    return yield* usage();
  }
  let what: string | undefined;
  let file: string | undefined;
  let boot = false;
  for (const [k, v] of p.opts) {
    if (k === 'h') return yield* usage();
    if (k === 'V') {
      yield* writeAll(sys, 1, VERSION['hostname'] ?? 'hostname 3.23\n');
      return 0;
    }
    if (k === 'F') file = v;
    else if (k === 'b') boot = true;
    else what = k;
  }
  if (p.operands.length > 1) return yield* usage();
  if (file !== undefined) {
    const t = yield* readFile(sys, file);
    if (typeof t === 'number') {
      yield* writeAll(sys, 2, `${prog}: ${strerror(-t)}\n`);
      return 1;
    }
    const name = t.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#')) ?? '';
    return yield* setName(sys, prog, name);
  }
  if (p.operands.length === 1) {
    if (what === 'y') {
      const r = yield* sys.setdomainname(p.operands[0]!);
      if (r < 0) {
        yield* writeAll(sys, 2, `domainname: ${r === -EPERM ? 'you must be root to change the domain name' : strerror(-r)}\n`);
        return 1;
      }
      return 0;
    }
    return yield* setName(sys, prog, p.operands[0]!);
  }
  if (boot) return 0;
  const u = yield* sys.uname();
  const name = u.nodename;
  if (what === undefined) {
    yield* writeAll(sys, 1, name + '\n');
    return 0;
  }
  if (what === 's') {
    yield* writeAll(sys, 1, name.split('.')[0] + '\n');
    return 0;
  }
  if (what === 'y') {
    const d = u.domainname;
    if (d === '' || d === '(none)') {
      yield* writeAll(sys, 2, `${prog}: Local domain name not set\n`);
      return 1;
    }
    yield* writeAll(sys, 1, d + '\n');
    return 0;
  }
  if (what === 'I') {
    // every address of every configured interface but loopback (read like getifaddrs would)
    const trie = yield* readFile(sys, '/proc/net/fib_trie');
    const addrs: string[] = [];
    if (typeof trie === 'string') {
      const lines = trie.split('\n');
      for (let i = 1; i < lines.length; i++) {
        if (/\/32 host LOCAL/.test(lines[i]!)) {
          const m = /\|-- (\d+\.\d+\.\d+\.\d+)/.exec(lines[i - 1]!);
          if (m && !m[1]!.startsWith('127.') && !addrs.includes(m[1]!)) addrs.push(m[1]!);
        }
      }
    }
    yield* writeAll(sys, 1, addrs.map((a) => a + ' ').join('') + '\n');
    return 0;
  }
  // resolver-based forms: /etc/hosts (nss "files")
  const hostsText = yield* readFile(sys, '/etc/hosts');
  const hosts = typeof hostsText === 'string' ? parseHosts(hostsText) : [];
  const lines = hosts.filter(([, names]) => names.includes(name));
  if (lines.length === 0) {
    yield* writeAll(sys, 2, `${prog}: ${what === 'i' ? 'Name or service not known' : 'Temporary failure in name resolution'}\n`);
    return 1;
  }
  const canon = lines[0]![1][0]!;
  let out: string;
  if (what === 'f' || what === 'A') out = canon + (what === 'A' ? ' ' : '');
  else if (what === 'd') out = canon.includes('.') ? canon.slice(canon.indexOf('.') + 1) : '';
  else if (what === 'a') out = lines[0]![1].filter((n) => n !== canon).join(' ');
  else if (what === 'i') out = lines.map(([a]) => a).filter((a, i, arr) => arr.indexOf(a) === i).join(' ');
  else out = name;
  yield* writeAll(sys, 1, out + '\n');
  return 0;
}

export const programs: BuiltinProgram[] = [
  { name: 'hostname', main: hostname, vszKb: 2476, rssKb: 1380, paths: ['/usr/bin/hostname'], man: MAN['hostname'] },
];

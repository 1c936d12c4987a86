// The data of a lesson check: its predicates, their fields, and the validation of a check that
// arrives as data. No kernel imports: the UI side (the lesson parser, the protocol) uses this
// module, and only the machine's evaluator (lesson-checks.ts) touches the kernel.
import type { StateLetter } from '../kernel/task/state';

export interface ProcessCheck {
  /** the task's comm (what `ps -o comm` shows), exactly */
  comm?: string;
  /** a regular expression the command line (argv joined with spaces) must match */
  args?: string;
  /** the state letter of /proc/PID/stat (R, S, D, T, t, Z) or a list of them */
  state?: StateLetter | StateLetter[];
  /** a cgroup the process is in: "/path" (v2, or any v1 hierarchy) or "controller:/path" (v1) */
  cgroup?: string;
  /** 'host': in the initial pid namespace; 'container': in a child pid namespace */
  pidns?: 'host' | 'container';
  /** the process's pid in its own (innermost) pid namespace, e.g. 1 */
  nspid?: number;
  /** how many processes must match: exactly `count`, or at least `min` (default 1) / at most `max` */
  count?: number;
  min?: number;
  max?: number;
}

export interface FileCheck {
  path: string;
  /** default true; false: the path must not exist */
  exists?: boolean;
  /** the content, without its trailing newline, equals this */
  equals?: string;
  contains?: string;
  /** a regular expression (multiline) the content matches */
  matches?: string;
}

export interface MountCheck {
  /** filesystem type (overlay, proc, tmpfs, cgroup, cgroup2) */
  type?: string;
  /** mount point; in any mount namespace of a live process */
  target?: string;
  source?: string;
  /** an option the mount has (e.g. "ro", "lowerdir=/l") */
  option?: string;
  /** default true; false: no such mount anywhere */
  exists?: boolean;
}

export interface CgroupCheck {
  /** the cgroup's path from its hierarchy's root, e.g. /db/mysql */
  path: string;
  /** cgroup v1: the hierarchy (cpu, memory, pids, cpuset, blkio…); omit on v2 */
  controller?: string;
  /** default true */
  exists?: boolean;
  /** interface files and the value each must read (trimmed), e.g. { "cpu.cfs_quota_us": 20000 } */
  files?: Record<string, string | number>;
}

export interface CounterCheck {
  /** a file of "key value" lines (pids.events, memory.events, cpu.stat) or of one number */
  path: string;
  key?: string;
  equals?: number;
  min?: number;
  max?: number;
}

export interface OutputCheck {
  /** 'last' (default): the most recent command; 'any': any command this session */
  of?: 'last' | 'any';
  contains?: string;
  matches?: string;
}

export interface CommandCheck {
  /** a command typed at a prompt contains this / matches this regular expression */
  contains?: string;
  matches?: string;
  /** …and ended with this exit status, as its shell reported it (see command-log.ts) */
  status?: number;
}

export type Check =
  | { process: ProcessCheck }
  | { file: FileCheck }
  | { mount: MountCheck }
  | { cgroup: CgroupCheck }
  | { counter: CounterCheck }
  | { output: OutputCheck }
  | { command: CommandCheck };

export const CHECK_KINDS = ['process', 'file', 'mount', 'cgroup', 'counter', 'output', 'command'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** The type of each field of each predicate: the one schema the lesson parser and the host's message validation share. */
export type CheckFieldType = 'string' | 'regex' | 'bool' | 'count' | 'number' | 'status' | 'abspath' | 'states' | 'pidns' | 'of' | 'files';
export const CHECK_FIELDS: Readonly<Record<CheckKind, Readonly<Record<string, CheckFieldType>>>> = {
  process: { comm: 'string', args: 'regex', state: 'states', cgroup: 'string', pidns: 'pidns', nspid: 'count', count: 'count', min: 'count', max: 'count' },
  file: { path: 'abspath', exists: 'bool', equals: 'string', contains: 'string', matches: 'regex' },
  mount: { type: 'string', target: 'abspath', source: 'string', option: 'string', exists: 'bool' },
  cgroup: { path: 'abspath', controller: 'string', exists: 'bool', files: 'files' },
  counter: { path: 'abspath', key: 'string', equals: 'number', min: 'number', max: 'number' },
  output: { of: 'of', contains: 'string', matches: 'regex' },
  command: { contains: 'string', matches: 'regex', status: 'status' },
};
/** Per predicate: groups of fields of which at least one must be given. */
export const CHECK_REQUIRED: Readonly<Partial<Record<CheckKind, readonly (readonly string[])[]>>> = {
  file: [['path']],
  cgroup: [['path']],
  counter: [['path'], ['equals', 'min', 'max']],
  output: [['contains', 'matches']],
  command: [['contains', 'matches', 'status']],
};
const STATE_LETTERS = ['R', 'S', 'D', 'T', 't', 'Z', 'X'];

/** Why `v` is not a valid value of a field of type `type` ("must be …"), or null. */
export function checkFieldError(type: CheckFieldType, v: unknown): string | null {
  switch (type) {
    case 'string':
      return typeof v === 'string' && v.length > 0 && v.length <= 4096 ? null : 'a non-empty string';
    case 'regex':
      if (typeof v !== 'string' || v.length === 0 || v.length > 512) return 'a regular expression (at most 512 characters)';
      try {
        new RegExp(v);
        return null;
      } catch (e) {
        return `a valid regular expression (${(e as Error).message})`;
      }
    case 'abspath':
      return typeof v === 'string' && v.startsWith('/') && v.length <= 4096 ? null : 'an absolute path';
    case 'bool':
      return typeof v === 'boolean' ? null : 'true or false';
    case 'count':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? null : 'a whole number ≥ 0';
    case 'status':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255 ? null : 'an exit status (0 to 255)';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? null : 'a number';
    case 'states': {
      const list = Array.isArray(v) ? v : [v];
      return list.length > 0 && list.every((x) => typeof x === 'string' && STATE_LETTERS.includes(x)) ? null : `a state letter (${STATE_LETTERS.join(' ')}) or a list of them`;
    }
    case 'pidns':
      return v === 'host' || v === 'container' ? null : "'host' or 'container'";
    case 'of':
      return v === 'last' || v === 'any' ? null : "'last' or 'any'";
    case 'files': {
      const ok =
        v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype &&
        Object.entries(v).length > 0 && Object.entries(v).length <= 20 &&
        Object.entries(v).every(([k, x]) => /^[a-z_]+\.[a-z_.]+$/.test(k) && (typeof x === 'string' || typeof x === 'number'));
      return ok ? null : 'a mapping of interface files to values, like { cpu.cfs_quota_us: 20000 }';
    }
  }
}

/** Validate a check that arrived as data (a message): the check, or why it is not one. */
export function validateCheck(x: unknown): { ok: true; check: Check } | { ok: false; error: string } {
  if (x === null || typeof x !== 'object' || Array.isArray(x) || Object.getPrototypeOf(x) !== Object.prototype) return { ok: false, error: 'a check must be an object' };
  const keys = Object.keys(x);
  if (keys.length !== 1 || !(CHECK_KINDS as readonly string[]).includes(keys[0]!)) return { ok: false, error: `a check has exactly one of ${CHECK_KINDS.join(', ')}` };
  const kind = keys[0] as CheckKind;
  const body = (x as Record<string, unknown>)[kind];
  if (body === null || typeof body !== 'object' || Array.isArray(body) || Object.getPrototypeOf(body) !== Object.prototype) return { ok: false, error: `${kind}: must be an object` };
  const fields = CHECK_FIELDS[kind];
  for (const [f, v] of Object.entries(body)) {
    const type = fields[f];
    if (!type) return { ok: false, error: `${kind}: unknown field '${f.slice(0, 40)}'` };
    const e = checkFieldError(type, v);
    if (e) return { ok: false, error: `${kind}: ${f} must be ${e}` };
  }
  for (const group of CHECK_REQUIRED[kind] ?? []) {
    if (!group.some((f) => f in body)) return { ok: false, error: `${kind}: needs one of ${group.join(', ')}` };
  }
  return { ok: true, check: { [kind]: { ...body } } as unknown as Check };
}

export interface CheckResult {
  passed: boolean;
  /** what was found, in one line, for the instructor's report and the solution bots */
  detail: string;
}


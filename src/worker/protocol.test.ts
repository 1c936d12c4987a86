import { describe, it, expect } from 'vitest';
import { validateInbound, isInvalid, PROTOCOL_VERSION, MAX_TTY_INPUT_BYTES, MAX_EXPANDED, CGROUP_HIERARCHIES, type Inbound } from './protocol';
import { CGROUP_HIERARCHY_NAMES } from '../machine/views/cgroups';

const valid: Inbound[] = [
  { type: 'hello', version: PROTOCOL_VERSION },
  { type: 'tty-input', terminal: 'console', data: 'echo hello\r' },
  { type: 'tty-input', terminal: 'console', data: '' },
  { type: 'tty-input', terminal: 'console', data: '\x03\x1b[A héllo ✓ 😀' },
  { type: 'tty-input', terminal: 'console', data: 'x'.repeat(MAX_TTY_INPUT_BYTES) },
  { type: 'resize', terminal: 'console', rows: 24, cols: 80 },
  { type: 'resize', terminal: 'console', rows: 1, cols: 1000 },
  { type: 'run-control', mode: 'run' },
  { type: 'run-control', mode: 'pause' },
  { type: 'run-control', mode: 'run', speed: 0.1 },
  { type: 'run-control', mode: 'run', speed: 100 },
  { type: 'run-control', mode: 'run', speed: 'max' },
  { type: 'step', by: 'event' },
  { type: 'step', by: 1_000_000 },
  { type: 'subscribe', view: 'processes' },
  { type: 'subscribe', view: 'processes', pid: 4 },
  { type: 'subscribe', view: 'processes', pid: null },
  { type: 'unsubscribe', view: 'processes' },
  { type: 'subscribe', view: 'cgroups' },
  { type: 'subscribe', view: 'cgroups', hierarchy: 'pids', path: '/demo' },
  { type: 'subscribe', view: 'cgroups', hierarchy: 'unified', path: '/' },
  { type: 'subscribe', view: 'cgroups', hierarchy: null, path: null },
  { type: 'unsubscribe', view: 'cgroups' },
  { type: 'subscribe', view: 'overlay' },
  { type: 'subscribe', view: 'overlay', mount: 37, expanded: ['/etc', '/etc/ssl'], layer: 'upper', file: '/etc/motd' },
  { type: 'subscribe', view: 'overlay', mount: null, expanded: [], layer: null, file: null },
  { type: 'subscribe', view: 'overlay', layer: 'merged' },
  { type: 'subscribe', view: 'overlay', layer: 0 },
  { type: 'subscribe', view: 'overlay', layer: 499 },
  { type: 'unsubscribe', view: 'overlay' },
  { type: 'reset' },
  { type: 'reset', seed: 42 },
  { type: 'tty-input', terminal: 'pts/0', data: 'ls\r' },
  { type: 'resize', terminal: 'pts/12', rows: 30, cols: 100 },
  { type: 'open-terminal', rows: 24, cols: 80 },
  { type: 'close-terminal', terminal: 'pts/3' },
  { type: 'subscribe', view: 'task-trace' },
  { type: 'unsubscribe', view: 'task-trace' },
  { type: 'rewind', index: 0 },
  { type: 'rewind', index: 17 },
  {
    type: 'restore',
    record: {
      format: 'container-lab-session',
      version: 1,
      machine: { seed: 1, cpus: 2, ramBytes: 4 * 1024 ** 3, hostname: 'lab', bootEpochSec: 1795824000, cgroupVersion: 2, images: [], rows: 24, cols: 80 },
      log: [{ t: 1e9, n: 30, input: { kind: 'tty', terminal: 'console', data: 'ls\r' } }],
    },
  },
];

describe('validateInbound', () => {
  it.each(valid.map((m) => [JSON.stringify(m).slice(0, 80), m] as const))('accepts %s', (_name, m) => {
    const r = validateInbound(m);
    expect(isInvalid(r)).toBe(false);
    expect(r).toEqual(m);
    expect(r).not.toBe(m); // a fresh copy: the host never keeps the sender's object
  });

  it('accepts a null-prototype object (structured clones of plain objects are plain)', () => {
    const m = Object.assign(Object.create(null) as object, { type: 'hello', version: 1 });
    expect(validateInbound(m)).toEqual({ type: 'hello', version: 1 });
  });

  const bigUtf8 = 'é'.repeat(MAX_TTY_INPUT_BYTES / 2 + 1); // fewer units than the limit, more bytes
  const getterBomb = {
    type: 'tty-input',
    terminal: 'console',
    get data(): string {
      throw new Error('boom');
    },
  };
  const invalid: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'hello'],
    ['a number', 1],
    ['an array', [{ type: 'hello', version: 1 }]],
    ['no type', { version: 1 }],
    ['a non-string type', { type: 1 }],
    ['an unknown type', { type: 'format-disk' }],
    ['a class instance', new (class { type = 'reset'; })()],
    ['a Date', new Date(0)],
    ['hello without version', { type: 'hello' }],
    ['hello with a string version', { type: 'hello', version: '1' }],
    ['hello with a fractional version', { type: 'hello', version: 1.5 }],
    ['an extra field', { type: 'hello', version: 1, extra: true }],
    ['a __proto__ field', JSON.parse('{"type":"reset","__proto__":{"polluted":true}}')],
    ['tty-input without terminal', { type: 'tty-input', data: 'x' }],
    ['tty-input to a terminal that is not a tty name', { type: 'tty-input', terminal: 'tty1', data: 'x' }],
    ['tty-input to pts with a leading zero', { type: 'tty-input', terminal: 'pts/01', data: 'x' }],
    ['open-terminal without a size', { type: 'open-terminal' }],
    ['close-terminal of the console', { type: 'close-terminal', terminal: 'console' }],
    ['rewind to a negative index', { type: 'rewind', index: -1 }],
    ['restore of a damaged record', { type: 'restore', record: { format: 'container-lab-session', version: 1, machine: null, log: [] } }],
    ['subscribe to task-trace with options', { type: 'subscribe', view: 'task-trace', pid: 1 }],
    ['tty-input with bytes', { type: 'tty-input', terminal: 'console', data: new Uint8Array([104]) }],
    ['tty-input with a number', { type: 'tty-input', terminal: 'console', data: 5 }],
    ['tty-input over 1 MiB', { type: 'tty-input', terminal: 'console', data: 'x'.repeat(MAX_TTY_INPUT_BYTES + 1) }],
    ['tty-input over 1 MiB of UTF-8', { type: 'tty-input', terminal: 'console', data: bigUtf8 }],
    ['tty-input with a throwing getter', getterBomb],
    ['resize with zero rows', { type: 'resize', terminal: 'console', rows: 0, cols: 80 }],
    ['resize with negative cols', { type: 'resize', terminal: 'console', rows: 24, cols: -1 }],
    ['resize with NaN', { type: 'resize', terminal: 'console', rows: NaN, cols: 80 }],
    ['resize with Infinity', { type: 'resize', terminal: 'console', rows: 24, cols: Infinity }],
    ['resize too large', { type: 'resize', terminal: 'console', rows: 24, cols: 100000 }],
    ['resize with string numbers', { type: 'resize', terminal: 'console', rows: '24', cols: '80' }],
    ['run-control with a bad mode', { type: 'run-control', mode: 'fast' }],
    ['run-control too slow', { type: 'run-control', mode: 'run', speed: 0.01 }],
    ['run-control too fast', { type: 'run-control', mode: 'run', speed: 1000 }],
    ['run-control with NaN speed', { type: 'run-control', mode: 'run', speed: NaN }],
    ['run-control with a string speed', { type: 'run-control', mode: 'run', speed: 'fast' }],
    ['step by zero', { type: 'step', by: 0 }],
    ['step backwards', { type: 'step', by: -5 }],
    ['step by a fraction', { type: 'step', by: 0.5 }],
    ['step too far', { type: 'step', by: 1e18 }],
    ['step by nothing', { type: 'step' }],
    ['subscribe to an unknown view', { type: 'subscribe', view: 'kernel-memory' }],
    ['subscribe with a bad pid', { type: 'subscribe', view: 'processes', pid: -1 }],
    ['subscribe with a string pid', { type: 'subscribe', view: 'processes', pid: '4' }],
    ['unsubscribe without view', { type: 'unsubscribe' }],
    ['subscribe to cgroups with a pid', { type: 'subscribe', view: 'cgroups', pid: 4 }],
    ['subscribe to processes with a cgroup path', { type: 'subscribe', view: 'processes', path: '/' }],
    ['subscribe to an unknown hierarchy', { type: 'subscribe', view: 'cgroups', hierarchy: 'rdma' }],
    ['subscribe with a relative cgroup path', { type: 'subscribe', view: 'cgroups', path: 'db' }],
    ['subscribe with a cgroup path that is not a string', { type: 'subscribe', view: 'cgroups', path: ['/'] }],
    ['subscribe with a cgroup path with NUL', { type: 'subscribe', view: 'cgroups', path: '/a\0b' }],
    ['subscribe with a huge cgroup path', { type: 'subscribe', view: 'cgroups', path: '/' + 'a'.repeat(5000) }],
    ['subscribe to overlay with a bad mount id', { type: 'subscribe', view: 'overlay', mount: 0 }],
    ['subscribe to overlay with a string mount id', { type: 'subscribe', view: 'overlay', mount: '37' }],
    ['subscribe to overlay with expanded not an array', { type: 'subscribe', view: 'overlay', expanded: '/etc' }],
    ['subscribe to overlay with a relative expanded path', { type: 'subscribe', view: 'overlay', expanded: ['etc'] }],
    ['subscribe to overlay with a non-string expanded path', { type: 'subscribe', view: 'overlay', expanded: [1] }],
    ['subscribe to overlay with a sparse expanded array', { type: 'subscribe', view: 'overlay', expanded: new Array(3) }],
    ['subscribe to overlay with too many expanded paths', { type: 'subscribe', view: 'overlay', expanded: Array.from({ length: MAX_EXPANDED + 1 }, (_, i) => `/d${i}`) }],
    ['subscribe to overlay with a NUL in a path', { type: 'subscribe', view: 'overlay', file: '/a\0b' }],
    ['subscribe to overlay with a huge file path', { type: 'subscribe', view: 'overlay', file: '/' + 'a'.repeat(5000) }],
    ['subscribe to overlay with lower index 500', { type: 'subscribe', view: 'overlay', layer: 500 }],
    ['subscribe to overlay with an unknown layer', { type: 'subscribe', view: 'overlay', layer: 'work' }],
    ['subscribe to overlay with a cgroup option', { type: 'subscribe', view: 'overlay', hierarchy: 'cpu' }],
    ['subscribe to cgroups with overlay options', { type: 'subscribe', view: 'cgroups', expanded: [] }],
    ['reset with a negative seed', { type: 'reset', seed: -1 }],
    ['reset with a huge seed', { type: 'reset', seed: 2 ** 40 }],
  ];
  it.each(invalid)('rejects %s with a message', (_name, m) => {
    const r = validateInbound(m);
    expect(isInvalid(r)).toBe(true);
    expect((r as { error: string }).error).toMatch(/^invalid message: .+/);
  });

  it('knows exactly the cgroup hierarchies the view does', () => {
    expect([...CGROUP_HIERARCHIES]).toEqual([...CGROUP_HIERARCHY_NAMES]);
  });

  it('copies the expanded paths: the host never keeps the array it was sent', () => {
    const expanded = ['/etc'];
    const r = validateInbound({ type: 'subscribe', view: 'overlay', expanded });
    expect(r).toEqual({ type: 'subscribe', view: 'overlay', expanded: ['/etc'] });
    expect((r as { expanded: string[] }).expanded).not.toBe(expanded);
  });

  it('rejects a proxy whose traps throw, without throwing', () => {
    const p = new Proxy({}, { getPrototypeOf: () => { throw new Error('trap'); } });
    expect(isInvalid(validateInbound(p))).toBe(true);
  });

  it('keeps error messages short even for huge hostile field names', () => {
    const r = validateInbound({ type: 'x'.repeat(100000) });
    expect(isInvalid(r) && r.error.length < 200).toBe(true);
  });
});

// The schema of a step's ```check block: a YAML list of checks, each a `label` (what the student
// reads) and exactly one predicate (src/machine/lesson-checks.ts evaluates them). Every field is
// validated here, with the line it is on, so a lesson that loads cannot make a check throw.
import { isMap, isSeq, isScalar, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { Check } from '../worker/protocol';
import type { LabelledCheck, Problem } from './format';

type FieldType = 'string' | 'regex' | 'bool' | 'count' | 'number' | 'abspath' | 'states' | 'pidns' | 'of' | 'files';

const FIELDS: Record<string, Record<string, FieldType>> = {
  process: { comm: 'string', args: 'regex', state: 'states', cgroup: 'string', pidns: 'pidns', nspid: 'count', count: 'count', min: 'count', max: 'count' },
  file: { path: 'abspath', exists: 'bool', equals: 'string', contains: 'string', matches: 'regex' },
  mount: { type: 'string', target: 'abspath', source: 'string', option: 'string', exists: 'bool' },
  cgroup: { path: 'abspath', controller: 'string', exists: 'bool', files: 'files' },
  counter: { path: 'abspath', key: 'string', equals: 'number', min: 'number', max: 'number' },
  output: { of: 'of', contains: 'string', matches: 'regex' },
  command: { contains: 'string', matches: 'regex' },
};
const REQUIRED: Record<string, string[][]> = {
  file: [['path']],
  cgroup: [['path']],
  counter: [['path'], ['equals', 'min', 'max']],
  output: [['contains', 'matches']],
  command: [['contains', 'matches']],
};
const STATES = ['R', 'S', 'D', 'T', 't', 'Z', 'X'];
const MAX_CHECKS = 20;

function valueOk(type: FieldType, v: unknown): string | null {
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
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? null : 'a number';
    case 'states': {
      const list = Array.isArray(v) ? v : [v];
      return list.length > 0 && list.every((s) => typeof s === 'string' && STATES.includes(s)) ? null : `a state letter (${STATES.join(' ')}) or a list of them`;
    }
    case 'pidns':
      return v === 'host' || v === 'container' ? null : "'host' or 'container'";
    case 'of':
      return v === 'last' || v === 'any' ? null : "'last' or 'any'";
    case 'files':
      return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.entries(v).length > 0 &&
        Object.entries(v).every(([k, x]) => /^[a-z_]+\.[a-z_.]+$/.test(k) && (typeof x === 'string' || typeof x === 'number'))
        ? null
        : "a mapping of interface files to values, like { cpu.cfs_quota_us: 20000 }";
  }
}

export function validateChecks(root: unknown, lineOf: (n: unknown) => number, blockLine: number, problems: Problem[]): LabelledCheck[] {
  if (!isSeq(root)) {
    problems.push({ line: blockLine, message: 'a check block is a YAML list: one "- label: …" item per check' });
    return [];
  }
  if (root.items.length > MAX_CHECKS) problems.push({ line: blockLine, message: `at most ${MAX_CHECKS} checks in a step` });
  const out: LabelledCheck[] = [];
  for (const item of root.items) {
    const line = lineOf(item);
    if (!isMap(item)) {
      problems.push({ line, message: 'a check is a mapping with a label and one predicate' });
      continue;
    }
    const c = oneCheck(item as YAMLMap, line, lineOf, problems);
    if (c) out.push(c);
  }
  return out;
}

function oneCheck(item: YAMLMap, line: number, lineOf: (n: unknown) => number, problems: Problem[]): LabelledCheck | null {
  const before = problems.length;
  let label = '';
  let kind: string | null = null;
  let body: YAMLMap | null = null;
  for (const p of item.items) {
    const k = isScalar(p.key) ? String(p.key.value) : '?';
    const at = lineOf(p.key);
    if (k === 'label') {
      const v = isScalar(p.value) ? p.value.value : undefined;
      if (typeof v === 'string' && v.trim()) label = v.trim();
      else problems.push({ line: at, message: 'check: label must be a non-empty string' });
    } else if (k in FIELDS) {
      if (kind) problems.push({ line: at, message: `check: one predicate per check ('${kind}' and '${k}')` });
      kind = k;
      if (isMap(p.value)) body = p.value as YAMLMap;
      else problems.push({ line: at, message: `check: '${k}' takes a mapping of fields` });
    } else problems.push({ line: at, message: `check: unknown key '${k}' (label, ${Object.keys(FIELDS).join(', ')})` });
  }
  if (!label) problems.push({ line, message: 'check: a label is required (what the student reads)' });
  if (!kind) {
    problems.push({ line, message: `check: no predicate (${Object.keys(FIELDS).join(', ')})` });
    return null;
  }
  if (!body) return null;
  const fields = FIELDS[kind]!;
  const value: Record<string, unknown> = {};
  for (const p of body.items) {
    const f = isScalar(p.key) ? String(p.key.value) : '?';
    const at = lineOf(p.key);
    const type = fields[f];
    if (!type) {
      problems.push({ line: at, message: `${kind}: unknown field '${f}' (${Object.keys(fields).join(', ')})` });
      continue;
    }
    const v: unknown = (p.value as YamlNode | null)?.toJSON?.() ?? (isScalar(p.value) ? p.value.value : p.value);
    const bad = valueOk(type, v);
    if (bad) problems.push({ line: lineOf(p.value) || at, message: `${kind}: ${f} must be ${bad}` });
    else value[f] = v;
  }
  for (const oneOf of REQUIRED[kind] ?? []) {
    if (!oneOf.some((f) => f in value) && problems.length === before) {
      problems.push({ line, message: `${kind}: needs ${oneOf.length === 1 ? `'${oneOf[0]}'` : `one of ${oneOf.map((f) => `'${f}'`).join(', ')}`}` });
    }
  }
  if (problems.length > before) return null;
  return { check: { [kind]: value } as unknown as Check, label, line };
}

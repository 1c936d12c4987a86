// The schema of a step's ```check block: a YAML list of checks, each a `label` (what the student
// reads) and exactly one predicate. The predicates' fields and their types are the machine's own
// (CHECK_FIELDS in src/machine/lesson-checks.ts, which evaluates them; the host validates checks
// it receives against the same table); here each problem gets the line it is on.
import { isMap, isSeq, isScalar, type Node as YamlNode, type YAMLMap } from 'yaml';
import { CHECK_FIELDS, CHECK_REQUIRED, checkFieldError, type Check, type CheckKind } from '../worker/protocol';
import type { LabelledCheck, Problem } from './format';
import { say } from './problems';

const MAX_CHECKS = 20;

export function validateChecks(root: unknown, lineOf: (n: unknown) => number, blockLine: number, problems: Problem[]): LabelledCheck[] {
  if (!isSeq(root)) {
    problems.push({ line: blockLine, ...say('checks.list') });
    return [];
  }
  if (root.items.length > MAX_CHECKS) problems.push({ line: blockLine, ...say('checks.max', { max: MAX_CHECKS }) });
  const out: LabelledCheck[] = [];
  for (const item of root.items) {
    const line = lineOf(item);
    if (!isMap(item)) {
      problems.push({ line, ...say('check.mapping') });
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
      else problems.push({ line: at, ...say('check.label') });
    } else if (k in CHECK_FIELDS) {
      if (kind) problems.push({ line: at, ...say('check.onePredicate', { a: kind, b: k }) });
      kind = k;
      if (isMap(p.value)) body = p.value as YAMLMap;
      else problems.push({ line: at, ...say('check.fieldsMapping', { kind: k }) });
    } else problems.push({ line: at, ...say('check.unknownKey', { key: k, kinds: Object.keys(CHECK_FIELDS).join(', ') }) });
  }
  if (!label) problems.push({ line, ...say('check.noLabel') });
  if (!kind) {
    problems.push({ line, ...say('check.noPredicate', { kinds: Object.keys(CHECK_FIELDS).join(', ') }) });
    return null;
  }
  if (!body) return null;
  const fields = CHECK_FIELDS[kind as CheckKind];
  const value: Record<string, unknown> = {};
  for (const p of body.items) {
    const f = isScalar(p.key) ? String(p.key.value) : '?';
    const at = lineOf(p.key);
    const type = fields[f];
    if (!type) {
      problems.push({ line: at, ...say('check.unknownField', { kind, field: f, fields: Object.keys(fields).join(', ') }) });
      continue;
    }
    const v: unknown = (p.value as YamlNode | null)?.toJSON?.() ?? (isScalar(p.value) ? p.value.value : p.value);
    const bad = checkFieldError(type, v);
    if (bad) problems.push({ line: lineOf(p.value) || at, ...say('check.fieldValue', { kind, field: f, type, detail: bad }) });
    else value[f] = v;
  }
  for (const oneOf of CHECK_REQUIRED[kind as CheckKind] ?? []) {
    if (!oneOf.some((f) => f in value) && problems.length === before) {
      problems.push({ line, ...say('check.needs', { kind, n: oneOf.length, fields: oneOf.map((f) => `'${f}'`).join(', ') }) });
    }
  }
  if (problems.length > before) return null;
  return { check: { [kind]: value } as unknown as Check, label, line };
}

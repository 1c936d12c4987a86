// The schema of a step's ```check block: a YAML list of checks, each a `label` (what the student
// reads) and exactly one predicate. The predicates' fields and their types are the machine's own
// (CHECK_FIELDS in src/machine/lesson-checks.ts, which evaluates them; the host validates checks
// it receives against the same table); here each problem gets the line it is on.
import { isMap, isSeq, isScalar, type Node as YamlNode, type YAMLMap } from 'yaml';
import { CHECK_FIELDS, CHECK_REQUIRED, checkFieldError, type Check, type CheckKind } from '../worker/protocol';
import type { LabelledCheck, Problem } from './format';

const MAX_CHECKS = 20;

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
    } else if (k in CHECK_FIELDS) {
      if (kind) problems.push({ line: at, message: `check: one predicate per check ('${kind}' and '${k}')` });
      kind = k;
      if (isMap(p.value)) body = p.value as YAMLMap;
      else problems.push({ line: at, message: `check: '${k}' takes a mapping of fields` });
    } else problems.push({ line: at, message: `check: unknown key '${k}' (label, ${Object.keys(CHECK_FIELDS).join(', ')})` });
  }
  if (!label) problems.push({ line, message: 'check: a label is required (what the student reads)' });
  if (!kind) {
    problems.push({ line, message: `check: no predicate (${Object.keys(CHECK_FIELDS).join(', ')})` });
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
      problems.push({ line: at, message: `${kind}: unknown field '${f}' (${Object.keys(fields).join(', ')})` });
      continue;
    }
    const v: unknown = (p.value as YamlNode | null)?.toJSON?.() ?? (isScalar(p.value) ? p.value.value : p.value);
    const bad = checkFieldError(type, v);
    if (bad) problems.push({ line: lineOf(p.value) || at, message: `${kind}: ${f} must be ${bad}` });
    else value[f] = v;
  }
  for (const oneOf of CHECK_REQUIRED[kind as CheckKind] ?? []) {
    if (!oneOf.some((f) => f in value) && problems.length === before) {
      problems.push({ line, message: `${kind}: needs ${oneOf.length === 1 ? `'${oneOf[0]}'` : `one of ${oneOf.map((f) => `'${f}'`).join(', ')}`}` });
    }
  }
  if (problems.length > before) return null;
  return { check: { [kind]: value } as unknown as Check, label, line };
}

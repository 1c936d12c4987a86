// The lesson file format (docs/lessons.md): Markdown with YAML front matter. Parsing never runs
// anything from the file: the result is plain data (text to render through the sanitiser, shell
// lines to type, check predicates to evaluate), or the list of every problem with its line.
//
//   ---                                  front matter: what the lesson is and the machine it boots
//   id: zombies
//   ...
//   ---
//   Introduction (Markdown).
//   ## A step's title                    each level-2 heading starts a step
//   Text, and code blocks: ```sh run (click to run), ```sh run-interrupt (^C first), ```sh (copy only)
//   ::: hint                             hints, revealed one at a time
//   ::: solution                         shown behind a confirm; its ```sh blocks are what the
//   :::                                  solution bots type
//   ```check                             YAML list of checks (src/lessons/checks-schema.ts)
//   ## What you saw {summary}            the completion screen's text
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node as YamlNode, type Document } from 'yaml';
import { validateChecks } from './checks-schema';
import { say, type ProblemKey } from './problems';
import type { Check } from '../worker/protocol';

export const LESSON_LANGS = ['en', 'zh-CN'] as const;
export type LessonLang = (typeof LESSON_LANGS)[number];
export const LESSON_PANELS = ['states', 'processes', 'cgroups', 'layers', 'history'] as const;
export type LessonPanel = (typeof LESSON_PANELS)[number];

export interface Problem {
  /** 1-based line in the lesson file */
  line: number;
  /** in English; problems.ts renders it in other languages from key and params */
  message: string;
  key?: ProblemKey;
  params?: Readonly<Record<string, string | number>>;
}

export interface LessonMachine {
  cgroupVersion: 1 | 2;
  cpus: number;
  ramBytes: number;
  hostname: string;
  /** shell lines typed on the console before the student arrives */
  setup: string[];
  /** panels open beside the terminal */
  panels: LessonPanel[];
}

export type Block =
  | { kind: 'markdown'; text: string }
  /** run: 'none' = copy only; 'run' = click to run; 'interrupt' = ^C first, then run */
  | { kind: 'code'; code: string; lang: string; run: 'none' | 'run' | 'interrupt'; line: number };

export interface LabelledCheck {
  check: Check;
  /** what the student reads next to the check (the lesson's language) */
  label: string;
  line: number;
}

export interface LessonStep {
  title: string;
  line: number;
  body: Block[];
  /** Markdown, one per hint, in the order they are revealed */
  hints: string[];
  solution: { body: Block[]; commands: string[] } | null;
  checks: LabelledCheck[];
  /** a ```check block was present (its problems are reported on their own) */
  hasCheckBlock?: boolean;
}

export interface Lesson {
  id: string;
  lang: LessonLang;
  title: string;
  summary: string;
  minutes: number;
  machine: LessonMachine;
  intro: Block[];
  steps: LessonStep[];
  /** the completion screen's Markdown ("what you saw") */
  completion: string;
}

export type ParseResult = { ok: true; lesson: Lesson } | { ok: false; problems: Problem[] };

const MAX_LESSON_BYTES = 512 * 1024;
const ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const HOSTNAME_RE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** "512MiB", "4GiB", "1G": bytes, or null. */
export function parseMemory(s: string): number | null {
  const m = /^(\d+)\s*(K|M|G)(i?B)?$/i.exec(s.trim());
  if (!m) return null;
  const unit = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2]!.toUpperCase() as 'K' | 'M' | 'G'];
  return Number(m[1]) * unit;
}

// ------------------------------------------------------------------ YAML with line numbers

/** A YAML document whose node offsets map to lines of the lesson file. */
class YamlAt {
  readonly doc: Document;
  private readonly lc = new LineCounter();
  constructor(
    src: string,
    /** the file line of the source's first line */
    private readonly firstLine: number,
    problems: Problem[],
  ) {
    this.doc = parseDocument(src, { lineCounter: this.lc, uniqueKeys: true, prettyErrors: false });
    for (const e of [...this.doc.errors, ...this.doc.warnings]) {
      problems.push({ line: this.lineAt(e.pos[0]), ...say('yaml', { detail: e.message.split('\n')[0]! }) });
    }
  }
  lineAt(offset: number): number {
    return this.firstLine + this.lc.linePos(offset).line - 1;
  }
  lineOf(node: unknown, fallback: number): number {
    const r = (node as YamlNode | null)?.range;
    return r ? this.lineAt(r[0]) : fallback;
  }
}

// ------------------------------------------------------------------ front matter

function frontMatter(y: YamlAt, headLine: number, problems: Problem[]): Omit<Lesson, 'intro' | 'steps' | 'completion'> | null {
  const root = y.doc.contents;
  if (!isMap(root)) {
    problems.push({ line: headLine, ...say('fm.mapping') });
    return null;
  }
  const at = (key: string) => y.lineOf(root.get(key, true) ?? root.items.find((p) => isScalar(p.key) && p.key.value === key)?.key, headLine);
  const known = new Set(['id', 'lang', 'title', 'summary', 'minutes', 'machine']);
  for (const p of root.items) {
    const k = isScalar(p.key) ? String(p.key.value) : '?';
    if (!known.has(k)) problems.push({ line: y.lineOf(p.key, headLine), ...say('fm.unknownKey', { key: k }) });
  }
  const str = (key: string, required = true): string => {
    const v: unknown = root.get(key);
    if (v === undefined) {
      if (required) problems.push({ line: headLine, ...say('fm.required', { key }) });
      return '';
    }
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push({ line: at(key), ...say('fm.string', { key }) });
      return '';
    }
    return v.trim();
  };
  const id = str('id');
  if (id && !ID_RE.test(id)) problems.push({ line: at('id'), ...say('fm.id', { id }) });
  const lang = str('lang');
  if (lang && !(LESSON_LANGS as readonly string[]).includes(lang)) {
    problems.push({ line: at('lang'), ...say('fm.lang', { langs: LESSON_LANGS.join(', ') }) });
  }
  const title = str('title');
  const summary = str('summary');
  const minutes: unknown = root.get('minutes');
  if (minutes === undefined) problems.push({ line: headLine, ...say('fm.required', { key: 'minutes' }) });
  else if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 120) {
    problems.push({ line: at('minutes'), ...say('fm.minutes') });
  }
  const machine = machineSpec(y, root.get('machine', true), at('machine'), problems);
  return { id, lang: lang as LessonLang, title, summary, minutes: typeof minutes === 'number' ? minutes : 0, machine };
}

function machineSpec(y: YamlAt, node: unknown, line: number, problems: Problem[]): LessonMachine {
  const m: LessonMachine = { cgroupVersion: 1, cpus: 2, ramBytes: 4 * 1024 ** 3, hostname: 'lab', setup: [], panels: ['states', 'processes'] };
  if (node === undefined || node === null) return m;
  if (!isMap(node)) {
    problems.push({ line, ...say('machine.mapping') });
    return m;
  }
  const at = (key: string) => y.lineOf(node.get(key, true), line);
  for (const p of node.items) {
    const k = isScalar(p.key) ? String(p.key.value) : '?';
    if (!['cgroup', 'cpus', 'memory', 'hostname', 'setup', 'panels'].includes(k)) {
      problems.push({ line: y.lineOf(p.key, line), ...say('machine.unknownKey', { key: k }) });
    }
  }
  const cg: unknown = node.get('cgroup');
  if (cg !== undefined) {
    if (cg === 'v1' || cg === 'v2') m.cgroupVersion = cg === 'v1' ? 1 : 2;
    else problems.push({ line: at('cgroup'), ...say('machine.cgroup') });
  }
  const cpus: unknown = node.get('cpus');
  if (cpus !== undefined) {
    if (typeof cpus === 'number' && Number.isInteger(cpus) && cpus >= 1 && cpus <= 64) m.cpus = cpus;
    else problems.push({ line: at('cpus'), ...say('machine.cpus') });
  }
  const mem: unknown = node.get('memory');
  if (mem !== undefined) {
    const b = typeof mem === 'string' ? parseMemory(mem) : null;
    if (b !== null && b >= 64 * 1024 ** 2 && b <= 64 * 1024 ** 3) m.ramBytes = b;
    else problems.push({ line: at('memory'), ...say('machine.memory') });
  }
  const host: unknown = node.get('hostname');
  if (host !== undefined) {
    if (typeof host === 'string' && HOSTNAME_RE.test(host)) m.hostname = host;
    else problems.push({ line: at('hostname'), ...say('machine.hostname') });
  }
  const setup = node.get('setup', true);
  if (setup !== undefined) {
    if (!isSeq(setup)) problems.push({ line: at('setup'), ...say('machine.setupList') });
    else {
      for (const item of setup.items) {
        const v = isScalar(item) ? item.value : undefined;
        if (typeof v !== 'string' || /[\r\n\0]/.test(v) || v.length > 4096) {
          problems.push({ line: y.lineOf(item, line), ...say('machine.setupLine') });
        } else m.setup.push(v);
      }
      if (m.setup.length > 100) problems.push({ line: at('setup'), ...say('machine.setupMax') });
    }
  }
  const panels = node.get('panels', true);
  if (panels !== undefined) {
    if (!isSeq(panels)) problems.push({ line: at('panels'), ...say('machine.panelsList') });
    else {
      m.panels = [];
      for (const item of panels.items) {
        const v = isScalar(item) ? item.value : undefined;
        if (typeof v === 'string' && (LESSON_PANELS as readonly string[]).includes(v)) m.panels.push(v as LessonPanel);
        else problems.push({ line: y.lineOf(item, line), ...say('machine.panel', { panel: String(v), panels: LESSON_PANELS.join(', ') }) });
      }
    }
  }
  return m;
}

// ------------------------------------------------------------------ body

interface Section {
  title: string;
  line: number;
  summary: boolean;
  lines: Array<{ text: string; line: number }>;
}

const FENCE_RE = /^(\s{0,3})(`{3,}|~{3,})\s*([^`]*)$/;

function parseBody(lines: Array<{ text: string; line: number }>, problems: Problem[]): { intro: Section; sections: Section[] } {
  const intro: Section = { title: '', line: lines[0]?.line ?? 1, summary: false, lines: [] };
  const sections: Section[] = [];
  let cur = intro;
  let fence: string | null = null;
  let fenceLine = 0;
  for (const l of lines) {
    const f = FENCE_RE.exec(l.text);
    if (fence === null && f) {
      fence = f[2]!;
      fenceLine = l.line;
    }
    else if (fence !== null && f && f[2]!.startsWith(fence[0]!) && f[2]!.length >= fence.length && f[3]!.trim() === '') fence = null;
    else if (fence === null && /^## /.test(l.text)) {
      const raw = l.text.slice(3).trim();
      const summary = /\s*\{summary\}$/.test(raw);
      cur = { title: raw.replace(/\s*\{summary\}$/, ''), line: l.line, summary, lines: [] };
      if (!cur.title) problems.push({ line: l.line, ...say('step.title') });
      sections.push(cur);
      continue;
    }
    cur.lines.push(l);
  }
  if (fence !== null) problems.push({ line: fenceLine, ...say('fence.open', { fence }) });
  return { intro, sections };
}

/** Split a section's lines into blocks, hints, solution and checks. */
function parseSection(s: Section, problems: Problem[]): LessonStep {
  const step: LessonStep = { title: s.title, line: s.line, body: [], hints: [], solution: null, checks: [], hasCheckBlock: false };
  let i = 0;
  const L = s.lines;
  const blocksUntilClose = (container: string, openLine: number): { blocks: Block[]; end: number } => {
    const inner: Array<{ text: string; line: number }> = [];
    let fence: string | null = null;
    for (let j = i; j < L.length; j++) {
      const t = L[j]!.text;
      const f = FENCE_RE.exec(t);
      if (fence === null && f) fence = f[2]!;
      else if (fence !== null && f && f[2]!.startsWith(fence[0]!) && f[3]!.trim() === '') fence = null;
      else if (fence === null && /^:::\s*$/.test(t)) return { blocks: toBlocks(inner, problems, container), end: j + 1 };
      else if (fence === null && /^:::\s*\S/.test(t)) {
        // containers do not nest: this one was left open
        problems.push({ line: openLine, ...say('container.openBefore', { container, before: L[j]!.line }) });
        return { blocks: toBlocks(inner, problems, container), end: j };
      }
      inner.push(L[j]!);
    }
    problems.push({ line: openLine, ...say('container.open', { container }) });
    return { blocks: toBlocks(inner, problems, container), end: L.length };
  };
  const body: Array<{ text: string; line: number }> = [];
  while (i < L.length) {
    const { text, line } = L[i]!;
    const c = /^:::\s*(\S+)\s*$/.exec(text);
    if (c) {
      i++;
      const { blocks, end } = blocksUntilClose(c[1]!, line);
      i = end;
      if (c[1] === 'hint') step.hints.push(blocksToMarkdown(blocks));
      else if (c[1] === 'solution') {
        if (step.solution) problems.push({ line, ...say('solution.one') });
        const commands = blocks.flatMap((b) => (b.kind === 'code' && b.lang === 'sh' ? b.code.split('\n').filter((x) => x.trim() !== '') : []));
        if (commands.length === 0) problems.push({ line, ...say('solution.commands') });
        step.solution = { body: blocks, commands };
      } else problems.push({ line, ...say('container.unknown', { container: c[1]! }) });
      continue;
    }
    if (/^:::\s*$/.test(text)) problems.push({ line, ...say('container.closesNothing') });
    body.push(L[i]!);
    i++;
  }
  for (const b of toBlocks(body, problems, null)) {
    if (b.kind === 'code' && b.lang === 'check') {
      step.hasCheckBlock = true;
      step.checks.push(...checksOf(b, problems));
    }
    else step.body.push(b);
  }
  return step;
}

function blocksToMarkdown(blocks: Block[]): string {
  return blocks.map((b) => (b.kind === 'markdown' ? b.text : `\`\`\`${b.lang}\n${b.code}\n\`\`\``)).join('\n\n');
}

function toBlocks(lines: Array<{ text: string; line: number }>, problems: Problem[], container: string | null): Block[] {
  const out: Block[] = [];
  let md: string[] = [];
  const flush = () => {
    const text = md.join('\n').trim();
    if (text) out.push({ kind: 'markdown', text });
    md = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const f = FENCE_RE.exec(lines[i]!.text);
    if (!f) {
      md.push(lines[i]!.text);
      continue;
    }
    flush();
    const openLine = lines[i]!.line;
    const [lang = '', ...flags] = f[3]!.trim().split(/\s+/);
    const code: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const g = FENCE_RE.exec(lines[j]!.text);
      if (g && g[2]!.startsWith(f[2]![0]!) && g[2]!.length >= f[2]!.length && g[3]!.trim() === '') break;
      code.push(lines[j]!.text);
    }
    i = j;
    let run: 'none' | 'run' | 'interrupt' = 'none';
    for (const flag of flags) {
      if (flag === 'run' && lang === 'sh') run = 'run';
      else if (flag === 'run-interrupt' && lang === 'sh') run = 'interrupt';
      else problems.push({ line: openLine, ...say('fence.flag', { flag }) });
    }
    if (lang === 'check' && container !== null) problems.push({ line: openLine, ...say('check.inContainer', { container }) });
    out.push({ kind: 'code', code: code.join('\n'), lang, run, line: openLine });
  }
  flush();
  return out;
}

function checksOf(b: Extract<Block, { kind: 'code' }>, problems: Problem[]): LabelledCheck[] {
  const y = new YamlAt(b.code, b.line + 1, problems);
  if (y.doc.errors.length > 0) return [];
  return validateChecks(y.doc.contents, (n) => y.lineOf(n, b.line), b.line, problems);
}

// ------------------------------------------------------------------ the whole file

export function parseLesson(text: string): ParseResult {
  const problems: Problem[] = [];
  if (text.length > MAX_LESSON_BYTES) return { ok: false, problems: [{ line: 1, ...say('file.size', { kib: MAX_LESSON_BYTES / 1024 }) }] };
  const all = text.replace(/\r\n?/g, '\n').split('\n');
  if (all[0]?.trim() !== '---') return { ok: false, problems: [{ line: 1, ...say('file.frontMatter') }] };
  const close = all.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (close < 0) return { ok: false, problems: [{ line: 1, ...say('file.frontMatterOpen') }] };
  const head = new YamlAt(all.slice(1, close).join('\n'), 2, problems);
  const meta = head.doc.errors.length === 0 ? frontMatter(head, 1, problems) : null;
  const bodyLines = all.slice(close + 1).map((t, i) => ({ text: t, line: close + 2 + i }));
  const { intro, sections } = parseBody(bodyLines, problems);
  const introStep = parseSection(intro, problems);
  if (introStep.checks.length || introStep.hints.length || introStep.solution) {
    problems.push({ line: intro.line, ...say('intro.stepThings') });
  }
  const steps: LessonStep[] = [];
  let completion = '';
  sections.forEach((s, idx) => {
    if (s.summary) {
      if (idx !== sections.length - 1) problems.push({ line: s.line, ...say('summary.last') });
      completion = s.lines.map((l) => l.text).join('\n').trim();
      return;
    }
    const step = parseSection(s, problems);
    if (!step.hasCheckBlock) problems.push({ line: s.line, ...say('step.noChecks', { title: s.title }) });
    if (!step.solution) problems.push({ line: s.line, ...say('step.noSolution', { title: s.title }) });
    steps.push(step);
  });
  if (steps.length === 0) problems.push({ line: bodyLines[0]?.line ?? close + 1, ...say('lesson.noSteps') });
  if (!completion) problems.push({ line: all.length, ...say('lesson.noSummary') });
  if (problems.length > 0 || !meta) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  return { ok: true, lesson: { ...meta, intro: introStep.body, steps, completion } };
}

// What the lesson validator says about a broken lesson, in each language of the lab. A problem
// carries its key and parameters; `message` is the English text (tests, the embed SDK's error
// event), and localizeProblems() renders the report in the instructor's language.
import type { LessonLang } from './format';

type Params = Readonly<Record<string, string | number>>;
type Texts = Record<string, (p: Params) => string>;

const s = (v: string | number | undefined): string => String(v ?? '');

// The English texts are the canonical ones (docs/lessons.md and the tests quote them).
const EN = {
  yaml: (p) => `YAML: ${s(p.detail)}`,
  'fm.mapping': () => 'front matter: expected a mapping (key: value lines)',
  'fm.unknownKey': (p) => `front matter: unknown key '${s(p.key)}'`,
  'fm.required': (p) => `front matter: '${s(p.key)}' is required`,
  'fm.string': (p) => `front matter: '${s(p.key)}' must be a non-empty string`,
  'fm.id': (p) => `front matter: id '${s(p.id)}' must be lowercase letters, digits and '-' (at most 64)`,
  'fm.lang': (p) => `front matter: lang must be one of ${s(p.langs)}`,
  'fm.minutes': () => 'front matter: minutes must be a whole number from 1 to 120',
  'machine.mapping': () => 'machine: expected a mapping',
  'machine.unknownKey': (p) => `machine: unknown key '${s(p.key)}'`,
  'machine.cgroup': () => 'machine: cgroup must be v1 or v2',
  'machine.cpus': () => 'machine: cpus must be a whole number from 1 to 64',
  'machine.memory': () => "machine: memory must be a size from 64MiB to 64GiB, like '512MiB' or '4GiB'",
  'machine.hostname': () => 'machine: hostname must be a valid host name (lowercase letters, digits, -)',
  'machine.setupList': () => 'machine: setup must be a list of shell lines',
  'machine.setupLine': () => 'machine: each setup entry must be one shell line',
  'machine.setupMax': () => 'machine: at most 100 setup lines',
  'machine.panelsList': () => 'machine: panels must be a list',
  'machine.panel': (p) => `machine: unknown panel '${s(p.panel)}' (panels: ${s(p.panels)})`,
  'step.title': () => 'a step needs a title after ##',
  'fence.open': (p) => `a code block opened with ${s(p.fence)} is never closed`,
  'container.openBefore': (p) => `'::: ${s(p.container)}' is never closed with ':::' (before line ${s(p.before)})`,
  'container.open': (p) => `'::: ${s(p.container)}' is never closed with ':::'`,
  'solution.one': () => 'a step has at most one solution',
  'solution.commands': () => 'a solution needs a ```sh block with the commands it runs',
  'container.unknown': (p) => `unknown container '::: ${s(p.container)}' (hint, solution)`,
  'container.closesNothing': () => "':::' closes nothing",
  'fence.flag': (p) => `unknown code block flag '${s(p.flag)}' (\`\`\`sh run, \`\`\`sh run-interrupt)`,
  'check.inContainer': (p) => `checks belong to the step, not inside '::: ${s(p.container)}'`,
  'file.size': (p) => `a lesson file is at most ${s(p.kib)} KiB`,
  'file.frontMatter': () => "a lesson starts with front matter: a line '---', YAML, then '---'",
  'file.frontMatterOpen': () => "the front matter is never closed with '---'",
  'intro.stepThings': () => 'checks, hints and solutions belong to a step (after a ## heading)',
  'summary.last': () => 'the {summary} section comes last',
  'step.noChecks': (p) => `step '${s(p.title)}' has no checks (a \`\`\`check block)`,
  'step.noSolution': (p) => `step '${s(p.title)}' has no '::: solution'`,
  'lesson.noSteps': () => 'a lesson needs at least one step (a ## heading)',
  'lesson.noSummary': () => "a lesson ends with a '## … {summary}' section: what the student saw",
  'checks.list': () => 'a check block is a YAML list: one "- label: …" item per check',
  'checks.max': (p) => `at most ${s(p.max)} checks in a step`,
  'check.mapping': () => 'a check is a mapping with a label and one predicate',
  'check.label': () => 'check: label must be a non-empty string',
  'check.onePredicate': (p) => `check: one predicate per check ('${s(p.a)}' and '${s(p.b)}')`,
  'check.fieldsMapping': (p) => `check: '${s(p.kind)}' takes a mapping of fields`,
  'check.unknownKey': (p) => `check: unknown key '${s(p.key)}' (label, ${s(p.kinds)})`,
  'check.noLabel': () => 'check: a label is required (what the student reads)',
  'check.noPredicate': (p) => `check: no predicate (${s(p.kinds)})`,
  'check.unknownField': (p) => `${s(p.kind)}: unknown field '${s(p.field)}' (${s(p.fields)})`,
  'check.fieldValue': (p) => `${s(p.kind)}: ${s(p.field)} must be ${s(p.detail)}`,
  'check.needs': (p) => `${s(p.kind)}: needs ${p.n === 1 ? s(p.fields) : `one of ${s(p.fields)}`}`,
  'url.invalid': (p) => `not a lesson URL: ${s(p.detail)}`,
  'url.load': (p) => `cannot load it: ${s(p.detail)}`,
} satisfies Texts;

export type ProblemKey = keyof typeof EN;

const ZH: Record<ProblemKey, (p: Params) => string> = {
  yaml: (p) => `YAML：${s(p.detail)}`,
  'fm.mapping': () => '前言（front matter）：应为映射（key: value 行）',
  'fm.unknownKey': (p) => `前言：未知的键 '${s(p.key)}'`,
  'fm.required': (p) => `前言：缺少必需的 '${s(p.key)}'`,
  'fm.string': (p) => `前言：'${s(p.key)}' 必须是非空字符串`,
  'fm.id': (p) => `前言：id '${s(p.id)}' 只能由小写字母、数字和 '-' 组成（最多 64 个字符）`,
  'fm.lang': (p) => `前言：lang 必须是 ${s(p.langs)} 之一`,
  'fm.minutes': () => '前言：minutes 必须是 1 到 120 之间的整数',
  'machine.mapping': () => 'machine：应为映射',
  'machine.unknownKey': (p) => `machine：未知的键 '${s(p.key)}'`,
  'machine.cgroup': () => 'machine：cgroup 必须是 v1 或 v2',
  'machine.cpus': () => 'machine：cpus 必须是 1 到 64 之间的整数',
  'machine.memory': () => "machine：memory 必须是 64MiB 到 64GiB 之间的大小，例如 '512MiB' 或 '4GiB'",
  'machine.hostname': () => 'machine：hostname 必须是有效的主机名（小写字母、数字、-）',
  'machine.setupList': () => 'machine：setup 必须是 shell 命令行的列表',
  'machine.setupLine': () => 'machine：每个 setup 条目必须是一行 shell 命令',
  'machine.setupMax': () => 'machine：setup 最多 100 行',
  'machine.panelsList': () => 'machine：panels 必须是列表',
  'machine.panel': (p) => `machine：未知的面板 '${s(p.panel)}'（可用面板：${s(p.panels)}）`,
  'step.title': () => '步骤的 ## 后面需要标题',
  'fence.open': (p) => `以 ${s(p.fence)} 开始的代码块没有结束`,
  'container.openBefore': (p) => `'::: ${s(p.container)}' 没有用 ':::' 结束（在第 ${s(p.before)} 行之前）`,
  'container.open': (p) => `'::: ${s(p.container)}' 没有用 ':::' 结束`,
  'solution.one': () => '一个步骤最多只有一个解答',
  'solution.commands': () => '解答需要一个 ```sh 代码块，写出它要运行的命令',
  'container.unknown': (p) => `未知的容器 '::: ${s(p.container)}'（可用：hint、solution）`,
  'container.closesNothing': () => "':::' 没有可以结束的容器",
  'fence.flag': (p) => `未知的代码块标记 '${s(p.flag)}'（可用：\`\`\`sh run、\`\`\`sh run-interrupt）`,
  'check.inContainer': (p) => `检查属于步骤本身，不能放在 '::: ${s(p.container)}' 里`,
  'file.size': (p) => `课程文件最大为 ${s(p.kib)} KiB`,
  'file.frontMatter': () => "课程以前言开始：一行 '---'，然后是 YAML，再是一行 '---'",
  'file.frontMatterOpen': () => "前言没有用 '---' 结束",
  'intro.stepThings': () => '检查、提示和解答必须属于某个步骤（在 ## 标题之后）',
  'summary.last': () => '{summary} 部分必须放在最后',
  'step.noChecks': (p) => `步骤 '${s(p.title)}' 没有检查（\`\`\`check 代码块）`,
  'step.noSolution': (p) => `步骤 '${s(p.title)}' 没有 '::: solution'`,
  'lesson.noSteps': () => '课程至少需要一个步骤（一个 ## 标题）',
  'lesson.noSummary': () => "课程以 '## … {summary}' 部分结束：学生看到了什么",
  'checks.list': () => '检查代码块是一个 YAML 列表：每个检查一项 "- label: …"',
  'checks.max': (p) => `一个步骤最多 ${s(p.max)} 个检查`,
  'check.mapping': () => '检查是一个映射：一个 label 加一个判定',
  'check.label': () => '检查：label 必须是非空字符串',
  'check.onePredicate': (p) => `检查：每个检查只能有一个判定（'${s(p.a)}' 和 '${s(p.b)}'）`,
  'check.fieldsMapping': (p) => `检查：'${s(p.kind)}' 的值必须是字段的映射`,
  'check.unknownKey': (p) => `检查：未知的键 '${s(p.key)}'（可用：label、${s(p.kinds)}）`,
  'check.noLabel': () => '检查：需要 label（学生看到的文字）',
  'check.noPredicate': (p) => `检查：没有判定（可用：${s(p.kinds)}）`,
  'check.unknownField': (p) => `${s(p.kind)}：未知的字段 '${s(p.field)}'（可用：${s(p.fields)}）`,
  'check.fieldValue': (p) => `${s(p.kind)}：${s(p.field)} 必须是${ZH_FIELD[s(p.type)] ?? ` ${s(p.detail)}`}`,
  'check.needs': (p) => `${s(p.kind)}：需要 ${s(p.fields)}${p.n === 1 ? '' : ' 之一'}`,
  'url.invalid': (p) => `不是课程的 URL：${s(p.detail)}`,
  'url.load': (p) => `无法加载：${s(p.detail)}`,
};

// checkFieldError()'s English fragments ("a non-empty string", …) by field type
const ZH_FIELD: Readonly<Record<string, string>> = {
  string: '非空字符串',
  abspath: '绝对路径',
  bool: ' true 或 false',
  count: '大于或等于 0 的整数',
  number: '数字',
  status: '退出状态（0 到 255）',
  states: '状态字母（R S D T t Z X）或它们的列表',
  pidns: " 'host' 或 'container'",
  of: " 'last' 或 'any'",
  files: '接口文件到值的映射，例如 { cpu.cfs_quota_us: 20000 }',
};

export interface LocalizedProblem {
  key: ProblemKey;
  params: Params;
  message: string;
}

/** A problem's key, parameters and English message. */
export function say(key: ProblemKey, params: Params = {}): LocalizedProblem {
  return { key, params, message: (EN[key] as (p: Params) => string)(params) };
}

/** The message of a problem in `lang` (the English one when it has no key, or no translation). */
export function problemText(p: { message: string; key?: ProblemKey; params?: Params }, lang: LessonLang): string {
  if (lang === 'en' || !p.key) return p.message;
  // an invalid regular expression keeps the engine's (English) reason
  if (p.key === 'check.fieldValue' && p.params?.type === 'regex') {
    const m = /^a valid regular expression \((.*)\)$/.exec(s(p.params.detail));
    return `${s(p.params.kind)}：${s(p.params.field)} 必须是${m ? `有效的正则表达式（${m[1]!}）` : '正则表达式（最多 512 个字符）'}`;
  }
  return ZH[p.key](p.params ?? {});
}

/** Problems with their messages in `lang`. */
export function localizeProblems<T extends { message: string; key?: ProblemKey; params?: Params }>(problems: readonly T[], lang: LessonLang): T[] {
  return problems.map((p) => ({ ...p, message: problemText(p, lang) }));
}

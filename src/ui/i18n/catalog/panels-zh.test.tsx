// @vitest-environment happy-dom
// The panels and the page shell in Simplified Chinese, from fake frames that reach every part of
// them (a selected process, a throttled cgroup with its tasks, an overlay with whiteouts, copy-ups
// and a selected file): known Chinese strings appear, and no English UI text is left anywhere a
// person or a screen reader meets it (text, title, aria-label, placeholder). Terminal words stay:
// ps's column headers, file and option names, paths, overlayfs's layer names.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MachineContext } from '../../session/context';
import { MachineSession } from '../../session/session';
import { cg, cgFrame, FakeLink, ovlDir, ovlEntry, ovlFrame, proc } from '../../test-helpers/fake-link';
import { click, render, update, type Rendered } from '../../test-helpers/render';
import { CgroupsPanel } from '../../panels/cgroups/CgroupsPanel';
import { useCgroupsUi } from '../../panels/cgroups/store';
import { LayersPanel } from '../../panels/filesystem/LayersPanel';
import { useLayersUi } from '../../panels/filesystem/store';
import { ProcessesPanel } from '../../panels/processes/ProcessesPanel';
import { useProcessesUi } from '../../panels/processes/store';
import { CrashReport } from '../../shell/CrashReport';
import { ErrorBoundary } from '../../shell/ErrorBoundary';
import { StatusLine } from '../../shell/StatusLine';
import { useSettings } from '../../settings/store';
import { CATALOGS, useLang } from '../index';

let link: FakeLink;
let session: MachineSession;
let view: Rendered | null = null;

beforeEach(() => {
  useProcessesUi.getState().reset();
  useCgroupsUi.getState().reset();
  useLayersUi.getState().reset();
  useSettings.getState().setLang('zh-CN');
  link = new FakeLink();
  session = new MachineSession(link);
  update(() => link.ready());
});

afterEach(() => {
  view?.unmount();
  view = null;
  session.dispose();
  useSettings.getState().reset();
});

function mount(ui: React.ReactNode) {
  view = render(<MachineContext.Provider value={session}>{ui}</MachineContext.Provider>);
  return view;
}
const $ = (sel: string) => view!.container.querySelector(sel);
const $$ = (sel: string) => [...view!.container.querySelectorAll(sel)];

/** Every string a person or a screen reader meets: text outside code, and labelling attributes. */
function visibleStrings(root: Element): string[] {
  const out: string[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement?.closest('code, pre')) continue; // commands and file content
    const s = n.textContent?.trim();
    if (s) out.push(s);
  }
  for (const el of root.querySelectorAll('*'))
    for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
      const v = el.getAttribute(a);
      if (v) out.push(v);
    }
  return out;
}

/**
 * English phrases of our catalogues (two words or more, placeholders cut out) whose Chinese text
 * differs: none of them may show up once the UI is in Chinese.
 */
const ENGLISH_PHRASES = ['shell', 'processes', 'cgroups', 'layers']
  .flatMap((name) => Object.entries(CATALOGS[name]!.en).filter(([k, en]) => CATALOGS[name]!['zh-CN'][k] !== en))
  .flatMap(([, en]) => en.split(/\{\w+\}/))
  .map((s) => s.trim().replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, ''))
  .filter((s) => /[A-Za-z]{2,} [A-Za-z]{2,}/.test(s));

/** Three English words in a row: a sentence someone forgot to translate. */
const SENTENCE = /\b[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}\b/;

/** Terminal text shown as the terminal prints it: a line of mount(8) ("overlay on /x type overlay (…)"). */
const TERMINAL_TEXT = /^\S+ on \S+ type \w+ \(/;

function englishLeft(root: Element): string[] {
  return visibleStrings(root).filter((s) => !TERMINAL_TEXT.test(s) && (SENTENCE.test(s) || ENGLISH_PHRASES.some((p) => s.includes(p))));
}

describe('the UI in Simplified Chinese', () => {
  it('has English phrases to look for (the check is not empty)', () => {
    expect(ENGLISH_PHRASES.length).toBeGreaterThan(60);
    expect(ENGLISH_PHRASES).toContain('Waiting for the machine');
    expect(useLang.getState().lang).toBe('zh-CN');
    // the same panel in English is caught by it
    update(() => useSettings.getState().setLang('en'));
    mount(<ProcessesPanel />);
    update(() => link.frame([proc(1, 0, 'S', '/sbin/init')]));
    expect(englishLeft(view!.container)).toEqual(expect.arrayContaining(['Select a process to see /proc/PID/status.', 'Sort by PID']));
  });

  it('the process panel', () => {
    mount(<ProcessesPanel />);
    expect($('.proc-panel__empty')!.textContent).toBe('正在等待机器…');
    update(() =>
      link.frame([
        proc(1, 0, 'S', '/sbin/init'),
        proc(2, 1, 'R', '-bash'),
        proc(9, 2, 'Z', 'sleep 1'),
        proc(10, 2, 'T', 'sleep 200'),
        proc(11, 2, 'D', 'cat'),
        proc(12, 2, 'I', 'kworker'),
        proc(13, 2, '?', 'odd'),
      ]),
    );
    expect($('h2')!.textContent).toBe('进程');
    expect($('[data-testid="proc-counts"]')!.textContent).toBe('7 个任务1 个僵尸进程1 个已停止');
    const state = (pid: number) => $(`tr[data-pid="${pid}"] .proc-col--state`)!.textContent;
    expect([1, 2, 9, 10, 11, 12, 13].map(state)).toEqual(['S 睡眠', 'R 运行', 'Z 僵尸', 'T 已停止', 'D 磁盘睡眠', 'I 空闲', '? 未知']);
    expect($$('.proc-panel__modes button').map((b) => b.textContent)).toEqual(['表格', '树状']);
    expect($('.proc-details--hint')!.textContent).toBe('选择一个进程以查看它的 /proc/PID/status。');
    update(() => useProcessesUi.getState().setHighlight({ pids: [2], label: 'cgroup cpu:/demo', source: 'test' }));
    expect($('[data-testid="proc-highlight"]')!.textContent).toBe('cgroup cpu:/demo 中的 1 个×');
    expect(englishLeft(view!.container)).toEqual([]);
    click($('tr[data-pid="9"]'));
    expect($('.proc-details')!.textContent).toContain('读取中…');
    update(() => link.frame([proc(1, 0, 'S', '/sbin/init')], { pid: 9, status: 'Name:\tsleep\nState:\tZ (zombie)\n' }));
    expect($('.proc-details')!.textContent).toContain('进程 9 已不存在。');
    expect(englishLeft(view!.container)).toEqual([]);
  });

  it('the cgroup panel', () => {
    mount(<CgroupsPanel />);
    expect($('.cg-panel__empty')!.textContent).toBe('正在等待机器…');
    const throttled = { throttledNow: true, nrPeriods: 40, nrThrottled: 40, throttledTimeNs: 3.2e9, nrThrottledDelta: 10, throttledPercent: 80 };
    const cap = { percent: 20, from: '/db', by: 'quota' as const };
    const seed = cgFrame([
      cg('/', { nrTasks: 1, nrProcs: 1, nrTasksSubtree: 4, pids: [1], history: [0, 5] }),
      cg('/db', {
        nrTasksSubtree: 3,
        cpu: { quotaUs: 20000, periodUs: 100000, quotaPercent: 20, shares: 512, weight: 50 },
        cpuCap: cap,
        cpuStat: throttled,
        throttledBy: '/db',
        usageSource: 'tasks',
        pidsLimit: { current: 5, max: 5 },
        memoryLimit: 256 * 1024 * 1024,
      }),
      cg('/db/mysql', { nrTasks: 3, nrProcs: 3, nrTasksSubtree: 3, pids: [2, 5, 6], cpuCap: cap, throttledBy: '/db', cpuset: { cpus: '', effective: '' } }),
      cg('/web', { cpuset: { cpus: '1', effective: '1' } }),
    ]);
    update(() => link.cgroups(seed));
    expect($('h2')!.textContent).toBe('控制组 (cgroup)');
    const node = (p: string) => $(`.cg-node[data-path="${p}"]`)!;
    expect(node('/').querySelector('.cg-chip')!.textContent).toBe('根：无限制');
    expect(node('/db').querySelector('.cg-node__throttle')!.textContent).toBe('限流 80%');
    expect(node('/db').querySelector('.cg-node__tasks')!.textContent).toBe('0 个任务 子组另有 3 个');
    expect([...node('/db').querySelectorAll('.cg-chip')].map((c) => c.textContent)).toEqual(['20% CPU', 'shares 512', 'pids 5/5', '内存 256M']);
    expect(node('/db/mysql').querySelector('.cg-node__held')!.textContent).toBe('受 /db 限制');
    expect(node('/db').getAttribute('aria-label')).toContain('cgroup /db，0 个进程，0 个任务');
    expect($('.cg-details--hint')!.textContent).toContain('选择一个 cgroup');
    expect(englishLeft(view!.container)).toEqual([]);
    click(node('/db/mysql'));
    expect($('.cg-details')!.textContent).toContain('读取中…');
    update(() =>
      link.cgroups({
        ...seed,
        selected: { path: '/db/mysql', tasks: [{ tid: 2, pid: 2, comm: 'bash', state: 'S' }, { tid: 6, pid: 5, comm: 'stress', state: 'R' }] },
      }),
    );
    expect($$('.cg-task').map((b) => b.textContent)).toEqual(['2bashS 睡眠', '5/6stressR 运行']);
    expect(englishLeft(view!.container)).toEqual([]);
    click(node('/web'));
    update(() => link.cgroups({ ...seed, selected: { path: '/web', tasks: [] } }));
    expect($('.cg-details')!.textContent).toContain('这里没有任务。');
    update(() => link.cgroups(cgFrame(seed.nodes.filter((n) => n.path !== '/web'))));
    expect($('.cg-details')!.textContent).toContain('此 cgroup 已不存在。');
    expect(englishLeft(view!.container)).toEqual([]);
  });

  it('the layer panel', () => {
    vi.useFakeTimers();
    try {
      mount(<LayersPanel />);
      expect($('.ovl-panel__empty')!.textContent).toBe('正在等待机器…');
      update(() => link.overlay({ nowNs: 1e9, mounts: [], detail: null }));
      expect($('[data-testid="ovl-empty"]')!.textContent).toContain('没有 overlay 挂载——试试：');
      expect(englishLeft(view!.container)).toEqual([]);
      const root = ovlDir('/', [
        ovlEntry('/data', { kind: 'dir', from: 'upper', layers: ['upper'], hidden: [1], opaque: true }),
        ovlEntry('/etc', { kind: 'dir', from: 'upper', layers: ['upper', 0, 1], hasChildren: true }),
        ovlEntry('/link', { kind: 'symlink', target: 'etc/os-release', from: 0 }),
      ], 2);
      const etc = ovlDir('/etc', [
        ovlEntry('/etc/motd', { kind: 'whiteout', from: 'upper', layers: ['upper'], hidden: [0, 1] }),
        ovlEntry('/etc/os-release', { from: 'upper', layers: ['upper'], hidden: [1], size: 14 }),
      ]);
      const copyUps = [{ seq: 1, timeNs: 5e8, path: '/etc/os-release', fromLayer: 1 }];
      update(() => useLayersUi.getState().expand('/etc'));
      update(() => link.overlay(ovlFrame([root, etc], { copyUps })));
      expect($('h2')!.textContent).toBe('分层');
      expect($('.ovl-tree__title')!.textContent).toBe('/tmp/ov/merged 的合并视图');
      expect($('[data-layer="1"] .ovl-layer__size')!.textContent).toBe('4 个文件 · 16 B');
      expect($('ul.ovl-copyups li')!.textContent).toBe('↑/etc/os-release写时复制自 lower 2');
      const row = (p: string) => $(`[role="treeitem"][data-path="${p}"]`)!;
      expect(row('/data').querySelector('.ovl-badge--opaque')!.textContent).toBe('不透明');
      expect(row('/etc/motd').querySelector('.ovl-note')!.textContent).toBe('删除 lower 1, lower 2');
      expect(row('/etc/os-release').getAttribute('aria-label')).toBe('os-release，文件，14 字节，来自 upper，覆盖 lower 2，写时复制自 lower 2');
      expect($('.ovl-tree__more')!.textContent).toBe('… 另有 2 个条目未列出');
      expect(englishLeft(view!.container)).toEqual([]);
      // a copy-up as it happens is announced
      update(() => link.trace([{ type: 'copy-up', sb: 38, path: '/etc/os-release', fromLayer: 1, timeNs: 1e9 }]));
      expect($('[data-testid="ovl-announce"]')!.textContent).toBe('已将 /etc/os-release 从 lower 2 写时复制 (copy-up) 到 upper');
      // the selected file and its versions
      click(row('/etc/os-release'));
      expect($('.ovl-details__summary')!.textContent).toBe('读取中…');
      update(() =>
        link.overlay(
          ovlFrame([root, etc], {
            copyUps,
            file: {
              path: '/etc/os-release',
              inMerged: true,
              versions: [
                { layer: 'upper', status: 'visible', by: null, kind: 'file', size: 14, mode: 0o644, content: { kind: 'text', text: 'x', truncated: true } },
                { layer: 1, status: 'shadowed', by: 'upper', kind: 'file', size: 5, mode: 0o644, content: { kind: 'binary' } },
              ],
            },
          }),
        ),
      );
      expect($('.ovl-details__summary')!.textContent).toBe('在合并视图中，来自 upper；共有 2 个层拥有它的版本。');
      expect($$('[role="tab"] .ovl-version__status').map((s) => s.textContent)).toEqual(['在 merged 中可见', '被 upper 遮盖']);
      expect($('.ovl-content__note')!.textContent).toBe('… 14 B 中的前 4 KiB');
      expect(englishLeft(view!.container)).toEqual([]);
      // one layer's contents
      update(() => useLayersUi.getState().setLayer(1));
      expect($('.ovl-tree__title')!.textContent).toContain('lower 2（/tmp/ov/lower2）的内容');
      expect(englishLeft(view!.container)).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the status line and the crash report', () => {
    mount(
      <>
        <StatusLine />
        <CrashReport title="标题" message="boom" detail="stack" onRestart={() => {}} />
      </>,
    );
    update(() => link.emit({ type: 'clock', nowNs: 90000e9, loadavg: [1, 0.5, 0], running: true, speed: 2, idle: false, booting: false }));
    expect($('[data-testid="uptime"]')!.textContent).toBe('已运行 1 天 01:00:00');
    expect($('[data-testid="loadavg"]')!.textContent).toBe('平均负载：1.00, 0.50, 0.00');
    expect($('.status-line__run')!.textContent).toBe('以 2× 速度运行');
    expect($('.crash summary')!.textContent).toBe('详细信息');
    expect($('.crash__restart')!.textContent).toBe('重启机器');
    expect(englishLeft(view!.container)).toEqual([]);
  });

  it('the error boundary', () => {
    const Boom = () => {
      throw new Error('render failed');
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      view = render(
        <ErrorBoundary onRestart={() => {}}>
          <Boom />
        </ErrorBoundary>,
      );
      expect($('.crash strong')!.textContent).toBe('实验环境停止工作了');
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });

  it('switching back to English re-renders the panels in English', () => {
    mount(<ProcessesPanel />);
    update(() => link.frame([proc(1, 0, 'S', '/sbin/init')]));
    expect($('tr[data-pid="1"] .proc-col--state')!.textContent).toBe('S 睡眠');
    update(() => useSettings.getState().setLang('en'));
    expect($('tr[data-pid="1"] .proc-col--state')!.textContent).toBe('S sleeping');
    expect($('h2')!.textContent).toBe('Processes');
  });
});

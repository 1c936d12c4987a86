// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { MachineContext } from '../../session/context';
import { MachineSession } from '../../session/session';
import { cg, cgFrame, FakeLink, proc } from '../../test-helpers/fake-link';
import { click, render, update, type Rendered } from '../../test-helpers/render';
import { ProcessesPanel } from '../processes/ProcessesPanel';
import { useProcessesUi } from '../processes/store';
import { CgroupsPanel } from './CgroupsPanel';
import { useCgroupsUi } from './store';

let link: FakeLink;
let session: MachineSession;
let view: Rendered | null = null;

const THROTTLED = { throttledNow: true, nrPeriods: 40, nrThrottled: 40, throttledTimeNs: 3.2e9, nrThrottledDelta: 10, throttledPercent: 80 };
const CAP = { percent: 20, from: '/db', by: 'quota' as const };

/** The seed's example: db with a 20% quota over mysql (the shell and a stress) and mongodb. */
const SEED = cgFrame([
  cg('/', { nrTasks: 1, nrProcs: 1, nrTasksSubtree: 4, pids: [1], cpuPercent: 20.4, history: [0, 5, 20, 20] }),
  cg('/db', {
    nrTasksSubtree: 3,
    cpu: { quotaUs: 20000, periodUs: 100000, quotaPercent: 20, shares: 1024, weight: 100 },
    cpuCap: CAP,
    cpuStat: THROTTLED,
    throttledBy: '/db',
    cpuPercent: 20,
    usageSource: 'tasks',
    history: [0, 20, 20, 20],
  }),
  cg('/db/mongodb', { cpuCap: CAP, throttledBy: '/db' }),
  cg('/db/mysql', { nrTasks: 3, nrProcs: 3, nrTasksSubtree: 3, pids: [2, 5, 6], cpuCap: CAP, throttledBy: '/db', cpuPercent: 20, history: [0, 20, 20] }),
]);

const PROCS = [proc(1, 0, 'S', '/sbin/init'), proc(2, 1, 'S', '-bash'), proc(5, 2, 'S', 'stress --cpu 1'), proc(6, 5, 'R', 'stress --cpu 1')];

function mount(hidden = false, withProcesses = false) {
  view = render(
    <MachineContext.Provider value={session}>
      <CgroupsPanel hidden={hidden} />
      {withProcesses && <ProcessesPanel />}
    </MachineContext.Provider>,
  );
  return view;
}

const $ = (sel: string) => view!.container.querySelector(sel);
const $$ = (sel: string) => [...view!.container.querySelectorAll(sel)];
const nodeEl = (path: string) => $(`.cg-node[data-path="${path}"]`) as HTMLElement;
const cgSubs = () => link.sent('subscribe').filter((m) => m.view === 'cgroups');
const key = (el: Element, k: string) => act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));

beforeEach(() => {
  useProcessesUi.getState().reset();
  useCgroupsUi.getState().reset();
  link = new FakeLink();
  session = new MachineSession(link);
  update(() => link.ready());
});

afterEach(() => {
  view?.unmount();
  view = null;
  session.dispose();
});

describe('CgroupsPanel', () => {
  it('subscribes to the cgroups view when shown and unsubscribes when hidden or unmounted', () => {
    mount();
    expect(cgSubs()).toEqual([{ type: 'subscribe', view: 'cgroups', hierarchy: null, path: null }]);
    expect($('.cg-panel__empty')!.textContent).toContain('Waiting');
    view!.rerender(
      <MachineContext.Provider value={session}>
        <CgroupsPanel hidden />
      </MachineContext.Provider>,
    );
    expect(link.sent('unsubscribe')).toEqual([{ type: 'unsubscribe', view: 'cgroups' }]);
    expect($('.cg-panel')).toBeNull();
    view!.unmount();
    view = null;
    expect(link.sent('unsubscribe')).toHaveLength(1);
  });

  it('a hidden panel never subscribes', () => {
    mount(true);
    expect(cgSubs()).toEqual([]);
  });

  it('draws the tree in order, indented, with connectors, names, task counts and CPU', () => {
    mount();
    update(() => link.cgroups(SEED));
    const items = $$('[role="treeitem"]');
    expect(items.map((e) => e.getAttribute('data-path'))).toEqual(['/', '/db', '/db/mongodb', '/db/mysql']);
    expect(items.map((e) => e.getAttribute('aria-level'))).toEqual(['1', '2', '3', '3']);
    expect(items.map((e) => (e as HTMLElement).style.left)).toEqual(['12px', '34px', '56px', '56px']);
    expect($$('.cg-links path')).toHaveLength(3);
    expect(nodeEl('/').querySelector('.cg-node__name')!.textContent).toBe('/sys/fs/cgroup/cpu');
    expect(nodeEl('/db/mysql').querySelector('.cg-node__name')!.textContent).toBe('mysql');
    expect(nodeEl('/db/mysql').querySelector('.cg-node__tasks')!.textContent).toBe('3 tasks');
    expect(nodeEl('/db').querySelector('.cg-node__tasks')!.textContent).toBe('0 tasks +3 below');
    expect(nodeEl('/').querySelector('.cg-node__cpu')!.textContent).toBe('20.4%');
    expect(nodeEl('/db').querySelector('.cg-node__cpu')!.textContent).toBe('≈20.0%'); // estimated from tasks
    expect(nodeEl('/db').querySelector('.cg-spark__line')!.getAttribute('d')).toMatch(/^M/);
    expect($('.cg-panel__mount')!.textContent).toBe('v1 · /sys/fs/cgroup/cpu');
  });

  it('shows limits, the cap the parent puts on its children, and flashes a throttled group', () => {
    mount();
    update(() => link.cgroups(SEED));
    const chips = (path: string) => [...nodeEl(path).querySelectorAll('.cg-chip')].map((c) => c.textContent);
    expect(chips('/db')).toEqual(['20% CPU']);
    expect(chips('/db/mysql')).toEqual(['≤20% via /db']);
    expect(chips('/')).toEqual(['root: no limits']);
    expect(nodeEl('/db').className).toContain('cg-node--throttled');
    expect(nodeEl('/db').getAttribute('data-throttled')).toBe('true');
    expect(nodeEl('/db').querySelector('.cg-node__throttle')!.textContent).toBe('throttled 80%');
    // the child whose tasks wait is marked as held; the empty one is not
    expect(nodeEl('/db/mysql').className).toContain('cg-node--held');
    expect(nodeEl('/db/mysql').querySelector('.cg-node__held')!.textContent).toBe('held by /db');
    expect(nodeEl('/db/mongodb').className).not.toContain('cg-node--held');
    // the bar: hatched beyond the cap (20% of 2 CPUs = 10% of the bar)
    expect((nodeEl('/db/mysql').querySelector('.cg-bar__cap') as HTMLElement).style.left).toBe('10%');
    expect((nodeEl('/db/mysql').querySelector('.cg-bar__fill') as HTMLElement).style.width).toBe('10%');
    expect(nodeEl('/').querySelector('.cg-bar__cap')).toBeNull();
    expect(nodeEl('/db').getAttribute('aria-label')).toBe(
      'cgroup /db, 0 processes, 0 tasks, CPU 20.0%, 20% CPU, throttled 80% of the time',
    );
  });

  it('shows pids, cpuset, shares and memory limits', () => {
    mount();
    update(() =>
      link.cgroups(
        cgFrame([
          cg('/', { pidsLimit: { current: 9, max: null } }),
          cg('/a', { pidsLimit: { current: 5, max: 5 }, cpu: { quotaUs: null, periodUs: 100000, quotaPercent: null, shares: 512, weight: 50 } }),
          cg('/b', { pidsLimit: { current: 3, max: 5 }, cpuset: { cpus: '1', effective: '1' }, memoryLimit: 256 * 1024 * 1024 }),
          cg('/c', { cpuset: { cpus: '', effective: '' } }),
        ]),
      ),
    );
    const chips = (path: string) => [...nodeEl(path).querySelectorAll('.cg-chip')].map((c) => [c.textContent, c.className.replace('cg-chip cg-chip--', '')]);
    expect(chips('/a')).toEqual([['shares 512', 'info'], ['pids 5/5', 'alert']]);
    expect(chips('/b')).toEqual([['pids 3/5', 'limit'], ['cpus 1', 'limit'], ['mem 256M', 'limit']]);
    expect(chips('/c')).toEqual([['cpus (none)', 'warn']]);
  });

  it('a new cgroup appears on the next frame, and a moved task moves its count', () => {
    mount();
    update(() => link.cgroups(cgFrame([cg('/', { nrTasks: 4, nrTasksSubtree: 4 })])));
    expect($$('[role="treeitem"]')).toHaveLength(1);
    update(() => link.cgroups(cgFrame([cg('/', { nrTasks: 4, nrTasksSubtree: 4 }), cg('/demo')])));
    expect(nodeEl('/demo').getAttribute('data-tasks')).toBe('0');
    update(() => link.cgroups(cgFrame([cg('/', { nrTasks: 3, nrTasksSubtree: 4 }), cg('/demo', { nrTasks: 1, nrTasksSubtree: 1, pids: [2] })])));
    expect(nodeEl('/demo').getAttribute('data-tasks')).toBe('1');
    expect(nodeEl('/').getAttribute('data-tasks')).toBe('3');
  });

  it('clicking a node lists its tasks and highlights its processes in the process panel', () => {
    mount(false, true);
    update(() => link.cgroups(SEED));
    update(() => link.frame(PROCS));
    expect($('.cg-details--hint')).not.toBeNull();
    click(nodeEl('/db/mysql'));
    expect(useCgroupsUi.getState().selectedPath).toBe('/db/mysql');
    expect(cgSubs().at(-1)).toEqual({ type: 'subscribe', view: 'cgroups', hierarchy: null, path: '/db/mysql' });
    expect(nodeEl('/db/mysql').getAttribute('aria-selected')).toBe('true');
    expect($('.cg-details')!.textContent).toContain('Reading');
    update(() =>
      link.cgroups({
        ...SEED,
        selected: {
          path: '/db/mysql',
          tasks: [
            { tid: 2, pid: 2, comm: 'bash', state: 'S' },
            { tid: 5, pid: 5, comm: 'stress', state: 'S' },
            { tid: 6, pid: 6, comm: 'stress', state: 'R' },
          ],
        },
      }),
    );
    expect($('.cg-details h3')!.textContent).toBe('/sys/fs/cgroup/cpu/db/mysql');
    expect($$('.cg-task').map((b) => b.textContent)).toEqual(['2bashS sleeping', '5stressS sleeping', '6stressR running']);
    expect(useProcessesUi.getState().highlight).toEqual({ pids: [2, 5, 6], label: 'cgroup cpu:/db/mysql', source: 'cgroups' });
    expect($$('.proc-table tr[data-highlighted]').map((tr) => Number(tr.getAttribute('data-pid')))).toEqual([2, 5, 6]);
    expect($('[data-testid="proc-highlight"]')!.textContent).toContain('3 in cgroup cpu:/db/mysql');
    // a task in the list selects its process, which the tree marks on its cgroup
    click($$('.cg-task')[2]!);
    expect(useProcessesUi.getState().selectedPid).toBe(6);
    expect(nodeEl('/db/mysql').className).toContain('cg-node--has-pid');
    expect(nodeEl('/db').className).not.toContain('cg-node--has-pid');
    // the highlight follows the frames: a process leaves
    update(() => link.cgroups(cgFrame(SEED.nodes.map((n) => (n.path === '/db/mysql' ? { ...n, pids: [2, 5] } : n)))));
    expect(useProcessesUi.getState().highlight!.pids).toEqual([2, 5]);
    // clicking again deselects and drops the highlight
    click(nodeEl('/db/mysql'));
    expect(useCgroupsUi.getState().selectedPath).toBeNull();
    expect(useProcessesUi.getState().highlight).toBeNull();
    expect($$('.proc-table tr[data-highlighted]')).toHaveLength(0);
  });

  it('"stop highlighting" in the process panel deselects the cgroup', () => {
    mount(false, true);
    update(() => link.cgroups(SEED));
    update(() => link.frame(PROCS));
    click(nodeEl('/db/mysql'));
    click($('[data-testid="proc-highlight"] button'));
    expect(useProcessesUi.getState().highlight).toBeNull();
    expect(useCgroupsUi.getState().selectedPath).toBeNull();
  });

  it('the selector picks a v1 hierarchy (and the selection does not carry over)', () => {
    mount();
    update(() => link.cgroups(SEED));
    const select = $('select[aria-label="Cgroup hierarchy"]') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids']);
    expect(select.value).toBe('cpu');
    click(nodeEl('/db'));
    act(() => {
      select.value = 'pids';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(useCgroupsUi.getState()).toMatchObject({ hierarchy: 'pids', selectedPath: null });
    expect(cgSubs().at(-1)).toEqual({ type: 'subscribe', view: 'cgroups', hierarchy: 'pids', path: null });
  });

  it('in v2 the selector shows "unified (v2)"', () => {
    mount();
    const unified = { name: 'unified' as const, id: 0, controllers: ['cpuset', 'cpu', 'io', 'memory', 'pids'], mountPath: '/sys/fs/cgroup' };
    update(() =>
      link.cgroups(
        cgFrame(
          [
            cg('/', { pidsLimit: { current: 4, max: null } }),
            cg('/db', { cpu: { quotaUs: 20000, periodUs: 100000, quotaPercent: 20, shares: 512, weight: 50 }, pidsLimit: { current: 0, max: 10 } }),
          ],
          { version: 2, hierarchies: [unified], hierarchy: unified },
        ),
      ),
    );
    const select = $('select[aria-label="Cgroup hierarchy"]') as HTMLSelectElement;
    expect(select.disabled).toBe(true);
    expect(select.selectedOptions[0]!.textContent).toBe('unified (v2)');
    expect([...nodeEl('/db').querySelectorAll('.cg-chip')].map((c) => c.textContent)).toEqual(['20% CPU', 'weight 50', 'pids 0/10']);
    expect((nodeEl('/db').querySelector('.cg-chip--limit') as HTMLElement).title).toBe('CPU quota: cpu.max "20000 100000"');
  });

  it('is usable from the keyboard: one tab stop, arrows move the selection, Enter toggles, Escape clears', () => {
    mount();
    update(() => link.cgroups(SEED));
    expect($$('[role="treeitem"]').map((e) => e.getAttribute('tabindex'))).toEqual(['0', '-1', '-1', '-1']);
    const tree = $('[role="tree"]')!;
    expect(tree.getAttribute('aria-label')).toBe('cgroup tree: /sys/fs/cgroup/cpu');
    nodeEl('/').focus();
    key(nodeEl('/'), 'ArrowDown');
    expect(useCgroupsUi.getState().selectedPath).toBe('/');
    key(nodeEl('/'), 'ArrowDown');
    expect(useCgroupsUi.getState().selectedPath).toBe('/db');
    expect(document.activeElement).toBe(nodeEl('/db'));
    expect(nodeEl('/db').getAttribute('tabindex')).toBe('0');
    key(nodeEl('/db'), 'End');
    expect(useCgroupsUi.getState().selectedPath).toBe('/db/mysql');
    key(nodeEl('/db/mysql'), 'ArrowUp');
    expect(useCgroupsUi.getState().selectedPath).toBe('/db/mongodb');
    key(nodeEl('/db/mongodb'), 'Enter');
    expect(useCgroupsUi.getState().selectedPath).toBeNull();
    key(nodeEl('/db/mongodb'), ' ');
    expect(useCgroupsUi.getState().selectedPath).toBe('/db/mongodb');
    key(nodeEl('/db/mongodb'), 'Escape');
    expect(useCgroupsUi.getState().selectedPath).toBeNull();
  });

  it('says when the selected cgroup is gone', () => {
    mount();
    update(() => link.cgroups(SEED));
    click(nodeEl('/db/mongodb'));
    update(() => link.cgroups(cgFrame(SEED.nodes.filter((n) => n.path !== '/db/mongodb'))));
    expect($('.cg-details')!.textContent).toContain('This cgroup no longer exists.');
  });
});

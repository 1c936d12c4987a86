// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MachineContext } from '../../session/context';
import { MachineSession } from '../../session/session';
import { FakeLink, proc } from '../../test-helpers/fake-link';
import { click, render, update, type Rendered } from '../../test-helpers/render';
import { ProcessesPanel } from './ProcessesPanel';
import { useProcessesUi } from './store';

let link: FakeLink;
let session: MachineSession;
let view: Rendered | null = null;

const STATUS = 'Name:\tsleep\nUmask:\t0022\nState:\tZ (zombie)\nTgid:\t9\nPid:\t9\nPPid:\t7\n';

const FRAME = [
  proc(1, 0, 'S', '/sbin/init'),
  proc(2, 1, 'S', '-bash', { cpuPercent: 1.5 }),
  proc(6, 2, 'S', 'sleep 100'),
  proc(7, 2, 'S', 'sleep 100'),
  proc(9, 7, 'Z', 'sleep 1'),
  proc(10, 2, 'T', 'sleep 200'),
  proc(11, 2, 'R', 'stress --cpu 1', { cpuPercent: 99.5, uid: 1000 }),
];

function mount(hidden = false) {
  view = render(
    <MachineContext.Provider value={session}>
      <ProcessesPanel hidden={hidden} />
    </MachineContext.Provider>,
  );
  return view;
}

const $ = (sel: string) => view!.container.querySelector(sel);
const $$ = (sel: string) => [...view!.container.querySelectorAll(sel)];
const pids = () => $$('tbody tr').map((tr) => Number(tr.getAttribute('data-pid')));

beforeEach(() => {
  useProcessesUi.getState().reset();
  link = new FakeLink();
  session = new MachineSession(link);
  update(() => link.ready());
});

afterEach(() => {
  view?.unmount();
  view = null;
  session.dispose();
});

describe('ProcessesPanel', () => {
  it('subscribes to the processes view when shown and unsubscribes when hidden or unmounted', () => {
    mount();
    expect(link.sent('subscribe')).toEqual([{ type: 'subscribe', view: 'processes', pid: null }]);
    view!.rerender(
      <MachineContext.Provider value={session}>
        <ProcessesPanel hidden />
      </MachineContext.Provider>,
    );
    expect(link.sent('unsubscribe')).toEqual([{ type: 'unsubscribe', view: 'processes' }]);
    expect($('table')).toBeNull();
    view!.rerender(
      <MachineContext.Provider value={session}>
        <ProcessesPanel />
      </MachineContext.Provider>,
    );
    expect(link.sent('subscribe')).toHaveLength(2);
    view!.unmount();
    view = null;
    expect(link.sent('unsubscribe')).toHaveLength(2);
  });

  it('a hidden panel never subscribes', () => {
    mount(true);
    expect(link.sent('subscribe')).toEqual([]);
  });

  it('renders every process with its state letter and a text label', () => {
    mount();
    update(() => link.frame(FRAME));
    expect(pids()).toEqual([1, 2, 6, 7, 9, 10, 11]);
    const state = (pid: number) => $(`tr[data-pid="${pid}"] .proc-col--state`)!.textContent;
    expect(state(6)).toBe('S sleeping');
    expect(state(9)).toBe('Z zombie');
    expect(state(10)).toBe('T stopped');
    expect(state(11)).toBe('R running');
    expect($('tr[data-pid="11"] .proc-col--user')!.textContent).toBe('1000');
    expect($('tr[data-pid="2"] .proc-col--user')!.textContent).toBe('root');
    expect($('tr[data-pid="11"] .proc-col--cpu')!.textContent).toBe('99.5');
    expect($('tr[data-pid="9"] .proc-col--command')!.textContent).toBe('[sleep]');
  });

  it('makes zombies and stopped tasks obvious: tinted rows and counts in the header', () => {
    mount();
    update(() => link.frame(FRAME));
    expect($('tr[data-pid="9"]')!.className).toContain('proc-row--zombie');
    expect($('tr[data-pid="10"]')!.className).toContain('proc-row--stopped');
    expect($('[data-testid="proc-counts"]')!.textContent).toBe('7 tasks1 zombie1 stopped');
  });

  it('updates live as frames arrive (a process exits, another changes state)', () => {
    mount();
    update(() => link.frame(FRAME));
    update(() => link.frame([FRAME[0], FRAME[1], { ...FRAME[2], state: 'T', stopped: true }]));
    expect(pids()).toEqual([1, 2, 6]);
    expect($('tr[data-pid="6"] .proc-col--state')!.textContent).toBe('T stopped');
  });

  it('sorts by a column on click, and reverses on a second click', () => {
    mount();
    update(() => link.frame(FRAME));
    const header = (title: string) => $$('thead th button').find((b) => b.textContent!.startsWith(title))!;
    click(header('%CPU'));
    expect(pids()[0]).toBe(11); // %CPU sorts highest first
    expect(header('%CPU').closest('th')!.getAttribute('aria-sort')).toBe('descending');
    click(header('PID'));
    expect(pids()).toEqual([1, 2, 6, 7, 9, 10, 11]);
    click(header('PID'));
    expect(pids()).toEqual([11, 10, 9, 7, 6, 2, 1]);
    click(header('S'));
    expect(pids().slice(0, 1)).toEqual([11]); // R < S < T < Z
    expect(pids().slice(-2)).toEqual([10, 9]);
    click(header('COMMAND'));
    expect(pids()[0]).toBe(2); // "-bash"
  });

  it('shows a pstree-like tree', () => {
    mount();
    update(() => link.frame(FRAME));
    click($$('button').find((b) => b.textContent === 'Tree')!);
    expect(pids()).toEqual([1, 2, 6, 7, 9, 10, 11]);
    const cmd = (pid: number) => $(`tr[data-pid="${pid}"] .proc-col--command`)!.textContent;
    expect(cmd(1)).toBe('/sbin/init');
    expect(cmd(2)).toBe('└─-bash');
    expect(cmd(6)).toBe('  ├─sleep 100');
    expect(cmd(9)).toBe('  │ └─[sleep]');
    expect(cmd(11)).toBe('  └─stress --cpu 1');
  });

  it('selecting a row asks for its /proc/PID/status and shows the fields', () => {
    mount();
    update(() => link.frame(FRAME));
    expect($('.proc-details--hint')).not.toBeNull();
    click($('tr[data-pid="9"]'));
    expect(useProcessesUi.getState().selectedPid).toBe(9);
    expect(link.sent('subscribe').at(-1)).toEqual({ type: 'subscribe', view: 'processes', pid: 9 });
    expect($('tr[data-pid="9"]')!.getAttribute('aria-selected')).toBe('true');
    expect($('.proc-details')!.textContent).toContain('Reading');
    update(() => link.frame(FRAME, { pid: 9, status: STATUS }));
    const fields = $$('.proc-details__field').map((f) => [f.querySelector('dt')!.textContent, f.querySelector('dd')!.textContent]);
    expect(fields).toContainEqual(['State', 'Z (zombie)']);
    expect(fields).toContainEqual(['PPid', '7']);
    expect($('.proc-details h3')!.textContent).toBe('/proc/9/status');
    // the process goes away
    update(() => link.frame(FRAME.filter((p) => p.pid !== 9)));
    expect($('.proc-details')!.textContent).toContain('Process 9 no longer exists');
    // a second click on a row deselects
    click($('tr[data-pid="6"]'));
    click($('tr[data-pid="6"]'));
    expect(useProcessesUi.getState().selectedPid).toBeNull();
    expect(link.sent('subscribe').at(-1)).toEqual({ type: 'subscribe', view: 'processes', pid: null });
  });

  it('highlights the pids another panel asks for, says whose they are, and can stop', () => {
    mount();
    update(() => link.frame(FRAME));
    expect($('[data-testid="proc-highlight"]')).toBeNull();
    update(() => useProcessesUi.getState().setHighlight({ pids: [6, 11], label: 'cgroup cpu:/demo', source: 'test' }));
    expect($$('tr[data-highlighted]').map((tr) => Number(tr.getAttribute('data-pid')))).toEqual([6, 11]);
    expect($('tr[data-pid="6"]')!.className).toContain('proc-row--highlighted');
    expect($('[data-testid="proc-highlight"]')!.textContent).toBe('2 in cgroup cpu:/demo×');
    const before = useProcessesUi.getState();
    update(() => useProcessesUi.getState().setHighlight({ pids: [6, 11], label: 'cgroup cpu:/demo', source: 'test' }));
    expect(useProcessesUi.getState()).toBe(before); // the same highlight changes nothing
    click($('[data-testid="proc-highlight"] button'));
    expect(useProcessesUi.getState().highlight).toBeNull();
    expect($$('tr[data-highlighted]')).toHaveLength(0);
  });
});

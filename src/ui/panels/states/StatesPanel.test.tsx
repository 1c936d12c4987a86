// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { act } from 'react';
import type { StateLetter, TaskStateTraceEvent } from '../../../worker/protocol';
import { MachineContext } from '../../session/context';
import { MachineSession } from '../../session/session';
import { FakeLink, proc } from '../../test-helpers/fake-link';
import { click, render, update, type Rendered } from '../../test-helpers/render';
import { useProcessesUi } from '../processes/store';
import { useSettings } from '../../settings/store';
import { StatesPanel, type StatesPanelProps } from './StatesPanel';
import { useStatesUi } from './store';
import type { TaskTraceBatch, TaskTraceSource } from './adapter';
import { FLIGHT_MS, TOKEN_GAP_MS, type Clock } from './tokens';
import { MAX_TOKENS } from './model';

/** A trace source the test feeds by hand. */
class FakeTrace implements TaskTraceSource {
  listeners = new Set<(b: TaskTraceBatch) => void>();
  subscribes = 0;
  subscribeTaskTrace(fn: (b: TaskTraceBatch) => void): () => void {
    this.subscribes++;
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  send(events: TaskStateTraceEvent[], dropped = 0): void {
    update(() => {
      for (const l of this.listeners) l({ events, dropped });
    });
  }
}

/** An animation clock the test advances. */
class FakeClock implements Clock {
  t = 0;
  frames = new Set<() => void>();
  now = () => this.t;
  start(frame: () => void): () => void {
    this.frames.add(frame);
    return () => this.frames.delete(frame);
  }
  advance(ms: number): void {
    this.t += ms;
    for (const f of [...this.frames]) f();
  }
}

const ev = (pid: number, comm: string, from: StateLetter | null, to: StateLetter, timeNs = 1e9): TaskStateTraceEvent => ({ type: 'task-state', timeNs, pid, comm, from, to });

let link: FakeLink;
let session: MachineSession;
let trace: FakeTrace;
let clock: FakeClock;
let view: Rendered | null = null;

const PROCS = [proc(1, 0, 'S', '/sbin/init'), proc(2, 1, 'S', '-bash'), proc(7, 2, 'T', 'sleep 100'), proc(8, 2, 'R', 'yes'), proc(9, 2, 'Z', 'sleep 1'), proc(10, 2, 'S', 'sleep 5')];

function ui(props: StatesPanelProps = {}) {
  return (
    <MachineContext.Provider value={session}>
      <StatesPanel traceSource={trace} clock={clock} {...props} />
    </MachineContext.Provider>
  );
}
function mount(props: StatesPanelProps = {}) {
  view = render(ui(props));
  return view;
}
const $ = (sel: string) => view!.container.querySelector(sel);
const $$ = (sel: string) => [...view!.container.querySelectorAll(sel)];
const node = (s: string) => $(`.st-node[data-state="${s}"]`) as SVGGElement;
const edge = (id: string) => $(`.st-edge[data-edge="${id}"]`) as SVGGElement;
const tokens = () => $$('.st-token') as SVGGElement[];
const key = (el: Element, k: string) => act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));

beforeEach(() => {
  useProcessesUi.getState().reset();
  useStatesUi.getState().reset();
  useSettings.getState().setMotion('full');
  link = new FakeLink();
  session = new MachineSession(link);
  trace = new FakeTrace();
  clock = new FakeClock();
  update(() => link.ready());
});

afterEach(() => {
  view?.unmount();
  view = null;
  session.dispose();
  useSettings.getState().reset();
});

describe('StatesPanel', () => {
  it('subscribes to the processes view and the task trace while shown; hidden, it holds nothing and renders nothing', () => {
    mount();
    expect(link.sent('subscribe').filter((m) => m.view === 'processes')).toHaveLength(1);
    expect(trace.listeners.size).toBe(1);
    expect($('[data-testid="st-caption"]')!.textContent).toBe('Waiting for the machine…');
    view!.rerender(ui({ hidden: true }));
    expect(trace.listeners.size).toBe(0);
    expect(link.sent('unsubscribe')).toEqual([{ type: 'unsubscribe', view: 'processes' }]);
    expect($('.st-panel')).toBeNull();
    view!.rerender(ui());
    expect(trace.listeners.size).toBe(1);
    expect(trace.subscribes).toBe(2);
  });

  it('subscribes to the machine’s task trace through the session by default', () => {
    view = render(
      <MachineContext.Provider value={session}>
        <StatesPanel />
      </MachineContext.Provider>,
    );
    expect(link.sent('subscribe').filter((m) => m.view === 'task-trace')).toHaveLength(1);
    view.rerender(
      <MachineContext.Provider value={session}>
        <StatesPanel hidden />
      </MachineContext.Provider>,
    );
    expect(link.sent('unsubscribe').filter((m) => m.view === 'task-trace')).toHaveLength(1);
  });

  it('draws every state and transition, with live counts from the process frames', () => {
    mount();
    expect($$('.st-node[role="button"]').map((n) => n.getAttribute('data-state'))).toEqual(['R', 'S', 'D', 'T', 't', 'Z', 'X']);
    expect($$('.st-edge').map((e) => e.getAttribute('data-edge'))).toEqual(['fork-R', 'R-S', 'S-R', 'R-D', 'D-R', 'R-T', 'T-R', 'S-T', 'R-t', 't-R', 'R-Z', 'Z-X']);
    update(() => link.frame(PROCS));
    const counts = Object.fromEntries($$('.st-node[role="button"]').map((n) => [n.getAttribute('data-state'), n.getAttribute('data-count')]));
    expect(counts).toEqual({ R: '1', S: '3', D: '0', T: '1', t: '0', Z: '1', X: '0' });
    expect(node('S').querySelector('.st-node__count text')!.textContent).toBe('3');
    expect(node('S').getAttribute('aria-label')).toBe(
      'S, interruptible sleep: 3 tasks. Waiting for something (a timer, data on a pipe or terminal, a child); any signal wakes it. Press Enter to list them.',
    );
    expect($('[data-testid="st-caption"]')!.textContent).toContain('Point at or focus');
  });

  it('every arrow says in one sentence when it happens (title and aria-label), ptrace honestly', () => {
    mount();
    const rs = edge('R-S');
    expect(rs.getAttribute('aria-label')).toBe(
      'R → S: The task blocks in an interruptible sleep: sleep, a read with nothing to read, wait() for a child. Seen 0 times so far.',
    );
    expect(rs.querySelector('title')!.textContent).toBe(rs.getAttribute('aria-label'));
    expect(edge('R-t').getAttribute('aria-label')).toContain('not modelled in this lab yet');
    expect(edge('R-t').classList.contains('st-edge--unmodelled')).toBe(true);
    expect(edge('Z-X').getAttribute('aria-label')).toContain('wait()');
    // hovering or focusing shows the sentence under the diagram
    act(() => void edge('T-R').dispatchEvent(new FocusEvent('focusin', { bubbles: true })));
    expect($('[data-testid="st-caption"]')!.textContent).toContain('SIGCONT');
    act(() => void edge('T-R').dispatchEvent(new FocusEvent('focusout', { bubbles: true })));
    expect($('[data-testid="st-caption"]')!.textContent).not.toContain('SIGCONT');
    expect(edge('T-R').getAttribute('tabindex')).toBe('0');
  });

  it('a state lists its tasks (click or Enter); choosing one selects it everywhere and marks its state', () => {
    mount();
    update(() => link.frame(PROCS));
    click(node('S'));
    expect(node('S').getAttribute('aria-expanded')).toBe('true');
    const list = $('[data-testid="st-list"]')!;
    expect(list.querySelector('h3')!.textContent).toBe('S (interruptible sleep): 3 tasks');
    expect($$('.st-task').map((b) => b.textContent)).toEqual(['1init', '2bash', '10sleep']);
    click($('.st-task[data-pid="10"]'));
    expect(useProcessesUi.getState().selectedPid).toBe(10);
    expect($('.st-task[data-pid="10"]')!.getAttribute('aria-pressed')).toBe('true');
    expect(node('S').classList.contains('st-node--selected')).toBe(true);
    expect($('[data-testid="st-selected"]')!.textContent).toBe('Selected: 10 sleep, in S (interruptible sleep)');
    // the processes view carries the selected pid's status, like the process panel asks
    expect(link.sent('subscribe').filter((m) => m.view === 'processes').at(-1)).toMatchObject({ pid: 10 });
    // the task stops: the mark follows it
    update(() => link.frame(PROCS.map((p) => (p.pid === 10 ? { ...p, state: 'T' as const } : p))));
    expect(node('S').classList.contains('st-node--selected')).toBe(false);
    expect(node('T').classList.contains('st-node--selected')).toBe(true);
    // Enter on another state, Escape closes
    key(node('Z'), 'Enter');
    expect($('[data-testid="st-list"] h3')!.textContent).toBe('Z (zombie): 1 task');
    key(node('Z'), 'Escape');
    expect($('[data-testid="st-list"]')).toBeNull();
    // X never lists anyone, and says why
    key(node('X'), 'Enter');
    expect($('.st-list__empty')!.textContent).toContain('gone at once');
    click($('.st-list header button'));
    expect($('[data-testid="st-list"]')).toBeNull();
  });

  it('a transition moves a token "pid comm" along its arrow, then the token is gone', () => {
    mount();
    trace.send([ev(42, 'sleep', 'R', 'S')]);
    expect(tokens()).toHaveLength(1);
    const tok = tokens()[0]!;
    expect(tok.getAttribute('data-edge')).toBe('R-S');
    expect(tok.textContent).toBe('42 sleep');
    const start = tok.getAttribute('transform');
    act(() => clock.advance(FLIGHT_MS / 2));
    expect(tokens()[0]!.getAttribute('transform')).not.toBe(start);
    expect(edge('R-S').getAttribute('data-count')).toBe('1');
    expect(edge('R-S').classList.contains('st-edge--lit')).toBe(true);
    act(() => clock.advance(FLIGHT_MS));
    expect(tokens()).toHaveLength(0);
    expect(clock.frames.size).toBe(0); // no animation loop left running
  });

  it('many at once travel as one token ×N per arrow, and never more than MAX_TOKENS are alive', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    onTestFinished(() => void vi.useRealTimers());
    mount();
    trace.send(Array.from({ length: 40 }, (_, i) => ev(100 + i, 'sleep', 'S', 'R')));
    expect(tokens().map((t) => t.textContent)).toEqual(['×40']);
    expect(tokens()[0]!.classList.contains('st-token--many')).toBe(true);
    expect(edge('S-R').getAttribute('data-count')).toBe('40');
    // a storm: a batch every frame, all arrows busy
    const pairs: Array<[StateLetter | null, StateLetter]> = [[null, 'R'], ['R', 'S'], ['S', 'R'], ['R', 'D'], ['D', 'R'], ['R', 'T'], ['T', 'R'], ['R', 'Z'], ['Z', 'X']];
    let max = 0;
    for (let f = 0; f < 40; f++) {
      trace.send(pairs.flatMap(([from, to], i) => [ev(1000 + f * 20 + i, 'w', from, to), ev(2000 + f * 20 + i, 'w', from, to)]));
      max = Math.max(max, tokens().length);
      act(() => clock.advance(50));
    }
    expect(max).toBe(MAX_TOKENS);
    // every transition counted, animated or not (the counts are re-rendered a few times a second)
    expect(Number(edge('R-S').getAttribute('data-count'))).toBeLessThan(80);
    act(() => void vi.advanceTimersByTime(300));
    expect(edge('R-S').getAttribute('data-count')).toBe('80');
    act(() => clock.advance(FLIGHT_MS));
    expect(tokens()).toHaveLength(0);
  });

  it('tokens on one arrow leave at most every TOKEN_GAP_MS: what comes sooner waits and leaves as one ×N', () => {
    mount();
    trace.send([ev(1, 'a', 'R', 'S')]);
    act(() => clock.advance(50));
    trace.send([ev(2, 'b', 'R', 'S')]);
    act(() => clock.advance(50));
    trace.send([ev(3, 'c', 'R', 'S'), ev(4, 'd', 'S', 'R')]);
    // another arrow is not held back
    expect(tokens().map((t) => t.textContent)).toEqual(['1 a', '4 d']);
    act(() => clock.advance(TOKEN_GAP_MS - 100));
    expect(tokens().map((t) => t.textContent)).toEqual(['1 a', '4 d', '×2']);
    act(() => clock.advance(FLIGHT_MS + TOKEN_GAP_MS));
    expect(tokens()).toHaveLength(0);
    expect(clock.frames.size).toBe(0);
  });

  it('the selected task has a token of its own, and its moves are announced', () => {
    mount();
    update(() => useProcessesUi.getState().select(12));
    trace.send([ev(11, 'a', 'R', 'S'), ev(12, 'b', 'R', 'S'), ev(13, 'c', 'R', 'S')]);
    expect(tokens().map((t) => [t.textContent, t.classList.contains('st-token--selected')])).toEqual([
      ['12 b', true],
      ['×2', false],
    ]);
    expect($('[data-testid="st-announce"]')!.textContent).toBe('12 b: R → S');
  });

  it('reduced motion (prop or setting): no token moves, arrows light up and count', () => {
    mount({ reducedMotion: true });
    trace.send([ev(42, 'sleep', 'R', 'S'), ev(43, 'sleep', 'R', 'S')]);
    expect(tokens()).toHaveLength(0);
    expect(clock.frames.size).toBe(0);
    expect(edge('R-S').classList.contains('st-edge--lit')).toBe(true);
    expect(edge('R-S').querySelector('.st-edge__count')!.textContent).toBe('2');
    expect($('.st-panel')!.classList.contains('st-panel--still')).toBe(true);
    view!.unmount();
    useSettings.getState().setMotion('reduce');
    mount();
    trace.send([ev(42, 'sleep', 'S', 'R')]);
    expect(tokens()).toHaveLength(0);
    expect(edge('S-R').getAttribute('data-count')).toBe('1');
  });

  it('lit arrows go dark once the machine is quiet; dropped transitions are said', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      mount({ reducedMotion: true });
      trace.send([ev(42, 'sleep', 'R', 'S')], 17);
      expect(edge('R-S').classList.contains('st-edge--lit')).toBe(true);
      expect($('[data-testid="st-dropped"]')!.textContent).toBe('17 transitions were too many to show');
      act(() => void vi.advanceTimersByTime(1500));
      expect(edge('R-S').classList.contains('st-edge--lit')).toBe(false);
      expect(edge('R-S').getAttribute('data-count')).toBe('1');
    } finally {
      vi.useRealTimers();
    }
  });

  it('hiding clears the tokens and forgets the counts', () => {
    mount();
    trace.send([ev(42, 'sleep', 'R', 'S')]);
    expect(tokens()).toHaveLength(1);
    view!.rerender(ui({ hidden: true }));
    expect(clock.frames.size).toBe(0);
    view!.rerender(ui());
    expect(tokens()).toHaveLength(0);
    expect(edge('R-S').getAttribute('data-count')).toBe('0');
  });

  it('speaks Simplified Chinese', () => {
    useSettings.getState().setLang('zh-CN');
    mount();
    update(() => link.frame(PROCS));
    expect($('.st-panel h2')!.textContent).toBe('任务状态');
    expect(node('Z').getAttribute('aria-label')).toBe('Z，僵尸：1 个任务。已退出：只剩下 pid 和退出状态，直到父进程调用 wait()。 按 Enter 列出它。');
    expect(edge('S-R').getAttribute('aria-label')).toContain('唤醒');
    click(node('T'));
    expect($('[data-testid="st-list"] h3')!.textContent).toBe('T（已停止）：1 个任务');
    // no English sentence left where a person or a screen reader meets it
    const strings: string[] = [];
    const root = $('.st-panel')!;
    const walker = document.createTreeWalker(root, 4);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent?.trim()) strings.push(n.textContent.trim());
    for (const el of root.querySelectorAll('*')) for (const a of ['title', 'aria-label']) if (el.getAttribute(a)) strings.push(el.getAttribute(a)!);
    expect(strings.filter((s) => /\b[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}\b/.test(s))).toEqual([]);
  });
});

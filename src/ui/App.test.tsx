// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { FakeLink } from './test-helpers/fake-link';
import { click, render, update, type Rendered } from './test-helpers/render';
import { useLayout } from './frame/layout';
import { PROTOCOL_VERSION } from '../worker/protocol';

let view: Rendered | null = null;
afterEach(() => {
  view?.unmount();
  view = null;
  // the layout persists: each test starts from the default one
  localStorage.clear();
  useLayout.getState().reset();
});

async function flush(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

async function mountApp() {
  const links: FakeLink[] = [];
  const makeLink = () => {
    const l = new FakeLink();
    links.push(l);
    return l;
  };
  view = render(<App makeLink={makeLink} />);
  await flush();
  return links;
}

const text = () => view!.container.textContent ?? '';

describe('App', () => {
  it('shows the product name, then the clock and load average from clock messages', async () => {
    const links = await mountApp();
    expect(view!.container.querySelector('h1')!.textContent).toBe('Container Lab');
    expect(text()).toContain('booting');
    update(() => links[0].ready());
    update(() => links[0].emit({ type: 'clock', nowNs: 3723e9, loadavg: [1.234, 0.5, 0.05], running: true, speed: 1, idle: false, booting: false }));
    expect(view!.container.querySelector('[data-testid="loadavg"]')!.textContent).toBe('load average: 1.23, 0.50, 0.05');
    expect(view!.container.querySelector('[data-testid="uptime"]')!.textContent).toBe('up 01:02:03');
    expect(view!.container.querySelector('[data-testid="clock"]')!.textContent).toBe('2026-11-28 01:02:03 UTC');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    update(() => links[0].emit({ type: 'error', message: 'program crashed (simulator bug): ps[9]: boom' }));
    expect(view!.container.querySelector('[data-testid="machine-warning"]')!.textContent).toBe('⚠ program crashed (simulator bug): ps[9]: boom');
    expect(view!.container.querySelector('[role="alert"]')).toBeNull();
    warn.mockRestore();
  });

  it('wires the terminal: keystrokes become tty-input, tty-output is written, its size is sent', async () => {
    const links = await mountApp();
    update(() => links[0].ready());
    const term = window.__labTerminal!;
    expect(term).toBeDefined();
    expect(links[0].sent('resize').at(-1)).toMatchObject({ rows: term.rows, cols: term.cols });
    act(() => term.input('ls\r'));
    expect(links[0].sent('tty-input').map((m) => m.data).join('')).toBe('ls\r');
    update(() => links[0].emit({ type: 'tty-output', terminal: 'console', data: 'hello\r\n' }));
    await new Promise<void>((r) => term.write('', r));
    expect(term.buffer.active.getLine(0)!.translateToString(true)).toBe('hello');
    act(() => term.resize(100, 30));
    expect(links[0].sent('resize').at(-1)).toEqual({ type: 'resize', terminal: 'console', rows: 30, cols: 100 });
  });

  it('when the worker dies it says why, and Restart machine boots a fresh one', async () => {
    const links = await mountApp();
    update(() => links[0].ready());
    update(() => links[0].die('Uncaught TypeError: x is undefined (worker.js:1)'));
    const alert = view!.container.querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('The machine stopped');
    expect(alert.textContent).toContain('Uncaught TypeError: x is undefined');
    click([...alert.querySelectorAll('button')].find((b) => b.textContent === 'Restart machine')!);
    await flush();
    expect(links).toHaveLength(2);
    expect(links[0].disposed).toBe(true);
    expect(links[1].posted[0]).toEqual({ type: 'hello', version: PROTOCOL_VERSION });
    expect(view!.container.querySelector('[role="alert"]')).toBeNull();
  });

  it('the panel toggles hide the panels that watch processes, and the last one unsubscribes', async () => {
    const links = await mountApp();
    update(() => links[0].ready());
    // the task-state diagram and the process table share one processes subscription
    expect(links[0].sent('subscribe').filter((m) => m.view === 'processes')).toHaveLength(1);
    expect(links[0].sent('subscribe').filter((m) => m.view === 'task-trace')).toHaveLength(1);
    click(headerButton('Processes'));
    expect(links[0].sent('unsubscribe')).toEqual([]);
    click(headerButton('Task states'));
    expect(links[0].sent('unsubscribe').map((m) => m.view).sort()).toEqual(['processes', 'task-trace']);
  });

  it('shows the cgroup panel beside the process panel; its toggle hides it and unsubscribes it', async () => {
    const links = await mountApp();
    update(() => links[0].ready());
    expect(links[0].sent('subscribe').filter((m) => m.view === 'cgroups')).toEqual([
      { type: 'subscribe', view: 'cgroups', hierarchy: null, path: null },
    ]);
    expect(view!.container.querySelector('section[aria-label="Cgroups"]')).not.toBeNull();
    click(headerButton('Cgroups'));
    expect(links[0].sent('unsubscribe')).toEqual([{ type: 'unsubscribe', view: 'cgroups' }]);
    expect(view!.container.querySelector('section[aria-label="Cgroups"]')).toBeNull();
    click(headerButton('Processes'));
    click(headerButton('Task states'));
    // no panel left: the terminal has the page to itself
    expect(view!.container.querySelector('.lab__side')).toBeNull();
    click(headerButton('Cgroups'));
    expect(view!.container.querySelector('.lab__side')).not.toBeNull();
  });

  it('moves a panel down and up, and remembers the layout', async () => {
    await mountApp();
    const panes = () => [...view!.container.querySelectorAll('[data-testid^="pane-"]')].map((p) => p.getAttribute('data-testid'));
    expect(panes()).toEqual(['pane-states', 'pane-cgroups', 'pane-processes']);
    click(view!.container.querySelector('[aria-label="Move Task states down"]'));
    expect(panes()).toEqual(['pane-cgroups', 'pane-states', 'pane-processes']);
    expect(JSON.parse(localStorage.getItem('container-lab:layout')!)).toMatchObject({ order: ['cgroups', 'states', 'processes', 'layers', 'history'] });
    click(view!.container.querySelector('[aria-label="Hide Processes"]'));
    expect(panes()).toEqual(['pane-cgroups', 'pane-states']);
    expect(headerButton('Processes').getAttribute('aria-pressed')).toBe('false');
  });
});

const headerButton = (name: string) => [...view!.container.querySelectorAll('header button')].find((b) => b.textContent === name)!;

describe('App: the layer panel', () => {
  it('is hidden until its toggle shows it (subscribing then), and hides again (unsubscribing)', async () => {
    const links = await mountApp();
    update(() => links[0].ready());
    const toggle = headerButton('Layers');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(links[0].sent('subscribe').filter((m) => m.view === 'overlay')).toEqual([]);
    expect(view!.container.querySelector('section[aria-label="Layers"]')).toBeNull();
    click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(links[0].sent('subscribe').filter((m) => m.view === 'overlay')).toHaveLength(1);
    expect(view!.container.querySelector('section[aria-label="Layers"]')).not.toBeNull();
    // four panes share the column, in the layout's order
    expect([...view!.container.querySelectorAll('[data-testid^="pane-"]')].map((p) => p.getAttribute('data-testid'))).toEqual([
      'pane-states',
      'pane-cgroups',
      'pane-processes',
      'pane-layers',
    ]);
    click(toggle);
    expect(links[0].sent('unsubscribe')).toEqual([{ type: 'unsubscribe', view: 'overlay' }]);
  });
});

describe('ErrorBoundary', () => {
  it('shows a render error and restarts', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    let broken = true;
    const Boom = () => {
      if (broken) throw new Error('render failed');
      return <p>fine</p>;
    };
    const onRestart = vi.fn(() => {
      broken = false;
    });
    view = render(
      <ErrorBoundary onRestart={onRestart}>
        <Boom />
      </ErrorBoundary>,
    );
    expect(view.container.querySelector('[role="alert"]')!.textContent).toContain('render failed');
    click(view.container.querySelector('.crash__restart'));
    expect(onRestart).toHaveBeenCalledOnce();
    expect(view.container.textContent).toBe('fine');
    warn.mockRestore();
    error.mockRestore();
  });
});

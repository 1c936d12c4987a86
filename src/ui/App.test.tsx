// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { FakeLink } from './test-helpers/fake-link';
import { click, render, update, type Rendered } from './test-helpers/render';

let view: Rendered | null = null;
afterEach(() => {
  view?.unmount();
  view = null;
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
    update(() => links[0].emit({ type: 'clock', nowNs: 3723e9, loadavg: [1.234, 0.5, 0.05], running: true, speed: 1, idle: false }));
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
    expect(links[1].posted[0]).toEqual({ type: 'hello', version: 1 });
    expect(view!.container.querySelector('[role="alert"]')).toBeNull();
  });

  it('the panel toggle hides the process panel and unsubscribes it', async () => {
    const links = await mountApp();
    update(() => links[0].ready());
    expect(links[0].sent('subscribe').filter((m) => m.view === 'processes')).toHaveLength(1);
    click([...view!.container.querySelectorAll('header button')].find((b) => b.textContent === 'Processes')!);
    expect(links[0].sent('unsubscribe')).toEqual([{ type: 'unsubscribe', view: 'processes' }]);
  });

  it('shows the cgroup panel beside the process panel; its toggle hides it and unsubscribes it', async () => {
    const links = await mountApp();
    update(() => links[0].ready());
    expect(links[0].sent('subscribe').filter((m) => m.view === 'cgroups')).toEqual([
      { type: 'subscribe', view: 'cgroups', hierarchy: null, path: null },
    ]);
    expect(view!.container.querySelector('section[aria-label="Cgroups"]')).not.toBeNull();
    const toggle = (name: string) => click([...view!.container.querySelectorAll('header button')].find((b) => b.textContent === name)!);
    toggle('Cgroups');
    expect(links[0].sent('unsubscribe')).toEqual([{ type: 'unsubscribe', view: 'cgroups' }]);
    expect(view!.container.querySelector('section[aria-label="Cgroups"]')).toBeNull();
    toggle('Processes');
    expect(view!.container.querySelector('main')!.className).toContain('lab__main--solo');
    toggle('Cgroups');
    expect(view!.container.querySelector('main')!.className).not.toContain('lab__main--solo');
  });
});

describe('App: the layer panel', () => {
  it('is hidden until its toggle shows it (subscribing then), and hides again (unsubscribing)', async () => {
    const links = await mountApp();
    update(() => links[0].ready());
    const toggle = [...view!.container.querySelectorAll('header button')].find((b) => b.textContent === 'Layers')!;
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(links[0].sent('subscribe').filter((m) => m.view === 'overlay')).toEqual([]);
    expect(view!.container.querySelector('section[aria-label="Layers"]')).toBeNull();
    click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(links[0].sent('subscribe').filter((m) => m.view === 'overlay')).toHaveLength(1);
    expect(view!.container.querySelector('section[aria-label="Layers"]')).not.toBeNull();
    // three panes share the column: each knows it
    expect([...view!.container.querySelectorAll('.lab__pane--shared')].map((p) => p.className)).toEqual([
      'lab__pane lab__pane--cgroups lab__pane--shared lab__pane--above',
      'lab__pane lab__pane--layers lab__pane--shared lab__pane--above',
      'lab__pane lab__pane--processes lab__pane--shared',
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

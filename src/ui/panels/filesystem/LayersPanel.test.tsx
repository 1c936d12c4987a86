// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { MachineContext } from '../../session/context';
import { MachineSession } from '../../session/session';
import { FakeLink, ovlDir, ovlEntry, ovlFrame, ovlLayer, ovlMount } from '../../test-helpers/fake-link';
import { click, render, update, type Rendered } from '../../test-helpers/render';
import type { OverlayFrame } from '../../../worker/protocol';
import { FLIGHT_MS, LayersPanel } from './LayersPanel';
import { useLayersUi } from './store';

let link: FakeLink;
let session: MachineSession;
let view: Rendered | null = null;

/** The walkthrough after `echo appended >> merged/etc/os-release; rm merged/etc/motd; rm -r merged/data; mkdir merged/data`. */
const ROOT = ovlDir('/', [
  ovlEntry('/data', { kind: 'dir', from: 'upper', layers: ['upper'], hidden: [1], opaque: true, mode: 0o755 }),
  ovlEntry('/etc', { kind: 'dir', from: 'upper', layers: ['upper', 0, 1], hasChildren: true, mode: 0o755 }),
]);
const ETC = ovlDir('/etc', [
  ovlEntry('/etc/motd', { kind: 'whiteout', from: 'upper', layers: ['upper'], hidden: [0, 1], mode: 0 }),
  ovlEntry('/etc/os-release', { from: 'upper', layers: ['upper'], hidden: [1], size: 14 }),
]);
const COPY_UPS = [
  { seq: 1, timeNs: 5e8, path: '/etc', fromLayer: 0 },
  { seq: 2, timeNs: 5e8, path: '/etc/os-release', fromLayer: 1 },
];

function mount(hidden = false) {
  view = render(
    <MachineContext.Provider value={session}>
      <LayersPanel hidden={hidden} />
    </MachineContext.Provider>,
  );
  return view;
}

const $ = (sel: string) => view!.container.querySelector(sel);
const $$ = (sel: string) => [...view!.container.querySelectorAll(sel)];
const row = (path: string) => $(`[role="treeitem"][data-path="${path}"]`) as HTMLElement;
const layerRow = (key: string) => $(`[role="option"][data-layer="${key}"]`) as HTMLElement;
const ovlSubs = () => link.sent('subscribe').filter((m) => m.view === 'overlay');
const key = (el: Element, k: string) => act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));
const frame = (f: OverlayFrame) => update(() => link.overlay(f));

beforeEach(() => {
  useLayersUi.getState().reset();
  link = new FakeLink();
  session = new MachineSession(link);
  update(() => link.ready());
});

afterEach(() => {
  view?.unmount();
  view = null;
  session.dispose();
  vi.useRealTimers();
});

describe('LayersPanel', () => {
  it('subscribes to the overlay view when shown and unsubscribes when hidden or unmounted', () => {
    mount();
    expect(ovlSubs()).toEqual([{ type: 'subscribe', view: 'overlay', mount: null, expanded: [], layer: null, file: null }]);
    expect($('.ovl-panel__empty')!.textContent).toContain('Waiting');
    view!.rerender(
      <MachineContext.Provider value={session}>
        <LayersPanel hidden />
      </MachineContext.Provider>,
    );
    expect(link.sent('unsubscribe')).toEqual([{ type: 'unsubscribe', view: 'overlay' }]);
    expect($('.ovl-panel')).toBeNull();
    view!.unmount();
    view = null;
    expect(link.sent('unsubscribe')).toHaveLength(1);
  });

  it('a hidden panel never subscribes', () => {
    mount(true);
    expect(ovlSubs()).toEqual([]);
  });

  it('says how to make an overlay when there is none', () => {
    mount();
    frame({ nowNs: 1e9, mounts: [], detail: null });
    const empty = $('[data-testid="ovl-empty"]')!;
    expect(empty.textContent).toContain('No overlay mounts — try: mount -t overlay overlay -o lowerdir=…');
    expect(($('select[aria-label="Overlay mount"]') as HTMLSelectElement).disabled).toBe(true);
  });

  it('stacks the layers top to bottom (merged, upper, lower 1, lower 2) with paths and sizes', () => {
    mount();
    frame(ovlFrame([ROOT]));
    const opts = $$('[role="listbox"] [role="option"]');
    expect(opts.map((o) => o.getAttribute('data-layer'))).toEqual(['merged', 'upper', '0', '1']);
    expect(opts.map((o) => o.querySelector('.ovl-badge')!.textContent)).toEqual(['merged', 'upper', 'lower 1', 'lower 2']);
    expect(layerRow('1').querySelector('.ovl-layer__path')!.textContent).toBe('/tmp/ov/lower2');
    expect(layerRow('1').querySelector('.ovl-layer__size')!.textContent).toBe('4 files · 16 B');
    expect(layerRow('merged').getAttribute('aria-selected')).toBe('true');
    expect($('[role="listbox"]')!.getAttribute('aria-label')).toBe('Layers of /tmp/ov/merged, top to bottom');
    expect($('.ovl-panel__opts')!.textContent).toBe('rw,relatime,lowerdir=lower1:lower2,upperdir=upper,workdir=work,uuid=on');
    // the bars compare the layers' sizes
    expect((layerRow('1').querySelector('.ovl-layer__fill') as HTMLElement).style.width).toBe('100%');
  });

  it('shows whiteouts and opaque directories in upper, with the layers they come from', () => {
    mount();
    frame(ovlFrame([ROOT, ETC]));
    click(row('/etc'));
    const items = $$('[role="treeitem"]');
    expect(items.map((e) => [e.getAttribute('data-path'), e.getAttribute('aria-level')])).toEqual([
      ['/data', '1'],
      ['/etc', '1'],
      ['/etc/motd', '2'],
      ['/etc/os-release', '2'],
    ]);
    const motd = row('/etc/motd');
    expect(motd.className).toContain('ovl-row--whiteout');
    expect([...motd.querySelectorAll('.ovl-badge')].map((b) => b.textContent)).toEqual(['upper', 'whiteout']);
    expect(motd.querySelector('.ovl-note')!.textContent).toBe('deletes lower 1, lower 2');
    expect(motd.getAttribute('aria-label')).toBe('motd, whiteout, in upper, deletes lower 1, lower 2');
    const data = row('/data');
    expect([...data.querySelectorAll('.ovl-badge')].map((b) => b.textContent)).toEqual(['upper', 'opaque']);
    expect(data.querySelector('.ovl-note')!.textContent).toBe('hides lower 2');
    expect(row('/etc').querySelector('.ovl-note')!.textContent).toBe('+ lower 1, lower 2');
    expect(row('/etc').getAttribute('aria-expanded')).toBe('true');
    expect(row('/etc/os-release').querySelector('.ovl-row__size')!.textContent).toBe('14 B');
  });

  it('expands a directory on demand: asks for its children, shows … until they come', () => {
    mount();
    frame(ovlFrame([ROOT]));
    expect(row('/etc').getAttribute('aria-expanded')).toBe('false');
    click(row('/etc'));
    expect(ovlSubs().at(-1)).toEqual({ type: 'subscribe', view: 'overlay', mount: null, expanded: ['/etc'], layer: null, file: '/etc' });
    expect($('.ovl-row--loading')).not.toBeNull();
    frame(ovlFrame([ROOT, ETC]));
    expect($('.ovl-row--loading')).toBeNull();
    expect(row('/etc/os-release')).not.toBeNull();
    // collapsing hides the children again
    click(row('/etc').querySelector('.ovl-row__caret'));
    expect(useLayersUi.getState().expanded).toEqual([]);
    expect(row('/etc/os-release')).toBeNull();
  });

  it('clicking a file shows its content and every layer that has a version of it', () => {
    mount();
    frame(ovlFrame([ROOT, ETC]));
    update(() => useLayersUi.getState().expand('/etc'));
    expect($('.ovl-details--hint')).not.toBeNull();
    click(row('/etc/os-release'));
    expect(ovlSubs().at(-1)).toMatchObject({ file: '/etc/os-release', expanded: ['/etc'] });
    expect(row('/etc/os-release').getAttribute('aria-selected')).toBe('true');
    expect($('.ovl-details')!.textContent).toContain('Reading');
    frame(
      ovlFrame([ROOT, ETC], {
        file: {
          path: '/etc/os-release',
          inMerged: true,
          versions: [
            { layer: 'upper', kind: 'file', size: 14, mode: 0o644, status: 'visible', by: null, content: { kind: 'text', text: 'base\nappended\n', truncated: false } },
            { layer: 1, kind: 'file', size: 5, mode: 0o644, status: 'shadowed', by: 'upper', content: { kind: 'text', text: 'base\n', truncated: false } },
          ],
        },
      }),
    );
    const details = $('section[aria-label="File /etc/os-release"]')!;
    expect(details.querySelector('.ovl-details__summary')!.textContent).toBe('In the merged view from upper; 2 layers have a version.');
    const tabs = [...details.querySelectorAll('[role="tab"]')];
    expect(tabs.map((t) => t.textContent)).toEqual(['uppervisible in merged14 B', 'lower 2shadowed by upper5 B']);
    expect(details.querySelector('.ovl-content__text')!.textContent).toBe('base\nappended\n');
    click(tabs[1]!);
    expect(tabs[1]!.getAttribute('aria-selected')).toBe('true');
    expect(details.querySelector('.ovl-content__text')!.textContent).toBe('base\n');
    expect(details.querySelector('[role="tabpanel"]')!.getAttribute('aria-label')).toBe('/etc/os-release in lower 2');
    click(details.querySelector('button[aria-label="Close file details"]'));
    expect(useLayersUi.getState().file).toBeNull();
  });

  it('a deleted file: the whiteout and the versions it hides; binary content is not shown', () => {
    mount();
    update(() => useLayersUi.getState().selectFile('/etc/motd'));
    frame(
      ovlFrame([ROOT], {
        file: {
          path: '/etc/motd',
          inMerged: false,
          versions: [
            { layer: 'upper', kind: 'whiteout', size: 0, mode: 0, status: 'whiteout', by: null, content: { kind: 'whiteout' } },
            { layer: 0, kind: 'file', size: 900, mode: 0o644, status: 'deleted', by: 'upper', content: { kind: 'binary' } },
          ],
        },
      }),
    );
    const details = $('section[aria-label="File /etc/motd"]')!;
    expect(details.querySelector('.ovl-details__summary')!.textContent).toBe('Deleted from the merged view by a whiteout in upper.');
    expect(details.querySelector('.ovl-content__note')!.textContent).toContain('whiteout: a character device 0, 0');
    click(details.querySelectorAll('[role="tab"]')[1]!);
    expect(details.querySelector('[role="tab"][aria-selected="true"] .ovl-version__status')!.textContent).toBe('deleted by a whiteout in upper');
    expect(details.querySelector('.ovl-content__note')!.textContent).toBe('binary file, 900 B');
  });

  it('clicking a layer shows its own contents, each entry with its fate in the merged view', () => {
    mount();
    frame(ovlFrame([ROOT]));
    click(layerRow('1'));
    expect(useLayersUi.getState().layer).toBe(1);
    expect(ovlSubs().at(-1)).toMatchObject({ layer: 1 });
    frame(
      ovlFrame(
        [
          ovlDir('/', [
            ovlEntry('/data', { kind: 'dir', from: 1, hasChildren: true, status: 'hidden', by: 'upper' }),
            ovlEntry('/etc', { kind: 'dir', from: 1, hasChildren: true, status: 'merged', by: null }),
          ]),
        ],
        { tree: { layer: 1, dirs: [] } },
      ),
    );
    expect(layerRow('1').getAttribute('aria-selected')).toBe('true');
    frame(
      ovlFrame([], {
        tree: {
          layer: 1,
          dirs: [
            ovlDir('/', [
              ovlEntry('/data', { kind: 'dir', from: 1, hasChildren: true, status: 'hidden', by: 'upper' }),
              ovlEntry('/etc', { kind: 'dir', from: 1, hasChildren: true, status: 'merged', by: null }),
            ]),
          ],
        },
      }),
    );
    expect($('[role="tree"]')!.getAttribute('aria-label')).toBe('Contents of lower 2 (/tmp/ov/lower2)');
    expect(row('/data').querySelector('.ovl-status')!.textContent).toBe('hidden by an opaque directory in upper');
    expect(row('/data').className).toContain('ovl-row--hidden');
    expect(row('/etc').querySelector('.ovl-status')!.textContent).toBe('merged into the directory above');
    // the layer's own tree has no layer badges: every entry is this layer's
    expect(row('/etc').querySelector('.ovl-badge')).toBeNull();
    // back to merged
    click(layerRow('merged'));
    expect(useLayersUi.getState().layer).toBeNull();
    expect(ovlSubs().at(-1)).toMatchObject({ layer: null });
  });

  it('the mount picker lists every overlay and picks one (the selection does not carry over)', () => {
    mount();
    const other = ovlMount({ id: 41, dev: 44, mountPoint: '/tmp/c/m', hostNs: false, mntNs: 4026532000, upperdir: null, workdir: null, lowerdirs: ['/a', '/b'] });
    frame(ovlFrame([ROOT], {}, [ovlMount(), other]));
    const select = $('select[aria-label="Overlay mount"]') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual([
      '/tmp/ov/merged — 2 lowers + upper',
      '/tmp/c/m (mnt ns 4026532000) — 2 lowers, read-only',
    ]);
    expect(select.value).toBe('37');
    update(() => useLayersUi.getState().expand('/etc'));
    act(() => {
      select.value = '41';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(useLayersUi.getState()).toMatchObject({ mount: 41, expanded: [], layer: null, file: null });
    expect(ovlSubs().at(-1)).toEqual({ type: 'subscribe', view: 'overlay', mount: 41, expanded: [], layer: null, file: null });
  });

  it('a copy-up animates: a chip rises from the lower layer to upper, announced, then gone', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    mount();
    frame(ovlFrame([ROOT, ETC]));
    // another overlay's copy-up is not ours
    update(() => link.trace([{ type: 'copy-up', timeNs: 1, sb: 99, path: '/x', fromLayer: 0 }]));
    expect($$('.ovl-flyer')).toHaveLength(0);
    update(() =>
      link.trace([
        { type: 'copy-up', timeNs: 5e8, sb: 38, path: '/etc', fromLayer: 0 },
        { type: 'copy-up', timeNs: 5e8, sb: 38, path: '/etc/os-release', fromLayer: 1 },
      ]),
    );
    const flyers = $$('.ovl-flyer') as HTMLElement[];
    expect(flyers.map((f) => [f.getAttribute('data-path'), f.textContent, f.className])).toEqual([
      ['/etc', '↑ etc', 'ovl-flyer ovl-flyer--l0'],
      ['/etc/os-release', '↑ os-release', 'ovl-flyer ovl-flyer--l1'],
    ]);
    expect(flyers[1]!.style.getPropertyValue('--delay')).toBe('180ms');
    expect(flyers[0]!.getAttribute('aria-hidden')).toBe('true');
    expect(layerRow('upper').className).toContain('ovl-layer--landed');
    expect($('[data-testid="ovl-announce"]')!.textContent).toBe('Copied up /etc/os-release from lower 2 to upper (2 copy-ups)');
    act(() => void vi.advanceTimersByTime(FLIGHT_MS + 200));
    expect($$('.ovl-flyer')).toHaveLength(0);
    expect(layerRow('upper').className).not.toContain('ovl-layer--landed');
  });

  it('the copy-ups of the frame are listed, and the copied-up file carries where it came from', () => {
    mount();
    update(() => useLayersUi.getState().expand('/etc'));
    frame(ovlFrame([ROOT, ETC], { copyUps: COPY_UPS }));
    expect($$('ul[aria-label="Recent copy-ups"] li').map((li) => li.textContent)).toEqual([
      '↑/etc/os-releasecopied up from lower 2',
      '↑/etccopied up from lower 1',
    ]);
    const cu = row('/etc/os-release').querySelector('.ovl-badge--copied')!;
    expect(cu.textContent).toBe('↑ lower 2');
    expect(row('/etc/os-release').getAttribute('aria-label')).toBe('os-release, file, 14 bytes, from upper, over lower 2, copied up from lower 2');
    // a directory's copy-up is only the way to its files: no badge
    expect(row('/etc').querySelector('.ovl-badge--copied')).toBeNull();
  });

  it('is usable from the keyboard: one tab stop per list, arrows move, Right/Left expand and collapse, Enter selects', () => {
    mount();
    frame(ovlFrame([ROOT, ETC]));
    // the layer list
    expect($$('[role="option"]').map((e) => e.getAttribute('tabindex'))).toEqual(['0', '-1', '-1', '-1']);
    act(() => layerRow('merged').focus());
    key(layerRow('merged'), 'ArrowDown');
    expect(useLayersUi.getState().layer).toBe('upper');
    expect(document.activeElement).toBe(layerRow('upper'));
    key(layerRow('upper'), 'End');
    expect(useLayersUi.getState().layer).toBe(1);
    key(layerRow('1'), 'Home');
    expect(useLayersUi.getState().layer).toBeNull();
    // the tree
    expect($$('[role="treeitem"]').map((e) => e.getAttribute('tabindex'))).toEqual(['0', '-1']);
    act(() => row('/data').focus());
    key(row('/data'), 'ArrowDown');
    expect(document.activeElement).toBe(row('/etc'));
    key(row('/etc'), 'ArrowRight');
    expect(useLayersUi.getState().expanded).toEqual(['/etc']);
    key(row('/etc'), 'ArrowRight');
    expect(document.activeElement).toBe(row('/etc/motd'));
    key(row('/etc/motd'), 'ArrowDown');
    key(row('/etc/os-release'), 'Enter');
    expect(useLayersUi.getState().file).toBe('/etc/os-release');
    key(row('/etc/os-release'), 'ArrowLeft');
    expect(document.activeElement).toBe(row('/etc'));
    key(row('/etc'), 'ArrowLeft');
    expect(useLayersUi.getState().expanded).toEqual([]);
    key(row('/etc'), 'Escape');
    expect(useLayersUi.getState().file).toBeNull();
  });

  it('counts entries a big directory left out', () => {
    mount();
    frame(ovlFrame([ovlDir('/', [ovlEntry('/a'), ovlEntry('/b')], 998)]));
    expect($('.ovl-tree__more')!.textContent).toBe('… 998 more entries not listed');
  });

  it('labels a layer whose walk stopped early as a lower bound', () => {
    mount();
    frame(ovlFrame([ROOT], { layers: [ovlLayer(0, { files: 200000, bytes: 5 * 1024 * 1024, partial: true }), ovlLayer('merged')] }));
    expect(layerRow('0').querySelector('.ovl-layer__size')!.textContent).toBe('≥ 200000 files · 5.0 MiB');
  });
});

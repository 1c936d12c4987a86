// The overlay view and the trace stream through the machine host in-process (structured-cloned
// both ways), with a fake wall clock: frames and copy-up trace batches only while subscribed,
// options picked by (re)subscribing, hostile options rejected.
import { describe, it, expect, vi } from 'vitest';
import { OverlayViewSource } from '../machine/views/overlay';
import { MAX_TRACE_BATCH, type OverlayViewMsg, type TraceMsg } from './protocol';
import { inProcessLab } from './test-helpers/lab';

function lab(hostNow?: () => number) {
  const l = inProcessLab(hostNow);
  const frames = () => l.msgs.filter((m): m is OverlayViewMsg => m.type === 'view' && m.view === 'overlay');
  const traces = () => l.msgs.filter((m): m is TraceMsg => m.type === 'trace');
  /** Run a line and wait for its marker. */
  let n = 0;
  const sh = (line: string) => {
    // quoted, so the echo of the typed line does not already contain the marker
    const mark = `done-${++n}`;
    l.type(`${line}; echo "done"-${n}\r`);
    l.until(`\n${mark}\r\n`);
    l.pass(40);
  };
  return { ...l, frames, traces, sh };
}

const SETUP =
  'mkdir -p /tmp/ov/l1/etc /tmp/ov/l2/etc /tmp/ov/u /tmp/ov/w /tmp/ov/m; echo one > /tmp/ov/l2/etc/motd; echo base > /tmp/ov/l2/etc/os-release; ' +
  'mount -t overlay overlay -o lowerdir=/tmp/ov/l1:/tmp/ov/l2,upperdir=/tmp/ov/u,workdir=/tmp/ov/w /tmp/ov/m';

describe('MachineHost: the overlay view and copy-up trace events', () => {
  it('sends overlay frames and copy-up batches only while subscribed', () => {
    const l = lab();
    l.sh(SETUP);
    l.sh('echo x >> /tmp/ov/m/etc/motd');
    expect(l.frames()).toEqual([]);
    expect(l.traces()).toEqual([]); // nobody listened: no trace messages, and the kernel emitted none
    l.pm.postMessage({ type: 'subscribe', view: 'overlay' });
    l.pass(20);
    const f = l.frames().at(-1)!.frame;
    expect(f.mounts.map((m) => m.mountPoint)).toEqual(['/tmp/ov/m']);
    expect(f.detail!.layers.map((x) => x.label)).toEqual(['lower 2', 'lower 1', 'upper', 'merged']);
    expect(f.detail!.copyUps).toEqual([]); // that copy-up happened before the subscription

    l.sh('echo y >> /tmp/ov/m/etc/os-release');
    const events = l.traces().flatMap((t) => t.events).filter((e) => e.type === 'copy-up');
    expect(events.map((e) => [e.type, e.path, e.fromLayer])).toEqual([['copy-up', '/etc/os-release', 1]]);
    expect(events[0]!.sb).toBe(f.mounts[0]!.dev);
    expect(l.traces().every((t) => t.dropped === 0)).toBe(true);
    const g = l.frames().at(-1)!.frame;
    expect(g.detail!.copyUps.map((c) => [c.path, c.fromLayer])).toEqual([['/etc/os-release', 1]]);
    expect(g.detail!.layers.find((x) => x.ref === 'upper')).toMatchObject({ files: 2 });

    l.pm.postMessage({ type: 'unsubscribe', view: 'overlay' });
    const nf = l.frames().length;
    const nt = l.traces().length;
    l.sh('mkdir -p /tmp/ov/l1/x; echo 1 > /tmp/ov/l1/x/f; touch /tmp/ov/m/x/f');
    expect(l.frames().length).toBe(nf);
    expect(l.traces().length).toBe(nt);
    expect(l.pm.host.machine.k.trace.active).toBe(false);
  });

  it('subscribing again picks the mount, the expanded directories, the layer and the file, and sends a frame at once', () => {
    const l = lab();
    l.sh(SETUP);
    l.sh('mkdir -p /tmp/b/lo /tmp/b/m; mount -t overlay overlay -o lowerdir=/tmp/b/lo:/tmp/ov/l2 /tmp/b/m');
    l.pm.postMessage({ type: 'subscribe', view: 'overlay' });
    l.pass(20);
    const f = l.frames().at(-1)!.frame;
    expect(f.mounts.map((m) => m.mountPoint)).toEqual(['/tmp/ov/m', '/tmp/b/m']);
    expect(f.detail!.mount.mountPoint).toBe('/tmp/b/m'); // the newest by default
    const first = f.mounts[0]!.id;
    l.pm.postMessage({ type: 'run-control', mode: 'pause' });
    l.pass(50);
    const n = l.frames().length;
    l.pm.postMessage({ type: 'subscribe', view: 'overlay', mount: first, expanded: ['/etc'], layer: 1, file: '/etc/motd' });
    l.pass(20);
    expect(l.frames().length).toBe(n + 1); // paused, yet the new options get their frame
    const d = l.frames().at(-1)!.frame.detail!;
    expect(d.mount.id).toBe(first);
    expect(d.tree.layer).toBe(1);
    expect(d.tree.dirs.map((x) => x.path)).toEqual(['/', '/etc']);
    expect(d.tree.dirs[1]!.entries.map((e) => e.name)).toEqual(['motd', 'os-release']);
    expect(d.file!.versions.map((v) => [v.layer, v.status])).toEqual([[1, 'visible']]);
  });

  it('a reset keeps the subscription and follows the new machine', () => {
    const l = lab();
    l.pm.postMessage({ type: 'subscribe', view: 'overlay' });
    l.pass(20);
    expect(l.frames().at(-1)!.frame).toMatchObject({ mounts: [], detail: null });
    l.pm.postMessage({ type: 'reset' });
    l.until('root@lab:~# ');
    expect(l.pm.host.machine.k.trace.active).toBe(true);
    l.sh(SETUP);
    l.sh('echo z >> /tmp/ov/m/etc/motd');
    expect(l.traces().flatMap((t) => t.events).map((e) => (e.type === 'copy-up' ? e.path : e.type))).toEqual(['/etc', '/etc/motd']);
  });

  it('batches a burst of copy-ups, at most MAX_TRACE_BATCH per message, counting the rest', () => {
    const l = lab();
    l.sh(SETUP);
    l.sh(`cd /tmp/ov/l2/etc; for i in $(seq 1 ${MAX_TRACE_BATCH + 20}); do echo $i > f$i; done; cd`);
    l.pm.postMessage({ type: 'subscribe', view: 'overlay' });
    l.pass(20);
    l.sh(`cd /tmp/ov/m/etc; for i in $(seq 1 ${MAX_TRACE_BATCH + 20}); do echo >> f$i; done; cd`);
    const ts = l.traces();
    const total = ts.reduce((a, t) => a + t.events.length + t.dropped, 0);
    expect(total).toBe(MAX_TRACE_BATCH + 21); // /etc and every file
    expect(ts.every((t) => t.events.length <= MAX_TRACE_BATCH)).toBe(true);
  });

  it('a costly view is sent less often, so that it takes at most about 1/8 of the host time', () => {
    let host = 0;
    const l = lab(() => host);
    const frame = OverlayViewSource.prototype.frame;
    const spy = vi.spyOn(OverlayViewSource.prototype, 'frame').mockImplementation(function (this: OverlayViewSource, ...a) {
      host += 20; // every frame takes 20 ms of host time
      return frame.apply(this, a);
    });
    try {
      l.pm.postMessage({ type: 'subscribe', view: 'overlay' });
      l.type('stress --cpu 1 &\r'); // virtual time moves all the time: every tick may have a frame
      l.pass(40);
      const n = l.frames().length;
      l.pass(1000);
      // 60 frames a second at no cost; at 20 ms a frame, one every 160 ms at most
      expect(l.frames().length - n).toBeLessThanOrEqual(7);
      expect(l.frames().length - n).toBeGreaterThanOrEqual(5);
      // new options are answered at once all the same
      const m = l.frames().length;
      l.pm.postMessage({ type: 'subscribe', view: 'overlay', expanded: ['/etc'] });
      l.pass(4);
      expect(l.frames().length).toBe(m + 1);
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects overlay options that are not valid with an error', () => {
    const l = lab();
    for (const bad of [
      { mount: -1 },
      { expanded: 'etc' },
      { expanded: ['etc'] },
      { layer: 500 },
      { layer: 'lower' },
      { file: 'relative' },
    ]) {
      l.pm.postMessage({ type: 'subscribe', view: 'overlay', ...bad });
      expect(l.msgs.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/^invalid message: subscribe: /) });
    }
  });
});

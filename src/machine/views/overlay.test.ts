// The overlay layer view against the same machine's shell: what the view says each layer holds
// must be what `ls`/`cat` of the layer directories say, the merged tree must be what the merged
// mount shows, and computing a frame must not change the kernel (no copy-up, no overlay lookup).
import { describe, it, expect } from 'vitest';
import { Machine } from '../machine';
import { outputText, runScriptOn } from '../headless';
import { overlayOf } from '../../kernel/fs/overlayfs';
import {
  overlayFrame,
  OverlayViewSource,
  CONTENT_BYTES,
  MAX_COPY_UPS,
  type OverlayDetail,
  type OverlayEntry,
  type OverlayFrame,
  type OverlayFrameOptions,
} from './overlay';


function run(m: Machine, script: string): string {
  const r = runScriptOn(m, script);
  if (r.crashes.length) throw new Error(r.crashes.join('\n'));
  if (r.timedOut) throw new Error('script timed out');
  return outputText(r.output).replace(/\r\n/g, '\n');
}

/** Output of one command line (the text between its prompt line and the next prompt). */
function out(m: Machine, line: string): string {
  const text = run(m, `${line}\n`);
  const start = text.indexOf(`${line}\n`);
  const rest = text.slice(start + line.length + 1);
  return rest.slice(0, rest.lastIndexOf('root@lab:')).trimEnd();
}

/** The seed's walkthrough: two lowers, an upper and a work directory, mounted on merged. */
const SETUP = `mkdir -p /tmp/ov/lower1/etc /tmp/ov/lower2/etc /tmp/ov/lower2/data /tmp/ov/upper /tmp/ov/work /tmp/ov/merged
cd /tmp/ov
echo lower1 > lower1/etc/motd
echo lower2 > lower2/etc/motd
echo base > lower2/etc/os-release
echo 1 > lower2/data/one
echo 2 > lower2/data/two
mount -t overlay overlay -o lowerdir=lower1:lower2,upperdir=upper,workdir=work merged
`;

/** A machine with the walkthrough's overlay, and a view source fed by the kernel's trace stream. */
function lab(): { m: Machine; src: OverlayViewSource; frame: (o?: OverlayFrameOptions) => OverlayFrame; detail: (o?: OverlayFrameOptions) => OverlayDetail } {
  const m = new Machine();
  const src = new OverlayViewSource();
  m.k.trace.subscribe((e) => {
    if (e.type === 'copy-up') src.noteCopyUp(e);
  });
  run(m, SETUP);
  const frame = (o: OverlayFrameOptions = {}) => src.frame(m.k, o);
  return { m, src, frame, detail: (o = {}) => frame(o).detail! };
}

function entry(d: OverlayDetail, path: string): OverlayEntry {
  const dir = d.tree.dirs.find((x) => x.path === path.slice(0, path.lastIndexOf('/')) || (x.path === '/' && path.lastIndexOf('/') === 0));
  const e = dir?.entries.find((x) => x.path === path);
  if (!e) throw new Error(`no entry ${path} in ${d.tree.dirs.map((x) => `${x.path}: ${x.entries.map((y) => y.name).join(' ')}`).join('; ')}`);
  return e;
}

describe('the overlay view', () => {
  it('is empty without overlay mounts', () => {
    const m = new Machine();
    expect(overlayFrame(m.k)).toMatchObject({ mounts: [], detail: null });
  });

  it('lists the overlay mount with its options and absolute layer directories', () => {
    const { m, frame } = lab();
    const f = frame();
    expect(f.mounts).toHaveLength(1);
    const info = f.mounts[0]!;
    expect(info).toMatchObject({
      mountPoint: '/tmp/ov/merged',
      source: 'overlay',
      readOnly: false,
      lowerdirs: ['/tmp/ov/lower1', '/tmp/ov/lower2'],
      upperdir: '/tmp/ov/upper',
      workdir: '/tmp/ov/work',
      hostNs: true,
    });
    // the options as /proc/mounts prints them
    const line = out(m, 'grep overlay /proc/mounts');
    expect(line).toBe(`overlay /tmp/ov/merged overlay ${info.options} 0 0`);
    // the mount id is mountinfo's first field, the device its st_dev
    expect(out(m, 'grep overlay /proc/self/mountinfo').split(' ')[0]).toBe(String(info.id));
    expect(f.detail!.mount).toEqual(info);
  });

  it('stacks the layers bottom-up with their directories, sizes and file counts', () => {
    const { detail } = lab();
    const d = detail();
    expect(d.layers.map((l) => [l.ref, l.label, l.path])).toEqual([
      [1, 'lower 2', '/tmp/ov/lower2'],
      [0, 'lower 1', '/tmp/ov/lower1'],
      ['upper', 'upper', '/tmp/ov/upper'],
      ['merged', 'merged', '/tmp/ov/merged'],
    ]);
    const by = (ref: unknown) => d.layers.find((l) => l.ref === ref)!;
    // lower2: motd (7) + os-release (5) + one (2) + two (2)
    expect(by(1)).toMatchObject({ bytes: 16, files: 4, dirs: 2, whiteouts: 0, partial: false });
    expect(by(0)).toMatchObject({ bytes: 7, files: 1, dirs: 1 });
    expect(by('upper')).toMatchObject({ bytes: 0, files: 0, dirs: 0 });
    // merged: lower1's motd wins over lower2's
    expect(by('merged')).toMatchObject({ bytes: 7 + 5 + 2 + 2, files: 4, dirs: 2 });
  });

  it('shows the merged tree lazily: every entry says where it comes from and what it hides', () => {
    const { detail } = lab();
    const top = detail();
    expect(top.tree.layer).toBe('merged');
    expect(top.tree.dirs.map((x) => x.path)).toEqual(['/']);
    expect(top.tree.dirs[0]!.entries.map((e) => [e.name, e.kind, e.from, e.layers, e.hasChildren])).toEqual([
      ['data', 'dir', 1, [1], true],
      ['etc', 'dir', 0, [0, 1], true],
    ]);
    const d = detail({ expanded: ['/etc', '/etc/nope', '/data/one', '/missing/x'] });
    // only existing directories under listed parents are listed
    expect(d.tree.dirs.map((x) => x.path)).toEqual(['/', '/etc']);
    expect(entry(d, '/etc/motd')).toMatchObject({ kind: 'file', from: 0, layers: [0], hidden: [1], size: 7, mode: 0o644 });
    expect(entry(d, '/etc/os-release')).toMatchObject({ kind: 'file', from: 1, hidden: [] });
  });

  it('a write to a lower file: a copy-up event, an upper version, the lower one unchanged', () => {
    const { m, detail } = lab();
    run(m, 'echo appended >> merged/etc/os-release\n');
    const d = detail({ expanded: ['/etc'], file: '/etc/os-release' });
    // the parent directory is copied up first, then the file, from the layer that had it
    expect(d.copyUps.map((c) => [c.path, c.fromLayer])).toEqual([
      ['/etc', 0],
      ['/etc/os-release', 1],
    ]);
    expect(d.copyUps[1]!.seq).toBeGreaterThan(d.copyUps[0]!.seq);
    expect(entry(d, '/etc/os-release')).toMatchObject({ from: 'upper', layers: ['upper'], hidden: [1], size: 14 });
    expect(entry(d, '/etc/motd').from).toBe(0);
    expect(d.file!.inMerged).toBe(true);
    expect(d.file!.versions).toEqual([
      { layer: 'upper', kind: 'file', size: 14, mode: 0o644, status: 'visible', by: null, content: { kind: 'text', text: 'base\nappended\n', truncated: false } },
      { layer: 1, kind: 'file', size: 5, mode: 0o644, status: 'shadowed', by: 'upper', content: { kind: 'text', text: 'base\n', truncated: false } },
    ]);
    // what the shell sees agrees
    expect(out(m, 'cat upper/etc/os-release')).toBe('base\nappended');
    expect(out(m, 'cat lower2/etc/os-release')).toBe('base');
    const up = d.layers.find((l) => l.ref === 'upper')!;
    expect(up).toMatchObject({ files: 1, dirs: 1, bytes: 14 });
    // the upper layer's own tree, with each entry's fate in the merged view
    const u = detail({ layer: 'upper', expanded: ['/etc'] });
    expect(u.tree.layer).toBe('upper');
    expect(entry(u, '/etc')).toMatchObject({ from: 'upper', status: 'visible' });
    expect(entry(u, '/etc/os-release')).toMatchObject({ from: 'upper', status: 'visible', size: 14 });
    const l2 = detail({ layer: 1, expanded: ['/etc'] });
    expect(entry(l2, '/etc')).toMatchObject({ status: 'merged' });
    expect(entry(l2, '/etc/os-release')).toMatchObject({ status: 'shadowed', by: 'upper' });
    expect(entry(l2, '/etc/motd')).toMatchObject({ status: 'shadowed', by: 0 });
  });

  it('rm of a lower file: a whiteout in upper, drawn in the merged tree; still in the lowers', () => {
    const { m, detail } = lab();
    run(m, 'rm merged/etc/motd\n');
    expect(out(m, 'ls -l upper/etc')).toMatch(/^c--------- +\d+ root root 0, 0 .* motd$/m);
    const d = detail({ expanded: ['/etc'], file: '/etc/motd' });
    expect(entry(d, '/etc/motd')).toMatchObject({ kind: 'whiteout', from: 'upper', layers: ['upper'], hidden: [0, 1], size: 0 });
    expect(d.layers.find((l) => l.ref === 'upper')).toMatchObject({ whiteouts: 1, files: 0 });
    // the merged layer does not count what a whiteout deletes
    expect(d.layers.find((l) => l.ref === 'merged')).toMatchObject({ files: 3, bytes: 9 });
    expect(d.file).toEqual({
      path: '/etc/motd',
      inMerged: false,
      versions: [
        { layer: 'upper', kind: 'whiteout', size: 0, mode: 0, status: 'whiteout', by: null, content: { kind: 'whiteout' } },
        { layer: 0, kind: 'file', size: 7, mode: 0o644, status: 'deleted', by: 'upper', content: { kind: 'text', text: 'lower1\n', truncated: false } },
        { layer: 1, kind: 'file', size: 7, mode: 0o644, status: 'deleted', by: 'upper', content: { kind: 'text', text: 'lower2\n', truncated: false } },
      ],
    });
    const u = detail({ layer: 'upper', expanded: ['/etc'] });
    expect(entry(u, '/etc/motd')).toMatchObject({ kind: 'whiteout', status: 'whiteout' });
    const l1 = detail({ layer: 0, expanded: ['/etc'] });
    expect(entry(l1, '/etc/motd')).toMatchObject({ kind: 'file', status: 'deleted', by: 'upper' });
  });

  it('a removed and re-created lower directory is opaque: nothing below shows through', () => {
    const { m, detail } = lab();
    run(m, 'rm -r merged/data\nmkdir merged/data\n');
    const d = detail({ expanded: ['/data'], file: '/data/one' });
    expect(entry(d, '/data')).toMatchObject({ kind: 'dir', from: 'upper', opaque: true, layers: ['upper'], hidden: [1], hasChildren: false });
    expect(d.tree.dirs.find((x) => x.path === '/data')!.entries).toEqual([]);
    expect(d.layers.find((l) => l.ref === 'upper')).toMatchObject({ opaqueDirs: 1, whiteouts: 0 });
    expect(d.file).toMatchObject({ inMerged: false, versions: [{ layer: 1, status: 'hidden', by: 'upper' }] });
    const l2 = detail({ layer: 1, expanded: ['/data'] });
    expect(entry(l2, '/data')).toMatchObject({ status: 'hidden', by: 'upper' });
    expect(entry(l2, '/data/one')).toMatchObject({ status: 'hidden', by: 'upper' });
  });

  it('a new file is only in upper; a symlink shows its target', () => {
    const { m, detail } = lab();
    run(m, 'touch merged/newfile\nln -s etc/motd merged/link\n');
    const d = detail({ file: '/link' });
    expect(entry(d, '/newfile')).toMatchObject({ kind: 'file', from: 'upper', hidden: [], size: 0 });
    expect(entry(d, '/link')).toMatchObject({ kind: 'symlink', from: 'upper', target: 'etc/motd', size: 8 });
    expect(d.file!.versions).toMatchObject([{ layer: 'upper', status: 'visible', content: { kind: 'symlink', target: 'etc/motd' } }]);
    expect(detail({ file: '/newfile' }).file!.versions[0]!.content).toEqual({ kind: 'text', text: '', truncated: false });
  });

  it('file content: the first 4 KiB as text, or "binary"', () => {
    const { m, detail } = lab();
    run(m, "seq 1 2000 > lower1/big\nprintf 'a\\000b' > lower1/bin\nhead -c 100 /dev/zero > lower1/zeros\n");
    const big = detail({ file: '/big' }).file!.versions[0]!.content!;
    expect(big.kind).toBe('text');
    if (big.kind !== 'text') return;
    expect(big.truncated).toBe(true);
    expect(big.text.length).toBe(CONTENT_BYTES);
    expect(big.text.startsWith('1\n2\n3\n')).toBe(true);
    expect(detail({ file: '/bin' }).file!.versions[0]!.content).toEqual({ kind: 'binary' });
    expect(detail({ file: '/zeros' }).file!.versions[0]!.content).toEqual({ kind: 'binary' });
    expect(detail({ file: '/etc' }).file!.versions.map((v) => [v.layer, v.status, v.content])).toEqual([
      [0, 'visible', { kind: 'dir', entries: 1 }],
      [1, 'merged', { kind: 'dir', entries: 2 }],
    ]);
    expect(detail({ file: '/nothing' }).file).toEqual({ path: '/nothing', inMerged: false, versions: [] });
  });

  it('text cut inside a multi-byte character at 4 KiB is still text', () => {
    const { m, detail } = lab();
    // 4095 ASCII bytes, then "é" (2 bytes) straddling the 4 KiB boundary
    run(m, `printf '%4095s' x > lower1/u8\necho é >> lower1/u8\n`);
    const c = detail({ file: '/u8' }).file!.versions[0]!.content!;
    expect(c).toMatchObject({ kind: 'text', truncated: true });
  });

  it('whiteouts and opaque directories in a lower layer (an image layer) act on the layers below it', () => {
    const m = new Machine();
    const src = new OverlayViewSource();
    // build layer A on top of B the way an image build does: through an overlay, then unmount
    run(
      m,
      `mkdir -p /t/B/etc /t/B/d /t/A /t/w /t/m /t/u2 /t/w2 /t/m2
echo b > /t/B/etc/x
echo b > /t/B/d/old
mount -t overlay overlay -o lowerdir=/t/B,upperdir=/t/A,workdir=/t/w /t/m
rm /t/m/etc/x
rm -r /t/m/d
mkdir /t/m/d
umount /t/m
mount -t overlay overlay -o lowerdir=/t/A:/t/B,upperdir=/t/u2,workdir=/t/w2 /t/m2
`,
    );
    expect(out(m, 'ls /t/m2/etc; ls /t/m2/d; echo end')).toBe('end');
    const d = src.frame(m.k, { expanded: ['/etc', '/d'], file: '/etc/x' }).detail!;
    expect(d.mount.mountPoint).toBe('/t/m2');
    expect(entry(d, '/etc/x')).toMatchObject({ kind: 'whiteout', from: 0, hidden: [1] });
    expect(entry(d, '/d')).toMatchObject({ kind: 'dir', from: 0, opaque: true, layers: [0], hidden: [1] });
    expect(d.file!.versions.map((v) => [v.layer, v.status, v.by])).toEqual([
      [0, 'whiteout', null],
      [1, 'deleted', 0],
    ]);
    expect(d.layers.find((l) => l.ref === 0)).toMatchObject({ whiteouts: 1, opaqueDirs: 1 });
    expect(d.layers.find((l) => l.ref === 'merged')).toMatchObject({ files: 0, dirs: 2 });
    const b = src.frame(m.k, { layer: 1, expanded: ['/d'] }).detail!;
    expect(entry(b, '/d/old')).toMatchObject({ status: 'hidden', by: 0 });
  });

  it('each layer can be picked; an unknown layer falls back to merged', () => {
    const { detail } = lab();
    const l1 = detail({ layer: 0, expanded: ['/etc'] });
    expect(l1.tree.dirs.map((x) => [x.path, x.entries.map((e) => e.name)])).toEqual([
      ['/', ['etc']],
      ['/etc', ['motd']],
    ]);
    expect(entry(l1, '/etc/motd')).toMatchObject({ from: 0, status: 'visible' });
    expect(detail({ layer: 7 }).tree.layer).toBe('merged');
  });

  it('picks a mount by id (the newest by default); a read-only overlay has no upper', () => {
    const { m, frame } = lab();
    run(m, 'mkdir -p /tmp/ro\nmount -t overlay overlay -o lowerdir=/tmp/ov/lower1:/tmp/ov/lower2 /tmp/ro\n');
    const f = frame();
    expect(f.mounts.map((x) => x.mountPoint)).toEqual(['/tmp/ov/merged', '/tmp/ro']);
    expect(f.detail!.mount.mountPoint).toBe('/tmp/ro');
    expect(f.detail!.mount).toMatchObject({ readOnly: true, upperdir: null, workdir: null });
    expect(f.detail!.layers.map((l) => l.label)).toEqual(['lower 2', 'lower 1', 'merged']);
    expect(frame({ mount: f.mounts[0]!.id }).detail!.mount.mountPoint).toBe('/tmp/ov/merged');
    expect(frame({ mount: 99999 }).detail!.mount.mountPoint).toBe('/tmp/ro');
    run(m, 'umount /tmp/ro\n');
    expect(frame().mounts.map((x) => x.mountPoint)).toEqual(['/tmp/ov/merged']);
  });

  it('finds an overlay mounted in another mount namespace', () => {
    const { m, frame } = lab();
    run(m, "mkdir -p /tmp/c/m\nunshare -m sh -c 'mount -t overlay overlay -o lowerdir=/tmp/ov/lower1:/tmp/ov/lower2 /tmp/c/m; exec sleep 100' &\nsleep 1\n");
    expect(out(m, 'grep -c /tmp/c/m /proc/mounts')).toBe('0'); // the host does not see it
    const f = frame();
    expect(f.mounts.map((x) => [x.mountPoint, x.hostNs])).toEqual([
      ['/tmp/ov/merged', true],
      ['/tmp/c/m', false],
    ]);
    expect(f.mounts[1]!.mntNs).not.toBe(f.mounts[0]!.mntNs);
  });

  it('remembers the last copy-ups per overlay', () => {
    const { m, detail } = lab();
    run(m, `cd lower2/etc\nfor i in $(seq 1 ${MAX_COPY_UPS + 5}); do echo $i > f$i; done\ncd /tmp/ov/merged/etc\nfor i in $(seq 1 ${MAX_COPY_UPS + 5}); do echo >> f$i; done\n`);
    const c = detail().copyUps;
    expect(c).toHaveLength(MAX_COPY_UPS);
    expect(c.at(-1)!.path).toBe(`/etc/f${MAX_COPY_UPS + 5}`);
    // a standalone frame knows no history
    expect(overlayFrame(m.k).detail!.copyUps).toEqual([]);
  });

  it('computing frames changes nothing: no copy-up, no lookup through the overlay', () => {
    const { m, detail } = lab();
    run(m, 'rm merged/etc/motd\n');
    const mnt = m.k.vfs.rootNs.list().find((x) => x.sb.fstype === 'overlay')!;
    const sb = mnt.sb;
    expect(overlayOf(sb)).toBeDefined();
    const calls: string[] = [];
    const ops = sb.dirOps as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const name of Object.keys(ops)) {
      const orig = ops[name]!;
      ops[name] = (...a: unknown[]) => {
        calls.push(name);
        return orig(...a);
      };
    }
    const copyUp = sb.copyUp!;
    sb.copyUp = (ino) => {
      calls.push('copyUp');
      return copyUp(ino);
    };
    const before = out(m, 'ls -lR /tmp/ov/upper /tmp/ov/lower1 /tmp/ov/lower2 /tmp/ov/work');
    calls.length = 0;
    for (const layer of ['merged', 'upper', 0, 1] as const) detail({ layer, expanded: ['/etc', '/data'], file: '/etc/os-release' });
    expect(calls).toEqual([]);
    expect(out(m, 'ls -lR /tmp/ov/upper /tmp/ov/lower1 /tmp/ov/lower2 /tmp/ov/work')).toBe(before);
  });

  it('a frame is plain data (structured-clonable, JSON round-trips)', () => {
    const { m, frame } = lab();
    run(m, 'echo x >> merged/etc/motd\nrm merged/data/one\n');
    const f = frame({ expanded: ['/etc', '/data'], file: '/etc/motd' });
    expect(structuredClone(f)).toEqual(f);
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
  });
});

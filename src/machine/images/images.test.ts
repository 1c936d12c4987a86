// The local image store end to end: a booted machine has busybox, alpine and ubuntu under
// /var/lib/docker in Docker's overlay2 layout, and a student can build a container root from an
// image's layers by hand — overlay mount, unshare, chroot or pivot_root — and see the image.
import { describe, it, expect } from 'vitest';
import { Machine } from '../machine';
import { runWith, testProgram } from '../test-programs';
import type { Program, Sys } from '../../kernel/syscall';
import { imageStore, DEFAULT_IMAGES, OVERLAY2 } from './index';
import { sha256hex, linkId } from './hash';
import { allPrograms } from '../programs';

/** chroot(8) as coreutils does it: chroot(2), chdir("/"), exec. */
function* xchroot(sys: Sys, argv: string[], envp: string[]): Program {
  const r = yield* sys.chroot(argv[1]!);
  if (r < 0) return 125;
  yield* sys.chdir('/');
  yield* sys.execve(argv[2]!, argv.slice(2), envp);
  return 127;
}

/** pivot_root(8) followed by exec, as runc switches a container to its root. */
function* xpivot(sys: Sys, argv: string[], envp: string[]): Program {
  const r = yield* sys.pivot_root(argv[1]!, argv[2]!);
  if (r < 0) return 125;
  yield* sys.chdir('/');
  yield* sys.execve(argv[3]!, argv.slice(3), envp);
  return 127;
}

const TOOLS = [testProgram('xchroot', xchroot), testProgram('xpivot', xpivot)];

async function run(script: string, images?: string[]): Promise<string> {
  const r = runWith(TOOLS, script, { images, rows: 400, cols: 200 });
  const t = await r.transcript();
  expect(r.crashes).toEqual([]);
  expect(r.timedOut).toBe(false);
  return t;
}

/** The output lines of the command typed as `cmd` (up to the next prompt). */
function outputOf(transcript: string, cmd: string): string[] {
  const lines = transcript.split('\n');
  const at = lines.findIndex((l) => /^root@lab:[^#]*# /.test(l) && l.endsWith(`# ${cmd}`));
  if (at < 0) throw new Error(`command not in transcript: ${cmd}\n${transcript}`);
  const out: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (/^root@lab:[^#]*#( |$)/.test(l)) break;
    out.push(l);
  }
  return out;
}

/** The names `ls` printed in columns. */
function words(lines: string[]): string[] {
  return lines.join(' ').split(/\s+/).filter(Boolean);
}

describe('SHA-256 and link ids', () => {
  it('match the standard test vectors', () => {
    expect(sha256hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256hex('a'.repeat(1000))).toBe('41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3');
  });
  it('link names look like overlay2 GenerateID output', () => {
    expect(linkId('x')).toMatch(/^[A-Z2-7]{26}$/);
    expect(linkId('x')).toBe(linkId('x'));
    expect(linkId('x')).not.toBe(linkId('y'));
  });
});

describe('the image store', () => {
  it('holds busybox, alpine and ubuntu by default, each one layer, with real configs', () => {
    const st = imageStore(new Machine());
    expect(DEFAULT_IMAGES).toEqual(['busybox', 'alpine', 'ubuntu']);
    const imgs = st.images();
    expect(imgs.map((i) => i.ref)).toEqual(['busybox:1.36', 'alpine:3.19', 'ubuntu:22.04']);
    for (const i of imgs) {
      expect(i.id).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(i.layers).toHaveLength(1);
      expect(i.config.Env).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
      expect(i.config.Entrypoint).toBeNull();
      expect(i.size).toBeGreaterThan(1_000_000);
    }
    expect(st.image('busybox')!.config.Cmd).toEqual(['sh']);
    expect(st.image('alpine:3.19')!.config.Cmd).toEqual(['/bin/sh']);
    expect(st.image('ubuntu')!.config.Cmd).toEqual(['/bin/bash']);
    expect(st.image(st.image('ubuntu')!.shortId)!.ref).toBe('ubuntu:22.04');
    expect(st.image('debian')).toBeUndefined();
  });

  it('derives every id from content, the same on every boot', () => {
    const a = imageStore(new Machine()).images();
    const b = imageStore(new Machine({ seed: 42 })).images();
    expect(b.map((i) => [i.id, i.layers.map((l) => [l.cacheId, l.link, l.diffId])])).toEqual(a.map((i) => [i.id, i.layers.map((l) => [l.cacheId, l.link, l.diffId])]));
  });

  it('is laid out on disk as the overlay2 driver and the image store write it', async () => {
    const st = imageStore(new Machine());
    const layers = st.layers();
    const alpine = st.image('alpine')!;
    const al = alpine.layers[0]!;
    const t = await run(`cd ${OVERLAY2}
ls
ls -la ${al.cacheId}
cat ${al.cacheId}/link; echo
readlink l/${al.link}
ls l/${al.link}/etc/os-release
stat -c '%a %U %G' . l ${al.cacheId} ${al.cacheId}/diff
cat /var/lib/docker/image/overlay2/repositories.json; echo
cat /var/lib/docker/image/overlay2/imagedb/content/sha256/${alpine.id.slice(7)}; echo
cat /var/lib/docker/image/overlay2/layerdb/sha256/${al.chainId.slice(7)}/cache-id; echo
cat /var/lib/docker/image/overlay2/layerdb/sha256/${al.chainId.slice(7)}/size; echo`);
    expect(words(outputOf(t, 'ls')).sort()).toEqual([...layers.map((l) => l.cacheId), 'l'].sort());
    const la = outputOf(t, `ls -la ${al.cacheId}`);
    expect(la.slice(1).map((l) => l.split(/\s+/).pop())).toEqual(['.', '..', 'diff', 'link']);
    expect(la.find((l) => l.endsWith(' link'))).toMatch(/^-rw-r--r-- +1 root root +26 /);
    expect(outputOf(t, `cat ${al.cacheId}/link; echo`)).toEqual([al.link]);
    expect(outputOf(t, `readlink l/${al.link}`)).toEqual([`../${al.cacheId}/diff`]);
    expect(outputOf(t, `ls l/${al.link}/etc/os-release`)).toEqual([`l/${al.link}/etc/os-release`]);
    expect(outputOf(t, `stat -c '%a %U %G' . l ${al.cacheId} ${al.cacheId}/diff`)).toEqual(['710 root root', '700 root root', '710 root root', '755 root root']);
    const repos = JSON.parse(outputOf(t, 'cat /var/lib/docker/image/overlay2/repositories.json; echo')[0]!);
    expect(repos).toEqual({
      Repositories: Object.fromEntries(st.images().map((i) => [i.repo, { [i.ref]: i.id }])),
    });
    // an image id is the digest of its config, as `sha256sum imagedb/content/sha256/<id>` shows
    const config = outputOf(t, `cat /var/lib/docker/image/overlay2/imagedb/content/sha256/${alpine.id.slice(7)}; echo`).join('\n');
    expect(`sha256:${sha256hex(config)}`).toBe(alpine.id);
    expect(JSON.parse(config)).toMatchObject({ architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/sh'] }, rootfs: { type: 'layers', diff_ids: [al.diffId] } });
    expect(outputOf(t, `cat /var/lib/docker/image/overlay2/layerdb/sha256/${al.chainId.slice(7)}/cache-id; echo`)).toEqual([al.cacheId]);
    expect(outputOf(t, `cat /var/lib/docker/image/overlay2/layerdb/sha256/${al.chainId.slice(7)}/size; echo`)).toEqual([String(al.size)]);
  });

  it('stacks the layers of a multi-layer image: lower, work, committed, whiteouts, shared base', async () => {
    const st = imageStore(new Machine({ images: ['alpine', 'lab/hello'] }));
    const hello = st.image('lab/hello')!;
    const [base, adduser, , rm] = hello.layers;
    expect(base!.cacheId).toBe(st.image('alpine')!.layers[0]!.cacheId);
    expect(st.layers()).toHaveLength(4);
    expect(base!.images).toEqual(['alpine:3.19', 'lab/hello:latest']);
    expect(hello.config).toEqual({ Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['hello'], Entrypoint: null, WorkingDir: '/home/app', User: 'app' });
    expect(st.lowerdir('lab/hello', 'link')).toBe([...hello.layers].reverse().map((l) => `l/${l.link}`).join(':'));
    const t = await run(`cd ${OVERLAY2}
ls ${base!.cacheId}
ls ${rm!.cacheId}
cat ${adduser!.cacheId}/lower; echo
cat ${rm!.cacheId}/lower; echo
stat -c '%a' ${rm!.cacheId}/work ${base!.cacheId}/committed
ls -l ${rm!.cacheId}/diff/etc
mkdir -p /tmp/h/merged
mount -t overlay overlay -o lowerdir=${st.lowerdir('lab/hello', 'link')} /tmp/h/merged
ls /tmp/h/merged/etc/motd
tail -1 /tmp/h/merged/etc/passwd
cat l/${base!.link}/etc/motd | head -1
xchroot /tmp/h/merged /bin/sh -c 'cd /home/app && hello'`, ['alpine', 'lab/hello']);
    expect(outputOf(t, `ls ${base!.cacheId}`)).toEqual(['committed  diff  link']);
    expect(outputOf(t, `ls ${rm!.cacheId}`)).toEqual(['diff  link  lower  work']);
    expect(outputOf(t, `cat ${adduser!.cacheId}/lower; echo`)).toEqual([`l/${base!.link}`]);
    expect(outputOf(t, `cat ${rm!.cacheId}/lower; echo`)).toEqual([hello.layers.slice(0, 3).reverse().map((l) => `l/${l.link}`).join(':')]);
    expect(outputOf(t, `stat -c '%a' ${rm!.cacheId}/work ${base!.cacheId}/committed`)).toEqual(['700', '600']);
    // RUN rm /etc/motd left a whiteout in its layer, and the merged view has no motd
    expect(outputOf(t, `ls -l ${rm!.cacheId}/diff/etc`)[1]).toMatch(/^c--------- 1 root root 0, 0 Feb {2}1 {2}2024 motd$/);
    expect(outputOf(t, 'ls /tmp/h/merged/etc/motd')).toEqual(["ls: cannot access '/tmp/h/merged/etc/motd': No such file or directory"]);
    expect(outputOf(t, 'tail -1 /tmp/h/merged/etc/passwd')).toEqual(['app:x:1000:1000:Linux User,,,:/home/app:/bin/sh']);
    expect(outputOf(t, `cat l/${base!.link}/etc/motd | head -1`)).toEqual(['Welcome to Alpine!']);
    expect(outputOf(t, "xchroot /tmp/h/merged /bin/sh -c 'cd /home/app && hello'")).toEqual(['Hello from lab/hello, running as root in /home/app']);
  });

  it('is empty with images: []', async () => {
    const m = new Machine({ images: [] });
    expect(imageStore(m).images()).toEqual([]);
    const t = await run('ls /var/lib', []);
    expect(outputOf(t, 'ls /var/lib').join(' ')).not.toContain('docker');
  });

  it('rejects an unknown image name', () => {
    expect(() => new Machine({ images: ['centos'] })).toThrow(/no image 'centos'/);
  });
});

describe('image contents', () => {
  it('alpine: BusyBox applets as symlinks to /bin/busybox; ps and top yes, bash and man no', async () => {
    const al = imageStore(new Machine()).image('alpine')!.layers[0]!.diffPath;
    const t = await run(`cd ${al}
ls bin
readlink bin/ls sbin/init usr/bin/top
ls usr/bin/bash usr/bin/man bin/bash
cat etc/alpine-release
stat -c '%a %U %G' tmp root etc/shadow bin/busybox
head -1 etc/passwd`);
    const bin = words(outputOf(t, 'ls bin'));
    expect(bin).toEqual(expect.arrayContaining(['busybox', 'sh', 'ash', 'ls', 'ps', 'cat', 'mount', 'watch']));
    expect(bin).not.toContain('bash');
    expect(outputOf(t, 'readlink bin/ls sbin/init usr/bin/top')).toEqual(['/bin/busybox', '/bin/busybox', '/bin/busybox']);
    expect(outputOf(t, 'ls usr/bin/bash usr/bin/man bin/bash')).toHaveLength(3);
    expect(outputOf(t, 'cat etc/alpine-release')).toEqual(['3.19.1']);
    expect(outputOf(t, "stat -c '%a %U %G' tmp root etc/shadow bin/busybox")).toEqual(['1777 root root', '700 root root', '640 root shadow', '755 root root']);
    expect(outputOf(t, 'head -1 etc/passwd')).toEqual(['root:x:0:0:root:/root:/bin/ash']);
  });

  it('busybox: every applet a hard link of /bin/busybox', async () => {
    const bb = imageStore(new Machine()).image('busybox')!.layers[0]!.diffPath;
    const t = await run(`cd ${bb}
ls
stat -c '%i %h' bin/busybox bin/ls bin/sh
ls -l bin/busybox
cat etc/passwd | head -1
ls lib`);
    expect(outputOf(t, 'ls')).toEqual(['bin  dev  etc  home  lib  lib64  root  tmp  usr  var']);
    const [a, b, c] = outputOf(t, "stat -c '%i %h' bin/busybox bin/ls bin/sh");
    expect(a).toBe(b);
    expect(a).toBe(c);
    expect(Number(a!.split(' ')[1])).toBeGreaterThan(40);
    expect(outputOf(t, 'ls -l bin/busybox')[0]).toMatch(/^-rwxr-xr-x \d+ root root 1131168 May 18 {2}2023 bin\/busybox$/);
    expect(outputOf(t, 'cat etc/passwd | head -1')).toEqual(['root:x:0:0:root:/root:/bin/sh']);
    expect(outputOf(t, 'ls lib').join(' ')).toContain('libc.so.6');
  });

  it('ubuntu: merged /usr, procps but no iproute2, dash as /bin/sh, the minimized man', async () => {
    const ub = imageStore(new Machine()).image('ubuntu')!.layers[0]!.diffPath;
    const t = await run(`cd ${ub}
ls
readlink bin sbin usr/bin/sh
ls usr/bin/ps usr/bin/top usr/bin/free usr/bin/bash usr/bin/dash usr/sbin/chroot
ls usr/bin/ip usr/bin/pstree usr/bin/stress
cat usr/lib/os-release
stat -c '%a' usr/bin/mount`);
    expect(outputOf(t, 'ls')).toEqual(['bin  boot  dev  etc  home  lib  lib32  lib64  libx32  media  mnt  opt  proc  root  run  sbin  srv  sys  tmp  usr  var']);
    expect(outputOf(t, 'readlink bin sbin usr/bin/sh')).toEqual(['usr/bin', 'usr/sbin', 'dash']);
    const have = words(outputOf(t, 'ls usr/bin/ps usr/bin/top usr/bin/free usr/bin/bash usr/bin/dash usr/sbin/chroot'));
    for (const p of ['usr/bin/ps', 'usr/bin/top', 'usr/bin/free', 'usr/bin/bash', 'usr/bin/dash']) expect(have).toContain(p);
    expect(outputOf(t, 'ls usr/bin/ip usr/bin/pstree usr/bin/stress')).toEqual([
      "ls: cannot access 'usr/bin/ip': No such file or directory",
      "ls: cannot access 'usr/bin/pstree': No such file or directory",
      "ls: cannot access 'usr/bin/stress': No such file or directory",
    ]);
    expect(outputOf(t, 'cat usr/lib/os-release')[0]).toBe('PRETTY_NAME="Ubuntu 22.04.5 LTS"');
    expect(outputOf(t, "stat -c '%a' usr/bin/mount")).toEqual(['4755']);
  });
});

describe('a container root built by hand', () => {
  it('overlay over alpine: the merged view is the image, writes go to the upper layer', async () => {
    const st = imageStore(new Machine());
    const lower = st.lowerdir('alpine');
    const t = await run(`mkdir -p /tmp/c1/upper /tmp/c1/work /tmp/c1/merged
mount -t overlay overlay -o lowerdir=${lower},upperdir=/tmp/c1/upper,workdir=/tmp/c1/work /tmp/c1/merged
ls /tmp/c1/merged
ls /tmp/c1/merged/bin
cat /tmp/c1/merged/etc/os-release
echo container >> /tmp/c1/merged/etc/hostname
ls /tmp/c1/upper/etc
cat ${lower}/etc/hostname`);
    expect(outputOf(t, 'ls /tmp/c1/merged')).toEqual(['bin  dev  etc  home  lib  media  mnt  opt  proc  root  run  sbin  srv  sys  tmp  usr  var']);
    const bin = words(outputOf(t, 'ls /tmp/c1/merged/bin'));
    expect(bin).toEqual(expect.arrayContaining(['busybox', 'ls', 'ps', 'sh']));
    expect(outputOf(t, 'cat /tmp/c1/merged/etc/os-release')).toEqual([
      'NAME="Alpine Linux"',
      'ID=alpine',
      'VERSION_ID=3.19.1',
      'PRETTY_NAME="Alpine Linux v3.19"',
      'HOME_URL="https://alpinelinux.org/"',
      'BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"',
    ]);
    expect(outputOf(t, 'ls /tmp/c1/upper/etc')).toEqual(['hostname']);
    expect(outputOf(t, `cat ${lower}/etc/hostname`)).toEqual(['localhost']);
  });

  it('two overlays over the same image share its lower inodes', async () => {
    const st = imageStore(new Machine());
    const lower = st.lowerdir('alpine');
    const t = await run(`for c in c1 c2; do mkdir -p /tmp/$c/upper /tmp/$c/work /tmp/$c/merged; mount -t overlay overlay -o lowerdir=${lower},upperdir=/tmp/$c/upper,workdir=/tmp/$c/work /tmp/$c/merged; done
stat -c %i ${lower}/etc/passwd /tmp/c1/merged/etc/passwd /tmp/c2/merged/etc/passwd
ls -i ${lower}/bin/busybox /tmp/c1/merged/bin/busybox /tmp/c2/merged/bin/busybox
echo x >> /tmp/c1/merged/etc/passwd
tail -1 /tmp/c2/merged/etc/passwd ${lower}/etc/passwd`);
    const inos = outputOf(t, `stat -c %i ${lower}/etc/passwd /tmp/c1/merged/etc/passwd /tmp/c2/merged/etc/passwd`);
    expect(inos).toHaveLength(3);
    expect(new Set(inos).size).toBe(1);
    const ls = outputOf(t, `ls -i ${lower}/bin/busybox /tmp/c1/merged/bin/busybox /tmp/c2/merged/bin/busybox`);
    expect(new Set(ls.map((l) => l.trim().split(/\s+/)[0])).size).toBe(1);
    // a write in one container copies up into its own upper layer; the other still sees the lower
    expect(outputOf(t, `tail -1 /tmp/c2/merged/etc/passwd ${lower}/etc/passwd`).filter((l) => l.startsWith('nobody'))).toHaveLength(2);
  });

  it('unshare -m -p -f --mount-proc, then chroot: a shell whose ls / is the image, PID 1 in its namespace', async () => {
    const st = imageStore(new Machine());
    const lower = st.lowerdir('alpine');
    const inner = 'ls /; head -1 /etc/os-release; ps; echo pid $$; bash';
    const cmd = `unshare -m -p -f --mount-proc sh -c 'mount -t overlay overlay -o lowerdir=${lower},upperdir=/tmp/c/upper,workdir=/tmp/c/work /tmp/c/merged && mount -t proc proc /tmp/c/merged/proc && xchroot /tmp/c/merged /bin/sh -c "${inner}"'`;
    const t = await run(`mkdir -p /tmp/c/upper /tmp/c/work /tmp/c/merged
${cmd}
ls /tmp/c/merged`);
    const out = outputOf(t, cmd);
    expect(out[0]).toBe('bin  dev  etc  home  lib  media  mnt  opt  proc  root  run  sbin  srv  sys  tmp  usr  var');
    expect(out[1]).toBe('NAME="Alpine Linux"');
    expect(out[2]).toMatch(/^\s+PID TTY\s+TIME CMD$/);
    expect(out[3]).toMatch(/^\s+1 \S+\s+00:00:00 sh$/);
    expect(out).toContain('pid 1');
    expect(out[out.length - 1]).toMatch(/bash: command not found$/);
    // the overlay was mounted in the private mount namespace only
    expect(outputOf(t, 'ls /tmp/c/merged')).toEqual([]);
  });

  // the student's way, once coreutils has chroot(8) (the images pick it up by themselves)
  it.runIf(allPrograms().some((p) => p.name === 'chroot'))('with the chroot command: /usr/sbin/chroot in ubuntu, chroot from the host into alpine', async () => {
    const st = imageStore(new Machine());
    const cmd = `unshare -m -p -f --mount-proc chroot /tmp/c/merged /bin/sh -c 'mount -t proc proc /proc; ls /; cat /etc/alpine-release'`;
    const t = await run(`mkdir -p /tmp/c/upper /tmp/c/work /tmp/c/merged
mount -t overlay overlay -o lowerdir=${st.lowerdir('alpine')},upperdir=/tmp/c/upper,workdir=/tmp/c/work /tmp/c/merged
${cmd}
ls ${st.image('ubuntu')!.layers[0]!.diffPath}/usr/sbin/chroot`);
    expect(outputOf(t, cmd)).toEqual(['bin  dev  etc  home  lib  media  mnt  opt  proc  root  run  sbin  srv  sys  tmp  usr  var', '3.19.1']);
    expect(outputOf(t, `ls ${st.image('ubuntu')!.layers[0]!.diffPath}/usr/sbin/chroot`)).toEqual([`${st.image('ubuntu')!.layers[0]!.diffPath}/usr/sbin/chroot`]);
  });

  it('pivot_root into ubuntu, as runc does: the host root is gone after umount -l', async () => {
    const st = imageStore(new Machine());
    const lower = st.lowerdir('ubuntu');
    const inner = 'umount -l /mnt; ls /mnt; ls /; ps -o pid,comm; ip a';
    const cmd = `unshare -m -p -f --mount-proc sh -c 'mount -t overlay overlay -o lowerdir=${lower},upperdir=/tmp/u/upper,workdir=/tmp/u/work /tmp/u/merged && mount -t proc proc /tmp/u/merged/proc && cd /tmp/u/merged && xpivot . mnt /bin/sh -c "${inner}"'`;
    const t = await run(`mkdir -p /tmp/u/upper /tmp/u/work /tmp/u/merged
${cmd}`);
    const out = outputOf(t, cmd);
    expect(out[0]).toBe('bin  boot  dev  etc  home  lib  lib32  lib64  libx32  media  mnt  opt  proc  root  run  sbin  srv  sys  tmp  usr  var');
    expect(out[1]).toMatch(/^\s+PID COMMAND$/);
    expect(out[2]).toMatch(/^\s+1 sh$/);
    expect(out[out.length - 1]).toMatch(/ip: command not found$/);
  });
});

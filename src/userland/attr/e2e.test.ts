// End-to-end: getfattr and setfattr typed into bash, compared line for line with Debian 12's
// attr 2.5.1 on the same commands (the host's ext4 and the simulated one hold the same values).
import { describe, it, expect } from 'vitest';
import { runScript } from '../../machine/testing';

const lines = (...l: string[]): string => l.join('\n') + '\n';

describe('getfattr', () => {
  it('the overlay opaque marker: -n, -d with and without -m, encodings, absolute names', async () => {
    const t = await runScript(
      [
        'cd /tmp; mkdir -p upper/dir; touch upper/dir/f',
        'setfattr -n trusted.overlay.opaque -v y upper/dir',
        'getfattr -n trusted.overlay.opaque upper/dir; echo $?',
        'getfattr -d upper/dir; echo $?',
        'getfattr -d -m - upper/dir; getfattr -m - upper/dir; getfattr -R -d -m - upper',
        'getfattr -n trusted.overlay.opaque /tmp/upper/dir /tmp/upper/dir',
        'getfattr --absolute-names -n trusted.overlay.opaque /tmp/upper/dir',
        'getfattr -e hex -n trusted.overlay.opaque upper/dir; getfattr -e base64 -n trusted.overlay.opaque upper/dir',
        'getfattr --only-values -n trusted.overlay.opaque upper/dir; echo',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:/tmp# getfattr -n trusted.overlay.opaque upper/dir; echo $?',
        '# file: upper/dir',
        'trusted.overlay.opaque="y"',
        '',
        '0',
        'root@lab:/tmp# getfattr -d upper/dir; echo $?',
        '0',
        'root@lab:/tmp# getfattr -d -m - upper/dir; getfattr -m - upper/dir; getfattr -R -d -m - upper',
        '# file: upper/dir',
        'trusted.overlay.opaque="y"',
        '',
        '# file: upper/dir',
        'trusted.overlay.opaque',
        '',
        '# file: upper/dir',
        'trusted.overlay.opaque="y"',
        '',
        'root@lab:/tmp# getfattr -n trusted.overlay.opaque /tmp/upper/dir /tmp/upper/dir',
        "getfattr: Removing leading '/' from absolute path names",
        '# file: tmp/upper/dir',
        'trusted.overlay.opaque="y"',
        '',
        '# file: tmp/upper/dir',
        'trusted.overlay.opaque="y"',
        '',
        'root@lab:/tmp# getfattr --absolute-names -n trusted.overlay.opaque /tmp/upper/dir',
        '# file: /tmp/upper/dir',
        'trusted.overlay.opaque="y"',
        '',
        'root@lab:/tmp# getfattr -e hex -n trusted.overlay.opaque upper/dir; getfattr -e base64 -n trusted.overlay.opaque upper/dir',
        '# file: upper/dir',
        'trusted.overlay.opaque=0x79',
        '',
        '# file: upper/dir',
        'trusted.overlay.opaque=0seQ==',
        '',
        'root@lab:/tmp# getfattr --only-values -n trusted.overlay.opaque upper/dir; echo',
        'y',
      ),
    );
  });

  it('values chosen as text or base64, names sorted, -m patterns, recursion order', async () => {
    const t = await runScript(
      [
        'cd /tmp; touch g; mkdir -p t/a/b; touch t/x t/a/y t/a/b/z',
        "setfattr -n user.h -v '\"quoted\"' g; setfattr -n user.a -v 'he said \"hi\" \\ ok' g",
        'setfattr -n user.b -v 0x00010203ff g; setfattr -n user.c -v 0sAQIDBA== g; setfattr -n user.e -v "" g',
        "setfattr -n user.f g; setfattr -n user.g -v 0x616263 g; setfattr -n user.i -v 'abc\\001' g",
        'getfattr -d g',
        "getfattr -d -m 'user.[ab]' g; getfattr -m c g",
        'setfattr -n user.k -v 1 t/x; setfattr -n user.k -v 2 t/a/b/z; setfattr -n user.k -v 3 t/a; setfattr -n user.m -v 5 t',
        'getfattr -R -d t',
        'getfattr -d ./t; getfattr -n user.k t/x t/a/y t; echo $?',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:/tmp# getfattr -d g',
        '# file: g',
        'user.a="he said \\"hi\\" \\\\ ok"',
        'user.b=0sAAECA/8=',
        'user.c=0sAQIDBA==',
        'user.e=""',
        'user.f=""',
        'user.g="abc"',
        'user.h="quoted"',
        'user.i=0sYWJjAQ==',
        '',
        "root@lab:/tmp# getfattr -d -m 'user.[ab]' g; getfattr -m c g",
        '# file: g',
        'user.a="he said \\"hi\\" \\\\ ok"',
        'user.b=0sAAECA/8=',
        '',
        '# file: g',
        'user.c',
        '',
      ),
    );
    expect(t).toContain(
      lines(
        // pre-order in directory order (creation order here; ext4 on the host lists t/x first)
        'root@lab:/tmp# getfattr -R -d t',
        '# file: t',
        'user.m="5"',
        '',
        '# file: t/a',
        'user.k="3"',
        '',
        '# file: t/a/b/z',
        'user.k="2"',
        '',
        '# file: t/x',
        'user.k="1"',
        '',
        'root@lab:/tmp# getfattr -d ./t; getfattr -n user.k t/x t/a/y t; echo $?',
        '# file: t',
        'user.m="5"',
        '',
        '# file: t/x',
        'user.k="1"',
        '',
        't/a/y: user.k: No such attribute',
        't: user.k: No such attribute',
        '1',
      ),
    );
  });

  it('errors and usage', async () => {
    const t = await runScript(
      [
        'cd /tmp; mkdir d',
        'getfattr -n bogus.x d; echo $?',
        'getfattr -d nonex d; echo $?',
        "getfattr -d -m 'user.[' d; echo $?",
        'getfattr -e foo -d d; echo $?',
        'getfattr; echo $?',
        'getfattr --bogus d; echo $?',
        'getfattr --version',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:/tmp# getfattr -n bogus.x d; echo $?',
        'd: bogus.x: Operation not supported',
        '1',
        'root@lab:/tmp# getfattr -d nonex d; echo $?',
        'getfattr: nonex: No such file or directory',
        '1',
        "root@lab:/tmp# getfattr -d -m 'user.[' d; echo $?",
        'getfattr: invalid regular expression "user.["',
        '1',
        'root@lab:/tmp# getfattr -e foo -d d; echo $?',
        'Usage: getfattr [-hRLP] [-n name|-d] [-e en] [-m pattern] path...',
        "Try `getfattr --help' for more information.",
        '2',
        'root@lab:/tmp# getfattr; echo $?',
        'Usage: getfattr [-hRLP] [-n name|-d] [-e en] [-m pattern] path...',
        "Try `getfattr --help' for more information.",
        '2',
        'root@lab:/tmp# getfattr --bogus d; echo $?',
        "getfattr: unrecognized option '--bogus'",
        'Usage: getfattr [-hRLP] [-n name|-d] [-e en] [-m pattern] path...',
        "Try `getfattr --help' for more information.",
        '2',
        'root@lab:/tmp# getfattr --version',
        'getfattr 2.5.1',
      ),
    );
  });
});

describe('setfattr', () => {
  it('set, remove, -h on a symlink, bad encodings and usage', async () => {
    const t = await runScript(
      [
        'cd /tmp; touch g; ln -s g lnk',
        'setfattr -n user.a -v 1 g; setfattr -x user.a g; echo $?; setfattr -x user.a g; echo $?',
        'setfattr -n user.z -v 0xzz g; echo $?; setfattr -n user.z -v 0sA g; echo $?',
        'setfattr -n bogus.z -v 1 g; echo $?; setfattr -n user.z -v 1 nonex g; echo $?',
        'setfattr -h -n user.q -v 1 lnk; echo $?; setfattr -n user.q -v 2 lnk; getfattr -h -d lnk; getfattr -d lnk',
        'setfattr g; echo $?',
        'setfattr -n user.a -x user.b g; echo $?',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:/tmp# setfattr -n user.a -v 1 g; setfattr -x user.a g; echo $?; setfattr -x user.a g; echo $?',
        '0',
        'setfattr: g: No such attribute',
        '1',
        'root@lab:/tmp# setfattr -n user.z -v 0xzz g; echo $?; setfattr -n user.z -v 0sA g; echo $?',
        'bad input encoding',
        '1',
        'bad input encoding',
        '1',
        'root@lab:/tmp# setfattr -n bogus.z -v 1 g; echo $?; setfattr -n user.z -v 1 nonex g; echo $?',
        'setfattr: g: Operation not supported',
        '1',
        'setfattr: nonex: No such file or directory',
        '1',
        'root@lab:/tmp# setfattr -h -n user.q -v 1 lnk; echo $?; setfattr -n user.q -v 2 lnk; getfattr -h -d lnk; getfattr -d lnk',
        'setfattr: lnk: Operation not permitted',
        '1',
        '# file: lnk',
        'user.q="2"',
        'user.z="1"',
        '',
        'root@lab:/tmp# setfattr g; echo $?',
        'Usage: setfattr {-n name} [-v value] [-h] file...',
        '       setfattr {-x name} [-h] file...',
        "Try `setfattr --help' for more information.",
        '2',
        'root@lab:/tmp# setfattr -n user.a -x user.b g; echo $?',
        'Usage: setfattr {-n name} [-v value] [-h] file...',
        '       setfattr {-x name} [-h] file...',
        "Try `setfattr --help' for more information.",
        '2',
      ),
    );
  });

  it('--restore replays a getfattr -d dump', async () => {
    const t = await runScript(
      [
        'cd /tmp; mkdir -p up/dir',
        'setfattr -n trusted.overlay.opaque -v y up/dir; setfattr -n user.note -v 0x00ff up/dir',
        'getfattr -R -d -m - up > dump; cat dump',
        'setfattr -x trusted.overlay.opaque up/dir; setfattr -x user.note up/dir; getfattr -d -m - up/dir; echo $?',
        'setfattr --restore=dump; echo $?; getfattr -d -m - -e hex up/dir',
        'echo junk > bad; setfattr --restore=bad; echo $?',
      ].join('\n') + '\n',
    );
    expect(t).toContain(
      lines(
        'root@lab:/tmp# getfattr -R -d -m - up > dump; cat dump',
        '# file: up/dir',
        'trusted.overlay.opaque="y"',
        'user.note=0sAP8=',
        '',
        'root@lab:/tmp# setfattr -x trusted.overlay.opaque up/dir; setfattr -x user.note up/dir; getfattr -d -m - up/dir; echo $?',
        '0',
        'root@lab:/tmp# setfattr --restore=dump; echo $?; getfattr -d -m - -e hex up/dir',
        '0',
        '# file: up/dir',
        'trusted.overlay.opaque=0x79',
        'user.note=0x00ff',
        '',
        'root@lab:/tmp# echo junk > bad; setfattr --restore=bad; echo $?',
        'setfattr: bad: No filename found in line 0, aborting',
        '1',
      ),
    );
  });
});

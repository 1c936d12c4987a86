import { describe, it, expect } from 'vitest';
import { FakeKernel } from './test-helpers/fakesys';
import { makeShellMain } from './main';

function sh(script: string, opts: { name?: string; stdin?: string; files?: Record<string, string>; failForks?: number; failErrno?: number } = {}) {
  const k = new FakeKernel();
  k.failForks = opts.failForks ?? 0;
  k.failErrno = opts.failErrno ?? 11;
  for (const [p, t] of Object.entries(opts.files ?? {})) k.files.set(p, t);
  k.stdin = opts.stdin ?? '';
  const name = opts.name ?? 'bash';
  const status = k.run(makeShellMain(name), [name, '-c', script]);
  return { out: k.out, stdout: k.stdout, stderr: k.stderr, status, k };
}

describe('shell (fake kernel)', () => {
  it('echo, variables, status', () => {
    expect(sh('x=hello; echo "$x world"; false; echo $?').out).toBe('hello world\n1\n');
    expect(sh('exit 300').status).toBe(44);
  });
  it('command not found', () => {
    const r = sh('foo');
    expect(r.stderr).toBe('bash: line 1: foo: command not found\n');
    expect(r.status).toBe(127);
    expect(sh('foo', { name: 'sh' }).stderr).toBe('sh: line 1: foo: command not found\n');
  });
  it('syntax errors in -c', () => {
    const r = sh('echo a ;;');
    expect(r.stderr).toBe("bash: -c: line 1: syntax error near unexpected token `;;'\nbash: -c: line 1: `echo a ;;'\n");
    expect(r.status).toBe(2);
    expect(sh('if true').stderr).toBe('bash: -c: line 2: syntax error: unexpected end of file\n');
  });
  it('arithmetic errors', () => {
    const r = sh('echo $((1/0)); echo not reached');
    expect(r.stderr).toBe('bash: line 1: 1/0: division by 0 (error token is "0")\n');
    expect(r.status).toBe(1);
  });
  it('control flow', () => {
    expect(sh('for i in 1 2 3; do echo $i; done').out).toBe('1\n2\n3\n');
    expect(sh('i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i').out).toBe('3\n');
    expect(sh('for ((i=0;i<5;i++)); do [ $i = 3 ] && break; echo $i; done').out).toBe('0\n1\n2\n');
    expect(sh('case abc in a*) echo yes;; *) echo no;; esac').out).toBe('yes\n');
    expect(sh('if [ 1 -eq 2 ]; then echo a; elif true; then echo b; else echo c; fi').out).toBe('b\n');
    expect(sh('f() { local x=1; echo $1 $x; return 3; }; x=0; f arg; echo $? $x').out).toBe('arg 1\n3 0\n');
    expect(sh('[[ abc == a* && -n x ]] && echo ok').out).toBe('ok\n');
  });
  it('command substitution and pipelines', () => {
    expect(sh('x=$(echo hi; echo there); echo "$x"').out).toBe('hi\nthere\n');
    expect(sh('echo abc | cat').out).toBe('abc\n');
    expect(sh('echo `echo nested`').out).toBe('nested\n');
    expect(sh('false | true; echo $?; set -o pipefail; false | true; echo $?').out).toBe('0\n1\n');
  });
  it('redirections and here-docs', () => {
    const r = sh('echo one > /tmp/f; echo two >> /tmp/f; cat < /tmp/f; cat <<EOF\nx=$((1+1))\nEOF\ncat <<<"here"');
    expect(r.out).toBe('one\ntwo\nx=2\nhere\n');
    expect(sh('echo err >&2 2>/dev/null').stderr).toBe('err\n');
    expect(sh('cat /nope 2>/tmp/e; cat /tmp/e').out).toBe('cat: /nope: No such file or directory\n');
    expect(sh('echo x > /nodir/f').stderr).toBe('bash: line 1: /nodir/f: No such file or directory\n');
  });
  it('printf', () => {
    expect(sh('printf "%s-%d|%5s|%-3s|%x|%o|%c|%%\\n" a 42 r l 255 8 xyz').out).toBe('a-42|    r|l  |ff|10|x|%\n');
    expect(sh('printf "%s\\n" a b c').out).toBe('a\nb\nc\n');
    expect(sh('printf "%q\\n" "a b"').out).toBe('a\\ b\n');
    expect(sh('printf "%05.1f\\n" 3.14159').out).toBe('003.1\n');
  });
  it('builtins: type, kill -l, trap, set', () => {
    expect(sh('type cd; type cat; f() { echo hi; }; type f').out).toBe('cd is a shell builtin\ncat is /usr/bin/cat\nf is a function\nf () \n{ \n    echo hi\n}\n');
    expect(sh('kill -l 9; kill -l TERM').out).toBe('KILL\n15\n');
    expect(sh("trap 'echo bye' EXIT; trap; echo body").out).toBe("trap -- 'echo bye' EXIT\nbody\nbye\n");
    expect(sh('set -- a b c; echo $#; shift; echo $@').out).toBe('3\nb c\n');
    expect(sh('kill %3').stderr).toBe('bash: line 1: kill: %3: no such job\n');
    expect(sh('unset -x').stderr).toBe('bash: line 1: unset: -x: invalid option\nunset: usage: unset [-f] [-v] [-n] [name ...]\n');
    expect(sh('cd /nonexist').stderr).toBe('bash: line 1: cd: /nonexist: No such file or directory\n');
  });
  it('set -e and set -u', () => {
    const r = sh('set -e; echo a; false; echo b');
    expect(r.out).toBe('a\n');
    expect(r.status).toBe(1);
    expect(sh('set -e; false || true; if false; then :; fi; echo ok').out).toBe('ok\n');
    expect(sh('set -u; echo $nope').stderr).toBe('bash: line 1: nope: unbound variable\n');
  });
  it('read', () => {
    expect(sh('read a b; echo "[$a][$b]"', { stdin: 'one two three\n' }).out).toBe('[one][two three]\n');
    expect(sh('while read l; do echo "<$l>"; done', { stdin: 'x\ny\n' }).out).toBe('<x>\n<y>\n');
  });
  it('scripts without #! are run by the shell', () => {
    const r = sh('/tmp/s.sh a b', { files: { '/tmp/s.sh': 'echo script $1 $#\n' } });
    expect(r.out).toBe('script a 2\n');
  });
  it('exported env reaches children', () => {
    expect(sh('export FOO=1; BAR=2 env').out).toMatch(/FOO=1[\s\S]*BAR=2/);
  });
  it('globbing', () => {
    expect(sh('echo /usr/bin/ca* /usr/bin/zz*').out).toBe('/usr/bin/cat /usr/bin/zz*\n');
  });
  it('eval and source', () => {
    expect(sh('eval "x=5; echo \\$x"; . /tmp/lib; echo $y', { files: { '/tmp/lib': 'y=sourced\n' } }).out).toBe('5\nsourced\n');
  });
  it('fork failure: EAGAIN retries 4 times then exits 254', () => {
    const r = sh('echo before; /usr/bin/true; echo after', { failForks: 5 });
    expect(r.stdout).toBe('before\n');
    expect(r.stderr).toBe('bash: fork: retry: Resource temporarily unavailable\n'.repeat(4) + 'bash: fork: Resource temporarily unavailable\n');
    expect(r.status).toBe(254);
    expect(r.k.slept).toEqual([1e9, 2e9, 4e9, 8e9]);
  });
  it('fork failure: a retry that succeeds continues', () => {
    const r = sh('/usr/bin/true; echo after', { failForks: 2 });
    expect(r.stdout).toBe('after\n');
    expect(r.stderr).toBe('bash: fork: retry: Resource temporarily unavailable\n'.repeat(2));
  });
  it('fork failure: ENOMEM does not retry', () => {
    const r = sh('/usr/bin/true; echo after', { failForks: 1, failErrno: 12 });
    expect(r.stderr).toBe('bash: fork: Cannot allocate memory\n');
    expect(r.status).toBe(254);
  });
  it('function printing like bash', () => {
    const r = sh('g() { if true; then echo a; elif false; then :; else echo c; fi; for i in 1 2; do echo $i; done; x=1 && y=2; sleep 1 & }; type g');
    expect(r.out).toBe('g is a function\ng () \n{ \n    if true; then\n        echo a;\n    else\n        if false; then\n            :;\n        else\n            echo c;\n        fi;\n    fi;\n    for i in 1 2;\n    do\n        echo $i;\n    done;\n    x=1 && y=2;\n    sleep 1 &\n}\n');
  });
  it('signal deaths reported like bash -c', () => {
    const r = sh('kill -9 $$');
    expect(r.status).toBe(137);
  });
  it('ERR trap', () => {
    expect(sh("trap 'echo err $?' ERR; false; true; trap -p ERR; (exit 3) || echo handled").out).toBe("err 1\ntrap -- 'echo err $?' ERR\nhandled\n");
  });
  it('script on stdin leaves the rest of stdin to its commands', () => {
    const k = new FakeKernel();
    k.stdin = 'read x\nhello\necho "got $x"\n';
    const st = k.run(makeShellMain('bash'), ['bash']);
    expect(k.out).toBe('got hello\n');
    expect(st).toBe(0);
  });
});

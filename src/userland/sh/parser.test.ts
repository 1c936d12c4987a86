import { describe, it, expect } from 'vitest';
import { Parser, NeedMore, ParseError, parseAll } from './parser';
import type { SimpleCommand } from './ast';

function parse(src: string, final = true) {
  try {
    const p = new Parser(src, final);
    const out = [];
    for (;;) {
      const l = p.parseComplete();
      if (!l) break;
      out.push(l);
    }
    return out;
  } catch (e) {
    if (e instanceof NeedMore) return 'needmore';
    if (e instanceof ParseError) return `line ${e.line}: ${e.msg}`;
    throw e;
  }
}

function simple(src: string): SimpleCommand {
  const l = parseAll(src)[0]!;
  return l.items[0]!.cmd.first.cmds[0] as SimpleCommand;
}

describe('parser', () => {
  it('simple commands, assignments, redirections', () => {
    const c = simple('A=1 B=x echo hi 2>&1 >out <<<word');
    expect(c.assigns.map((a) => a.name)).toEqual(['A', 'B']);
    expect(c.words.map((w) => w.text)).toEqual(['echo', 'hi']);
    expect(c.redirs.map((r) => [r.fd, r.op, r.target.text])).toEqual([
      [2, '>&', '1'], [undefined, '>', 'out'], [undefined, '<<<', 'word'],
    ]);
  });
  it('lists, pipelines and async', () => {
    const l = parseAll('a | b && c || d; e & f')[0]!;
    expect(l.items.length).toBe(3);
    expect(l.items[0]!.cmd.first.cmds.length).toBe(2);
    expect(l.items[0]!.cmd.rest.map((r) => r.op)).toEqual(['&&', '||']);
    expect(l.items[1]!.async).toBe(true);
    expect(l.items[1]!.text).toBe('e');
  });
  it('compound commands', () => {
    const src = 'if a; then b; elif c; then d; else e; fi; for x in 1 2; do echo $x; done; while :; do break; done; case $x in a|b) echo ab;; *) echo other;; esac; { a; b; }; (c); f() { echo f; }; function g { :; }; for ((i=0;i<3;i++)); do :; done; (( x > 1 )); [[ -n $x && $x == a* ]]';
    const l = parseAll(src)[0]!;
    expect(l.items.map((i) => i.cmd.first.cmds[0]!.t)).toEqual([
      'if', 'for', 'while', 'case', 'group', 'subshell', 'func', 'func', 'arithfor', 'arith', 'cond',
    ]);
  });
  it('a subshell may start with a compound command; a stray reserved word is still an error', () => {
    const l = parseAll('(if a; then b; fi); (while :; do :; done) & (echo x; for i in 1; do :; done)')[0]!;
    const bodies = l.items.map((i) => {
      const c = i.cmd.first.cmds[0]!;
      return c.t === 'subshell' ? c.body.items.map((x) => x.cmd.first.cmds[0]!.t) : [c.t];
    });
    expect(bodies).toEqual([['if'], ['while'], ['simple', 'for']]);
    expect(parse('(fi)')).toBe("line 1: syntax error near unexpected token `fi'");
  });
  it('quotes and expansions in words', () => {
    const c = simple(`echo 'a b' "x $y \${z:-d} $(echo hi) \`q\` $((1+2))" \\$ $'\\t'`);
    const w1 = c.words[1]!.parts[0]!;
    expect(w1).toEqual({ k: 'q', v: 'a b' });
    const dq = c.words[2]!.parts[0]!;
    expect(dq.k).toBe('dq');
    if (dq.k === 'dq') expect(dq.parts.map((p) => p.k)).toEqual(['lit', 'param', 'lit', 'param', 'lit', 'cmd', 'lit', 'cmd', 'lit', 'arith']);
    expect(c.words[3]!.parts[0]).toEqual({ k: 'q', v: '$' });
    expect(c.words[4]!.parts[0]).toEqual({ k: 'q', v: '\t' });
  });
  it('here-documents', () => {
    const l = parseAll('cat <<EOF; echo after\nline $x\nEOF\ncat <<-"E"\n\tq\n\tE\n');
    const r = (l[0]!.items[0]!.cmd.first.cmds[0] as SimpleCommand).redirs[0]!;
    expect(r.heredoc).toEqual({ body: 'line $x\n', quoted: false });
    const r2 = (l[1]!.items[0]!.cmd.first.cmds[0] as SimpleCommand).redirs[0]!;
    expect(r2.heredoc).toEqual({ body: 'q\n', quoted: true });
  });
  it('incomplete input asks for more', () => {
    expect(parse("echo 'abc", false)).toBe('needmore');
    expect(parse('if true', false)).toBe('needmore');
    expect(parse('for i in 1; do', false)).toBe('needmore');
    expect(parse('cat <<EOF\nabc\n', false)).toBe('needmore');
    expect(parse('echo a |', false)).toBe('needmore');
    expect(parse('echo \\', false)).toBe('needmore');
    expect(parse('echo $(', false)).toBe('needmore');
  });
  it("bash's syntax errors", () => {
    expect(parse('echo a ;;')).toBe("line 1: syntax error near unexpected token `;;'");
    expect(parse(')')).toBe("line 1: syntax error near unexpected token `)'");
    expect(parse('echo >')).toBe("line 1: syntax error near unexpected token `newline'");
    expect(parse('fi')).toBe("line 1: syntax error near unexpected token `fi'");
    expect(parse('if true')).toBe('line 2: syntax error: unexpected end of file');
    expect(parse("echo 'abc")).toBe("line 1: unexpected EOF while looking for matching `''");
    expect(parse('a && ; b')).toBe("line 1: syntax error near unexpected token `;'");
  });
  it('reserved words only in command position', () => {
    const c = simple('echo if then fi }');
    expect(c.words.map((w) => w.text)).toEqual(['echo', 'if', 'then', 'fi', '}']);
  });
  it('fork bomb parses', () => {
    const l = parseAll(':(){ :|:& };:')[0]!;
    expect(l.items.map((i) => i.cmd.first.cmds[0]!.t)).toEqual(['func', 'simple']);
  });
  it('huge and odd input does not throw', () => {
    expect(() => parseAll('echo ' + 'x'.repeat(100000))).not.toThrow();
    expect(() => parse('echo \x01\x02\x7f \uFFFD')).not.toThrow();
  });
});

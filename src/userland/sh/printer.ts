// Prints an AST back as bash does for `type f` / `declare -f` (print_cmd.c layout).
import type { AndOr, Command, List, Pipeline, Redirect } from './ast';

const IND = '    ';

function redirs(rs: Redirect[]): { text: string; docs: string } {
  let text = '';
  let docs = '';
  for (const r of rs) {
    const fd = r.fd !== undefined ? String(r.fd) : '';
    if (r.heredoc) {
      text += ` ${fd}${r.op}${r.target.text}`;
      const delim = r.target.text.replace(/['"\\]/g, '');
      docs += `\n${r.heredoc.body}${delim}\n`;
    } else if (r.op === '>&' || r.op === '<&') text += ` ${fd}${r.op}${r.target.text}`;
    else text += ` ${fd}${r.op} ${r.target.text}`;
  }
  return { text, docs };
}

function simpleText(c: Command & { t: 'simple' }): { text: string; docs: string } {
  const parts = [...c.assigns.map((a) => `${a.name}${a.append ? '+' : ''}=${a.value.text}`), ...c.words.map((w) => w.text)];
  const r = redirs(c.redirs);
  return { text: parts.join(' ') + r.text, docs: r.docs };
}

function pipeline(p: Pipeline, ind: string): string {
  let docs = '';
  const parts = p.cmds.map((c) => {
    if (c.t === 'simple') {
      const s = simpleText(c);
      docs += s.docs;
      return s.text;
    }
    return command(c, ind);
  });
  return (p.time ? 'time ' : '') + (p.bang ? '! ' : '') + parts.join(' | ') + docs;
}

function andOr(a: AndOr, ind: string): string {
  let s = pipeline(a.first, ind);
  for (const r of a.rest) s += ` ${r.op} ${pipeline(r.p, ind)}`;
  return s;
}

/** A list body: each item on its own line at `ind`, separated by ";" (or "&"). */
function list(l: List, ind: string, termLast = false): string {
  return l.items
    .map((it, i) => {
      const text = andOr(it.cmd, ind);
      const last = i === l.items.length - 1;
      const sep = it.async ? ' &' : last && !termLast ? '' : ';';
      // a here-doc body already ends the line
      if (text.endsWith('\n')) return ind + text.replace(/\n$/, '') + (it.async ? ' &' : '') + '\n';
      return ind + text + sep;
    })
    .join('\n');
}

function inline(l: List): string {
  return l.items.map((it) => andOr(it.cmd, '') + (it.async ? ' &' : '')).join('; ');
}

function command(c: Command, ind: string): string {
  const inner = ind + IND;
  const r = 'redirs' in c ? redirs(c.redirs) : { text: '', docs: '' };
  let s: string;
  switch (c.t) {
    case 'simple':
      return simpleText(c).text;
    case 'group':
      s = `{ \n${list(c.body, inner)}\n${ind}}`;
      break;
    case 'subshell':
      s = `( ${inline(c.body)} )`;
      break;
    case 'if': {
      const [first, ...rest] = c.clauses;
      s = `if ${inline(first!.cond)}; then\n${list(first!.body, inner, true)}`;
      if (rest.length) {
        const nested: Command = { t: 'if', clauses: rest, elseBody: c.elseBody, redirs: [] };
        s += `\n${ind}else\n${inner}${command(nested, inner)};`;
      } else if (c.elseBody) s += `\n${ind}else\n${list(c.elseBody, inner, true)}`;
      s += `\n${ind}fi`;
      break;
    }
    case 'while':
      s = `${c.until ? 'until' : 'while'} ${inline(c.cond)}; do\n${list(c.body, inner, true)}\n${ind}done`;
      break;
    case 'for':
      s = `for ${c.name}${c.items ? ' in ' + c.items.map((w) => w.text).join(' ') : ''};\n${ind}do\n${list(c.body, inner, true)}\n${ind}done`;
      break;
    case 'arithfor':
      s = `for ((${c.init.trim()}; ${c.cond.trim()}; ${c.step.trim()}))\n${ind}do\n${list(c.body, inner, true)}\n${ind}done`;
      break;
    case 'case': {
      s = `case ${c.word.text} in \n`;
      for (const it of c.items) {
        s += `${inner}${it.patterns.map((p) => p.text).join(' | ')})\n`;
        if (it.body.items.length) s += list(it.body, inner + IND) + '\n';
        s += `${inner}${it.term}\n`;
      }
      s += `${ind}esac`;
      break;
    }
    case 'arith':
      s = `(( ${c.expr.trim()} ))`;
      break;
    case 'cond':
      s = `[[ ${c.tokens.map((t) => t.op ?? t.w!.text).join(' ')} ]]`;
      break;
    case 'func':
      return funcDef(c.name, c.body, ind);
  }
  return s + r.text + r.docs;
}

function funcDef(name: string, body: Command, ind: string): string {
  if (body.t === 'group') return `${name} () \n${ind}{ \n${list(body.body, ind + IND)}\n${ind}}` + redirs(body.redirs).text;
  return `${name} () \n${ind}${command(body, ind)}`;
}

/** `type f` body text. */
export function printFunction(f: { name: string; body: Command }): string {
  return funcDef(f.name, f.body, '');
}

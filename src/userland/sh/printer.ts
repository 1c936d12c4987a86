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

// ---------- job texts: bash's make_command_string outside a function definition ----------
// (print_cmd.c with inside_function_def == 0: `;` lists stay on one line, groups are inline,
// if/while/for/case bodies go on indented lines.)
class JobPrinter {
  s = '';
  ind = 0;
  skip = 0;

  private indent(): void {
    if (this.skip) this.skip--;
    else this.s += ' '.repeat(this.ind);
  }

  private newline(t: string): void {
    this.s += '\n' + ' '.repeat(this.ind) + t;
  }

  private semicolon(): void {
    const last = this.s[this.s.length - 1];
    if (last !== '&' && last !== '\n') this.s += ';';
  }

  list(l: List): void {
    if (!l.items.length) return;
    l.items.forEach((it, i) => {
      if (i > 0) this.skip++;
      this.andOr(it.cmd);
      const more = i < l.items.length - 1;
      if (it.async) this.s += more ? ' & ' : ' &';
      else if (more) this.s += '; ';
    });
  }

  andOr(a: AndOr): void {
    this.pipeline(a.first);
    for (const r of a.rest) {
      this.s += ` ${r.op} `;
      this.skip++;
      this.pipeline(r.p);
    }
  }

  pipeline(p: Pipeline): void {
    this.indent();
    if (p.time) this.s += p.timePosix ? 'time -p ' : 'time ';
    if (p.bang) this.s += '! ';
    p.cmds.forEach((c, i) => {
      if (i > 0) this.s += ' | ';
      this.skip++;
      this.command(c);
    });
  }

  command(c: Command): void {
    this.indent();
    const I = IND.length;
    switch (c.t) {
      case 'simple': {
        const parts = [...c.assigns.map((a) => `${a.name}${a.append ? '+' : ''}=${a.value.text}`), ...c.words.map((w) => w.text)];
        this.s += parts.join(' ') + jobRedirs(c.redirs, parts.length > 0);
        return;
      }
      case 'group':
        this.s += '{ ';
        this.skip++;
        this.list(c.body);
        this.semicolon();
        this.s += ' }';
        break;
      case 'subshell':
        this.s += '( ';
        this.skip++;
        this.list(c.body);
        this.s += ' )';
        break;
      case 'if':
        c.clauses.forEach((cl, i) => {
          if (i > 0) {
            this.semicolon();
            this.newline('else\n');
            this.ind += I;
            this.s += ' '.repeat(this.ind);
          }
          this.s += 'if ';
          this.skip++;
          this.list(cl.cond);
          this.semicolon();
          this.s += ' then\n';
          this.ind += I;
          this.list(cl.body);
          this.ind -= I;
        });
        if (c.elseBody) {
          this.semicolon();
          this.newline('else\n');
          this.ind += I;
          this.list(c.elseBody);
          this.ind -= I;
        }
        for (let i = c.clauses.length - 1; i >= 0; i--) {
          this.semicolon();
          this.newline('fi');
          if (i > 0) this.ind -= I;
        }
        break;
      case 'while':
        this.s += c.until ? 'until ' : 'while ';
        this.skip++;
        this.list(c.cond);
        this.semicolon();
        this.s += ' do\n';
        this.ind += I;
        this.list(c.body);
        this.ind -= I;
        this.semicolon();
        this.newline('done');
        break;
      case 'for':
      case 'arithfor':
        this.s +=
          c.t === 'for'
            ? `for ${c.name}${c.items ? ' in ' + c.items.map((w) => w.text).join(' ') : ''};`
            : `for ((${c.init.trim()}; ${c.cond.trim()}; ${c.step.trim()}));`;
        this.newline('do\n');
        this.ind += I;
        this.list(c.body);
        this.semicolon();
        this.ind -= I;
        this.newline('done');
        break;
      case 'case':
        this.s += `case ${c.word.text} in `;
        this.ind += I;
        for (const it of c.items) {
          this.newline(it.patterns.map((p) => p.text).join(' | ') + ')\n');
          this.ind += I;
          this.list(it.body);
          this.ind -= I;
          this.newline(it.term);
        }
        this.ind -= I;
        this.newline('esac');
        break;
      case 'arith':
        this.s += `((${c.expr}))`;
        break;
      case 'cond':
        this.s += `[[ ${c.tokens.map((t) => t.op ?? t.w!.text).join(' ')} ]]`;
        break;
      case 'func':
        this.s += `${c.name} () \n`;
        this.s += printFunction({ name: c.name, body: c.body }).replace(/^[^\n]*\n/, '');
        return;
    }
    this.s += jobRedirs(c.redirs, true);
  }
}

function jobRedirs(rs: Redirect[], space: boolean): string {
  const t = redirs(rs).text;
  return space ? t : t.replace(/^ /, '');
}

/** The text bash shows for a job running `a` (`jobs`, "Done" lines). */
export function jobText(a: AndOr): string {
  const p = new JobPrinter();
  p.andOr(a);
  return p.s;
}

/** The text of one command (a process of a pipeline in `jobs -l`). */
export function commandText(c: Command): string {
  const p = new JobPrinter();
  p.command(c);
  return p.s;
}

/** The text of a pipeline run in the foreground (shown when it is stopped). */
export function pipelineText(pl: Pipeline): string {
  const p = new JobPrinter();
  p.pipeline(pl);
  return p.s;
}

// Lexer + recursive-descent parser for the bash language subset. Produces the AST of ast.ts.
// Incremental: with `final` false, input that is merely incomplete (open quote, `if` without
// `fi`, pending here-document) throws NeedMore so the caller can read another line (PS2).
import { rawByte } from '../lib/utf8';
import type {
  AndOr, Assign, CaseItem, Command, CondTok, List, ListItem, ParamPart, Pipeline, Redirect,
  SimpleCommand, Word, WordPart,
} from './ast';

export class NeedMore {
  readonly kind = 'needmore';
}

export class ParseError {
  readonly kind = 'parseerror';
  constructor(readonly msg: string, readonly line: number) {}
}

interface Tok {
  type: 'word' | 'op' | 'eof';
  op?: string;
  word?: Word;
  ionum?: number;
  start: number;
  end: number;
  line: number;
}

const OPS = [
  ';;&', ';;', ';&', ';', '&&', '&>>', '&>', '&', '||', '|&', '|', '<<<', '<<-', '<<', '<&', '<>',
  '<', '>>', '>&', '>|', '>', '(', ')', '\n',
];
const REDIR_OPS = new Set(['<', '>', '>>', '>|', '<>', '<&', '>&', '&>', '&>>', '<<', '<<-', '<<<']);
const META = ' \t\n;&|<>()';
const RESERVED = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', '{', '}',
  '!', 'in', 'function', 'time', '[[', ']]',
]);
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isName(s: string): boolean {
  return NAME_RE.test(s);
}

interface PendingHeredoc {
  redir: Redirect;
  delim: string;
  strip: boolean;
}

export class Parser {
  pos = 0;
  line: number;
  private peeked: Tok | undefined;
  private heredocs: PendingHeredoc[] = [];

  constructor(
    public src: string,
    readonly final: boolean,
    readonly firstLine = 1,
    /** interactive shells expand aliases in command position */
    readonly aliases?: Map<string, string>,
  ) {
    this.line = firstLine;
  }

  // ---------- errors ----------
  private eof(what?: string): never {
    if (!this.final) throw new NeedMore();
    if (what) {
      const body = this.src.endsWith('\n') ? this.src.slice(0, -1) : this.src;
      const last = this.firstLine + (body.match(/\n/g)?.length ?? 0);
      throw new ParseError(`unexpected EOF while looking for matching \`${what}'`, last);
    }
    throw new ParseError('syntax error: unexpected end of file', this.line + (this.src.endsWith('\n') ? 0 : 1));
  }

  private unexpected(t: Tok): never {
    if (t.type === 'eof') this.eof();
    const name = t.type === 'op' ? (t.op === '\n' ? 'newline' : t.op!) : t.word!.text;
    throw new ParseError(`syntax error near unexpected token \`${name}'`, t.line);
  }

  // ---------- characters ----------
  private ch(off = 0): string {
    return this.src[this.pos + off] ?? '';
  }

  private adv(n = 1): void {
    for (let i = 0; i < n; i++) {
      if (this.src[this.pos] === '\n') this.line++;
      this.pos++;
    }
  }

  private skipBlanks(): void {
    for (;;) {
      const c = this.ch();
      if (c === ' ' || c === '\t') this.adv();
      else if (c === '\\' && this.ch(1) === '\n') this.adv(2);
      else if (c === '#') {
        while (this.pos < this.src.length && this.ch() !== '\n') this.adv();
      } else break;
    }
  }

  // ---------- tokens ----------
  peek(): Tok {
    if (!this.peeked) this.peeked = this.lex();
    return this.peeked;
  }

  next(): Tok {
    const t = this.peek();
    this.peeked = undefined;
    if (t.type === 'op' && t.op === '\n' && this.heredocs.length > 0) this.readHeredocs();
    return t;
  }

  private lex(): Tok {
    this.skipBlanks();
    const start = this.pos;
    const line = this.line;
    if (this.pos >= this.src.length) return { type: 'eof', start, end: start, line };
    for (const op of OPS) {
      if (this.src.startsWith(op, this.pos)) {
        this.adv(op.length);
        return { type: 'op', op, start, end: this.pos, line };
      }
    }
    // IO number
    let j = this.pos;
    while (j < this.src.length && this.src[j]! >= '0' && this.src[j]! <= '9') j++;
    if (j > this.pos && (this.src[j] === '<' || this.src[j] === '>')) {
      const n = Number(this.src.slice(this.pos, j));
      this.adv(j - this.pos);
      return { type: 'word', ionum: n, start, end: this.pos, line, word: { parts: [], text: '' } };
    }
    const word = this.readWord();
    return { type: 'word', word, start, end: this.pos, line };
  }

  /** Reads an unquoted shell word up to a metacharacter. */
  private readWord(): Word {
    const start = this.pos;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = (): void => {
      if (lit) parts.push({ k: 'lit', v: lit });
      lit = '';
    };
    for (;;) {
      const c = this.ch();
      if (c === '' || META.includes(c)) {
        // array assignment a=( ... )
        if (c === '(' && parts.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*\+?=$/.test(lit)) {
          lit += this.readBalanced('(', ')');
          continue;
        }
        break;
      }
      if (c === '\\') {
        if (this.ch(1) === '\n') {
          this.adv(2);
          continue;
        }
        if (this.pos + 1 >= this.src.length) {
          if (!this.final) throw new NeedMore();
          lit += '\\';
          this.adv();
          continue;
        }
        flush();
        parts.push({ k: 'q', v: this.ch(1) });
        this.adv(2);
        continue;
      }
      if (c === "'") {
        flush();
        parts.push({ k: 'q', v: this.readSingle() });
        continue;
      }
      if (c === '"') {
        flush();
        this.adv();
        parts.push({ k: 'dq', parts: this.readDqParts('"') });
        continue;
      }
      if (c === '$' || c === '`') {
        const p = this.readDollar(false);
        if (p) {
          flush();
          parts.push(p);
          continue;
        }
        lit += c;
        this.adv();
        continue;
      }
      lit += c;
      this.adv();
    }
    flush();
    return { parts, text: this.src.slice(start, this.pos) };
  }

  private readSingle(): string {
    this.adv(); // '
    const end = this.src.indexOf("'", this.pos);
    if (end < 0) {
      this.pos = this.src.length;
      this.eof("'");
    }
    const v = this.src.slice(this.pos, end);
    this.adv(end - this.pos + 1);
    return v;
  }

  /** Text up to the matching close char, tracking nesting and quotes; returns it including delimiters. */
  private readBalanced(open: string, close: string): string {
    const start = this.pos;
    let depth = 0;
    for (;;) {
      const c = this.ch();
      if (c === '') this.eof(open);
      if (c === '\\') {
        this.adv(2);
        continue;
      }
      if (c === "'") {
        this.readSingle();
        continue;
      }
      if (c === '"') {
        this.adv();
        this.readDqParts('"');
        continue;
      }
      if (c === open) depth++;
      else if (c === close) {
        depth--;
        if (depth === 0) {
          this.adv();
          return this.src.slice(start, this.pos);
        }
      }
      this.adv();
    }
  }

  /** Parts of a double-quoted string, up to `term` (consumed). term '' = to end of input (here-doc). */
  readDqParts(term: string): WordPart[] {
    const parts: WordPart[] = [];
    let lit = '';
    const flush = (): void => {
      if (lit) parts.push({ k: 'lit', v: lit });
      lit = '';
    };
    for (;;) {
      const c = this.ch();
      if (c === '') {
        if (term === '') break;
        this.eof(term);
      }
      if (c === term) {
        this.adv();
        break;
      }
      if (c === '\\') {
        const d = this.ch(1);
        if (d === '\n') {
          this.adv(2);
          continue;
        }
        if (d === '$' || d === '`' || d === '\\' || (d === '"' && term === '"')) {
          lit += d;
          this.adv(2);
          continue;
        }
        lit += c;
        this.adv();
        continue;
      }
      if (c === '$' || c === '`') {
        const p = this.readDollar(true);
        if (p) {
          flush();
          parts.push(p);
          continue;
        }
      }
      lit += c;
      this.adv();
    }
    flush();
    return parts;
  }

  /** $..., `...`; returns undefined when the $ is literal. */
  private readDollar(inDq: boolean): WordPart | undefined {
    const c = this.ch();
    if (c === '`') {
      const line = this.line;
      this.adv();
      let s = '';
      for (;;) {
        const d = this.ch();
        if (d === '') this.eof('`');
        if (d === '`') {
          this.adv();
          break;
        }
        if (d === '\\' && (this.ch(1) === '$' || this.ch(1) === '`' || this.ch(1) === '\\')) {
          s += this.ch(1);
          this.adv(2);
          continue;
        }
        s += d;
        this.adv();
      }
      return { k: 'cmd', src: s, line };
    }
    const n = this.ch(1);
    if (n === "'" && !inDq) {
      this.adv();
      return { k: 'q', v: this.readAnsiC() };
    }
    if (n === '"' && !inDq) {
      this.adv(2);
      return { k: 'dq', parts: this.readDqParts('"') };
    }
    if (n === '(' && this.ch(2) === '(') {
      // $(( arith )) -- fall back to $( ( ...) ) if not closed by ))
      const save = this.pos;
      const saveLine = this.line;
      this.adv(3);
      const start = this.pos;
      let depth = 0;
      for (;;) {
        const d = this.ch();
        if (d === '') this.eof('(');
        if (d === '(') depth++;
        else if (d === ')') {
          if (depth === 0) {
            if (this.ch(1) === ')') {
              const src = this.src.slice(start, this.pos);
              this.adv(2);
              return { k: 'arith', src };
            }
            break;
          }
          depth--;
        }
        this.adv();
      }
      this.pos = save;
      this.line = saveLine;
    }
    if (n === '(') {
      const line = this.line;
      this.adv(1);
      const body = this.readCmdSubst();
      return { k: 'cmd', src: body, line };
    }
    if (n === '{') {
      return this.readBraceParam();
    }
    if (/[A-Za-z_]/.test(n)) {
      this.adv();
      let name = '';
      while (/[A-Za-z0-9_]/.test(this.ch())) {
        name += this.ch();
        this.adv();
      }
      return { k: 'param', name, op: '' };
    }
    if (/[0-9@*#?$!-]/.test(n) && n !== '') {
      this.adv(2);
      return { k: 'param', name: n, op: '' };
    }
    return undefined;
  }

  /** After `$`, at `(`: reads to the matching `)` with a nested parse; returns the inner text. */
  private readCmdSubst(): string {
    this.adv(); // (
    const start = this.pos;
    const sub = new Parser(this.src, this.final, this.line);
    sub.pos = this.pos;
    sub.parseCompoundList([], true);
    const t = sub.next();
    if (t.type === 'eof') this.eof('(');
    if (t.type !== 'op' || t.op !== ')') sub.unexpected(t);
    const inner = this.src.slice(start, t.start);
    while (this.pos < t.end) this.adv();
    return inner;
  }

  private readAnsiC(): string {
    this.adv(); // '
    let s = '';
    for (;;) {
      const c = this.ch();
      if (c === '') this.eof("'");
      if (c === "'") {
        this.adv();
        return s;
      }
      if (c !== '\\') {
        s += c;
        this.adv();
        continue;
      }
      const d = this.ch(1);
      this.adv(2);
      const simple: Record<string, string> = {
        n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v',
        '\\': '\\', "'": "'", '"': '"', '?': '?',
      };
      if (d in simple) s += simple[d];
      else if (d >= '0' && d <= '7') {
        let v = d;
        while (v.length < 3 && this.ch() >= '0' && this.ch() <= '7') {
          v += this.ch();
          this.adv();
        }
        s += rawByte(parseInt(v, 8) & 0xff);
      } else if (d === 'x') {
        let v = '';
        while (v.length < 2 && /[0-9a-fA-F]/.test(this.ch())) {
          v += this.ch();
          this.adv();
        }
        s += v ? rawByte(parseInt(v, 16)) : '\\x';
      } else if (d === 'u' || d === 'U') {
        let v = '';
        while (v.length < (d === 'u' ? 4 : 8) && /[0-9a-fA-F]/.test(this.ch())) {
          v += this.ch();
          this.adv();
        }
        const cp = parseInt(v || '0', 16);
        s += v && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\\' + d;
      } else if (d === 'c') {
        const e = this.ch();
        this.adv();
        s += String.fromCharCode(e.toUpperCase().charCodeAt(0) ^ 0x40);
      } else s += '\\' + d;
    }
  }

  private readBraceParam(): ParamPart {
    const start = this.pos;
    this.adv(2); // ${
    const p: ParamPart = { k: 'param', name: '', op: '' };
    const bad = (): ParamPart => {
      // skip to the closing brace; report at expansion time
      let depth = 1;
      for (;;) {
        const c = this.ch();
        if (c === '') this.eof('}');
        if (c === '{') depth++;
        if (c === '}' && --depth === 0) break;
        this.adv();
      }
      this.adv();
      return { k: 'param', name: this.src.slice(start, this.pos), op: 'bad' };
    };
    if (this.ch() === '#' && this.ch(1) !== '}') {
      // ${#name}: length (but ${#} is $#, ${#-x} etc. are $# with op)
      const save = this.pos;
      this.adv();
      const nm = this.readParamName();
      if (nm && this.ch() === '}') {
        p.name = nm;
        p.op = 'len';
        this.adv();
        return p;
      }
      if (nm && this.ch() === '[') {
        p.name = nm;
        p.index = this.readIndex();
        if (this.ch() !== '}') return bad();
        p.op = 'len';
        this.adv();
        return p;
      }
      this.pos = save;
    }
    if (this.ch() === '!' && this.ch(1) !== '}') {
      p.bang = true;
      this.adv();
    }
    p.name = this.readParamName();
    if (!p.name) return bad();
    if (this.ch() === '[') p.index = this.readIndex();
    const c = this.ch();
    if (c === '}') {
      this.adv();
      return p;
    }
    if (c === '') this.eof('}');
    if (c === ':' && '-=+?'.includes(this.ch(1)) && this.ch(1) !== '') {
      p.colon = true;
      p.op = this.ch(1);
      this.adv(2);
    } else if (c === ':') {
      p.op = ':';
      this.adv();
      p.arg = this.readParamWord(':}');
      if (this.ch() === ':') {
        this.adv();
        p.arg2 = this.readParamWord('}');
      }
      this.adv();
      return p;
    } else if ('-=+?'.includes(c)) {
      p.op = c;
      this.adv();
    } else if (c === '#' || c === '%' || c === '^' || c === ',') {
      p.op = this.ch(1) === c ? c + c : c;
      this.adv(p.op.length);
    } else if (c === '/') {
      this.adv();
      p.op = '/';
      if (this.ch() === '/' || this.ch() === '#' || this.ch() === '%') {
        p.op += this.ch();
        this.adv();
      }
      p.arg = this.readParamWord('/}');
      if (this.ch() === '/') {
        this.adv();
        p.arg2 = this.readParamWord('}');
      }
      this.adv();
      return p;
    } else return bad();
    p.arg = this.readParamWord('}');
    this.adv();
    return p;
  }

  private readParamName(): string {
    const c = this.ch();
    if (/[A-Za-z_]/.test(c)) {
      let n = '';
      while (/[A-Za-z0-9_]/.test(this.ch())) {
        n += this.ch();
        this.adv();
      }
      return n;
    }
    if (/[0-9]/.test(c)) {
      let n = '';
      while (/[0-9]/.test(this.ch())) {
        n += this.ch();
        this.adv();
      }
      return n;
    }
    if (c !== '' && '@*#?$!-'.includes(c)) {
      this.adv();
      return c;
    }
    return '';
  }

  private readIndex(): Word {
    this.adv(); // [
    const w = this.readParamWord(']');
    this.adv();
    return w;
  }

  /** A word inside ${...} up to one of `stops` (not consumed); quotes and expansions allowed. */
  private readParamWord(stops: string): Word {
    const start = this.pos;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = (): void => {
      if (lit) parts.push({ k: 'lit', v: lit });
      lit = '';
    };
    let depth = 0;
    for (;;) {
      const c = this.ch();
      if (c === '') this.eof('}');
      if (depth === 0 && stops.includes(c)) break;
      if (c === '{') depth++;
      if (c === '}') depth--;
      if (c === '\\') {
        flush();
        parts.push({ k: 'q', v: this.ch(1) });
        this.adv(2);
        continue;
      }
      if (c === "'") {
        flush();
        parts.push({ k: 'q', v: this.readSingle() });
        continue;
      }
      if (c === '"') {
        flush();
        this.adv();
        parts.push({ k: 'dq', parts: this.readDqParts('"') });
        continue;
      }
      if (c === '$' || c === '`') {
        const p = this.readDollar(false);
        if (p) {
          flush();
          parts.push(p);
          continue;
        }
      }
      lit += c;
      this.adv();
    }
    flush();
    return { parts, text: this.src.slice(start, this.pos) };
  }

  private readHeredocs(): void {
    const docs = this.heredocs;
    this.heredocs = [];
    for (const h of docs) {
      let body = '';
      for (;;) {
        if (this.pos >= this.src.length) {
          if (!this.final) throw new NeedMore();
          h.redir.heredoc!.body = body;
          warnings.push({ line: this.src.endsWith('\n') ? this.line - 1 : this.line, delim: h.delim });
          break;
        }
        let nl = this.src.indexOf('\n', this.pos);
        const complete = nl >= 0;
        if (nl < 0) nl = this.src.length;
        let l = this.src.slice(this.pos, nl);
        if (!complete && !this.final) throw new NeedMore();
        this.adv(nl - this.pos + (complete ? 1 : 0));
        if (h.strip) l = l.replace(/^\t+/, '');
        if (l === h.delim) break;
        body += l + '\n';
      }
      h.redir.heredoc!.body = body;
    }
  }

  // ---------- grammar ----------
  private isOp(t: Tok, ...ops: string[]): boolean {
    return t.type === 'op' && ops.includes(t.op!);
  }

  private isReserved(t: Tok, ...words: string[]): boolean {
    if (t.type !== 'word' || t.ionum !== undefined) return false;
    const w = t.word!;
    if (w.parts.length !== 1 || w.parts[0]!.k !== 'lit') return false;
    const v = (w.parts[0] as { v: string }).v;
    return words.length ? words.includes(v) : RESERVED.has(v);
  }

  private skipNewlines(): void {
    while (this.isOp(this.peek(), '\n')) this.next();
  }

  /**
   * Parses the next complete command (a list ended by a newline or EOF). Returns null at EOF.
   */
  parseComplete(): List | null {
    this.skipNewlines();
    if (this.peek().type === 'eof') return null;
    const items: ListItem[] = [];
    for (;;) {
      const start = this.peek().start;
      const ao = this.parseAndOr();
      const t = this.peek();
      const text = this.src.slice(start, t.start).trim();
      if (this.isOp(t, ';', '&')) {
        this.next();
        items.push({ cmd: ao, async: t.op === '&', text });
        const n = this.peek();
        if (n.type === 'eof' || this.isOp(n, '\n')) break;
        continue;
      }
      items.push({ cmd: ao, async: false, text });
      if (t.type === 'eof' || this.isOp(t, '\n')) break;
      this.unexpected(t);
    }
    const t = this.peek();
    if (this.isOp(t, '\n')) this.next();
    else if (this.heredocs.length > 0) {
      if (!this.final) throw new NeedMore();
      this.readHeredocs();
    }
    return { items };
  }

  /** compound_list: until a terminator reserved word, `)` or `;;`-like token (not consumed). */
  parseCompoundList(ends: string[], inParen = false): List {
    const items: ListItem[] = [];
    this.skipNewlines();
    for (;;) {
      const t = this.peek();
      if (t.type === 'eof') {
        if (inParen) return { items };
        this.eof();
      }
      // no end words (a subshell's list): a reserved word starts a command, it ends nothing
      const atEnd = (x: Tok) => (ends.length > 0 && this.isReserved(x, ...ends)) || this.isOp(x, ')', ';;', ';&', ';;&');
      if (atEnd(t)) {
        if (items.length === 0 && !(inParen && this.isOp(t, ')'))) this.unexpected(t);
        return { items };
      }
      const start = t.start;
      const ao = this.parseAndOr();
      const n = this.peek();
      const text = this.src.slice(start, n.start).trim();
      if (this.isOp(n, ';', '&', '\n')) {
        this.next();
        items.push({ cmd: ao, async: n.op === '&', text });
        this.skipNewlines();
        continue;
      }
      items.push({ cmd: ao, async: false, text });
      if (n.type === 'eof' && !inParen) this.eof();
      if (n.type === 'eof' || atEnd(n)) continue;
      this.unexpected(n);
    }
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, '&&', '||')) break;
      this.next();
      this.skipNewlines();
      rest.push({ op: t.op as '&&' | '||', p: this.parsePipeline() });
    }
    return { first, rest };
  }

  private parsePipeline(): Pipeline {
    let bang = false;
    let time = false;
    const start = this.peek().start;
    let timePosix = false;
    if (this.isReserved(this.peek(), 'time')) {
      this.next();
      time = true;
      if (this.isReserved(this.peek(), '-p')) {
        this.next();
        timePosix = true;
      }
      // `time` alone times the null command
      const n = this.peek();
      if (n.type === 'eof' || this.isOp(n, '\n', ';', '&', '&&', '||', ')', ';;', ';&', ';;&')) {
        return { cmds: [], bang, time, timePosix, text: this.src.slice(start, n.start).trim() };
      }
    }
    while (this.isReserved(this.peek(), '!')) {
      this.next();
      bang = !bang;
    }
    const cmds: Command[] = [this.parseCommand()];
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, '|', '|&')) break;
      this.next();
      if (t.op === '|&') {
        const last = cmds[cmds.length - 1]!;
        const r: Redirect = { fd: 2, op: '>&', target: { parts: [{ k: 'lit', v: '1' }], text: '1' } };
        if (last.t !== 'func') last.redirs.push(r);
      }
      this.skipNewlines();
      cmds.push(this.parseCommand());
    }
    const text = this.src.slice(start, this.peek().start).trim();
    return { cmds, bang, time, timePosix, text };
  }

  private parseRedirect(t: Tok, out: Redirect[]): boolean {
    let fd: number | undefined;
    let opTok = t;
    if (t.type === 'word' && t.ionum !== undefined) {
      fd = t.ionum;
      this.next();
      opTok = this.peek();
      if (!(opTok.type === 'op' && REDIR_OPS.has(opTok.op!))) this.unexpected(opTok);
    } else if (!(t.type === 'op' && REDIR_OPS.has(t.op!))) return false;
    this.next();
    const w = this.peek();
    if (w.type !== 'word' || w.ionum !== undefined) {
      if (w.type === 'word') {
        // "2>1>x" style: treat digits as a word
        this.next();
        const text = this.src.slice(w.start, w.end);
        out.push({ fd, op: opTok.op!, target: { parts: [{ k: 'lit', v: text }], text } });
        return true;
      }
      if (w.type === 'eof') throw new ParseError("syntax error near unexpected token `newline'", w.line);
      this.unexpected(w);
    }
    this.next();
    const r: Redirect = { fd, op: opTok.op!, target: w.word! };
    if (opTok.op === '<<' || opTok.op === '<<-') {
      const quoted = w.word!.parts.some((p) => p.k !== 'lit');
      const delim = wordLiteral(w.word!);
      r.heredoc = { body: '', quoted };
      this.heredocs.push({ redir: r, delim, strip: opTok.op === '<<-' });
    }
    out.push(r);
    return true;
  }

  private parseRedirs(out: Redirect[]): Redirect[] {
    while (this.parseRedirect(this.peek(), out)) {
      /* more */
    }
    return out;
  }

  private expectReserved(w: string): void {
    const t = this.peek();
    if (!this.isReserved(t, w)) this.unexpected(t);
    this.next();
  }

  private expandAliases(): void {
    if (!this.aliases?.size) return;
    const used = new Set<string>();
    for (;;) {
      const t = this.peek();
      if (t.type !== 'word' || t.ionum !== undefined) return;
      const w = t.word!;
      if (w.parts.length !== 1 || w.parts[0]!.k !== 'lit') return;
      const val = this.aliases.get(w.text);
      if (val === undefined || used.has(w.text)) return;
      used.add(w.text);
      this.src = this.src.slice(0, t.start) + val + this.src.slice(t.end);
      this.pos = t.start;
      this.line = t.line;
      this.peeked = undefined;
    }
  }

  private parseCommand(): Command {
    this.expandAliases();
    const t = this.peek();
    if (t.type === 'eof') this.eof();
    if (this.isOp(t, '(')) {
      this.next();
      // (( arith ))
      if (this.src[t.end] === '(') {
        const save = this.pos;
        const saveLine = this.line;
        const r = this.tryArithCommand(t);
        if (r) return r;
        this.pos = save;
        this.line = saveLine;
        this.peeked = undefined;
      }
      const body = this.parseCompoundList([], true);
      const c = this.next();
      if (!this.isOp(c, ')')) this.unexpected(c);
      return { t: 'subshell', body, redirs: this.parseRedirs([]) };
    }
    if (t.type === 'op' && !REDIR_OPS.has(t.op!)) this.unexpected(t);
    if (this.isReserved(t)) {
      const w = (t.word!.parts[0] as { v: string }).v;
      switch (w) {
        case '{': {
          this.next();
          const body = this.parseCompoundList(['}']);
          this.expectReserved('}');
          return { t: 'group', body, redirs: this.parseRedirs([]) };
        }
        case 'if':
          return this.parseIf();
        case 'while':
        case 'until': {
          this.next();
          const cond = this.parseCompoundList(['do']);
          this.expectReserved('do');
          const body = this.parseCompoundList(['done']);
          this.expectReserved('done');
          return { t: 'while', until: w === 'until', cond, body, redirs: this.parseRedirs([]) };
        }
        case 'for':
          return this.parseFor();
        case 'case':
          return this.parseCase();
        case 'function': {
          this.next();
          const n = this.next();
          if (n.type !== 'word' || n.ionum !== undefined) this.unexpected(n);
          const name = n.word!.text;
          if (this.isOp(this.peek(), '(')) {
            this.next();
            const c = this.next();
            if (!this.isOp(c, ')')) this.unexpected(c);
          }
          return this.parseFuncBody(name, t.start);
        }
        case '[[':
          return this.parseCond();
        case 'then': case 'else': case 'elif': case 'fi': case 'do': case 'done': case 'esac':
        case '}': case 'in': case ']]':
          this.unexpected(t);
          break;
        default:
          break; // '!' / 'time' handled by pipeline
      }
    }
    return this.parseSimple();
  }

  private tryArithCommand(t: Tok): Command | undefined {
    // we are just past the first '('; src[pos] is the second '('
    let depth = 0;
    const start = this.pos + 1;
    let i = start;
    for (; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) break;
        depth--;
      }
    }
    if (i >= this.src.length) {
      if (!this.final) throw new NeedMore();
      return undefined;
    }
    if (this.src[i + 1] !== ')') return undefined;
    const expr = this.src.slice(start, i);
    while (this.pos < i + 2) this.adv();
    this.peeked = undefined;
    return { t: 'arith', expr, redirs: this.parseRedirs([]), line: t.line };
  }

  private parseFuncBody(name: string, start: number): Command {
    this.skipNewlines();
    const b = this.peek();
    if (!(this.isReserved(b, '{', 'if', 'while', 'until', 'for', 'case', '[[') || this.isOp(b, '('))) this.unexpected(b);
    const body = this.parseCommand();
    return { t: 'func', name, body, src: this.src.slice(start, this.peek().start).trim() };
  }

  private parseIf(): Command {
    this.next();
    const clauses: { cond: List; body: List }[] = [];
    let elseBody: List | undefined;
    for (;;) {
      const cond = this.parseCompoundList(['then']);
      this.expectReserved('then');
      const body = this.parseCompoundList(['elif', 'else', 'fi']);
      clauses.push({ cond, body });
      const t = this.next();
      if (this.isReserved(t, 'elif')) continue;
      if (this.isReserved(t, 'else')) {
        elseBody = this.parseCompoundList(['fi']);
        this.expectReserved('fi');
      }
      break;
    }
    return { t: 'if', clauses, elseBody, redirs: this.parseRedirs([]) };
  }

  private parseFor(): Command {
    const ft = this.next();
    if (this.isOp(this.peek(), '(') && this.src[this.peek().end] === '(') {
      const p = this.peek();
      // for (( init; cond; step ))
      let i = p.end + 1;
      let depth = 0;
      for (; i < this.src.length; i++) {
        const c = this.src[i];
        if (c === '(') depth++;
        else if (c === ')') {
          if (depth === 0 && this.src[i + 1] === ')') break;
          depth--;
        }
      }
      if (i >= this.src.length) this.eof();
      const inner = this.src.slice(p.end + 1, i);
      while (this.pos < i + 2) this.adv();
      this.peeked = undefined;
      const segs = inner.split(';');
      if (segs.length !== 3) throw new ParseError('syntax error: arithmetic expression required', ft.line);
      if (this.isOp(this.peek(), ';')) this.next();
      this.skipNewlines();
      const body = this.parseDoGroup();
      return {
        t: 'arithfor', init: segs[0]!, cond: segs[1]!, step: segs[2]!, body, redirs: this.parseRedirs([]),
      };
    }
    const n = this.next();
    if (n.type !== 'word' || n.ionum !== undefined) this.unexpected(n);
    const name = n.word!.text;
    if (!isName(name)) throw new ParseError(`\`${name}': not a valid identifier`, n.line);
    let items: Word[] | undefined;
    this.skipNewlines();
    if (this.isReserved(this.peek(), 'in')) {
      this.next();
      items = [];
      for (;;) {
        const t = this.peek();
        if (t.type === 'word' && t.ionum === undefined) {
          this.next();
          items.push(t.word!);
          continue;
        }
        if (this.isOp(t, ';', '\n')) {
          this.next();
          break;
        }
        this.unexpected(t);
      }
    } else if (this.isOp(this.peek(), ';')) this.next();
    this.skipNewlines();
    const body = this.parseDoGroup();
    return { t: 'for', name, items, body, redirs: this.parseRedirs([]) };
  }

  private parseDoGroup(): List {
    const t = this.peek();
    if (this.isReserved(t, '{')) {
      this.next();
      const b = this.parseCompoundList(['}']);
      this.expectReserved('}');
      return b;
    }
    this.expectReserved('do');
    const body = this.parseCompoundList(['done']);
    this.expectReserved('done');
    return body;
  }

  private parseCase(): Command {
    this.next();
    const w = this.next();
    if (w.type !== 'word' || w.ionum !== undefined) this.unexpected(w);
    this.skipNewlines();
    this.expectReserved('in');
    const items: CaseItem[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (this.isReserved(t, 'esac')) {
        this.next();
        break;
      }
      if (t.type === 'eof') this.eof();
      if (this.isOp(t, '(')) this.next();
      const patterns: Word[] = [];
      for (;;) {
        const p = this.next();
        if (p.type !== 'word' || p.ionum !== undefined) this.unexpected(p);
        patterns.push(p.word!);
        const s = this.next();
        if (this.isOp(s, '|')) continue;
        if (this.isOp(s, ')')) break;
        this.unexpected(s);
      }
      this.skipNewlines();
      let body: List = { items: [] };
      const n = this.peek();
      if (!this.isOp(n, ';;', ';&', ';;&') && !this.isReserved(n, 'esac')) body = this.parseCompoundList(['esac']);
      const e = this.peek();
      let term: CaseItem['term'] = ';;';
      if (this.isOp(e, ';;', ';&', ';;&')) {
        this.next();
        term = e.op as CaseItem['term'];
      } else if (!this.isReserved(e, 'esac')) this.unexpected(e);
      items.push({ patterns, body, term });
    }
    return { t: 'case', word: w.word!, items, redirs: this.parseRedirs([]) };
  }

  private parseCond(): Command {
    const t = this.next(); // [[
    const tokens: CondTok[] = [];
    for (;;) {
      this.skipBlanksNl();
      const n = this.peek();
      if (n.type === 'eof') this.eof();
      if (this.isReserved(n, ']]')) {
        this.next();
        break;
      }
      if (n.type === 'op') {
        if (n.op === '\n') {
          this.next();
          continue;
        }
        if (['&&', '||', '(', ')', '<', '>'].includes(n.op!)) {
          this.next();
          tokens.push({ op: n.op });
          continue;
        }
        this.unexpected(n);
      }
      this.next();
      if (n.ionum !== undefined) {
        tokens.push({ w: { parts: [{ k: 'lit', v: String(n.ionum) }], text: String(n.ionum) } });
        continue;
      }
      // =~ right side: read raw up to whitespace, allowing ( ) | in the regex
      const prev = tokens[tokens.length - 1];
      if (prev?.w?.text === '=~') {
        this.pos = n.start;
        this.line = n.line;
        tokens.push({ w: this.readRegexWord() });
        continue;
      }
      if (n.word!.text === '!' && n.word!.parts.length === 1) tokens.push({ op: '!' });
      else tokens.push({ w: n.word });
    }
    return { t: 'cond', tokens, redirs: this.parseRedirs([]), line: t.line };
  }

  private skipBlanksNl(): void {
    /* newlines inside [[ ]] are tokens we skip in the loop */
  }

  private readRegexWord(): Word {
    const start = this.pos;
    const parts: WordPart[] = [];
    let depth = 0;
    let lit = '';
    for (;;) {
      const c = this.ch();
      if (c === '' || ((c === ' ' || c === '\t' || c === '\n') && depth === 0)) break;
      if (c === '(') depth++;
      if (c === ')') depth--;
      if (c === "'" || c === '"' || c === '\\' || c === '$') {
        if (lit) parts.push({ k: 'lit', v: lit });
        lit = '';
        if (c === "'") parts.push({ k: 'q', v: this.readSingle() });
        else if (c === '"') {
          this.adv();
          parts.push({ k: 'dq', parts: this.readDqParts('"') });
        } else if (c === '\\') {
          parts.push({ k: 'q', v: this.ch(1) });
          this.adv(2);
        } else {
          const p = this.readDollar(false);
          if (p) parts.push(p);
          else {
            lit += '$';
            this.adv();
          }
        }
        continue;
      }
      lit += c;
      this.adv();
    }
    if (lit) parts.push({ k: 'lit', v: lit });
    this.peeked = undefined;
    return { parts, text: this.src.slice(start, this.pos) };
  }

  private parseSimple(): Command {
    const first = this.peek();
    const cmd: SimpleCommand = { t: 'simple', assigns: [], words: [], redirs: [], line: first.line };
    for (;;) {
      const t = this.peek();
      if (this.parseRedirect(t, cmd.redirs)) continue;
      if (t.type !== 'word') break;
      if (cmd.words.length === 0) {
        const a = asAssignment(t.word!);
        if (a) {
          this.next();
          cmd.assigns.push(a);
          continue;
        }
      }
      this.next();
      cmd.words.push(t.word!);
      // function definition: name ( )
      if (cmd.words.length === 1 && cmd.assigns.length === 0 && cmd.redirs.length === 0 && this.isOp(this.peek(), '(')) {
        const p = this.peek();
        this.next();
        const c = this.next();
        if (!this.isOp(c, ')')) this.unexpected(c);
        void p;
        return this.parseFuncBody(t.word!.text, t.start);
      }
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirs.length === 0) this.unexpected(this.peek());
    return cmd;
  }
}

/** Here-doc end-of-file warnings collected during the last parse (line, delimiter). */
export const warnings: { line: number; delim: string }[] = [];

/** The word's text with quotes removed (for here-doc delimiters). */
export function wordLiteral(w: Word): string {
  let s = '';
  const walk = (parts: WordPart[]): void => {
    for (const p of parts) {
      if (p.k === 'lit' || p.k === 'q') s += p.v;
      else if (p.k === 'dq') walk(p.parts);
      else s += '$';
    }
  };
  walk(w.parts);
  return w.parts.every((p) => p.k === 'lit') ? w.text : s;
}

function asAssignment(w: Word): Assign | undefined {
  const p0 = w.parts[0];
  if (!p0 || p0.k !== 'lit') return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(p0.v);
  if (!m) return undefined;
  const rest = p0.v.slice(m[0].length);
  const parts: WordPart[] = rest ? [{ k: 'lit', v: rest }, ...w.parts.slice(1)] : w.parts.slice(1);
  const valueText = w.text.slice(m[0].length);
  const a: Assign = { name: m[1]!, value: { parts, text: valueText }, append: m[2] === '+' };
  if (rest.startsWith('(') && w.parts.length === 1 && rest.endsWith(')')) {
    // array literal: parse the inside as words
    const inner = new Parser(rest.slice(1, -1), true);
    const words: Word[] = [];
    for (;;) {
      const t = inner.next();
      if (t.type === 'eof') break;
      if (t.type === 'word' && t.word) words.push(t.word);
    }
    a.array = words;
  }
  return a;
}

/** Parse everything in `src` (used for -c strings, eval, sourced files, command substitutions). */
export function parseAll(src: string, firstLine = 1): List[] {
  const p = new Parser(src, true, firstLine);
  const out: List[] = [];
  for (;;) {
    const l = p.parseComplete();
    if (!l) break;
    out.push(l);
  }
  return out;
}

/** Parses an unquoted here-doc body: $ expansions, `...`, and \ before $ ` \ newline. */
export function parseHeredocBody(body: string): WordPart[] {
  const p = new Parser(body, true);
  return p.readDqParts('');
}

/** Parses a string as the inside of double quotes (for PS1 etc. and ${x:-"..."}). */
export function parseWordText(src: string): Word {
  const p = new Parser(src, true);
  return { parts: p.readDqParts(''), text: src };
}

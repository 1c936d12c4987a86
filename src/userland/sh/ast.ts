// AST of the shell language (bash subset). Words keep their structure (quotes, expansions) so
// that expansion knows which characters were quoted, and their raw source text for messages.

export type WordPart =
  | { k: 'lit'; v: string } // literal text (quoted if inside a dq part)
  | { k: 'q'; v: string } // quoted literal: '...', \c, $'...'
  | { k: 'dq'; parts: WordPart[] } // "..."
  | ParamPart
  | { k: 'cmd'; src: string; line: number } // $(...) or `...`
  | { k: 'arith'; src: string }; // $((...))

export interface ParamPart {
  k: 'param';
  name: string; // VAR, 1, @, *, #, ?, $, !, -, 0; for arrays "a" with index
  index?: Word; // ${a[i]}
  /** '' plain; '-' '=' '+' '?' (with colon flag); '#' '##' '%' '%%'; 'len'; '/' '//' '/#' '/%'; '^' '^^' ',' ',,' ; ':' substring */
  op: string;
  colon?: boolean;
  arg?: Word;
  arg2?: Word; // replacement for /, length for substring
  bang?: boolean; // ${!name} indirection
}

export interface Word {
  parts: WordPart[];
  text: string;
}

export interface Redirect {
  fd: number | undefined; // explicit fd number
  op: string; // < > >> >| <> <& >& &> &>> << <<- <<<
  target: Word;
  heredoc?: { body: string; quoted: boolean; parts?: WordPart[] };
}

export interface Assign {
  name: string;
  value: Word;
  append: boolean;
  array?: Word[]; // a=(x y)
}

export type Command =
  | SimpleCommand
  | { t: 'group'; body: List; redirs: Redirect[] }
  | { t: 'subshell'; body: List; redirs: Redirect[] }
  | { t: 'if'; clauses: { cond: List; body: List }[]; elseBody?: List; redirs: Redirect[] }
  | { t: 'while'; until: boolean; cond: List; body: List; redirs: Redirect[] }
  | { t: 'for'; name: string; items?: Word[]; body: List; redirs: Redirect[] }
  | { t: 'arithfor'; init: string; cond: string; step: string; body: List; redirs: Redirect[] }
  | { t: 'case'; word: Word; items: CaseItem[]; redirs: Redirect[] }
  | { t: 'func'; name: string; body: Command; src: string }
  | { t: 'arith'; expr: string; redirs: Redirect[]; line: number }
  | { t: 'cond'; tokens: CondTok[]; redirs: Redirect[]; line: number };

export interface CondTok {
  op?: string; // && || ! ( ) < > (operators inside [[ ]])
  w?: Word;
}

export interface CaseItem {
  patterns: Word[];
  body: List;
  term: ';;' | ';&' | ';;&';
}

export interface SimpleCommand {
  t: 'simple';
  assigns: Assign[];
  words: Word[];
  redirs: Redirect[];
  line: number;
}

export interface Pipeline {
  cmds: Command[];
  bang: boolean;
  time: boolean;
  /** `time -p` */
  timePosix?: boolean;
  text: string; // source text, for job listings
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; p: Pipeline }[];
}

export interface ListItem {
  cmd: AndOr;
  async: boolean;
  text: string;
}

export interface List {
  items: ListItem[];
}

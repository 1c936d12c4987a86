// bash/sh entry point: invocation options, startup files, and the read-parse-execute loop.
// `sh` is this same program: we model /bin/sh as bash in POSIX mode (messages say "sh:"), although
// Debian's real /bin/sh is dash.
import type { Sys, Program, SysReq } from '../../kernel/syscall';
import { O_RDONLY, TCGETS, TIOCSPGRP, O_CLOEXEC, SIGTTOU, EINTR } from '../../kernel/syscall';
import { readAll } from '../lib/io';
import { writeAll } from './rawio';
import { streamDecoder } from '../lib/text';
import { Shell, ExitSignal, TopLevel, ReturnSignal, LoopSignal, TTY_FD, type SyntaxKind } from './shell';
import { Parser, NeedMore, ParseError, warnings, parseWordText } from './parser';
import type { List } from './ast';
import { LineEditor } from './lineedit';
import { expandPrompt } from './prompt';
import { historyExpand } from './history';
import { ExpandError } from './expand';

const VERSION = `GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>

This is free software; you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.
`;

function usageBody(name: string): string {
  return `Usage:\t${name} [GNU long option] [option] ...
\t${name} [GNU long option] [option] script-file ...
GNU long options:
\t--debug
\t--debugger
\t--dump-po-strings
\t--dump-strings
\t--help
\t--init-file
\t--login
\t--noediting
\t--noprofile
\t--norc
\t--posix
\t--pretty-print
\t--rcfile
\t--restricted
\t--verbose
\t--version
Shell options:
\t-ilrsD or -c command or -O shopt_option\t\t(invocation only)
\t-abefhkmnptuvxBCEHPT or -o option
`;
}

/** --help: the usage with bash's header and footer. */
function usageText(name: string): string {
  return `GNU bash, version 5.2.15(1)-release-(x86_64-pc-linux-gnu)
${usageBody(name)}Type \`${name} -c "help set"' for more information about shell options.
Type \`${name} -c help' for more information about shell builtin commands.
Use the \`bashbug' command to report bugs.

bash home page: <http://www.gnu.org/software/bash>
General help using GNU software: <http://www.gnu.org/gethelp/>
`;
}

/** Line source for the REPL. */
interface Input {
  atEnd?: () => boolean;
  next(ps: string | undefined): Generator<SysReq, string | null | { intr: true }, unknown>;
}

export function makeShellMain(progName: string) {
  return function* shellMain(sys: Sys, argv: string[], envp: string[]): Program {
    const sh = new Shell(sys);
    // bash names itself after argv[0] as given: "-bash: foo: command not found" on a login shell
    sh.progName = argv[0] || progName;
    sh.name = sh.progName;
    if (argv[0]?.startsWith('-')) sh.login = true;
    let cmdString: string | undefined;
    let forceInteractive = false;
    let readStdin = false;
    let noRc = false;
    let noProfile = false;
    const args = argv.slice(1);
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') {
        i++;
        break;
      }
      if (a.startsWith('--')) {
        switch (a) {
          case '--version':
            yield* writeAll(sys, 1, VERSION);
            return 0;
          case '--help':
            yield* writeAll(sys, 1, usageText(sh.progName));
            return 0;
          case '--login':
            sh.login = true;
            continue;
          case '--norc':
            noRc = true;
            continue;
          case '--noprofile':
            noProfile = true;
            continue;
          case '--posix':
            sh.opts.posix = true;
            continue;
          case '--noediting':
          case '--verbose':
            continue;
          default:
            yield* writeAll(sys, 2, `${sh.progName}: ${a}: invalid option\n` + usageBody(sh.progName));
            return 2;
        }
      }
      if ((a[0] === '-' || a[0] === '+') && a.length > 1) {
        const on = a[0] === '-';
        for (let j = 1; j < a.length; j++) {
          const c = a[j]!;
          switch (c) {
            case 'c': cmdString = ''; break;
            case 'i': forceInteractive = true; break;
            case 'l': sh.login = true; break;
            case 's': readStdin = true; break;
            case 'e': sh.opts.errexit = on; break;
            case 'x': sh.opts.xtrace = on; break;
            case 'u': sh.opts.nounset = on; break;
            case 'f': sh.opts.noglob = on; break;
            case 'v': sh.opts.verbose = on; break;
            case 'n': sh.opts.noexec = on; break;
            case 'm': sh.opts.monitor = on; break;
            case 'a': sh.opts.allexport = on; break;
            case 'C': sh.opts.noclobber = on; break;
            case 'h': case 'B': case 'H': case 'p': case 'r': case 'D': case 'b': case 'E': case 'T': case 'P': case 'k': case 't':
              break;
            case 'o': {
              const name = args[++i];
              if (name === 'pipefail') sh.opts.pipefail = on;
              else if (name === 'errexit') sh.opts.errexit = on;
              else if (name === 'nounset') sh.opts.nounset = on;
              else if (name === 'xtrace') sh.opts.xtrace = on;
              else if (name === 'posix') sh.opts.posix = on;
              break;
            }
            default:
              yield* writeAll(sys, 2, `${sh.progName}: -${c}: invalid option\n` + usageBody(sh.progName));
              return 2;
          }
        }
        continue;
      }
      break;
    }
    const rest = args.slice(i);
    let scriptPath: string | undefined;
    if (cmdString !== undefined) {
      if (rest.length === 0) {
        yield* writeAll(sys, 2, `${sh.progName}: -c: option requires an argument\n`);
        return 2;
      }
      cmdString = rest[0]!;
      if (rest.length > 1) sh.name = rest[1]!;
      sh.positional = rest.slice(2);
      sh.source = '-c';
    } else if (rest.length && !readStdin) {
      scriptPath = rest[0]!;
      sh.name = scriptPath;
      sh.positional = rest.slice(1);
    } else {
      sh.positional = rest;
      sh.source = 'stdin';
    }

    // environment
    for (const e of envp) {
      const eq = e.indexOf('=');
      if (eq <= 0) continue;
      const k = e.slice(0, eq);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) continue;
      sh.vars.set(k, { value: e.slice(eq + 1), exported: true, readonly: false });
    }
    sh.pid = yield* sys.getpid();
    const uid = yield* sys.geteuid();
    if (!sh.vars.has('PATH')) sh.setVar('PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    if (!sh.vars.has('IFS')) sh.vars.set('IFS', { value: ' \t\n', exported: false, readonly: false });
    const cwd = yield* sys.getcwd();
    if (typeof cwd === 'string') {
      const pwd = sh.getVar('PWD');
      if (!pwd || pwd !== cwd) sh.setVar('PWD', cwd, { exported: true });
    }
    const sl = Number(sh.getVar('SHLVL') ?? '0');
    sh.setVar('SHLVL', String((Number.isFinite(sl) ? sl : 0) + 1), { exported: true });
    sh.setVar('PPID', String(yield* sys.getppid()));
    sh.setVar('UID', String(uid));
    sh.setVar('EUID', String(uid));
    sh.setVar('BASH', '/usr/bin/bash');
    sh.setVar('BASH_VERSION', '5.2.15(1)-release');
    sh.setVar('OPTIND', '1');
    sh.setVar('PS4', '+ ');
    if (!sh.vars.has('HOSTNAME')) sh.setVar('HOSTNAME', (yield* sys.uname()).nodename);
    sh.setVar('HOSTTYPE', 'x86_64');
    sh.setVar('OSTYPE', 'linux-gnu');
    sh.setVar('MACHTYPE', 'x86_64-pc-linux-gnu');
    sh.setVar('SHELL', sh.getVar('SHELL') ?? '/bin/bash');
    if (!sh.getVar('HOME')) {
      // bash leaves HOME unset in this case but ~ still resolves via passwd
    }

    yield* sh.learnInheritedDispositions();
    // interactive?
    const stdinTty = typeof (yield* sys.ioctl(0, TCGETS)) === 'object';
    const stderrTty = typeof (yield* sys.ioctl(2, TCGETS)) === 'object';
    sh.interactive = forceInteractive || (cmdString === undefined && !scriptPath && stdinTty && stderrTty);
    if (sh.interactive) {
      sh.opts.monitor = true;
      sh.opts.history = true;
      sh.opts.emacs = true;
      sh.vars.set('PS1', { value: '\\u@\\h:\\w\\$ ', exported: false, readonly: false });
      sh.vars.set('PS2', { value: '> ', exported: false, readonly: false });
      yield* sys.dup2(stdinTty ? 0 : 2, TTY_FD, O_CLOEXEC);
      yield* sys.setpgid(0, 0);
      sh.shellPgid = yield* sys.getpgid(0);
      yield* sh.setDisposition(SIGTTOU, { handler: 'ignore' });
      yield* sys.ioctl(TTY_FD, TIOCSPGRP, sh.shellPgid);
      yield* sh.saveTermios();
    } else {
      sh.shellPgid = yield* sys.getpgid(0);
      sh.opts.monitor = sh.opts.monitor && forceInteractive;
    }
    yield* sh.initSignals();

    let status: number;
    try {
      // startup files
      if (sh.login && !noProfile) {
        yield* sourceIfExists(sh, '/etc/profile');
        const home = sh.getVar('HOME');
        if (home) {
          for (const f of ['.bash_profile', '.bash_login', '.profile']) {
            if (yield* sourceIfExists(sh, `${home}/${f}`)) break;
          }
        }
      } else if (sh.interactive && !noRc) {
        yield* sourceIfExists(sh, '/etc/bash.bashrc');
        const home = sh.getVar('HOME');
        if (home) yield* sourceIfExists(sh, `${home}/.bashrc`);
      }

      let input: Input;
      if (cmdString !== undefined) {
        input = stringInput(cmdString);
      } else if (scriptPath) {
        const fd = yield* sys.open(scriptPath, O_RDONLY);
        if (fd < 0) {
          yield* writeAll(sys, 2, `${sh.progName}: ${scriptPath}: ${fd === -2 ? 'No such file or directory' : fd === -21 ? 'Is a directory' : 'Permission denied'}\n`);
          return fd === -2 ? 127 : 126;
        }
        const text = yield* readAll(sys, fd);
        yield* sys.close(fd);
        if (typeof text === 'number') {
          yield* writeAll(sys, 2, `${sh.progName}: ${scriptPath}: Is a directory\n`);
          return 126;
        }
        input = stringInput(text);
      } else if (sh.interactive) {
        input = editorInput(sh);
      } else {
        input = readerInput(sys);
      }
      status = yield* repl(sh, input);
      // a SIGINT that arrived after the last command (`sh -c 'kill -INT $$'`): bash's QUIT check
      // before exiting kills the shell with SIGINT
      if (!sh.interactive) yield* sh.checkSignals();
    } catch (e) {
      if (e instanceof ExitSignal) status = e.status;
      else throw e;
    }
    status = yield* sh.runExitTrap(status);
    return status & 0xff;
  };
}

function* sourceIfExists(sh: Shell, path: string): Generator<SysReq, boolean, unknown> {
  const fd = yield* sh.sys.open(path, O_RDONLY);
  if (fd < 0) return false;
  const text = yield* readAll(sh.sys, fd);
  yield* sh.sys.close(fd);
  if (typeof text !== 'string') return false;
  const savedLine = sh.lineno;
  const savedInteractive = sh.interactive;
  const savedSrc = sh.srcFile;
  try {
    sh.sourceDepth++;
    sh.srcFile = path;
    sh.lineno = 1;
    yield* sh.evalString(text, 'script');
  } catch (e) {
    if (!(e instanceof ReturnSignal || e instanceof TopLevel)) throw e;
  } finally {
    sh.srcFile = savedSrc;
    sh.sourceDepth--;
    sh.lineno = savedLine;
    sh.interactive = savedInteractive;
  }
  return true;
}

function stringInput(text: string): Input {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let i = 0;
  return {
    atEnd: () => i >= lines.length,
    *next() {
      if (i >= lines.length) return null;
      return lines[i++]!;
    },
  };
}

/**
 * Script on stdin (a pipe or file): like bash, read one byte at a time so that commands in the
 * script that read stdin (read, cat) get the rest of the input.
 */
function readerInput(sys: Sys): Input {
  const dec = streamDecoder();
  let eof = false;
  return {
    *next() {
      if (eof) return null;
      let line = '';
      for (;;) {
        const r = yield* sys.read(0, 1);
        if (typeof r === 'number') {
          if (r === -EINTR) continue;
          eof = true;
          break;
        }
        if (r.length === 0) {
          eof = true;
          break;
        }
        if (r[0] === 10) return line + dec(new Uint8Array(0));
        line += dec(r);
      }
      return line === '' ? null : line;
    },
  };
}

function editorInput(sh: Shell): Input {
  const ed = new LineEditor(sh, 0, 2);
  return {
    *next(ps) {
      const raw = ps ?? '';
      const uid = yield* sh.sys.geteuid();
      const info = {
        user: sh.getVar('USER') ?? (uid === 0 ? 'root' : String(uid)),
        host: (yield* sh.sys.uname()).nodename,
        cwd: sh.getVar('PWD') ?? '/',
        home: sh.getVar('HOME'),
        uid,
        jobs: sh.jobs.jobs.length,
        histNum: sh.history.length + 1,
        cmdNum: sh.history.length + 1,
        shell: sh.progName,
      };
      if (!sh.getVar('USER') && uid === 0) info.user = 'root';
      let prompt = expandPrompt(raw, info);
      if (prompt.includes('$') || prompt.includes('`')) {
        try {
          prompt = yield* sh.exp.string(parseWordText(prompt), false);
        } catch (e) {
          if (e instanceof ExpandError) yield* sh.err(e.msg);
          else if (!(e instanceof TopLevel)) throw e;
        }
      }
      const visible = prompt.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
      return yield* ed.readLine(prompt, visible);
    },
  };
}

/** Read lines, parse complete commands, execute them. Returns the last status. */
function* repl(sh: Shell, input: Input): Generator<SysReq, number, unknown> {
  let pending = '';
  let startLine = 1;
  let nextLine = 1;
  for (;;) {
    if (sh.interactive && !pending) {
      // the work bash does between commands (cleanup, PROMPT_COMMAND, prompt expansion) takes CPU
      // time, during which a job just signalled gets to die: its notification precedes the prompt
      yield* sh.compute();
      yield* sh.notifyJobs();
      try {
        yield* sh.checkSignals();
      } catch (e) {
        if (!(e instanceof TopLevel)) throw e;
      }
      if (sh.source === 'stdin') yield* runPromptCommand(sh);
    }
    const ps = sh.interactive ? (pending ? sh.getVar('PS2') : sh.getVar('PS1')) : undefined;
    const line = yield* input.next(ps);
    if (line !== null && typeof line === 'object') {
      pending = '';
      sh.lastStatus = 130;
      continue;
    }
    if (line === null) {
      if (pending) {
        // final parse: report the error bash reports at EOF
        const r = parseChunk(pending, true, startLine, sh.interactive ? sh.aliases : undefined);
        if (r instanceof ParseError) {
          yield* sh.syntaxError(r, pending, syntaxKind(sh), startLine);
          sh.lastStatus = 2;
          if (!sh.interactive) return 2;
        } else if (Array.isArray(r)) {
          yield* printHeredocWarnings(sh, startLine);
          if (sh.source === '-c') sh.markLast(r);
          yield* runChunk(sh, r);
        }
      }
      if (sh.interactive && sh.source === 'stdin') {
        yield* writeAll(sh.sys, 2, sh.login ? '\nlogout\n' : '\nexit\n');
        if (yield* sh.checkStoppedOnExit()) {
          pending = '';
          continue;
        }
      }
      return sh.lastStatus;
    }
    if (!pending) startLine = nextLine;
    nextLine++;
    let text = line;
    if (sh.interactive && sh.opts.history) {
      const h = historyExpand(line, sh.history);
      if ('error' in h) {
        yield* writeAll(sh.sys, 2, `${sh.progName}: ${h.error}\n`);
        sh.lastStatus = 1;
        pending = '';
        continue;
      }
      if (h.changed) {
        text = h.line;
        yield* writeAll(sh.sys, 1, text + '\n');
      }
    }
    pending += text + '\n';
    const r = parseChunk(pending, false, startLine, sh.interactive ? sh.aliases : undefined);
    if (r instanceof NeedMore) continue;
    const src = pending;
    pending = '';
    if (r instanceof ParseError) {
      yield* sh.syntaxError(r, src, syntaxKind(sh), startLine);
      sh.lastStatus = 2;
      if (!sh.interactive) return 2;
      continue;
    }
    if (sh.interactive && src.trim()) {
      const h = src.replace(/\n$/, '');
      if (sh.history[sh.history.length - 1] !== h) sh.history.push(h);
    }
    yield* printHeredocWarnings(sh, startLine);
    if (sh.source === '-c' && input.atEnd?.()) sh.markLast(r);
    yield* runChunk(sh, r);
  }
}

/**
 * bash runs PROMPT_COMMAND before each primary prompt, after reporting finished jobs: a string,
 * or (bash 5.1+) each element of an array. Every element sees the $? of the last command, and
 * $? is the same afterwards (checked on bash 5.2.15: PROMPT_COMMAND='x=$?; true' then `false;
 * echo $?` still prints 1). Errors are reported as at the prompt; a syntax error is prefixed
 * `bash: PROMPT_COMMAND: line N:`.
 */
function* runPromptCommand(sh: Shell): Generator<SysReq, void, unknown> {
  const v = sh.vars.get('PROMPT_COMMAND');
  if (!v) return;
  // bash saves and restores $? and PIPESTATUS around it (save_parser_state)
  const status = sh.lastStatus;
  const pipestatus = sh.vars.get('PIPESTATUS');
  for (const src of v.arr ?? [v.value]) {
    if (!src) continue;
    sh.lastStatus = status;
    // the string's lines count from 1 (bash says `line 0` only before its very first prompt);
    // aliases apply, as in any interactive parse
    const r = parseChunk(src + '\n', true, 1, sh.aliases);
    if (r instanceof NeedMore) continue;
    if (r instanceof ParseError) yield* sh.syntaxError(r, src, 'PROMPT_COMMAND', 1);
    else yield* runChunk(sh, r);
  }
  sh.lastStatus = status;
  if (pipestatus) sh.vars.set('PIPESTATUS', pipestatus);
  else sh.vars.delete('PIPESTATUS');
}

function* printHeredocWarnings(sh: Shell, startLine: number): Generator<SysReq, void, unknown> {
  for (const w of warnings.splice(0)) {
    const pfx = sh.errp().replace(/line \d+: $/, `line ${w.line}: `);
    yield* writeAll(sh.sys, 2, `${pfx}warning: here-document at line ${startLine} delimited by end-of-file (wanted \`${w.delim}')\n`);
  }
}

function syntaxKind(sh: Shell): SyntaxKind {
  if (sh.interactive) return 'interactive';
  if (sh.source === '-c') return '-c';
  if (sh.source === 'stdin') return 'stdin';
  return 'script';
}

function parseChunk(src: string, final: boolean, firstLine: number, aliases?: Map<string, string>): List[] | NeedMore | ParseError {
  warnings.length = 0;
  const p = new Parser(src, final, firstLine, aliases);
  const out: List[] = [];
  try {
    for (;;) {
      const l = p.parseComplete();
      if (!l) break;
      out.push(l);
    }
  } catch (e) {
    if (e instanceof NeedMore || e instanceof ParseError) return e;
    throw e;
  }
  return out;
}

function* runChunk(sh: Shell, lists: List[]): Generator<SysReq, void, unknown> {
  for (const l of lists) {
    try {
      if (sh.opts.noexec) continue;
      yield* sh.runList(l);
    } catch (e) {
      if (e instanceof TopLevel) {
        sh.lastStatus = e.status;
        if (sh.interactive) {
          if (e.newline) yield* writeAll(sh.sys, 2, '\n');
          yield* sh.restoreTty();
          return;
        }
        throw new ExitSignal(e.status);
      }
      if (e instanceof LoopSignal) continue;
      if (e instanceof ReturnSignal) {
        sh.lastStatus = e.status;
        continue;
      }
      if (e instanceof ExpandError) {
        yield* sh.err(e.msg);
        sh.lastStatus = e.status;
        if (!sh.interactive) throw new ExitSignal(e.status);
        continue;
      }
      throw e;
    }
  }
}

import { describe, expect, it } from 'vitest';
import { Machine } from './machine';
import { runScriptOn } from './headless';

function lastRuns(script: string) {
  const m = new Machine();
  runScriptOn(m, script);
  return m.commands.records.map((r) => ({ line: r.line, output: r.output, done: r.done }));
}

/** A machine at its first prompt. */
function atPrompt(): Machine {
  const m = new Machine();
  runScriptOn(m, '');
  return m;
}

/** Type each input in turn, letting `ns` of virtual time pass after each. */
function typeEach(m: Machine, inputs: string[], ns: number): void {
  for (const k of inputs) {
    m.input(k);
    m.runUntil(m.now + ns);
  }
}

describe('command log', () => {
  it('records each command typed at the prompt with its output, without the prompts', () => {
    expect(lastRuns('echo one; echo two\nhostname\n\ntrue\n')).toEqual([
      { line: 'echo one; echo two', output: 'one\ntwo', done: true },
      { line: 'hostname', output: 'lab', done: true },
      { line: 'true', output: '', done: true },
    ]);
  });

  it('a line read by a program is not a command; ^C ends the one that read it', () => {
    const m = new Machine();
    runScriptOn(m, 'cat\nhello\n^C\necho after\n');
    expect(m.commands.records.map((r) => r.line)).toEqual(['cat', 'echo after']);
    expect(m.commands.records[0]!.output).toBe('hello\nhello\n^C');
  });

  it('keys typed one by one, with a backspace, give the line the terminal shows', () => {
    const m = atPrompt();
    typeEach(m, ['e', 'c', 'h', 'o', ' ', 'x', 'y', '\x7f', 'z'], 1e6);
    typeEach(m, ['\r'], 1e9);
    expect(m.commands.last()).toMatchObject({ line: 'echo xz', output: 'xz', done: true });
  });

  it('a command still running is not done; its output so far is kept when it ends', () => {
    const m = new Machine();
    runScriptOn(m, '');
    m.input('sleep 2; echo woke\r');
    m.runUntil(m.now + 1e9);
    expect(m.commands.last()).toMatchObject({ line: 'sleep 2; echo woke', done: false });
    m.runUntil(m.now + 2e9);
    expect(m.commands.last()).toMatchObject({ output: 'woke', done: true });
  });

  it('a line typed ahead while a command runs is a command once the shell reads it', () => {
    const m = new Machine();
    runScriptOn(m, '');
    m.input('sleep 1\r');
    m.runUntil(m.now + 1e8);
    m.input('echo ahead\r'); // the shell is in wait4: the terminal only queues (and echoes) it
    m.runUntil(m.now + 2e9);
    expect(m.commands.records.map((r) => [r.line, r.output, r.status, r.done])).toEqual([
      // what the terminal showed meanwhile: the typed-ahead keys echoed by the line discipline
      ['sleep 1', 'echo ahead', 0, true],
      ['echo ahead', 'ahead', 0, true],
    ]);
  });

  it('^C at the prompt abandons the line; the next prompt is found again', () => {
    const m = atPrompt();
    typeEach(m, ['echo no', '\x03'], 1e8);
    typeEach(m, ['cd /tmp\r', 'echo yes\r'], 1e9);
    expect(m.commands.records.map((r) => [r.line, r.output])).toEqual([['cd /tmp', ''], ['echo yes', 'yes']]);
  });

  it('a completion listing at the prompt does not cut the command line', () => {
    const m = atPrompt();
    typeEach(m, ['u', 'n', '\t', '\t', 'a', 'm', 'e', '\r'], 1e7);
    m.runUntil(m.now + 1e9);
    expect(m.commands.last()).toMatchObject({ line: 'uname', output: 'Linux', status: 0 });
  });

  it("a line read by the shell's read builtin is not a command", () => {
    const m = atPrompt();
    typeEach(m, ['read x; echo got $x; false\r', 'foo\r'], 1e9);
    expect(m.commands.records.map((r) => [r.line, r.output, r.status])).toEqual([['read x; echo got $x; false', 'foo\ngot foo', 1]]);
  });

  it('keeps only the first 16 KiB of a long output', () => {
    const m = new Machine();
    runScriptOn(m, 'seq 20000\n');
    const out = m.commands.last()!.output;
    expect(out.startsWith('1\n2\n3\n')).toBe(true);
    expect(out.length).toBeGreaterThan(16 * 1024 - 100); // the echoed command line counts too
    expect(out.length).toBeLessThan(16 * 1024 + 16);
  });

  it("each command carries the exit status its shell reported, 137 after SIGKILL", () => {
    const m = new Machine();
    runScriptOn(m, 'true\nfalse\nls /nonexistent\nsleep 100 &\nkill -9 %1; wait %1\nsh -c "exit 7"\n\n^C\n');
    expect(m.commands.records.map((r) => [r.line, r.status])).toEqual([
      ['true', 0],
      ['false', 1],
      ['ls /nonexistent', 2],
      ['sleep 100 &', 0],
      ['kill -9 %1; wait %1', 137],
      ['sh -c "exit 7"', 7],
    ]);
    // the mark is invisible: it is not part of what the command printed
    expect(m.commands.records[2]!.output).toBe("ls: cannot access '/nonexistent': No such file or directory");
  });

  it('a command that starts an interactive shell has no status; leaving it reports the outer one', () => {
    const m = new Machine();
    runScriptOn(m, 'bash\nfalse\nexit 3\necho $?\n');
    expect(m.commands.records.map((r) => [r.line, r.status])).toEqual([
      ['bash', null],
      ['false', 1],
      ['exit 3', 3],
      ['echo $?', 0],
    ]);
  });

  it('a shell without the integration reports no status', () => {
    const m = new Machine();
    runScriptOn(m, 'unset PROMPT_COMMAND\nfalse\n');
    expect(m.commands.last()).toMatchObject({ line: 'false', status: null, done: true });
  });
});

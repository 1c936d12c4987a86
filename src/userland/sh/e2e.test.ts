// End-to-end: the shell on the booted machine, typed at the console (runScript). Expected texts
// were checked against bash 5.2 in a real terminal.
import { describe, it, expect } from 'vitest';
import { runScript } from '../../machine/testing';

/** Transcript lines after the first prompt, without trailing blank lines. */
async function run(script: string): Promise<string> {
  const t = await runScript(script);
  return t.replace(/\n+$/, '\n');
}

describe('background commands', () => {
  it('`cmd &` forks once and execs cmd: $! is the command', async () => {
    const t = await run('sleep 100 &\ncat /proc/$!/status | head -1\necho $!x\n');
    expect(t).toMatch(/\[1\] (\d+)\nroot@lab:~# cat \/proc\/\$!\/status \| head -1\nName: +sleep\n/);
    const pid = /\[1\] (\d+)/.exec(t)![1];
    expect(t).toContain(`\n${pid}x\n`);
  });

  it('the async child of sh -c execs too: its zombie child belongs to the exec’d sleep', async () => {
    const t = await run(
      "sh -c 'sleep 1 & exec sleep 100' &\nsleep 2; for p in /proc/[0-9]*; do cut -d' ' -f1-5 $p/stat; done\n",
    );
    const pid = /\[1\] (\d+)/.exec(t)![1];
    expect(t).toContain(`${pid} (sleep) S 2 ${pid}\n`);
    expect(t).toMatch(new RegExp(`\\d+ \\(sleep\\) Z ${pid} ${pid}\\n`));
  });
});

describe('job states', () => {
  it('jobs says Stopped for SIGSTOP; jobs -l names the signal', async () => {
    const t = await run('sleep 100 &\nkill -STOP %1\nsleep 1\njobs\njobs -l\n');
    expect(t).toContain('jobs\n[1]+  Stopped                 sleep 100\n');
    expect(t).toMatch(/jobs -l\n\[1\]\+ +\d+ Stopped \(signal\) {8}sleep 100\n/);
  });

  it('a job killed at the prompt is reported before the next prompt; then it is gone', async () => {
    const t = await run('sleep 100 &\nkill -9 %1\nwait %1; echo $?\n');
    expect(t).toContain('[1]+  Killed                  sleep 100\n');
    expect(t).toContain('wait %1; echo $?\n-bash: wait: %1: no such job\n127\n');
  });

  it('background Done is reported as soon as a foreground job ends', async () => {
    const t = await run('sleep 1 & sleep 2; echo x\n');
    expect(t).toMatch(/\[1\] \d+\n\[1\]\+ {2}Done {20}sleep 1\nx\n/);
  });
});

describe('SIGINT', () => {
  it('a non-interactive shell dies of a SIGINT it gets outside a wait', async () => {
    const t = await run("sh -c 'kill -INT $$'; echo $?\necho st=$?\n");
    // the interactive shell prints a newline and abandons the rest of the line
    expect(t).toContain("sh -c 'kill -INT $$'; echo $?\n\nroot@lab:~# echo st=$?\nst=130\n");
  });

  it('the "wait and see" rule for a child killed by SIGINT', async () => {
    const t = await run(
      [
        `sh -c 'sh -c "kill -INT \\$\\$"; echo after=$?'`,
        `sh -c 'sh -c "kill -INT \\$PPID; exit 4"; echo after=$?'`,
        `sh -c 'sh -c "kill -INT \\$PPID \\$\\$"; echo after=$?'; echo st=$?`,
        `sh -c 'trap "echo TR" INT; kill -INT $$; echo after'`,
        '',
      ].join('\n'),
    );
    expect(t).toContain('after=130\n');
    expect(t).toContain('after=4\n');
    expect(t).toContain(`echo after=$?'; echo st=$?\n\nroot@lab`);
    expect(t).toContain('TR\nafter\n');
  });
});

describe('time', () => {
  it('reports real/user/sys in bash format, for builtins in the current shell too', async () => {
    const t = await run('time sleep 1\ntime -p sleep 0.5\ntime cd /tmp; pwd\nTIMEFORMAT="%R|%lR"; time sleep 0.25\n');
    expect(t).toContain('time sleep 1\n\nreal    0m1.000s\nuser    0m0.000s\nsys     0m0.000s\n');
    expect(t).toContain('time -p sleep 0.5\nreal 0.50\nuser 0.00\nsys 0.00\n');
    expect(t).toContain('sys     0m0.000s\n/tmp\n');
    expect(t).toContain('0.250|0m0.250s\n');
  });

  it('bare time, bad TIMEFORMAT, and ^C still reports', async () => {
    const t = await run("false; time; echo $?\nTIMEFORMAT='%q'; time true; echo st=$?\nunset TIMEFORMAT\ntime while :; do :; done\n^C\n");
    expect(t).toContain('false; time; echo $?\n\nreal    0m0.000s\nuser    0m0.000s\nsys     0m0.000s\n0\n');
    expect(t).toContain("-bash: TIMEFORMAT: `q': invalid format character\nst=0\n");
    expect(t).toMatch(/\^C\n\nreal {4}0m1\.\d{3}s\nuser {4}0m1\.\d{3}s\n/);
  });
});

describe('declare and help', () => {
  it('declare -i/-l/-u/-a/-r/-x work; unimplemented options are rejected as bash rejects unknown ones', async () => {
    const t = await run(
      [
        'declare -xtlri a=1; declare -p a',
        'declare -aux b=(x "y z"); declare -p b',
        'declare -i n=5; n+=3; echo $n; n=abc; echo $n',
        'declare -A; echo $?',
        'f(){ local -i x=1+1; echo $x; local y; echo "[$y]"; declare z=1; declare -g G=2; }; y=9; f; echo "[$z][$G][$y]"',
        'readonly -a',
        '',
      ].join('\n'),
    );
    expect(t).toContain('declare -irtxl a="1"\n');
    expect(t).toContain('declare -axu b=([0]="X" [1]="Y Z")\n');
    expect(t).toContain('8\n0\n');
    expect(t).toContain(
      '-bash: declare: -A: invalid option\ndeclare: usage: declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p [-aAfFilnrtux] [name ...]\n2\n',
    );
    expect(t).toContain('2\n[]\n[][2][9]\n');
    expect(t).toContain('-bash: readonly: -a: invalid option\nreadonly: usage: readonly [-aAf] [name[=value] ...] or readonly -p\n');
  });

  it('help NAME prints the long help; -d, -s and prefix matches as bash', async () => {
    const t = await run("help -d cd ex\nhelp -s kill\nhelp fg | wc -c\nhelp 'e*' | head -3\n");
    expect(t).toContain(
      'cd - Change the shell working directory.\nexec - Replace the shell with the given command.\nexit - Exit the shell.\nexport - Set export attribute for shell variables.\n',
    );
    expect(t).toContain('kill: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n');
    expect(t).toContain('help fg | wc -c\n323\n');
    expect(t).toContain("Shell commands matching keyword `e*'\n\necho: echo [-neE] [arg ...]\n");
  });
});

describe('more bash details', () => {
  it('interactive wait reports the jobs it reaped; wait -n; wait -p', async () => {
    const t = await run(
      "sleep 0.5 & wait; echo a\nsleep 0.5 & wait %1; echo c\nbash -c 'sleep 0.2 & p1=$!; sleep 0.1 & wait -n -p v; echo \"st=$? $((v==p1))\"; exit 3 & wait -n; echo $?; wait -n; echo $?'\n",
    );
    expect(t).toMatch(/\[1\] \d+\n\[1\]\+ {2}Done {20}sleep 0\.5\na\n/);
    expect(t).toMatch(/\[1\] \d+\n\[1\]\+ {2}Done {20}sleep 0\.5\nc\n/);
    expect(t).toContain('st=0 0\n3\n0\n');
  });

  it('a non-interactive bash ignores SIGQUIT ($- has s when reading stdin)', async () => {
    const t = await run("bash -c 'kill -QUIT $$; echo alive $?'\necho $-\n");
    expect(t).toContain('alive 0\n');
    expect(t).toContain('echo $-\nhimBHs\n');
  });

  it('job-death reports of a non-interactive bash carry "line N" (on a terminal)', async () => {
    const t = await run("bash -c 'sleep 10 & kill -9 $!; wait $!; echo $?'\n");
    expect(t).toMatch(/bash: line 1: +\d+ Killed {18}sleep 10\n137\n/);
  });
});

describe('messages checked against bash on a terminal', () => {
  it('xtrace repeats the first PS4 character per command substitution / eval level', async () => {
    const t = await run("set -x; x=$(echo hi); eval 'echo c'; echo $(echo $(echo d)); set +x\n");
    expect(t).toContain("++ echo hi\n+ x=hi\n+ eval 'echo c'\n++ echo c\nc\n+++ echo d\n++ echo d\n+ echo d\nd\n");
  });

  it('exec failures, ambiguous job specs, kill option errors, jobs in a pipeline', async () => {
    const t = await run(
      [
        'exec nosuchcmd; echo still $?',
        'exec /etc; echo $?',
        'sleep 100 & sleep 100 &',
        'jobs -p | wc -l; (jobs)',
        'kill %sleep; wait %sleep; echo $?',
        'kill -s; echo $?',
        'kill %1 %2',
        '',
      ].join('\n'),
    );
    expect(t).toContain('-bash: exec: nosuchcmd: not found\nstill 127\n');
    expect(t).toContain('-bash: /etc: Is a directory\n-bash: exec: /etc: cannot execute: Is a directory\n126\n');
    expect(t).toContain('(jobs)\n2\n');
    expect(t).toContain('-bash: kill: sleep: ambiguous job spec\n-bash: wait: sleep: ambiguous job spec\n127\n');
    expect(t).toContain('-bash: kill: -s: option requires an argument\n1\n');
  });
});

describe('^Z inside compound commands', () => {
  it('a stopped job leaves all enclosing loops but not functions or the rest of the list', async () => {
    const t = await run(
      [
        'while :; do sleep 1; echo it; done; echo after',
        '^Z',
        'for i in 1 2; do for j in 1 2; do sleep 1; echo $i$j; done; echo inner-done; done; echo after2',
        '^Z',
        'f(){ sleep 1; echo infunc; }; f; echo after3',
        '^Z',
        '',
      ].join('\n'),
    );
    expect(t).toContain('^Z\n[1]+  Stopped                 sleep 1\nafter\n');
    expect(t).toContain('^Z\n[2]+  Stopped                 sleep 1\nafter2\n');
    expect(t).toContain('^Z\n[3]+  Stopped                 sleep 1\ninfunc\nafter3\n');
  });
});

describe('traps', () => {
  it('DEBUG runs before simple commands and for (not inside functions), with BASH_COMMAND', async () => {
    const t = await run("trap 'echo dbg $BASH_COMMAND' DEBUG; echo a; f(){ echo b; }; f; for i in 1; do :; done; trap - DEBUG\n");
    expect(t).toContain('dbg echo a\na\ndbg f\nb\ndbg for i in 1\ndbg :\ndbg trap - DEBUG\n');
  });

  it('a non-interactive bash keeps SIGINT ignored on entry; bash -ic ends without "exit"', async () => {
    const t = await run(
      "trap '' INT; bash -c 'grep SigIgn /proc/$$/status; trap \"echo x\" INT; trap -p; true'; bash -ic 'grep SigIgn /proc/$$/status; true'; trap - INT\n",
    );
    expect(t).toContain("SigIgn: 0000000000000006\ntrap -- '' SIGINT\nSigIgn: 0000000000384004\nroot@lab");
  });

  it('programs a shell runs keep what it inherited ignored, and lose its own SIGQUIT ignore', async () => {
    // real bash 5.2: restore_original_signals before exec puts back the dispositions found at
    // startup, also for the last command of `bash -c` that replaces the shell
    const t = await run(
      "trap '' HUP; bash -c 'grep SigIgn /proc/self/status'; bash -c 'trap \"echo x\" HUP; grep SigIgn /proc/self/status'; trap - HUP; bash -c 'grep SigIgn /proc/self/status'\n",
    );
    expect(t).toContain('SigIgn: 0000000000000001\nSigIgn: 0000000000000001\nSigIgn: 0000000000000000\nroot@lab');
  });
});

describe('background pipelines', () => {
  it('the shell forks each element itself; $! is the last, the pgid the first', async () => {
    const t = await run('sleep 100 | sleep 200 &\necho $!; for p in /proc/[0-9]*; do cut -d" " -f1-5 $p/stat; done\n');
    const m = /\[1\] (\d+)\n/.exec(t)!;
    const last = Number(m[1]);
    const first = last - 1;
    expect(t).toContain(`\n${last}\n`);
    expect(t).toContain(`${first} (sleep) S 2 ${first}\n${last} (sleep) S 2 ${first}\n`);
  });
});

describe('job texts', () => {
  it('compound background commands are shown in bash’s reprinted form', async () => {
    const t = await run(
      [
        '(sleep 0.1; echo a) &',
        'sleep 1',
        '{ sleep 5;echo b;}&',
        'if true;then sleep 5;elif false; then :; else echo; fi&',
        'for i in 1 2; do sleep 5; done &',
        'while sleep 5; do break; done &',
        'case x in x) sleep 5;; esac &',
        '((1+2))&&sleep   5&',
        '[[ -n  x ]]&&sleep 5 2>&1 &',
        'x=1   sleep 5 >/dev/null&',
        'sleep 5 | { cat; } &',
        'jobs',
        '',
      ].join('\n'),
    );
    expect(t).toContain('[1]+  Done                    ( sleep 0.1; echo a )\n');
    expect(t).toContain(
      [
        '[1]   Running                 { sleep 5; echo b; } &',
        '[2]   Running                 if true; then',
        '    sleep 5;',
        'else',
        '    if false; then',
        '        :;',
        '    else',
        '        echo;',
        '    fi;',
        'fi &',
        '[3]   Running                 for i in 1 2;',
        'do',
        '    sleep 5;',
        'done &',
        '[4]   Running                 while sleep 5; do',
        '    break;',
        'done &',
        '[5]   Running                 case x in',
        '    x)',
        '        sleep 5',
        '    ;;',
        'esac &',
        '[6]   Running                 ((1+2)) && sleep 5 &',
        '[7]   Running                 [[ -n x ]] && sleep 5 2>&1 &',
        '[8]-  Running                 x=1 sleep 5 > /dev/null &',
        '[9]+  Running                 sleep 5 | { cat; } &',
        '',
      ].join('\n'),
    );
  });
});

describe('line editing', () => {
  it('a long line after a prompt that does not start in column 0 wraps and redraws as readline does', async () => {
    // checked in a 40-column xterm against bash 5.2 (LANG=C.UTF-8, keys typed ahead): readline
    // writes typed-ahead text in one go and lets the terminal wrap it; it assumes the prompt
    // starts in column 0, so ^A + X redraws from "its" column 12 on the terminal's second row
    const line = 'echo 123456789012345678901234567890123456789012345678901234567890';
    const t = await runScript(`printf abcdefg\n${line}\n`, { cols: 40 });
    expect(t).toContain(`abcdefgroot@lab:~# ${line}\n123456789012345678901234567890123456789012345678901234567890\n`);
    const t2 = await runScript(`printf abcdefg\n${line}\x01X\x05${'\x7f'.repeat(30)}\n`, { cols: 40 });
    // bash's screen: "abcdefgroot@lab:~# echo 1234567890123456" / "789012345678Xecho 1234567890123456789012" / "34567890"
    expect(t2).toContain('abcdefgroot@lab:~# echo 1234567890123456789012345678Xecho 123456789012345678901234567890\n-bash: Xecho: command not found\n');
  });

  it('^V inserts the next character literally, shown as ^X', async () => {
    const t = await run('echo \x16\x01x | cat -v\necho \x16\x1bx | cat -v\n');
    expect(t).toContain('# echo ^Ax | cat -v\n^Ax\n');
    expect(t).toContain('# echo ^[x | cat -v\n^[x\n');
  });

  it('unbound escape sequences are consumed up to the byte that leaves every binding', async () => {
    const t = await run('echo a\x1b[99~b\necho a\x1b[1;5Zb\n');
    expect(t).toContain('# echo a9~b\na9~b\n');
    expect(t).toContain('# echo ab\nab\n');
  });
});

describe('raw bytes', () => {
  it("$'\\xff' and printf '\\xff' write single bytes", async () => {
    const t = await run(
      `printf '\\xc3\\n' | wc -c\necho $'\\xff' | cat -v; x=$(printf 'a\\xffb'); echo \${#x}; echo "$x" | cat -v\n`,
    );
    expect(t).toContain("wc -c\n2\n");
    expect(t).toContain('cat -v\nM-^?\n3\naM-^?b\n');
  });
});

describe('subshells share state copy-on-write', () => {
  it('`( cmd ) &` forks once and execs cmd; BASH_SUBSHELL counts levels', async () => {
    const t = await run(
      '(sleep 100) & sleep 0.2; ps -o pid,ppid,comm --ppid $$ | grep -c sleep; kill %1\n' +
        '(echo $BASH_SUBSHELL; (echo $BASH_SUBSHELL)) > /tmp/l & wait; cat /tmp/l\n',
    );
    expect(t).toContain('--ppid $$ | grep -c sleep; kill %1\n[1] 4\n1\n');
    expect(t).toMatch(/> \/tmp\/l\n1\n2\n/);
  });

  it('variables, functions, aliases and shopts changed on one side stay there', async () => {
    const t = await run(
      [
        'a=1; declare -i n=2; f() { echo f1; }; shopt -u extglob',
        '(sleep 0.5; echo "c:$a:$n:$(f):$(shopt extglob)") & a=2; n+=1; f() { echo f2; }; shopt -s extglob; wait',
        '(a=3; export a; n+=5; unset -f f; shopt -s extglob; echo "s:$a:$n"); echo "p:$a:$n:$(f):$(shopt extglob)"',
        '',
      ].join('\n'),
    );
    expect(t).toMatch(/c:1:2:f1:extglob\s+off\n/);
    expect(t).toMatch(/s:3:8\np:2:3:f2:extglob\s+on\n/);
  });
  // bash 5.2 (checked in tmux): wait does not wait for stopped jobs, it warns and returns
  it('wait warns about a stopped job instead of waiting for it', async () => {
    const t = await run('sleep 1 &\nkill -STOP %1\nwait\necho still $?\n');
    expect(t).toContain('root@lab:~# wait\n-bash: wait: warning: job 1[');
    expect(t).toMatch(/\] stopped\nroot@lab:~# echo still \$\?\nstill 0\n/);
  });
});

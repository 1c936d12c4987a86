// /sbin/init (a small sysvinit): pid 1. It ignores the signals init ignores, runs /etc/rc.local
// to completion if there is one (a lesson's setup: sysvinit's rc runs it at the end of boot, and
// systemd starts getty after rc-local.service), starts an auto-login root shell on the console
// (what `agetty --autologin root console` then `login` would leave running: a session leader with
// the console as its controlling terminal), respawns it when it exits, and reaps every orphan
// reparented to it.
import type { Sys, Program } from '../../kernel/syscall';
import {
  SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU, SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE,
  TIOCSCTTY, TIOCSPGRP, ECHILD, EINTR, WUNTRACED, O_RDONLY, O_WRONLY, O_CREAT, O_APPEND, X_OK,
} from '../../kernel/syscall';
import type { BuiltinProgram } from '../lib/registry';
import { err } from '../lib/io';

/** The environment login(1) gives root's shell (the console's and every terminal tab's). */
export const SHELL_ENV: readonly string[] = [
  'HOME=/root',
  'LOGNAME=root',
  'USER=root',
  'SHELL=/bin/bash',
  'TERM=xterm-256color',
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'LANG=C.UTF-8',
  'MAIL=/var/mail/root',
];

/**
 * A login session on the terminal open on fds 0-2, as agetty + login (or sshd) leave it: default
 * signal dispositions, a new session (setsid) with that terminal as its controlling tty and
 * itself as the foreground group, cwd /root, then exec of root's login shell. Init runs it on the
 * console; the machine runs it for each terminal tab (src/machine/terminals.ts) on /dev/pts/N.
 */
export function* loginSession(sys: Sys): Program {
  for (const s of [SIGTSTP, SIGTTIN, SIGTTOU, SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGCHLD]) {
    yield* sys.sigaction(s, { handler: 'default' });
  }
  yield* sys.setsid();
  yield* sys.ioctl(0, TIOCSCTTY, 1);
  const pid = yield* sys.getpid();
  yield* sys.ioctl(0, TIOCSPGRP, pid);
  yield* sys.chdir('/root');
  // login(1) execs the shell with a leading '-' in argv[0]: a login shell
  const r = yield* sys.execve('/bin/bash', ['-bash'], [...SHELL_ENV]);
  yield* err(sys, `init: cannot run /bin/bash: ${-r}\n`);
  return 1;
}

/**
 * rc.local with default signal dispositions (not init's ignores, which exec would keep), its own
 * session, stdin /dev/null and its output appended to /var/log/rc.local.log (not the console).
 */
function* rcLocal(sys: Sys): Program {
  for (const s of [SIGTSTP, SIGTTIN, SIGTTOU, SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE]) {
    yield* sys.sigaction(s, { handler: 'default' });
  }
  yield* sys.setsid();
  const nul = yield* sys.open('/dev/null', O_RDONLY);
  const log = yield* sys.open('/var/log/rc.local.log', O_WRONLY | O_CREAT | O_APPEND, 0o640);
  if (nul >= 0) yield* sys.dup2(nul, 0);
  if (log >= 0) {
    yield* sys.dup2(log, 1);
    yield* sys.dup2(log, 2);
  }
  for (const fd of [nul, log]) if (fd > 2) yield* sys.close(fd);
  const r = yield* sys.execve('/etc/rc.local', ['/etc/rc.local', 'start'], ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOME=/', 'LANG=C.UTF-8']);
  yield* err(sys, `init: cannot run /etc/rc.local: ${-r}\n`);
  return 1;
}

export function* init(sys: Sys, argv: string[]): Program {
  void argv;
  const self = yield* sys.getpid();
  if (self !== 1) {
    yield* err(sys, 'init: must be run as PID 1\n');
    return 1;
  }
  // sysvinit ignores the job-control and terminal signals; as pid 1 the kernel drops the rest
  for (const s of [SIGTSTP, SIGTTIN, SIGTTOU, SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE]) {
    yield* sys.sigaction(s, { handler: 'ignore' });
  }
  if ((yield* sys.access('/etc/rc.local', X_OK)) === 0) {
    const rc = yield* sys.fork(() => rcLocal(sys));
    // the console login waits for it; orphans it leaves behind (its `cmd &` jobs) are reaped below
    for (let w = yield* sys.wait4(rc, 0); w === -EINTR; w = yield* sys.wait4(rc, 0));
  }
  let shell = yield* sys.fork(() => loginSession(sys));
  for (;;) {
    const w = yield* sys.wait4(-1, WUNTRACED);
    if (typeof w === 'number') {
      if (w === -EINTR) continue;
      if (w === -ECHILD) {
        // nothing to reap and no console shell: start one
        shell = yield* sys.fork(() => loginSession(sys));
        continue;
      }
      continue;
    }
    if (w.pid === shell) {
      // respawn the console login, as inittab's "respawn" does
      shell = yield* sys.fork(() => loginSession(sys));
    }
  }
}

export const programs: BuiltinProgram[] = [
  {
    name: 'init',
    paths: ['/usr/sbin/init'],
    main: init,
    vszKb: 2472,
    rssKb: 1512,
    man: 'INIT(8)\n\nNAME\n       init - process control initialization\n\nDESCRIPTION\n       init is the parent of all processes. It starts a root shell on the console,\n       restarts it when it exits, and reaps orphaned processes.\n',
  },
];

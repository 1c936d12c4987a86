// x86-64 signal numbers (arch/x86/include/uapi/asm/signal.h), default actions (signal(7)) and the
// glibc strsignal() texts that shells print ("Killed", "Terminated", "Stopped").
export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGSEGV = 11;
export const SIGUSR2 = 12;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGSTKFLT = 16;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGURG = 23;
export const SIGXCPU = 24;
export const SIGXFSZ = 25;
export const SIGVTALRM = 26;
export const SIGPROF = 27;
export const SIGWINCH = 28;
export const SIGIO = 29;
export const SIGPWR = 30;
export const SIGSYS = 31;
export const NSIG_STD = 31;

/** Names without the SIG prefix, as `kill -l` prints them, index = signal number. */
export const SIGNAL_NAMES: readonly string[] = [
  '', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2',
  'PIPE', 'ALRM', 'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU',
  'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'POLL', 'PWR', 'SYS',
];

/** Accepted aliases when parsing a signal name. */
export const SIGNAL_ALIASES: Readonly<Record<string, number>> = { IO: SIGIO, IOT: SIGABRT, CLD: SIGCHLD };

export type SigDefault = 'term' | 'core' | 'ign' | 'stop' | 'cont';

/** Default disposition of each standard signal (signal(7)). */
export const SIG_DEFAULT_ACTION: readonly SigDefault[] = [
  'ign', // 0 unused
  'term', 'term', 'core', 'core', 'core', 'core', 'core', 'core', 'term', 'term', 'core', 'term',
  'term', 'term', 'term', 'term', 'ign', 'cont', 'stop', 'stop', 'stop', 'stop', 'ign', 'core',
  'core', 'term', 'term', 'ign', 'term', 'term', 'core',
];

/** glibc strsignal() / sys_siglist texts. */
export const SIGNAL_TEXT: readonly string[] = [
  'Unknown signal 0', 'Hangup', 'Interrupt', 'Quit', 'Illegal instruction', 'Trace/breakpoint trap',
  'Aborted', 'Bus error', 'Floating point exception', 'Killed', 'User defined signal 1',
  'Segmentation fault', 'User defined signal 2', 'Broken pipe', 'Alarm clock', 'Terminated',
  'Stack fault', 'Child exited', 'Continued', 'Stopped (signal)', 'Stopped', 'Stopped (tty input)',
  'Stopped (tty output)', 'Urgent I/O condition', 'CPU time limit exceeded', 'File size limit exceeded',
  'Virtual timer expired', 'Profiling timer expired', 'Window changed', 'I/O possible', 'Power failure',
  'Bad system call',
];

/** sigaction flags (asm-generic/signal-defs.h, x86 values). */
export const SA_NOCLDSTOP = 0x00000001;
export const SA_NOCLDWAIT = 0x00000002;
export const SA_SIGINFO = 0x00000004;
export const SA_ONSTACK = 0x08000000;
export const SA_RESTART = 0x10000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;

/** sigprocmask how. */
export const SIG_BLOCK = 0;
export const SIG_UNBLOCK = 1;
export const SIG_SETMASK = 2;

/**
 * Bit for signal `sig` in a sigset (bit sig-1), as /proc/PID/status prints masks. Only the 31
 * standard signals are modelled, so a sigset fits in a JS number's 32-bit integer range.
 */
export function sigbit(sig: number): number {
  return 1 << (sig - 1);
}

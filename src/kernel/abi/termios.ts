// termios values (include/uapi/asm-generic/termbits.h, ioctls.h), x86-64.

// c_iflag
export const IGNBRK = 0o000001;
export const BRKINT = 0o000002;
export const IGNPAR = 0o000004;
export const ISTRIP = 0o000040;
export const INLCR = 0o000100;
export const IGNCR = 0o000200;
export const ICRNL = 0o000400;
export const IXON = 0o002000;
export const IXANY = 0o004000;
export const IXOFF = 0o010000;
export const IMAXBEL = 0o020000;
export const IUTF8 = 0o040000;

// c_oflag
export const OPOST = 0o000001;
export const ONLCR = 0o000004;
export const OCRNL = 0o000010;

// c_cflag
export const CS8 = 0o000060;
export const CREAD = 0o000200;
export const HUPCL = 0o002000;
export const B38400 = 0o000017;

// c_lflag
export const ISIG = 0o000001;
export const ICANON = 0o000002;
export const ECHO = 0o000010;
export const ECHOE = 0o000020;
export const ECHOK = 0o000040;
export const ECHONL = 0o000100;
export const NOFLSH = 0o000200;
export const TOSTOP = 0o000400;
export const ECHOCTL = 0o001000;
export const ECHOPRT = 0o002000;
export const ECHOKE = 0o004000;
export const IEXTEN = 0o100000;

// c_cc indices
export const VINTR = 0;
export const VQUIT = 1;
export const VERASE = 2;
export const VKILL = 3;
export const VEOF = 4;
export const VTIME = 5;
export const VMIN = 6;
export const VSTART = 8;
export const VSTOP = 9;
export const VSUSP = 10;
export const VEOL = 11;
export const VREPRINT = 12;
export const VWERASE = 14;
export const VLNEXT = 15;
export const NCCS = 19;

// tcsetattr actions
export const TCSANOW = 0;
export const TCSADRAIN = 1;
export const TCSAFLUSH = 2;

// ioctl request numbers
export const TCGETS = 0x5401;
export const TCSETS = 0x5402;
export const TCSETSW = 0x5403;
export const TCSETSF = 0x5404;
export const TIOCSCTTY = 0x540e;
export const TIOCGPGRP = 0x540f;
export const TIOCSPGRP = 0x5410;
export const TIOCGWINSZ = 0x5413;
export const TIOCSWINSZ = 0x5414;
export const TIOCNOTTY = 0x5422;
export const TIOCGPTN = 0x80045430;
export const TIOCSPTLCK = 0x40045431;
export const FIONREAD = 0x541b;

export interface Termios {
  iflag: number;
  oflag: number;
  cflag: number;
  lflag: number;
  /** control characters, NCCS entries */
  cc: number[];
}

export interface Winsize {
  rows: number;
  cols: number;
}

/** The termios a fresh pty gets (`stty -a` on Linux: icrnl ixon opost onlcr isig icanon echo ...). */
export function defaultTermios(): Termios {
  const cc = new Array<number>(NCCS).fill(0);
  cc[VINTR] = 0x03; // ^C
  cc[VQUIT] = 0x1c; // ^\
  cc[VERASE] = 0x7f; // ^?
  cc[VKILL] = 0x15; // ^U
  cc[VEOF] = 0x04; // ^D
  cc[VTIME] = 0;
  cc[VMIN] = 1;
  cc[VSTART] = 0x11; // ^Q
  cc[VSTOP] = 0x13; // ^S
  cc[VSUSP] = 0x1a; // ^Z
  cc[VREPRINT] = 0x12; // ^R
  cc[VWERASE] = 0x17; // ^W
  cc[VLNEXT] = 0x16; // ^V
  cc[13] = 0x0f; // VDISCARD ^O
  // tty_std_termios plus IUTF8, as a login on a UTF-8 console leaves it (stty: -brkint -imaxbel iutf8)
  return {
    iflag: ICRNL | IXON | IUTF8,
    oflag: OPOST | ONLCR,
    cflag: CS8 | CREAD | B38400 | HUPCL,
    lflag: ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
    cc,
  };
}

// The remaining termios bits (asm-generic/termbits.h), for stty's full listing.
export const CSIZE = 0o000060;
export const CSTOPB = 0o000100;
export const PARENB = 0o000400;
export const PARODD = 0o001000;
export const CLOCAL = 0o004000;
export const CMSPAR = 0o10000000000;
export const CRTSCTS = 0o20000000000;
export const PARMRK = 0o000010;
export const INPCK = 0o000020;
export const IUCLC = 0o001000;
export const OLCUC = 0o000002;
export const ONOCR = 0o000020;
export const ONLRET = 0o000040;
export const OFILL = 0o000100;
export const OFDEL = 0o000200;
export const NLDLY = 0o000400;
export const CRDLY = 0o003000;
export const TABDLY = 0o014000;
export const BSDLY = 0o020000;
export const VTDLY = 0o040000;
export const FFDLY = 0o100000;
export const XCASE = 0o000004;
export const FLUSHO = 0o010000;
export const PENDIN = 0o040000;
export const EXTPROC = 0o200000;
export const VSWTC = 7;
export const VDISCARD = 13;
export const VEOL2 = 16;

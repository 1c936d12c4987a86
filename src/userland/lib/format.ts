// Formatting helpers shared by coreutils, procps and friends: ls-style mode strings, human sizes,
// shell-escape quoting of file names, column padding.
import { S_IFMT, S_IFDIR, S_IFLNK, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK, S_IFREG } from '../../kernel/syscall';

/** The file-type letter ls uses: - d l c b p s. */
export function fileTypeChar(mode: number): string {
  switch (mode & S_IFMT) {
    case S_IFDIR: return 'd';
    case S_IFLNK: return 'l';
    case S_IFCHR: return 'c';
    case S_IFBLK: return 'b';
    case S_IFIFO: return 'p';
    case S_IFSOCK: return 's';
    default: return '-';
  }
}

/** gnulib filemodestring(): "drwxr-xr-x", with s/S for setuid/setgid and t/T for sticky. */
export function modeString(mode: number): string {
  const rwx = (r: number, w: number, x: number, special: boolean, sc: string): string =>
    (mode & r ? 'r' : '-') +
    (mode & w ? 'w' : '-') +
    (special ? (mode & x ? sc : sc.toUpperCase()) : mode & x ? 'x' : '-');
  return (
    fileTypeChar(mode) +
    rwx(0o400, 0o200, 0o100, (mode & 0o4000) !== 0, 's') +
    rwx(0o040, 0o020, 0o010, (mode & 0o2000) !== 0, 's') +
    rwx(0o004, 0o002, 0o001, (mode & 0o1000) !== 0, 't')
  );
}

/** stat(1) %F: the file type description. */
export function fileTypeName(mode: number, size: number): string {
  switch (mode & S_IFMT) {
    case S_IFDIR: return 'directory';
    case S_IFLNK: return 'symbolic link';
    case S_IFCHR: return 'character special file';
    case S_IFBLK: return 'block special file';
    case S_IFIFO: return 'fifo';
    case S_IFSOCK: return 'socket';
    case S_IFREG: return size === 0 ? 'regular empty file' : 'regular file';
    default: return 'weird file';
  }
}

/**
 * gnulib human_readable() with human_autoscale|human_SI-less|human_ceiling, base 1024, as
 * `ls -h`, `du -h`, `df -h` print it: 1023 → "1023", 1024 → "1.0K", 1537 → "1.6K", 10240 → "10K".
 */
export function humanSize(bytes: number, base = 1024, suffixes = 'KMGTPEZY'): string {
  if (bytes < base) return String(Math.ceil(bytes));
  let e = 0;
  let v = bytes;
  while (v >= base && e < suffixes.length) {
    v /= base;
    e++;
  }
  if (v < 10) {
    const t = Math.ceil(v * 10 - 1e-9) / 10;
    return (t < 10 ? t.toFixed(1) : '10') + suffixes[e - 1]!;
  }
  const t = Math.ceil(v - 1e-9);
  if (t >= base && e < suffixes.length) return '1.0' + suffixes[e]!;
  return String(t) + suffixes[e - 1]!;
}

const SAFE = /^[A-Za-z0-9_./:,+@%^=-]+$/;

/**
 * gnulib quotearg shell_escape_always style, as coreutils' quoteaf() prints names in diagnostics:
 * 'name', 'it'\''s', and $'\n' for control characters.
 */
export function quoteAlways(s: string): string {
  const esc: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 27: 'E' };
  let out = '';
  let run = '';
  let any = false;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c < 0x20 || c === 0x7f) {
      if (run || !any) out += `'${run}'`;
      run = '';
      out += `$'\\${esc[c] ?? c.toString(8).padStart(3, '0')}'`;
    } else run += ch === "'" ? "'\\''" : ch;
    any = true;
  }
  if (run || !any) out += `'${run}'`;
  return out.replace(/^''(?=\$)/, '');
}

/**
 * gnulib shell_escape quoting (ls's default on a terminal): names that need no quoting are
 * printed as is, others like quoteAlways. A name with a ' but no other specials is "it's".
 */
export function quoteShellEscape(s: string): string {
  if (s.length > 0 && SAFE.test(s) && !s.startsWith('~')) return s;
  if (s.length > 0 && !/[\x00-\x1f\x7f]/.test(s) && s.includes("'") && !/["$`\\!]/.test(s)) return `"${s}"`;
  return quoteAlways(s);
}

/** Right-align. */
export function rpad(s: string | number, w: number): string {
  return String(s).padStart(w, ' ');
}

/** Left-align. */
export function lpad(s: string | number, w: number): string {
  return String(s).padEnd(w, ' ');
}

/** Display width of a string in a terminal (East Asian wide chars count 2; combining marks 0). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f) continue;
    if (c >= 0x300 && c <= 0x36f) continue;
    if (
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd)
    )
      w += 2;
    else w += 1;
  }
  return w;
}

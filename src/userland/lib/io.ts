// Small stdio helpers shared by every userland program (the libc part of userland).
import type { Sys, SysCall } from '../../kernel/syscall';
import { strerror, EINTR, EAGAIN } from '../../kernel/syscall';
import { encode, decode } from './text';

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;

/** write(2) in a loop until everything is written. Returns 0 or -errno (e.g. -EPIPE). */
export function* writeAll(sys: Sys, fd: number, data: string | Uint8Array): SysCall<number> {
  let bytes = typeof data === 'string' ? encode(data) : data;
  while (bytes.length > 0) {
    const n = yield* sys.write(fd, bytes);
    if (n < 0) {
      if (n === -EINTR) continue;
      return n;
    }
    bytes = bytes.subarray(n);
  }
  return 0;
}

/** Print to stdout. */
export function* out(sys: Sys, s: string): SysCall<number> {
  return yield* writeAll(sys, STDOUT, s);
}

/** Print to stderr. */
export function* err(sys: Sys, s: string): SysCall<number> {
  return yield* writeAll(sys, STDERR, s);
}

/** "prog: msg: strerror(errno)\n" on stderr, like perror/error(3). */
export function* perror(sys: Sys, prog: string, what: string, errno: number): SysCall<number> {
  return yield* writeAll(sys, STDERR, `${prog}: ${what}: ${strerror(errno)}\n`);
}

/** Read an fd to EOF. Returns the bytes, or -errno. */
export function* readAllBytes(sys: Sys, fd: number): SysCall<Uint8Array | number> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const r = yield* sys.read(fd, 65536);
    if (typeof r === 'number') {
      if (r === -EINTR || r === -EAGAIN) continue;
      return r;
    }
    if (r.length === 0) break;
    chunks.push(r);
    total += r.length;
  }
  if (chunks.length === 1) return chunks[0]!;
  const all = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    all.set(c, off);
    off += c.length;
  }
  return all;
}

/** Read an fd to EOF as UTF-8 text, or -errno. */
export function* readAll(sys: Sys, fd: number): SysCall<string | number> {
  const r = yield* readAllBytes(sys, fd);
  return typeof r === 'number' ? r : decode(r);
}

/** open + read to EOF + close. Returns text or -errno. */
export function* readFile(sys: Sys, path: string): SysCall<string | number> {
  const fd = yield* sys.open(path, 0);
  if (fd < 0) return fd;
  const r = yield* readAll(sys, fd);
  yield* sys.close(fd);
  return r;
}

/** Buffered line reader over an fd (like fgets). */
export class LineReader {
  private buf = new Uint8Array(0);
  private eof = false;
  constructor(private readonly sys: Sys, private readonly fd: number) {}

  /** Next line without its '\n' (the last line may lack one); null at EOF; -errno on error. */
  *readLine(): SysCall<string | null | number> {
    for (;;) {
      const nl = this.buf.indexOf(10);
      if (nl >= 0) {
        const line = decode(this.buf.subarray(0, nl));
        this.buf = this.buf.subarray(nl + 1);
        return line;
      }
      if (this.eof) {
        if (this.buf.length === 0) return null;
        const line = decode(this.buf);
        this.buf = new Uint8Array(0);
        return line;
      }
      const r = yield* this.sys.read(this.fd, 65536);
      if (typeof r === 'number') {
        if (r === -EINTR) return r;
        return r;
      }
      if (r.length === 0) {
        this.eof = true;
        continue;
      }
      const nb = new Uint8Array(this.buf.length + r.length);
      nb.set(this.buf);
      nb.set(r, this.buf.length);
      this.buf = nb;
    }
  }
}

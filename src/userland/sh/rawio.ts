// The shell's writes: strings may carry raw bytes ($'\xff', printf '\xff') as the markers of
// lib/utf8.ts, which go out as the single bytes they stand for.
import type { Sys } from '../../kernel/syscall';
import { writeAll as writeBytes } from '../lib/io';
import { rawToBytes } from '../lib/utf8';

export function writeAll(sys: Sys, fd: number, data: string | Uint8Array): ReturnType<typeof writeBytes> {
  return writeBytes(sys, fd, typeof data === 'string' ? rawToBytes(data) : data);
}

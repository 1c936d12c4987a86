// Byte-level UTF-8 checks for tools that must treat invalid sequences as GNU tools do in a UTF-8
// locale (wc -m does not count them, grep treats them as binary data, sort keeps the bytes).
import { decode, encode } from './text';

/** Length of the valid UTF-8 sequence at b[i], or 0 if the byte there does not start one. */
export function utf8SeqLen(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number): boolean => i + k < b.length && (b[i + k]! & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

// Raw bytes that are not valid UTF-8 travel through JS strings as private-use characters
// U+F780..U+F7FF (0xF700 + byte) and are turned back into single bytes by rawToBytes().
export const RAW_BASE = 0xf700;
const RAW_RE = /[\uf780-\uf7ff]/;

/** A byte as a string: ASCII stays itself, 0x80..0xff become a raw-byte marker. */
export function rawByte(b: number): string {
  return String.fromCharCode(b < 0x80 ? b : RAW_BASE + b);
}

/** Does s hold a raw-byte marker (an encoding error of the input)? */
export function hasRaw(s: string): boolean {
  return RAW_RE.test(s);
}

/** UTF-8 encode, turning raw-byte markers back into their bytes. */
export function rawToBytes(s: string): Uint8Array {
  if (!RAW_RE.test(s)) return encode(s);
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= RAW_BASE + 0x80 && c <= RAW_BASE + 0xff) out.push(c - RAW_BASE);
    else if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** UTF-8 decode keeping invalid bytes as raw-byte markers (rawToBytes() gives the bytes back). */
export function decodeRaw(b: Uint8Array): string {
  let s = '';
  let start = 0; // start of the pending run of valid bytes
  for (let i = 0; i < b.length; ) {
    const n = utf8SeqLen(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > start) s += decode(b.subarray(start, i));
    s += rawByte(b[i]!);
    i++;
    start = i;
  }
  if (b.length > start) s += decode(b.subarray(start));
  return s;
}

/** decodeRaw for a stream read in chunks: a sequence cut by a chunk boundary waits for the next. */
export function rawStreamDecoder(): (chunk: Uint8Array, final?: boolean) => string {
  let carry = new Uint8Array(0);
  return (chunk, final = false) => {
    let b = chunk;
    if (carry.length) {
      b = new Uint8Array(carry.length + chunk.length);
      b.set(carry);
      b.set(chunk, carry.length);
    }
    let cut = b.length;
    if (!final) {
      // keep back an incomplete (so far valid) sequence at the end
      for (let k = Math.max(0, b.length - 3); k < b.length; k++) {
        const c = b[k]!;
        const need = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        if (need && k + need > b.length && [...b.subarray(k + 1)].every((x) => (x & 0xc0) === 0x80)) {
          cut = k;
          break;
        }
      }
    }
    carry = b.slice(cut);
    return decodeRaw(b.subarray(0, cut));
  };
}

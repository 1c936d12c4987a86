import { describe, it, expect } from 'vitest';
import { utf8SeqLen, decodeRaw, rawToBytes, rawStreamDecoder, hasRaw } from './utf8';

const b = (...x: number[]): Uint8Array => Uint8Array.from(x);

describe('utf8', () => {
  it('measures valid sequences and rejects invalid ones', () => {
    expect(utf8SeqLen(b(0x41), 0)).toBe(1);
    expect(utf8SeqLen(b(0xc3, 0xa9), 0)).toBe(2);
    expect(utf8SeqLen(b(0xe2, 0x82, 0xac), 0)).toBe(3);
    expect(utf8SeqLen(b(0xe2, 0x82), 0)).toBe(0);
    expect(utf8SeqLen(b(0xff), 0)).toBe(0);
    expect(utf8SeqLen(b(0xc0, 0x80), 0)).toBe(0); // overlong
    expect(utf8SeqLen(b(0xed, 0xa0, 0x80), 0)).toBe(0); // surrogate
  });
  it('round-trips invalid bytes through raw markers', () => {
    const bytes = b(0x63, 0xc3, 0xa9, 0xff, 0x0a, 0xe2, 0x82);
    const s = decodeRaw(bytes);
    expect(s.startsWith('cé')).toBe(true);
    expect(hasRaw(s)).toBe(true);
    expect(hasRaw('café')).toBe(false);
    expect([...rawToBytes(s)]).toEqual([...bytes]);
  });
  it('keeps a sequence cut by a chunk boundary', () => {
    const d = rawStreamDecoder();
    expect(d(b(0x61, 0xc3))).toBe('a');
    expect(d(b(0xa9, 0x62))).toBe('éb');
    expect(hasRaw(d(b(0xe2), true))).toBe(true);
  });
});

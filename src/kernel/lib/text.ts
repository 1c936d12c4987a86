// UTF-8 for the kernel (proc files, tty echo). TextEncoder/TextDecoder exist in every host
// (Node, browsers, workers) but are not in the ES2022 lib the kernel compiles against.
declare class TextEncoder {
  encode(s: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string);
  decode(b: Uint8Array, opts?: { stream?: boolean }): string;
}
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8');

/** UTF-8 bytes of `s`. Kernel text (proc files) is almost always ASCII: copy it directly. */
export function utf8(s: string): Uint8Array {
  const n = s.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return enc.encode(s);
    out[i] = c;
  }
  return out;
}

export function fromUtf8(b: Uint8Array): string {
  return dec.decode(b);
}

/** Decodes a byte stream cut anywhere (a character split across two writes comes out whole). */
export class Utf8Stream {
  private readonly dec = new TextDecoder('utf-8');
  decode(b: Uint8Array): string {
    return this.dec.decode(b, { stream: true });
  }
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const r = new Uint8Array(a.length + b.length);
  r.set(a);
  r.set(b, a.length);
  return r;
}

/** A 64-bit mask as /proc prints it: 16 lowercase hex digits. */
export function hex16(mask: number): string {
  return (mask >>> 0).toString(16).padStart(16, '0');
}

// UTF-8 for the kernel (proc files, tty echo). TextEncoder/TextDecoder exist in every host
// (Node, browsers, workers) but are not in the ES2022 lib the kernel compiles against.
declare class TextEncoder {
  encode(s: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string);
  decode(b: Uint8Array): string;
}
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8');

export function utf8(s: string): Uint8Array {
  return enc.encode(s);
}

export function fromUtf8(b: Uint8Array): string {
  return dec.decode(b);
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

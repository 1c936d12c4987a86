// UTF-8 encode/decode for userland programs. TextEncoder/TextDecoder exist in every host we run
// on (Node, browsers, workers) but are not in the ES2022 lib, so they are declared here.
declare class TextEncoder {
  encode(s: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, opts?: { fatal?: boolean });
  decode(b: Uint8Array, opts?: { stream?: boolean }): string;
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8');

export function encode(s: string): Uint8Array {
  return enc.encode(s);
}

/** Decode UTF-8; invalid sequences become U+FFFD (never throws). */
export function decode(b: Uint8Array): string {
  return dec.decode(b);
}

/** A streaming decoder for a byte stream read in chunks (keeps split multibyte sequences). */
export function streamDecoder(): (b: Uint8Array) => string {
  const d = new TextDecoder('utf-8');
  return (b) => d.decode(b, { stream: true });
}

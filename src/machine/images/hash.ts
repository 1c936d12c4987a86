// Deterministic ids for the image store: SHA-256 (FIPS 180-4) written out here, so it runs the
// same in Node, in the browser worker and in tests without the host's crypto API, plus the
// 26-character base32 link names Docker's overlay2 driver uses for its l/ directory.
//
// Docker's ids are SHA-256 digests too: an image id is the digest of its config JSON (so
// `sha256sum imagedb/content/sha256/<id>` prints <id>), a chain id is the digest of
// "<parent chain id> <diff id>". A layer's diff id is, in Docker, the digest of the layer's tar
// stream; here it is the digest of a canonical listing of the layer's entries (see layer.ts),
// which changes exactly when the layer's content does. The overlay2 directory names (Docker's
// random "cache ids") and the l/ link names (random in Docker) are derived from the chain id.
import { utf8 } from '../../kernel/lib/text';

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** SHA-256 of `data` (a string is hashed as its UTF-8 bytes), as 64 lowercase hex digits. */
export function sha256hex(data: string | Uint8Array): string {
  const msg = typeof data === 'string' ? utf8(data) : data;
  const n = msg.length;
  const blocks = (n + 9 + 63) >> 6;
  const p = new Uint8Array(blocks << 6);
  p.set(msg);
  p[n] = 0x80;
  // message length in bits, big-endian 64-bit (inputs here are far below 2^32 bytes)
  const bits = n * 8;
  const end = p.length;
  p[end - 5] = Math.floor(bits / 0x100000000) & 0xff;
  p[end - 4] = (bits >>> 24) & 0xff;
  p[end - 3] = (bits >>> 16) & 0xff;
  p[end - 2] = (bits >>> 8) & 0xff;
  p[end - 1] = bits & 0xff;
  let h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a;
  let h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  const w = new Int32Array(64);
  for (let off = 0; off < end; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      w[i] = (p[j]! << 24) | (p[j + 1]! << 16) | (p[j + 2]! << 8) | p[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  let hex = '';
  for (const x of [h0, h1, h2, h3, h4, h5, h6, h7]) hex += (x >>> 0).toString(16).padStart(8, '0');
  return hex;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A 26-character link name for overlay2's l/ directory, as overlayutils.GenerateID makes them
 * (base32 upper-case letters and digits 2-7), taken from a digest instead of random bytes.
 */
export function linkId(seed: string): string {
  const hex = sha256hex(`overlay2-link:${seed}`);
  let bits = 0;
  let acc = 0;
  let out = '';
  for (let i = 0; i < hex.length && out.length < 26; i += 2) {
    acc = (acc << 8) | parseInt(hex.slice(i, i + 2), 16);
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      bits -= 5;
      out += BASE32[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

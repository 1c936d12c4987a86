// Sessions outside the page: the share link (the record, deflated and base64url-encoded, in the
// URL's fragment, which browsers never send to a server), and the exported JSON file. Whatever
// comes back in is checked by validateRecord; a damaged or hostile link or file yields a message,
// never an exception, and nothing is replaced until it has been read in full.
import { validateRecord, type RecordResult, type SessionRecord } from '../../worker/protocol';

/** The fragment parameter that carries a session: https://lab.example/#session=… */
export const LINK_PARAM = 'session';
/** The most a share link may inflate to (a deflate bomb must not fill the page's memory). */
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;
/** Longest encoded session accepted from a URL. */
export const MAX_LINK_CHARS = 4 * 1024 * 1024;

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch (_e) {
    return null;
  }
}

async function pump(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | null> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > limit) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const s = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return (await pump(s, Infinity))!;
}

async function inflate(bytes: Uint8Array): Promise<Uint8Array | 'too-big' | 'corrupt'> {
  try {
    const s = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    const out = await pump(s, MAX_INFLATED_BYTES);
    return out ?? 'too-big';
  } catch (_e) {
    return 'corrupt';
  }
}

/** The record as the text of a link's fragment parameter. */
export async function encodeRecord(r: SessionRecord): Promise<string> {
  return toBase64Url(await deflate(new TextEncoder().encode(JSON.stringify(r))));
}

export async function decodeRecord(encoded: string): Promise<RecordResult> {
  const damaged = (why: string): RecordResult => ({ ok: false, error: `the link is damaged (${why})` });
  if (encoded.length > MAX_LINK_CHARS) return damaged('too long');
  const bytes = fromBase64Url(encoded);
  if (!bytes) return damaged('not base64url');
  const raw = await inflate(bytes);
  if (raw === 'corrupt') return damaged('not compressed data');
  if (raw === 'too-big') return damaged(`it inflates to more than ${MAX_INFLATED_BYTES / 1024 / 1024} MiB`);
  return parseRecordText(new TextDecoder('utf-8', { fatal: false }).decode(raw));
}

/** The session parameter of a location hash ('#session=…'), or null when there is none. */
export function sessionParam(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of h.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === LINK_PARAM) return part.slice(eq + 1);
  }
  return null;
}

/** A link to this page that rebuilds the session. */
export async function shareLink(r: SessionRecord, pageUrl: string): Promise<string> {
  const u = new URL(pageUrl);
  u.hash = `${LINK_PARAM}=${await encodeRecord(r)}`;
  return u.toString();
}

/** The exported file's text. */
export function exportText(r: SessionRecord): string {
  return JSON.stringify(r, null, 1) + '\n';
}

/** A session from JSON text (an imported file, a decoded link). */
export function parseRecordText(text: string): RecordResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  return validateRecord(data);
}

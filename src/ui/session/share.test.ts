// Share links and exported files: a record survives the round trip; damaged, hostile or
// oversized links and files are refused with a message.
import { describe, it, expect } from 'vitest';
import { decodeRecord, encodeRecord, exportText, parseRecordText, sessionParam, shareLink, MAX_INFLATED_BYTES } from './share';
import type { SessionRecord } from '../../worker/protocol';

const record: SessionRecord = {
  format: 'container-lab-session',
  version: 1,
  machine: { seed: 3, cpus: 2, ramBytes: 4 * 1024 ** 3, hostname: 'lab', bootEpochSec: 1795824000, cgroupVersion: 2, images: ['busybox', 'alpine'], rows: 24, cols: 80 },
  log: [
    { t: 862963800, n: 25, input: { kind: 'tty', terminal: 'console', data: 'echo ünïcödé 中文 \u{1F600}\r' } },
    { t: 962963800.5, n: 99, input: { kind: 'open', terminal: 'pts/0', rows: 24, cols: 80 } },
  ],
};

async function deflateRaw(bytes: Uint8Array): Promise<string> {
  const s = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const buf = new Uint8Array(await new Response(s).arrayBuffer());
  let bin = '';
  for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('share links', () => {
  it('round-trips a record through a link, exactly', async () => {
    const url = await shareLink(record, 'https://lab.example/embed.html?x=1#old');
    expect(url).toMatch(/^https:\/\/lab\.example\/embed\.html\?x=1#session=[A-Za-z0-9_-]+$/);
    const param = sessionParam(new URL(url).hash);
    expect(param).not.toBeNull();
    expect(await decodeRecord(param!)).toEqual({ ok: true, record });
  });

  it('finds the session parameter among others, and only it', () => {
    expect(sessionParam('#a=1&session=abc&b=2')).toBe('abc');
    expect(sessionParam('#sessions=abc')).toBeNull();
    expect(sessionParam('')).toBeNull();
  });

  it('refuses damaged and hostile links with a message', async () => {
    const err = async (s: string) => {
      const r = await decodeRecord(s);
      return r.ok ? 'accepted' : r.error;
    };
    expect(await err('not base64!')).toBe('the link is damaged (not base64url)');
    expect(await err('AAAA-not-a-session')).toBe('the link is damaged (not compressed data)');
    expect(await err(await deflateRaw(new TextEncoder().encode('{"a":')))).toMatch(/^not JSON/);
    expect(await err(await deflateRaw(new TextEncoder().encode('{"format":"container-lab-session","version":1,"machine":{},"log":[]}')))).toMatch(/machine\.seed/);
    // a deflate bomb: a few KiB that would inflate past the limit
    const bomb = await deflateRaw(new Uint8Array(MAX_INFLATED_BYTES + 1024));
    expect(bomb.length).toBeLessThan(100_000);
    expect(await err(bomb)).toMatch(/inflates to more than 16 MiB/);
    const good = await encodeRecord(record);
    expect(await err(good.slice(0, good.length >> 1))).toMatch(/damaged|not JSON/);
  });
});

describe('exported files', () => {
  it('round-trips, and refuses what is not a session', () => {
    expect(parseRecordText(exportText(record))).toEqual({ ok: true, record });
    expect(parseRecordText('<script>alert(1)</script>')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON/) as unknown });
    expect(parseRecordText('{"__proto__":{"polluted":1},"format":"container-lab-session"}')).toMatchObject({ ok: false });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

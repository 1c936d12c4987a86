// The session kept in the browser: the record (machine options + input log) in localStorage, so
// a reload rebuilds the same machine by replay. Storage may be missing, full or hold anything:
// reads are validated and writes report failure instead of throwing.
import { validateRecord, type RecordResult, type SessionRecord } from '../../worker/protocol';

export const SESSION_KEY = 'container-lab:session';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch (_e) {
    return null; // a sandboxed iframe may throw on access
  }
}

/** The saved session, if any (an unreadable one is reported, not thrown). */
export function loadSaved(): RecordResult | null {
  const s = storage();
  if (!s) return null;
  let text: string | null;
  try {
    text = s.getItem(SESSION_KEY);
  } catch (_e) {
    return null;
  }
  if (text === null) return null;
  try {
    return validateRecord(JSON.parse(text));
  } catch (_e) {
    return { ok: false, error: 'the saved session is not JSON' };
  }
}

/** Save the session; returns why it could not be saved (quota, no storage) or null. */
export function save(r: SessionRecord): string | null {
  const s = storage();
  if (!s) return 'this browser gives the page no storage';
  try {
    s.setItem(SESSION_KEY, JSON.stringify(r));
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function clearSaved(): void {
  try {
    storage()?.removeItem(SESSION_KEY);
  } catch (_e) {
    /* nothing saved, nothing to clear */
  }
}

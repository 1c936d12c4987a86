// Keeping the session across reloads and opening shared sessions. At start: a session in the
// page's link (#session=…) wins, then the one saved in this browser; each is validated first and
// rebuilt by the host's replay. The saved copy is only written once the start-up restore is over
// (otherwise the fresh machine's empty log would overwrite it), and then after every input.
// A link that cannot be read or replayed is reported and the saved session is opened instead.
import { useEffect, useRef } from 'react';
import type { MachineSession } from '../session/session';
import { loadSaved, save } from '../session/persist';
import { decodeRecord, sessionParam } from '../session/share';
import type { SessionRecord } from '../../worker/protocol';
import { t } from '../i18n';
import { useNotices } from './notices';

const SAVE_DELAY_MS = 300;

export function usePersistence(session: MachineSession | null): void {
  const started = useRef<MachineSession | null>(null);
  useEffect(() => {
    if (!session || started.current === session) return;
    started.current = session;
    let armed = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    /** what to try if the restore in flight fails */
    let fallback: SessionRecord | null = null;
    const note = useNotices.getState().add;

    const saveSoon = () => {
      if (!armed) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        const r = session.record();
        if (!r) return;
        const err = save(r);
        if (err) note('warning', t('frame.saveFailed', { why: err }));
      }, SAVE_DELAY_MS);
    };

    const start = async () => {
      const saved = loadSaved();
      if (saved && !saved.ok) note('warning', t('frame.savedUnreadable', { why: saved.error }));
      const savedRecord = saved?.ok ? saved.record : null;
      const param = typeof location !== 'undefined' ? sessionParam(location.hash) : null;
      if (param !== null) {
        // the link is read once: a reload then opens the (saved) session it became
        history.replaceState(null, '', location.pathname + location.search);
        const fromLink = await decodeRecord(param);
        if (fromLink.ok) {
          fallback = savedRecord;
          session.restore(fromLink.record);
          return;
        }
        note('error', t('frame.linkRejected', { why: fromLink.error }));
      }
      if (savedRecord && savedRecord.log.length > 0) {
        session.restore(savedRecord);
        return;
      }
      armed = true;
      saveSoon();
    };

    let first = true;
    const unsub = session.store.subscribe((s, prev) => {
      if (s.status === 'ready' && first) {
        first = false;
        void start();
        return;
      }
      if (!armed) {
        if (s.replayError !== null && s.replayError !== prev.replayError) {
          note('error', t('frame.restoreFailed', { why: s.replayError }));
          const next = fallback;
          fallback = null;
          if (next && next.log.length > 0) {
            session.restore(next);
            return;
          }
          armed = true;
          saveSoon();
        } else if (s.epoch !== prev.epoch && s.replay === null) {
          armed = true; // the start-up restore finished
          saveSoon();
        }
        return;
      }
      if (s.log !== prev.log || s.machine !== prev.machine) saveSoon();
      if (s.replayError !== null && s.replayError !== prev.replayError) note('error', t('frame.restoreFailed', { why: s.replayError }));
    });
    return () => {
      unsub();
      if (timer) clearTimeout(timer);
    };
  }, [session]);
}

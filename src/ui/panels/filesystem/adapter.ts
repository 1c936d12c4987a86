// The layer panel's view adapter: subscribes to the machine's `overlay` view while the panel is
// shown (unsubscribes when it is hidden or unmounted: a hidden panel costs nothing, and the
// machine stops tracing copy-ups), passes the panel's choices as view options, and hands frames
// and copy-up trace events to the panel.
import { useEffect, useRef, useState } from 'react';
import type { CopyUpTraceEvent, OverlayFrame } from '../../../worker/protocol';
import { useMachine } from '../../session/context';
import type { OverlaySubscription, OverlayViewOptions } from '../../session/session';

/** The live overlay frame (null before the first); `enabled` false (a hidden panel) unsubscribes. */
export function useOverlayView(enabled: boolean, opts: OverlayViewOptions): OverlayFrame | null {
  const session = useMachine();
  const [frame, setFrame] = useState<OverlayFrame | null>(null);
  const sub = useRef<OverlaySubscription | null>(null);
  const current = useRef(opts);
  current.current = opts;

  useEffect(() => {
    if (!enabled) return;
    const s = session.subscribeOverlay(setFrame, current.current);
    sub.current = s;
    return () => {
      s.close();
      sub.current = null;
      setFrame(null);
    };
  }, [session, enabled]);

  const { mount, expanded, layer, file } = opts;
  useEffect(() => {
    sub.current?.setOptions({ mount, expanded, layer, file });
  }, [mount, expanded, layer, file]);

  return frame;
}

/** Call `fn` with every batch of copy-up events while enabled (the latest `fn` is used). */
export function useCopyUpEvents(enabled: boolean, fn: (events: CopyUpTraceEvent[]) => void): void {
  const session = useMachine();
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    if (!enabled) return;
    return session.onTrace((events) => latest.current(events));
  }, [session, enabled]);
}

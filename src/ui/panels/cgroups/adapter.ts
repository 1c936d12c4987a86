// The cgroup panel's view adapter: subscribes to the machine's `cgroups` view while the panel is
// shown (unsubscribes when it is hidden or unmounted: a hidden panel costs nothing), passes the
// hierarchy and the selected cgroup as view options, and hands frames to the panel.
import { useEffect, useRef, useState } from 'react';
import type { CgroupHierarchyName, CgroupsFrame } from '../../../worker/protocol';
import { useMachine } from '../../session/context';
import type { CgroupsSubscription } from '../../session/session';

/** The live cgroups frame (null before the first); `enabled` false (a hidden panel) unsubscribes. */
export function useCgroupsView(enabled: boolean, hierarchy: CgroupHierarchyName | null, path: string | null): CgroupsFrame | null {
  const session = useMachine();
  const [frame, setFrame] = useState<CgroupsFrame | null>(null);
  const sub = useRef<CgroupsSubscription | null>(null);
  const opts = useRef({ hierarchy, path });
  opts.current = { hierarchy, path };

  useEffect(() => {
    if (!enabled) return;
    const s = session.subscribeCgroups(setFrame, opts.current);
    sub.current = s;
    return () => {
      s.close();
      sub.current = null;
      setFrame(null);
    };
  }, [session, enabled]);

  useEffect(() => {
    sub.current?.setOptions({ hierarchy, path });
  }, [hierarchy, path]);

  return frame;
}

import { useCallback, useEffect, useState } from 'react';
import { createLink, type MachineLink } from './link';
import { MachineSession } from './session';

/**
 * The page's machine session; `restart` disposes it and boots a fresh machine on a new host.
 * `makeLink` is injectable for tests.
 */
export function useSession(makeLink: () => Promise<MachineLink> | MachineLink = createLink): {
  session: MachineSession | null;
  generation: number;
  restart: () => void;
  startError: string | null;
} {
  const [generation, setGeneration] = useState(0);
  const [session, setSession] = useState<MachineSession | null>(null);
  const [startError, setStartError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let s: MachineSession | null = null;
    setStartError(null);
    Promise.resolve()
      .then(() => makeLink())
      .then(
        (link) => {
          if (!live) return link.dispose();
          s = new MachineSession(link);
          setSession(s);
        },
        (e: unknown) => {
          if (live) setStartError(`the machine could not be created: ${e instanceof Error ? e.message : String(e)}`);
        },
      );
    return () => {
      live = false;
      s?.dispose();
      setSession(null);
    };
  }, [generation, makeLink]);

  const restart = useCallback(() => setGeneration((g) => g + 1), []);
  return { session, generation, restart, startError };
}

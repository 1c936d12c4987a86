// The UI's end of the machine: a transport that carries protocol messages (src/worker/protocol.ts)
// to a machine host and back. The browser uses a module Web Worker; tests use a fake.
import type { Inbound, Outbound } from '../../worker/protocol';

export interface MachineLink {
  post(msg: Inbound): void;
  /** every message from the machine, in order */
  onMessage(fn: (msg: Outbound) => void): void;
  /** the host died (an uncaught exception, a script that failed to load): the text says why */
  onFailure(fn: (why: string) => void): void;
  dispose(): void;
}

/** The machine in a module Web Worker (Vite bundles worker.ts and its imports as an ES chunk). */
export function createWorkerLink(): MachineLink {
  const worker = new Worker(new URL('../../worker/worker.ts', import.meta.url), { type: 'module', name: 'machine' });
  let failure: (why: string) => void = () => {};
  let message: (msg: Outbound) => void = () => {};
  worker.addEventListener('message', (e: MessageEvent<Outbound>) => message(e.data));
  worker.addEventListener('error', (e: ErrorEvent) => {
    e.preventDefault();
    const where = e.filename ? ` (${e.filename}:${e.lineno})` : '';
    failure(e.message ? `${e.message}${where}` : 'the machine worker stopped (it could not load or threw an error)');
  });
  worker.addEventListener('messageerror', () => failure('a message from the machine could not be read'));
  return {
    post: (msg) => worker.postMessage(msg),
    onMessage: (fn) => {
      message = fn;
    },
    onFailure: (fn) => {
      failure = fn;
    },
    dispose: () => worker.terminate(),
  };
}

/** What createInProcessLink needs of worker/inprocess.ts's InProcessMachine. */
export interface InProcessLike {
  postMessage(msg: Inbound): void;
  addListener(fn: (m: Outbound) => void): () => void;
  terminate(): void;
}

/** The same machine on the page's own thread (tests; browsers without module workers). */
export function linkFromInProcess(m: InProcessLike): MachineLink {
  let failure: (why: string) => void = () => {};
  let message: (msg: Outbound) => void = () => {};
  m.addListener((msg) => {
    try {
      message(msg);
    } catch (e) {
      failure(e instanceof Error ? e.message : String(e));
    }
  });
  return {
    post: (msg) => {
      try {
        m.postMessage(msg);
      } catch (e) {
        failure(`the in-page machine threw: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    onMessage: (fn) => {
      message = fn;
    },
    onFailure: (fn) => {
      failure = fn;
    },
    dispose: () => m.terminate(),
  };
}

/**
 * A link to a new machine: a module Worker where the browser can create one, else the machine
 * in-process (loaded on demand, so the page's initial bundle never carries the kernel).
 */
export async function createLink(): Promise<MachineLink> {
  if (typeof Worker !== 'undefined') {
    try {
      return createWorkerLink();
    } catch (_e) {
      // fall through to the in-process machine
    }
  }
  const { InProcessMachine } = await import('../../worker/inprocess');
  return linkFromInProcess(new InProcessMachine());
}

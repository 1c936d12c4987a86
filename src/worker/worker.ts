// The module Web Worker entry: boots a MachineHost, answers the UI's `hello` with `ready`, and
// drives the host in bounded slices on a timer loop (timers are fine here: this is the host layer,
// not the kernel). Created by the UI with
//   new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module' })
import { MachineHost } from './host';
import type { Outbound } from './protocol';

/** The parts of DedicatedWorkerGlobalScope used here (tsconfig.json has the DOM lib, not WebWorker). */
interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
}
const scope = self as unknown as WorkerScope;

/** Output buffers are fresh copies made by the host: hand them over instead of copying again. */
function transferList(m: Outbound): Transferable[] {
  return m.type === 'tty-output' && m.data instanceof Uint8Array ? [m.data.buffer as ArrayBuffer] : [];
}

const host = new MachineHost({ post: (m) => scope.postMessage(m, transferList(m)) });

let timer: ReturnType<typeof setTimeout> | null = null;
let timerDelay = Infinity;
function loop(): void {
  timer = null;
  timerDelay = Infinity;
  const r = host.tick(performance.now());
  schedule(r.delayMs);
}
function schedule(delayMs: number): void {
  if (timer !== null && timerDelay <= delayMs) return; // a sooner tick is already due
  if (timer !== null) clearTimeout(timer);
  timerDelay = delayMs;
  timer = setTimeout(loop, delayMs);
}

scope.addEventListener('message', (ev) => {
  host.receive(ev.data);
  // input may wake an idle machine: run it now rather than at the next idle poll
  schedule(0);
});

schedule(0);

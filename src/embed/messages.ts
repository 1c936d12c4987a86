// The postMessage protocol between a page that embeds the lab (through sdk.ts) and the lab in its
// iframe (bridge.ts). Both sides validate every message: a message is a plain object tagged
// { cl: 'container-lab', v: 1 }, and anything else — or any field out of shape — is ignored.
// Who may talk is checked by the receivers (the iframe's window and origin, the parent's window
// and the parentOrigin the embedder named), not here.

export const EMBED_TAG = 'container-lab';
export const EMBED_VERSION = 1;

/** embedder → lab */
export type EmbedCommand =
  | { cl: typeof EMBED_TAG; v: 1; type: 'run'; command: string }
  | { cl: typeof EMBED_TAG; v: 1; type: 'reset' }
  | { cl: typeof EMBED_TAG; v: 1; type: 'loadLesson'; lesson: string };

export type LabEventName = 'ready' | 'command' | 'stepCompleted' | 'lessonCompleted' | 'error';

export interface LabEventData {
  ready: { lesson: string | null };
  /**
   * a command typed at a shell prompt ended; `status` is its exit status as the shell reported it
   * (null when the shell reported none: see src/machine/command-log.ts)
   */
  command: { terminal: string; line: string; status: number | null };
  stepCompleted: { lesson: string; step: number; title: string };
  lessonCompleted: { lesson: string };
  error: { message: string };
}

/** lab → embedder */
export type LabEvent = { [E in LabEventName]: { cl: typeof EMBED_TAG; v: 1; type: 'event'; event: E; data: LabEventData[E] } }[LabEventName];

const MAX_COMMAND = 4096;
const EVENTS: readonly LabEventName[] = ['ready', 'command', 'stepCompleted', 'lessonCompleted', 'error'];

function plain(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;
}

function tagged(x: unknown): x is Record<string, unknown> {
  return plain(x) && x.cl === EMBED_TAG && x.v === EMBED_VERSION;
}

const keysOnly = (o: Record<string, unknown>, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));

/** A command from the embedder, or null if it is not one (ignored). */
export function parseCommand(x: unknown): EmbedCommand | null {
  if (!tagged(x)) return null;
  switch (x.type) {
    case 'run':
      return keysOnly(x, ['cl', 'v', 'type', 'command']) && typeof x.command === 'string' && x.command.length <= MAX_COMMAND && !/[\r\n]/.test(x.command)
        ? { cl: EMBED_TAG, v: 1, type: 'run', command: x.command }
        : null;
    case 'reset':
      return keysOnly(x, ['cl', 'v', 'type']) ? { cl: EMBED_TAG, v: 1, type: 'reset' } : null;
    case 'loadLesson':
      return keysOnly(x, ['cl', 'v', 'type', 'lesson']) && typeof x.lesson === 'string' && x.lesson.length > 0 && x.lesson.length <= 2048
        ? { cl: EMBED_TAG, v: 1, type: 'loadLesson', lesson: x.lesson }
        : null;
    default:
      return null;
  }
}

const str = (x: unknown, max = 4096): x is string => typeof x === 'string' && x.length <= max;

/** An event from the lab, or null if it is not one (ignored). */
export function parseEvent(x: unknown): LabEvent | null {
  if (!tagged(x) || x.type !== 'event' || !EVENTS.includes(x.event as LabEventName) || !plain(x.data)) return null;
  const d = x.data;
  const ev = x.event as LabEventName;
  const ok =
    (ev === 'ready' && (d.lesson === null || str(d.lesson))) ||
    (ev === 'command' && str(d.terminal, 32) && str(d.line) && (d.status === null || (Number.isInteger(d.status) && (d.status as number) >= 0 && (d.status as number) <= 255))) ||
    (ev === 'stepCompleted' && str(d.lesson) && Number.isInteger(d.step) && (d.step as number) >= 0 && str(d.title)) ||
    (ev === 'lessonCompleted' && str(d.lesson)) ||
    (ev === 'error' && str(d.message));
  return ok ? ({ cl: EMBED_TAG, v: 1, type: 'event', event: ev, data: { ...d } } as LabEvent) : null;
}

export function labEvent<E extends LabEventName>(event: E, data: LabEventData[E]): LabEvent {
  return { cl: EMBED_TAG, v: 1, type: 'event', event, data } as LabEvent;
}

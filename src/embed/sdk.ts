// The embedding SDK: `createLab(element, options)` puts the lab in an iframe and returns a handle
// to drive it. Built as its own ES module (dist/embed/sdk.js); see docs/embedding.md.
//
//   import { createLab } from 'https://lab.example/embed/sdk.js';
//   const lab = createLab(document.getElementById('lab'), { lesson: 'pid-namespaces', panels: ['states'] });
//   lab.on('stepCompleted', (e) => console.log('step', e.step, 'done'));
//   lab.run('ps');
//
// The lab only accepts messages from this page's window and origin (sent to it as parentOrigin),
// and this SDK only accepts messages from the iframe's window and the lab's origin.
import { EMBED_TAG, parseEvent, type EmbedCommand, type LabEventData, type LabEventName } from './messages';

export interface LabOptions {
  /** the lab's embed page (default: embed.html next to this module) */
  src?: string;
  /** a built-in lesson id to open */
  lesson?: string;
  /** side panels to show: states, processes, cgroups, layers, history (default: the lab's) */
  panels?: string[];
  lang?: 'en' | 'zh-CN';
  theme?: 'light' | 'dark';
  /** CSS height of the iframe (default 600px); its width is 100% of the element */
  height?: string;
  title?: string;
}

export interface Lab {
  readonly iframe: HTMLIFrameElement;
  /** type a command line (and Enter) into the lab's current terminal */
  run(command: string): void;
  /** a fresh machine (and the lesson, if one is open, from its first step) */
  reset(): void;
  /** open a built-in lesson by id, or a lesson file by URL (fetched by the lab) */
  loadLesson(idOrUrl: string): void;
  on<E extends LabEventName>(event: E, fn: (data: LabEventData[E]) => void): () => void;
  destroy(): void;
}

type Body<C> = C extends EmbedCommand ? Omit<C, 'cl' | 'v'> : never;

export function createLab(element: HTMLElement, options: LabOptions = {}): Lab {
  const src = new URL(options.src ?? new URL('../embed.html', import.meta.url).href, location.href);
  if (options.lesson) src.searchParams.set('lesson', options.lesson);
  if (options.panels) src.searchParams.set('panels', ['terminal', ...options.panels].join(','));
  if (options.lang) src.searchParams.set('lang', options.lang);
  if (options.theme) src.searchParams.set('theme', options.theme);
  src.searchParams.set('parentOrigin', location.origin);
  const labOrigin = src.origin;

  const iframe = document.createElement('iframe');
  iframe.src = src.href;
  iframe.title = options.title ?? 'Container Lab';
  iframe.style.width = '100%';
  iframe.style.height = options.height ?? '600px';
  iframe.style.border = '0';
  iframe.allow = 'clipboard-write';
  element.appendChild(iframe);

  const listeners = new Map<LabEventName, Set<(d: never) => void>>();
  let ready = false;
  const queue: Array<Body<EmbedCommand>> = [];

  const send = (body: Body<EmbedCommand>) => {
    if (!ready) {
      queue.push(body);
      return;
    }
    iframe.contentWindow?.postMessage({ cl: EMBED_TAG, v: 1, ...body }, labOrigin);
  };

  const onMessage = (e: MessageEvent) => {
    if (e.source !== iframe.contentWindow || e.origin !== labOrigin) return;
    const ev = parseEvent(e.data);
    if (!ev) return;
    if (ev.event === 'ready' && !ready) {
      ready = true;
      for (const b of queue.splice(0)) send(b);
    }
    for (const fn of listeners.get(ev.event) ?? []) fn(ev.data as never);
  };
  window.addEventListener('message', onMessage);

  return {
    iframe,
    run: (command) => send({ type: 'run', command }),
    reset: () => send({ type: 'reset' }),
    loadLesson: (lesson) => send({ type: 'loadLesson', lesson }),
    on: (event, fn) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn as (d: never) => void);
      return () => set.delete(fn as (d: never) => void);
    },
    destroy: () => {
      window.removeEventListener('message', onMessage);
      iframe.remove();
    },
  };
}

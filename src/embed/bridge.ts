// The lab's side of embedding: takes commands from the page that embeds it and tells that page
// what happens. Only messages whose source is this window's parent and whose origin is the
// `parentOrigin` the embedder named are read; events are posted to that origin only. Without a
// valid parentOrigin (or outside an iframe) the bridge neither listens nor speaks.
import type { MachineSession } from '../ui/session/session';
import { resetMachine, startLesson } from '../ui/lesson/controller';
import { useLesson } from '../ui/lesson/store';
import { useActiveTerminal } from '../ui/terminal/active';
import { labEvent, parseCommand, type LabEvent } from './messages';

/** `parentOrigin` if it is an http(s) origin exactly (scheme://host[:port]), else null. */
export function validOrigin(x: string | null): string | null {
  if (!x) return null;
  try {
    const u = new URL(x);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === x ? x : null;
  } catch (_e) {
    return null;
  }
}

export function startBridge(session: MachineSession, parentOrigin: string, lessonParam: string | null): () => void {
  const post = (e: LabEvent) => window.parent.postMessage(e, parentOrigin);
  const lang = () => (document.documentElement.lang === 'zh-CN' ? 'zh-CN' : 'en');

  const load = async (ref: string) => {
    const { builtinLesson, parseLesson } = await import('../ui/lesson/heavy');
    const builtin = /^[a-z0-9][a-z0-9-]{0,63}$/.test(ref) ? builtinLesson(ref, lang()) : null;
    if (builtin) {
      startLesson(session, builtin, { kind: 'builtin', id: builtin.id });
      return;
    }
    let url: URL;
    try {
      url = new URL(ref, parentOrigin);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    } catch (_e) {
      post(labEvent('error', { message: `no built-in lesson '${ref.slice(0, 64)}' and not a lesson URL` }));
      return;
    }
    try {
      const res = await fetch(url.href, { credentials: 'omit' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const text = await res.text();
      const r = parseLesson(text);
      if (!r.ok) {
        useLesson.getState().setReport({ name: url.pathname.split('/').pop() ?? url.href, problems: r.problems });
        post(labEvent('error', { message: `the lesson at ${url.href} is invalid: ${r.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`.slice(0, 4000) }));
        return;
      }
      startLesson(session, r.lesson, { kind: 'url', url: url.href, text });
    } catch (e) {
      post(labEvent('error', { message: `cannot load ${url.href}: ${e instanceof Error ? e.message : String(e)}` }));
    }
  };

  const onMessage = (e: MessageEvent) => {
    if (e.source !== window.parent || e.origin !== parentOrigin) return;
    const cmd = parseCommand(e.data);
    if (!cmd) return;
    if (cmd.type === 'run') session.input(`${cmd.command}\r`, useActiveTerminal.getState().active);
    else if (cmd.type === 'reset') resetMachine(session);
    else void load(cmd.lesson);
  };
  window.addEventListener('message', onMessage);

  // ready: the machine is up and, when a lesson was asked for, its machine is prepared
  let announced = false;
  const maybeReady = () => {
    if (announced || session.status !== 'ready') return;
    const l = useLesson.getState();
    if (lessonParam && (l.lesson === null || l.phase !== 'ready')) return;
    announced = true;
    post(labEvent('ready', { lesson: l.lesson?.id ?? null }));
  };
  const offStore = session.store.subscribe(maybeReady);
  const offLesson = useLesson.subscribe((s, prev) => {
    maybeReady();
    if (!s.lesson || s.lesson !== prev.lesson) return;
    s.passed.forEach((p, i) => {
      if (p && !prev.passed[i]) post(labEvent('stepCompleted', { lesson: s.lesson!.id, step: i, title: s.lesson!.steps[i]!.title }));
    });
    if (s.passed.length > 0 && s.passed.every(Boolean) && !prev.passed.every(Boolean)) post(labEvent('lessonCompleted', { lesson: s.lesson.id }));
  });
  const offCommand = session.onCommand((c) => post(labEvent('command', { terminal: c.terminal, line: c.line, status: c.status })));
  maybeReady();
  return () => {
    window.removeEventListener('message', onMessage);
    offStore();
    offLesson();
    offCommand();
  };
}

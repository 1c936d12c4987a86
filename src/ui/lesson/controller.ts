// Drives a lesson against the machine: starting one boots the machine it describes (a restore of
// an empty session with its options: cgroup version, CPUs, memory, hostname, and its setup lines,
// which the machine's init runs at boot as /etc/rc.local before the console's shell starts),
// opens its panels, and once the console's shell has prompted asks the machine to watch the
// current step's checks. The checks run in the machine (src/machine/lesson-checks.ts);
// the page only shows their results.
import { useEffect } from 'react';
import type { MachineSession } from '../session/session';
import type { SessionRecord } from '../../worker/protocol';
import type { Lesson, LessonPanel } from '../../lessons/format';
import { PANES, useLayout, type PaneId } from '../frame/layout';

// a lesson names the lab's panes: the two lists must stay the same set (checked at compile time)
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _panesMatch: SameSet<PaneId, LessonPanel> = true;
void _panesMatch;
import { useSettings } from '../settings/store';
import { hasSavedLesson, useLesson, type LessonSource } from './store';

let watchId = 0;
/** the epoch the lesson's machine will have once its restore is done */
let bootEpoch = -1;

/** Boot the lesson's machine and begin at its first step. */
export function startLesson(session: MachineSession, lesson: Lesson, source: LessonSource): void {
  const info = session.store.getState().machine;
  if (!info) return;
  useLesson.getState().open(lesson, source);
  const m = lesson.machine;
  const record: SessionRecord = {
    format: 'container-lab-session',
    version: 1,
    machine: {
      ...info, images: [...info.images], cpus: m.cpus, ramBytes: m.ramBytes, hostname: m.hostname, cgroupVersion: m.cgroupVersion,
      ...(m.setup.length ? { setup: m.setup.slice() } : {}),
    },
    log: [],
  };
  // `info` is the running machine's: a previous lesson's setup must not carry over
  if (!m.setup.length) delete record.machine.setup;
  bootEpoch = session.store.getState().epoch + 1;
  const layout = useLayout.getState();
  for (const p of PANES) layout.show(p, m.panels.includes(p as LessonPanel));
  session.restore(record);
}

/**
 * "Reset machine" (the header's and the embed SDK's): with a lesson open, its own machine boots
 * again and the lesson starts from its first step (a default machine would leave the lesson's
 * checks watching a machine it did not ask for); otherwise the default machine boots again.
 */
export function resetMachine(session: MachineSession): void {
  const { lesson, source } = useLesson.getState();
  if (lesson && source) startLesson(session, lesson, source);
  else session.reset();
}

/** Whether "Reset machine" restarts an open lesson (for the confirm's wording). */
export function resetRestartsLesson(): boolean {
  const { lesson, source } = useLesson.getState();
  return !!lesson && !!source;
}

/** The lesson in the page's address: ?lesson=ID (built-in) or ?lessonUrl=URL. */
function lessonParam(name: 'lesson' | 'lessonUrl'): string | null {
  try {
    return new URLSearchParams(window.location.search).get(name);
  } catch (_e) {
    return null;
  }
}

export function useLessonController(session: MachineSession | null, restoreSaved = true): void {
  // results of the checks the machine watches for us
  useEffect(() => {
    if (!session) return;
    return session.onCheckResults((m) => {
      if (m.id === watchId) useLesson.getState().setResults(m.results);
    });
  }, [session]);

  // booting → ready: once the lesson's machine has booted (its setup ran at boot, before the
  // console's shell) and that shell has prompted
  useEffect(() => {
    if (!session) return;
    return session.store.subscribe((s) => {
      if (useLesson.getState().phase !== 'booting') return;
      if (s.epoch >= bootEpoch && s.replay === null && s.clock && !s.clock.booting) useLesson.getState().setPhase('ready');
    });
  }, [session]);

  // watch the current step's checks while a lesson is ready
  const lesson = useLesson((s) => s.lesson);
  const step = useLesson((s) => s.step);
  const phase = useLesson((s) => s.phase);
  const recheckN = useLesson((s) => s.recheckN);
  useEffect(() => {
    if (!session) return;
    watchId++;
    if (!lesson || phase !== 'ready') {
      session.watchChecks(watchId, []);
      return;
    }
    session.watchChecks(watchId, lesson.steps[step]!.checks.map((c) => c.check));
    // (a rewind or restore keeps the watch: the host re-evaluates on the new machine)
  }, [session, lesson, step, phase, recheckN]);

  // at start: the lesson in the address, else the one saved in this browser (the lesson code is
  // loaded only then: heavy.ts)
  useEffect(() => {
    if (!session) return;
    const wanted = lessonParam('lesson');
    const wantedUrl = wanted ? null : lessonParam('lessonUrl');
    if (!wanted && !wantedUrl && !(restoreSaved && hasSavedLesson())) return;
    let cancelled = false;
    /** once the machine said what it is (a lesson's machine is built from its options) */
    const whenReady = (go: () => void) => {
      if (session.store.getState().machine) go();
      else {
        const off = session.store.subscribe((st) => {
          if (st.status === 'ready' && st.machine) {
            off();
            if (!cancelled) go();
          }
        });
      }
    };
    void import('./heavy').then(async (h) => {
      if (cancelled) return;
      const lang = useSettings.getState().lang === 'zh-CN' ? 'zh-CN' : 'en';
      const saved = restoreSaved ? h.loadSavedLesson(lang) : null;
      const resume = () => useLesson.setState({ ...saved!, phase: 'ready', results: null });
      if (wanted) {
        if (saved?.source?.kind === 'builtin' && saved.source.id === wanted) return resume();
        const l = h.builtinLesson(wanted, lang);
        if (l) whenReady(() => startLesson(session, l, { kind: 'builtin', id: wanted }));
        return;
      }
      if (wantedUrl) {
        if (saved?.source?.kind === 'url' && saved.source.url === wantedUrl) return resume();
        const r = await h.fetchLesson(wantedUrl);
        if (cancelled) return;
        if (!r.ok) useLesson.getState().setReport({ name: r.name, problems: r.problems });
        else whenReady(() => startLesson(session, r.lesson, { kind: 'url', url: r.url, text: r.text }));
        return;
      }
      if (saved) resume();
    });
    return () => {
      cancelled = true;
    };
  }, [session, restoreSaved]);
}

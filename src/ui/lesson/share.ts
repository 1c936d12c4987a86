// Links that open a lesson, lesson files fetched from a URL, and a student's progress as a file.
import { parseLesson, type Lesson, type Problem } from '../../lessons/format';
import type { LessonSource, LessonState } from './store';

const MAX_LESSON = 512 * 1024;

/** A link to this page that opens the lesson, or null for one loaded from a local file. */
export function lessonLink(source: LessonSource, page: string = location.href): string | null {
  const u = new URL(page);
  u.hash = '';
  u.search = '';
  if (source.kind === 'builtin') u.searchParams.set('lesson', source.id);
  else if (source.kind === 'url') u.searchParams.set('lessonUrl', source.url);
  else return null;
  return u.href;
}

/** Fetch and validate a lesson file from an http(s) URL. */
export async function fetchLesson(ref: string): Promise<{ ok: true; lesson: Lesson; text: string; url: string } | { ok: false; name: string; problems: Problem[] }> {
  let url: URL;
  try {
    url = new URL(ref, location.href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('only http(s) URLs');
  } catch (e) {
    return { ok: false, name: ref.slice(0, 200), problems: [{ line: 1, message: `not a lesson URL: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  try {
    const res = await fetch(url.href, { credentials: 'omit' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const text = await res.text();
    if (text.length > MAX_LESSON) throw new Error(`a lesson file is at most ${MAX_LESSON / 1024} KiB`);
    const r = parseLesson(text);
    return r.ok ? { ok: true, lesson: r.lesson, text, url: url.href } : { ok: false, name: url.href, problems: r.problems };
  } catch (e) {
    return { ok: false, name: url.href, problems: [{ line: 1, message: `cannot load it: ${e instanceof Error ? e.message : String(e)}` }] };
  }
}

/** The student's progress in the open lesson, as JSON text (what "Export progress" saves). */
export function progressText(s: Pick<LessonState, 'lesson' | 'source' | 'step' | 'hints' | 'solution' | 'passed' | 'finished'>): string | null {
  const l = s.lesson;
  if (!l || !s.source) return null;
  return `${JSON.stringify(
    {
      format: 'container-lab-lesson-progress',
      version: 1,
      lesson: { id: l.id, lang: l.lang, title: l.title, source: s.source.kind === 'file' ? { kind: 'file', name: s.source.name } : s.source },
      currentStep: s.step,
      finished: s.finished,
      steps: l.steps.map((st, i) => ({ title: st.title, passed: s.passed[i] === true, hintsShown: s.hints[i] ?? 0, solutionShown: s.solution[i] === true })),
    },
    null,
    2,
  )}\n`;
}

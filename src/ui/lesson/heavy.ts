// The heavy half of the lesson player, loaded on demand (a dynamic import) so that a page without
// a lesson does not download the parser (yaml), the built-in lessons' text or the Markdown
// renderer: reading saved progress, the built-in curriculum, lesson files and URLs.
import { parseLesson, type Lesson, type Problem } from '../../lessons/format';
import { say } from '../../lessons/problems';
import { builtinLesson } from './builtin';
import { LESSON_KEY, type LessonState, type SavedLesson } from './store';

export { builtinLesson, lessonList } from './builtin';
export { parseLesson } from '../../lessons/format';
export { say, problemText } from '../../lessons/problems';

const MAX_LESSON = 512 * 1024;

const bools = (x: unknown, n: number): boolean[] => Array.from({ length: n }, (_, i) => Array.isArray(x) && x[i] === true);

/** The saved lesson and progress, if it still loads (a built-in may have changed). */
export function loadSavedLesson(lang: 'en' | 'zh-CN'): Pick<LessonState, 'lesson' | 'source' | 'step' | 'hints' | 'solution' | 'passed' | 'finished'> | null {
  try {
    const text = localStorage.getItem(LESSON_KEY);
    if (!text) return null;
    const v = JSON.parse(text) as Partial<SavedLesson>;
    const src = v.source;
    let lesson: Lesson | null = null;
    if (src?.kind === 'builtin' && typeof src.id === 'string') lesson = builtinLesson(src.id, lang);
    else if ((src?.kind === 'file' || src?.kind === 'url') && typeof src.text === 'string') {
      const r = parseLesson(src.text);
      lesson = r.ok ? r.lesson : null;
    }
    if (!lesson || !src) return null;
    const n = lesson.steps.length;
    const step = Number.isInteger(v.step) && (v.step as number) >= 0 && (v.step as number) < n ? (v.step as number) : 0;
    const hints = Array.from({ length: n }, (_, i) => {
      const h = Array.isArray(v.hints) ? Number(v.hints[i]) : 0;
      return Number.isInteger(h) && h >= 0 ? Math.min(h, lesson.steps[i]!.hints.length) : 0;
    });
    return { lesson, source: src, step, hints, solution: bools(v.solution, n), passed: bools(v.passed, n), finished: v.finished === true };
  } catch (_e) {
    return null;
  }
}


/** Fetch and validate a lesson file from an http(s) URL. */
export async function fetchLesson(ref: string): Promise<{ ok: true; lesson: Lesson; text: string; url: string } | { ok: false; name: string; problems: Problem[] }> {
  let url: URL;
  try {
    url = new URL(ref, location.href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('only http(s) URLs');
  } catch (e) {
    return { ok: false, name: ref.slice(0, 200), problems: [{ line: 1, ...say('url.invalid', { detail: e instanceof Error ? e.message : String(e) }) }] };
  }
  try {
    const res = await fetch(url.href, { credentials: 'omit' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const text = await res.text();
    if (text.length > MAX_LESSON) return { ok: false, name: url.href, problems: [{ line: 1, ...say('file.size', { kib: MAX_LESSON / 1024 }) }] };
    const r = parseLesson(text);
    return r.ok ? { ok: true, lesson: r.lesson, text, url: url.href } : { ok: false, name: url.href, problems: r.problems };
  } catch (e) {
    return { ok: false, name: url.href, problems: [{ line: 1, ...say('url.load', { detail: e instanceof Error ? e.message : String(e) }) }] };
  }
}


// The built-in curriculum: every src/lessons/builtin/ID.LANG.md, bundled as text and parsed on
// first use (the solution bots check the same files in CI).
import { parseLesson, type Lesson, type LessonLang } from '../../lessons/format';

const FILES = import.meta.glob('../../lessons/builtin/*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

let cache: Lesson[] | null = null;

export function builtinLessons(): Lesson[] {
  if (cache) return cache;
  cache = [];
  for (const [path, text] of Object.entries(FILES)) {
    const r = parseLesson(text);
    if (r.ok) cache.push(r.lesson);
    else console.error(`built-in lesson ${path} is invalid`, r.problems);
  }
  return cache;
}

/** The lesson `id` in `lang`, or in English when it has no such translation. */
export function builtinLesson(id: string, lang: LessonLang): Lesson | null {
  const all = builtinLessons().filter((l) => l.id === id);
  return all.find((l) => l.lang === lang) ?? all.find((l) => l.lang === 'en') ?? null;
}

/** One entry per lesson id, in the language asked for when there is one. */
export function lessonList(lang: LessonLang): Lesson[] {
  const ids = [...new Set(builtinLessons().map((l) => l.id))];
  return ids.map((id) => builtinLesson(id, lang)!).sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
}

/** The curriculum's order (issue 7's list); ids not listed come last. */
const ORDER = ['process-states', 'pid-namespaces', 'zombies', 'cgroups-cpu', 'overlayfs', 'container-by-hand'];

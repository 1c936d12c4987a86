// Links that open a lesson, and a student's progress as a file.
import type { LessonSource, LessonState } from './store';

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

// The lesson the student is following and their progress in it (zustand, kept in localStorage so
// a reload — which rebuilds the machine by replay — comes back to the same step with the same
// hints shown). A built-in lesson is kept by id; a lesson opened from a file keeps its text.
import { create } from 'zustand';
import type { Lesson, Problem } from '../../lessons/format';
import type { CheckResult } from '../../worker/protocol';

export const LESSON_KEY = 'container-lab:lesson';

/** What is kept in localStorage. */
export interface SavedLesson {
  source: LessonSource;
  step: number;
  hints: number[];
  solution: boolean[];
  passed: boolean[];
  finished: boolean;
}

export type LessonSource = { kind: 'builtin'; id: string } | { kind: 'url'; url: string; text: string } | { kind: 'file'; name: string; text: string };

/** booting: the lesson's machine is being built (its setup runs then, at boot) */
export type LessonPhase = 'booting' | 'ready';

export interface LessonState {
  lesson: Lesson | null;
  source: LessonSource | null;
  phase: LessonPhase;
  step: number;
  /** per step: how many hints are shown */
  hints: number[];
  /** per step: the solution was revealed */
  solution: boolean[];
  /** per step: its checks all passed (once is enough) */
  passed: boolean[];
  /** the current step's latest results (null until the machine answered) */
  results: CheckResult[] | null;
  /** the completion screen is shown */
  finished: boolean;
  /** a lesson file that did not load, with every problem */
  report: { name: string; problems: Problem[] } | null;
  /** bumped by "Check my work": the controller asks the machine again */
  recheckN: number;

  recheck(): void;
  open(lesson: Lesson, source: LessonSource): void;
  close(): void;
  setPhase(p: LessonPhase): void;
  goto(step: number): void;
  showHint(): void;
  showSolution(): void;
  setResults(r: CheckResult[]): void;
  finish(): void;
  setReport(r: LessonState['report']): void;
}

let persistOn = true;
/** An embedded lab keeps no progress in this browser (it would overwrite the main lab's). */
export function setLessonPersistence(on: boolean): void {
  persistOn = on;
}

function persist(s: LessonState): void {
  if (!persistOn) return;
  try {
    if (!s.source || !s.lesson) localStorage.removeItem(LESSON_KEY);
    else {
      const saved: SavedLesson = { source: s.source, step: s.step, hints: s.hints, solution: s.solution, passed: s.passed, finished: s.finished };
      localStorage.setItem(LESSON_KEY, JSON.stringify(saved));
    }
  } catch (_e) {
    // storage full or disabled: progress lives as long as the page
  }
}

/** Is a lesson saved in this browser? (Reading it needs the lesson parser: heavy.ts.) */
export function hasSavedLesson(): boolean {
  try {
    return localStorage.getItem(LESSON_KEY) !== null;
  } catch (_e) {
    return false;
  }
}

export const useLesson = create<LessonState>((set, get) => {
  const update = (patch: Partial<LessonState>) => {
    set(patch);
    persist(get());
  };
  return {
    lesson: null,
    source: null,
    phase: 'ready',
    step: 0,
    hints: [],
    solution: [],
    passed: [],
    results: null,
    finished: false,
    report: null,
    recheckN: 0,
    recheck: () => set((s) => ({ recheckN: s.recheckN + 1 })),
    open: (lesson, source) => {
      const n = lesson.steps.length;
      update({
        lesson,
        source,
        phase: 'booting',
        step: 0,
        hints: Array<number>(n).fill(0),
        solution: Array<boolean>(n).fill(false),
        passed: Array<boolean>(n).fill(false),
        results: null,
        finished: false,
        report: null,
      });
    },
    close: () => update({ lesson: null, source: null, results: null, finished: false }),
    setPhase: (phase) => set({ phase }),
    goto: (step) => {
      const l = get().lesson;
      if (!l || step < 0 || step >= l.steps.length) return;
      update({ step, results: null, finished: false });
    },
    showHint: () => {
      const { lesson, step, hints } = get();
      if (!lesson) return;
      const h = hints.slice();
      h[step] = Math.min((h[step] ?? 0) + 1, lesson.steps[step]!.hints.length);
      update({ hints: h });
    },
    showSolution: () => {
      const s = get().solution.slice();
      s[get().step] = true;
      update({ solution: s });
    },
    setResults: (results) => {
      const { step, passed } = get();
      if (results.length > 0 && results.every((r) => r.passed) && !passed[step]) {
        const p = passed.slice();
        p[step] = true;
        update({ results, passed: p });
      } else set({ results });
    },
    finish: () => update({ finished: true }),
    setReport: (report) => set({ report }),
  };
});

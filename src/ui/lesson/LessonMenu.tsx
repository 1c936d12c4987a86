// The lesson list: the built-in curriculum in the UI's language, and "Open a lesson file…" for an
// instructor's own lesson. A file that does not validate shows every problem with its line, and
// nothing runs.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useMachine } from '../session/context';
import { useLang, useT } from '../i18n';
import type { Lesson } from '../../lessons/format';
import type * as Heavy from './heavy';
import { startLesson } from './controller';
import { useLesson, type LessonSource } from './store';
import './lesson.css';

const MAX_FILE = 512 * 1024;

export function LessonMenu() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const session = useMachine();
  const [open, setOpen] = useState(false);
  const report = useLesson((s) => s.report);
  const setReport = useLesson((s) => s.setReport);
  const file = useRef<HTMLInputElement>(null);
  const [url, setUrl] = useState('');
  /** the lesson code, loaded when the list is first opened */
  const [heavy, setHeavy] = useState<typeof Heavy | null>(null);
  useEffect(() => {
    if (open && !heavy) void import('./heavy').then(setHeavy);
  }, [open, heavy]);
  // the list opens under its button, toward the side with room: the header wraps differently
  // with the window's width and the language, so the button may be at either edge
  const button = useRef<HTMLButtonElement>(null);
  const [alignRight, setAlignRight] = useState(false);
  useLayoutEffect(() => {
    if (!open || !button.current) return;
    const r = button.current.getBoundingClientRect();
    const width = Math.min(520, window.innerWidth * 0.9);
    setAlignRight(r.left + width > window.innerWidth - 8 && r.right - width >= 0);
  }, [open]);

  const onUrl = async () => {
    const h = heavy ?? (await import('./heavy'));
    const r = await h.fetchLesson(url.trim());
    if (!r.ok) {
      setReport({ name: r.name, problems: r.problems });
      return;
    }
    setReport(null);
    start(r.lesson, { kind: 'url', url: r.url, text: r.text });
  };

  const start = (l: Lesson, source: LessonSource) => {
    if (!window.confirm(t('lesson.startConfirm', { title: l.title }))) return;
    setOpen(false);
    startLesson(session, l, source);
  };

  const onFile = async (f: File | undefined) => {
    if (!f) return;
    const h = heavy ?? (await import('./heavy'));
    const text = f.size > MAX_FILE ? '' : await f.text();
    const r = f.size > MAX_FILE ? { ok: false as const, problems: [{ line: 1, ...h.say('file.size', { kib: MAX_FILE / 1024 }) }] } : h.parseLesson(text);
    if (!r.ok) {
      setReport({ name: f.name, problems: r.problems });
      return;
    }
    setReport(null);
    start(r.lesson, { kind: 'file', name: f.name, text });
  };

  return (
    <div className="lesson-menu">
      <button ref={button} type="button" className="lab__toggle" aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen(!open)} data-testid="lesson-menu">
        {t('lesson.menu')}
      </button>
      {open && (
        <div className={`lesson-menu__dialog${alignRight ? ' lesson-menu__dialog--right' : ''}`} role="dialog" aria-label={t('lesson.listTitle')} data-testid="lesson-list">
          <h2>{t('lesson.listTitle')}</h2>
          <ul>
            {(heavy?.lessonList(lang) ?? []).map((l) => (
              <li key={l.id} className="lesson-menu__item">
                <div>
                  <strong>{l.title}</strong> <span className="lesson-menu__minutes">{t('lesson.minutes', { n: l.minutes })}</span>
                  <p>{l.summary}</p>
                </div>
                <button type="button" onClick={() => start(l, { kind: 'builtin', id: l.id })} data-testid={`lesson-start-${l.id}`}>
                  {t('lesson.start')}
                </button>
              </li>
            ))}
          </ul>
          <form
            className="lesson-menu__url"
            onSubmit={(e) => {
              e.preventDefault();
              void onUrl();
            }}
          >
            <label>
              {t('lesson.openUrl')}
              <input type="text" inputMode="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…/lesson.md" data-testid="lesson-url" />
            </label>
            <button type="submit" disabled={url.trim() === ''}>
              {t('lesson.load')}
            </button>
          </form>
          <label className="lesson-menu__file">
            {t('lesson.openFile')}
            <input ref={file} type="file" accept=".md,text/markdown,text/plain" onChange={(e) => void onFile(e.target.files?.[0])} data-testid="lesson-file" />
          </label>
          {report && (
            <div className="lesson-menu__report" role="alert" data-testid="lesson-report">
              <strong>{t('lesson.reportTitle', { name: report.name, n: report.problems.length })}</strong>
              <ul>
                {report.problems.map((p, i) => (
                  <li key={i}>
                    <span className="lesson-menu__line">{t('lesson.reportLine', { line: p.line })}</span> {heavy ? heavy.problemText(p, lang) : p.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <button type="button" onClick={() => setOpen(false)}>
            {t('lesson.closeList')}
          </button>
        </div>
      )}
    </div>
  );
}

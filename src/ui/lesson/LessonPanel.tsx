// The lesson player beside the terminal: the step's text with click-to-run code, hints revealed
// one at a time, the solution behind a confirm, the step's checks (pending / passed, answered by
// the machine after every command), previous/next, and the completion screen.
import { useState } from 'react';
import { useMachine } from '../session/context';
import { useT } from '../i18n';
import type { Block } from '../../lessons/format';
import { useActiveTerminal } from '../terminal/active';
import { renderMarkdown } from './markdown';
import { runLines } from './runQueue';
import { lessonLink, progressText } from './share';
import { copyText, downloadText } from '../frame/copy-save';
import { useLesson } from './store';
import './lesson.css';

function Markdown({ text, className }: { text: string; className?: string }) {
  return <div className={`lesson__md${className ? ` ${className}` : ''}`} dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}

function CodeBlock({ block }: { block: Extract<Block, { kind: 'code' }> }) {
  const t = useT();
  const session = useMachine();
  const terminal = useActiveTerminal((s) => s.active);
  const [copied, setCopied] = useState(false);
  const run = () => runLines(session, terminal, block.code, block.run === 'interrupt');
  const copy = () => {
    void navigator.clipboard
      ?.writeText(block.code)
      .then(() => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      })
      .catch(() => {});
  };
  return (
    <div className="lesson__code">
      <pre>
        <code>{block.code}</code>
      </pre>
      <div className="lesson__code-actions">
        {block.run !== 'none' && (
          <button
            type="button"
            className="lesson__run"
            onClick={run}
            aria-label={t(block.run === 'interrupt' ? 'lesson.interruptLabel' : 'lesson.runLabel', { code: block.code })}
            data-testid="lesson-run"
          >
            ▶ {t(block.run === 'interrupt' ? 'lesson.interrupt' : 'lesson.run')}
          </button>
        )}
        <button type="button" className="lesson__copy" onClick={copy}>
          {copied ? t('lesson.copied') : t('lesson.copy')}
        </button>
      </div>
    </div>
  );
}

function Blocks({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((b, i) => (b.kind === 'markdown' ? <Markdown key={i} text={b.text} /> : <CodeBlock key={i} block={b} />))}
    </>
  );
}

export function LessonPanel() {
  const t = useT();
  const s = useLesson();
  const lesson = s.lesson;
  if (!lesson) return null;
  const step = lesson.steps[s.step]!;
  const total = lesson.steps.length;
  const passed = s.passed[s.step] === true;
  const last = s.step === total - 1;
  const close = () => {
    if (window.confirm(t('lesson.closeConfirm'))) s.close();
  };

  return (
    <section className="lesson" aria-label={t('lesson.panel')} data-testid="lesson-panel">
      <header className="lesson__head">
        <h2 className="lesson__title">{lesson.title}</h2>
        <LessonActions />
        <button type="button" className="lesson__close" onClick={close} aria-label={t('lesson.close')}>
          ×
        </button>
      </header>
      <div className="lesson__progress" role="progressbar" aria-valuemin={1} aria-valuemax={total} aria-valuenow={s.step + 1} aria-label={t('lesson.progress', { n: s.step + 1, total })}>
        {lesson.steps.map((_, i) => (
          <span key={i} className={`lesson__dot${s.passed[i] ? ' lesson__dot--done' : ''}${i === s.step ? ' lesson__dot--current' : ''}`} />
        ))}
        <span className="lesson__progress-text">{t('lesson.progress', { n: s.step + 1, total })}</span>
      </div>
      {s.phase !== 'ready' && <p className="lesson__booting" role="status">{t('lesson.booting')}</p>}
      {s.finished ? (
        <div className="lesson__body" data-testid="lesson-finished">
          <h3>{t('lesson.finished')}</h3>
          <Markdown text={lesson.completion} />
          <button type="button" onClick={() => s.goto(s.step)}>
            {t('lesson.backToSteps')}
          </button>
        </div>
      ) : (
        <div className="lesson__body">
          {s.step === 0 && <Blocks blocks={lesson.intro} />}
          <h3 className="lesson__step-title" data-testid="lesson-step-title">
            {step.title}
          </h3>
          <Blocks blocks={step.body} />
          {step.hints.slice(0, s.hints[s.step] ?? 0).map((h, i) => (
            <div key={i} className="lesson__hint" role="note">
              <strong>{t('lesson.hintN', { n: i + 1 })}</strong>
              <Markdown text={h} />
            </div>
          ))}
          {(s.hints[s.step] ?? 0) < step.hints.length && (
            <button type="button" className="lesson__more" onClick={s.showHint}>
              {t('lesson.hint')}
            </button>
          )}
          {step.solution &&
            (s.solution[s.step] ? (
              <div className="lesson__solution">
                <Blocks blocks={step.solution.body} />
              </div>
            ) : (
              <button
                type="button"
                className="lesson__more"
                onClick={() => {
                  if (window.confirm(t('lesson.solutionConfirm'))) s.showSolution();
                }}
              >
                {t('lesson.solution')}
              </button>
            ))}
          <h4 className="lesson__checks-title">{t('lesson.checks')}</h4>
          <ul className="lesson__checks" data-testid="lesson-checks">
            {step.checks.map((c, i) => {
              const ok = s.results?.[i]?.passed === true;
              return (
                <li key={i} className={`lesson__check lesson__check--${ok ? 'passed' : 'pending'}`} data-state={ok ? 'passed' : 'pending'}>
                  <span className="lesson__check-mark" aria-hidden="true">
                    {ok ? '✓' : '○'}
                  </span>
                  <span>{c.label}</span>
                  <span className="visually-hidden">{ok ? t('lesson.checkPassed') : t('lesson.checkPending')}</span>
                </li>
              );
            })}
          </ul>
          {passed && (
            <p className="lesson__done" role="status">
              {t('lesson.stepDone')}
            </p>
          )}
        </div>
      )}
      <footer className="lesson__foot">
        <button type="button" onClick={() => s.goto(s.step - 1)} disabled={s.step === 0}>
          {t('lesson.prev')}
        </button>
        <CheckMyWork />
        {last ? (
          <button type="button" className="lesson__next" onClick={s.finish} disabled={!passed}>
            {t('lesson.finish')}
          </button>
        ) : (
          <button type="button" className="lesson__next" onClick={() => s.goto(s.step + 1)} disabled={!passed}>
            {t('lesson.next')}
          </button>
        )}
      </footer>
    </section>
  );
}

/** Copy a link that opens this lesson; save the student's progress as a file. */
function LessonActions() {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const source = useLesson((s) => s.source);
  const link = source ? lessonLink(source) : null;
  const copy = async () => {
    if (!link) return;
    if (await copyText(link, t('lesson.copyLinkManual'))) {
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    }
  };
  const exportProgress = () => {
    const s = useLesson.getState();
    const text = progressText(s);
    if (text && s.lesson) downloadText(`container-lab-progress-${s.lesson.id}.json`, text);
  };
  return (
    <>
      <button type="button" className="lesson__action" onClick={() => void copy()} disabled={!link} title={link ? undefined : t('lesson.noLinkForFile')} data-testid="lesson-copy-link">
        {copied ? t('lesson.copied') : t('lesson.copyLink')}
      </button>
      <button type="button" className="lesson__action" onClick={exportProgress} data-testid="lesson-export">
        {t('lesson.exportProgress')}
      </button>
    </>
  );
}

/** Ask the machine for a fresh evaluation of the current step's checks. */
function CheckMyWork() {
  const t = useT();
  const recheck = useLesson((s) => s.recheck);
  return (
    <button type="button" onClick={recheck} data-testid="lesson-check">
      {t('lesson.checkWork')}
    </button>
  );
}

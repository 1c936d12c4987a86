// The session's actions: reset the machine, copy a link that rebuilds this session, export it as
// a JSON file, import one. An imported file is validated before anything is replaced.
import { useRef, useState } from 'react';
import { useMachine } from '../session/context';
import { exportText, parseRecordText, shareLink } from '../session/share';
import { useT } from '../i18n';
import { useNotices } from './notices';
import { copyText, downloadText } from './copy-save';
import { resetMachine, resetRestartsLesson } from '../lesson/controller';

export function SessionMenu() {
  const session = useMachine();
  const t = useT();
  const note = useNotices((s) => s.add);
  const file = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  const reset = () => {
    if (!window.confirm(t(resetRestartsLesson() ? 'frame.resetLessonConfirm' : 'frame.resetConfirm'))) return;
    resetMachine(session);
  };
  const copyLink = async () => {
    const r = session.record();
    if (!r) return;
    const url = await shareLink(r, location.href);
    // without clipboard permission the link is shown in a prompt to copy by hand
    if (await copyText(url, t('frame.copyLinkManual'))) {
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    }
  };
  const exportFile = () => {
    const r = session.record();
    if (!r) return;
    downloadText(`container-lab-session-${r.machine.hostname}.json`, exportText(r));
  };
  const importFile = async (f: File) => {
    if (f.size > 16 * 1024 * 1024) {
      note('error', t('frame.importRejected', { why: t('frame.fileTooBig') }));
      return;
    }
    const r = parseRecordText(await f.text());
    if (!r.ok) {
      note('error', t('frame.importRejected', { why: r.error }));
      return;
    }
    session.restore(r.record);
  };

  return (
    <div className="session-menu" role="group" aria-label={t('frame.session')}>
      <button type="button" onClick={reset} data-testid="reset-machine">
        {t('frame.reset')}
      </button>
      <button type="button" onClick={() => void copyLink()} data-testid="copy-link">
        {copied ? t('frame.copied') : t('frame.copyLink')}
      </button>
      <button type="button" onClick={exportFile} data-testid="export-session">
        {t('frame.export')}
      </button>
      <button type="button" onClick={() => file.current?.click()} data-testid="import-session">
        {t('frame.import')}
      </button>
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void importFile(f);
        }}
      />
    </div>
  );
}

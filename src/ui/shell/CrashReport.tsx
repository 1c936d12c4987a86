import { useT } from '../i18n';

export interface CrashReportProps {
  title: string;
  message: string;
  detail?: string;
  onRestart: () => void;
}

export function CrashReport({ title, message, detail, onRestart }: CrashReportProps) {
  const t = useT();
  return (
    <div className="crash" role="alert">
      <div className="crash__text">
        <strong>{title}</strong>
        <p className="crash__message">{message}</p>
        {detail && (
          <details>
            <summary>{t('shell.crash.details')}</summary>
            <pre>{detail}</pre>
          </details>
        )}
      </div>
      <button type="button" className="crash__restart" onClick={onRestart}>
        {t('shell.crash.restart')}
      </button>
    </div>
  );
}

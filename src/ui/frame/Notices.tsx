import { useT } from '../i18n';
import { useNotices } from './notices';

export function Notices() {
  const t = useT();
  const notices = useNotices((s) => s.notices);
  const dismiss = useNotices((s) => s.dismiss);
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice--${n.level}`} role={n.level === 'error' ? 'alert' : 'status'} data-testid="notice">
          <span>{n.text}</span>
          <button type="button" className="notice__close" onClick={() => dismiss(n.id)} aria-label={t('frame.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

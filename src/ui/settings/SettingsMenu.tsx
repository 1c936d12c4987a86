// The settings menu in the header: a "Settings" button that opens a small panel with the UI
// language, the theme, the terminal's screen reader mode and motion. A disclosure, not a modal:
// opening it moves the focus to its first control; Escape (anywhere in it) or the × closes it
// and gives the focus back to the button; a click elsewhere or tabbing out of it closes it too.
import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { LANGS, useT } from '../i18n';
import { isLang } from './lang';
import { MOTIONS, THEMES, useSettings, type Motion, type Theme } from './store';

export function SettingsMenu() {
  const t = useT();
  const { lang, theme, screenReader, motion, setLang, setTheme, setScreenReader, setMotion } = useSettings();
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLSelectElement>(null);
  const id = useId();

  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);

  // a pointer down anywhere else closes the menu (the focus goes where the user clicked)
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (wrap.current && e.target instanceof Node && !wrap.current.contains(e.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };
  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    const to = e.relatedTarget;
    if (open && to instanceof Node && wrap.current && !wrap.current.contains(to)) setOpen(false);
  };

  const panelId = `${id}-panel`;
  const ids = { title: `${id}-title`, lang: `${id}-lang`, theme: `${id}-theme`, motion: `${id}-motion`, sr: `${id}-sr`, srHint: `${id}-sr-hint` };

  return (
    <div className="settings" ref={wrap} onKeyDown={onKey} onBlur={onBlur}>
      <button
        ref={button}
        type="button"
        className="settings__button"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="settings-button"
        onClick={() => setOpen((o) => !o)}
      >
        <span className="settings__icon" aria-hidden="true">
          ⚙
        </span>
        {t('settings.button')}
      </button>
      {open && (
        <div id={panelId} className="settings__panel" role="dialog" aria-labelledby={ids.title} data-testid="settings-panel">
          <div className="settings__head">
            <h2 id={ids.title}>{t('settings.title')}</h2>
            <button type="button" className="settings__close" aria-label={t('settings.close')} title={t('settings.close')} onClick={close}>
              ×
            </button>
          </div>
          <div className="settings__row">
            <label htmlFor={ids.lang}>{t('settings.lang')}</label>
            <select
              ref={first}
              id={ids.lang}
              value={lang}
              data-testid="settings-lang"
              onChange={(e) => {
                if (isLang(e.target.value)) setLang(e.target.value);
              }}
            >
              {LANGS.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t(`settings.lang.${l}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="settings__row">
            <label htmlFor={ids.theme}>{t('settings.theme')}</label>
            <select id={ids.theme} value={theme} data-testid="settings-theme" onChange={(e) => setTheme(e.target.value as Theme)}>
              {THEMES.map((v) => (
                <option key={v} value={v}>
                  {t(`settings.theme.${v}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="settings__row">
            <label htmlFor={ids.motion}>{t('settings.motion')}</label>
            <select id={ids.motion} value={motion} data-testid="settings-motion" onChange={(e) => setMotion(e.target.value as Motion)}>
              {MOTIONS.map((v) => (
                <option key={v} value={v}>
                  {t(`settings.motion.${v}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="settings__check">
            <input
              id={ids.sr}
              type="checkbox"
              checked={screenReader}
              aria-describedby={ids.srHint}
              data-testid="settings-screen-reader"
              onChange={(e) => setScreenReader(e.target.checked)}
            />
            <div>
              <label htmlFor={ids.sr}>{t('settings.screenReader')}</label>
              <span id={ids.srHint} className="settings__hint">
                {t('settings.screenReader.hint')}
              </span>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

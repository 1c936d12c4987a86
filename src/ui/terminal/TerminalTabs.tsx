// The terminal area: a tab per terminal of the machine (the console, then each pty the user
// opened, named by its tty as `tty` prints it), a "+" that opens a new pty with a login shell, and
// a close button per pty tab (the host closes the master: its shell gets SIGHUP, as when a
// terminal window closes). Every terminal stays mounted so a hidden tab keeps its screen.
import { useEffect, useRef } from 'react';
import { useActiveTerminal } from './active';
import type { ITheme } from '@xterm/xterm';
import { useMachine, useMachineState } from '../session/context';
import type { TerminalId } from '../session/session';
import { useT } from '../i18n';
import { TerminalPanel } from './TerminalPanel';

export interface TerminalTabsProps {
  theme?: ITheme;
  screenReader?: boolean;
  allowInput?: () => boolean;
}

export function TerminalTabs({ theme, screenReader, allowInput }: TerminalTabsProps) {
  const session = useMachine();
  const t = useT();
  const terminals = useMachineState((s) => s.terminals);
  const active = useActiveTerminal((s) => s.active);
  const setActive = useActiveTerminal((s) => s.setActive);
  const known = useRef<TerminalId[]>(terminals);

  useEffect(() => {
    const before = known.current;
    known.current = terminals;
    if (!terminals.includes(active)) setActive('console');
    else {
      const added = terminals.filter((x) => !before.includes(x));
      if (added.length === 1 && before.length > 0) setActive(added[0]!);
    }
  }, [terminals, active]);

  const open = () => {
    if (allowInput && !allowInput()) return;
    const term = window.__labTerminals?.console;
    session.openTerminal(term?.rows ?? 24, term?.cols ?? 80);
  };
  const close = (id: TerminalId) => {
    if (allowInput && !allowInput()) return;
    session.closeTerminal(id);
  };

  return (
    <div className="terminal-tabs">
      <div className="terminal-tabs__bar" role="tablist" aria-label={t('frame.terminals')}>
        {terminals.map((id) => (
          <div key={id} className={`terminal-tabs__tab${id === active ? ' terminal-tabs__tab--active' : ''}`}>
            <button
              type="button"
              role="tab"
              id={`tab-${id}`}
              aria-selected={id === active}
              aria-controls={`tabpanel-${id}`}
              className="terminal-tabs__select"
              onClick={() => setActive(id)}
              data-testid={`tab-${id}`}
            >
              {id}
            </button>
            {id !== 'console' && (
              <button type="button" className="terminal-tabs__close" aria-label={t('frame.closeTerminal', { tty: id })} title={t('frame.closeTerminal', { tty: id })} onClick={() => close(id)}>
                ×
              </button>
            )}
          </div>
        ))}
        <button type="button" className="terminal-tabs__new" onClick={open} aria-label={t('frame.newTerminal')} title={t('frame.newTerminal')} data-testid="new-terminal">
          +
        </button>
      </div>
      {terminals.map((id) => (
        <div key={id} className="terminal-tabs__panel" role="tabpanel" id={`tabpanel-${id}`} aria-labelledby={`tab-${id}`} hidden={id !== active}>
          <TerminalPanel terminal={id} active={id === active} theme={theme} screenReader={screenReader} allowInput={allowInput} label={t('frame.terminalLabel', { tty: id })} />
        </div>
      ))}
    </div>
  );
}

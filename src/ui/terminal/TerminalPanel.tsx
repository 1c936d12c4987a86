// One terminal of the machine: xterm.js with the fit addon. Keystrokes and pastes go to the
// machine as tty-input for this terminal; its tty-output is written to xterm (after a rewind the
// screen is cleared and redrawn from the replayed output); the element's size decides rows ×
// cols, sent as a resize (the pty's window size, so SIGWINCH reaches `top` and line editing).
import { useEffect, useRef } from 'react';
import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import './terminal.css';
import { useMachine } from '../session/context';
import type { TerminalId } from '../session/session';
import { copyKeyHandler } from './clipboard';

declare global {
  interface Window {
    /** the shown terminal's xterm Terminal, for e2e tests that read its buffer */
    __labTerminal?: Terminal;
    /** every open terminal's xterm, by tty name */
    __labTerminals?: Record<string, Terminal>;
  }
}

export const TERMINAL_THEME: ITheme = {
  background: '#101418',
  foreground: '#d8dee4',
  cursor: '#f0c674',
  selectionBackground: '#3a5a80',
};

export interface TerminalPanelProps {
  terminal?: TerminalId;
  /** the tab shown (hidden ones keep their screen and are not measured) */
  active?: boolean;
  theme?: ITheme;
  screenReader?: boolean;
  /** asked before input reaches a machine that was rewound (false: the input is dropped) */
  allowInput?: () => boolean;
  label?: string;
}

export function TerminalPanel({ terminal = 'console', active = true, theme = TERMINAL_THEME, screenReader = false, allowInput, label }: TerminalPanelProps) {
  const session = useMachine();
  const host = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const allowRef = useRef(allowInput);
  allowRef.current = allowInput;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const term = new Terminal({
      fontFamily: '"DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      // at line height 1 the renderer clips the underscore of DejaVu Sans Mono: cpu.cfs_quota_us
      // read as "cpu.cfs quota us" in screenshots
      lineHeight: 1.15,
      cursorBlink: true,
      scrollback: 5000,
      theme,
      screenReaderMode: screenReader,
      allowProposedApi: false,
    });
    termRef.current = term;
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    term.attachCustomKeyEventHandler(copyKeyHandler(term));

    const send = (d: string) => {
      if (allowRef.current && !allowRef.current()) return;
      session.input(d, terminal);
    };
    const disposables = [term.onData(send), term.onBinary(send), term.onResize(({ rows, cols }) => session.resize(rows, cols, terminal))];
    const offTty = session.onTty(terminal, (d, reset) => {
      if (reset) term.reset();
      term.write(d);
    });

    let raf = 0;
    const refit = () => {
      cancelAnimationFrame(raf);
      raf = requestAnimationFrame(() => {
        if (el.clientWidth === 0 || el.clientHeight === 0) return; // hidden: keep the last size
        try {
          fit.fit();
        } catch (_e) {
          // the renderer is not measured yet; the next resize fits
        }
      });
    };
    const observer = new ResizeObserver(refit);
    observer.observe(el);
    try {
      if (el.clientWidth > 0) fit.fit();
    } catch (_e) {
      /* measured on the first ResizeObserver callback */
    }
    if (terminal === 'console') session.resize(term.rows, term.cols, terminal);
    window.__labTerminals = { ...(window.__labTerminals ?? {}), [terminal]: term };

    return () => {
      cancelAnimationFrame(raf);
      observer.disconnect();
      offTty();
      for (const d of disposables) d.dispose();
      if (window.__labTerminal === term) delete window.__labTerminal;
      if (window.__labTerminals?.[terminal] === term) delete window.__labTerminals[terminal];
      termRef.current = null;
      term.dispose();
    };
    // theme and screen reader are applied to the live terminal below, not by recreating it
  }, [session, terminal]);

  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    term.options.theme = theme;
    term.options.screenReaderMode = screenReader;
  }, [theme, screenReader]);

  useEffect(() => {
    const term = termRef.current;
    if (!term || !active) return;
    window.__labTerminal = term;
    term.focus();
  }, [active]);

  return (
    <div className="terminal-frame" hidden={!active} style={{ background: theme.background }}>
      <div className="terminal-host" ref={host} aria-label={label ?? 'Terminal'} data-testid={terminal === 'console' ? 'terminal' : `terminal-${terminal}`} />
    </div>
  );
}

// The console terminal: xterm.js with the fit addon. Keystrokes and pastes go to the machine as
// tty-input; tty-output is written to xterm; the element's size decides rows × cols, sent as a
// resize (the pty's window size, so SIGWINCH reaches `top` and line editing).
import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import './terminal.css';
import { useMachine } from '../session/context';
import { copyKeyHandler } from './clipboard';

declare global {
  interface Window {
    /** the console's xterm Terminal, for e2e tests that read its buffer */
    __labTerminal?: Terminal;
  }
}

export const TERMINAL_THEME = {
  background: '#101418',
  foreground: '#d8dee4',
  cursor: '#f0c674',
  selectionBackground: '#3a5a80',
};

export function TerminalPanel() {
  const session = useMachine();
  const host = useRef<HTMLDivElement>(null);

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
      theme: TERMINAL_THEME,
      allowProposedApi: false,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    term.attachCustomKeyEventHandler(copyKeyHandler(term));

    const disposables = [
      term.onData((d) => session.input(d)),
      term.onBinary((d) => session.input(d)),
      term.onResize(({ rows, cols }) => session.resize(rows, cols)),
    ];
    const offTty = session.onTty((d) => term.write(d));

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
      fit.fit();
    } catch (_e) {
      /* measured on the first ResizeObserver callback */
    }
    session.resize(term.rows, term.cols);
    term.focus();
    window.__labTerminal = term;

    return () => {
      cancelAnimationFrame(raf);
      observer.disconnect();
      offTty();
      for (const d of disposables) d.dispose();
      if (window.__labTerminal === term) delete window.__labTerminal;
      term.dispose();
    };
  }, [session]);

  return (
    <div className="terminal-frame">
      <div className="terminal-host" ref={host} aria-label="Terminal" data-testid="terminal" />
    </div>
  );
}

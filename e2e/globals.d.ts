// What the lab page exposes for tests (src/ui/terminal/TerminalPanel.tsx).
import type { Terminal } from '@xterm/xterm';

declare global {
  interface Window {
    __labTerminal?: Terminal;
  }
}

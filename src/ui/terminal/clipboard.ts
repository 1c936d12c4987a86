// Copy and paste in the terminal as terminal emulators do it: Ctrl+C copies when text is selected
// (and sends ^C otherwise), Ctrl+Shift+C always copies, Ctrl+Shift+V / Ctrl+V / Shift+Insert leave
// the key to the browser so its paste event reaches xterm, which sends the text as tty input.
import type { Terminal } from '@xterm/xterm';

export function copyKeyHandler(term: Pick<Terminal, 'hasSelection' | 'getSelection' | 'clearSelection'>) {
  return (e: KeyboardEvent): boolean => {
    if (e.type !== 'keydown') return true;
    const key = e.key.toLowerCase();
    const mod = e.ctrlKey || e.metaKey;
    if (mod && key === 'c' && (e.shiftKey || term.hasSelection())) {
      const text = term.getSelection();
      if (text) void navigator.clipboard?.writeText(text).catch(() => {});
      if (!e.shiftKey) term.clearSelection();
      e.preventDefault();
      return false;
    }
    // Let the browser fire a paste event on xterm's textarea instead of sending ^V.
    if ((mod && key === 'v') || (e.shiftKey && e.key === 'Insert')) return false;
    return true;
  };
}

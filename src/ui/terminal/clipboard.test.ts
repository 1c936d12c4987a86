import { describe, expect, it, vi } from 'vitest';
import { copyKeyHandler } from './clipboard';

function key(k: string, mods: Partial<Pick<KeyboardEvent, 'ctrlKey' | 'shiftKey' | 'metaKey'>> = {}): KeyboardEvent {
  return { type: 'keydown', key: k, ctrlKey: false, shiftKey: false, metaKey: false, preventDefault: vi.fn(), ...mods } as unknown as KeyboardEvent;
}

describe('terminal copy/paste keys', () => {
  const writeText = vi.fn(() => Promise.resolve());
  vi.stubGlobal('navigator', { clipboard: { writeText } });

  it('Ctrl+C copies a selection, and is ^C without one', () => {
    const term = { hasSelection: () => true, getSelection: () => 'hello', clearSelection: vi.fn() };
    expect(copyKeyHandler(term)(key('c', { ctrlKey: true }))).toBe(false);
    expect(writeText).toHaveBeenCalledWith('hello');
    expect(term.clearSelection).toHaveBeenCalled();
    const none = { hasSelection: () => false, getSelection: () => '', clearSelection: vi.fn() };
    expect(copyKeyHandler(none)(key('c', { ctrlKey: true }))).toBe(true);
  });

  it('leaves paste keys to the browser so xterm gets a paste event', () => {
    const term = { hasSelection: () => false, getSelection: () => '', clearSelection: vi.fn() };
    expect(copyKeyHandler(term)(key('v', { ctrlKey: true }))).toBe(false);
    expect(copyKeyHandler(term)(key('V', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(copyKeyHandler(term)(key('Insert', { shiftKey: true }))).toBe(false);
    expect(copyKeyHandler(term)(key('a'))).toBe(true);
  });
});

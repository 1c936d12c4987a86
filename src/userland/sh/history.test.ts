import { describe, it, expect } from 'vitest';
import { historyExpand } from './history';

describe('history expansion', () => {
  const h = ['ls -l /tmp', 'echo hello world', 'cat file'];
  it('expands events', () => {
    expect(historyExpand('sudo !!', h)).toEqual({ line: 'sudo cat file', changed: true });
    expect(historyExpand('echo !$', h)).toEqual({ line: 'echo file', changed: true });
    expect(historyExpand('!1', h)).toEqual({ line: 'ls -l /tmp', changed: true });
    expect(historyExpand('!-2', h)).toEqual({ line: 'echo hello world', changed: true });
    expect(historyExpand('!ec', h)).toEqual({ line: 'echo hello world', changed: true });
  });
  it('leaves quoted and lone ! alone', () => {
    expect(historyExpand("echo '!!' hi! a != b", h)).toEqual({ line: "echo '!!' hi! a != b", changed: false });
  });
  it('reports missing events like bash', () => {
    expect(historyExpand('!nope', h)).toEqual({ error: '!nope: event not found' });
  });
});

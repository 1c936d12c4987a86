import { describe, expect, it } from 'vitest';
import { labEvent, parseCommand, parseEvent } from './messages';

const tag = { cl: 'container-lab', v: 1 };

describe('embed messages', () => {
  it('accepts well-formed commands only', () => {
    expect(parseCommand({ ...tag, type: 'run', command: 'ps' })).toEqual({ ...tag, type: 'run', command: 'ps' });
    expect(parseCommand({ ...tag, type: 'reset' })).toEqual({ ...tag, type: 'reset' });
    expect(parseCommand({ ...tag, type: 'loadLesson', lesson: 'zombies' })).toEqual({ ...tag, type: 'loadLesson', lesson: 'zombies' });
    for (const bad of [
      null,
      'run ps',
      { type: 'run', command: 'ps' }, // untagged
      { ...tag, v: 2, type: 'run', command: 'ps' },
      { ...tag, type: 'run', command: 'echo a\recho b' }, // one line only
      { ...tag, type: 'run', command: 'x'.repeat(5000) },
      { ...tag, type: 'run', command: 'ps', extra: 1 },
      { ...tag, type: 'eval', code: '1' },
      { ...tag, type: 'loadLesson', lesson: '' },
      Object.assign(Object.create({ polluted: true }), { ...tag, type: 'reset' }),
    ]) {
      expect(parseCommand(bad)).toBeNull();
    }
  });

  it('accepts well-formed events only', () => {
    const e = labEvent('stepCompleted', { lesson: 'zombies', step: 1, title: 'x' });
    expect(parseEvent(JSON.parse(JSON.stringify(e)))).toEqual(e);
    expect(parseEvent(labEvent('ready', { lesson: null }))).not.toBeNull();
    expect(parseEvent({ ...tag, type: 'event', event: 'stepCompleted', data: { lesson: 'z', step: -1, title: 'x' } })).toBeNull();
    expect(parseEvent({ ...tag, type: 'event', event: 'nope', data: {} })).toBeNull();
    expect(parseEvent({ ...tag, type: 'event', event: 'command', data: { terminal: 'console' } })).toBeNull();
    expect(parseEvent(labEvent('command', { terminal: 'console', line: 'kill -9 1', status: 137 }))).not.toBeNull();
    expect(parseEvent(labEvent('command', { terminal: 'console', line: 'bash', status: null }))).not.toBeNull();
    for (const status of [undefined, -1, 256, 1.5, '0']) {
      expect(parseEvent({ ...tag, type: 'event', event: 'command', data: { terminal: 'console', line: 'ps', status } })).toBeNull();
    }
  });
});

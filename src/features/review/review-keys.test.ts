import { describe, expect, it } from 'vitest';
import { reviewKeyAction } from './review-keys';

const key = (k: string, extra: Partial<Parameters<typeof reviewKeyAction>[0]> = {}) =>
  reviewKeyAction({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    repeat: false,
    target: { tagName: 'DIV' } as unknown as EventTarget,
    ...extra,
  });

describe('review shortcuts', () => {
  it('reveal with Space or Enter, answer with 1 to 4, undo with U or Ctrl+Z', () => {
    expect(key(' ')).toEqual({ type: 'reveal' });
    expect(key('Enter')).toEqual({ type: 'reveal' });
    expect([1, 2, 3, 4].map((g) => key(String(g)))).toEqual(
      [1, 2, 3, 4].map((grade) => ({ type: 'answer', grade })),
    );
    expect(key('u')).toEqual({ type: 'undo' });
    expect(key('U', { shiftKey: true })).toEqual({ type: 'undo' });
    expect(key('z', { ctrlKey: true })).toEqual({ type: 'undo' });
    expect(key('z', { metaKey: true })).toEqual({ type: 'undo' });
  });

  it('leave other keys, modified digits and auto-repeat alone', () => {
    expect(key('5')).toBeNull();
    expect(key('z')).toBeNull();
    expect(key('3', { ctrlKey: true })).toBeNull();
    expect(key('3', { repeat: true })).toBeNull();
  });

  it('never act on typing in form fields, and let focused buttons and links handle Space and Enter', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT']) {
      expect(key('3', { target: { tagName } as unknown as EventTarget })).toBeNull();
      expect(key('u', { target: { tagName } as unknown as EventTarget })).toBeNull();
    }
    expect(key(' ', { target: { tagName: 'BUTTON' } as unknown as EventTarget })).toBeNull();
    expect(key('Enter', { target: { tagName: 'A' } as unknown as EventTarget })).toBeNull();
    expect(key('3', { target: { tagName: 'BUTTON' } as unknown as EventTarget })).toEqual({
      type: 'answer',
      grade: 3,
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { DeckRecord } from '../domain/model';
import { curveFor, statsScopes } from './stats';

const deck = (id: string, course: string, chapter: number): DeckRecord => ({
  schemaVersion: 1,
  id,
  course,
  chapter,
  title: `Title ${chapter}`,
  estimatedTime: [],
  objectives: [],
  exercises: { items: [] },
  related: [],
  reading: [],
  coverage: { answered: 0, total: 0 },
  hash: 'h',
  imported: false,
  retired: false,
  cardCount: 0,
  syncedAt: 0,
});

describe('statsScopes', () => {
  it('offers the whole course, then each chapter, for a single course', () => {
    const scopes = statsScopes([deck('x-01', 'X', 1), deck('x-02', 'X', 2)]);
    expect(scopes.map((s) => [s.id, s.label, s.deckIds])).toEqual([
      ['course:X', 'X: whole course', ['x-01', 'x-02']],
      ['deck:x-01', 'X: chapter 1, Title 1', ['x-01']],
      ['deck:x-02', 'X: chapter 2, Title 2', ['x-02']],
    ]);
  });

  it('adds "All courses" first when there are several courses', () => {
    const scopes = statsScopes([deck('x-01', 'X', 1), deck('y-01', 'Y', 1)]);
    expect(scopes.map((s) => s.id)).toEqual([
      'all',
      'course:X',
      'deck:x-01',
      'course:Y',
      'deck:y-01',
    ]);
    expect(scopes[0]!.deckIds).toBeNull();
  });
});

describe('curveFor', () => {
  it('is FSRS’s forgetting curve: R = 1 at t = 0 and R = 90 % when t equals the stability', () => {
    const curve = curveFor({ parameters: null });
    expect(curve(0, 5)).toBe(1);
    expect(curve(5, 5)).toBeCloseTo(0.9, 10);
    expect(curve(10, 5)).toBeLessThan(0.9);
  });
});

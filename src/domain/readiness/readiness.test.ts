import { describe, expect, it } from 'vitest';
import type { MemoryState } from '../model';
import { DEFAULT_PARAMETERS, memoryModel } from '../scheduler/memory';
import { chapterReadiness, readinessByDeck, readinessPercent } from './readiness';
import { recallNow, type ReadinessCard, type RecallFn } from './recall';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const model = memoryModel(DEFAULT_PARAMETERS);
/** FSRS-6 retrievability under the default parameters: R(t, S) with t in days since the last review. */
const recall: RecallFn = (m, now) =>
  model.retrievability((now - (m.lastReview ?? now)) / DAY, m.stability);

const fresh: MemoryState = {
  phase: 'new',
  due: NOW,
  stability: 0,
  difficulty: 0,
  elapsedDays: 0,
  scheduledDays: 0,
  learningSteps: 0,
  reps: 0,
  lapses: 0,
  lastReview: null,
};
/** A card in review reviewed `daysAgo` days before NOW with stability `stability` days. */
const reviewed = (stability: number, daysAgo: number): MemoryState => ({
  ...fresh,
  phase: 'review',
  stability,
  difficulty: 5,
  reps: 1,
  lastReview: NOW - daysAgo * DAY,
  due: NOW - daysAgo * DAY + stability * DAY,
});

let position = 0;
const card = (
  id: string,
  kind: string,
  memory: MemoryState,
  extra: Partial<ReadinessCard> = {},
): ReadinessCard => ({
  id,
  deckId: 'c-01',
  chapter: 1,
  kind,
  front: id,
  back: `answer of ${id}`,
  position: position++,
  memory,
  suspended: false,
  retired: false,
  ...extra,
});

describe('chapter readiness', () => {
  it('is the mean predicted recall now of concept, objective and tool cards, never-reviewed counting as 0', () => {
    const cards = [
      card('a', 'concept', reviewed(10, 0)), // R = 1 (just reviewed)
      card('b', 'objective', reviewed(10, 10)), // R = 0.9 by FSRS's definition of stability
      card('c', 'tool', fresh), // 0
      card('d', 'reading', reviewed(10, 0)), // not counted
      card('e', 'inline', fresh), // not counted
      card('f', 'subchapter', fresh), // not counted
    ];
    const r = chapterReadiness('c-01', cards, NOW, recall);
    expect(r.counted).toBe(3);
    expect(r.reviewed).toBe(2);
    expect(r.fraction).toBeCloseTo((1 + 0.9 + 0) / 3, 6);
    expect(readinessPercent(r.fraction ?? 0)).toBe(63);
  });

  it('falls as time passes with no reviews', () => {
    const cards = [card('a', 'concept', reviewed(5, 0)), card('b', 'concept', reviewed(20, 0))];
    const today = chapterReadiness('c-01', cards, NOW, recall).fraction ?? 0;
    const inAWeek = chapterReadiness('c-01', cards, NOW + 7 * DAY, recall).fraction ?? 0;
    const inAMonth = chapterReadiness('c-01', cards, NOW + 30 * DAY, recall).fraction ?? 0;
    expect(today).toBeCloseTo(1, 6);
    expect(inAWeek).toBeLessThan(today);
    expect(inAMonth).toBeLessThan(inAWeek);
    expect(inAMonth).toBeGreaterThan(0);
  });

  it('is 0 for a chapter never studied and null for one with no counted cards', () => {
    expect(chapterReadiness('c-01', [card('a', 'concept', fresh)], NOW, recall).fraction).toBe(0);
    expect(
      chapterReadiness('c-01', [card('r', 'reading', fresh)], NOW, recall).fraction,
    ).toBeNull();
    expect(chapterReadiness('c-01', [], NOW, recall)).toMatchObject({ counted: 0, weakest: [] });
  });

  it('leaves out retired cards and other chapters, but keeps suspended cards', () => {
    const cards = [
      card('a', 'concept', reviewed(10, 0)),
      card('gone', 'concept', fresh, { retired: true }),
      card('other', 'concept', fresh, { deckId: 'c-02' }),
      card('held', 'concept', fresh, { suspended: true }),
    ];
    const r = chapterReadiness('c-01', cards, NOW, recall);
    expect(r.counted).toBe(2);
    expect(r.fraction).toBeCloseTo(0.5, 6);
  });

  it('names the five weakest concepts, lowest recall first, ties in course order', () => {
    const cards = [
      card('strong', 'concept', reviewed(100, 1)),
      card('new one', 'concept', fresh),
      card('new two', 'concept', fresh),
      card('fading', 'concept', reviewed(2, 20)),
      card('middling', 'concept', reviewed(10, 10)),
      card('recent', 'concept', reviewed(10, 1)),
      card('objective', 'objective', fresh),
    ];
    const names = chapterReadiness('c-01', cards, NOW, recall).weakest.map((w) => w.name);
    expect(names).toEqual(['new one', 'new two', 'fading', 'middling', 'recent']);
  });

  it('computes every deck from one pass, unknown decks included as empty', () => {
    const cards = [
      card('a', 'concept', reviewed(10, 0)),
      card('b', 'concept', fresh, { deckId: 'c-02' }),
    ];
    const map = readinessByDeck(['c-01', 'c-02', 'c-09'], cards, NOW, recall);
    expect(map.get('c-01')?.fraction).toBeCloseTo(1, 6);
    expect(map.get('c-02')?.fraction).toBe(0);
    expect(map.get('c-09')?.fraction).toBeNull();
  });
});

describe('predicted recall now', () => {
  it('is 0 for a reset card and clamps corrupt values', () => {
    expect(recallNow({ ...reviewed(10, 1), phase: 'new' }, NOW, recall)).toBe(0);
    expect(recallNow(reviewed(10, 1), NOW, () => NaN)).toBe(0);
    expect(recallNow(reviewed(10, 1), NOW, () => 1.5)).toBe(1);
  });

  it('shows a percentage rounded down, never 100 before it is reached', () => {
    expect(readinessPercent(0.996)).toBe(99);
    expect(readinessPercent(1)).toBe(100);
    expect(readinessPercent(0.29)).toBe(29);
  });
});

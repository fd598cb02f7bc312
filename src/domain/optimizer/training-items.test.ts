import { describe, expect, it } from 'vitest';
import type { CardPhase, Grade, MemoryState, ReviewKind, ReviewLogEntry } from '../model';
import {
  cardHistories,
  dayNumber,
  packItems,
  timeSeriesSplit,
  toTrainingItems,
  type TrainingItem,
} from './training-items';

const state = (phase: CardPhase): MemoryState => ({
  phase,
  due: 0,
  stability: phase === 'new' ? 0 : 3,
  difficulty: phase === 'new' ? 0 : 5,
  elapsedDays: 0,
  scheduledDays: 0,
  learningSteps: 0,
  reps: 0,
  lapses: 0,
  lastReview: null,
});

let serial = 0;
function entry(
  cardId: string,
  iso: string,
  rating: Grade | 0,
  options: { kind?: ReviewKind; before?: CardPhase } = {},
): ReviewLogEntry {
  return {
    id: `dev-${String(serial++).padStart(4, '0')}`,
    cardId,
    deckId: 'deck',
    kind: options.kind ?? (rating === 0 ? 'reset' : 'review'),
    rating,
    reviewedAt: Date.parse(iso),
    durationMs: 3000,
    before: state(options.before ?? 'review'),
    after: state('review'),
  };
}

// The learner lives at UTC+1 (no daylight saving in the fixtures' dates) and the day starts at 04:00 local.
const CET = { utcOffsetMinutes: () => 60, nextDayHour: 4 };

// Card A, every answer in local time:
//   Mar 1 11:00 Good (new) · Mar 1 11:10 Good · Mar 2 03:30 Good (before 04:00: still Mar 1's day)
//   Mar 3 03:30 Again, in a quiz (Mar 2's day) · Mar 3 04:30 Good (Mar 3's day) · Mar 10 10:00 Easy
const cardA = [
  entry('A', '2026-03-01T10:00:00Z', 3, { before: 'new' }),
  entry('A', '2026-03-01T10:10:00Z', 3, { before: 'learning' }),
  entry('A', '2026-03-02T02:30:00Z', 3),
  entry('A', '2026-03-03T02:30:00Z', 1, { kind: 'quiz' }),
  entry('A', '2026-03-03T03:30:00Z', 3, { before: 'relearning' }),
  entry('A', '2026-03-10T09:00:00Z', 4),
];
// Card B: Again (new) Mar 1, Good Mar 4, reset Mar 5, then Good (new again) Mar 5 and Hard Mar 8, all at 13:00 local.
const cardB = [
  entry('B', '2026-03-01T12:00:00Z', 1, { before: 'new' }),
  entry('B', '2026-03-04T12:00:00Z', 3),
  entry('B', '2026-03-05T12:00:00Z', 0, { kind: 'reset' }),
  entry('B', '2026-03-05T12:05:00Z', 3, { before: 'new' }),
  entry('B', '2026-03-08T12:00:00Z', 2),
];
// Card C: its log starts on a card already in review (history before it lost): it cannot be replayed from zero.
const cardC = [entry('C', '2026-03-02T12:00:00Z', 3), entry('C', '2026-03-09T12:00:00Z', 3)];

const summary = (items: TrainingItem[]) =>
  items.map(
    (item) => `${item.cardId} ${item.reviews.map((r) => `${r.rating}:${r.deltaT}`).join(' ')}`,
  );

describe('the day number', () => {
  it('counts a review before the next-day hour for the previous day', () => {
    const beforeFour = dayNumber(Date.parse('2026-03-02T02:30:00Z'), CET);
    const afterFour = dayNumber(Date.parse('2026-03-02T03:30:00Z'), CET);
    const lateEvening = dayNumber(Date.parse('2026-03-01T22:30:00Z'), CET);
    expect(afterFour - beforeFour).toBe(1);
    expect(beforeFour).toBe(lateEvening);
  });

  it("follows the learner's UTC offset, not UTC", () => {
    // 02:30 UTC is 03:30 at UTC+1 (previous day) but 05:30 at UTC+3 (same day).
    const at = Date.parse('2026-03-02T02:30:00Z');
    expect(dayNumber(at, { utcOffsetMinutes: () => 180 }) - dayNumber(at, CET)).toBe(1);
  });
});

describe('review log to training items', () => {
  const log = [...cardC, ...cardB.slice().reverse(), ...cardA];

  it('makes one item per later-day review, with Δt in whole days honouring the next-day hour', () => {
    // Card A as FSRS reviews: 3:0 3:0 3:0 1:1 3:1 4:7 (the quiz answer is a review like any other).
    // Items end on each review with Δt ≥ 1: the 4th, 5th and 6th. Card B keeps only what follows its reset.
    expect(summary(toTrainingItems(log, CET))).toEqual([
      'A 3:0 3:0 3:0 1:1',
      'A 3:0 3:0 3:0 1:1 3:1',
      'B 3:0 2:3',
      'A 3:0 3:0 3:0 1:1 3:1 4:7',
    ]);
  });

  it('shifts the day boundary with the next-day hour', () => {
    // With days starting at midnight the 03:30 answers belong to their own dates: 3:0 3:0 3:1 1:1 3:0 4:7.
    const midnight = { ...CET, nextDayHour: 0 };
    expect(summary(toTrainingItems(cardA, midnight))).toEqual([
      'A 3:0 3:0 3:1',
      'A 3:0 3:0 3:1 1:1',
      'A 3:0 3:0 3:1 1:1 3:0 4:7',
    ]);
  });

  it("cuts a card's history at its last reset and leaves out cards whose history is incomplete", () => {
    const histories = cardHistories(log);
    expect([...histories.keys()].sort()).toEqual(['A', 'B']);
    expect(histories.get('B')?.map((e) => e.rating)).toEqual([3, 2]);
  });

  it('stamps each item with the time of the review it predicts', () => {
    const items = toTrainingItems(cardB, CET);
    expect(items.map((i) => new Date(i.reviewedAt).toISOString())).toEqual([
      '2026-03-08T12:00:00.000Z',
    ]);
  });

  it('packs items for fsrs-browser as concatenated reviews with their lengths', () => {
    const packed = packItems(
      toTrainingItems(cardB, CET).concat(toTrainingItems(cardA, CET).slice(0, 1)),
    );
    expect(Array.from(packed.lengths)).toEqual([2, 4]);
    expect(Array.from(packed.ratings)).toEqual([3, 2, 3, 3, 3, 1]);
    expect(Array.from(packed.deltaTs)).toEqual([0, 3, 0, 0, 0, 1]);
  });
});

describe('the time-series split', () => {
  const item = (cardId: string, day: number): TrainingItem => ({
    cardId,
    reviews: [
      { rating: 3, deltaT: 0 },
      { rating: 3, deltaT: 1 },
    ],
    reviewedAt: day * 86_400_000,
  });

  it('trains on earlier reviews and tests on later ones', () => {
    const items = [5, 1, 9, 3, 7, 2, 8, 4, 6, 10].map((day) => item(`c${day}`, day));
    const { train, test, cutoff } = timeSeriesSplit(items, 0.2);
    expect(train.map((i) => i.reviewedAt / 86_400_000)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(test.map((i) => i.reviewedAt / 86_400_000)).toEqual([9, 10]);
    expect(cutoff).toBe(9 * 86_400_000);
  });

  it('keeps reviews made at the same instant on the same side', () => {
    const items = [1, 2, 3, 3, 3].map((day, i) => item(`c${i}`, day));
    const { train, test } = timeSeriesSplit(items, 0.2);
    expect(train).toHaveLength(2);
    expect(test).toHaveLength(3);
  });
});

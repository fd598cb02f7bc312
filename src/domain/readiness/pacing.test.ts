import { describe, expect, it } from 'vitest';
import { cleanPacing, inPacedOrder, paceNewCards, pacingRank } from './pacing';

const cards = [
  { id: '1a', deckId: 'c-01' },
  { id: '1b', deckId: 'c-01' },
  { id: '2a', deckId: 'c-02' },
  { id: '3a', deckId: 'c-03' },
  { id: '3b', deckId: 'c-03' },
  { id: '4a', deckId: 'c-04' },
];
const ids = (list: { id: string }[]) => list.map((c) => c.id);

describe('course-paced new cards', () => {
  it('keeps course order when no chapter is marked', () => {
    expect(ids(paceNewCards(cards, {}))).toEqual(['1a', '1b', '2a', '3a', '3b', '4a']);
  });

  it('brings the chapters being studied forward, in course order among themselves', () => {
    expect(ids(paceNewCards(cards, { 'c-04': 'studying', 'c-03': 'studying' }))).toEqual([
      '3a',
      '3b',
      '4a',
      '1a',
      '1b',
      '2a',
    ]);
  });

  it('holds back the chapters marked not yet', () => {
    expect(ids(paceNewCards(cards, { 'c-01': 'not-yet', 'c-03': 'studying' }))).toEqual([
      '3a',
      '3b',
      '2a',
      '4a',
    ]);
  });

  it('keeps only valid marks from stored data', () => {
    expect(cleanPacing({ a: 'studying', b: 'not-yet', c: 'later', d: 3 })).toEqual({
      a: 'studying',
      b: 'not-yet',
    });
    expect(cleanPacing(null)).toEqual({});
    expect(cleanPacing('x')).toEqual({});
  });
});

describe('paced deck order', () => {
  it('gives the new-card allowance to studying chapters first and to not-yet chapters last', () => {
    const decks = [{ id: 'c-01' }, { id: 'c-02' }, { id: 'c-03' }, { id: 'c-04' }];
    const order = inPacedOrder(decks, { 'c-01': 'not-yet', 'c-04': 'studying' }).map((d) => d.id);
    expect(order).toEqual(['c-04', 'c-02', 'c-03', 'c-01']);
    expect([pacingRank('studying'), pacingRank(undefined), pacingRank('not-yet')]).toEqual([
      0, 1, 2,
    ]);
  });
});

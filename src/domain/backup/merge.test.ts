import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CardRecord, MemoryState, ReviewLogEntry } from '../model';
import { newMemoryState, next } from '../scheduler';
import {
  diverge,
  divergedArb,
  SCHEDULING,
  type Collection,
} from '../../../tests/support/collections';
import { compareLogEntries, mergeCollections } from './merge';
import { replayFromNew } from './replay';

const NOW = Date.UTC(2027, 0, 1);
const replay = replayFromNew(() => SCHEDULING, NOW);
const options = { replay, settingKey: (row: { id: string }) => row.id };
const withSettings = (c: Collection) => ({ ...c, settings: [] as { id: string }[] });
const merge = (a: Collection, b: Collection) =>
  mergeCollections(withSettings(a), withSettings(b), options).collection;

/** The reference: fold every surviving answer of a card, oldest first, from a New card. */
function replayUnion(cardId: string, log: readonly ReviewLogEntry[]): MemoryState {
  const rows = log.filter((r) => r.cardId === cardId).sort(compareLogEntries);
  let memory = newMemoryState(NOW);
  for (const row of rows) {
    if (row.rating === 0) continue;
    memory = next(cardId, memory, row.reviewedAt, row.rating, SCHEDULING);
  }
  return memory;
}

describe('mergeCollections', () => {
  it('keeps every answer of both devices and drops every undone one', () => {
    fc.assert(
      fc.property(divergedArb, (spec) => {
        const { phone, laptop } = diverge(spec);
        const merged = merge(phone.collection(), laptop.collection());
        const tombstoned = new Set([...phone.tombstones, ...laptop.tombstones].map((t) => t.id));
        const expected = new Set(
          [...phone.log, ...laptop.log].map((r) => r.id).filter((id) => !tombstoned.has(id)),
        );
        expect(new Set(merged.reviewLog.map((r) => r.id))).toEqual(expected);
        expect(merged.tombstones.map((t) => t.id).sort()).toEqual([...tombstoned].sort());
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it("gives every card the state of replaying the union of both devices' logs", () => {
    fc.assert(
      fc.property(divergedArb, (spec) => {
        const { phone, laptop } = diverge(spec);
        const merged = merge(phone.collection(), laptop.collection());
        for (const card of merged.cards) {
          const rows = merged.reviewLog.filter((r) => r.cardId === card.id);
          if (rows.length === 0) {
            // Never answered (or every answer undone): New, as it was.
            expect(card.memory.phase).toBe('new');
            expect(card.memory.reps).toBe(0);
          } else {
            expect(card.memory).toEqual(replayUnion(card.id, merged.reviewLog));
          }
        }
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('gives the same result in either order', () => {
    fc.assert(
      fc.property(divergedArb, (spec) => {
        const { phone, laptop } = diverge(spec);
        expect(merge(phone.collection(), laptop.collection())).toEqual(
          merge(laptop.collection(), phone.collection()),
        );
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('changes nothing when the same file is merged twice, or a collection with itself', () => {
    fc.assert(
      fc.property(divergedArb, (spec) => {
        const { phone, laptop } = diverge(spec);
        const once = merge(phone.collection(), laptop.collection());
        const asCollection: Collection = {
          decks: [...once.decks],
          cards: [...once.cards],
          reviewLog: [...once.reviewLog],
          tombstones: [...once.tombstones],
        };
        expect(merge(asCollection, laptop.collection())).toEqual(once);
        expect(merge(asCollection, phone.collection())).toEqual(once);
        expect(merge(asCollection, asCollection)).toEqual(once);
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('keeps an answer undone on one device undone after merging with a device that still has it', () => {
    const { phone, laptop } = diverge({
      cardCount: 1,
      base: [{ card: 0, grade: 3, minutes: 5, undo: false }],
      phone: [{ card: 0, grade: 1, minutes: 1, undo: true }],
      laptop: [{ card: 0, grade: 4, minutes: 60 * 24 * 3, undo: false }],
    });
    const undoneId = phone.tombstones[0]?.id;
    expect(undoneId).toBe('base-1');
    const merged = merge(phone.collection(), laptop.collection());
    expect(merged.reviewLog.map((r) => r.id)).toEqual(['laptop-1']);
    // Replayed from New: the laptop's Easy is now the card's first answer.
    const card = merged.cards[0] as CardRecord;
    expect(card.memory.reps).toBe(1);
    expect(card.memory).toEqual(replayUnion(card.id, merged.reviewLog));
  });

  it('keeps a deck imported when either side imported it', () => {
    const { phone, laptop } = diverge({ cardCount: 1, base: [], phone: [], laptop: [] });
    const a = phone.collection();
    const b = laptop.collection();
    a.decks = a.decks.map((d) => ({ ...d, imported: true, title: 'Zeta' }));
    const ab = merge(a, b);
    const ba = merge(b, a);
    expect(ab.decks.every((d) => d.imported)).toBe(true);
    expect(ab.decks).toEqual(ba.decks);
  });
});

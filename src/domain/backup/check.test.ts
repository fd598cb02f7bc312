import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CardRecord, ReviewLogEntry } from '../model';
import {
  diverge,
  divergedArb,
  freshDevice,
  SCHEDULING,
  START,
  type Collection,
} from '../../../tests/support/collections';
import { checkCollection, type CheckInput, type CheckResult } from './check';
import { replayFromNew } from './replay';

// Later than any simulated answer (at most 36 steps of two weeks after START).
const NOW = Date.UTC(2029, 0, 1);
const replay = replayFromNew(() => SCHEDULING, NOW);
const check = (input: CheckInput) => checkCollection(input, { now: NOW, replay });

function inputOf(c: Collection): CheckInput {
  return {
    deckIds: new Set(c.decks.map((d) => d.id)),
    cards: c.cards,
    reviewLog: c.reviewLog,
    tombstoneIds: new Set(c.tombstones.map((t) => t.id)),
  };
}

/** What the service does with a result: apply it to the input. */
function apply(input: CheckInput, result: CheckResult): CheckInput {
  const cards = new Map(input.cards.map((c) => [c.id, c]));
  for (const id of result.cardIdsToDelete) cards.delete(id);
  for (const c of result.cardsToPut) cards.set(c.id, c);
  const log = new Map(input.reviewLog.map((r) => [r.id, r]));
  for (const id of result.logIdsToDelete) log.delete(id);
  for (const r of result.logToPut) log.set(r.id, r);
  return { ...input, cards: [...cards.values()], reviewLog: [...log.values()] };
}

/** Damage a healthy collection in the ways the rules look for. */
function damage(c: Collection): Collection {
  const cards = c.cards.map((card, i): CardRecord => {
    if (i === 0)
      return { ...card, memory: { ...card.memory, difficulty: 42, reps: 3, phase: 'review' } };
    if (i === 1) return { ...card, memory: { ...card.memory, due: Number.NaN } };
    if (i === 2) return { ...card, deckId: 'gone-deck' };
    if (i === 3) return { ...card, buriedUntil: Number.POSITIVE_INFINITY };
    return card;
  });
  const log = c.reviewLog.map((row, i): ReviewLogEntry => {
    if (i === 0) return { ...row, reviewedAt: NOW + 10 * 86_400_000 };
    if (i === 1) return { ...row, durationMs: -5 };
    return row;
  });
  // A row of a card that no longer exists.
  const orphan = c.reviewLog[0] && { ...c.reviewLog[0], id: 'orphan-row', cardId: 'vanished-card' };
  // A row that was undone but is still there.
  const undone = c.tombstones[0] && {
    ...(c.reviewLog[0] as ReviewLogEntry),
    id: c.tombstones[0].id,
  };
  return {
    ...c,
    cards,
    reviewLog: [...log, ...(orphan ? [orphan] : []), ...(undone && c.reviewLog[0] ? [undone] : [])],
  };
}

describe('checkCollection', () => {
  it('finds nothing in a healthy collection', () => {
    fc.assert(
      fc.property(divergedArb, (spec) => {
        const { phone } = diverge(spec);
        expect(check(inputOf(phone.collection())).fixes).toEqual([]);
      }),
      { seed: 42, numRuns: 40 },
    );
  });

  it('repairs each kind of damage and finds nothing the second time', () => {
    fc.assert(
      fc.property(divergedArb, (spec) => {
        const { phone } = diverge(spec);
        const input = inputOf(damage(phone.collection()));
        const first = check(input);
        const repaired = apply(input, first);
        expect(check(repaired).fixes).toEqual([]);
        // Nothing is lost: every row that was not undone is still there.
        const tomb = input.tombstoneIds;
        const kept = new Set(repaired.reviewLog.map((r) => r.id));
        for (const row of input.reviewLog) {
          if (!tomb.has(row.id) && Number.isFinite(row.reviewedAt))
            expect(kept.has(row.id)).toBe(true);
        }
      }),
      { seed: 42, numRuns: 40 },
    );
  });

  it('reports each rule in plain words', () => {
    const device = freshDevice('d', 4);
    device.answer('card-0', 3, START + 60_000);
    device.answer('card-0', 3, START + 3 * 86_400_000);
    device.answer('card-1', 2, START + 60_000);
    device.answer('card-2', 1, START + 60_000);
    device.answer('card-2', 3, START + 120_000);
    device.undoLatest('card-2', START + 130_000);
    const input = inputOf(damage(device.collection()));
    const result = check(input);
    const rules = new Set(result.fixes.map((f) => f.rule));
    expect(rules).toEqual(
      new Set(['undone-row', 'log-time', 'orphan-log', 'card-state', 'orphan-card']),
    );
    expect(result.fixes.find((f) => f.id === 'card-0')?.message).toMatch(
      /difficulty 42 is outside 1–10: recomputed from its answers/,
    );
    expect(result.fixes.find((f) => f.id === 'card-1')?.message).toMatch(/due date is not a date/);
    // card-2 has history: hidden, not removed; the vanished card's answers are kept under a placeholder.
    expect(result.cardIdsToDelete).toEqual([]);
    expect(result.cardsToPut.find((c) => c.id === 'card-2')?.retired).toBe(true);
    const placeholder = result.cardsToPut.find((c) => c.id === 'vanished-card');
    expect(placeholder?.retired).toBe(true);
    expect(placeholder?.memory.reps).toBe(1);
    expect(result.logToPut.find((r) => r.id === device.log[0]?.id)?.reviewedAt).toBe(NOW);
  });

  it('removes a never-answered card whose deck is gone', () => {
    const device = freshDevice('d', 3);
    const c = device.collection();
    c.cards[2] = { ...(c.cards[2] as CardRecord), deckId: 'gone' };
    expect(check(inputOf(c)).cardIdsToDelete).toEqual(['card-2']);
  });
});

/**
 * Merging two collections (this device's and an exported one), so that the exports of a phone and a laptop can be
 * combined without losing a review.
 *
 * Rules:
 * - review-log rows are united by id (ids are globally unique, so equal ids are the same answer);
 * - tombstones are united too, and every row with a tombstoned id is dropped: an undone answer stays undone;
 * - a card present on both sides keeps the record that wins {@link compareCardRecords} (higher `version`, then
 *   longer surviving log, then a canonical-JSON tie-break), and its memory state is recomputed by replaying the
 *   united log whenever that log differs from the winner's own log;
 * - decks and settings rows present on both sides keep the canonical-JSON winner; a deck stays `imported` if either
 *   side imported it.
 *
 * Every choice is made by a total order that does not depend on argument order, so
 * merge(a, b) = merge(b, a), merge(a, a) = a and merge(merge(a, b), b) = merge(a, b) (given a deterministic replay).
 */
import type { CardRecord, MemoryState, ReviewLogEntry } from '../model';
import { canonicalJson, compareStrings } from './canonical';

/** Recomputes a card's memory state from its log, oldest first (the scheduling adapter's replay). */
export type ReplayFn = (card: CardRecord, log: readonly ReviewLogEntry[]) => MemoryState;

export type MergeableCollection<D, S, T> = {
  decks: readonly D[];
  cards: readonly CardRecord[];
  reviewLog: readonly ReviewLogEntry[];
  tombstones: readonly T[];
  settings: readonly S[];
};

export type MergeOptions<S> = {
  replay: ReplayFn;
  /** The primary key of a settings row. */
  settingKey: (row: S) => string;
};

export type MergeResult<D, S, T> = {
  collection: MergeableCollection<D, S, T>;
  /** Ids of cards whose memory was recomputed by replay. */
  replayedCardIds: string[];
};

/** Log order used everywhere: review time, then id (two answers in the same millisecond keep a stable order). */
export function compareLogEntries(a: ReviewLogEntry, b: ReviewLogEntry): number {
  return a.reviewedAt - b.reviewedAt || compareStrings(a.id, b.id);
}

/** Orders by `id`, the key every merged table is returned in. */
function byId<X extends { id: string }>(a: X, b: X): number {
  return compareStrings(a.id, b.id);
}

/** The greater of two records by canonical JSON (a total order on their content). */
function canonicalMax<X>(a: X, b: X): X {
  return compareStrings(canonicalJson(a), canonicalJson(b)) >= 0 ? a : b;
}

/**
 * Which of two records of the same card wins a merge: higher `version` (more writes), then more surviving log rows,
 * then the record without memory by canonical JSON, then memory by canonical JSON. Positive when `a` wins.
 */
export function compareCardRecords(
  a: CardRecord,
  b: CardRecord,
  logCount: (card: CardRecord) => number,
): number {
  if (a.version !== b.version) return a.version - b.version;
  const byCount = logCount(a) - logCount(b);
  if (byCount !== 0) return byCount;
  const { memory: memoryA, ...restA } = a;
  const { memory: memoryB, ...restB } = b;
  return (
    compareStrings(canonicalJson(restA), canonicalJson(restB)) ||
    compareStrings(canonicalJson(memoryA), canonicalJson(memoryB))
  );
}

function sameIds(a: readonly ReviewLogEntry[], b: readonly ReviewLogEntry[]): boolean {
  if (a.length !== b.length) return false;
  const ids = new Set(a.map((row) => row.id));
  return b.every((row) => ids.has(row.id));
}

function groupByCard(rows: Iterable<ReviewLogEntry>): Map<string, ReviewLogEntry[]> {
  const out = new Map<string, ReviewLogEntry[]>();
  for (const row of rows) {
    const list = out.get(row.cardId);
    if (list) list.push(row);
    else out.set(row.cardId, [row]);
  }
  return out;
}

/** Merges two collections; see the module comment for the rules. Pure: inputs are not modified. */
export function mergeCollections<
  D extends { id: string; imported?: boolean },
  S extends object,
  T extends { id: string },
>(
  a: MergeableCollection<D, S, T>,
  b: MergeableCollection<D, S, T>,
  options: MergeOptions<S>,
): MergeResult<D, S, T> {
  // Tombstones: union by id; equal ids describe the same undo, the canonical winner keeps the result order-free.
  const tombstoneById = new Map<string, T>();
  for (const t of [...a.tombstones, ...b.tombstones]) {
    const seen = tombstoneById.get(t.id);
    tombstoneById.set(t.id, seen ? canonicalMax(seen, t) : t);
  }

  // Review log: union by id minus tombstones. Rows are never rewritten, so equal ids are equal rows; the
  // canonical winner still makes the result independent of order if a file disagrees.
  const logById = new Map<string, ReviewLogEntry>();
  for (const row of [...a.reviewLog, ...b.reviewLog]) {
    if (tombstoneById.has(row.id)) continue;
    const seen = logById.get(row.id);
    logById.set(row.id, seen ? canonicalMax(seen, row) : row);
  }
  const unitedLog = [...logById.values()].sort(compareLogEntries);
  const unitedByCard = groupByCard(unitedLog);
  const ownLogA = groupByCard(a.reviewLog);
  const ownLogB = groupByCard(b.reviewLog);
  const survivingCount = (own: Map<string, ReviewLogEntry[]>) => (card: CardRecord) =>
    (own.get(card.id) ?? []).filter((row) => !tombstoneById.has(row.id)).length;

  const cardsA = new Map(a.cards.map((card) => [card.id, card]));
  const cardsB = new Map(b.cards.map((card) => [card.id, card]));
  const cardIds = [...new Set([...cardsA.keys(), ...cardsB.keys()])].sort(compareStrings);
  const replayedCardIds: string[] = [];
  const cards: CardRecord[] = [];
  for (const id of cardIds) {
    const cardA = cardsA.get(id);
    const cardB = cardsB.get(id);
    let winner: CardRecord;
    let winnerLog: ReviewLogEntry[];
    if (cardA && cardB) {
      const countA = survivingCount(ownLogA);
      const countB = survivingCount(ownLogB);
      const aWins =
        compareCardRecords(cardA, cardB, (card) =>
          card === cardA ? countA(card) : countB(card),
        ) >= 0;
      winner = aWins ? cardA : cardB;
      winnerLog = (aWins ? ownLogA : ownLogB).get(id) ?? [];
    } else {
      winner = (cardA ?? cardB) as CardRecord;
      winnerLog = (cardA ? ownLogA : ownLogB).get(id) ?? [];
    }
    const united = unitedByCard.get(id) ?? [];
    if (sameIds(winnerLog, united)) {
      cards.push(winner);
    } else {
      replayedCardIds.push(id);
      cards.push({ ...winner, memory: options.replay(winner, united) });
    }
  }

  const decksA = new Map(a.decks.map((deck) => [deck.id, deck]));
  const decks: D[] = [];
  const deckIds = new Set([...decksA.keys(), ...b.decks.map((deck) => deck.id)]);
  const decksB = new Map(b.decks.map((deck) => [deck.id, deck]));
  for (const id of [...deckIds].sort(compareStrings)) {
    const deckA = decksA.get(id);
    const deckB = decksB.get(id);
    if (deckA && deckB) {
      // Compared without the flag, which is then OR-ed: otherwise setting it could change the next merge's winner.
      const { imported: _a, ...contentA } = deckA;
      const { imported: _b, ...contentB } = deckB;
      const winner = canonicalMax(contentA, contentB) === contentA ? deckA : deckB;
      const imported = Boolean(deckA.imported) || Boolean(deckB.imported);
      decks.push(imported && !winner.imported ? { ...winner, imported: true } : winner);
    } else {
      decks.push((deckA ?? deckB) as D);
    }
  }

  const settingsByKey = new Map<string, S>();
  for (const row of [...a.settings, ...b.settings]) {
    const key = options.settingKey(row);
    const seen = settingsByKey.get(key);
    settingsByKey.set(key, seen ? canonicalMax(seen, row) : row);
  }
  const settings = [...settingsByKey.entries()]
    .sort(([x], [y]) => compareStrings(x, y))
    .map(([, row]) => row);

  return {
    collection: {
      decks,
      cards,
      reviewLog: unitedLog,
      tombstones: [...tombstoneById.values()].sort(byId),
      settings,
    },
    replayedCardIds,
  };
}

/** Browse, card info and the card actions of the Browse screen (suspend, unsuspend, reset). */
import { fromStored, getSettingsDoc, listDeckRecords, logOfCard, toStored } from '../db/repo';
import type { CoursedeckDb, StoredCard } from '../db/schema';
import type { CardKind } from '../domain/deck-format';
import type { CardPhase, CardRecord, DeckRecord, ReviewLogEntry, Tombstone } from '../domain/model';
import { studyDay } from '../domain/day';
import { compareCourseOrder, isBuried } from '../domain/queue';
import { forget, replay, retrievability } from '../domain/scheduler';
import { resolveSettings, type Settings } from '../domain/settings';
import { CardNotFoundError } from './errors';
import { invalidateQueue } from './queue-cache';

/** Card states Browse can filter on: FSRS phases, plus suspended, buried, leech and retired. */
export type BrowseState = CardPhase | 'suspended' | 'buried' | 'leech' | 'retired';

export type BrowseQuery = {
  /** Case-insensitive, matched in front, back and section. */
  text?: string;
  deckId?: string;
  kind?: CardKind;
  state?: BrowseState;
  /** 'today': due before the end of the study day; 'overdue': due before its start; or an explicit range (epoch ms). */
  due?: 'today' | 'overdue' | { from?: number; to?: number };
  minLapses?: number;
  /** Retired cards are left out unless `state` is 'retired' or this is true. */
  includeRetired?: boolean;
  offset?: number;
  /** Default 100. */
  limit?: number;
};

export type BrowseRow = CardRecord & {
  deckTitle: string;
  /** Predicted recall now, 0 for new cards. */
  retrievability: number;
  buried: boolean;
};

export type BrowseResult = { total: number; rows: BrowseRow[] };

function matches(
  c: StoredCard,
  q: BrowseQuery,
  now: number,
  dayStart: number,
  dayEnd: number,
): boolean {
  if (q.kind && c.kind !== q.kind) return false;
  if (q.minLapses !== undefined && c.memory.lapses < q.minLapses) return false;
  const wantRetired = q.state === 'retired' || q.includeRetired;
  if (c.retired && !wantRetired) return false;
  if (q.state) {
    const ok =
      q.state === 'suspended'
        ? c.suspended
        : q.state === 'buried'
          ? isBuried(c, now)
          : q.state === 'leech'
            ? c.leech
            : q.state === 'retired'
              ? c.retired
              : c.memory.phase === q.state;
    if (!ok) return false;
  }
  if (q.due) {
    const due = c.memory.due;
    if (c.memory.phase === 'new') return false;
    if (q.due === 'today' && !(due < dayEnd)) return false;
    if (q.due === 'overdue' && !(due < dayStart)) return false;
    if (typeof q.due === 'object') {
      if (q.due.from !== undefined && due < q.due.from) return false;
      if (q.due.to !== undefined && due >= q.due.to) return false;
    }
  }
  if (q.text) {
    const t = q.text.toLowerCase();
    if (
      !c.front.toLowerCase().includes(t) &&
      !c.back.toLowerCase().includes(t) &&
      !c.section.toLowerCase().includes(t)
    )
      return false;
  }
  return true;
}

/**
 * Search cards by text, deck, kind, state, due and lapses; results in course order, paged by offset/limit, with the
 * total count. Scans the deck (or all cards): fine for an interactive search, not used by the review queue.
 */
export async function browseCards(
  db: CoursedeckDb,
  q: BrowseQuery,
  now: number,
): Promise<BrowseResult> {
  const doc = await getSettingsDoc(db);
  const day = studyDay(now, doc.global.nextDayStartsAt);
  const decks = new Map((await listDeckRecords(db)).map((d) => [d.id, d]));
  const coll =
    q.deckId !== undefined ? db.cards.where('deckId').equals(q.deckId) : db.cards.toCollection();
  const hits = await coll.filter((c) => matches(c, q, now, day.start, day.end)).toArray();
  hits.sort(compareCourseOrder);
  const offset = Math.max(0, q.offset ?? 0);
  const limit = Math.max(0, q.limit ?? 100);
  const settingsByCourse = new Map<string, Settings>();
  const rows = hits.slice(offset, offset + limit).map((c) => {
    let s = settingsByCourse.get(c.course);
    if (!s) settingsByCourse.set(c.course, (s = resolveSettings(doc, c.course)));
    return {
      ...fromStored(c),
      deckTitle: decks.get(c.deckId)?.title ?? c.deckId,
      retrievability: retrievability(c.memory, now, s),
      buried: isBuried(c, now),
    };
  });
  return { total: hits.length, rows };
}

/** The cards of a deck in course order with retrievability (the chapter page's list). */
export async function deckCards(
  db: CoursedeckDb,
  deckId: string,
  now: number,
): Promise<BrowseRow[]> {
  return (await browseCards(db, { deckId, limit: 100_000 }, now)).rows;
}

async function setSuspended(
  db: CoursedeckDb,
  ids: readonly string[],
  suspended: boolean,
): Promise<number> {
  // An unsuspended card may be a due review again: look the order up afresh. A suspended one only leaves the queue,
  // which the cached order notices when it reads the card (each card is re-checked), so the order is kept.
  if (!suspended) invalidateQueue(db);
  return db.transaction('rw', db.cards, async () => {
    const cards = (await db.cards.bulkGet([...ids])).filter((c): c is StoredCard => !!c);
    const changed = cards.filter((c) => c.suspended !== suspended);
    await db.cards.bulkPut(
      changed.map((c) => toStored({ ...fromStored(c), suspended, version: c.version + 1 })),
    );
    return changed.length;
  });
}

/** Suspend cards (kept, never shown until unsuspended). Returns how many changed. */
export function suspendCards(db: CoursedeckDb, ids: readonly string[]): Promise<number> {
  return setSuspended(db, ids, true);
}

/** Unsuspend cards (a leech keeps its leech tag). Returns how many changed. */
export function unsuspendCards(db: CoursedeckDb, ids: readonly string[]): Promise<number> {
  return setSuspended(db, ids, false);
}

/**
 * Reset ("forget") a card: back to New, due now, in one transaction with a review-log row of kind 'reset' (rating 0)
 * that cuts its history for the optimizer. Lapses and reps are kept; the previous rows stay in the log.
 */
export async function resetCard(
  db: CoursedeckDb,
  cardId: string,
  now: number,
): Promise<CardRecord> {
  // A reset card becomes New: it leaves the cached review order, which re-checks each card it reads, so the order is
  // kept (new cards are not cached).
  return db.transaction('rw', [db.cards, db.reviewLog, db.meta], async () => {
    const card = await db.cards.get(cardId);
    if (!card) throw new CardNotFoundError(cardId);
    const after = forget(card.id, card.memory, now);
    const device = ((await db.meta.get('deviceId'))?.value as string | undefined) ?? 'local';
    const seq = (((await db.meta.get('logSeq'))?.value as number | undefined) ?? 0) + 1;
    await db.meta.put({ key: 'logSeq', value: seq });
    const entry: ReviewLogEntry = {
      id: `${device}-${now.toString(36)}-${seq.toString(36)}`,
      cardId,
      deckId: card.deckId,
      kind: 'reset',
      rating: 0,
      reviewedAt: now,
      durationMs: 0,
      before: card.memory,
      after,
    };
    const updated = toStored({
      ...fromStored(card),
      memory: after,
      buriedUntil: 0,
      version: card.version + 1,
    });
    await db.cards.put(updated);
    await db.reviewLog.add(entry);
    return fromStored(updated);
  });
}

export type CardInfo = {
  card: CardRecord;
  deck: DeckRecord | undefined;
  retrievability: number;
  buried: boolean;
  /** Every answer and reset, oldest first. */
  history: ReviewLogEntry[];
  /** Answers that were undone. */
  undone: Tombstone[];
};

/** One card with its deck, predicted recall now and full review history. Null when there is no such card. */
export async function cardInfo(
  db: CoursedeckDb,
  cardId: string,
  now: number,
): Promise<CardInfo | null> {
  const card = await db.cards.get(cardId);
  if (!card) return null;
  const doc = await getSettingsDoc(db);
  const [deck, history, undone] = await Promise.all([
    db.decks.get(card.deckId),
    logOfCard(db, cardId),
    db.tombstones.where('cardId').equals(cardId).toArray(),
  ]);
  return {
    card: fromStored(card),
    deck,
    retrievability: retrievability(card.memory, now, resolveSettings(doc, card.course)),
    buried: isBuried(card, now),
    history,
    undone,
  };
}

/** Decks in course order (course, chapter); retired ones only when asked. */
export async function listDecks(
  db: CoursedeckDb,
  opts: { includeRetired?: boolean } = {},
): Promise<DeckRecord[]> {
  return (await listDeckRecords(db)).filter((d) => opts.includeRetired || !d.retired);
}

export async function getDeck(db: CoursedeckDb, deckId: string): Promise<DeckRecord | undefined> {
  return db.decks.get(deckId);
}

/**
 * Recompute a card's memory state by replaying its review log under `settings` (default: those in force for its
 * course). Equal to the stored state while the settings have not changed since the answers. Null for a card never
 * answered.
 */
export async function replayCardMemory(
  db: CoursedeckDb,
  cardId: string,
  settings?: Settings,
): Promise<CardRecord['memory'] | null> {
  const card = await db.cards.get(cardId);
  if (!card) throw new CardNotFoundError(cardId);
  const s = settings ?? resolveSettings(await getSettingsDoc(db), card.course);
  return replay(cardId, await logOfCard(db, cardId), s);
}

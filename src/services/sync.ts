/**
 * Deck sync: bring the shipped decks (`${BASE_URL}decks/index.json`) into the database. Upserts by stable card id;
 * never reads or writes the review log.
 */
import { fromStored, toStored } from '../db/repo';
import type { CoursedeckDb, StoredCard } from '../db/schema';
import type { Deck, DeckCard } from '../domain/deck-format';
import { checkDeck, checkDeckIndex } from '../domain/deck-validate';
import type { CardRecord, DeckRecord } from '../domain/model';
import { newMemoryState } from '../domain/scheduler';
import { DeckSyncError } from './errors';
import { invalidateQueue } from './queue-cache';

/** Fetches a URL and returns its parsed JSON (a thin wrapper over `fetch` in the app; a fixture in tests). */
export type JsonFetcher = (url: string) => Promise<unknown>;

/** What a deck upsert changed. */
export type DeckUpsertReport = {
  deckId: string;
  added: number;
  updated: number;
  retired: number;
  restored: number;
  unchanged: number;
};

export type SyncReport = {
  decks: DeckUpsertReport[];
  /** Decks whose hash had not changed: not fetched. */
  skipped: string[];
  /** Shipped decks no longer in the index: retired with their cards (history kept). */
  retiredDecks: string[];
  /** Decks that could not be fetched or were invalid, with why; the stored copy was left as it was. */
  errors: { deckId: string; message: string }[];
};

/** `fetch` as a {@link JsonFetcher}: an HTTP error or bad JSON becomes a {@link DeckSyncError}. */
export const fetchJson: JsonFetcher = async (url) => {
  const res = await fetch(url, { cache: 'no-cache' });
  if (!res.ok) throw new DeckSyncError(`Could not load ${url} (HTTP ${res.status}).`);
  try {
    return await res.json();
  } catch {
    throw new DeckSyncError(`${url} is not valid JSON.`);
  }
};

function sameContent(a: CardRecord, c: DeckCard, deck: Deck): boolean {
  return (
    a.deckId === deck.id &&
    a.course === deck.course &&
    a.chapter === deck.chapter &&
    a.kind === c.kind &&
    a.front === c.front &&
    a.back === c.back &&
    a.section === c.section &&
    a.position === c.position &&
    a.group === c.group &&
    a.source.file === c.source.file &&
    a.source.line === c.source.line &&
    a.selfGraded === (c.selfGraded ?? false)
  );
}

function content(c: DeckCard, deck: Deck) {
  return {
    deckId: deck.id,
    course: deck.course,
    chapter: deck.chapter,
    kind: c.kind,
    front: c.front,
    back: c.back,
    section: c.section,
    position: c.position,
    group: c.group,
    source: { file: c.source.file, line: c.source.line },
    selfGraded: c.selfGraded ?? false,
  };
}

/**
 * Upsert one deck in one transaction over decks and cards: cards new to the database arrive New; cards whose text or
 * place changed are updated in place keeping their memory state; retired cards that are back are un-retired with
 * their state; cards of this deck missing from it are retired (hidden, state and history kept). Every changed card's
 * version is bumped so an answer shown before the change is refused. The review log is not touched.
 */
export async function upsertDeck(
  db: CoursedeckDb,
  deck: Deck,
  hash: string,
  now: number,
  opts: { imported?: boolean } = {},
): Promise<DeckUpsertReport> {
  const checked = checkDeck(deck);
  if (!checked.ok) throw new DeckSyncError(checked.error);
  invalidateQueue(db);
  return db.transaction('rw', [db.decks, db.cards], async () => {
    const report: DeckUpsertReport = {
      deckId: deck.id,
      added: 0,
      updated: 0,
      retired: 0,
      restored: 0,
      unchanged: 0,
    };
    const ids = deck.cards.map((c) => c.id);
    const byId = new Map<string, StoredCard>();
    for (const c of await db.cards.bulkGet(ids)) if (c) byId.set(c.id, c);
    for (const c of await db.cards.where('deckId').equals(deck.id).toArray()) byId.set(c.id, c);
    const keep = new Set(ids);
    const writes: StoredCard[] = [];
    for (const c of deck.cards) {
      const old = byId.get(c.id);
      if (!old) {
        report.added++;
        writes.push(
          toStored({
            id: c.id,
            ...content(c, deck),
            memory: newMemoryState(now),
            suspended: false,
            buriedUntil: 0,
            retired: false,
            leech: false,
            version: 1,
          }),
        );
      } else if (old.retired || !sameContent(old, c, deck)) {
        if (old.retired) report.restored++;
        else report.updated++;
        writes.push(
          toStored({
            ...fromStored(old),
            ...content(c, deck),
            retired: false,
            version: old.version + 1,
          }),
        );
      } else report.unchanged++;
    }
    for (const old of byId.values()) {
      if (keep.has(old.id) || old.retired || old.deckId !== deck.id) continue;
      report.retired++;
      writes.push(toStored({ ...fromStored(old), retired: true, version: old.version + 1 }));
    }
    await db.cards.bulkPut(writes);
    const { cards: _cards, ...meta } = deck;
    const record: DeckRecord = {
      ...meta,
      hash,
      imported: opts.imported ?? false,
      retired: false,
      cardCount: deck.cards.length,
      syncedAt: now,
    };
    await db.decks.put(record);
    return report;
  });
}

/** Retire a deck and its cards (hidden; state and review history kept, restored if the deck returns). */
export async function retireDeck(db: CoursedeckDb, deckId: string): Promise<number> {
  invalidateQueue(db);
  return db.transaction('rw', [db.decks, db.cards], async () => {
    const cards = await db.cards.where('deckId').equals(deckId).toArray();
    const live = cards.filter((c) => !c.retired);
    await db.cards.bulkPut(
      live.map((c) => toStored({ ...fromStored(c), retired: true, version: c.version + 1 })),
    );
    await db.decks.update(deckId, { retired: true });
    return live.length;
  });
}

/**
 * Sync the shipped decks from `${baseUrl}decks/index.json` (baseUrl is Vite's `import.meta.env.BASE_URL`, ending in
 * `/`). Decks whose hash is unchanged are skipped; changed or new decks are fetched and upserted ({@link upsertDeck});
 * shipped decks gone from the index are retired. Decks marked `imported` (the learner's own notes) are never retired
 * or overwritten by this sync. An invalid index throws {@link DeckSyncError} and changes nothing; an invalid deck is
 * reported in `errors` and left as stored. No review-log row is read or written.
 */
export async function syncDecks(
  db: CoursedeckDb,
  fetcher: JsonFetcher,
  now: number,
  opts: { baseUrl?: string; force?: boolean } = {},
): Promise<SyncReport> {
  const base = opts.baseUrl ?? '/';
  const indexUrl = `${base}decks/index.json`;
  let raw: unknown;
  try {
    raw = await fetcher(indexUrl);
  } catch (e) {
    throw e instanceof DeckSyncError
      ? e
      : new DeckSyncError(`Could not load ${indexUrl}: ${String(e)}`);
  }
  const index = checkDeckIndex(raw);
  if (!index.ok) throw new DeckSyncError(index.error);
  const report: SyncReport = { decks: [], skipped: [], retiredDecks: [], errors: [] };
  const stored = new Map((await db.decks.toArray()).map((d) => [d.id, d]));
  for (const entry of index.value.decks) {
    const old = stored.get(entry.id);
    if (old?.imported) {
      report.skipped.push(entry.id);
      continue;
    }
    if (old && !old.retired && old.hash === entry.hash && !opts.force) {
      report.skipped.push(entry.id);
      continue;
    }
    try {
      // The file is relative to index.json; refuse anything that would leave the decks folder.
      if (/(^|\/)\.\.(\/|$)|^\/|:|\\/.test(entry.file))
        throw new DeckSyncError(`The deck index names an unsafe file path "${entry.file}".`);
      const json = await fetcher(`${base}decks/${entry.file}`);
      const checked = checkDeck(json);
      if (!checked.ok) throw new DeckSyncError(checked.error);
      if (checked.value.id !== entry.id)
        throw new DeckSyncError(
          `The deck file ${entry.file} has id "${checked.value.id}", not "${entry.id}".`,
        );
      report.decks.push(await upsertDeck(db, checked.value, entry.hash, now));
    } catch (e) {
      report.errors.push({ deckId: entry.id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  const inIndex = new Set(index.value.decks.map((d) => d.id));
  for (const d of stored.values()) {
    if (inIndex.has(d.id) || d.imported || d.retired) continue;
    await retireDeck(db, d.id);
    report.retiredDecks.push(d.id);
  }
  return report;
}

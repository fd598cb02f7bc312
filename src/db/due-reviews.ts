/**
 * `dueBuckets` (schema v3): what today's queue and counts need of every scheduled card (review, learning and
 * relearning), grouped into one row per day of due date, kept by a Dexie middleware in the same transaction as every
 * write to `cards`.
 *
 * Why: today's review order (lowest retrievability first) needs the due date, stability and last review of every due
 * review card, and the counts need every due card's deck. Reading those as full card records through the `queue+due`
 * index costs a record lookup per card (158 ms for 3,850 cards in fake-indexeddb, docs/benchmarks.md "Review queue");
 * the index keys alone need a key cursor (a request per step); even one small row per card costs ~10 µs a row in
 * fake-indexeddb. Rows of a whole day of due dates, column by column, make "everything due before tonight" a read of
 * a dozen rows.
 *
 * The rows are derived data, never a source of truth: the middleware reads the old values of the cards a write
 * touches, writes the cards, then moves their entries between the day rows; every read-write transaction that
 * includes `cards` is widened to include `dueBuckets`, so no caller has to know about it. Writes within one
 * transaction are applied one after another (a day row is read, changed and written back).
 */
import type {
  DBCore,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCoreTable,
  Middleware,
} from 'dexie';
import type { CardRecord } from '../domain/model';
import { queueOf } from '../domain/card-queue';

export const DUE_BUCKETS = 'dueBuckets';

/** Width of a bucket: one day of due dates (UTC-aligned; readers cut the last bucket at their own day end). */
export const BUCKET_MS = 86_400_000;

export type DueQueue = 'review' | 'learning' | 'relearning';

/** One card as the queue and the counts see it before reading the full record. */
export type DueEntry = {
  id: string;
  queue: DueQueue;
  due: number;
  stability: number;
  lastReview: number | null;
  deckId: string;
  buriedUntil: number;
};

/** The cards whose due date falls in `[b · BUCKET_MS, (b + 1) · BUCKET_MS)`, one array per field (cheap to clone). */
export type DueBucket = {
  b: number;
  id: string[];
  queue: DueQueue[];
  due: number[];
  stability: number[];
  lastReview: (number | null)[];
  deckId: string[];
  buriedUntil: number[];
};

type CardLike = Pick<
  CardRecord,
  'id' | 'deckId' | 'memory' | 'buriedUntil' | 'retired' | 'suspended'
>;

/** The entry of a card, or null when it is in no dated queue (new, suspended, retired). */
export function dueEntryOf(card: CardLike): DueEntry | null {
  const queue = queueOf(card);
  if (queue !== 'review' && queue !== 'learning' && queue !== 'relearning') return null;
  if (!Number.isFinite(card.memory.due)) return null;
  return {
    id: card.id,
    queue,
    due: card.memory.due,
    stability: card.memory.stability,
    lastReview: card.memory.lastReview,
    deckId: card.deckId,
    buriedUntil: card.buriedUntil,
  };
}

export const bucketOf = (due: number): number => Math.floor(due / BUCKET_MS);

const emptyBucket = (b: number): DueBucket => ({
  b,
  id: [],
  queue: [],
  due: [],
  stability: [],
  lastReview: [],
  deckId: [],
  buriedUntil: [],
});

function push(bucket: DueBucket, e: DueEntry): void {
  bucket.id.push(e.id);
  bucket.queue.push(e.queue);
  bucket.due.push(e.due);
  bucket.stability.push(e.stability);
  bucket.lastReview.push(e.lastReview);
  bucket.deckId.push(e.deckId);
  bucket.buriedUntil.push(e.buriedUntil);
}

/** The entries of buckets, in bucket order, with `due < end`. */
export function entriesOf(buckets: readonly DueBucket[], end: number): DueEntry[] {
  const out: DueEntry[] = [];
  for (const k of buckets) {
    for (let i = 0; i < k.id.length; i++) {
      const due = k.due[i]!;
      if (due >= end) continue;
      out.push({
        id: k.id[i]!,
        queue: k.queue[i]!,
        due,
        stability: k.stability[i]!,
        lastReview: k.lastReview[i]!,
        deckId: k.deckId[i]!,
        buriedUntil: k.buriedUntil[i]!,
      });
    }
  }
  return out;
}

/** Group entries into buckets (the upgrade and a rebuild). */
export function bucketsOf(entries: readonly DueEntry[]): DueBucket[] {
  const m = new Map<number, DueBucket>();
  for (const e of entries) {
    const b = bucketOf(e.due);
    let k = m.get(b);
    if (!k) m.set(b, (k = emptyBucket(b)));
    push(k, e);
  }
  return [...m.values()];
}

/** `DBCoreRangeType.Any` (a const enum, which isolatedModules cannot import): the whole table, as `clear()` sends. */
const RANGE_ANY = 3;

/**
 * Move cards between buckets: `removed` (old entries) leave their buckets, `added` join theirs (the last entry of a
 * card wins; any other entry of an added card in the buckets touched goes too); one read of the buckets touched and
 * one write, empty buckets deleted.
 */
async function applyChanges(
  table: DBCoreTable,
  trans: DBCoreMutateRequest['trans'],
  removed: readonly DueEntry[],
  added: readonly DueEntry[],
): Promise<void> {
  if (removed.length === 0 && added.length === 0) return;
  const latest = new Map(added.map((e) => [e.id, e]));
  const gone = new Set([...removed.map((e) => e.id), ...latest.keys()]);
  const keys = [...new Set([...removed, ...added].map((e) => bucketOf(e.due)))];
  const rows = (await table.getMany({ trans, keys })) as (DueBucket | undefined)[];
  const byKey = new Map<number, DueBucket>();
  keys.forEach((b, j) => {
    const old = rows[j];
    const kept = emptyBucket(b);
    if (old) {
      for (let i = 0; i < old.id.length; i++) {
        if (gone.has(old.id[i]!)) continue;
        push(kept, {
          id: old.id[i]!,
          queue: old.queue[i]!,
          due: old.due[i]!,
          stability: old.stability[i]!,
          lastReview: old.lastReview[i]!,
          deckId: old.deckId[i]!,
          buriedUntil: old.buriedUntil[i]!,
        });
      }
    }
    byKey.set(b, kept);
  });
  for (const e of latest.values()) push(byKey.get(bucketOf(e.due))!, e);
  const put = [...byKey.values()].filter((k) => k.id.length > 0);
  const del = [...byKey.values()].filter((k) => k.id.length === 0).map((k) => k.b);
  if (del.length) await table.mutate({ trans, type: 'delete', keys: del });
  if (put.length) await table.mutate({ trans, type: 'put', values: put });
}

const entries = (cards: readonly (CardLike | undefined)[]): DueEntry[] =>
  cards.flatMap((c) => {
    const e = c ? dueEntryOf(c) : null;
    return e ? [e] : [];
  });

function cardsTable(down: DBCore, cards: DBCoreTable): Partial<DBCoreTable> {
  const buckets = () => down.table(DUE_BUCKETS);
  const primary = cards.schema.primaryKey;
  // One transaction's card writes are applied one at a time: each moves entries by reading and rewriting whole day
  // rows, and two such changes running at once (an answer's card and its buried siblings) would overwrite each other.
  const queues = new WeakMap<object, Promise<unknown>>();

  async function apply(req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
    const trans = req.trans;
    if (req.type === 'deleteRange') {
      if ((req.range.type as number) === RANGE_ANY) {
        await buckets().mutate({ trans, type: 'deleteRange', range: req.range });
      } else {
        const old = await cards.query({
          trans,
          query: { index: primary, range: req.range },
          values: true,
        });
        await applyChanges(buckets(), trans, entries(old.result as CardLike[]), []);
      }
      return cards.mutate(req);
    }
    if (req.type === 'delete') {
      const old = (await cards.getMany({ trans, keys: req.keys })) as (CardLike | undefined)[];
      const res = await cards.mutate(req);
      await applyChanges(buckets(), trans, entries(old), []);
      return res;
    }
    const values = req.values as readonly CardLike[];
    const keys = req.keys ?? values.map((v) => v.id);
    const old =
      req.type === 'put'
        ? ((await cards.getMany({ trans, keys })) as (CardLike | undefined)[])
        : [];
    const res = await cards.mutate(req);
    const failed = new Set(Object.keys(res.failures).map(Number));
    const ok = (_: unknown, i: number) => !failed.has(i);
    await applyChanges(buckets(), trans, entries(old.filter(ok)), entries(values.filter(ok)));
    return res;
  }

  return {
    mutate: (req) => {
      const run = (queues.get(req.trans) ?? Promise.resolve()).then(() => apply(req));
      queues.set(
        req.trans,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}

/** Keeps `dueBuckets` in step with `cards` (see the module comment). */
export const dueBucketsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'dueBuckets',
  create: (down) => ({
    ...down,
    transaction: (stores, mode, options) => {
      const widen =
        mode === 'readwrite' && stores.includes('cards') && !stores.includes(DUE_BUCKETS);
      return down.transaction(widen ? [...stores, DUE_BUCKETS] : stores, mode, options);
    },
    table: (name) => {
      const table = down.table(name);
      return name === 'cards' ? { ...table, ...cardsTable(down, table) } : table;
    },
  }),
};

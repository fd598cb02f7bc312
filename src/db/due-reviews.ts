/**
 * `dueReviews` (schema v3): one small row per card in the review queue, keyed by `[due+id]`, kept by a Dexie
 * middleware in the same transaction as every write to `cards`.
 *
 * Why: today's review order (lowest retrievability first) needs the due date, stability and last review of every due
 * review card. Reading those as full card records through the `queue+due` index costs a record lookup per card
 * (158 ms for 3,850 cards in fake-indexeddb, docs/benchmarks.md "Review queue"), and reading the index keys alone
 * needs a key cursor (a request per step). Rows keyed by due date are one contiguous primary-key range: a single
 * getAll of small rows.
 *
 * The rows are derived data: the middleware rewrites them from the card values written (put/add), removes them for
 * deleted cards (reading the old values first, in the same transaction), and every read-write transaction that
 * includes `cards` is widened to include `dueReviews`, so no caller has to know about it.
 */
import type { DBCore, DBCoreTable, Middleware } from 'dexie';
import { queueOf } from '../domain/queue';
import type { CardRecord } from '../domain/model';

export const DUE_REVIEWS = 'dueReviews';

/** What ordering today's reviews needs, and what `planQueue` checks before reading the full card. */
export type DueReviewRow = {
  due: number;
  id: string;
  stability: number;
  lastReview: number | null;
  deckId: string;
  buriedUntil: number;
};

type CardLike = Pick<
  CardRecord,
  'id' | 'deckId' | 'memory' | 'buriedUntil' | 'retired' | 'suspended'
>;

/** The row of a card, or null when the card is not in the review queue (new, learning, suspended, retired). */
export function dueReviewRowOf(card: CardLike): DueReviewRow | null {
  if (queueOf(card) !== 'review' || typeof card.memory.due !== 'number') return null;
  return {
    due: card.memory.due,
    id: card.id,
    stability: card.memory.stability,
    lastReview: card.memory.lastReview,
    deckId: card.deckId,
    buriedUntil: card.buriedUntil,
  };
}

const rowKey = (r: DueReviewRow): [number, string] => [r.due, r.id];

/** `DBCoreRangeType.Any` (a const enum, which isolatedModules cannot import): the whole table, as `clear()` sends. */
const RANGE_ANY = 3;

function keysOf(rows: readonly (CardLike | undefined)[]): [number, string][] {
  const out: [number, string][] = [];
  for (const c of rows) {
    const r = c ? dueReviewRowOf(c) : null;
    if (r) out.push(rowKey(r));
  }
  return out;
}

function cardsTable(down: DBCore, cards: DBCoreTable): Partial<DBCoreTable> {
  const slim = () => down.table(DUE_REVIEWS);
  const primary = cards.schema.primaryKey;
  return {
    mutate: async (req) => {
      const trans = req.trans;
      if (req.type === 'deleteRange') {
        if ((req.range.type as number) === RANGE_ANY) {
          await slim().mutate({ trans, type: 'deleteRange', range: req.range });
        } else {
          const old = await cards.query({
            trans,
            query: { index: primary, range: req.range },
            values: true,
          });
          const del = keysOf(old.result as CardLike[]);
          if (del.length) await slim().mutate({ trans, type: 'delete', keys: del });
        }
        return cards.mutate(req);
      }
      if (req.type === 'delete') {
        const old = (await cards.getMany({ trans, keys: req.keys })) as (CardLike | undefined)[];
        const res = await cards.mutate(req);
        const del = keysOf(old);
        if (del.length) await slim().mutate({ trans, type: 'delete', keys: del });
        return res;
      }
      // add / put: the old rows go (their due date may have changed), the new ones come in.
      const values = req.values as readonly CardLike[];
      const keys = req.keys ?? values.map((v) => v.id);
      const old =
        req.type === 'put'
          ? ((await cards.getMany({ trans, keys })) as (CardLike | undefined)[])
          : [];
      const res = await cards.mutate(req);
      const failed = new Set(Object.keys(res.failures).map(Number));
      const rows: DueReviewRow[] = [];
      const del: [number, string][] = [];
      values.forEach((v, i) => {
        if (failed.has(i)) return;
        const row = dueReviewRowOf(v);
        const o = old[i];
        const was = o ? dueReviewRowOf(o) : null;
        // A put of the same key replaces the row; only a row under another key (due changed) needs deleting.
        if (was && (!row || was.due !== row.due)) del.push(rowKey(was));
        if (row) rows.push(row);
      });
      if (del.length) await slim().mutate({ trans, type: 'delete', keys: del });
      if (rows.length) await slim().mutate({ trans, type: 'put', values: rows });
      return res;
    },
  };
}

/** Keeps `dueReviews` in step with `cards` (see the module comment). */
export const dueReviewsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'dueReviews',
  create: (down) => ({
    ...down,
    transaction: (stores, mode, options) => {
      const widen =
        mode === 'readwrite' && stores.includes('cards') && !stores.includes(DUE_REVIEWS);
      return down.transaction(widen ? [...stores, DUE_REVIEWS] : stores, mode, options);
    },
    table: (name) => {
      const table = down.table(name);
      return name === 'cards' ? { ...table, ...cardsTable(down, table) } : table;
    },
  }),
};

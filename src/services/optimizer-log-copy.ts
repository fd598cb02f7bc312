/**
 * A compact copy of the review log for the optimizer, so a fit does not wait for IndexedDB to hand over every row.
 * Reading the whole log is what a first fit spends before it trains: in a worker in Chromium, `getAll` of 20,000 rows
 * took 0.46–0.57 s and of 100,000 rows 1.3–1.9 s, while their primary keys alone took 82 ms and 298 ms and a file of
 * 2.4 MB in the origin private file system 14 ms (docs/benchmarks.md, "Optimizer"). Each row carries two memory
 * states the optimizer never reads; IndexedDB cannot hand over part of a value.
 *
 * The copy keeps, per row and in the log's key order, only what the optimizer reads: id, card, deck, kind, grade,
 * time and whether the card was new before it. A read takes the log's primary keys (one read transaction), keeps the
 * copy's rows whose ids are still there, reads the rows that are not in the copy by key, and drops the copy's rows
 * that are gone: the result is the whole log in key order, as `getAll` gives it, so the fit is the same.
 *
 * Why that is exact: a row with a given id never changes once written (ReviewLogEntry's rule: answers are appended,
 * undone answers deleted, merges and restores add and delete whole rows). The one exception is the data check's
 * repair (services/backup: an answer time that is not a number, or in the future, is set to a usable time), so the
 * copy never keeps a row whose time is not a finite number at or before the moment the copy was made; such rows are
 * read from the database each time. A copy made "in the future" (the device's clock was set back since) is not used.
 *
 * Where the copy lives is the caller's (the optimizer worker: a file in the origin private file system, per
 * database, see workers/log-copy-store.ts); it is never part of the database, so the optimizer still writes nothing
 * to the database but its run record, and a backup never contains it.
 */
import type { CoursedeckDb } from '../db/schema';
import type { ReviewLogEntry } from '../domain/model';
import type { TrainingLogEntry } from '../domain/optimizer/training-items';

/** What the optimizer reads of a review-log row: the training items' fields and the deck (a course's scope). */
export type OptimizerLogRow = TrainingLogEntry & Pick<ReviewLogEntry, 'deckId'>;

/** Where the copy is kept: the bytes of the last copy written (null when there is none), and a new copy. */
export type LogCopyStore = {
  read: () => Promise<ArrayBuffer | null>;
  write: (bytes: ArrayBuffer) => Promise<void>;
};

/** The copy's layout version: a copy of another version is ignored (and replaced). */
const FORMAT = 1;

/** A copy read back: its rows in key order, and when it was made. */
export type LogCopy = { createdAt: number; rows: OptimizerLogRow[] };

/** True for a row the copy may keep: its time is a finite number no later than the copy (see the module comment). */
const copyable = (row: OptimizerLogRow, createdAt: number) =>
  Number.isFinite(row.reviewedAt) && row.reviewedAt <= createdAt;

/** Indexes of a table of distinct strings (cards, decks, kinds, phases), built as rows are added. */
function table() {
  const index = new Map<string, number>();
  const values: string[] = [];
  return {
    values,
    of(value: string): number {
      let at = index.get(value);
      if (at === undefined) {
        at = values.length;
        index.set(value, at);
        values.push(value);
      }
      return at;
    },
  };
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/**
 * The copy of `log` (rows in key order, as `getAll` returns them) made at `createdAt`: the rows it may keep, as
 * columns. Layout: format and header length (two u32), the header as JSON (row count, time, the string tables, the
 * ids' total length in characters and in bytes), then the times (f64), the ids' lengths, cards and decks (u32), grades, kinds and phases (u8),
 * and the ids, concatenated, as UTF-8; each part starts on an 8-byte boundary.
 */
export function encodeLogCopy(log: readonly OptimizerLogRow[], createdAt: number): ArrayBuffer {
  const rows = log.filter((row) => copyable(row, createdAt));
  const n = rows.length;
  const cards = table();
  const decks = table();
  const kinds = table();
  const phases = table();
  const reviewedAt = new Float64Array(n);
  const idLength = new Uint32Array(n);
  const card = new Uint32Array(n);
  const deck = new Uint32Array(n);
  const rating = new Uint8Array(n);
  const kind = new Uint8Array(n);
  const phase = new Uint8Array(n);
  rows.forEach((row, i) => {
    reviewedAt[i] = row.reviewedAt;
    idLength[i] = row.id.length;
    card[i] = cards.of(row.cardId);
    deck[i] = decks.of(row.deckId);
    rating[i] = row.rating;
    kind[i] = kinds.of(row.kind);
    phase[i] = phases.of(row.before.phase);
  });
  const ids = rows.map((row) => row.id).join('');
  const idBytes = new TextEncoder().encode(ids);
  const header = new TextEncoder().encode(
    JSON.stringify({
      n,
      createdAt,
      idChars: ids.length,
      idBytes: idBytes.byteLength,
      cards: cards.values,
      decks: decks.values,
      kinds: kinds.values,
      phases: phases.values,
    }),
  );
  const parts: ArrayBufferView[] = [reviewedAt, idLength, card, deck, rating, kind, phase, idBytes];
  const start = align8(8 + header.byteLength);
  const size = parts.reduce((at, part) => align8(at + part.byteLength), start);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, FORMAT, true);
  view.setUint32(4, header.byteLength, true);
  bytes.set(header, 8);
  let at = start;
  for (const part of parts) {
    bytes.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at = align8(at + part.byteLength);
  }
  return bytes.buffer;
}

type Header = {
  n: number;
  createdAt: number;
  idChars: number;
  idBytes: number;
  cards: string[];
  decks: string[];
  kinds: string[];
  phases: string[];
};

/** A copy's rows, or null when the bytes are not a copy of this format (or are damaged). */
export function decodeLogCopy(buffer: ArrayBuffer): LogCopy | null {
  try {
    const view = new DataView(buffer);
    if (view.getUint32(0, true) !== FORMAT) return null;
    const headerBytes = view.getUint32(4, true);
    const header = JSON.parse(
      new TextDecoder().decode(new Uint8Array(buffer, 8, headerBytes)),
    ) as Header;
    const { n, createdAt, cards, decks, kinds, phases } = header;
    let at = align8(8 + headerBytes);
    const take = <T>(make: (offset: number) => T, bytes: number): T => {
      const value = make(at);
      at = align8(at + bytes);
      return value;
    };
    const reviewedAt = take((o) => new Float64Array(buffer, o, n), 8 * n);
    const idLength = take((o) => new Uint32Array(buffer, o, n), 4 * n);
    const card = take((o) => new Uint32Array(buffer, o, n), 4 * n);
    const deck = take((o) => new Uint32Array(buffer, o, n), 4 * n);
    const rating = take((o) => new Uint8Array(buffer, o, n), n);
    const kind = take((o) => new Uint8Array(buffer, o, n), n);
    const phase = take((o) => new Uint8Array(buffer, o, n), n);
    const ids = new TextDecoder().decode(new Uint8Array(buffer, at, header.idBytes));
    // Ids that do not survive UTF-8 (lone surrogates) would be cut wrongly: such a copy is not used.
    if (ids.length !== header.idChars) return null;
    const rows: OptimizerLogRow[] = new Array<OptimizerLogRow>(n);
    let from = 0;
    for (let i = 0; i < n; i++) {
      const to = from + idLength[i]!;
      rows[i] = {
        id: ids.slice(from, to),
        cardId: cards[card[i]!]!,
        deckId: decks[deck[i]!]!,
        kind: kinds[kind[i]!] as OptimizerLogRow['kind'],
        rating: rating[i] as OptimizerLogRow['rating'],
        reviewedAt: reviewedAt[i]!,
        before: { phase: phases[phase[i]!] as OptimizerLogRow['before']['phase'] },
      };
      from = to;
    }
    return { createdAt, rows };
  } catch {
    return null;
  }
}

/**
 * The log's rows for `keys` (its primary keys, in key order) from `copy`: the copy's row where it has that id, else
 * undefined (a row to read from the database). Both lists are in the same order (IndexedDB orders string keys by
 * their UTF-16 code units, as JavaScript's `<` does), so one pass pairs them.
 */
export function rowsFromCopy(
  keys: readonly string[],
  copy: LogCopy,
): { rows: (OptimizerLogRow | undefined)[]; missing: string[] } {
  const rows = new Array<OptimizerLogRow | undefined>(keys.length);
  const missing: string[] = [];
  let j = 0;
  keys.forEach((key, i) => {
    while (j < copy.rows.length && copy.rows[j]!.id < key) j++;
    const row = copy.rows[j];
    if (row?.id === key) {
      rows[i] = row;
      j++;
    } else {
      missing.push(key);
    }
  });
  return { rows, missing };
}

/**
 * Above this share of rows missing from the copy, one `getAll` of the whole log is cheaper than reading them by key
 * (a restore or a large merge since the copy was made).
 */
const MOST_MISSING = 0.25;

export type LogRead = {
  /** The whole log in key order. */
  log: OptimizerLogRow[];
  /** Row count and latest row, as services/optimizer.ts `logSignature` gives them for the same log. */
  signature: string;
  /** True when the copy was missing, out of date or not used: write a new one ({@link encodeLogCopy}). */
  copyStale: boolean;
};

/**
 * `logSignature`'s value computed from the rows: their count and the latest by time, then id, among the rows the
 * `reviewedAt` index holds (a time that is a number, not NaN).
 */
export function signatureOf(log: readonly OptimizerLogRow[]): string {
  let last: OptimizerLogRow | undefined;
  for (const row of log) {
    if (typeof row.reviewedAt !== 'number' || Number.isNaN(row.reviewedAt)) continue;
    if (
      !last ||
      row.reviewedAt > last.reviewedAt ||
      (row.reviewedAt === last.reviewedAt && row.id > last.id)
    )
      last = row;
  }
  return `${log.length}/${last?.id ?? ''}/${last?.reviewedAt ?? 0}`;
}

/**
 * The whole review log through the copy in `store` (see the module comment), in one read transaction; the log as
 * `getAll` would give it. Without a usable copy (none yet, another format, made after `now`), or with most rows
 * missing from it, the log is read whole.
 */
export async function readLogWithCopy(
  db: CoursedeckDb,
  store: LogCopyStore,
  now: number,
): Promise<LogRead> {
  const bytes = await store.read().catch(() => null);
  const copy = bytes ? decodeLogCopy(bytes) : null;
  const usable = copy && copy.createdAt <= now ? copy : null;
  return db.transaction('r', db.reviewLog, async () => {
    const whole = async (): Promise<LogRead> => {
      const log: OptimizerLogRow[] = await db.reviewLog.toArray();
      return { log, signature: signatureOf(log), copyStale: true };
    };
    if (!usable) return whole();
    const keys = (await db.reviewLog.toCollection().primaryKeys()) as string[];
    const { rows, missing } = rowsFromCopy(keys, usable);
    if (missing.length > keys.length * MOST_MISSING) return whole();
    const found = missing.length > 0 ? await db.reviewLog.bulkGet(missing) : [];
    let k = 0;
    for (let i = 0; i < rows.length; i++) if (rows[i] === undefined) rows[i] = found[k++];
    const log = rows.filter((row): row is OptimizerLogRow => row !== undefined);
    // Worth writing again when rows it may keep were read by key, or rows it kept are gone.
    const kept = keys.length - missing.length;
    const added = found.some((row) => row !== undefined && copyable(row, now));
    return { log, signature: signatureOf(log), copyStale: added || kept !== usable.rows.length };
  });
}

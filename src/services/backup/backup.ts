/**
 * Backup use-cases: export (gzip JSON and review-log CSV), restore (replace), merge, snapshots, check database.
 *
 * Safety rules, all enforced here:
 * - a file is decoded and validated completely before anything is written (see ./schema.ts);
 * - a snapshot of the current data is taken before every restore and merge (and before a repair);
 * - each restore, merge and repair is ONE IndexedDB transaction: any failure aborts it and leaves the database
 *   exactly as it was, and the error says why in plain words;
 * - the review log is only ever added to, except for rows another device undid (their tombstones travel with them).
 */
import Dexie from 'dexie';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  canonicalJson,
  checkCollection,
  exportReminderDue,
  mergeCollections,
  periodicSnapshotDue,
  SNAPSHOT_QUIET_MS,
  replayFromNew,
  reviewLogToCsv,
  type BackupData,
  type BackupFile,
  type CheckFix,
  type CheckRule,
} from '../../domain/backup';
import type { CardRecord, DeckRecord, ReviewLogEntry, Tombstone } from '../../domain/model';
import type { ChapterPacing } from '../../domain/readiness/pacing';
import { DEFAULT_SETTINGS_DOC, resolveSettings, type SettingsDoc } from '../../domain/settings';
import { rebuildDailyStats } from '../../db/daily-stats';
import { fromStored, toStored } from '../../db/repo';
import type { CoursedeckDb } from '../../db/schema';
import { APP_VERSION } from '../app-version';
import { invalidateQueue } from '../queue-cache';
import { PACING_KEY } from '../quiz';
import { decodeBackup, encodeBackup, type OnProgress } from './codec';
import { BackupError, type BackupLimits } from './schema';
import {
  listSnapshots,
  pruneStoredSnapshots,
  readSnapshotBytes,
  storeSnapshot,
  type SnapshotInfo,
  type SnapshotReason,
} from './snapshots';

export type BackupOptions = {
  /** Epoch ms; defaults to the clock. */
  now?: number;
  onProgress?: OnProgress;
  limits?: BackupLimits;
};

const META_LAST_EXPORT = 'lastExportAt';
const META_UNDO = 'undoStack';
/** Rows written per bulk call inside a transaction, so progress can be reported between them. */
const WRITE_CHUNK = 5000;

const tablesOf = (db: CoursedeckDb) => [
  db.decks,
  db.cards,
  db.reviewLog,
  db.tombstones,
  db.settings,
  db.meta,
  // Rebuilt from the log after every restore and merge: they are aggregates of it (src/db/daily-stats.ts).
  db.dailyStats,
];

/** Everything a backup holds, read in one read-only transaction (a consistent picture). */
export async function readCollection(db: CoursedeckDb): Promise<BackupData> {
  return db.transaction(
    'r',
    [db.decks, db.cards, db.reviewLog, db.tombstones, db.settings, db.meta],
    async () => {
      const [decks, cards, reviewLog, tombstones, settings, pacing] = await Promise.all([
        db.decks.toArray(),
        db.cards.toArray(),
        db.reviewLog.toArray(),
        db.tombstones.toArray(),
        db.settings.get('settings'),
        db.meta.get(PACING_KEY),
      ]);
      return {
        settings: settings?.doc ?? null,
        decks: decks.sort(byId),
        cards: cards.map(fromStored).sort(byId),
        reviewLog: reviewLog.sort(byId),
        tombstones: tombstones.sort(byId),
        ...(pacing ? { pacing: cleanPacing(pacing.value) } : {}),
      };
    },
  );
}

/** Pacing marks as stored (unknown values dropped, as the quiz service reads them). */
function cleanPacing(value: unknown): Record<string, ChapterPacing> {
  const out: Record<string, ChapterPacing> = {};
  if (value && typeof value === 'object') {
    for (const [deckId, mark] of Object.entries(value)) {
      // Assignment to "__proto__" would set the prototype: such a key is never a deck id anyway.
      if (deckId !== '__proto__' && (mark === 'studying' || mark === 'not-yet')) out[deckId] = mark;
    }
  }
  return out;
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function backupFileOf(data: BackupData, now: number): BackupFile {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now,
    app: APP_VERSION,
    data,
  };
}

function stamp(now: number): string {
  return new Date(now).toISOString().slice(0, 16).replace(':', '');
}

export type ExportResult = {
  bytes: Uint8Array;
  filename: string;
  counts: { decks: number; cards: number; reviews: number };
};

/** The whole collection as a gzip-compressed, versioned JSON file; remembers when the learner last exported. */
export async function exportBackup(
  db: CoursedeckDb,
  options: BackupOptions = {},
): Promise<ExportResult> {
  const now = options.now ?? Date.now();
  options.onProgress?.({ phase: 'Reading', done: 0, total: 2 });
  const data = await readCollection(db);
  options.onProgress?.({ phase: 'Compressing', done: 1, total: 2 });
  const bytes = encodeBackup(backupFileOf(data, now));
  await db.meta.put({ key: META_LAST_EXPORT, value: now });
  options.onProgress?.({ phase: 'Done', done: 2, total: 2 });
  return {
    bytes,
    filename: `coursedeck-backup-${stamp(now)}.json.gz`,
    counts: { decks: data.decks.length, cards: data.cards.length, reviews: data.reviewLog.length },
  };
}

/** The review log as CSV for the FSRS optimizer tools (`card_id,review_time,review_rating,review_state,review_duration`). */
export async function exportReviewLogCsv(
  db: CoursedeckDb,
  options: { now?: number } = {},
): Promise<{ text: string; filename: string; rows: number }> {
  const now = options.now ?? Date.now();
  const log = await db.reviewLog.toArray();
  return {
    text: reviewLogToCsv(log),
    filename: `coursedeck-review-log-${stamp(now)}.csv`,
    rows: log.length,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Snapshots

async function historySignature(
  db: CoursedeckDb,
): Promise<{ signature: string; cards: number; reviews: number }> {
  return db.transaction('r', [db.cards, db.reviewLog, db.tombstones, db.decks], async () => {
    const [cards, reviews, tombstones, decks, last] = await Promise.all([
      db.cards.count(),
      db.reviewLog.count(),
      db.tombstones.count(),
      db.decks.count(),
      db.reviewLog.orderBy('reviewedAt').last(),
    ]);
    return {
      signature: `${reviews}/${tombstones}/${last?.reviewedAt ?? 0}/${cards}/${decks}`,
      cards,
      reviews,
    };
  });
}

/** Take a snapshot of the current data now, then prune old ones. */
export async function takeSnapshot(
  db: CoursedeckDb,
  reason: SnapshotReason,
  options: { now?: number } = {},
): Promise<SnapshotInfo> {
  const now = options.now ?? Date.now();
  const data = await readCollection(db);
  const { signature } = await historySignature(db);
  const bytes = encodeBackup(backupFileOf(data, now));
  const info: SnapshotInfo = {
    // Time first so ids sort by age; a random tail so two snapshots in one millisecond never overwrite each other.
    id: `${now.toString(36)}-${reason}-${globalThis.crypto.randomUUID().slice(0, 8)}`,
    createdAt: now,
    reason,
    size: bytes.length,
    cards: data.cards.length,
    reviews: data.reviewLog.length,
    signature,
  };
  try {
    await storeSnapshot(db, info, bytes);
  } catch (error) {
    throw new BackupError(
      'A safety snapshot of your current data could not be saved (the device may be out of space), so nothing was changed.',
      { cause: error },
    );
  }
  await pruneStoredSnapshots(db, { offsetMs: -new Date(now).getTimezoneOffset() * 60_000 });
  return info;
}

/**
 * The periodic snapshot: taken when the history changed since the last snapshot and that one is at least
 * 30 minutes old. Call it now and then (the app does every few minutes); it is cheap when nothing is due.
 */
export async function maybeTakePeriodicSnapshot(
  db: CoursedeckDb,
  options: { now?: number } = {},
): Promise<SnapshotInfo | null> {
  const now = options.now ?? Date.now();
  const [latest] = await listSnapshots(db);
  const { signature, reviews } = await historySignature(db);
  const changed = latest ? latest.signature !== signature : reviews > 0;
  const due = periodicSnapshotDue({
    now,
    lastSnapshotAt: latest?.createdAt ?? null,
    lastChangeAt: changed ? now : null,
  });
  return due ? takeSnapshot(db, 'periodic', { now }) : null;
}

export { SNAPSHOT_QUIET_MS };

export type AutoSnapshotOptions = {
  /** How often to check whether a snapshot is due (default 5 minutes). */
  everyMs?: number;
  /** See {@link SNAPSHOT_QUIET_MS}. */
  quietMs?: number;
  /**
   * Runs one check ({@link maybeTakePeriodicSnapshot} by default). The app runs it in a worker
   * (src/workers/snapshot-client.ts), so a large collection's snapshot never freezes the page.
   */
  check?: (db: CoursedeckDb) => Promise<unknown>;
};

/**
 * Starts periodic snapshots: every `everyMs` a check ({@link maybeTakePeriodicSnapshot}), skipped while the database
 * was written in the last `quietMs` (any write, this tab's or another's: Dexie's `storagemutated`). A session of
 * reviews therefore never meets a snapshot; the first check after it does. Returns a stop function.
 */
export function startAutoSnapshots(
  db: CoursedeckDb,
  options: AutoSnapshotOptions = {},
): () => void {
  const {
    everyMs = 5 * 60_000,
    quietMs = SNAPSHOT_QUIET_MS,
    check = maybeTakePeriodicSnapshot,
  } = options;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  const onWrite = () => {
    lastWriteAt = Date.now();
  };
  Dexie.on('storagemutated', onWrite);
  const tick = () => {
    if (Date.now() - lastWriteAt < quietMs) return;
    void check(db).catch(() => undefined);
  };
  const timer = setInterval(tick, everyMs);
  return () => {
    clearInterval(timer);
    Dexie.on.storagemutated.unsubscribe(onWrite);
  };
}

export { listSnapshots, type SnapshotInfo, type SnapshotReason };

// ---------------------------------------------------------------------------------------------------------------
// Restore

export type RestoreReport = {
  snapshot: SnapshotInfo;
  decks: number;
  cards: number;
  reviews: number;
};

async function bulkAddChunked<T>(
  rows: readonly T[],
  add: (chunk: T[]) => Promise<unknown>,
  progress: (done: number) => void,
): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    await add(rows.slice(i, i + WRITE_CHUNK));
    progress(Math.min(rows.length, i + WRITE_CHUNK));
  }
}

/** Replace everything with `data` in one transaction (the undo stack is cleared: its steps no longer apply). */
async function replaceAll(
  db: CoursedeckDb,
  data: BackupData,
  onProgress?: OnProgress,
): Promise<void> {
  const total =
    data.decks.length + data.cards.length + data.reviewLog.length + data.tombstones.length;
  let base = 0;
  const report = (done: number) => onProgress?.({ phase: 'Writing', done: base + done, total });
  await db.transaction('rw', tablesOf(db), async () => {
    await Promise.all([
      db.decks.clear(),
      db.cards.clear(),
      db.reviewLog.clear(),
      db.tombstones.clear(),
    ]);
    await db.settings.clear();
    if (data.settings) await db.settings.put({ id: 'settings', doc: data.settings });
    await bulkAddChunked(data.decks, (c) => db.decks.bulkAdd(c), report);
    base += data.decks.length;
    await bulkAddChunked(data.cards, (c) => db.cards.bulkAdd(c.map(toStored)), report);
    base += data.cards.length;
    await bulkAddChunked(data.reviewLog, (c) => db.reviewLog.bulkAdd(c), report);
    base += data.reviewLog.length;
    await bulkAddChunked(data.tombstones, (c) => db.tombstones.bulkAdd(c), report);
    if (data.pacing) await db.meta.put({ key: PACING_KEY, value: data.pacing });
    else await db.meta.delete(PACING_KEY);
    await db.meta.put({ key: META_UNDO, value: [] });
    await rebuildDailyStats(db, Date.now());
  });
  // Restored cards may be due reviews that today's cached review order never saw.
  invalidateQueue(db);
}

function writeFailure(action: string, error: unknown): BackupError {
  const name = (error as { name?: string } | null)?.name;
  const full = name === 'QuotaExceededError' || /quota/i.test(String((error as Error)?.message));
  return new BackupError(
    full
      ? `The ${action} could not be saved because the device is out of storage space. Your data is exactly as it was before.`
      : `The ${action} could not be saved (${String((error as Error)?.message ?? error)}). Your data is exactly as it was before.`,
    { cause: error },
  );
}

/**
 * Restore a backup, replacing everything: validate fully, snapshot the current data, then write in one transaction.
 * Throws {@link BackupError} and changes nothing when the file is unacceptable or the write fails.
 */
export async function restoreBackup(
  db: CoursedeckDb,
  bytes: Uint8Array,
  options: BackupOptions = {},
): Promise<RestoreReport> {
  const file = decodeBackup(bytes, options);
  return restoreFile(db, file, 'restore', options);
}

async function restoreFile(
  db: CoursedeckDb,
  file: BackupFile,
  action: string,
  options: BackupOptions,
): Promise<RestoreReport> {
  options.onProgress?.({ phase: 'Taking a safety snapshot', done: 0, total: 1 });
  const snapshot = await takeSnapshot(db, 'before-restore', options);
  try {
    await replaceAll(db, file.data, options.onProgress);
  } catch (error) {
    throw writeFailure(action, error);
  }
  return {
    snapshot,
    decks: file.data.decks.length,
    cards: file.data.cards.length,
    reviews: file.data.reviewLog.length,
  };
}

/** Put back a snapshot (itself taking a snapshot of the present first, so this too can be undone). */
export async function restoreSnapshot(
  db: CoursedeckDb,
  id: string,
  options: BackupOptions = {},
): Promise<RestoreReport> {
  const bytes = await readSnapshotBytes(db, id);
  if (!bytes) throw new BackupError('That snapshot no longer exists. Nothing was changed.');
  return restoreFile(db, decodeBackup(bytes, options), 'snapshot restore', options);
}

// ---------------------------------------------------------------------------------------------------------------
// Merge

export type MergeReport = {
  snapshot: SnapshotInfo;
  reviewsAdded: number;
  /** Answers this device had that the other device undid. */
  reviewsUndone: number;
  cardsAdded: number;
  /** Cards whose state or content changed (including recomputed states). */
  cardsUpdated: number;
  decksAdded: number;
  /** Nothing to do: the file held nothing new. */
  unchanged: boolean;
};

const withoutVersion = (card: CardRecord) => {
  const { version: _v, ...rest } = card;
  return canonicalJson(rest);
};

/**
 * Merge a backup into this device's data instead of replacing it: review logs united by id, undo tombstones
 * honoured, every affected card's state recomputed by replaying its log. This device's settings are kept (the
 * file's are used only if this device has none). Merging the same file again changes nothing.
 */
export async function mergeBackup(
  db: CoursedeckDb,
  bytes: Uint8Array,
  options: BackupOptions = {},
): Promise<MergeReport> {
  const now = options.now ?? Date.now();
  const file = decodeBackup(bytes, options);
  options.onProgress?.({ phase: 'Taking a safety snapshot', done: 0, total: 1 });
  const snapshot = await takeSnapshot(db, 'before-merge', { now });
  options.onProgress?.({ phase: 'Merging', done: 0, total: 1 });
  try {
    return await db.transaction('rw', tablesOf(db), async () => {
      const local = await readCollection(db);
      const settingsDoc: SettingsDoc | null = local.settings ?? file.data.settings;
      const replay = replayFromNew(
        (card) => resolveSettings(settingsDoc ?? DEFAULT_SETTINGS_DOC, card.course),
        now,
      );
      const { collection } = mergeCollections(
        // Settings are not merged: this device keeps its own (see above).
        { ...local, settings: [] },
        { ...file.data, settings: [] },
        { replay, settingKey: () => 'settings' },
      );

      const localDecks = new Map(local.decks.map((d) => [d.id, d]));
      const decksToPut: DeckRecord[] = collection.decks.filter((d) => {
        const mine = localDecks.get(d.id);
        return !mine || canonicalJson(mine) !== canonicalJson(d);
      });
      const localCards = new Map(local.cards.map((c) => [c.id, c]));
      const cardsToPut: CardRecord[] = [];
      let cardsAdded = 0;
      for (const card of collection.cards) {
        const mine = localCards.get(card.id);
        if (!mine) {
          cardsAdded++;
          cardsToPut.push(card);
        } else if (withoutVersion(mine) !== withoutVersion(card)) {
          // A changed card gets a new version, so a review screen that showed the old one refuses its answer.
          cardsToPut.push({ ...card, version: Math.max(card.version, mine.version + 1) });
        }
      }
      const localLogIds = new Set(local.reviewLog.map((r) => r.id));
      const mergedLogIds = new Set(collection.reviewLog.map((r) => r.id));
      const logToAdd: ReviewLogEntry[] = collection.reviewLog.filter((r) => !localLogIds.has(r.id));
      const logToDelete = local.reviewLog.filter((r) => !mergedLogIds.has(r.id)).map((r) => r.id);
      // The same answer undone on both devices: the merge keeps one record of it, whichever order they come in.
      const localTombs = new Map(local.tombstones.map((t) => [t.id, t]));
      const tombstonesToAdd: Tombstone[] = collection.tombstones.filter((t) => {
        const mine = localTombs.get(t.id);
        return !mine || canonicalJson(mine) !== canonicalJson(t);
      });

      const total =
        decksToPut.length + cardsToPut.length + logToAdd.length + tombstonesToAdd.length;
      let done = 0;
      const report = (n: number) =>
        options.onProgress?.({ phase: 'Writing', done: done + n, total });
      // Pacing marks: this device's marks win; the file adds marks for chapters this device has not marked.
      const pacingAdded = Object.entries(file.data.pacing ?? {}).filter(
        ([deckId]) => !(local.pacing && deckId in local.pacing),
      );
      if (pacingAdded.length > 0) {
        await db.meta.put({
          key: PACING_KEY,
          value: { ...Object.fromEntries(pacingAdded), ...(local.pacing ?? {}) },
        });
      }
      if (!local.settings && file.data.settings) {
        await db.settings.put({ id: 'settings', doc: file.data.settings });
      }
      await bulkAddChunked(tombstonesToAdd, (c) => db.tombstones.bulkPut(c), report);
      done += tombstonesToAdd.length;
      await db.reviewLog.bulkDelete(logToDelete);
      await bulkAddChunked(logToAdd, (c) => db.reviewLog.bulkAdd(c), report);
      done += logToAdd.length;
      await bulkAddChunked(decksToPut, (c) => db.decks.bulkPut(c), report);
      done += decksToPut.length;
      await bulkAddChunked(cardsToPut, (c) => db.cards.bulkPut(c.map(toStored)), report);
      const unchanged = total === 0 && logToDelete.length === 0 && pacingAdded.length === 0;
      if (!unchanged) await db.meta.put({ key: META_UNDO, value: [] });
      // The log, the decks' courses or (from the file) the next-day hours changed: rebuild the aggregates.
      if (!unchanged || (!local.settings && file.data.settings)) await rebuildDailyStats(db, now);
      return {
        snapshot,
        reviewsAdded: logToAdd.length,
        reviewsUndone: logToDelete.length,
        cardsAdded,
        cardsUpdated: cardsToPut.length - cardsAdded,
        decksAdded: decksToPut.filter((d) => !localDecks.has(d.id)).length,
        unchanged,
      };
    });
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw writeFailure('merge', error);
  } finally {
    // Replayed cards may have become due reviews that today's cached review order never saw.
    invalidateQueue(db);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Check database

export type CheckReport = {
  fixes: CheckFix[];
  byRule: Record<CheckRule, number>;
  snapshot: SnapshotInfo | null;
};

const RULES: CheckRule[] = ['undone-row', 'log-time', 'orphan-log', 'card-state', 'orphan-card'];

async function runCheck(db: CoursedeckDb, now: number, apply: boolean): Promise<CheckFix[]> {
  return db.transaction(
    'rw',
    [db.decks, db.cards, db.reviewLog, db.tombstones, db.settings, db.dailyStats],
    async () => {
      const [decks, cards, reviewLog, tombstones, settings] = await Promise.all([
        db.decks.toArray(),
        db.cards.toArray(),
        db.reviewLog.toArray(),
        db.tombstones.toArray(),
        db.settings.get('settings'),
      ]);
      const doc = settings?.doc;
      const result = checkCollection(
        {
          deckIds: new Set(decks.map((d) => d.id)),
          cards: cards.map(fromStored),
          reviewLog,
          tombstoneIds: new Set(tombstones.map((t) => t.id)),
        },
        {
          now,
          replay: replayFromNew(
            (card) => resolveSettings(doc ?? DEFAULT_SETTINGS_DOC, card.course),
            now,
          ),
        },
      );
      if (apply && result.fixes.length > 0) {
        await db.reviewLog.bulkDelete(result.logIdsToDelete);
        await db.reviewLog.bulkPut(result.logToPut);
        await db.cards.bulkDelete(result.cardIdsToDelete);
        await db.cards.bulkPut(result.cardsToPut.map(toStored));
        // Repaired log rows (deleted, or moved in time) change their days' aggregates.
        await rebuildDailyStats(db, now);
      }
      return result.fixes;
    },
  );
}

/**
 * Check the database and repair what is wrong (orphans, out-of-range values, future times); a snapshot is taken
 * first when there is anything to repair. Running it again right after finds nothing.
 */
export async function checkDatabase(
  db: CoursedeckDb,
  options: { now?: number } = {},
): Promise<CheckReport> {
  const now = options.now ?? Date.now();
  const dryRun = await runCheck(db, now, false);
  const byRule = Object.fromEntries(RULES.map((r) => [r, 0])) as Record<CheckRule, number>;
  if (dryRun.length === 0) return { fixes: [], byRule, snapshot: null };
  const snapshot = await takeSnapshot(db, 'before-repair', { now });
  const fixes = await runCheck(db, now, true);
  invalidateQueue(db);
  for (const fix of fixes) byRule[fix.rule]++;
  return { fixes, byRule, snapshot };
}

// ---------------------------------------------------------------------------------------------------------------
// Export reminder

export type ExportReminder = {
  due: boolean;
  lastExportAt: number | null;
  persisted: boolean | null;
};

/**
 * Whether to remind the learner to export: the browser may evict this storage (not persisted) and the last export
 * is 14 days old or there was none, while there are reviews to lose.
 */
export async function exportReminder(
  db: CoursedeckDb,
  input: { now?: number; persisted: boolean | null },
): Promise<ExportReminder> {
  const now = input.now ?? Date.now();
  const last = (await db.meta.get(META_LAST_EXPORT))?.value;
  const lastExportAt = typeof last === 'number' ? last : null;
  // Whether any review exists: one key, not a count (Chromium counts by iterating every row: seconds at 1M rows).
  const reviewCount = (await db.reviewLog.limit(1).primaryKeys()).length;
  return {
    due: exportReminderDue({ now, persisted: input.persisted === true, lastExportAt, reviewCount }),
    lastExportAt,
    persisted: input.persisted,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Schema upgrade

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Before Dexie upgrades the database to a newer schema, keep a snapshot of the data as it is: call this with the
 * not-yet-opened database at start-up (`await snapshotBeforeUpgrade(getDefaultDb())`). It reads the stored
 * database with plain IndexedDB at its current version (nothing is upgraded or created) and takes a
 * 'before-upgrade' snapshot when that version is older than the code's (Dexie stores version × 10). Returns null
 * when there is nothing to upgrade or no database yet.
 */
export async function snapshotBeforeUpgrade(
  db: CoursedeckDb,
  options: { now?: number } = {},
): Promise<SnapshotInfo | null> {
  if (db.isOpen()) return null;
  const factory =
    (db as unknown as { _deps: { indexedDB: IDBFactory } })._deps?.indexedDB ?? indexedDB;
  const known = await factory.databases?.();
  const existing = known?.find((d) => d.name === db.name);
  if (!existing || existing.version === undefined || existing.version >= db.verno * 10) return null;
  const raw = await requestResult(factory.open(db.name));
  try {
    const names = ['decks', 'cards', 'reviewLog', 'tombstones', 'settings', 'meta'] as const;
    const present = names.filter((n) => raw.objectStoreNames.contains(n));
    if (present.length === 0) return null;
    const tx = raw.transaction([...present], 'readonly');
    const read = async (n: (typeof names)[number]) =>
      present.includes(n) ? ((await requestResult(tx.objectStore(n).getAll())) as unknown[]) : [];
    const [decks, cards, reviewLog, tombstones, settings, meta] = await Promise.all(
      names.map(read),
    );
    const pacing = (meta as { key: string; value: unknown }[] | undefined)?.find(
      (m) => m.key === PACING_KEY,
    );
    const data: BackupData = {
      settings: ((settings?.[0] as { doc?: SettingsDoc } | undefined)?.doc ??
        null) as SettingsDoc | null,
      decks: (decks ?? []) as DeckRecord[],
      cards: ((cards ?? []) as Parameters<typeof fromStored>[0][]).map(fromStored),
      reviewLog: (reviewLog ?? []) as ReviewLogEntry[],
      tombstones: (tombstones ?? []) as Tombstone[],
      ...(pacing ? { pacing: cleanPacing(pacing.value) } : {}),
    };
    const now = options.now ?? Date.now();
    const bytes = encodeBackup(backupFileOf(data, now));
    const info: SnapshotInfo = {
      id: `${now.toString(36)}-before-upgrade`,
      createdAt: now,
      reason: 'before-upgrade',
      size: bytes.length,
      cards: data.cards.length,
      reviews: data.reviewLog.length,
      signature: `upgrade-from-${existing.version}`,
    };
    await storeSnapshot(db, info, bytes);
    return info;
  } finally {
    raw.close();
  }
}

/**
 * The app's start-up hook for backups, to call before anything else uses the database: a snapshot when the schema
 * is about to be upgraded, then periodic snapshots (checked now and every 5 minutes, taken at most every 30 after
 * changes). The check at start catches the changes of earlier visits shorter than 5 minutes, which the interval
 * alone would never see. Never throws (a failed snapshot must not keep the app from starting); returns a stop
 * function.
 */
export async function startBackupSafety(
  db: CoursedeckDb,
  options: Pick<AutoSnapshotOptions, 'check'> = {},
): Promise<() => void> {
  const { check = maybeTakePeriodicSnapshot } = options;
  await snapshotBeforeUpgrade(db).catch(() => null);
  void check(db).catch(() => undefined);
  return startAutoSnapshots(db, { check });
}

/**
 * Answering a card and undoing answers: each one IndexedDB transaction over cards, review log, meta and the daily
 * stats (which must move with the log: the Stats screen reads them instead of the log).
 */
import { applyToDailyStatsTable } from '../db/daily-stats';
import { cardsOfGroup, fromStored, getSettingsDoc, toStored } from '../db/repo';
import type { CoursedeckDb, StoredCard } from '../db/schema';
import { studyDay } from '../domain/day';
import type { CardRecord, Grade, ReviewKind, ReviewLogEntry } from '../domain/model';
import { becomesLeech } from '../domain/queue';
import { next, previewAll, type AnswerPreview } from '../domain/scheduler';
import { resolveSettings, type Settings } from '../domain/settings';
import { CardChangedError, CardNotFoundError } from './errors';
import { invalidateQueue, invalidateQueueBuiltAfter } from './queue-cache';
import { guardStorageWrite } from './storage';

export type AnswerInput = {
  cardId: string;
  /** The card's `version` when it was shown: the answer is refused if it changed since. */
  expectedVersion: number;
  grade: Grade;
  /** Epoch ms of the answer. */
  now: number;
  /** Time spent on the card; clamped to 0 … 1 hour. */
  durationMs: number;
  /** 'review' for the daily queue, 'quiz' for a chapter quiz (a real review, marked). Default 'review'. */
  kind?: Exclude<ReviewKind, 'reset'>;
};

export type AnswerResult = {
  card: CardRecord;
  entry: ReviewLogEntry;
  /** The answer made the card a leech: it is now tagged and suspended; tell the learner. */
  becameLeech: boolean;
  /** Siblings (same group) buried until the next study day. */
  buriedSiblings: number;
};

/** One step of the undo stack: enough to put back exactly what the answer changed. */
type UndoStep = {
  logId: string;
  cardBefore: StoredCard;
  versionAfter: number;
  siblingsBefore: { id: string; buriedUntil: number }[];
};

const UNDO_KEY = 'undoStack';
/** Twice the 10 the issue asks for; older steps fall off (each step holds a card, rewritten with every answer). */
export const UNDO_DEPTH = 20;

/** The interval each of the four buttons would give, with labels (`10m`, `3d`); pure, nothing is saved. */
export function previewAnswers(
  card: Pick<CardRecord, 'id' | 'memory'>,
  now: number,
  settings: Settings,
): Record<Grade, AnswerPreview> {
  return previewAll(card.id, card.memory, now, settings);
}

/** A log id unique across devices: device id, time and a per-device sequence number. */
async function newLogId(db: CoursedeckDb, now: number): Promise<string> {
  // Both reads requested at once: inside the answer's transaction every round trip counts.
  const [deviceRow, seqRow] = await Promise.all([db.meta.get('deviceId'), db.meta.get('logSeq')]);
  let device = deviceRow?.value as string | undefined;
  const seq = ((seqRow?.value as number | undefined) ?? 0) + 1;
  const writes = [db.meta.put({ key: 'logSeq', value: seq })];
  if (!device) {
    device = globalThis.crypto.randomUUID().slice(0, 8);
    writes.push(db.meta.put({ key: 'deviceId', value: device }));
  }
  await Promise.all(writes);
  return `${device}-${now.toString(36)}-${seq.toString(36)}`;
}

/**
 * Answer a card: compute its next FSRS state, write the card and its review-log row in one read-write transaction
 * (durability as the database was opened, 'strict' by default), bury its new/review siblings until the next study
 * day, suspend it when it becomes a leech, and push an undo step.
 * Throws {@link CardChangedError} (nothing written) when the card's version is not `expectedVersion`, and
 * {@link StorageFullError} (nothing written, a message for the learner) when the device is out of space.
 */
export async function answerCard(db: CoursedeckDb, input: AnswerInput): Promise<AnswerResult> {
  const { cardId, expectedVersion, grade, now } = input;
  const durationMs = Number.isFinite(input.durationMs)
    ? Math.min(3_600_000, Math.max(0, Math.round(input.durationMs)))
    : 0;
  return guardStorageWrite(() =>
    db.transaction(
      'rw',
      [db.cards, db.reviewLog, db.meta, db.settings, db.dailyStats],
      async () => {
        const [card, doc, undoRow] = await Promise.all([
          db.cards.get(cardId),
          getSettingsDoc(db),
          db.meta.get(UNDO_KEY),
        ]);
        if (!card) throw new CardNotFoundError(cardId);
        if (card.version !== expectedVersion)
          throw new CardChangedError(cardId, expectedVersion, card.version);
        const settings = resolveSettings(doc, card.course);
        const before = card.memory;
        const after = next(card.id, before, now, grade, settings);
        const becameLeech = becomesLeech(before.lapses, after.lapses, settings.leechThreshold);
        const updated: StoredCard = toStored({
          ...fromStored(card),
          memory: after,
          leech: card.leech || becameLeech,
          suspended: card.suspended || becameLeech,
          version: card.version + 1,
        });
        const [logId, group] = await Promise.all([newLogId(db, now), cardsOfGroup(db, card.group)]);
        const entry: ReviewLogEntry = {
          id: logId,
          cardId,
          deckId: card.deckId,
          kind: input.kind ?? 'review',
          rating: grade,
          reviewedAt: now,
          durationMs,
          before,
          after,
        };
        const dayEnd = studyDay(now, settings.nextDayStartsAt).end;
        // An answer made now gives a review due tomorrow at the earliest; one dated before today's order was built
        // may be due today, so that order must be rebuilt.
        invalidateQueueBuiltAfter(db, now);
        const siblings = group.filter(
          (s) =>
            s.id !== card.id &&
            s.deckId === card.deckId &&
            (s.queue === 'new' || s.queue === 'review') &&
            s.buriedUntil < dayEnd,
        );
        const stack = (undoRow?.value as UndoStep[] | undefined) ?? [];
        stack.push({
          logId: entry.id,
          cardBefore: card,
          versionAfter: updated.version,
          siblingsBefore: siblings.map((s) => ({ id: s.id, buriedUntil: s.buriedUntil })),
        });
        // All writes requested at once; the transaction commits them together or not at all.
        await Promise.all([
          db.cards.put(updated),
          db.reviewLog.add(entry),
          applyToDailyStatsTable(db, entry, settings.nextDayStartsAt, 1),
          ...siblings.map((s) => db.cards.update(s.id, { buriedUntil: dayEnd })),
          db.meta.put({ key: UNDO_KEY, value: stack.slice(-UNDO_DEPTH) }),
        ]);
        return { card: fromStored(updated), entry, becameLeech, buriedSiblings: siblings.length };
      },
    ),
  );
}

/** How many answers can be undone. */
export async function undoDepth(db: CoursedeckDb): Promise<number> {
  return (((await db.meta.get(UNDO_KEY))?.value as UndoStep[] | undefined) ?? []).length;
}

export type UndoResult = { cardId: string; logId: string; card: CardRecord };

/**
 * Undo the most recent answer still on the stack, in one transaction: restore the card exactly as it was before
 * the answer (when something else changed it since — e.g. a sync edited its text — only its scheduling fields are
 * put back and its version is bumped), un-bury the siblings it buried, delete exactly that review-log row and write
 * a tombstone for it so no later merge brings it back. Returns null when there is nothing to undo.
 */
export async function undoLast(
  db: CoursedeckDb,
  now: number = Date.now(),
): Promise<UndoResult | null> {
  // The restored card may be a due review again: look the queue up afresh.
  invalidateQueue(db);
  return guardStorageWrite(() =>
    db.transaction(
      'rw',
      [db.cards, db.reviewLog, db.meta, db.tombstones, db.settings, db.dailyStats],
      async () => {
        const stack = ((await db.meta.get(UNDO_KEY))?.value as UndoStep[] | undefined) ?? [];
        for (;;) {
          const step = stack.pop();
          if (!step) {
            await db.meta.put({ key: UNDO_KEY, value: stack });
            return null;
          }
          const row = await db.reviewLog.get(step.logId);
          const current = await db.cards.get(step.cardBefore.id);
          // A step whose row or card is gone (restored backup, wiped data) cannot be undone: drop it and try the next.
          if (!row || !current) continue;
          const restored: StoredCard =
            current.version === step.versionAfter
              ? step.cardBefore
              : toStored({
                  ...fromStored(current),
                  memory: step.cardBefore.memory,
                  suspended: step.cardBefore.suspended,
                  leech: step.cardBefore.leech,
                  buriedUntil: step.cardBefore.buriedUntil,
                  version: current.version + 1,
                });
          await db.cards.put(restored);
          for (const s of step.siblingsBefore)
            await db.cards.update(s.id, { buriedUntil: s.buriedUntil });
          await db.reviewLog.delete(step.logId);
          // The answer's day loses it, on the hour of the card's course (as when it was written).
          const { nextDayStartsAt } = resolveSettings(await getSettingsDoc(db), current.course);
          await applyToDailyStatsTable(db, row, nextDayStartsAt, -1);
          await db.tombstones.put({ id: step.logId, cardId: row.cardId, undoneAt: now });
          await db.meta.put({ key: UNDO_KEY, value: stack });
          return { cardId: row.cardId, logId: step.logId, card: fromStored(restored) };
        }
      },
    ),
  );
}

/** Forget the undo stack (after a restore or merge, whose steps no longer apply). */
export async function clearUndo(db: CoursedeckDb): Promise<void> {
  await db.meta.put({ key: UNDO_KEY, value: [] });
}

/** Today: counts per deck, what to study next, reviews done today and the streak. */
import type { CoursedeckDb, StoredCard } from '../db/schema';
import {
  buriedCards,
  deckDueCards,
  dueCards,
  dueEntries,
  firstDueBetween,
  firstNewCards,
  fromStored,
  getMeta,
  getSettingsDoc,
  hasLogBetween,
  listDeckRecords,
  logBetween,
  setMeta,
} from '../db/repo';
import { IDX } from '../db/schema';
import type { DueEntry } from '../db/due-reviews';
import Dexie, { RangeSet, rangesOverlap } from 'dexie';
import { watchConnections } from '../db/connection-watch';
import { studyDay, studyDayOffset, type StudyDay } from '../domain/day';
import type { CardRecord, DeckRecord, ReviewLogEntry } from '../domain/model';
import {
  allowance,
  compareCourseOrder,
  countDone,
  isBuried,
  LEARN_AHEAD_MS,
  orderReviews,
  type DoneToday,
} from '../domain/queue';
import { previewAll, retrievability, type AnswerPreview } from '../domain/scheduler';
import { resolveSettings, type Settings, type SettingsDoc } from '../domain/settings';
import type { Grade } from '../domain/model';
import { inPacedOrder, paceNewCards } from '../domain/readiness/pacing';
import { getChapterPacing } from './quiz';
import { getReviewOrder, keepShared, peekShared, setReviewOrder } from './queue-cache';
import { STREAK_KEY } from './queue-writes';

/** Due counts of one deck, as Anki shows them: new (within today's allowance), learning, review. */
export type DeckCounts = {
  deckId: string;
  title: string;
  course: string;
  chapter: number;
  new: number;
  learning: number;
  review: number;
};

export type TodayCounts = {
  /** The study day (start, end, `YYYY-MM-DD` key) under the global next-day hour. */
  day: StudyDay;
  /** Decks in course order (course, chapter); retired decks left out. */
  decks: DeckCounts[];
  total: { new: number; learning: number; review: number };
  /** Answers made this study day (all kinds but resets), and of those, first answers of new cards and reviews. */
  doneToday: number;
  newDoneToday: number;
  reviewsDoneToday: number;
  /** Consecutive study days with at least one answer, ending today (or yesterday if none yet today). */
  streak: number;
  /**
   * When these counts change by themselves (epoch ms): the earliest end of a course's study day. Until then only a
   * write to the database changes them.
   */
  changesAt: number;
};

/** Which cards a session covers: all decks, or one deck. */
export type SessionOptions = {
  deckId?: string;
  /**
   * Plan as if this card, shown now, had just been answered: it is skipped and counts against its course's daily
   * allowance. The review screen prepares the following card this way while the learner looks at the current one.
   */
  after?: { id: string; course: string; queue: QueueName };
};

export type QueueName = 'learning' | 'review' | 'new';

/** The next card to show, with the four answer previews (intervals for the buttons). */
export type NextCard =
  | {
      card: CardRecord;
      queue: QueueName;
      preview: Record<Grade, AnswerPreview>;
      retrievability: number;
    }
  | {
      card: null;
      /** When the next learning card comes due this study day (epoch ms), or null: nothing more today. */
      nextLearningDue: number | null;
    };

/** A card to show, with its queue, the four answer previews and its retrievability now. */
export type ShownCard = Extract<NextCard, { queue: QueueName }>;

type CourseState = {
  settings: Settings;
  day: StudyDay;
  done: DoneToday;
  newLeft: number;
  reviewsLeft: number;
};

/** Settings, study day, done-today and allowances for each course present. */
async function courseStates(
  db: CoursedeckDb,
  now: number,
  doc: SettingsDoc,
  decks: readonly DeckRecord[],
): Promise<Map<string, CourseState>> {
  const courses = new Set(decks.map((d) => d.course));
  const deckCourse = new Map(decks.map((d) => [d.id, d.course]));
  const perCourse = [...courses].map((course) => {
    const settings = resolveSettings(doc, course);
    return { course, settings, day: studyDay(now, settings.nextDayStartsAt) };
  });
  const earliest = Math.min(
    studyDay(now, doc.global.nextDayStartsAt).start,
    ...perCourse.map((c) => c.day.start),
  );
  // Today's rows and any dated later: read without an upper bound so that one read serves a later call (the next card
  // after the counts) while the log is unchanged.
  const key = String(earliest);
  const kept = peekShared<ReviewLogEntry[]>(db, 'logSince', key, 'reviewLog');
  let since: ReviewLogEntry[];
  if (kept.value) {
    // Awaited as a Dexie promise: this function is awaited inside the caller's transaction, and an async function that
    // awaited no Dexie promise would lose the transaction's zone for the caller's next requests.
    since = await Dexie.Promise.resolve(kept.value);
  } else {
    since = await logBetween(db, earliest, Number.MAX_SAFE_INTEGER);
    keepShared(db, 'logSince', key, kept.generation, since);
  }
  const rows = since.filter((r) => r.reviewedAt < now + 1);
  const out = new Map<string, CourseState>();
  for (const { course, settings, day } of perCourse) {
    const done = countDone(
      rows.filter((r) => r.reviewedAt >= day.start && deckCourse.get(r.deckId) === course),
    );
    out.set(course, { settings, day, done, ...allowance(settings, done) });
  }
  return out;
}

/**
 * Today's counts for every deck: learning (learning + relearning due before the day ends), review (due before the
 * day ends, capped by the course's remaining review allowance) and new (capped by the remaining new-card allowance,
 * given to decks in course order). Buried, suspended and retired cards are not counted. Also answers done today and
 * the streak.
 */
export async function getTodayCounts(db: CoursedeckDb, now: number): Promise<TodayCounts> {
  // One read transaction for the whole computation: a consistent snapshot, and no per-query transaction cost.
  const tables = [db.decks, db.cards, db.reviewLog, db.settings, db.meta, db.dueBuckets];
  return db.transaction('r', tables, () => todayCountsIn(db, now));
}

async function todayCountsIn(db: CoursedeckDb, now: number): Promise<TodayCounts> {
  const doc = await getSettingsDoc(db);
  const decks = (await listDeckRecords(db)).filter((d) => !d.retired);
  const liveDecks = new Map(decks.map((d) => [d.id, d]));
  const states = await courseStates(db, now, doc, decks);
  const buried = await buriedCards(db, now);
  const newLeft = new Map([...states].map(([c, s]) => [c, s.newLeft]));
  const reviewsLeft = new Map([...states].map(([c, s]) => [c, s.reviewsLeft]));
  const out: DeckCounts[] = [];
  // Course pacing (issue 5): chapters marked "Studying now" get the new-card allowance first, "Not yet" none.
  const pacing = await getChapterPacing(db);
  // Requests kept few (each costs more than the rows it reads): review and learning counts from the due buckets
  // (one read of the day rows up to the latest day end, src/db/due-reviews.ts), not a count request per deck; new
  // cards read only as far as the allowance.
  const maxEnd = Math.max(now, ...[...states.values()].map((s) => s.day.end));
  const reviewsOf = new Map<string, number>();
  const learningOf = new Map<string, number>();
  // Shared with the next card while no card is written (queue-cache.ts).
  const kept = peekShared<DueEntry[]>(db, 'dueEntries', String(maxEnd), 'cards');
  let due = kept.value;
  if (!due) {
    due = await dueEntries(db, maxEnd);
    keepShared(db, 'dueEntries', String(maxEnd), kept.generation, due);
  }
  for (const e of due) {
    const course = liveDecks.get(e.deckId)?.course;
    const end = course === undefined ? undefined : states.get(course)?.day.end;
    // Buried cards (a sibling answered today) wait for tomorrow: not counted.
    if (end === undefined || e.due >= end || isBuried(e, now)) continue;
    const of = e.queue === 'review' ? reviewsOf : learningOf;
    of.set(e.deckId, (of.get(e.deckId) ?? 0) + 1);
  }
  for (const deck of inPacedOrder(decks, pacing)) {
    const st = states.get(deck.course);
    if (!st) continue;
    const b = buried.filter((c) => c.deckId === deck.id);
    const buriedIn = (q: string, dueBefore: number) =>
      b.filter((c) => c.queue === q && c.memory.due < dueBefore).length;
    const learn = learningOf.get(deck.id) ?? 0;
    const rev = reviewsOf.get(deck.id) ?? 0;
    const nl = newLeft.get(deck.course) ?? 0;
    const avail =
      pacing[deck.id] === 'not-yet' || nl <= 0
        ? 0
        : (
            await firstNewCards(
              db,
              nl + buriedIn('new', Number.MAX_SAFE_INTEGER),
              new Set(),
              deck.id,
            )
          ).filter((c) => !isBuried(c, now)).length;
    const n = Math.max(0, Math.min(avail, nl));
    newLeft.set(deck.course, nl - n);
    out.push({
      deckId: deck.id,
      title: deck.title,
      course: deck.course,
      chapter: deck.chapter,
      new: n,
      learning: Math.max(0, learn),
      review: Math.max(0, Math.min(rev, reviewsLeft.get(deck.course) ?? 0)),
    });
  }
  const courseOrder = new Map(decks.map((d, i) => [d.id, i]));
  out.sort((a, b) => (courseOrder.get(a.deckId) ?? 0) - (courseOrder.get(b.deckId) ?? 0));
  // The review allowance is per course: the total may be less than the sum of the decks' capped counts.
  let reviewTotal = 0;
  for (const [course, left] of reviewsLeft) {
    const sum = out.filter((d) => d.course === course).reduce((a, d) => a + d.review, 0);
    reviewTotal += Math.min(sum, left);
  }
  const day = studyDay(now, doc.global.nextDayStartsAt);
  const all = [...states.values()];
  return {
    day,
    decks: out,
    total: {
      new: out.reduce((a, d) => a + d.new, 0),
      learning: out.reduce((a, d) => a + d.learning, 0),
      review: reviewTotal,
    },
    doneToday: all.reduce((a, s) => a + s.done.total, 0),
    newDoneToday: all.reduce((a, s) => a + s.done.newDone, 0),
    reviewsDoneToday: all.reduce((a, s) => a + s.done.reviewsDone, 0),
    streak: await getStreak(db, now),
    changesAt: Math.min(day.end, ...all.map((s) => s.day.end)),
  };
}

/**
 * Past days' part of the streak (the run of study days with answers ending yesterday), per database: it only changes
 * when rows dated before today are added or removed (a merge, a restore, an undo, another tab), so a long streak is
 * probed once, not on every refresh. Counting the log to notice such changes would read every row (Chromium counts
 * by iterating: 1.7 s for 1M rows on disk), so the cache is dropped instead when Dexie reports a review-log write
 * that is not known to be dated today (an answer's row is; a bulk write, a delete or a clear is not).
 * It is also kept in `meta` (STREAK_KEY), so a cold start (and the next day) extends it with a few probes instead of
 * probing years of days; the stored run is checked at its ends before it is trusted.
 */
const streakCache = new WeakMap<CoursedeckDb, { key: string; before: number; past: number }>();
/** Databases whose stored run must not be trusted (rows before today changed in this session). */
const streakStale = new WeakSet<CoursedeckDb>();

/** The meta row holding the past run: `{ hour, dayStart, past }` (the run ending the day before `dayStart`). */
export { STREAK_KEY };
type StoredStreak = { hour: number; dayStart: number; past: number };

/** Review-log writes that may touch days before today drop the cached past run (see above). */
const watchLogWrites = watchConnections<CoursedeckDb>((target, parts) => {
  const name = target.name;
  if (!(`idb://${name}/reviewLog/` in parts)) return;
  const cached = streakCache.get(target);
  const raw: unknown = parts[`idb://${name}/reviewLog/reviewedAt`];
  // Dexie may hand over the range as a plain interval tree (a copy, without RangeSet's prototype: seen for every
  // answer in Node, which made each answer re-probe the whole streak); RangeSet(tree) adopts it.
  const byTime =
    raw instanceof RangeSet
      ? raw
      : raw !== null && typeof raw === 'object' && 'd' in raw
        ? RangeSet(raw as Parameters<typeof RangeSet>[0])
        : undefined;
  const onlyToday =
    cached !== undefined &&
    byTime !== undefined &&
    !rangesOverlap(byTime, new RangeSet(-Infinity, cached.before));
  if (!onlyToday) {
    streakCache.delete(target);
    streakStale.add(target);
  }
});

/** Days probed per round trip when the streak is computed afresh (requests issued together are much cheaper). */
const STREAK_BATCH = 64;
const MAX_STREAK_DAYS = 3650;

/** The streak under the global next-day hour: today (if answered) plus the run of earlier days with answers. */
export async function getStreak(db: CoursedeckDb, now: number): Promise<number> {
  const doc = await getSettingsDoc(db);
  const hour = doc.global.nextDayStartsAt;
  const today = studyDay(now, hour);
  watchLogWrites(db);
  const has = (offset: number) => {
    const day = studyDayOffset(now, hour, offset);
    return hasLogBetween(db, day.start, Math.min(day.end, now + 1));
  };
  const key = `${today.key}|${hour}`;
  const [hasToday, stored] = await Promise.all([
    hasLogBetween(db, today.start, now + 1),
    getMeta<StoredStreak | null>(db, STREAK_KEY, null),
  ]);
  const cached = streakCache.get(db);
  let past = cached?.key === key ? cached.past : await storedRun(stored, hour, now, has);
  if (past === null || streakStale.has(db)) past = await probeRun(has);
  streakStale.delete(db);
  streakCache.set(db, { key, before: today.start, past });
  // Kept only when probing it afresh takes more than one batch (a short run costs one round trip anyway): a write of
  // its own, which other readers of the database (the badge, live queries) see as a change.
  const worthKeeping = past >= STREAK_BATCH || stored !== null;
  if (
    worthKeeping &&
    (stored?.dayStart !== today.start || stored.hour !== hour || stored.past !== past)
  ) {
    const row: StoredStreak = { hour, dayStart: today.start, past };
    // Its own small write, after this read (fire and forget: the stored run is only a shortcut).
    setTimeout(() => {
      void Dexie.ignoreTransaction(() => setMeta(db, STREAK_KEY, row)).catch(() => undefined);
    });
  }
  return Math.min(MAX_STREAK_DAYS, (hasToday ? 1 : 0) + past);
}

/** The run of days with answers ending yesterday, probed backwards a batch of days at a time. */
async function probeRun(has: (offset: number) => Promise<boolean>): Promise<number> {
  for (let first = -1; first >= -MAX_STREAK_DAYS; first -= STREAK_BATCH) {
    const offsets = Array.from({ length: STREAK_BATCH }, (_, i) => first - i);
    const found = await Promise.all(offsets.map(has));
    const gap = found.indexOf(false);
    if (gap >= 0) return -first - 1 + gap;
  }
  return MAX_STREAK_DAYS;
}

/**
 * The past run from the stored one, computed on an earlier day (or visit) under the same hour: the days since then are
 * probed, and the stored run's ends are checked (its oldest day still has answers, the day before it still none).
 * Null when there is none or it does not hold: probe afresh.
 */
async function storedRun(
  stored: StoredStreak | null,
  hour: number,
  now: number,
  has: (offset: number) => Promise<boolean>,
): Promise<number | null> {
  if (!stored || stored.hour !== hour || !Number.isInteger(stored.past) || stored.past < 0)
    return null;
  // How many study days ago the stored run was computed (0: today); a week is the most worth extending.
  let ago = -1;
  for (let o = 0; o >= -7; o--) {
    if (studyDayOffset(now, hour, o).start === stored.dayStart) {
      ago = -o;
      break;
    }
  }
  if (ago < 0) return null;
  // Days from yesterday back to the stored day: all with answers extends the run; a gap ends it there.
  const recent = await Promise.all(Array.from({ length: ago }, (_, i) => has(-1 - i)));
  const gap = recent.indexOf(false);
  if (gap >= 0) return gap;
  const past = ago + stored.past;
  const [oldest, before] = await Promise.all([past > 0 ? has(-past) : true, has(-past - 1)]);
  return oldest && !before ? past : null;
}

/** Load cards by id in the given order, skipping missing ones. */
async function loadInOrder(db: CoursedeckDb, ids: readonly string[]): Promise<StoredCard[]> {
  const rows = await db.cards.bulkGet([...ids]);
  return rows.filter((c): c is StoredCard => c !== undefined);
}

type Planned = { card: StoredCard; queue: QueueName };

/**
 * The session in order (see domain/queue.ts): learning due now, reviews lowest retrievability first within each
 * course's review allowance, then new cards in course order within the new-card allowance; at most `limit` cards.
 * When `learnAhead` is set and nothing else is left, learning cards due within 20 minutes are included.
 */
async function planQueue(
  db: CoursedeckDb,
  now: number,
  opts: SessionOptions,
  limit: number,
): Promise<{ planned: Planned[]; nextLearningDue: number | null }> {
  // One read transaction: a consistent snapshot, and no per-query transaction cost.
  const tables = [db.decks, db.cards, db.reviewLog, db.settings, db.meta, db.dueBuckets];
  return db.transaction('r', tables, () => planQueueIn(db, now, opts, limit));
}

async function planQueueIn(
  db: CoursedeckDb,
  now: number,
  opts: SessionOptions,
  limit: number,
): Promise<{ planned: Planned[]; nextLearningDue: number | null }> {
  const doc = await getSettingsDoc(db);
  const decks = (await listDeckRecords(db)).filter((d) => !d.retired);
  const liveDecks = new Map(decks.map((d) => [d.id, d]));
  const states = await courseStates(db, now, doc, decks);
  const buried = new Set((await buriedCards(db, now)).map((c) => c.id));
  const planned: Planned[] = [];
  const usable = (c: Pick<StoredCard, 'id' | 'buriedUntil' | 'deckId'>) =>
    c.id !== opts.after?.id && !buried.has(c.id) && !isBuried(c, now) && liveDecks.has(c.deckId);
  const maxEnd = Math.max(...[...states.values()].map((s) => s.day.end), now);

  // 1. Learning and relearning due now, earliest first (read only up to the learn-ahead horizon).
  const horizon = Math.min(maxEnd, now + LEARN_AHEAD_MS + 1);
  const learningCands: StoredCard[] = (
    await Promise.all(
      (['learning', 'relearning'] as const).map((q) =>
        opts.deckId !== undefined
          ? deckDueCards(db, opts.deckId, q, horizon)
          : dueCards(db, q, horizon),
      ),
    )
  ).flat();
  const learning = learningCands.filter(usable).sort((a, b) => a.memory.due - b.memory.due);
  for (const c of learning) {
    if (planned.length >= limit) return { planned, nextLearningDue: null };
    if (c.memory.due <= now) planned.push({ card: c, queue: 'learning' });
  }
  if (planned.length >= limit) return { planned, nextLearningDue: null };

  // 2. Reviews due before the course's day end, lowest retrievability first (order cached: queue-cache.ts).
  const left = new Map([...states].map(([c, s]) => [c, { ...s }]));
  const afterState = opts.after && left.get(opts.after.course);
  if (afterState && opts.after?.queue === 'new') afterState.newLeft--;
  if (afterState && opts.after?.queue === 'review') afterState.reviewsLeft--;
  const orderKey = `${opts.deckId ?? '*'}|${maxEnd}|${JSON.stringify(doc.global.parameters)}`;
  const loaded = new Map<string, StoredCard>();
  let order = getReviewOrder(db, orderKey, now);
  if (!order) {
    // All decks: the due-bucket entries (a read of a dozen rows, src/db/due-reviews.ts), not the full cards; the head
    // of the order is read in full below. One deck: its few due cards through the deck index.
    let cands: Pick<
      DueEntry,
      'id' | 'due' | 'stability' | 'lastReview' | 'deckId' | 'buriedUntil'
    >[];
    if (opts.deckId !== undefined) {
      const cards = (await deckDueCards(db, opts.deckId, 'review', maxEnd)).filter(usable);
      for (const c of cards) loaded.set(c.id, c);
      cands = cards.map((c) => ({
        id: c.id,
        due: c.memory.due,
        stability: c.memory.stability,
        lastReview: c.memory.lastReview,
        deckId: c.deckId,
        buriedUntil: c.buriedUntil,
      }));
    } else {
      const kept = peekShared<DueEntry[]>(db, 'dueEntries', String(maxEnd), 'cards');
      let due = kept.value;
      if (!due) {
        due = await dueEntries(db, maxEnd);
        keepShared(db, 'dueEntries', String(maxEnd), kept.generation, due);
      }
      cands = due.filter((e) => e.queue === 'review' && usable(e));
    }
    const ids = orderReviews(cands, now, doc.global).map((c) => c.id);
    order = { key: orderKey, builtAt: now, ids, pos: 0 };
    setReviewOrder(db, order);
  }
  // A first card needs only the head of the order; a whole session reads it in larger chunks.
  const CHUNK = limit === 1 ? 4 : 32;
  let front = true;
  for (let i = order.pos; i < order.ids.length && planned.length < limit; i += CHUNK) {
    const chunk = order.ids.slice(i, i + CHUNK);
    const missing = chunk.filter((id) => !loaded.has(id));
    if (missing.length) for (const c of await loadInOrder(db, missing)) loaded.set(c.id, c);
    for (const [j, id] of chunk.entries()) {
      const c = loaded.get(id);
      // Answered, suspended or retired since the order was built: skip it (for good, when at the front).
      const valid = !!c && c.queue === 'review' && c.memory.due < maxEnd && liveDecks.has(c.deckId);
      if (!valid) {
        if (front) order.pos = i + j + 1;
        continue;
      }
      front = false;
      if (!usable(c)) continue;
      const st = left.get(c.course);
      if (!st || st.reviewsLeft <= 0 || c.memory.due >= st.day.end) continue;
      st.reviewsLeft--;
      planned.push({ card: c, queue: 'review' });
      if (planned.length >= limit) break;
    }
    if ([...left.values()].every((s) => s.reviewsLeft <= 0)) break;
  }
  if (planned.length >= limit) return { planned, nextLearningDue: null };

  // 3. New cards in course order within each course's allowance; chapters marked "Studying now" first and
  // "Not yet" held back (course pacing, issue 5).
  const totalNewLeft = [...left.values()].reduce((a, s) => a + s.newLeft, 0);
  if (totalNewLeft > 0) {
    const pacing = await getChapterPacing(db);
    const courseColl =
      opts.deckId !== undefined
        ? db.cards
            .where(IDX.deckQueuePosition)
            .between([opts.deckId, 'new', Dexie.minKey], [opts.deckId, 'new', Dexie.maxKey])
        : db.cards
            .where(IDX.queueCourseOrder)
            .between(['new', Dexie.minKey], ['new', Dexie.maxKey]);
    const studyingColls =
      opts.deckId !== undefined
        ? []
        : decks
            .filter((d) => pacing[d.id] === 'studying')
            .map((d) =>
              db.cards
                .where(IDX.deckQueuePosition)
                .between([d.id, 'new', Dexie.minKey], [d.id, 'new', Dexie.maxKey]),
            );
    const want = Math.min(limit - planned.length, totalNewLeft);
    const news: StoredCard[] = [];
    const taken = new Set<string>();
    for (const coll of [...studyingColls, courseColl]) {
      if (news.length >= want) break;
      const found = await coll
        .filter((c) => {
          if (taken.has(c.id) || pacing[c.deckId] === 'not-yet' || !usable(c)) return false;
          const st = left.get(c.course);
          if (!st || st.newLeft <= 0) return false;
          st.newLeft--;
          return true;
        })
        .limit(want - news.length)
        .toArray();
      for (const c of found) taken.add(c.id);
      news.push(...found);
    }
    for (const c of paceNewCards(news.sort(compareCourseOrder), pacing))
      planned.push({ card: c, queue: 'new' });
  }
  if (planned.length >= limit) return { planned, nextLearningDue: null };

  // 4. Nothing else: learning cards due soon (learn-ahead), else report when the next one is due.
  const later = learning.filter((c) => c.memory.due > now);
  for (const c of later) {
    if (planned.length >= limit) break;
    if (planned.length === 0 && c.memory.due <= now + LEARN_AHEAD_MS)
      planned.push({ card: c, queue: 'learning' });
  }
  const rest = later.filter((c) => !planned.some((p) => p.card.id === c.id));
  if (rest[0]) return { planned, nextLearningDue: rest[0].memory.due };
  // Beyond the horizon: the earliest learning card still due this study day, if any.
  const beyond = (
    await Promise.all(
      (['learning', 'relearning'] as const).map((q) =>
        firstDueBetween(db, q, horizon, maxEnd, opts.deckId),
      ),
    )
  )
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);
  return { planned, nextLearningDue: beyond[0] ?? null };
}

/**
 * The next card to show now, with the interval each answer button would give. `{ card: null }` when nothing is left
 * for today (with the time the next learning card comes due, if any).
 */
export async function nextCard(
  db: CoursedeckDb,
  now: number,
  opts: SessionOptions = {},
): Promise<NextCard> {
  const { planned, nextLearningDue } = await planQueue(db, now, opts, 1);
  const first = planned[0];
  if (!first) return { card: null, nextLearningDue };
  return shown(first, await getSettingsDoc(db), now);
}

/** A planned card as the screen shows it: the record, its queue, previews and retrievability under its course's settings. */
function shown({ card, queue }: Planned, doc: SettingsDoc, now: number): ShownCard {
  const settings = resolveSettings(doc, card.course);
  return {
    card: fromStored(card),
    queue,
    preview: previewAll(card.id, card.memory, now, settings),
    retrievability: retrievability(card.memory, now, settings),
  };
}

/**
 * The next `count` cards to show now, in order, each with its answer previews: the first is {@link nextCard}'s, and
 * each one after it is what nextCard would give once the ones before it are answered and not due again at once
 * (daily allowances included). The review screen keeps a few ready so that an answer never waits for the queue;
 * a card that an earlier answer buries (a sibling) is for the caller to skip.
 */
export async function nextCards(
  db: CoursedeckDb,
  now: number,
  opts: SessionOptions,
  count: number,
): Promise<ShownCard[]> {
  const { planned } = await planQueue(db, now, opts, count);
  if (planned.length === 0) return [];
  const doc = await getSettingsDoc(db);
  return planned.map((p) => shown(p, doc, now));
}

/** The whole session as it stands now, in order (ids and queues); for progress display. */
export async function buildSession(
  db: CoursedeckDb,
  now: number,
  opts: SessionOptions = {},
): Promise<{
  items: { cardId: string; deckId: string; queue: QueueName }[];
  nextLearningDue: number | null;
}> {
  const { planned, nextLearningDue } = await planQueue(db, now, opts, Number.POSITIVE_INFINITY);
  return {
    items: planned.map((p) => ({ cardId: p.card.id, deckId: p.card.deckId, queue: p.queue })),
    nextLearningDue,
  };
}

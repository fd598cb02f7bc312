/**
 * The home-screen badge: the number of cards due today on the installed app's icon, where the platform has the Badging
 * API (`navigator.setAppBadge`: Chrome and Edge for installed apps on computers; Safari for home-screen apps on iOS
 * 16.4+, shown only when the app may send notifications). Elsewhere nothing happens. Kept up to date on start, after every change to the database (an answer, an undo, a deck
 * sync, a restore, also from another tab), when the app comes back into view and when a new study day begins.
 */
import { onDatabaseWrite } from '../db/connection-watch';
import type { CoursedeckDb } from '../db/schema';

/** The part of `navigator` the badge uses; both methods are missing where the platform has no badge. */
export type BadgeNavigator = {
  setAppBadge?: (contents?: number) => Promise<void>;
  clearAppBadge?: () => Promise<void>;
};

/** What the badge shows, and when the count changes by itself (the next study day starts), in epoch ms. */
export type DueNow = { count: number; nextDayAt: number };

/**
 * Cards due today, as Today counts them: new cards within today's allowance, plus learning and review cards due before
 * the study day ends (so a learning step coming due this afternoon is already in the number).
 */
export async function countDueToday(db: CoursedeckDb, now: number): Promise<DueNow> {
  // Loaded on demand: the queue code is not part of the first screen's JS.
  const { getTodayCounts } = await import('../services/today');
  const counts = await getTodayCounts(db, now);
  return {
    count: counts.total.new + counts.total.learning + counts.total.review,
    nextDayAt: counts.day.end,
  };
}

/**
 * Shows `count` on the badge, or clears it at 0 (a "0" badge would nag about nothing). Returns false where the
 * platform has no badge. A refusal (some browsers allow badges only for installed apps) is not an error for the learner.
 */
export async function showDueBadge(nav: BadgeNavigator, count: number): Promise<boolean> {
  if (typeof nav.setAppBadge !== 'function') return false;
  try {
    if (count > 0) await nav.setAppBadge(count);
    else if (typeof nav.clearAppBadge === 'function') await nav.clearAppBadge();
    else await nav.setAppBadge(0);
  } catch {
    // NotAllowedError and friends: the badge is a convenience, the app works the same without it.
  }
  return true;
}

/** Recount delays after the last change: with the app in view (its icon is not), and with it hidden. */
const VISIBLE_DELAY_MS = 5000;
const HIDDEN_DELAY_MS = 1000;

export type AppBadgeOptions = {
  db: CoursedeckDb;
  navigator?: BadgeNavigator;
  document?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;
  now?: () => number;
  countDue?: (db: CoursedeckDb, now: number) => Promise<DueNow>;
  /** Wait before the first count, so it does not compete with the first screen's own queries. */
  startDelayMs?: number;
  /**
   * Wait after a change before counting again: a burst (a sync, fast answers) gives one count, not one per write.
   * Default 5 s while the app is in view, 1 s while hidden.
   */
  delayMs?: number;
};

/**
 * Starts keeping the badge up to date; returns a function that stops it. Does nothing (and returns a no-op) where
 * the platform has no badge, so unsupported browsers pay nothing.
 */
export function startAppBadge(options: AppBadgeOptions): () => void {
  const nav: BadgeNavigator =
    options.navigator ?? (globalThis.navigator as BadgeNavigator | undefined) ?? {};
  if (typeof nav.setAppBadge !== 'function') return () => undefined;
  const { db } = options;
  const doc = options.document ?? globalThis.document;
  const now = options.now ?? (() => Date.now());
  const countDue = options.countDue ?? countDueToday;
  // While the app is on screen its icon is not, and a recount is a read that an answer's write would wait behind:
  // after changes made in view, wait for a pause in the session; when hidden (another tab wrote), recount soon.
  const delay = () =>
    options.delayMs ?? (doc?.visibilityState === 'hidden' ? HIDDEN_DELAY_MS : VISIBLE_DELAY_MS);

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dayTimer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;

  const update = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const due = await countDue(db, now());
      if (stopped) return;
      await showDueBadge(nav, due.count);
      // The count changes by itself when the next study day starts (yesterday's leftovers and today's new cards).
      clearTimeout(dayTimer);
      const untilNextDay = due.nextDayAt - now();
      // setTimeout overflows past ~24.8 days; a study day is one day, so this only guards odd clocks.
      if (untilNextDay > 0 && untilNextDay < 2 ** 31 - 1) {
        dayTimer = setTimeout(() => schedule(0), untilNextDay + 1000);
      }
    } catch (error) {
      // A closed database (another tab upgraded it) or the like: the app says so elsewhere; the badge just waits.
      console.warn('Coursedeck: the home-screen badge was not updated', error);
    } finally {
      running = false;
      if (again && !stopped) {
        again = false;
        schedule(delay());
      }
    }
  };

  function schedule(wait: number) {
    clearTimeout(timer);
    timer = setTimeout(() => void update(), wait);
  }

  // Recount when this database changed (an answer, an undo, a sync, a restore, also from another tab).
  const stopWatching = onDatabaseWrite(db, () => schedule(delay()));
  const onVisible = () => {
    if (doc?.visibilityState === 'visible') schedule(delay());
  };
  doc?.addEventListener('visibilitychange', onVisible);
  schedule(options.startDelayMs ?? 2000);

  return () => {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(dayTimer);
    stopWatching();
    doc?.removeEventListener('visibilitychange', onVisible);
  };
}

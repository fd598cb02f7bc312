import { rebuildDailyStats } from '../db/daily-stats';
import type { CoursedeckDb } from '../db/schema';
import { getSettingsDoc, putSettingsDoc } from '../db/repo';
import {
  DEFAULT_SETTINGS,
  resolveSettings,
  settingsDocProblems,
  type Settings,
  type SettingsDoc,
} from '../domain/settings';
import { SettingsError } from './errors';

export type { Settings, SettingsDoc };
export { DEFAULT_SETTINGS, resolveSettings };

/** The stored settings (global and per-course overrides); the defaults when none were saved. */
export async function getSettings(db: CoursedeckDb): Promise<SettingsDoc> {
  return getSettingsDoc(db);
}

/** Whether some course (or the global default) starts its study day at a different hour under `a` and `b`. */
function nextDayHourChanged(a: SettingsDoc, b: SettingsDoc): boolean {
  const courses = new Set([...Object.keys(a.perCourse), ...Object.keys(b.perCourse)]);
  return [undefined, ...courses].some(
    (c) => resolveSettings(a, c).nextDayStartsAt !== resolveSettings(b, c).nextDayStartsAt,
  );
}

/**
 * Validate and save the whole settings document. Throws {@link SettingsError} listing every problem (retention
 * 0.70–0.99, hour 0–23, …) and saves nothing when any value is out of range. A changed next-day hour moves
 * study-day boundaries, so the daily stats are rebuilt from the log in the same transaction.
 */
export async function saveSettings(db: CoursedeckDb, doc: SettingsDoc): Promise<void> {
  const clean: SettingsDoc = {
    global: { ...DEFAULT_SETTINGS, ...doc.global },
    perCourse: Object.fromEntries(
      Object.entries(doc.perCourse ?? {}).filter(([, o]) => Object.keys(o).length > 0),
    ),
  };
  const problems = settingsDocProblems(clean);
  if (problems.length) throw new SettingsError(problems);
  // Only a changed hour needs the wider transaction: callers that save other settings inside their own
  // transaction (the optimizer's) need not include the log and the daily stats.
  if (!nextDayHourChanged(await getSettingsDoc(db), clean)) {
    await putSettingsDoc(db, clean);
    return;
  }
  await db.transaction('rw', [db.settings, db.decks, db.reviewLog, db.dailyStats], async () => {
    await putSettingsDoc(db, clean);
    await rebuildDailyStats(db, Date.now());
  });
}

/** The settings in force for one course (global overlaid with the course's overrides). */
export async function getCourseSettings(db: CoursedeckDb, course?: string): Promise<Settings> {
  return resolveSettings(await getSettingsDoc(db), course);
}

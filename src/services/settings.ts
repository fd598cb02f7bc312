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

/**
 * Validate and save the whole settings document. Throws {@link SettingsError} listing every problem (retention
 * 0.70–0.99, hour 0–23, …) and saves nothing when any value is out of range.
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
  await putSettingsDoc(db, clean);
}

/** The settings in force for one course (global overlaid with the course's overrides). */
export async function getCourseSettings(db: CoursedeckDb, course?: string): Promise<Settings> {
  return resolveSettings(await getSettingsDoc(db), course);
}

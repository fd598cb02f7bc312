/**
 * Learner settings: scheduling (FSRS) and daily limits, global with per-course overrides.
 * Pure data and validation; the db layer persists a {@link SettingsDoc}.
 */

/** A learning step as ts-fsrs writes it: a number and a unit, minutes, hours or days (`1m`, `10m`, `1d`). */
export type StepText = `${number}${'m' | 'h' | 'd'}`;

export type Settings = {
  /** Probability of recall FSRS schedules for, 0.70–0.99. */
  desiredRetention: number;
  /** Longest interval in days. */
  maximumIntervalDays: number;
  learningSteps: StepText[];
  relearningSteps: StepText[];
  /** Spread review dates a little so cards learned together do not stay together; seeded by card id. */
  fuzz: boolean;
  /** FSRS weights (21 for FSRS-6), or null for ts-fsrs' defaults. */
  parameters: number[] | null;
  newPerDay: number;
  reviewsPerDay: number;
  /** Local hour (0–23) at which the next day starts, as Anki's "next day starts at". */
  nextDayStartsAt: number;
  /** Lapses at which a card becomes a leech and is suspended. */
  leechThreshold: number;
};

/** Settings stored once: the global values, and per course only the fields that differ. */
export type SettingsDoc = {
  global: Settings;
  perCourse: Record<string, Partial<Settings>>;
};

export const DEFAULT_SETTINGS: Settings = {
  desiredRetention: 0.9,
  maximumIntervalDays: 36500,
  learningSteps: ['1m', '10m'],
  relearningSteps: ['10m'],
  fuzz: true,
  parameters: null,
  newPerDay: 20,
  reviewsPerDay: 200,
  nextDayStartsAt: 4,
  leechThreshold: 8,
};

export const DEFAULT_SETTINGS_DOC: SettingsDoc = { global: DEFAULT_SETTINGS, perCourse: {} };

/** The settings in force for a course: the global ones overlaid with that course's overrides. */
export function resolveSettings(doc: SettingsDoc, course?: string): Settings {
  const override = course === undefined ? undefined : doc.perCourse[course];
  return { ...DEFAULT_SETTINGS, ...doc.global, ...(override ?? {}) };
}

const STEP = /^(\d+(?:\.\d+)?)(m|h|d)$/;

/** Minutes of a step (`10m` → 10, `1h` → 60, `1d` → 1440). */
export function stepMinutes(step: string): number {
  const m = STEP.exec(step);
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'm' ? n : m[2] === 'h' ? n * 60 : n * 1440;
}

function isStep(step: unknown): step is StepText {
  return typeof step === 'string' && STEP.test(step) && stepMinutes(step) > 0;
}

/**
 * Problems with some settings, in plain words (empty when valid).
 * Rules: retention 0.70–0.99, maximum interval 1–36500 days, steps like `10m`/`1h`/`1d`,
 * limits 0–9999 whole numbers, next-day hour 0–23, leech threshold 1–99, parameters 17–21 finite numbers.
 */
export function settingsProblems(s: Partial<Settings>): string[] {
  const out: string[] = [];
  const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const int = (v: unknown, lo: number, hi: number) =>
    num(v) && Number.isInteger(v) && v >= lo && v <= hi;
  if (s.desiredRetention !== undefined) {
    if (!num(s.desiredRetention) || s.desiredRetention < 0.7 || s.desiredRetention > 0.99)
      out.push('Desired retention must be between 0.70 and 0.99.');
  }
  if (s.maximumIntervalDays !== undefined && !int(s.maximumIntervalDays, 1, 36500))
    out.push('Maximum interval must be a whole number of days between 1 and 36500.');
  for (const key of ['learningSteps', 'relearningSteps'] as const) {
    const steps = s[key];
    if (steps === undefined) continue;
    if (!Array.isArray(steps) || steps.length > 10 || !steps.every(isStep))
      out.push(
        `${key === 'learningSteps' ? 'Learning' : 'Relearning'} steps must be up to 10 durations like 1m, 10m, 1h or 1d.`,
      );
  }
  if (s.fuzz !== undefined && typeof s.fuzz !== 'boolean') out.push('Fuzz must be on or off.');
  if (s.newPerDay !== undefined && !int(s.newPerDay, 0, 9999))
    out.push('New cards per day must be a whole number between 0 and 9999.');
  if (s.reviewsPerDay !== undefined && !int(s.reviewsPerDay, 0, 9999))
    out.push('Reviews per day must be a whole number between 0 and 9999.');
  if (s.nextDayStartsAt !== undefined && !int(s.nextDayStartsAt, 0, 23))
    out.push('The next day must start at a whole hour between 0 and 23.');
  if (s.leechThreshold !== undefined && !int(s.leechThreshold, 1, 99))
    out.push('Leech threshold must be a whole number between 1 and 99.');
  if (s.parameters !== undefined && s.parameters !== null) {
    const p = s.parameters;
    if (!Array.isArray(p) || ![17, 19, 21].includes(p.length) || !p.every(num))
      out.push('FSRS parameters must be a list of 17, 19 or 21 numbers.');
  }
  return out;
}

/** Problems with a whole settings document, each prefixed by the course it concerns. */
export function settingsDocProblems(doc: SettingsDoc): string[] {
  const out = settingsProblems(doc.global);
  for (const [course, o] of Object.entries(doc.perCourse)) {
    for (const p of settingsProblems(o)) out.push(`${course}: ${p}`);
  }
  return out;
}

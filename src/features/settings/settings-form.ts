import type { Settings, StepText } from '../../services';

/** The editable settings as the form holds them: text, exactly as typed, until Save parses it. */
export type SettingsDraft = {
  desiredRetention: string;
  maximumIntervalDays: string;
  learningSteps: string;
  relearningSteps: string;
  fuzz: boolean;
  newPerDay: string;
  reviewsPerDay: string;
  nextDayStartsAt: string;
  leechThreshold: string;
};

/** The fields a learner edits here (FSRS parameters come from the optimizer, not from this form). */
export type EditableKey = keyof SettingsDraft;

export const EDITABLE_KEYS: readonly EditableKey[] = [
  'desiredRetention',
  'maximumIntervalDays',
  'learningSteps',
  'relearningSteps',
  'fuzz',
  'newPerDay',
  'reviewsPerDay',
  'nextDayStartsAt',
  'leechThreshold',
];

export function toDraft(s: Settings): SettingsDraft {
  return {
    desiredRetention: s.desiredRetention.toFixed(2),
    maximumIntervalDays: String(s.maximumIntervalDays),
    learningSteps: s.learningSteps.join(' '),
    relearningSteps: s.relearningSteps.join(' '),
    fuzz: s.fuzz,
    newPerDay: String(s.newPerDay),
    reviewsPerDay: String(s.reviewsPerDay),
    nextDayStartsAt: String(s.nextDayStartsAt),
    leechThreshold: String(s.leechThreshold),
  };
}

// An empty or non-numeric field becomes NaN, which the settings validation reports in plain words.
const toNumber = (text: string) => (text.trim() === '' ? NaN : Number(text.trim()));
const toSteps = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean) as StepText[];

/** The draft as settings values (validation happens in the settings service, which lists every problem). */
export function fromDraft(d: SettingsDraft): Omit<Settings, 'parameters'> {
  return {
    desiredRetention: toNumber(d.desiredRetention),
    maximumIntervalDays: toNumber(d.maximumIntervalDays),
    learningSteps: toSteps(d.learningSteps),
    relearningSteps: toSteps(d.relearningSteps),
    fuzz: d.fuzz,
    newPerDay: toNumber(d.newPerDay),
    reviewsPerDay: toNumber(d.reviewsPerDay),
    nextDayStartsAt: toNumber(d.nextDayStartsAt),
    leechThreshold: toNumber(d.leechThreshold),
  };
}

/** The fields of `values` that differ from `base`: what a course override stores. */
export function overrideOf(
  values: Omit<Settings, 'parameters'>,
  base: Settings,
): Partial<Settings> {
  const out: Partial<Settings> = {};
  for (const key of EDITABLE_KEYS) {
    const a = values[key];
    const b = base[key];
    const same = Array.isArray(a) && Array.isArray(b) ? a.join(' ') === b.join(' ') : a === b;
    if (!same) (out as Record<string, unknown>)[key] = a;
  }
  return out;
}

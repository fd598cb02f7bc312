/** A card is mature once its interval is 21 days or more (Anki's threshold). */
export const MATURE_INTERVAL_DAYS = 21;

export type RetentionPeriod = 'today' | 'week' | 'month';

export type PassFail = {
  passed: number;
  failed: number;
  /** passed / (passed + failed), or null when there were no answers to count. */
  retention: number | null;
};

export type RetentionRow = {
  period: RetentionPeriod;
  /** Study days the row covers: today only, the last 7 or the last 30 (today included). */
  days: number;
  young: PassFail;
  mature: PassFail;
  total: PassFail;
};

/** The True Retention table: one row per period, today first. */
export type TrueRetention = RetentionRow[];

/** The rows of the table: today, the last 7 and the last 30 study days (today included). */
export const RETENTION_PERIODS: readonly { period: RetentionPeriod; days: number }[] = [
  { period: 'today', days: 1 },
  { period: 'week', days: 7 },
  { period: 'month', days: 30 },
];

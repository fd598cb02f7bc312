/** Number formats of the stats screens: fixed, locale-independent, so the tests can compare exact text. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 0.8571 → "85.7 %"; null (nothing to measure) → "—". */
export function percent(value: number | null, digits = 1): string {
  return value === null ? '—' : `${(value * 100).toFixed(digits)} %`;
}

/** `2026-11-26` → "Nov 26". */
export function shortDate(isoDate: string): string {
  const month = MONTHS[Number(isoDate.slice(5, 7)) - 1] ?? '';
  return `${month} ${Number(isoDate.slice(8, 10))}`;
}

/** `2026-11` → "Nov 2026". */
export function monthName(isoMonth: string): string {
  return `${MONTHS[Number(isoMonth.slice(5, 7)) - 1] ?? ''} ${isoMonth.slice(0, 4)}`;
}

/** Epoch ms → local "2026-11-26 14:05". */
export function dateTime(time: number): string {
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Epoch ms → local "2026-11-26". */
export function localDate(time: number): string {
  return dateTime(time).slice(0, 10);
}

/** Days with sensible precision: 0.42 → "0.42 d", 12.345 → "12.3 d", 400.4 → "400 d". */
export function days(value: number): string {
  const text = value < 1 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
  return `${text} d`;
}

/** "1 card", "3 cards". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export const RATING_NAMES: Record<number, string> = {
  0: 'Reset',
  1: 'Again',
  2: 'Hard',
  3: 'Good',
  4: 'Easy',
};

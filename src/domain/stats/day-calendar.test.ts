import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDayCalendar, DAY_MS } from './day-calendar';

// Hand-checked in UTC unless a test says otherwise; 2026-11-26 is a Thursday.
process.env.TZ = 'UTC';
const NOW = Date.UTC(2026, 10, 26, 15, 0);

describe('createDayCalendar', () => {
  it('starts the study day at the next-day hour, so 03:59 still belongs to yesterday', () => {
    const calendar = createDayCalendar(NOW, 4);
    expect(calendar.startOf(0)).toBe(Date.UTC(2026, 10, 26, 4));
    expect(calendar.dayOf(Date.UTC(2026, 10, 26, 4, 0))).toBe(0);
    expect(calendar.dayOf(Date.UTC(2026, 10, 26, 3, 59))).toBe(-1);
    expect(calendar.dayOf(Date.UTC(2026, 10, 27, 3, 59))).toBe(0);
    expect(calendar.dayOf(Date.UTC(2026, 10, 27, 4, 0))).toBe(1);
    expect(calendar.dateOf(0)).toBe('2026-11-26');
    expect(calendar.dateOf(-1)).toBe('2026-11-25');
    expect(calendar.weekdayOf(0)).toBe(4);
  });

  it('treats the hours before the next-day hour of now as the previous study day', () => {
    // 02:00 on the 26th is still the study day that began at 04:00 on the 25th.
    const calendar = createDayCalendar(Date.UTC(2026, 10, 26, 2, 0), 4);
    expect(calendar.dateOf(0)).toBe('2026-11-25');
    expect(calendar.startOf(0)).toBe(Date.UTC(2026, 10, 25, 4));
  });

  it('uses midnight when the next-day hour is 0', () => {
    const calendar = createDayCalendar(NOW, 0);
    expect(calendar.dayOf(Date.UTC(2026, 10, 26, 0, 30))).toBe(0);
    expect(calendar.dayOf(Date.UTC(2026, 10, 25, 23, 59))).toBe(-1);
  });

  it('finds days years away and across leap days', () => {
    const calendar = createDayCalendar(NOW, 4);
    // 2024-02-29 → 2025-02-28: 365 days; → 2026-02-28: 365; → 2026-11-26: day of year 330 − 59 = 271.
    // 365 + 365 + 271 = 1001.
    expect(calendar.dayOf(Date.UTC(2024, 1, 29, 10))).toBe(-1001);
    expect(calendar.dateOf(-1001)).toBe('2024-02-29');
  });

  it('rejects a next-day hour outside 0–23 with a clear message', () => {
    expect(() => createDayCalendar(NOW, 24)).toThrow(/0 to 23/);
    expect(() => createDayCalendar(NOW, 3.5)).toThrow(/whole hour/);
  });

  describe('across a daylight-saving change (Europe/Berlin)', () => {
    beforeAll(() => {
      process.env.TZ = 'Europe/Berlin';
    });
    afterAll(() => {
      process.env.TZ = 'UTC';
    });

    it('follows local 04:00 when a study day is only 23 hours long', () => {
      // Clocks go forward on 2026-03-29, so the study day named 2026-03-28 runs from 04:00 CET (03:00 UTC) to
      // 04:00 CEST on the 29th (02:00 UTC): 23 hours.
      const calendar = createDayCalendar(Date.UTC(2026, 2, 30, 10), 4);
      expect(calendar.startOf(0)).toBe(Date.UTC(2026, 2, 30, 2));
      expect(calendar.startOf(-2)).toBe(Date.UTC(2026, 2, 28, 3));
      expect(calendar.startOf(-1) - calendar.startOf(-2)).toBe(DAY_MS - 3_600_000);
      // 04:30 CET on the 28th is in the study day of the 28th (day -2); counting 24-hour blocks back from today's
      // start would wrongly put it on day -3.
      expect(calendar.dayOf(Date.UTC(2026, 2, 28, 3, 30))).toBe(-2);
      expect(calendar.dayOf(Date.UTC(2026, 2, 28, 2, 30))).toBe(-3);
      expect(calendar.dateOf(-2)).toBe('2026-03-28');
    });
  });
});

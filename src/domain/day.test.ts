// Zone-independent properties of study days, in the process time zone; day.dst.test.ts checks two named zones.
import { describe, expect, it } from 'vitest';
import { streakLength, studyDay, studyDayOffset } from './day';

describe('study days', () => {
  it('start at the next-day hour: before it, the time still belongs to the previous day', () => {
    const at = (h: number) => new Date(2026, 10, 26, h, 30).getTime();
    expect(studyDay(at(3), 4).key).toBe('2026-11-25');
    expect(studyDay(at(4), 4).key).toBe('2026-11-26');
    expect(studyDay(at(23), 4).start).toBe(new Date(2026, 10, 26, 4).getTime());
    expect(studyDay(at(23), 4).end).toBe(new Date(2026, 10, 27, 4).getTime());
  });

  it('chain without gaps or overlaps: one day’s end is the next day’s start', () => {
    let t = new Date(2026, 0, 1, 12).getTime();
    for (let i = 0; i < 400; i++) {
      const d = studyDay(t, 4);
      expect(d.start).toBeLessThanOrEqual(t);
      expect(d.end).toBeGreaterThan(t);
      const nextDay = studyDayOffset(t, 4, 1);
      expect(nextDay.start).toBe(d.end);
      t = nextDay.start + 1;
    }
  });

  it('count a streak back from today, or from yesterday while today has no answers yet', () => {
    const days = new Set([0, -1, -2, -4]);
    expect(streakLength((o) => days.has(o))).toBe(3);
    const noneToday = new Set([-1, -2]);
    expect(streakLength((o) => noneToday.has(o))).toBe(2);
    expect(streakLength(() => false)).toBe(0);
  });
});

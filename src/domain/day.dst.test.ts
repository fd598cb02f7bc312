// The next-day hour across daylight-saving changes, under two TZ values in one run: Node re-reads process.env.TZ
// when it is assigned, and vitest runs each test file in its own process, so switching it here affects no other file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { studyDay, studyDayOffset } from './day';

const HOUR = 3_600_000;
const ZONES = [
  // zone, spring-forward date, fall-back date (2026)
  { tz: 'Europe/Berlin', spring: [2026, 2, 29], fall: [2026, 9, 25] },
  { tz: 'America/New_York', spring: [2026, 2, 8], fall: [2026, 10, 1] },
] as const;

const original = process.env.TZ;
afterAll(() => {
  process.env.TZ = original;
});

for (const { tz, spring, fall } of ZONES) {
  describe(`study days in ${tz}`, () => {
    beforeAll(() => {
      process.env.TZ = tz;
    });

    it('really runs in that zone', () => {
      // January and July offsets differ in both zones.
      expect(new Date(2026, 0, 1).getTimezoneOffset()).not.toBe(
        new Date(2026, 6, 1).getTimezoneOffset(),
      );
      expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(tz);
    });

    it('makes the study day holding the spring-forward night 23 hours long, still 04:00 to 04:00 local time', () => {
      // The clocks change between 02:00 and 03:00, before 04:00: inside the study day that began the evening before.
      const night = new Date(spring[0], spring[1], spring[2], 1, 30).getTime();
      const d = studyDay(night, 4);
      expect(d.end - d.start).toBe(23 * HOUR);
      expect(new Date(d.start).getHours()).toBe(4);
      expect(new Date(d.end).getHours()).toBe(4);
      expect(new Date(d.start).getDate()).toBe(spring[2] - 1);
      expect(d.key).toBe(
        `${spring[0]}-${String(spring[1] + 1).padStart(2, '0')}-${String(spring[2] - 1).padStart(2, '0')}`,
      );
      const after = studyDay(new Date(spring[0], spring[1], spring[2], 12).getTime(), 4);
      expect(after.end - after.start).toBe(24 * HOUR);
    });

    it('makes the study day holding the fall-back night 25 hours long', () => {
      const night = new Date(fall[0], fall[1], fall[2], 0, 30).getTime();
      const d = studyDay(night, 4);
      expect(d.end - d.start).toBe(25 * HOUR);
      expect(new Date(d.start).getHours()).toBe(4);
      expect(new Date(d.end).getHours()).toBe(4);
    });

    it('with the next day starting at 00:00 the change falls inside the calendar day itself', () => {
      const d = studyDay(new Date(spring[0], spring[1], spring[2], 12).getTime(), 0);
      expect(d.end - d.start).toBe(23 * HOUR);
      const f = studyDay(new Date(fall[0], fall[1], fall[2], 12).getTime(), 0);
      expect(f.end - f.start).toBe(25 * HOUR);
    });

    it('puts an answer at 03:30 on the night of the change in the previous study day', () => {
      const t = new Date(spring[0], spring[1], spring[2], 3, 30).getTime();
      const d = studyDay(t, 4);
      const previousNoon = new Date(spring[0], spring[1], spring[2] - 1, 12).getTime();
      expect(d).toEqual(studyDay(previousNoon, 4));
      expect(studyDay(d.end, 4).start).toBe(d.end);
    });

    it('keeps days contiguous through both changes, for every next-day hour', () => {
      for (let hour = 0; hour < 24; hour++) {
        let t = new Date(spring[0], spring[1], spring[2] - 3, 12).getTime();
        const stop = new Date(fall[0], fall[1], fall[2] + 3, 12).getTime();
        let prev = studyDay(t, hour);
        while (t < stop) {
          const nextDay = studyDayOffset(t, hour, 1);
          expect(nextDay.start).toBe(prev.end);
          expect(nextDay.end - nextDay.start).toBeGreaterThanOrEqual(23 * HOUR);
          expect(nextDay.end - nextDay.start).toBeLessThanOrEqual(25 * HOUR);
          prev = nextDay;
          t = nextDay.start + HOUR;
        }
      }
    });
  });
}

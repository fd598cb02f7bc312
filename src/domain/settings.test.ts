import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  resolveSettings,
  settingsDocProblems,
  settingsProblems,
  stepMinutes,
} from './settings';

describe('settings', () => {
  it('default to retention 0.90, 20 new and 200 reviews a day, the day starting at 4', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      desiredRetention: 0.9,
      newPerDay: 20,
      reviewsPerDay: 200,
      nextDayStartsAt: 4,
    });
    expect(settingsProblems(DEFAULT_SETTINGS)).toEqual([]);
  });

  it('overlay a course’s overrides on the global values', () => {
    const doc = { global: DEFAULT_SETTINGS, perCourse: { A: { newPerDay: 5 } } };
    expect(resolveSettings(doc, 'A').newPerDay).toBe(5);
    expect(resolveSettings(doc, 'B').newPerDay).toBe(20);
  });

  it('name each out-of-range value in plain words', () => {
    expect(settingsProblems({ desiredRetention: 0.69 })).toEqual([
      'Desired retention must be between 0.70 and 0.99.',
    ]);
    expect(settingsProblems({ desiredRetention: 0.99, nextDayStartsAt: 4 })).toEqual([]);
    expect(settingsProblems({ learningSteps: ['10x' as never] })).toHaveLength(1);
    expect(
      settingsProblems({ newPerDay: 1.5, reviewsPerDay: -1, parameters: [1, 2] }),
    ).toHaveLength(3);
    expect(
      settingsDocProblems({
        global: DEFAULT_SETTINGS,
        perCourse: { A: { desiredRetention: 2 } },
      })[0],
    ).toMatch(/^A: /);
  });

  it('read steps in minutes, hours and days', () => {
    expect([stepMinutes('10m'), stepMinutes('1h'), stepMinutes('1d'), stepMinutes('x')]).toEqual([
      10,
      60,
      1440,
      NaN,
    ]);
  });
});

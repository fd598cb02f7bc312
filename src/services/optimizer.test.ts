import { beforeEach, describe, expect, it } from 'vitest';
import { nodeFitter } from '../../tests/support/fsrs-node';
import { seedOptimizerCollection, TRUTH, UTC } from '../../tests/support/optimizer-fixture';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import { DEFAULT_PARAMETERS } from '../domain/scheduler/memory';
import { DEFAULT_SETTINGS } from '../domain/settings';
import {
  adoptParameters,
  applyParameters,
  lastOptimizerRun,
  optimizeParameters,
  parameterSource,
  simulationInput,
  type OptimizeResult,
} from './optimizer';
import { getSettings } from './settings';

// A fit takes about a second on an idle 2-core machine; the margin is for a machine shared with other builds.
const FIT_TIMEOUT = 30_000;

let db: CoursedeckDb;
beforeEach(() => {
  db = openDatabase('optimizer-test');
});

describe("optimizing a course's parameters", () => {
  it(
    'fits, shows both evaluations on held-out reviews and adopts only better parameters, due dates untouched',
    async () => {
      const { now } = await seedOptimizerCollection(db);
      const before = new Map((await db.cards.toArray()).map((c) => [c.id, c]));
      const progress: number[] = [];

      const result = await optimizeParameters(db, {
        scope: 'Alpha',
        fitter: nodeFitter,
        now,
        utcOffsetMinutes: UTC,
        onProgress: (p) => progress.push(p.fraction),
      });

      expect(result.status).toBe('fitted');
      if (result.status !== 'fitted') return;
      expect(result.testItems).toBeGreaterThanOrEqual(20);
      expect(result.candidate.logLoss).toBeLessThan(result.current.logLoss);
      expect(result.better).toBe(true);
      expect(progress.at(-1)).toBe(1);
      expect((await lastOptimizerRun(db, 'Alpha'))?.result).toEqual(result);

      const outcome = await adoptParameters(db, result, { now });
      const settings = await getSettings(db);
      expect(settings.perCourse.Alpha?.parameters).toEqual(result.parameters);
      expect(settings.global.parameters).toBeNull();

      const after = await db.cards.toArray();
      const alpha = after.filter((c) => c.course === 'Alpha' && c.memory.phase !== 'new');
      expect(outcome.updatedCards).toBe(alpha.length);
      expect(outcome.rescheduledCards).toBe(0);
      for (const c of alpha) {
        const old = before.get(c.id);
        expect(c.memory.due).toBe(old?.memory.due);
        expect(c.version).toBe((old?.version ?? 0) + 1);
      }
      // Memory states are now those the personal parameters give: the learner's first memories are far more stable.
      const changed = alpha.filter(
        (c) => c.memory.stability !== before.get(c.id)?.memory.stability,
      );
      expect(changed.length).toBeGreaterThan(alpha.length * 0.9);
      // The other course and the unseen card are left alone.
      for (const c of after.filter((x) => x.course === 'Beta' || x.id === 'alpha-unseen')) {
        expect(c).toEqual(before.get(c.id));
      }
    },
    FIT_TIMEOUT,
  );

  it(
    'moves due dates only when rescheduling is asked for',
    async () => {
      const { now } = await seedOptimizerCollection(db);
      const before = new Map((await db.cards.toArray()).map((c) => [c.id, c.memory.due]));
      const result = await optimizeParameters(db, {
        scope: 'Alpha',
        fitter: nodeFitter,
        now,
        utcOffsetMinutes: UTC,
      });
      const outcome = await adoptParameters(db, result, { now, reschedule: true });
      expect(outcome.rescheduledCards).toBeGreaterThan(0);
      const moved = (await db.cards.toArray()).filter((c) => c.memory.due !== before.get(c.id));
      expect(moved.length).toBe(outcome.rescheduledCards);
    },
    FIT_TIMEOUT,
  );

  it('says plainly when the log is still too small, and refuses to adopt anything', async () => {
    const { now } = await seedOptimizerCollection(db);
    let fitted = false;
    const result = await optimizeParameters(db, {
      scope: 'Beta',
      fitter: async () => {
        fitted = true;
        return [];
      },
      now,
      utcOffsetMinutes: UTC,
    });
    expect(fitted).toBe(false);
    expect(result.status).toBe('too-small');
    if (result.status === 'too-small') expect(result.message).toMatch(/Not enough reviews yet/);
    await expect(adoptParameters(db, result, { now })).rejects.toThrow(
      /Only parameters that predict/,
    );
  });

  it('keeps the current parameters when a fit is no better', async () => {
    const { now } = await seedOptimizerCollection(db);
    // A "fit" that returns the current (default) parameters cannot be an improvement.
    const result = await optimizeParameters(db, {
      scope: 'Alpha',
      fitter: async () => [...DEFAULT_PARAMETERS],
      now,
      utcOffsetMinutes: UTC,
    });
    expect(result.status === 'fitted' && result.better).toBe(false);
    await expect(adoptParameters(db, result as OptimizeResult, { now })).rejects.toThrow();
    expect((await getSettings(db)).perCourse.Alpha).toBeUndefined();
  });

  it('stops when cancelled and stores nothing', async () => {
    const { now } = await seedOptimizerCollection(db);
    const controller = new AbortController();
    controller.abort();
    await expect(
      optimizeParameters(db, {
        scope: 'Alpha',
        fitter: nodeFitter,
        now,
        utcOffsetMinutes: UTC,
        signal: controller.signal,
      }),
    ).rejects.toThrow(/cancelled/);
    expect(await lastOptimizerRun(db, 'Alpha')).toBeNull();
  });

  it('sets global parameters for every course without its own, and can go back to the defaults', async () => {
    const { now } = await seedOptimizerCollection(db);
    const w = [...TRUTH];
    await applyParameters(
      db,
      'Beta',
      [...TRUTH].map((x) => x * 1.01),
      { now },
    );
    const betaBefore = (await db.cards.toArray()).filter((c) => c.course === 'Beta');
    const out = await applyParameters(db, null, w, { now });
    const after = await db.cards.toArray();
    expect((await getSettings(db)).global.parameters).toEqual(w);
    // Beta has its own parameters: untouched by a global change.
    expect(after.filter((c) => c.course === 'Beta')).toEqual(betaBefore);
    expect(out.updatedCards).toBe(
      after.filter((c) => c.course === 'Alpha' && c.memory.phase !== 'new').length,
    );
    expect(await parameterSource(db, 'Beta')).toBe('own');
    expect(await parameterSource(db, 'Alpha')).toBe('global');
    expect(await parameterSource(db, null)).toBe('own');
    await applyParameters(db, 'Beta', null, { now });
    expect((await getSettings(db)).perCourse.Beta).toBeUndefined();
    expect(await parameterSource(db, 'Beta')).toBe('global');
    await applyParameters(db, null, null, { now });
    expect(await parameterSource(db, 'Beta')).toBe('default');
  });
});

describe("the simulator's input", () => {
  it('takes studied cards as day offsets from today, counts new cards and carries the limits', async () => {
    const { now } = await seedOptimizerCollection(db);
    const input = await simulationInput(db, 'Alpha', now, UTC);
    const alpha = (await db.cards.toArray()).filter((c) => c.course === 'Alpha');
    const studied = alpha.filter((c) => c.memory.phase !== 'new');
    expect(input.cards).toHaveLength(studied.length);
    expect(input.newCards).toBe(alpha.length - studied.length);
    expect(input.cards.every((c) => c.lastReviewDay <= 0)).toBe(true);
    expect(input.newPerDay).toBe(DEFAULT_SETTINGS.newPerDay);
    expect(input.learningSteps).toBe(2);
    expect(input.relearningSteps).toBe(1);
    expect(input.parameters).toHaveLength(21);
  });
});

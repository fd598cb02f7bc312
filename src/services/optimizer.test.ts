import { beforeEach, describe, expect, it } from 'vitest';
import { nodeFitter } from '../../tests/support/fsrs-node';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import { putCards } from '../db/repo';
import type { CardRecord, DeckRecord, ReviewLogEntry } from '../domain/model';
import { seededRandom, syntheticLog } from '../domain/optimizer';
import { newMemoryState, replay } from '../domain/scheduler';
import { DEFAULT_PARAMETERS } from '../domain/scheduler/memory';
import { DEFAULT_SETTINGS } from '../domain/settings';
import {
  adoptParameters,
  applyParameters,
  lastOptimizerRun,
  optimizeParameters,
  simulationInput,
  type OptimizeResult,
} from './optimizer';
import { getSettings } from './settings';

const START = Date.UTC(2026, 0, 1);
const UTC = () => 0;
const TRUTH = [
  1.2, 3.5, 8, 20, 5.5, 0.6, 2, 0.01, 1.6, 0.2, 1.1, 1.8, 0.08, 0.3, 1.5, 0.4, 2.5, 0.3, 0.3, 0.1,
  0.35,
];

function deck(id: string, course: string): DeckRecord {
  return {
    schemaVersion: 1,
    id,
    course,
    chapter: 1,
    title: `${course} 1`,
    estimatedTime: [],
    objectives: [],
    exercises: { items: [] },
    related: [],
    reading: [],
    coverage: { answered: 0, total: 0 },
    hash: id,
    imported: false,
    retired: false,
    cardCount: 0,
    syncedAt: START,
  };
}

function card(id: string, deckId: string, course: string, log: ReviewLogEntry[]): CardRecord {
  return {
    id,
    deckId,
    course,
    chapter: 1,
    kind: 'inline',
    front: id,
    back: id,
    section: 'S',
    position: 0,
    group: id,
    source: { file: 'x.md', line: 1 },
    selfGraded: false,
    // What the app stored: the state its answers produced under the settings of the time (defaults).
    memory: (log.length ? replay(id, log, DEFAULT_SETTINGS) : null) ?? newMemoryState(START),
    suspended: false,
    buriedUntil: 0,
    retired: false,
    leech: false,
    version: 1,
  };
}

/** Course Alpha: a learner unlike the defaults, 1000 answers. Course Beta: a handful of answers. */
async function seed(db: CoursedeckDb) {
  const alphaLog = syntheticLog({
    truth: TRUTH,
    cards: 600,
    newPerDay: 8,
    days: 400,
    maxReviews: 1000,
    desiredRetention: 0.9,
    random: seededRandom(11),
    start: START,
    deckId: 'alpha-1',
    quizShare: 0.1,
  });
  const betaLog = syntheticLog({
    truth: TRUTH,
    cards: 5,
    newPerDay: 5,
    days: 20,
    desiredRetention: 0.9,
    random: seededRandom(12),
    start: START,
    deckId: 'beta-1',
  }).map((e) => ({ ...e, id: `beta-${e.id}`, cardId: `beta-${e.cardId}` }));
  const byCard = (log: ReviewLogEntry[]) => {
    const map = new Map<string, ReviewLogEntry[]>();
    for (const e of log) map.set(e.cardId, [...(map.get(e.cardId) ?? []), e]);
    return map;
  };
  const cards = [
    ...[...byCard(alphaLog)].map(([id, log]) => card(id, 'alpha-1', 'Alpha', log)),
    card('alpha-unseen', 'alpha-1', 'Alpha', []),
    ...[...byCard(betaLog)].map(([id, log]) => card(id, 'beta-1', 'Beta', log)),
  ];
  await db.decks.bulkPut([deck('alpha-1', 'Alpha'), deck('beta-1', 'Beta')]);
  await putCards(db, cards);
  await db.reviewLog.bulkPut([...alphaLog, ...betaLog]);
  const lastAnswer = Math.max(...alphaLog.map((e) => e.reviewedAt));
  return { alphaLog, betaLog, now: lastAnswer + 3_600_000 };
}

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
      const { now } = await seed(db);
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
      expect(result.testItems).toBeGreaterThanOrEqual(30);
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
      const { now } = await seed(db);
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
    const { now } = await seed(db);
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
    const { now } = await seed(db);
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
    const { now } = await seed(db);
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
    const { now } = await seed(db);
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
    await applyParameters(db, 'Beta', null, { now });
    expect((await getSettings(db)).perCourse.Beta).toBeUndefined();
  });
});

describe("the simulator's input", () => {
  it('takes studied cards as day offsets from today, counts new cards and carries the limits', async () => {
    const { now } = await seed(db);
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

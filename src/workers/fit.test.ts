import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateParameters, isImprovement } from '../domain/optimizer/evaluate';
import { seededRandom } from '../domain/optimizer/random';
import { syntheticLog } from '../domain/optimizer/synthetic';
import { packItems, timeSeriesSplit, toTrainingItems } from '../domain/optimizer/training-items';
import { DEFAULT_PARAMETERS, isValidParameters } from '../domain/scheduler/memory';
import { loadFsrsInNode } from '../../tests/support/fsrs-node';
import { fitParameters, type FsrsModule } from './fit';

// A learner unlike the defaults: first memories four times as stable, a flatter forgetting curve (w20 = 0.35).
const TRUTH = [
  1.2, 3.5, 8, 20, 5.5, 0.6, 2, 0.01, 1.6, 0.2, 1.1, 1.8, 0.08, 0.3, 1.5, 0.4, 2.5, 0.3, 0.3, 0.1,
  0.35,
];

// About a second on an idle 2-core machine; the margin is for a machine shared with other builds.
const FIT_TIMEOUT = 30_000;

let fsrs: FsrsModule;
beforeAll(async () => {
  fsrs = await loadFsrsInNode();
});

describe('fitting FSRS parameters with fsrs-browser in Node', () => {
  it(
    'beats the default parameters on the held-out later part of a synthetic log',
    () => {
      const log = syntheticLog({
        truth: TRUTH,
        cards: 100_000,
        newPerDay: 10,
        days: 10_000,
        maxReviews: 3000,
        desiredRetention: 0.9,
        random: seededRandom(2026),
        start: Date.UTC(2026, 0, 1),
        quizShare: 0.1,
      });
      const { train, test } = timeSeriesSplit(toTrainingItems(log, { utcOffsetMinutes: () => 0 }));
      expect(train.length).toBeGreaterThan(1000);
      expect(test.length).toBeGreaterThan(250);

      let pointer = -1;
      const fitted = fitParameters(fsrs, packItems(train), (p) => (pointer = p));

      expect(pointer).toBeGreaterThan(0);
      expect(isValidParameters(fitted)).toBe(true);
      const current = evaluateParameters(DEFAULT_PARAMETERS, test);
      const candidate = evaluateParameters(fitted, test);
      expect(candidate.logLoss).toBeLessThan(current.logLoss);
      expect(candidate.rmseBins).toBeLessThan(current.rmseBins);
      expect(isImprovement(current, candidate)).toBe(true);
      // Recovers the learner's much higher initial stability for Good (w2: truth 8, default 2.3).
      expect(fitted[2]).toBeGreaterThan(5);
    },
    FIT_TIMEOUT,
  );
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMETERS } from '../domain/scheduler/memory';
import { seededRandom } from '../domain/optimizer/random';
import { syntheticLog } from '../domain/optimizer/synthetic';
import { packItems, toTrainingItems } from '../domain/optimizer/training-items';
import { loadFsrsInNode } from '../../tests/support/fsrs-node';
import type { FitMessage, SimulationMessage } from './protocol';
import { runFit } from './run-fit';
import { runSimulation } from './run-simulation';

describe("the optimizer worker's request handler", () => {
  it('reports loading, training and the fitted parameters', async () => {
    const log = syntheticLog({
      truth: DEFAULT_PARAMETERS,
      cards: 1000,
      newPerDay: 5,
      days: 1000,
      maxReviews: 600,
      desiredRetention: 0.9,
      random: seededRandom(3),
      start: Date.UTC(2026, 0, 1),
    });
    const items = packItems(toTrainingItems(log, { utcOffsetMinutes: () => 0 }));
    const messages: FitMessage[] = [];
    await runFit(
      async () => ({ module: await loadFsrsInNode() }),
      items,
      (m) => messages.push(m),
      false,
    );
    expect(messages.map((m) => m.type)).toEqual(['loading', 'training', 'done']);
    const done = messages[2];
    expect(done?.type === 'done' && done.parameters).toHaveLength(21);
    expect(messages[1]).toEqual({
      type: 'training',
      reviews: items.ratings.length,
      items: items.lengths.length,
    });
  }, 30_000);

  it('turns a failure to load into an error message instead of throwing', async () => {
    const messages: FitMessage[] = [];
    const empty = {
      ratings: new Uint32Array(),
      deltaTs: new Uint32Array(),
      lengths: new Uint32Array(),
    };
    await runFit(
      () => Promise.reject(new Error('wasm fetch failed')),
      empty,
      (m) => messages.push(m),
      false,
    );
    expect(messages).toEqual([
      { type: 'loading' },
      { type: 'error', message: 'wasm fetch failed' },
    ]);
  });
});

describe("the simulation worker's request handler", () => {
  it('reports progress per retention, then the outcomes', () => {
    const messages: SimulationMessage[] = [];
    const input = {
      parameters: DEFAULT_PARAMETERS,
      cards: [],
      newCards: 10,
      newPerDay: 5,
      reviewsPerDay: 100,
      learningSteps: 1,
      relearningSteps: 1,
      maximumIntervalDays: 36500,
      days: 30,
    };
    runSimulation({ type: 'simulate', input, retentions: [0.8, 0.9], seed: 1 }, (m) =>
      messages.push(m),
    );
    expect(messages.map((m) => m.type)).toEqual(['progress', 'progress', 'done']);
    const done = messages[2];
    expect(done?.type === 'done' && done.outcomes.map((o) => o.desiredRetention)).toEqual([
      0.8, 0.9,
    ]);
  });

  it('reports bad parameters as an error', () => {
    const messages: SimulationMessage[] = [];
    const input = {
      parameters: [1, 2, 3],
      cards: [],
      newCards: 1,
      newPerDay: 1,
      reviewsPerDay: 1,
      learningSteps: 0,
      relearningSteps: 0,
      maximumIntervalDays: 100,
    };
    runSimulation({ type: 'simulate', input, retentions: [0.9], seed: 1 }, (m) => messages.push(m));
    expect(messages[0]?.type).toBe('error');
  });
});

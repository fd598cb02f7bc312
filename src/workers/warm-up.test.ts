import { describe, expect, it } from 'vitest';
import { loadFsrsInNode } from '../../tests/support/fsrs-node';
import type { FitMessage } from './protocol';
import { hasSettled, runWarmUp, warmUpItems } from './warm-up';

const noYield = () => Promise.resolve();

describe('the warm-up settling rule', () => {
  it('waits for at least four rounds', () => {
    expect(hasSettled([])).toBe(false);
    expect(hasSettled([600, 80, 75])).toBe(false);
  });

  it('is settled once the last three rounds are level, far below the first', () => {
    // Round times measured in Chromium 156 (ms).
    expect(hasSettled([507, 599, 1015, 184, 132, 101, 63, 76])).toBe(false);
    expect(hasSettled([507, 599, 1015, 184, 132, 101, 63, 76, 69])).toBe(true);
  });

  it('does not take a plateau on the way down for the end', () => {
    expect(hasSettled([738, 707, 1013, 340, 345, 338])).toBe(false);
    expect(hasSettled([1327, 722, 593, 336, 258, 256])).toBe(false);
  });

  it('is not kept going by one lucky fast round on a busy machine', () => {
    expect(hasSettled([1513, 903, 762, 328, 220, 97, 57, 128, 81, 75, 91])).toBe(true);
  });
});

describe('the synthetic warm-up log', () => {
  it('gives the same training items for the same seed, and other items for another', () => {
    const a = warmUpItems(500, 1);
    expect(warmUpItems(500, 1)).toEqual(a);
    expect(warmUpItems(500, 2)).not.toEqual(a);
    expect(a.lengths.length).toBeGreaterThan(100);
    expect(a.ratings.length).toBe(a.lengths.reduce((sum, n) => sum + n, 0));
  });
});

describe('the warm-up run', () => {
  it('fits the synthetic log round after round up to the cap, then reports', async () => {
    const module = await loadFsrsInNode();
    const messages: FitMessage[] = [];
    await runWarmUp(
      async () => ({ module }),
      (m) => messages.push(m),
      { plan: { maxRounds: 2, answers: 300 }, shouldStop: () => false, yieldToEvents: noYield },
    );
    expect(messages).toHaveLength(1);
    const [report] = messages;
    expect(report?.type === 'warm' && report.rounds).toBe(2);
    expect(report?.type === 'warm' && report.roundMs).toHaveLength(2);
    // Two rounds cannot show settled times: the cap ended it.
    expect(report?.type === 'warm' && report.completed).toBe(false);
    expect(report?.type === 'warm' && report.ended).toBe('capped');
  }, 30_000);

  it('stops before the next round once a fit wants the worker', async () => {
    const module = await loadFsrsInNode();
    const messages: FitMessage[] = [];
    let rounds = 0;
    await runWarmUp(
      async () => ({ module }),
      (m) => messages.push(m),
      {
        plan: { maxRounds: 10, answers: 300 },
        shouldStop: () => rounds >= 1,
        yieldToEvents: async () => {
          rounds++;
        },
      },
    );
    expect(messages).toMatchObject([
      { type: 'warm', rounds: 1, completed: false, ended: 'stopped' },
    ]);
  }, 30_000);

  it('waits its delay after loading, and a fit asked meanwhile leaves no round to wait for', async () => {
    const module = await loadFsrsInNode();
    const messages: FitMessage[] = [];
    const waits: number[] = [];
    let fitAsked = false;
    await runWarmUp(
      async () => ({ module }),
      (m) => messages.push(m),
      {
        plan: { maxRounds: 10, answers: 300, delayMs: 1500 },
        shouldStop: () => fitAsked,
        yieldToEvents: noYield,
        wait: async (ms) => {
          waits.push(ms);
          fitAsked = true;
        },
      },
    );
    expect(waits).toEqual([1500]);
    expect(messages).toMatchObject([{ type: 'warm', rounds: 0, ended: 'stopped' }]);
  }, 30_000);

  it('reports a failure to load instead of throwing', async () => {
    const messages: FitMessage[] = [];
    await runWarmUp(
      () => Promise.reject(new Error('offline')),
      (m) => messages.push(m),
      { plan: { maxRounds: 3, answers: 300 }, shouldStop: () => false, yieldToEvents: noYield },
    );
    expect(messages).toMatchObject([
      { type: 'warm', rounds: 0, completed: false, ended: 'failed' },
    ]);
  });
});

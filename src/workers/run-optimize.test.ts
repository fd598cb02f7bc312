import { beforeEach, describe, expect, it } from 'vitest';
import { loadFsrsInNode, nodeFitter } from '../../tests/support/fsrs-node';
import { seedOptimizerCollection, UTC } from '../../tests/support/optimizer-fixture';
import { openDatabase, type CoursedeckDb } from '../db/schema';
import { lastOptimizerRun, optimizeParameters, readScopeLog } from '../services/optimizer';
import type { FitMessage } from './protocol';
import { runOptimize } from './run-optimize';

// A fit takes about a second on an idle 2-core machine; the margin is for a machine shared with other builds.
const FIT_TIMEOUT = 30_000;

let db: CoursedeckDb;
beforeEach(() => {
  db = openDatabase('run-optimize-test');
});

const load = async () => ({ module: await loadFsrsInNode() });

/** The latest answer given again at `at` (a new row of the same card). */
async function answerAgain(at: number): Promise<void> {
  const latest = await db.reviewLog.orderBy('reviewedAt').last();
  if (!latest) throw new Error('no log');
  await db.reviewLog.add({ ...latest, id: `${latest.id}-later`, reviewedAt: at });
}

describe('the whole optimizer run in the worker', () => {
  it(
    'reads the log from the database and gives the result the page-side run gives, reporting each stage',
    async () => {
      const { now } = await seedOptimizerCollection(db);
      const messages: FitMessage[] = [];
      await runOptimize(
        load,
        db,
        { scope: 'Alpha', now, utcOffsetMinutes: UTC },
        (m) => messages.push(m),
        false,
      );
      expect(messages.map((m) => m.type)).toEqual([
        'loading',
        'stages',
        'training',
        'done',
        'result',
      ]);
      // The steps before the training, timed in the order they happen.
      const stages = messages.find((m) => m.type === 'stages');
      if (stages?.type !== 'stages') throw new Error('no stages');
      const { request, log, items, module, training } = stages.stages;
      expect([request, log, items, module, training].every(Number.isFinite)).toBe(true);
      expect([request, log, items, module, training]).toEqual(
        [request, log, items, module, training].sort((a = 0, b = 0) => a - b),
      );
      const last = messages.at(-1);
      if (last?.type !== 'result') throw new Error('no result');
      const inWorker = last.result;
      expect(inWorker.status).toBe('fitted');
      expect(await lastOptimizerRun(db, 'Alpha')).toEqual({ at: now, result: inWorker });

      // The same items, fit and evaluation as the run on the page's thread with the same fitter.
      const onPage = await optimizeParameters(db, {
        scope: 'Alpha',
        fitter: nodeFitter,
        now,
        utcOffsetMinutes: UTC,
      });
      expect(inWorker).toEqual(onPage);
      const done = messages.find((m) => m.type === 'done');
      expect(done?.type === 'done' && done.parameters).toEqual(
        onPage.status === 'fitted' ? onPage.parameters : null,
      );
    },
    FIT_TIMEOUT,
  );

  it(
    'uses the log read ahead while it is unchanged, and reads it again once answers were added',
    async () => {
      const { now } = await seedOptimizerCollection(db);
      const run = async (prefetched: ReturnType<typeof readScopeLog>) => {
        const messages: FitMessage[] = [];
        await runOptimize(
          load,
          db,
          { scope: 'Alpha', now, utcOffsetMinutes: UTC, prefetched },
          (m) => messages.push(m),
          false,
        );
        const last = messages.at(-1);
        if (last?.type !== 'result') throw new Error(`no result: ${JSON.stringify(last)}`);
        return last.result;
      };
      const ahead = await readScopeLog(db, 'Alpha');
      const answers = ahead.log.filter((entry) => entry.kind !== 'reset').length;
      // A read-ahead log with the current signature is taken as it is (here, one answer short: the proof it was used).
      const shortened = {
        ...ahead,
        log: ahead.log.filter((entry) => entry.kind !== 'reset').slice(1),
      };
      expect((await run(Promise.resolve(shortened))).reviews).toBe(answers - 1);

      // An answer since the read ahead: the log is read again, so the fit sees it.
      await answerAgain(now - 1);
      expect((await run(Promise.resolve(shortened))).reviews).toBe(answers + 1);
      // A failed read ahead is not used either.
      expect((await run(Promise.reject(new Error('read failed')))).reviews).toBe(answers + 1);
    },
    FIT_TIMEOUT,
  );

  it(
    "reads the log through the optimizer's copy with the same result, and keeps the copy up to date after it",
    async () => {
      const { now } = await seedOptimizerCollection(db);
      const onPage = await optimizeParameters(db, {
        scope: 'Alpha',
        fitter: nodeFitter,
        now,
        utcOffsetMinutes: UTC,
      });
      let bytes: ArrayBuffer | null = null;
      const writes: number[] = [];
      const logCopy = {
        read: async () => bytes,
        write: async (written: ArrayBuffer) => {
          bytes = written;
          writes.push(written.byteLength);
        },
      };
      const run = async () => {
        const messages: FitMessage[] = [];
        await runOptimize(
          load,
          db,
          { scope: 'Alpha', now, utcOffsetMinutes: UTC, logCopy },
          (m) => messages.push(m),
          false,
        );
        const last = messages.findLast((m) => m.type === 'result');
        if (last?.type !== 'result') throw new Error('no result');
        return last.result;
      };

      // No copy yet: the log is read whole, and the copy written after the result.
      expect(await run()).toEqual(onPage);
      expect(writes).toHaveLength(1);
      // Then read through it: the same result, and nothing new to write.
      expect(await run()).toEqual(onPage);
      expect(writes).toHaveLength(1);
    },
    FIT_TIMEOUT,
  );

  it(
    'a log read ahead that is out of date is read again before it is called too small',
    async () => {
      const { now } = await seedOptimizerCollection(db);
      const ahead = await readScopeLog(db, 'Alpha');
      const messages: FitMessage[] = [];
      // Read ahead when the log held three answers; an answer has been added since.
      await answerAgain(now - 1);
      const early = { ...ahead, log: ahead.log.slice(0, 3) };
      await runOptimize(
        load,
        db,
        { scope: 'Alpha', now, utcOffsetMinutes: UTC, prefetched: Promise.resolve(early) },
        (m) => messages.push(m),
        false,
      );
      const last = messages.at(-1);
      expect(last?.type === 'result' && last.result.status).toBe('fitted');
    },
    FIT_TIMEOUT,
  );

  it(
    'loads the optimizer while it reads the log when loading ahead downloads nothing, with the same result',
    async () => {
      const { now } = await seedOptimizerCollection(db);
      const loadsAt: number[] = [];
      const messages: FitMessage[] = [];
      await runOptimize(
        () => {
          loadsAt.push(performance.timeOrigin + performance.now());
          return load();
        },
        db,
        { scope: 'Alpha', now, utcOffsetMinutes: UTC, loadAhead: Promise.resolve(true) },
        (m) => messages.push(m),
        false,
      );
      const stages = messages.find((m) => m.type === 'stages');
      if (stages?.type !== 'stages') throw new Error('no stages');
      const { log } = stages.stages;
      // Asked for before the log was even in hand, not after the items were made.
      expect(loadsAt[0]).toBeLessThan(log ?? 0);
      const last = messages.at(-1);
      if (last?.type !== 'result') throw new Error('no result');
      const onPage = await optimizeParameters(db, {
        scope: 'Alpha',
        fitter: nodeFitter,
        now,
        utcOffsetMinutes: UTC,
      });
      expect(last.result).toEqual(onPage);
    },
    FIT_TIMEOUT,
  );

  it('answers too small a log with its message, without loading the optimizer', async () => {
    const messages: FitMessage[] = [];
    let loads = 0;
    const run = (loadAhead?: Promise<boolean>) =>
      runOptimize(
        () => {
          loads++;
          return load();
        },
        db,
        {
          scope: null,
          now: Date.UTC(2026, 5, 1),
          utcOffsetMinutes: UTC,
          ...(loadAhead ? { loadAhead } : {}),
        },
        (m) => messages.push(m),
        false,
      );
    await run();
    // Loading ahead not allowed (the wasm would be downloaded): not loaded either.
    await run(Promise.resolve(false));
    expect(loads).toBe(0);
    expect(messages.map((m) => m.type)).toEqual([
      'loading',
      'stages',
      'result',
      'loading',
      'stages',
      'result',
    ]);
    const last = messages.at(-1);
    expect(last?.type === 'result' && last.result.status).toBe('too-small');
  });

  it('turns a failure to load the optimizer into an error message instead of throwing', async () => {
    const { now } = await seedOptimizerCollection(db);
    const messages: FitMessage[] = [];
    await runOptimize(
      () => Promise.reject(new Error('wasm fetch failed')),
      db,
      { scope: 'Alpha', now, utcOffsetMinutes: UTC },
      (m) => messages.push(m),
      false,
    );
    expect(messages).toEqual([
      { type: 'loading' },
      { type: 'error', message: 'wasm fetch failed' },
    ]);
  });
});

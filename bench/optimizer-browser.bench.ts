/**
 * `npm run bench:optimizer:browser` (also the second half of `npm run bench:optimizer`): the FSRS optimizer's fit time
 * in Debian's headless Chromium for logs of 20,000 and 100,000 answers (targets ≤ 1 s and ≤ 5 s on the 2-core
 * reference machine, issue 8), through the app's real module worker (src/workers/clients.ts → optimizer.worker.ts →
 * fsrs-browser's wasm, single-threaded, as Settings runs it) on the same seeded synthetic log as
 * bench/optimizer.bench.ts. Results go to docs/benchmarks.md ("Optimizer").
 *
 * A bench-only page (bench/optimizer-browser/) is built with Vite (worker format `es`, as vite.config.ts) into
 * bench/.out/optimizer-browser and served from 127.0.0.1. Each fit is timed in page time from the call to the
 * parameters (the session's worker, started and its wasm compiled on the first fit, then training) and from the
 * worker's "training" message to the parameters; the renderer processes' CPU time (all their threads, from /proc) is
 * read around each fit, since on a machine shared with other jobs CPU time is the steadier figure. Phases:
 *   - a first fit in a new page (in-memory context: nothing compiled or cached) with no warm-up, with the panel's
 *     warm-up (`warmOptimizer`) started and the fit asked at once, and after 5 s of warm-up (the learner reading the
 *     panel); these take turns within each run, and for the warm-up phases the warm-up's own CPU (panel shown → click)
 *     is reported apart from the fit's (click → parameters);
 *   - later fits in the same page (the session's worker reused) and one warm instance (as the Node bench), after one
 *     warm-up fit;
 *   - a later session's first fit on an on-disk profile whose code cache an earlier session filled (no service worker
 *     here: the HTTP cache; bench/optimizer-app.bench.ts measures the app with its service worker).
 * Median of BENCH_RUNS runs (5). BENCH_PHASES=key,key runs only those phases (the keys in the JSON output).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { launchBrowser, launchPersistent } from '../tests/e2e/harness/browser.ts';
import { startStaticServer } from '../tests/e2e/harness/server.ts';
import type {
  FitTiming,
  OptimizerBench,
  PlainItems,
  WarmReport,
} from './optimizer-browser/bench-page.ts';
import {
  SIZES,
  loadavg,
  median,
  rendererCpuMs,
  trainingItems,
} from './optimizer-browser/measure.ts';

const ROOT = join(import.meta.dirname, '..');
const PAGE = join(ROOT, 'bench', 'optimizer-browser');
const OUT = join(ROOT, 'bench', '.out', 'optimizer-browser');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function main() {
  await build({
    configFile: false,
    root: PAGE,
    base: './',
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir: OUT, emptyOutDir: true, target: 'es2022' },
  });
  const server = await startStaticServer({ root: OUT });
  const browser = await launchBrowser();
  const results: Record<string, unknown>[] = [];
  try {
    const problems: string[] = [];
    /** A new page in a new browser context: a learner's first fit of a session, nothing compiled or cached yet. */
    const openPage = async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(server.url);
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
      return page;
    };
    const page = await openPage();
    console.log(
      `Chromium ${browser.version()}, Node ${process.version}, ${os.cpus().length} cores ` +
        `(${os.cpus()[0]?.model ?? '?'}), load ${loadavg()}`,
    );
    type Call = 'warmUp' | 'fit' | 'warmUpInstance' | 'fitInstance' | 'fitAfterWarmUp';
    const call = (on: typeof page, name: Call) =>
      on.evaluate(
        (n) => (window as unknown as { optimizerBench: OptimizerBench }).optimizerBench[n](),
        name,
      );
    const loadItems = (on: typeof page, items: PlainItems) =>
      on.evaluate(
        (i) => (window as unknown as { optimizerBench: OptimizerBench }).optimizerBench.load(i),
        items,
      );

    type Run = FitTiming & { cpuMs: number; warmUpCpuMs?: number; warm?: WarmReport | null };
    const summary = (answers: number, shape: object, runs: Run[]) => ({
      answers,
      ...shape,
      runs: runs.length,
      totalMs: runs.map((r) => Math.round(r.totalMs)),
      trainingMs: runs.map((r) => Math.round(r.trainingMs)),
      rendererCpuMs: runs.map((r) => Math.round(r.cpuMs)),
      medianTotalMs: Math.round(median(runs.map((r) => r.totalMs))),
      medianTrainingMs: Math.round(median(runs.map((r) => r.trainingMs))),
      medianRendererCpuMs: Math.round(median(runs.map((r) => r.cpuMs))),
      // For the warm-on-intent phases: the renderer's CPU from the panel on screen to the click (the warm-up's cost).
      medianWarmUpCpuMs: Math.round(median(runs.map((r) => r.warmUpCpuMs ?? 0))),
      // For the warm-on-intent phases: how far the warm-up had got when the learner clicked.
      warmSettledBeforeClick: runs.filter((r) => r.warm?.completed).length,
      warmUpMs: runs.map((r) => (r.warm ? Math.round(r.warm.ms) : null)),
      load: loadavg(),
    });

    /**
     * A learner's first fit of a session, each run in a new page (a new in-memory context: nothing compiled or
     * cached). The phases take turns within each run, so a change of load on the shared machine hits them alike.
     */
    const measureFirst = async (answers: number, dwells: readonly number[]) => {
      const items = trainingItems(answers);
      const shape = await loadItems(page, items);
      const runs = new Map<number, Run[]>(dwells.map((d) => [d, []]));
      for (let i = 0; i < RUNS; i++) {
        for (const dwell of dwells) {
          const on = await openPage();
          await loadItems(on, items);
          const before = rendererCpuMs();
          // dwell < 0: no warm-up at all; otherwise the panel comes on screen, the learner reads it `dwell` ms.
          if (dwell >= 0) {
            await on.evaluate(() =>
              (
                window as unknown as { optimizerBench: OptimizerBench }
              ).optimizerBench.startWarmUp(),
            );
            if (dwell > 0) await on.waitForTimeout(dwell);
          }
          const atClick = rendererCpuMs();
          const timing: FitTiming & { warm?: WarmReport | null } = await call(
            on,
            dwell >= 0 ? 'fitAfterWarmUp' : 'fit',
          );
          runs.get(dwell)?.push({
            ...timing,
            cpuMs: rendererCpuMs() - atClick,
            warmUpCpuMs: atClick - before,
          });
          await on.context().close();
          if (timing.parameters !== 21)
            throw new Error(`fit returned ${timing.parameters} parameters`);
        }
      }
      return new Map(dwells.map((d) => [d, summary(answers, shape, runs.get(d) ?? [])]));
    };

    /** One warm-up fit, then RUNS fits in the same page (the app reuses its worker, as a learner's later fits). */
    const measureLater = async (answers: number, warmUp: Call, fit: Call) => {
      const items = trainingItems(answers);
      const shape = await loadItems(page, items);
      await call(page, warmUp);
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        const before = rendererCpuMs();
        const timing: FitTiming = await call(page, fit);
        runs.push({ ...timing, cpuMs: rendererCpuMs() - before });
        if (timing.parameters !== 21)
          throw new Error(`fit returned ${timing.parameters} parameters`);
      }
      return summary(answers, shape, runs);
    };

    const report = (name: string, target: number, result: ReturnType<typeof summary>) => {
      const verdict = (ms: number) => (ms <= target ? 'met' : 'MISSED');
      const shape = result as { items?: number; reviews?: number };
      console.log(
        `${name}: ${result.answers} answers (${shape.items} items, ${shape.reviews} reviews packed): ` +
          `fit median ${result.medianTotalMs} ms wall (training alone ${result.medianTrainingMs} ms), ` +
          `renderer CPU ${result.medianRendererCpuMs} ms [${result.rendererCpuMs.join(', ')}], ` +
          `of ${RUNS} [${result.totalMs.join(', ')}]` +
          (result.medianWarmUpCpuMs > 0
            ? `; before the click, the warm-up: CPU ${result.medianWarmUpCpuMs} ms, settled in ` +
              `${result.warmSettledBeforeClick} of ${RUNS} runs, taking [${result.warmUpMs.map((ms) => ms ?? 'not yet').join(', ')}] ms`
            : '') +
          `; target ≤ ${target} ms: ${verdict(result.medianTotalMs)} on wall, ` +
          `${verdict(result.medianRendererCpuMs)} on CPU; load ${result.load}`,
      );
    };

    // A learner's first fit in a session pays for compiling fsrs-rs's wasm (V8 compiles it lazily while it trains)
    // unless the panel has warmed the worker first; the app keeps its optimizer worker for the session, so later
    // fits reuse the compiled, tiered-up module.
    const firstPhases = [
      {
        name: "app's worker, first fit in a new page, no warm-up (wasm compiled afresh)",
        key: 'appWorkerFirstFit',
        dwell: -1,
      },
      {
        name: "app's worker, first fit, panel shown and clicked at once (warm-up just started)",
        key: 'appWorkerFirstFitClickAtOnce',
        dwell: 0,
      },
      {
        name: "app's worker, first fit, clicked after 5 s on the panel (warm-up on intent)",
        key: 'appWorkerFirstFitAfter5s',
        dwell: 5000,
      },
    ] as const;
    const laterPhases = [
      {
        name: "app's worker, later fits in the same page (the session's worker reused)",
        key: 'appWorkerLaterFits',
        warmUp: 'warmUp',
        fit: 'fit',
      },
      {
        name: 'one warm instance in the page (as the Node bench measures)',
        key: 'warmInstance',
        warmUp: 'warmUpInstance',
        fit: 'fitInstance',
      },
    ] as const;
    const only = process.env.BENCH_PHASES?.split(',');
    const wanted = (key: string) => !only || only.includes(key);
    for (const { answers, target } of SIZES) {
      const phases = firstPhases.filter((p) => wanted(p.key));
      if (phases.length === 0) continue;
      const firstResults = await measureFirst(
        answers,
        phases.map((p) => p.dwell),
      );
      for (const phase of phases) {
        const result = firstResults.get(phase.dwell);
        if (!result) continue;
        report(phase.name, target, result);
        results.push({ phase: phase.key, ...result });
      }
    }
    for (const phase of laterPhases.filter((p) => wanted(p.key))) {
      for (const { answers, target } of SIZES) {
        const result = await measureLater(answers, phase.warmUp, phase.fit);
        report(phase.name, target, result);
        results.push({ phase: phase.key, ...result });
      }
    }
    // A later session's first fit: an on-disk profile (as a learner's browser; the contexts above are in-memory, where
    // Chromium keeps no code cache). Chromium caches a streamed wasm module's optimised code once enough of it has
    // tiered up; one untimed session fills the cache, then each timed session is a new browser on the same profile.
    for (const { answers, target } of wanted('appWorkerFirstFitCodeCache') ? SIZES : []) {
      const items = trainingItems(answers);
      const profile = mkdtempSync(join(os.tmpdir(), 'optimizer-bench-'));
      const session = async () => {
        const context = await launchPersistent(profile);
        try {
          const on = context.pages()[0] ?? (await context.newPage());
          on.on('pageerror', (e) => problems.push(e.message));
          await on.goto(server.url);
          await on.waitForFunction(
            () => document.getElementById('status')?.textContent === 'ready',
          );
          await loadItems(on, items);
          const before = rendererCpuMs();
          const timing: FitTiming = await call(on, 'fit');
          const cpuMs = rendererCpuMs() - before;
          // Idle with the session's worker alive, so Chromium can write the code cache as a learner's page would.
          await on.waitForTimeout(5000);
          return { ...timing, cpuMs };
        } finally {
          await context.close();
        }
      };
      try {
        const priming = await session();
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await session());
        const result = {
          answers,
          primingSession: {
            totalMs: Math.round(priming.totalMs),
            cpuMs: Math.round(priming.cpuMs),
          },
          totalMs: runs.map((r) => Math.round(r.totalMs)),
          rendererCpuMs: runs.map((r) => Math.round(r.cpuMs)),
          medianTotalMs: Math.round(median(runs.map((r) => r.totalMs))),
          medianRendererCpuMs: Math.round(median(runs.map((r) => r.cpuMs))),
          load: loadavg(),
        };
        const verdict = (ms: number) => (ms <= target ? 'met' : 'MISSED');
        console.log(
          `app's worker, first fit of a later session (on-disk profile, code cache filled by an earlier one): ` +
            `${answers} answers: fit median ${result.medianTotalMs} ms wall, renderer CPU ` +
            `${result.medianRendererCpuMs} ms, of ${RUNS} [${result.totalMs.join(', ')}] ` +
            `(the filling session: ${result.primingSession.totalMs} ms wall, ${result.primingSession.cpuMs} ms CPU); ` +
            `target ≤ ${target} ms: ${verdict(result.medianTotalMs)} on wall, ` +
            `${verdict(result.medianRendererCpuMs)} on CPU; load ${result.load}`,
        );
        results.push({ phase: 'appWorkerFirstFitCodeCache', ...result });
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    }
    if (problems.length > 0) throw new Error(`page errors: ${problems.join('; ')}`);
    writeFileSync(
      join(ROOT, 'bench', '.out', 'optimizer-browser.json'),
      JSON.stringify(
        {
          chromium: browser.version(),
          node: process.version,
          date: new Date().toISOString(),
          results,
        },
        null,
        2,
      ),
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();

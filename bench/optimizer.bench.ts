/**
 * `npm run bench:optimizer`: the FSRS optimizer's fit time in Node for review logs of 20,000 and 100,000 answers
 * (targets ≤ 1 s and ≤ 5 s on the 2-core reference machine, issue 8), median of several runs, plus the cost of the
 * steps around it: log → training items, evaluation of one parameter vector, and the 365-day retention simulation.
 * Results go to docs/benchmarks.md ("Optimizer"). The Chromium figures come from bench/optimizer-browser.bench.ts,
 * which `npm run bench:optimizer` runs next.
 *
 * The logs come from a seeded synthetic learner (src/domain/optimizer/synthetic.ts): cards introduced a few dozen a
 * day, reviewed at 90 % retention, with learning and relearning steps, so items look like a real log's.
 */
import os from 'node:os';
import { loadFsrsInNode } from '../tests/support/fsrs-node';
import {
  evaluateParameters,
  packItems,
  RETENTION_GRID,
  seededRandom,
  simulateRetentions,
  syntheticLog,
  toTrainingItems,
} from '../src/domain/optimizer';
import { DEFAULT_PARAMETERS } from '../src/domain/scheduler/memory';
import { fitParameters } from '../src/workers/fit';

const TRUTH = [
  1.2, 3.5, 8, 20, 5.5, 0.6, 2, 0.01, 1.6, 0.2, 1.1, 1.8, 0.08, 0.3, 1.5, 0.4, 2.5, 0.3, 0.3, 0.1,
  0.35,
];
const SIZES = [
  { reviews: 20_000, runs: 7, target: 1000 },
  { reviews: 100_000, runs: 5, target: 5000 },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const time = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const out = f();
  return [out, performance.now() - t];
};
/** Wall and CPU time (ms) of a single-threaded call; on a machine shared with other jobs CPU time is the steadier. */
const cpu = <T>(f: () => T): [T, number, number] => {
  const c = process.cpuUsage();
  const [out, wall] = time(f);
  const used = process.cpuUsage(c);
  return [out, wall, (used.user + used.system) / 1000];
};
const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

const fsrs = await loadFsrsInNode();
const fit = (items: Parameters<typeof fitParameters>[1]) => fitParameters(fsrs, items);

console.log(
  `Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load ${loadavg()}`,
);
for (const { reviews, runs, target } of SIZES) {
  const log = syntheticLog({
    truth: TRUTH,
    cards: 1_000_000,
    newPerDay: Math.round(reviews / 500),
    days: 100_000,
    maxReviews: reviews,
    desiredRetention: 0.9,
    random: seededRandom(reviews),
    start: Date.UTC(2025, 0, 1),
  });
  const conversions: number[] = [];
  let items = toTrainingItems(log, { utcOffsetMinutes: () => 60 });
  for (let i = 0; i < 3; i++) {
    const [out, ms] = time(() => toTrainingItems(log, { utcOffsetMinutes: () => 60 }));
    items = out;
    conversions.push(ms);
  }
  const packed = () => packItems(items);
  fit(packItems(items.slice(0, 2000))); // warm-up: JIT and wasm tiers
  const fits: number[] = [];
  const fitsCpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [, wall, used] = cpu(() => fit(packed()));
    fits.push(wall);
    fitsCpu.push(used);
  }
  const [, evaluation] = time(() => evaluateParameters(DEFAULT_PARAMETERS, items));
  const fitMs = median(fits);
  console.log(
    `${reviews} answers → ${items.length} items (${packed().ratings.length} reviews packed): ` +
      `fit median ${fitMs.toFixed(0)} ms wall, ${median(fitsCpu).toFixed(0)} ms CPU, of ${runs} ` +
      `[${fits.map((x) => x.toFixed(0)).join(', ')}] ` +
      `(target ≤ ${target} ms: ${fitMs <= target ? 'met' : 'MISSED'}); ` +
      `conversion ${median(conversions).toFixed(0)} ms; evaluation of all items ${evaluation.toFixed(0)} ms`,
  );
}

// The desired-retention helper: 2,000 studied cards + 1,000 new, 28 retentions × 365 days.
const input = {
  parameters: DEFAULT_PARAMETERS,
  cards: Array.from({ length: 2000 }, (_, i) => ({
    stability: 1 + (i % 200),
    difficulty: 5,
    lastReviewDay: -(i % 30),
    dueDay: i % 60,
  })),
  newCards: 1000,
  newPerDay: 20,
  reviewsPerDay: 200,
  learningSteps: 2,
  relearningSteps: 1,
  maximumIntervalDays: 36500,
  days: 365,
};
const sims: number[] = [];
const simsCpu: number[] = [];
for (let i = 0; i < 3; i++) {
  const [, wall, used] = cpu(() => simulateRetentions(input, RETENTION_GRID, 42));
  sims.push(wall);
  simsCpu.push(used);
}
console.log(
  `simulation 3,000 cards × ${RETENTION_GRID.length} retentions × 365 days: ` +
    `median ${median(sims).toFixed(0)} ms wall, ${median(simsCpu).toFixed(0)} ms CPU`,
);
console.log(`load average at the end: ${loadavg()}`);

import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useId, useRef, useState, type RefObject } from 'react';
import {
  RETENTION_GRID,
  type RetentionOutcome,
  type SimulationInput,
} from '../../domain/optimizer';
import {
  adoptParameters,
  applyParameters,
  parameterSource,
  scopeSettings,
  setDesiredRetention,
  simulationInput,
  logHasAtLeast,
  optimizeParameters,
  MIN_TEST_ITEMS,
  MIN_TRAIN_ITEMS,
  type AdoptOutcome,
  type FitProgress,
  type OptimizeResult,
  type OptimizerScope,
  type ParameterFitter,
} from '../../services/optimizer';
import { Button } from '../../ui/button';
import { Notice } from '../../ui/notice';
import { ProgressBar } from '../../ui/progress-bar';
import {
  optimizeInWorker,
  simulateInWorker,
  warmOptimizer,
  type SimulateOptions,
} from '../../workers/clients';
import { useDb } from '../common/app-context';

/** Runs the retention simulator (in a worker in the app). */
export type RetentionSimulator = (
  input: SimulationInput,
  options: SimulateOptions,
) => Promise<RetentionOutcome[]>;

export type OptimizerPanelProps = {
  /** The course whose parameters to optimize, or null for the global ones (every course without its own). */
  scope: OptimizerScope;
  /**
   * Where the fit runs when given (tests pass an in-process one): the log is then read and evaluated on this thread.
   * By default the whole run (reading the log, training items, the fit in fsrs-browser, the evaluation) happens in
   * the optimizer's Web Worker (`optimizeInWorker`), so the page stays responsive.
   */
  fitter?: ParameterFitter;
  /** Where the simulation runs; a Web Worker by default. */
  simulator?: RetentionSimulator;
  /** The clock (epoch ms); `Date.now` by default. */
  now?: () => number;
  /**
   * Starts warming the optimizer (compiling fsrs-rs and training it on a synthetic log in the session's worker) and
   * returns its stop function; called once the panel is on screen. By default `warmOptimizer`, which also has the
   * worker read the scope's log ahead for the fit.
   */
  warmUp?: () => () => void;
};

type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; progress: FitProgress | null }
  | { kind: 'result'; result: OptimizeResult }
  | {
      kind: 'adopted';
      result: OptimizeResult & { status: 'fitted' };
      outcome: AdoptOutcome;
      rescheduled: boolean;
    }
  | { kind: 'reverted'; outcome: AdoptOutcome }
  | { kind: 'cancelled' }
  | { kind: 'error'; message: string };

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Settings → "Optimize my parameters" for one scope: fits FSRS to the learner's log in a worker (progress bar and
 * Cancel), shows log loss and RMSE (bins) of the current and the new parameters on held-out reviews, and adopts the
 * new ones only when they are better (optionally rescheduling due dates). Below it, the desired-retention helper.
 */
export function OptimizerPanel({
  scope,
  fitter,
  simulator = simulateInWorker,
  now = Date.now,
  warmUp: warmUpProp,
}: OptimizerPanelProps) {
  const db = useDb();
  // By default the warm-up also reads this scope's log ahead in the worker (a fit is likely once the panel is read).
  const warmUpAndPrefetch = useCallback(
    () => warmOptimizer({ prefetch: { db, scope } }),
    [db, scope],
  );
  const warmUp = warmUpProp ?? warmUpAndPrefetch;
  const settings = useLiveQuery(() => scopeSettings(db, scope), [db, scope]);
  const [state, setState] = useState<RunState>({ kind: 'idle' });
  const [reschedule, setReschedule] = useState(false);
  const [adopting, setAdopting] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const titleId = useId();
  const rescheduleId = useId();
  const where = scope === null ? 'all courses' : `course ${scope}`;

  // Leaving the screen cancels a running fit (terminates its worker).
  useEffect(() => () => controller.current?.abort(), []);

  const section = useRef<HTMLElement>(null);
  const stopWarmUp = useWarmUpWhenShown(section, warmUp);

  const optimize = async () => {
    // No new warm-up round while the log is read: the fit would wait for it. What is compiled so far is kept.
    stopWarmUp();
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setState({ kind: 'running', progress: null });
    try {
      const run = {
        scope,
        now: now(),
        signal: abort.signal,
        onProgress: (progress: FitProgress) => {
          if (!abort.signal.aborted) setState({ kind: 'running', progress });
        },
      };
      const result = fitter
        ? await optimizeParameters(db, { ...run, fitter })
        : await optimizeInWorker(db, run);
      if (!abort.signal.aborted) setState({ kind: 'result', result });
    } catch (error) {
      if (isAbort(error) || abort.signal.aborted) setState({ kind: 'cancelled' });
      else setState({ kind: 'error', message: messageOf(error) });
    } finally {
      if (controller.current === abort) controller.current = null;
    }
  };

  const cancel = () => {
    controller.current?.abort();
    setState({ kind: 'cancelled' });
  };

  const adopt = async (result: OptimizeResult & { status: 'fitted' }) => {
    setAdopting(true);
    try {
      const outcome = await adoptParameters(db, result, { now: now(), reschedule });
      setState({ kind: 'adopted', result, outcome, rescheduled: reschedule });
    } catch (error) {
      setState({ kind: 'error', message: messageOf(error) });
    } finally {
      setAdopting(false);
    }
  };

  const source = useLiveQuery(() => parameterSource(db, scope), [db, scope]);
  const sourceText =
    source === 'own'
      ? `${capitalise(where)} use personal parameters fitted to ${scope === null ? 'your whole log' : 'this course'}.`
      : source === 'global'
        ? `${capitalise(where)} use the personal parameters fitted to all courses.`
        : source === 'default'
          ? `${capitalise(where)} use FSRS' default parameters.`
          : '';

  const revert = async () => {
    try {
      const outcome = await applyParameters(db, scope, null, { now: now() });
      setState({ kind: 'reverted', outcome });
    } catch (error) {
      setState({ kind: 'error', message: messageOf(error) });
    }
  };

  return (
    <section className="optimizer" aria-labelledby={titleId} ref={section}>
      <h2 id={titleId}>Personal FSRS parameters</h2>
      <p>
        FSRS predicts your memory best with parameters fitted to your own reviews. The fit runs on
        this device; nothing leaves it. {sourceText}
      </p>
      {state.kind === 'running' ? (
        <div className="optimizer__running">
          <ProgressBar
            label={`Optimizing parameters for ${where}`}
            value={Math.round((state.progress?.fraction ?? 0) * 100)}
            max={100}
            text={progressText(state.progress)}
          />
          <Button onClick={cancel}>Cancel</Button>
        </div>
      ) : (
        <Button variant="primary" onClick={() => void optimize()}>
          Optimize my parameters{scope === null ? ' (all courses)' : ` (${scope})`}
        </Button>
      )}
      {source === 'own' && state.kind !== 'running' ? (
        <Button onClick={() => void revert()}>
          {scope === null
            ? 'Go back to the default parameters'
            : 'Go back to the parameters of all courses'}
        </Button>
      ) : null}
      {state.kind === 'reverted' ? (
        <Notice tone="success">
          {scope === null
            ? 'Default parameters restored'
            : `Course ${scope} follows the parameters of all courses again`}
          : the memory state of {state.outcome.updatedCards}{' '}
          {state.outcome.updatedCards === 1 ? 'card was' : 'cards were'} recomputed; due dates are
          unchanged.
        </Notice>
      ) : null}
      {state.kind === 'cancelled' ? (
        <Notice>Optimization cancelled; your parameters are unchanged.</Notice>
      ) : null}
      {state.kind === 'error' ? (
        <Notice tone="error">The optimizer failed: {state.message}</Notice>
      ) : null}
      {state.kind === 'result' && state.result.status === 'too-small' ? (
        <Notice>{state.result.message}</Notice>
      ) : null}
      {state.kind === 'result' && state.result.status === 'fitted' ? (
        <div className="optimizer__result">
          <EvaluationTable result={state.result} />
          {state.result.better ? (
            <>
              <Notice tone="success">
                The new parameters predict your held-out reviews better.
              </Notice>
              <div className="field field--checkbox">
                <input
                  id={rescheduleId}
                  type="checkbox"
                  checked={reschedule}
                  onChange={(event) => setReschedule(event.target.checked)}
                />
                <label htmlFor={rescheduleId}>
                  Also reschedule cards (move due dates to the new intervals)
                </label>
              </div>
              <Button
                variant="primary"
                disabled={adopting}
                onClick={() => void adopt(state.result as OptimizeResult & { status: 'fitted' })}
              >
                Adopt the new parameters
              </Button>
            </>
          ) : (
            <Notice>
              The new parameters are not better on your held-out reviews, so your current ones are
              kept.
            </Notice>
          )}
        </div>
      ) : null}
      {state.kind === 'adopted' ? (
        <>
          <EvaluationTable result={state.result} />
          <Notice tone="success">
            New parameters adopted for {where}: the memory state of {state.outcome.updatedCards}{' '}
            {state.outcome.updatedCards === 1 ? 'card was' : 'cards were'} recomputed from the
            review log
            {state.rescheduled
              ? `; ${state.outcome.rescheduledCards} due ${state.outcome.rescheduledCards === 1 ? 'date' : 'dates'} moved.`
              : '; due dates are unchanged.'}
          </Notice>
        </>
      ) : null}
      <RetentionHelper
        scope={scope}
        simulator={simulator}
        now={now}
        current={settings?.desiredRetention ?? null}
      />
    </section>
  );
}

/** Fewer answers than this cannot give enough usable reviews to fit (each usable review is an answer). */
const FEWEST_ANSWERS_TO_FIT = MIN_TRAIN_ITEMS + MIN_TEST_ITEMS;

/**
 * Warms the optimizer once the panel is on screen (the learner's intent to fit; IntersectionObserver, or at once
 * where there is none), so the first fit of a session finds fsrs-rs compiled and optimised instead of paying 2–3 s
 * for it (docs/benchmarks.md "Optimizer"). Not when the log is too small to fit; stopped when the panel goes away.
 * Returns a function that stops it (the learner clicked: the fit takes over).
 */
function useWarmUpWhenShown(
  section: RefObject<HTMLElement | null>,
  warmUp: () => () => void,
): () => void {
  const db = useDb();
  const stopRef = useRef<() => void>(() => {});
  useEffect(() => {
    let state: 'waiting' | 'starting' | 'started' | 'gone' = 'waiting';
    let stop: (() => void) | null = null;
    const start = async () => {
      if (state !== 'waiting') return;
      state = 'starting';
      // The whole log's size bounds every scope's: a cheap check rules out logs that cannot be fitted at all.
      const enough = await logHasAtLeast(db, FEWEST_ANSWERS_TO_FIT).catch(() => false);
      if (state === 'starting' && enough) {
        state = 'started';
        stop = warmUp();
      }
    };
    stopRef.current = () => {
      // Clicked before the warm-up started: it never will in this panel.
      if (state === 'waiting' || state === 'starting') state = 'gone';
      stop?.();
    };
    const element = section.current;
    let observer: IntersectionObserver | null = null;
    if (typeof IntersectionObserver === 'function' && element) {
      observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer?.disconnect();
          void start();
        }
      });
      observer.observe(element);
    } else {
      void start();
    }
    return () => {
      state = 'gone';
      observer?.disconnect();
      stop?.();
    };
  }, [db, section, warmUp]);
  return useCallback(() => stopRef.current(), []);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function progressText(progress: FitProgress | null): string {
  if (!progress || progress.phase === 'loading') return 'Loading the optimizer…';
  const percent = Math.round(progress.fraction * 100);
  return progress.estimated ? `Training… about ${percent} %` : `Training… ${percent} %`;
}

const fmt = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

function EvaluationTable({ result }: { result: OptimizeResult & { status: 'fitted' } }) {
  const captionId = useId();
  return (
    <div className="table-wrap">
      <table aria-describedby={captionId}>
        <caption id={captionId}>
          Evaluated on your {result.testItems} latest reviews, which the fit did not see (fitted on{' '}
          {result.trainItems} earlier ones). Lower is better.
        </caption>
        <thead>
          <tr>
            <th scope="col">Parameters</th>
            <th scope="col">Log loss</th>
            <th scope="col">RMSE (bins)</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Current</th>
            <td>{fmt(result.current.logLoss, 4)}</td>
            <td>{fmt(result.current.rmseBins * 100, 2)} %</td>
          </tr>
          <tr>
            <th scope="row">New</th>
            <td>{fmt(result.candidate.logLoss, 4)}</td>
            <td>{fmt(result.candidate.rmseBins * 100, 2)} %</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

type HelperState =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'done'; outcomes: RetentionOutcome[]; studied: number; newCards: number }
  | { kind: 'error'; message: string };

/**
 * The desired-retention helper: simulates the next 365 days at each retention 0.70–0.97 with the scope's parameters,
 * cards, limits and steps, draws reviews per day and cards known against retention, and saves the learner's pick.
 */
function RetentionHelper({
  scope,
  simulator,
  now,
  current,
}: {
  scope: OptimizerScope;
  simulator: RetentionSimulator;
  now: () => number;
  current: number | null;
}) {
  const db = useDb();
  const [state, setState] = useState<HelperState>({ kind: 'idle' });
  const [choice, setChoice] = useState<number | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  const titleId = useId();
  const selectId = useId();

  useEffect(() => () => controller.current?.abort(), []);

  const run = async () => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setSaved(null);
    setState({ kind: 'running', done: 0, total: RETENTION_GRID.length });
    try {
      const input = await simulationInput(db, scope, now());
      const outcomes = await simulator(input, {
        retentions: RETENTION_GRID,
        seed: 42,
        signal: abort.signal,
        onProgress: (done, total) => setState({ kind: 'running', done, total }),
      });
      setState({ kind: 'done', outcomes, studied: input.cards.length, newCards: input.newCards });
    } catch (error) {
      if (isAbort(error)) setState({ kind: 'idle' });
      else setState({ kind: 'error', message: messageOf(error) });
    }
  };

  const picked = choice ?? current ?? 0.9;
  const save = async () => {
    try {
      await setDesiredRetention(db, scope, picked);
      setSaved(`Desired retention set to ${picked.toFixed(2)}.`);
    } catch (error) {
      setState({ kind: 'error', message: messageOf(error) });
    }
  };

  return (
    <section className="retention-helper" aria-labelledby={titleId}>
      <h3 id={titleId}>Desired retention helper</h3>
      <p>
        A higher retention means fewer forgotten cards and more reviews. The helper simulates your
        next 365 days at each retention from 0.70 to 0.97, with your parameters, cards, daily limits
        and learning steps.
      </p>
      {state.kind === 'running' ? (
        <div className="optimizer__running">
          <ProgressBar
            label="Simulating retentions"
            value={state.done}
            max={state.total}
            text={`${state.done} of ${state.total} retentions simulated`}
          />
          <Button onClick={() => controller.current?.abort()}>Cancel</Button>
        </div>
      ) : (
        <Button onClick={() => void run()}>Simulate the next year</Button>
      )}
      {state.kind === 'error' ? (
        <Notice tone="error">The simulation failed: {state.message}</Notice>
      ) : null}
      {state.kind === 'done' ? (
        <>
          <p>
            Simulated {state.studied} studied and {state.newCards} new cards. Current desired
            retention: {current === null ? '—' : current.toFixed(2)}.
          </p>
          <RetentionChart outcomes={state.outcomes} current={current} />
          <details>
            <summary>Show the simulation as a table</summary>
            <RetentionTable outcomes={state.outcomes} />
          </details>
          <div className="field">
            <label htmlFor={selectId}>Desired retention</label>
            <select
              id={selectId}
              value={picked.toFixed(2)}
              onChange={(event) => setChoice(Number(event.target.value))}
            >
              {[...new Set([...RETENTION_GRID, ...(current === null ? [] : [current])])]
                .sort((a, b) => a - b)
                .map((r) => {
                  const outcome = state.outcomes.find(
                    (o) => Math.abs(o.desiredRetention - r) < 1e-9,
                  );
                  return (
                    <option key={r} value={r.toFixed(2)}>
                      {r.toFixed(2)}
                      {outcome
                        ? ` — ${outcome.averageReviewsPerDay.toFixed(1)} reviews a day, ${Math.round(outcome.knownAtEnd)} cards known`
                        : ''}
                    </option>
                  );
                })}
            </select>
          </div>
          <Button variant="primary" onClick={() => void save()}>
            Use this retention
          </Button>
          {saved ? <Notice tone="success">{saved}</Notice> : null}
        </>
      ) : null}
    </section>
  );
}

function RetentionTable({ outcomes }: { outcomes: RetentionOutcome[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>Simulated next 365 days for each desired retention</caption>
        <thead>
          <tr>
            <th scope="col">Desired retention</th>
            <th scope="col">Reviews per day (average)</th>
            <th scope="col">Reviews in the year</th>
            <th scope="col">Cards known after a year</th>
          </tr>
        </thead>
        <tbody>
          {outcomes.map((o) => (
            <tr key={o.desiredRetention}>
              <th scope="row">{o.desiredRetention.toFixed(2)}</th>
              <td>{o.averageReviewsPerDay.toFixed(1)}</td>
              <td>{o.totalReviews}</td>
              <td>{Math.round(o.knownAtEnd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const CHART = { width: 640, height: 280, left: 56, right: 64, top: 16, bottom: 44 };

/** Rounds a maximum up to a readable axis top (1, 2 or 5 × 10ⁿ). */
export function niceCeiling(x: number): number {
  if (!(x > 0)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(x)));
  const step = [1, 2, 5, 10].find((m) => m * power >= x) ?? 10;
  return step * power;
}

/**
 * Two lines over desired retention: average reviews a day (left axis) and cards known after a year (right axis),
 * with the current retention marked. Drawn as an SVG image; the table above is its text alternative.
 */
function RetentionChart({
  outcomes,
  current,
}: {
  outcomes: RetentionOutcome[];
  current: number | null;
}) {
  const titleId = useId();
  const descId = useId();
  if (outcomes.length === 0) return null;
  const { width, height, left, right, top, bottom } = CHART;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const rMin = outcomes[0]?.desiredRetention ?? 0.7;
  const rMax = outcomes[outcomes.length - 1]?.desiredRetention ?? 0.97;
  const x = (r: number) => left + ((r - rMin) / Math.max(1e-9, rMax - rMin)) * plotW;
  const reviewsTop = niceCeiling(Math.max(...outcomes.map((o) => o.averageReviewsPerDay)));
  const knownTop = niceCeiling(Math.max(...outcomes.map((o) => o.knownAtEnd)));
  const yReviews = (v: number) => top + plotH - (v / reviewsTop) * plotH;
  const yKnown = (v: number) => top + plotH - (v / knownTop) * plotH;
  const line = (pick: (o: RetentionOutcome) => number, y: (v: number) => number) =>
    outcomes.map((o) => `${x(o.desiredRetention).toFixed(1)},${y(pick(o)).toFixed(1)}`).join(' ');
  const xTicks = [0.7, 0.75, 0.8, 0.85, 0.9, 0.95].filter(
    (r) => r >= rMin - 1e-9 && r <= rMax + 1e-9,
  );
  // Axis tops are 1, 2 or 5 × 10ⁿ, so fifths give round ticks (0, 1, 2, 3, 4, 5 or 0, 0.4, 0.8, …).
  const yFractions = [0, 0.2, 0.4, 0.6, 0.8, 1];
  const lowest = outcomes[0];
  const highest = outcomes[outcomes.length - 1];
  return (
    <figure className="retention-chart">
      <svg
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={titleId}>Workload and cards known by desired retention</title>
        <desc id={descId}>
          {lowest && highest
            ? `From retention ${lowest.desiredRetention.toFixed(2)} to ${highest.desiredRetention.toFixed(2)}, reviews ` +
              `per day go from ${lowest.averageReviewsPerDay.toFixed(1)} to ${highest.averageReviewsPerDay.toFixed(1)} ` +
              `and cards known after a year from ${Math.round(lowest.knownAtEnd)} to ${Math.round(highest.knownAtEnd)}.`
            : ''}
        </desc>
        {yFractions.map((f) => (
          <g key={f}>
            <line
              x1={left}
              x2={left + plotW}
              y1={top + plotH * (1 - f)}
              y2={top + plotH * (1 - f)}
              stroke="#d4d4d8"
              strokeWidth={1}
            />
            <text
              x={left - 6}
              y={top + plotH * (1 - f) + 4}
              textAnchor="end"
              fontSize={11}
              fill="#1d4ed8"
            >
              {formatTick(reviewsTop * f)}
            </text>
            <text
              x={left + plotW + 6}
              y={top + plotH * (1 - f) + 4}
              textAnchor="start"
              fontSize={11}
              fill="#15803d"
            >
              {formatTick(knownTop * f)}
            </text>
          </g>
        ))}
        {xTicks.map((r) => (
          <text
            key={r}
            x={x(r)}
            y={top + plotH + 16}
            textAnchor="middle"
            fontSize={11}
            fill="currentColor"
          >
            {r.toFixed(2)}
          </text>
        ))}
        <text
          x={left + plotW / 2}
          y={height - 6}
          textAnchor="middle"
          fontSize={12}
          fill="currentColor"
        >
          Desired retention
        </text>
        {current !== null && current >= rMin && current <= rMax ? (
          <g>
            <line
              x1={x(current)}
              x2={x(current)}
              y1={top}
              y2={top + plotH}
              stroke="#71717a"
              strokeDasharray="4 3"
            />
            <text x={x(current) + 4} y={top + 10} fontSize={11} fill="currentColor">
              current
            </text>
          </g>
        ) : null}
        <polyline
          points={line((o) => o.averageReviewsPerDay, yReviews)}
          fill="none"
          stroke="#1d4ed8"
          strokeWidth={2}
        />
        <polyline
          points={line((o) => o.knownAtEnd, yKnown)}
          fill="none"
          stroke="#15803d"
          strokeWidth={2}
          strokeDasharray="6 3"
        />
      </svg>
      <figcaption>
        <span className="legend legend--reviews">
          Solid blue, left axis: reviews per day (average over the year).
        </span>{' '}
        <span className="legend legend--known">
          Dashed green, right axis: cards known after a year.
        </span>
      </figcaption>
    </figure>
  );
}

function formatTick(v: number): string {
  return v >= 1000 ? `${Math.round(v / 100) / 10}k` : String(Math.round(v * 10) / 10);
}

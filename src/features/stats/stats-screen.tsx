import { useId, useState } from 'react';
import type { CardCounts, Histogram, RetentionRow, StatsScreenData } from '../../domain/stats';
import { BarChart, type Bar } from '../../ui/charts/bar-chart';
import { CalendarHeatmap } from '../../ui/charts/calendar-heatmap';
import { ChartFigure } from '../../ui/charts/chart-figure';
import { Notice } from '../../ui/notice';
import { Stat } from '../../ui/stat';
import { useDb } from '../common/app-context';
import { monthName, percent, plural, shortDate } from './format';
import { useStats } from './use-stats';
import './stats.css';

export type StatsScreenProps = {
  /** The moment the stats are computed for (epoch ms); default: when the screen opens. */
  now?: number;
};

/** `/stats`: reviews per day and streaks, due forecast, true retention, card states and memory distributions. */
export function StatsScreen({ now: fixedNow }: StatsScreenProps = {}) {
  const db = useDb();
  const [now] = useState(() => fixedNow ?? Date.now());
  const [scopeId, setScopeId] = useState<string | null>(null);
  const stats = useStats(db, scopeId, now);
  const selectId = useId();

  return (
    <section aria-labelledby="stats-title" className="stats-screen">
      <h1 id="stats-title">Statistics</h1>
      {stats.status === 'error' && (
        <Notice tone="error">Could not read the review history: {stats.message}</Notice>
      )}
      {stats.status === 'loading' && <p role="status">Loading statistics…</p>}
      {stats.status === 'ready' && (
        <>
          {stats.value.scopes.length > 0 && (
            <div className="field">
              <label htmlFor={selectId}>Show statistics for</label>
              <select
                id={selectId}
                value={stats.value.scope.id}
                onChange={(event) => setScopeId(event.target.value)}
              >
                {stats.value.scopes.map((scope) => (
                  <option key={scope.id} value={scope.id}>
                    {scope.label}
                  </option>
                ))}
              </select>
            </div>
          )}
          <StatsSections data={stats.value.data} />
        </>
      )}
    </section>
  );
}

/** The screen's sections for computed data (separate so they can be rendered from any data source). */
export function StatsSections({ data }: { data: StatsScreenData }) {
  return (
    <>
      <HeatmapSection data={data} />
      <ForecastSection data={data} />
      <RetentionSection rows={data.retention} />
      <CountsSection counts={data.counts} />
      <MemorySection data={data} />
    </>
  );
}

function HeatmapSection({ data }: { data: StatsScreenData }) {
  const { heatmap } = data;
  return (
    <section aria-labelledby="stats-activity">
      <h2 id="stats-activity">Reviews in the past year</h2>
      <dl className="stats">
        <Stat label="Current streak" value={plural(heatmap.currentStreak, 'day')} />
        <Stat label="Longest streak" value={plural(heatmap.longestStreak, 'day')} />
        <Stat label="Reviews this year" value={heatmap.total} />
        <Stat label="Days studied" value={`${heatmap.activeDays} of ${heatmap.days.length}`} />
      </dl>
      <ChartFigure
        summary={`${plural(heatmap.total, 'review')} on ${plural(heatmap.activeDays, 'day')} in the past year; the busiest day had ${plural(heatmap.max, 'review')}.`}
        tableLabel="Reviews per month as a table"
        table={{
          columns: ['Month', 'Reviews', 'Days studied'],
          rows: heatmap.months.map((m) => [monthName(m.month), m.count, m.activeDays]),
        }}
      >
        <CalendarHeatmap days={heatmap.days} max={heatmap.max} />
      </ChartFigure>
    </section>
  );
}

function ForecastSection({ data }: { data: StatsScreenData }) {
  const { forecast } = data;
  const today = forecast.days[0]?.count ?? 0;
  const bars: Bar[] = forecast.days.map((d) => ({
    label: d.day === 0 ? 'Today' : shortDate(d.date),
    value: d.count,
  }));
  return (
    <section aria-labelledby="stats-forecast">
      <h2 id="stats-forecast">Due in the next 30 days</h2>
      <ChartFigure
        summary={`${plural(today, 'card')} due today${forecast.overdue > 0 ? ` (${forecast.overdue} overdue)` : ''}, ${plural(forecast.total, 'card')} in the next 30 days, ${forecast.later} later.`}
        tableLabel="Cards due per day as a table"
        table={{
          columns: ['Day', 'Cards due'],
          rows: forecast.days.map((d, i) => [
            i === 0 ? `Today (${shortDate(d.date)})` : shortDate(d.date),
            d.count,
          ]),
        }}
      >
        <BarChart bars={bars} />
      </ChartFigure>
    </section>
  );
}

const PERIOD_NAMES: Record<RetentionRow['period'], string> = {
  today: 'Today',
  week: 'Last 7 days',
  month: 'Last 30 days',
};

function RetentionSection({ rows }: { rows: RetentionRow[] }) {
  const month = rows[rows.length - 1];
  return (
    <section aria-labelledby="stats-retention">
      <h2 id="stats-retention">True retention</h2>
      <p>
        The share of review answers that were not Again, for cards in review (learning steps are not
        counted). Young cards have an interval under 21 days, mature cards 21 days or more.
        {month && month.total.retention !== null && (
          <> Over the last 30 days: {percent(month.total.retention)}.</>
        )}
      </p>
      {/* Focusable so keyboard users can scroll it sideways on a phone. */}
      <div
        className="table-wrap"
        role="region"
        aria-label="True retention, scrollable"
        tabIndex={0}
      >
        <table className="retention-table">
          <caption className="visually-hidden">True retention</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Period
              </th>
              <th scope="colgroup" colSpan={3}>
                Young
              </th>
              <th scope="colgroup" colSpan={3}>
                Mature
              </th>
              <th scope="colgroup" colSpan={3}>
                Total
              </th>
            </tr>
            <tr>
              {['young', 'mature', 'total'].flatMap((group) =>
                ['Passed', 'Failed', 'Retention'].map((column) => (
                  <th key={`${group}-${column}`} scope="col" className="num">
                    {column}
                  </th>
                )),
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.period}>
                <th scope="row">{PERIOD_NAMES[row.period]}</th>
                {[row.young, row.mature, row.total].flatMap((cell, i) => [
                  <td key={`${i}-p`} className="num">
                    {cell.passed}
                  </td>,
                  <td key={`${i}-f`} className="num">
                    {cell.failed}
                  </td>,
                  <td key={`${i}-r`} className="num">
                    {percent(cell.retention)}
                  </td>,
                ])}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const STATE_ROWS: { key: Exclude<keyof CardCounts, 'total'>; label: string; tone: Bar['tone'] }[] =
  [
    { key: 'new', label: 'New', tone: 'new' },
    { key: 'learning', label: 'Learning', tone: 'learning' },
    { key: 'review', label: 'Review', tone: 'review' },
    { key: 'relearning', label: 'Relearning', tone: 'relearning' },
    { key: 'suspended', label: 'Suspended', tone: 'muted' },
  ];

function CountsSection({ counts }: { counts: CardCounts }) {
  const share = (n: number) => (counts.total === 0 ? '—' : percent(n / counts.total, 0));
  return (
    <section aria-labelledby="stats-counts">
      <h2 id="stats-counts">Cards by state</h2>
      <ChartFigure
        summary={`${plural(counts.total, 'card')}: ${STATE_ROWS.map((s) => `${counts[s.key]} ${s.label.toLowerCase()}`).join(', ')}.`}
        tableLabel="Cards by state as a table"
        table={{
          columns: ['State', 'Cards', 'Share'],
          rows: STATE_ROWS.map((s) => [s.label, counts[s.key], share(counts[s.key])]),
        }}
      >
        <BarChart
          bars={STATE_ROWS.map((s) => ({ label: s.label, value: counts[s.key], tone: s.tone }))}
        />
      </ChartFigure>
    </section>
  );
}

function HistogramFigure({
  histogram,
  what,
  formatMean,
}: {
  histogram: Histogram;
  what: string;
  formatMean: (mean: number) => string;
}) {
  return (
    <ChartFigure
      summary={
        histogram.mean === null
          ? `No reviewed cards yet, so no ${what} to show.`
          : `${plural(histogram.count, 'reviewed card')}; average ${what} ${formatMean(histogram.mean)}.`
      }
      tableLabel={`Cards by ${what} as a table`}
      table={{
        columns: [what[0]!.toUpperCase() + what.slice(1), 'Cards'],
        rows: histogram.bins.map((b) => [b.label, b.count]),
      }}
    >
      <BarChart
        bars={histogram.bins.map((b) => ({ label: b.label, value: b.count }))}
        labelEvery={histogram.bins.length > 9 ? 3 : 1}
      />
    </ChartFigure>
  );
}

function MemorySection({ data }: { data: StatsScreenData }) {
  const { stability, difficulty, retrievability } = data.distributions;
  return (
    <section aria-labelledby="stats-memory">
      <h2 id="stats-memory">Memory</h2>
      <h3>Stability</h3>
      <p className="muted">How many days it takes for recall to fall to 90 %.</p>
      <HistogramFigure
        histogram={stability}
        what="stability"
        formatMean={(m) => `${m.toFixed(1)} days`}
      />
      <h3>Difficulty</h3>
      <p className="muted">FSRS difficulty from 1 (easiest) to 10 (hardest).</p>
      <HistogramFigure histogram={difficulty} what="difficulty" formatMean={(m) => m.toFixed(2)} />
      <h3>Retrievability</h3>
      <p className="muted">The predicted chance of recalling each card right now.</p>
      <HistogramFigure
        histogram={retrievability}
        what="retrievability"
        formatMean={(m) => percent(m)}
      />
    </section>
  );
}

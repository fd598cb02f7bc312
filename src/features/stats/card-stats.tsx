import { useState, type ReactNode } from 'react';
import { DAY_MS, type CurvePoint } from '../../domain/stats';
import type { CardStatsData } from '../../services';
import { ChartFigure } from '../../ui/charts/chart-figure';
import { LineChart, type LineMarker, type LinePoint, type Tick } from '../../ui/charts/line-chart';
import { Notice } from '../../ui/notice';
import { Stat } from '../../ui/stat';
import { useDb } from '../common/app-context';
import { dateTime, days, localDate, percent, RATING_NAMES } from './format';
import { useCardStats } from './use-stats';

export type CardStatsProps = {
  cardId: string;
  /** The moment R is computed for (epoch ms); default: when the component mounts. */
  now?: number;
  /** Level of the component's headings ("Review history", "Forgetting curve"); default 2. */
  headingLevel?: 2 | 3 | 4;
  /** Entries (`Stat`s) shown first in the summary list, e.g. the card's state on the Browse card-info page. */
  extraStats?: ReactNode;
};

/**
 * A card's review history (D, S after each answer and R at each answer) and its forgetting curve. Reads the card
 * and its log itself (live), so the Browse card-info page embeds it with just the card id.
 */
export function CardStats({ cardId, now: fixedNow, headingLevel = 2, extraStats }: CardStatsProps) {
  const db = useDb();
  const [now] = useState(() => fixedNow ?? Date.now());
  const stats = useCardStats(db, cardId, now);
  if (stats.status === 'loading') return <p role="status">Loading the card's history…</p>;
  if (stats.status === 'error') {
    return <Notice tone="error">Could not read the card's history: {stats.message}</Notice>;
  }
  if (stats.value === null) return <Notice tone="warning">This card no longer exists.</Notice>;
  return (
    <CardStatsView
      data={stats.value}
      now={now}
      headingLevel={headingLevel}
      extraStats={extraStats}
    />
  );
}

export type CardStatsViewProps = {
  data: CardStatsData;
  now: number;
  headingLevel?: 2 | 3 | 4;
  extraStats?: ReactNode;
};

/** {@link CardStats} for already-loaded data (props only). */
export function CardStatsView({ data, now, headingLevel = 2, extraStats }: CardStatsViewProps) {
  const Heading = `h${headingLevel}` as const;
  const { card, history, retrievability } = data;
  const answers = history.filter((h) => h.rating !== 0).length;
  return (
    <div className="card-stats">
      <dl className="stats">
        {extraStats}
        <Stat label="Retrievability now" value={percent(retrievability)} />
        <Stat
          label="Stability"
          value={retrievability === null ? '—' : days(card.memory.stability)}
        />
        <Stat
          label="Difficulty"
          value={retrievability === null ? '—' : card.memory.difficulty.toFixed(2)}
        />
        <Stat
          label="Due"
          value={card.memory.phase === 'new' ? 'New' : localDate(card.memory.due)}
        />
        <Stat label="Answers" value={answers} />
        <Stat label="Lapses" value={card.memory.lapses} />
      </dl>
      <Heading>Review history</Heading>
      {history.length === 0 ? (
        <p>Not reviewed yet.</p>
      ) : (
        <div
          className="table-wrap"
          role="region"
          aria-label="Review history, scrollable"
          tabIndex={0}
        >
          <table>
            {/* "Every answer to this card" also names the table in the browser suite (Browse card info). */}
            <caption className="visually-hidden">
              Review history. Every answer to this card, oldest first: difficulty and stability
              after it, retrievability when answered
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Answer</th>
                <th scope="col" className="num">
                  R when answered
                </th>
                <th scope="col" className="num">
                  D after
                </th>
                <th scope="col" className="num">
                  S after
                </th>
                <th scope="col" className="num">
                  Interval
                </th>
                <th scope="col" className="num">
                  Time taken
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <th scope="row">{dateTime(h.reviewedAt)}</th>
                  <td>
                    {RATING_NAMES[h.rating]}
                    {h.kind === 'quiz' ? ' (quiz)' : ''}
                    {/* A reset is no step: only answers say which step they were. */}
                    {h.rating !== 0 &&
                    (h.phaseBefore === 'learning' || h.phaseBefore === 'relearning')
                      ? ` (${h.phaseBefore} step)`
                      : ''}
                  </td>
                  <td className="num">{percent(h.retrievability)}</td>
                  <td className="num">{h.rating === 0 ? '—' : h.difficulty.toFixed(2)}</td>
                  <td className="num">{h.rating === 0 ? '—' : days(h.stability)}</td>
                  <td className="num">{h.rating === 0 ? '—' : days(h.intervalDays)}</td>
                  <td className="num">
                    {h.rating === 0 ? '—' : `${Math.round(h.durationMs / 1000)} s`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Heading>Forgetting curve</Heading>
      <ForgettingCurveFigure data={data} now={now} />
    </div>
  );
}

function ForgettingCurveFigure({ data, now }: { data: CardStatsData; now: number }) {
  const { curve, desiredRetention } = data;
  if (curve.segments.length === 0 || curve.now === null || curve.atDue === null) {
    return <p>The curve appears after the card's first answer.</p>;
  }
  const markers: LineMarker[] = curve.answers.map((a) => ({
    x: a.time,
    y: a.retrievability,
    tone: a.rating === 1 ? 'again' : 'accent',
    label: `${dateTime(a.time)}: ${RATING_NAMES[a.rating]} at ${percent(a.retrievability)}`,
  }));
  markers.push({
    x: curve.now.time,
    y: curve.now.retrievability,
    tone: 'now',
    label: `Now: ${percent(curve.now.retrievability)}`,
  });
  const xTicks: Tick[] = [
    { value: curve.start, label: localDate(curve.start) },
    { value: curve.end, label: localDate(curve.end) },
  ];
  const span = curve.end - curve.start;
  // A middle tick for "now" when it does not crowd the ends.
  if (span > 0 && now - curve.start > span * 0.2 && curve.end - now > span * 0.2) {
    xTicks.splice(1, 0, { value: now, label: 'now' });
  }
  // Zoom the y axis onto the range the curve uses (R rarely falls far below the desired retention), in 10 % steps.
  const lowest = Math.min(
    desiredRetention,
    ...curve.segments.flatMap((segment) => segment.map((p) => p.retrievability)),
  );
  const yMin = Math.max(0, Math.floor((lowest - 0.05) * 10) / 10);
  const yTicks: Tick[] = [yMin, (yMin + 1) / 2, 1].map((value) => ({
    value,
    label: percent(value, 0),
  }));
  return (
    <ChartFigure
      summary={`Retrievability is ${percent(curve.now.retrievability)} now and will be ${percent(curve.atDue.retrievability)} on the due date, ${localDate(curve.atDue.time)}. Each answer resets it to 100 %; it then decays more slowly as stability grows.`}
      tableLabel="Retrievability at each answer as a table"
      table={{
        columns: ['Moment', 'Retrievability'],
        rows: [
          ...curve.answers.map((a) => [
            `${dateTime(a.time)} (${RATING_NAMES[a.rating]})`,
            percent(a.retrievability),
          ]),
          [`Now (${dateTime(curve.now.time)})`, percent(curve.now.retrievability)],
          [`Due (${localDate(curve.atDue.time)})`, percent(curve.atDue.retrievability)],
        ],
      }}
    >
      <LineChart
        lines={curveLines(curve.segments, curve.now)}
        markers={markers}
        xDomain={[curve.start, Math.max(curve.end, curve.start + DAY_MS)]}
        yDomain={[yMin, 1]}
        xTicks={xTicks}
        yTicks={yTicks}
        guide={desiredRetention}
      />
      <ul className="chart__legend">
        <li>
          <span className="chart__swatch" />
          Answer
        </li>
        <li>
          <span className="chart__swatch chart__swatch--again" />
          Again
        </li>
        <li>
          <span className="chart__swatch chart__swatch--now" />
          Now
        </li>
        <li>Dashed line: desired retention ({percent(desiredRetention, 0)})</li>
      </ul>
    </ChartFigure>
  );
}

/** The curve's segments as chart lines; the part after now is a dashed projection. */
function curveLines(
  segments: CardStatsData['curve']['segments'],
  now: CurvePoint,
): { points: LinePoint[]; dashed?: boolean }[] {
  const toLine = (points: CurvePoint[]) => points.map((p) => ({ x: p.time, y: p.retrievability }));
  return segments.flatMap((segment) => {
    const past = segment.filter((p) => p.time <= now.time);
    const future = segment.filter((p) => p.time > now.time);
    if (future.length === 0) return [{ points: toLine(past) }];
    if (past.length === 0) return [{ points: toLine(future), dashed: true }];
    return [{ points: toLine([...past, now]) }, { points: toLine([now, ...future]), dashed: true }];
  });
}

export type HeatmapCell = {
  /** `YYYY-MM-DD`. */
  date: string;
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
  count: number;
};

export type CalendarHeatmapProps = {
  /** Consecutive days, oldest first. */
  days: HeatmapCell[];
  /** The busiest day's count, for the shades. */
  max: number;
};

const CELL = 12;
const GAP = 2;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Shade 0 for no reviews, then 1–4 by quarters of the busiest day. */
export function heatmapLevel(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((count / max) * 4)));
}

/**
 * A calendar heatmap: one column per week (Sunday at the top), one square per day. The squares scale with the
 * width (no text inside); the month names above use percentage positions so they keep their size.
 */
export function CalendarHeatmap({ days, max }: CalendarHeatmapProps) {
  const offset = days[0]?.weekday ?? 0;
  const weeks = Math.max(1, Math.ceil((days.length + offset) / 7));
  const width = weeks * CELL;
  const months: { label: string; week: number }[] = [];
  days.forEach((day, i) => {
    if (day.date.endsWith('-01')) {
      months.push({
        label: MONTHS[Number(day.date.slice(5, 7)) - 1] ?? '',
        week: Math.floor((i + offset) / 7),
      });
    }
  });
  // Name the partial first month too when there is room before the next month's label.
  const first = days[0];
  if (first && !first.date.endsWith('-01') && (months[0]?.week ?? weeks) >= 3) {
    months.unshift({ label: MONTHS[Number(first.date.slice(5, 7)) - 1] ?? '', week: 0 });
  }
  return (
    <div className="heatmap">
      <svg className="chart__svg" width="100%" height="16" focusable="false">
        {months.map((m) => (
          <text
            key={`${m.label}-${m.week}`}
            className="chart__label"
            x={`${(m.week / weeks) * 100}%`}
            y="12"
          >
            {m.label}
          </text>
        ))}
      </svg>
      <svg
        className="chart__svg heatmap__grid"
        viewBox={`0 0 ${width} ${7 * CELL}`}
        width="100%"
        focusable="false"
      >
        {days.map((day, i) => {
          const cell = i + offset;
          return (
            <rect
              key={day.date}
              className={`heatmap__cell heatmap__cell--${heatmapLevel(day.count, max)}`}
              x={Math.floor(cell / 7) * CELL}
              y={(cell % 7) * CELL}
              width={CELL - GAP}
              height={CELL - GAP}
              rx="2"
            >
              <title>{`${day.date}: ${day.count} ${day.count === 1 ? 'review' : 'reviews'}`}</title>
            </rect>
          );
        })}
      </svg>
    </div>
  );
}

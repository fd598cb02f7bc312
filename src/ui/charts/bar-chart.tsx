export type BarTone = 'accent' | 'new' | 'learning' | 'review' | 'relearning' | 'again' | 'muted';

export type Bar = {
  label: string;
  value: number;
  tone?: BarTone;
};

export type BarChartProps = {
  bars: Bar[];
  /** Pixel height of the drawing. */
  height?: number;
  /** Label every n-th bar (the first and last are always labelled); default: all when ≤ 12 bars, else every 7th. */
  labelEvery?: number;
  /** Print each bar's value above it; default when there are at most 12 bars. */
  showValues?: boolean;
  formatValue?: (value: number) => string;
};

const TOP = 16;
const BOTTOM = 20;

/**
 * Vertical bars. Widths and x positions are percentages of the SVG's width, so the chart fills a phone or a desktop
 * column while its text keeps its size (a scaled viewBox would shrink the labels on a phone).
 */
export function BarChart({
  bars,
  height = 160,
  labelEvery,
  showValues,
  formatValue = String,
}: BarChartProps) {
  const n = Math.max(1, bars.length);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plot = height - TOP - BOTTOM;
  const every = labelEvery ?? (bars.length <= 12 ? 1 : 7);
  const values = showValues ?? bars.length <= 12;
  const slot = 100 / n;
  const gap = Math.min(slot * 0.15, 1);
  return (
    <svg className="chart__svg" width="100%" height={height} focusable="false">
      <line className="chart__grid" x1="0" x2="100%" y1={TOP} y2={TOP} />
      <text className="chart__label" x="0" y={TOP - 4}>
        {formatValue(max)}
      </text>
      <line className="chart__axis" x1="0" x2="100%" y1={TOP + plot} y2={TOP + plot} />
      {bars.map((bar, i) => {
        const h = (bar.value / max) * plot;
        const x = i * slot + gap;
        const center = `${(i + 0.5) * slot}%`;
        // The last bar is labelled too unless that would crowd the previous label.
        const labelled =
          i % every === 0 || (i === bars.length - 1 && i % every >= Math.ceil(every / 2));
        return (
          <g key={`${bar.label}-${i}`}>
            <rect
              className={`chart__bar chart__bar--${bar.tone ?? 'accent'}`}
              x={`${x}%`}
              width={`${Math.max(0.1, slot - 2 * gap)}%`}
              y={TOP + plot - h}
              height={h}
            >
              <title>{`${bar.label}: ${formatValue(bar.value)}`}</title>
            </rect>
            {values && bar.value > 0 && (
              <text className="chart__value" x={center} y={TOP + plot - h - 3} textAnchor="middle">
                {formatValue(bar.value)}
              </text>
            )}
            {labelled && (
              <text
                className="chart__label"
                x={center}
                y={height - 5}
                textAnchor={i === 0 && n > 12 ? 'start' : i === n - 1 && n > 12 ? 'end' : 'middle'}
              >
                {bar.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

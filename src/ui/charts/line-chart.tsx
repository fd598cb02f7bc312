export type LinePoint = { x: number; y: number };

export type LineMarker = LinePoint & {
  /** 'again' marks a failed answer, 'now' the present moment. */
  tone?: 'accent' | 'again' | 'now';
  /** Shown on hover. */
  label: string;
};

export type Tick = { value: number; label: string };

export type LineChartProps = {
  lines: { points: LinePoint[]; dashed?: boolean }[];
  markers?: LineMarker[];
  xDomain: [number, number];
  yDomain: [number, number];
  xTicks: Tick[];
  yTicks: Tick[];
  /** A dashed horizontal reference line (e.g. the desired retention). */
  guide?: number;
  height?: number;
};

const W = 1000;
const H = 1000;
const Y_AXIS = 44;

/**
 * Lines over a numeric x axis. The plot stretches to any width (viewBox with preserveAspectRatio="none"; strokes
 * and dots keep their size through vector-effect), and the axis labels sit in their own unscaled SVGs.
 */
export function LineChart({
  lines,
  markers = [],
  xDomain,
  yDomain,
  xTicks,
  yTicks,
  guide,
  height = 180,
}: LineChartProps) {
  const [x0, x1] = xDomain;
  const [y0, y1] = yDomain;
  const sx = (x: number) => (x1 === x0 ? 0 : ((x - x0) / (x1 - x0)) * W);
  const sy = (y: number) => (y1 === y0 ? H : (1 - (y - y0) / (y1 - y0)) * H);
  const fmt = (n: number) => n.toFixed(1);
  return (
    <div className="line-chart">
      <svg className="chart__svg line-chart__y" width={Y_AXIS} height={height} focusable="false">
        {yTicks.map((tick) => (
          <text
            key={tick.value}
            className="chart__label"
            x={Y_AXIS - 6}
            y={Math.min(height - 2, Math.max(10, (sy(tick.value) / H) * height + 4))}
            textAnchor="end"
          >
            {tick.label}
          </text>
        ))}
      </svg>
      <div className="line-chart__main">
        <svg
          className="chart__svg"
          viewBox={`0 0 ${W} ${H}`}
          preserveAspectRatio="none"
          width="100%"
          height={height}
          focusable="false"
        >
          {yTicks.map((tick) => (
            <line
              key={tick.value}
              className="chart__grid"
              x1="0"
              x2={W}
              y1={sy(tick.value)}
              y2={sy(tick.value)}
            />
          ))}
          <line className="chart__axis" x1="0" x2="0" y1="0" y2={H} />
          {guide !== undefined && (
            <line className="line-chart__target" x1="0" x2={W} y1={sy(guide)} y2={sy(guide)} />
          )}
          {lines.map((line, i) => (
            <polyline
              key={i}
              className={`line-chart__line${line.dashed ? ' line-chart__line--projection' : ''}`}
              points={line.points.map((p) => `${fmt(sx(p.x))},${fmt(sy(p.y))}`).join(' ')}
            />
          ))}
          {markers.map((m, i) => (
            <line
              key={i}
              className={`line-chart__marker line-chart__marker--${m.tone ?? 'accent'}`}
              x1={sx(m.x)}
              x2={sx(m.x)}
              y1={sy(m.y)}
              y2={sy(m.y)}
            >
              <title>{m.label}</title>
            </line>
          ))}
        </svg>
        <svg className="chart__svg" width="100%" height="18" focusable="false">
          {xTicks.map((tick, i) => (
            <text
              key={tick.value}
              className="chart__label"
              x={`${(sx(tick.value) / W) * 100}%`}
              y="13"
              textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}
            >
              {tick.label}
            </text>
          ))}
        </svg>
      </div>
    </div>
  );
}

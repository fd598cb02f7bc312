export type ProgressBarProps = {
  value: number;
  max: number;
  /** Accessible name of the bar ("Session progress"). */
  label: string;
  /** Visible text beside the bar ("3 of 20"); defaults to "value of max". */
  text?: string;
};

/** A native `<progress>` (announced by screen readers) with its text. */
export function ProgressBar({ value, max, label, text }: ProgressBarProps) {
  const safeMax = Math.max(1, max);
  const safeValue = Math.min(Math.max(0, value), safeMax);
  return (
    <div className="progress">
      <progress className="progress__bar" aria-label={label} value={safeValue} max={safeMax} />
      <span className="progress__text">{text ?? `${value} of ${max}`}</span>
    </div>
  );
}

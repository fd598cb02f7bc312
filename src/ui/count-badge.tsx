export type CountTone = 'new' | 'learning' | 'review' | 'neutral';

export type CountBadgeProps = {
  /** What is counted, read out with the number ("12 new"). */
  label: string;
  count: number;
  tone?: CountTone;
};

/** A number with its meaning, coloured by card state; the label stays in the text for screen readers. */
export function CountBadge({ label, count, tone = 'neutral' }: CountBadgeProps) {
  return (
    <span className={`count-badge count-badge--${tone}${count === 0 ? ' count-badge--zero' : ''}`}>
      <span className="count-badge__number">{count}</span>{' '}
      <span className="count-badge__label">{label}</span>
    </span>
  );
}

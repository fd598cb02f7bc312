import { useId } from 'react';

/**
 * The chapter-readiness block on Today before it can show anything: its heading and a line of reserved height
 * (today.css), while the block's code loads and while readiness is computed. One placeholder for both, so the block
 * does not change shape between them.
 */
export function ReadinessPending() {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Chapter readiness</h2>
      <p role="status" className="readiness-pending muted">
        Working out how ready each chapter is…
      </p>
    </section>
  );
}

import { Link } from 'react-router-dom';
import type { Grade } from '../../services';
import { Button } from '../../ui/button';

/** What this session did, kept by the screen (undone answers are taken back out). */
export type SessionTally = {
  answered: number;
  grades: Record<Grade, number>;
  logIds: { id: string; grade: Grade }[];
};

const NAMES: Record<Grade, string> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' };

type Props = {
  tally: SessionTally;
  nextLearningDue: number | null;
  onCheckAgain: () => void;
};

/** The end of a session: how many cards, how they went, and when learning cards come back. */
export function SessionSummary({ tally, nextLearningDue, onCheckAgain }: Props) {
  const grades = [1, 2, 3, 4] as const;
  const recalled = tally.answered - tally.grades[1];
  return (
    <section aria-labelledby="summary-title" className="review__summary">
      <h2 id="summary-title">
        {tally.answered > 0 ? 'Session complete' : 'Nothing to review right now'}
      </h2>
      {tally.answered > 0 ? (
        <>
          <p>
            You answered {tally.answered} {tally.answered === 1 ? 'card' : 'cards'} and recalled{' '}
            {recalled} of them ({Math.round((recalled / tally.answered) * 100)}%).
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Answers by button</caption>
              <thead>
                <tr>
                  {grades.map((g) => (
                    <th key={g} scope="col" className="num">
                      {NAMES[g]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  {grades.map((g) => (
                    <td key={g} className="num">
                      {tally.grades[g]}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>All cards due so far are done.</p>
      )}
      {nextLearningDue !== null && (
        <p>
          A learning card comes back at{' '}
          {new Date(nextLearningDue).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
          . <Button onClick={onCheckAgain}>Check again</Button>
        </p>
      )}
      <p className="actions">
        <Link to="/">Back to Today</Link>
        <Link to="/browse">Browse cards</Link>
      </p>
    </section>
  );
}

import { Link } from 'react-router-dom';
import { readinessPercent, type QuizResult, type QuizSession } from '../../services';
import { Markdown } from '../../ui/markdown';
import { snippet } from '../common/format';

const pct = (fraction: number) => `${readinessPercent(fraction)}%`;

/** The end of a chapter quiz: score, verdict (with the exercises when ready) and the missed cards with answers. */
export function QuizResultView({
  session,
  result,
  onRetake,
}: {
  session: QuizSession;
  result: QuizResult;
  onRetake: () => void;
}) {
  const { deck } = session;
  const chapterName = (deckId: string) => {
    const d = session.deckTitles[deckId];
    return d ? `Chapter ${d.chapter}: ${d.title}` : deckId;
  };
  const { verdict } = result;
  return (
    <section aria-labelledby="quiz-result-title" className="quiz-result">
      <h2 id="quiz-result-title">Quiz result</h2>
      <p className="quiz-result__score">
        Score: {result.recalled} of {result.answered} recalled
        {result.score !== null && ` (${pct(result.score)})`}
      </p>
      {result.chapter.share !== null && (
        <p>
          This chapter’s cards: {result.chapter.recalled} of {result.chapter.answered} recalled on
          the first try ({pct(result.chapter.share)}); the bar is your desired retention,{' '}
          {pct(session.desiredRetention)}.
        </p>
      )}

      {verdict.kind === 'ready' && (
        <div className="quiz-result__verdict quiz-result__verdict--ready" role="status">
          <h3>Ready for the exercises</h3>
          {verdict.exercises.items.length === 0 && !verdict.exercises.folder ? (
            <p>This chapter lists no exercises.</p>
          ) : (
            <>
              {verdict.exercises.folder && <p>In {verdict.exercises.folder}:</p>}
              <ul aria-label="Exercises">
                {verdict.exercises.items.map((item) => (
                  <li key={item}>
                    <Markdown source={item} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {verdict.kind === 'review-first' && (
        <div className="quiz-result__verdict quiz-result__verdict--review" role="status">
          <h3>Review these first</h3>
          <p>
            Fewer of this chapter’s cards were recalled than your desired retention: go over these
            before the exercises.
          </p>
          {verdict.reviewFirst.map((group) => (
            <div key={group.deckId}>
              <h4>{chapterName(group.deckId)}</h4>
              <ul>
                {group.cards.map((c) => (
                  <li key={c.cardId}>{snippet(c.front) || c.cardId}</li>
                ))}
              </ul>
            </div>
          ))}
          <p>
            <Link to={`/review/${encodeURIComponent(deck.id)}`}>Study this chapter</Link>
          </p>
        </div>
      )}
      {verdict.kind === 'not-measured' && (
        <div className="quiz-result__verdict" role="status">
          <h3>Not measured</h3>
          <p>
            No card of this chapter was answered, so the quiz cannot tell whether you are ready.
          </p>
        </div>
      )}

      <h3>Missed cards ({result.missed.length})</h3>
      {result.missed.length === 0 ? (
        <p>None — every card was recalled.</p>
      ) : (
        <ul className="quiz-missed" aria-label="Missed cards">
          {result.missed.map((m) => (
            <li key={m.cardId} className="quiz-missed__item">
              <div className="muted">{chapterName(m.deckId)}</div>
              <Markdown source={m.front} />
              <p>
                <strong>Answer:</strong>
              </p>
              {m.back.trim() === '' ? (
                <p className="muted">No answer is written in the notes for this card.</p>
              ) : (
                <Markdown source={m.back} />
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="actions">
        <Link to={`/decks/${encodeURIComponent(deck.id)}`}>Back to the chapter</Link>
        <button type="button" className="button button--secondary" onClick={onRetake}>
          Take the quiz again
        </button>
      </p>
    </section>
  );
}
